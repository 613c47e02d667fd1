"""Events of one day are listed in one order everywhere (accords.status.event_sort_key and
Event.objects.in_timeline_order): the signing before the relations it led to, whichever an
editor recorded first."""

from datetime import date

import pytest
from django.urls import reverse

from accords.models import Event
from accords.status import event_sort_key

from .factories import make_accord, make_event, make_membership

pytestmark = pytest.mark.django_db

DAY = date(2020, 9, 15)
RELATIONS = "Relations established on the day of the signing"
SIGNED = "Signed at the White House"


@pytest.fixture
def same_day():
    """A state that signed and established relations on one day, the relations recorded
    first (so a list in id order would put them first)."""
    accord = make_accord(slug="abraham-accords", name="Abraham Accords")
    membership = make_membership(accord, country="AE")
    make_event(membership, "announced", date(2020, 8, 13), title="Announced")
    make_event(membership, "relations_established", DAY, title=RELATIONS)
    make_event(membership, "signed", DAY, title=SIGNED)
    return membership


def signing_listed_first(html: str, signed=SIGNED, relations=RELATIONS) -> bool:
    assert relations in html and signed in html
    return html.index(signed) < html.index(relations)


def test_the_order_is_by_date_then_life_cycle_then_id(same_day):
    in_python = sorted(Event.objects.all(), key=event_sort_key)
    in_sql = list(Event.objects.in_timeline_order())

    assert [e.title for e in in_sql] == ["Announced", SIGNED, RELATIONS]
    assert in_python == in_sql


def test_pages_and_the_api_list_the_same_days_events_in_the_same_order(client, same_day):
    pages = {
        "home": reverse("timeline:home"),
        "accord": reverse("timeline:accord", args=["abraham-accords"]),
        "membership": reverse("timeline:membership", args=["abraham-accords", "AE"]),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert signing_listed_first(response.content.decode()), name
    # The state page names events by kind, in its chart's tooltips.
    state = client.get(reverse("timeline:state", args=["AE"])).content.decode()
    assert signing_listed_first(
        state, "15 Sep 2020: signed", "15 Sep 2020: diplomatic relations established"
    )

    titles = [event["title"] for event in client.get(reverse("event-list")).json()["results"]]
    assert titles == ["Announced", SIGNED, RELATIONS]
    csv = client.get(reverse("event-list"), {"format": "csv"}).content.decode()
    assert signing_listed_first(csv)
