"""The reader pages through Django's test client, on the real database: the number of queries
a page costs does not grow with the data, and a long events table is paginated."""

from datetime import date

import pytest

from .conftest import build_once
from .factories import make_accord, make_event, make_membership
from .page_helpers import ACCORD, HOME, chart_rows, events_table

# --- Query counts do not grow with the data ---------------------------------------------------
# An accord's page: the accord, its memberships, their events, the sources of the events it
# lists, the day of its first event (the slider's start), the other accords and the last change
# of the data (for the citation): 7, whatever the number of each.

COUNTRIES = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE NO IS CH"
)


def grow(states, events_per_state):
    """An accord at the home address with ``states`` states of ``events_per_state`` events."""
    accord = make_accord(slug="abraham-accords", name="Big Accord")
    stages = ["announced", "signed", "ratified", "entered_into_force"]
    milestones = ["embassy_opened", "statement", "visit", "mission_opened"]
    for n, country in enumerate(COUNTRIES.split()[:states]):
        membership = make_membership(accord, country)
        for i in range(events_per_state):
            kind = stages[i] if i < len(stages) else milestones[i % len(milestones)]
            make_event(membership, kind, date(1800 + i, 1, 1 + n), sources=2)
    return accord


@pytest.mark.parametrize("states, events", [(3, 2), (30, 20)])
def test_home_query_count_is_pinned_and_does_not_grow_with_the_data(
    client, db, django_assert_num_queries, states, events
):
    build_once(("pages", states, events), lambda: grow(states, events))

    with django_assert_num_queries(9):  # the status periods and the reported interests: one each
        response = client.get(HOME)
    assert len(chart_rows(response)) == states


@pytest.mark.parametrize("states, events", [(3, 2), (30, 20)])
def test_accord_page_query_count_is_pinned_with_as_of_and_filters(
    client, db, django_assert_num_queries, states, events
):
    build_once(("pages", states, events), lambda: grow(states, events))

    with django_assert_num_queries(9):
        response = client.get(
            ACCORD, {"as_of": "2010-06-30", "status": "in_force", "kind": "signed"}
        )
    assert response.status_code == 200
    # A state is in force from its fourth event (entered into force, 1803): only with 20.
    assert len(chart_rows(response)) == (states if events >= 4 else 0)


@pytest.mark.parametrize("events", [2, 200])
def test_membership_page_query_count_is_pinned(client, db, django_assert_num_queries, events):
    grow(1, events)

    with django_assert_num_queries(5):
        response = client.get(ACCORD + "at/")
    assert response.status_code == 200


def test_a_long_events_table_is_paginated_latest_page_first(client, seeded, monkeypatch):
    monkeypatch.setattr("timeline.views.EVENTS_PER_PAGE", 10)

    response = client.get(HOME)
    table = events_table(response)

    assert table.count("<tr>") == 1 + 9  # events 31 to 39 of the seed's 39
    assert "Events 31 to 39 of 39, oldest first." in response.content.decode()
    assert "7 Nov 2025" in table  # Kazakhstan's statement, the latest event
    assert "13 Aug 2020" not in table
    first = events_table(client.get(HOME, {"page": 1}))
    assert "13 Aug 2020" in first
    assert first.count("<tr>") == 1 + 10
