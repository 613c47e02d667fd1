"""The status rule: on plain data, on every seed state, and the cached column kept true."""

from datetime import date
from types import SimpleNamespace

import pytest

from accords.models import Event, Membership
from accords.services import delete_event, delete_events, save_event
from accords.status import Status, derive_status, status_periods

from .factories import make_event, make_membership

TODAY = date(2026, 11, 24)


def ev(kind, on):
    return SimpleNamespace(kind=kind, date=date.fromisoformat(on))


# --- The rule on plain data -------------------------------------------------------------------


def test_no_events_means_no_status():
    assert derive_status([]).status is None


def test_life_cycle_moves_forward_through_each_stage():
    events = [
        ev("announced", "2020-01-01"),
        ev("signed", "2020-02-01"),
        ev("ratified", "2020-03-01"),
        ev("entered_into_force", "2020-04-01"),
    ]
    assert derive_status(events, at=date(2020, 1, 15)).status == Status.ANNOUNCED
    assert derive_status(events, at=date(2020, 2, 15)).status == Status.SIGNED
    assert derive_status(events, at=date(2020, 3, 15)).status == Status.RATIFIED
    assert derive_status(events).status == Status.IN_FORCE


def test_as_of_is_inclusive_of_the_day_itself():
    events = [ev("announced", "2020-01-01"), ev("signed", "2020-02-01")]
    assert derive_status(events, at=date(2020, 1, 31)).status == Status.ANNOUNCED
    assert derive_status(events, at=date(2020, 2, 1)).status == Status.SIGNED


def test_before_the_first_event_there_is_no_status():
    assert derive_status([ev("announced", "2020-01-01")], at=date(2019, 12, 31)).status is None


def test_events_in_any_order_give_the_same_status():
    events = [ev("signed", "2020-02-01"), ev("announced", "2020-01-01")]
    result = derive_status(events)
    assert result.status == Status.SIGNED
    assert result.since == date(2020, 2, 1)


def test_an_earlier_stage_recorded_later_does_not_move_the_status_back():
    events = [ev("signed", "2020-01-01"), ev("announced", "2020-06-01")]
    result = derive_status(events)
    assert result.status == Status.SIGNED
    assert result.since == date(2020, 1, 1)


def test_milestones_never_change_the_status():
    events = [
        ev("signed", "2020-01-01"),
        ev("stalled", "2020-02-01"),
        ev("strained", "2020-03-01"),
        ev("embassy_opened", "2020-04-01"),
        ev("statement", "2020-05-01"),
    ]
    result = derive_status(events)
    assert result.status == Status.SIGNED
    assert result.since == date(2020, 1, 1)


def test_relations_established_puts_a_normalisation_in_force():
    events = [ev("signed", "2020-01-01"), ev("relations_established", "2020-02-01")]
    assert derive_status(events).status == Status.IN_FORCE


def test_suspension_and_resumption_return_to_the_stage_reached():
    events = [
        ev("ratified", "2020-01-01"),
        ev("suspended", "2021-01-01"),
        ev("resumed", "2022-01-01"),
    ]
    assert derive_status(events, at=date(2021, 6, 1)).status == Status.SUSPENDED
    resumed = derive_status(events)
    assert resumed.status == Status.RATIFIED
    assert resumed.since == date(2022, 1, 1)


def test_a_stage_reached_while_suspended_shows_after_resumption():
    events = [
        ev("signed", "2020-01-01"),
        ev("suspended", "2020-06-01"),
        ev("ratified", "2020-07-01"),
        ev("resumed", "2020-08-01"),
    ]
    assert derive_status(events, at=date(2020, 7, 15)).status == Status.SUSPENDED
    assert derive_status(events).status == Status.RATIFIED


def test_withdrawal_ends_the_membership_and_a_new_signing_restarts_it():
    events = [
        ev("entered_into_force", "2020-01-01"),
        ev("withdrawn", "2021-01-01"),
        ev("signed", "2023-01-01"),
    ]
    assert derive_status(events, at=date(2022, 1, 1)).status == Status.WITHDRAWN
    assert derive_status(events).status == Status.SIGNED


def test_resumed_without_suspension_and_withdrawn_before_joining_change_nothing():
    assert derive_status([ev("withdrawn", "2020-01-01")]).status is None
    events = [ev("signed", "2020-01-01"), ev("resumed", "2020-02-01")]
    assert derive_status(events).since == date(2020, 1, 1)


def test_same_day_events_are_read_in_life_cycle_order():
    events = [ev("relations_established", "2020-12-22"), ev("signed", "2020-12-22")]
    assert derive_status(events).status == Status.IN_FORCE


def test_periods_follow_each_status_change_until_the_given_day():
    events = [
        ev("announced", "2020-01-01"),
        ev("embassy_opened", "2020-01-15"),
        ev("signed", "2020-02-01"),
        ev("suspended", "2020-03-01"),
    ]
    periods = status_periods(events, until=date(2020, 12, 31))
    assert [(p["status"], p["start"], p["end"]) for p in periods] == [
        (Status.ANNOUNCED, date(2020, 1, 1), date(2020, 2, 1)),
        (Status.SIGNED, date(2020, 2, 1), date(2020, 3, 1)),
        (Status.SUSPENDED, date(2020, 3, 1), date(2020, 12, 31)),
    ]


def test_periods_leave_out_events_after_the_given_day_and_merge_same_day_changes():
    events = [
        ev("announced", "2020-12-10"),
        ev("signed", "2020-12-22"),
        ev("relations_established", "2020-12-22"),
        ev("withdrawn", "2030-01-01"),
    ]
    periods = status_periods(events, until=date(2021, 1, 1))
    assert [(p["status"], p["start"], p["end"]) for p in periods] == [
        (Status.ANNOUNCED, date(2020, 12, 10), date(2020, 12, 22)),
        (Status.IN_FORCE, date(2020, 12, 22), date(2021, 1, 1)),
    ]


# --- Every seed state: before its first event, between events, and today ----------------------

SEED_CASES = [
    # (state, day, expected status, expected "since")
    ("AE", date(2020, 8, 12), None, None),
    ("AE", date(2020, 8, 13), Status.ANNOUNCED, date(2020, 8, 13)),
    ("AE", date(2020, 10, 1), Status.SIGNED, date(2020, 9, 15)),
    ("AE", date(2020, 12, 1), Status.RATIFIED, date(2020, 10, 19)),
    ("AE", TODAY, Status.IN_FORCE, date(2021, 1, 5)),
    ("BH", date(2020, 9, 10), None, None),
    ("BH", date(2020, 9, 12), Status.ANNOUNCED, date(2020, 9, 11)),
    ("BH", date(2020, 10, 1), Status.SIGNED, date(2020, 9, 15)),
    ("BH", date(2023, 11, 3), Status.IN_FORCE, date(2020, 10, 18)),
    ("BH", TODAY, Status.IN_FORCE, date(2020, 10, 18)),
    ("IL", date(2020, 9, 14), None, None),
    ("IL", date(2020, 10, 20), Status.SIGNED, date(2020, 9, 15)),
    ("IL", date(2020, 12, 1), Status.RATIFIED, date(2020, 10, 25)),
    ("IL", TODAY, Status.IN_FORCE, date(2021, 1, 5)),
    ("US", date(2020, 9, 14), None, None),
    ("US", TODAY, Status.SIGNED, date(2020, 9, 15)),
    ("SD", date(2020, 10, 22), None, None),
    ("SD", date(2020, 12, 1), Status.ANNOUNCED, date(2020, 10, 23)),
    ("SD", date(2021, 10, 26), Status.SIGNED, date(2021, 1, 6)),
    ("SD", TODAY, Status.SIGNED, date(2021, 1, 6)),
    ("MA", date(2020, 12, 1), None, None),
    ("MA", date(2020, 12, 15), Status.ANNOUNCED, date(2020, 12, 10)),
    ("MA", TODAY, Status.IN_FORCE, date(2020, 12, 22)),
    ("KZ", date(2025, 11, 5), None, None),
    ("KZ", date(2025, 11, 6), Status.ANNOUNCED, date(2025, 11, 6)),
    ("KZ", TODAY, Status.ANNOUNCED, date(2025, 11, 6)),
]


@pytest.mark.parametrize(("country", "day", "status", "since"), SEED_CASES)
def test_seed_state_status_on_a_given_day(seeded, country, day, status, since):
    then = Membership.objects.as_of(day).filter(accord__slug="abraham-accords", country=country)
    assert then.values_list("status_then", "status_since_then").first() == (
        (status, since) if status else None
    )


def test_cached_status_of_every_seed_state_matches_the_rule_today(seeded):
    cached = dict(Membership.objects.values_list("country", "status"))
    assert cached == {
        "AE": Status.IN_FORCE,
        "BH": Status.IN_FORCE,
        "IL": Status.IN_FORCE,
        "MA": Status.IN_FORCE,
        "US": Status.SIGNED,
        "SD": Status.SIGNED,
        "KZ": Status.ANNOUNCED,
    }
    for membership in Membership.objects.with_events():
        assert membership.status == (derive_status(membership.known_events, at=TODAY).status or "")


def test_with_events_until_a_day_leaves_out_states_without_events_yet(seeded):
    members = Membership.objects.with_events(until=date(2020, 12, 1))
    states = {
        m.country.code: derive_status(m.known_events, at=date(2020, 12, 1)).status for m in members
    }
    assert states == {
        "AE": Status.RATIFIED,
        "BH": Status.IN_FORCE,
        "IL": Status.RATIFIED,
        "US": Status.SIGNED,
        "SD": Status.ANNOUNCED,
    }
    assert all(e.date <= date(2020, 12, 1) for m in members for e in m.known_events)


# --- The cached column follows every change of the events --------------------------------------


def test_cached_status_follows_an_added_event(db):
    membership = make_membership(country="KZ")
    assert membership.status == ""
    make_event(membership, "announced", date(2025, 11, 6))
    membership.refresh_from_db()
    assert (membership.status, membership.status_since) == (Status.ANNOUNCED, date(2025, 11, 6))
    make_event(membership, "signed", date(2026, 1, 10))
    membership.refresh_from_db()
    assert (membership.status, membership.status_since) == (Status.SIGNED, date(2026, 1, 10))


def test_cached_status_follows_a_corrected_and_a_deleted_event(db):
    membership = make_membership()
    make_event(membership, "announced", date(2020, 1, 1))
    signed = make_event(membership, "signed", date(2020, 2, 1))
    signed.kind = "ratified"
    save_event(event=signed)
    membership.refresh_from_db()
    assert membership.status == Status.RATIFIED
    delete_event(event=signed)
    membership.refresh_from_db()
    assert (membership.status, membership.status_since) == (Status.ANNOUNCED, date(2020, 1, 1))


def test_cached_status_follows_a_bulk_delete(db):
    membership = make_membership()
    make_event(membership, "announced", date(2020, 1, 1))
    make_event(membership, "signed", date(2020, 2, 1))
    # what the admin's "delete selected" does
    delete_events(events=Event.objects.filter(kind="signed"))
    membership.refresh_from_db()
    assert membership.status == Status.ANNOUNCED
    delete_events(events=Event.objects.all())
    membership.refresh_from_db()
    assert (membership.status, membership.status_event) == ("", None)


def test_moving_an_event_to_another_membership_refreshes_both(db):
    first = make_membership(country="FR")
    second = make_membership(accord=first.accord, country="DE")
    event = make_event(first, "signed", date(2020, 1, 1))
    event.membership = second
    save_event(event=event)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("", Status.SIGNED)
