"""The events list is built from plain rows (accords.api.serializers.event_list_items) for
speed; its items are exactly what EventSerializer gives, for every event, in every order."""

import pytest
from django.core.management import call_command

from accords.api.serializers import (
    EventSerializer,
    MembershipEventSerializer,
    event_list_items,
    event_list_rows,
    membership_event_item,
)
from accords.models import Event

from .conftest import build_once, load_seed

pytestmark = pytest.mark.django_db


def seed_and_demo_data():
    load_seed("abraham-accords")
    call_command("generate_demo_data", events=400, accords=2, states=10, no_progress=True)


@pytest.fixture
def many(db):
    """The seed and 400 demo events, made by the command once a session, restored after."""
    build_once(("lean-lists-demo",), seed_and_demo_data)


def test_lean_items_equal_the_serializer_for_every_event(many):
    events = Event.objects.select_related("membership__accord").prefetch_related("sources")
    expected = EventSerializer(events.order_by("date", "id"), many=True).data

    lean = event_list_items(event_list_rows(Event.objects.order_by("date", "id")))

    assert lean == [dict(item) for item in expected]
    assert any(item["sources"][0]["published_on"] for item in lean)
    assert any(item["sources"][0]["published_on"] is None for item in lean)


@pytest.mark.parametrize(
    "query",
    ["", "?ordering=-date", "?ordering=country,date&page_size=500", "?accord=demo-0001&page=2"],
)
def test_every_list_item_equals_its_detail(client, many, query):
    items = client.get("/api/events/" + query).json()["results"]
    assert items
    for item in items[:: max(1, len(items) // 10)]:
        assert client.get(f"/api/events/{item['id']}/").json() == item


def test_whole_csv_lists_every_event_with_its_sources(client, many):
    response = client.get("/api/events/?format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + Event.objects.count()
    assert all(line.count(",") >= 9 for line in lines[1:])


def test_membership_events_equal_the_documented_serializer(seeded):
    for event in Event.objects.prefetch_related("sources"):
        assert membership_event_item(event) == MembershipEventSerializer(event).data
