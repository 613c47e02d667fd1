"""The events list is written straight from two SQL queries (accords.api.lean) for speed; its
answer is byte for byte what EventSerializer and REST framework's paginator and JSON renderer
give, for every event, in every order, on SQLite and on PostgreSQL."""

from datetime import date

import pytest
from django.core.management import call_command
from rest_framework.renderers import JSONRenderer

from accords.api import lean
from accords.api.serializers import (
    EventSerializer,
    MembershipEventSerializer,
    membership_event_item,
)
from accords.models import Event

from .conftest import build_once, load_seed
from .factories import make_event, make_membership

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

    events = Event.objects.order_by("date", "id")
    items = lean.items(lean.Compiled(events, lean.text_columns()).rows())

    assert items == [dict(item) for item in expected]
    assert any(item["sources"][0]["published_on"] for item in items)
    assert any(item["sources"][0]["published_on"] is None for item in items)


#: Everything JSON escapes, and text outside ASCII (kept as it is, as REST framework does; the
#: line and paragraph separators escaped, as REST framework does).
AWKWARD = 'quote " backslash \\ slash / tab \t newline \n cr \r \x01\x1f\x7f é ب 𝄞 \u2028 \u2029'


def expected_page(events, count, next_link=None):
    data = EventSerializer(events, many=True).data
    return JSONRenderer().render(
        {"count": count, "next": next_link, "previous": None, "results": data}
    )


def test_the_page_is_byte_for_byte_what_rest_framework_renders(client, seeded):
    membership = make_membership(country="FR")
    make_event(
        membership,
        kind="announced",
        on=date(1999, 1, 2),
        title=AWKWARD,
        place=AWKWARD[::-1],
        notes=AWKWARD * 2,
        sources=[
            {
                "url": 'https://example.org/a?q="x"&y=é',
                "title": AWKWARD,
                "publisher": 'Pub \\ "lisher"',
                "archived_url": "https://web.archive.org/web/2020/https://example.org/a",
                "published_on": date(1998, 12, 31),
                "copy_of": "Reuters",
                "secondary": True,
                "language": "ar",
            },
            {"url": "https://example.org/b", "title": "ب", "publisher": "P"},
        ],
    )
    events = Event.objects.select_related("membership__accord").prefetch_related("sources")

    response = client.get("/api/events/", {"page_size": 5})

    assert response["Content-Type"] == "application/json"
    assert response.content == expected_page(
        events.order_by("date", "id")[:5],
        Event.objects.count(),
        "http://testserver/api/events/?page=2&page_size=5",
    )
    assert response.json()["results"][0]["title"] == AWKWARD
    assert b"\\u2028" in response.content and "\u2028".encode() not in response.content


def test_filtered_and_ordered_pages_are_what_rest_framework_renders(client, seeded):
    events = Event.objects.select_related("membership__accord").prefetch_related("sources")
    signed = events.filter(kind="signed").order_by("-date", "id")

    for _twice in range(2):  # the second time from the SQL kept for the same values
        response = client.get("/api/events/", {"kind": "signed", "ordering": "-date,id"})
        assert response.content == expected_page(signed, signed.count())
    other = client.get("/api/events/", {"kind": "announced", "ordering": "-date,id"}).json()
    assert {item["kind"] for item in other["results"]} == {"announced"}


def test_a_bad_value_is_refused_every_time(client, seeded):
    for _twice in range(2):
        response = client.get("/api/events/", {"kind": "nope"})
        assert response.status_code == 400
        assert "kind" in response.json()


def test_json_with_an_indent_is_still_indented(client, seeded):
    response = client.get("/api/events/", HTTP_ACCEPT="application/json; indent=2")
    assert response.status_code == 200
    assert response.content.startswith(b'{\n  "count": ')


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
