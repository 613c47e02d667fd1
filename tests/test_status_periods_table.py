"""The stored status periods (``StatusPeriod``) and cached statuses are always what the one rule
(``accords.status``) derives from the events: on the seed, and after every step of random
histories written, corrected and deleted through the write path (``accords.services``),
refused steps included. ``Membership.objects.as_of(day)`` reads the same statuses."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from accords import services
from accords.models import Event, Membership, Source, StatusPeriod
from accords.status import EventKind, derive_status

from .api_helpers import (
    assert_every_membership_consistent,
    db_snapshot,
    expected_periods,
    stored_periods,
)
from .factories import make_accord, make_event, make_membership

pytestmark = pytest.mark.django_db


def test_seeded_periods_equal_the_rule_for_every_membership(seeded):
    memberships = list(Membership.objects.all())
    assert len(memberships) == 7
    for membership in memberships:
        events = list(membership.events.all())
        assert stored_periods(membership) == expected_periods(events), membership
        assert stored_periods(membership), membership  # every seeded state has a status
    assert_every_membership_consistent()


def test_a_seeded_history_is_stored_as_the_rule_reads_it(seeded):
    # Morocco: announced 10 Dec 2020; signed and relations established on 22 Dec 2020 (the
    # day belongs to the later status: in force).
    morocco = Membership.objects.get(country="MA")
    announced = morocco.events.get(kind="announced")
    established = morocco.events.get(kind="relations_established")
    assert stored_periods(morocco) == [
        (date(2020, 12, 10), date(2020, 12, 21), "announced", announced.pk),
        (date(2020, 12, 22), None, "in_force", established.pk),
    ]


# --- Random histories through the write path --------------------------------------------------

STATES = ["FR", "DE", "IT", "ES"]
FIRST_DAY = date(2020, 1, 1)
DAYS = 500
ALL_KINDS = [kind.value for kind in EventKind]
#: Kinds that usually make sense after each status (None: no event yet).
LIKELY_NEXT = {
    None: ["announced", "signed", "signed"],
    "announced": ["signed", "suspended", "withdrawn", "statement", "domestic_step"],
    "signed": ["ratified", "relations_established", "suspended", "withdrawn", "stalled"],
    "ratified": ["entered_into_force", "suspended", "withdrawn", "embassy_opened"],
    "in_force": ["suspended", "withdrawn", "strained", "visit"],
    "suspended": ["resumed", "resumed", "withdrawn", "statement"],
    "withdrawn": ["announced", "signed", "statement"],
}


class RandomHistories:
    """A seeded random editor: adds, corrects and deletes events of a few memberships through
    the services, with enough nonsense mixed in that some writes are refused."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        accord = make_accord(slug=f"random-{seed}", name=f"Random accord {seed}")
        self.memberships = [make_membership(accord, code) for code in STATES]
        self.accepted: Counter = Counter()
        self.refused: Counter = Counter()

    def events(self) -> list[Event]:
        return list(Event.objects.filter(membership__in=self.memberships).order_by("pk"))

    def day(self, after: date | None = None) -> tuple[date, str]:
        """A random day (after ``after``, when given, most of the time) and its precision,
        stored as the precision asks (the 1st of the month, 1 January)."""
        if after is not None and self.rng.random() < 0.8:
            day = after + timedelta(days=self.rng.choice([0, 1, 1, 2, 7, 20, 45, 90]))
        else:
            day = FIRST_DAY + timedelta(days=self.rng.randrange(DAYS))
        precision = self.rng.choices(["day", "month", "year"], weights=[10, 3, 1])[0]
        if precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = day.replace(month=1, day=1)
        return day, precision

    def add(self):
        membership = self.rng.choice(self.memberships)
        membership.refresh_from_db()
        latest = membership.events.order_by("-date").values_list("date", flat=True).first()
        if self.rng.random() < 0.7:
            kind = self.rng.choice(LIKELY_NEXT[membership.status or None])
            day, precision = self.day(after=latest)
        else:
            kind = self.rng.choice(ALL_KINDS)
            day, precision = self.day()
        event = Event(
            membership=membership,
            kind=kind,
            date=day,
            date_precision=precision,
            title=f"{kind} on {day}",
        )
        sources = [Source(publisher="Generator", url="https://example.org/generated")]
        services.save_event(event=event, sources=sources)

    def correct(self):
        events = self.events()
        if not events:
            return self.add()
        event = self.rng.choice(events)
        what = self.rng.choice(["date", "date", "kind", "precision", "membership", "title"])
        if what == "date":
            event.date, event.date_precision = self.day(after=event.date - timedelta(days=30))
        elif what == "kind":
            event.kind = self.rng.choice(ALL_KINDS)
        elif what == "precision":
            event.date_precision = self.rng.choice(["day", "month", "year"])
            if event.date_precision == "month":
                event.date = event.date.replace(day=1)
            elif event.date_precision == "year":
                event.date = event.date.replace(month=1, day=1)
        elif what == "membership":
            event.membership = self.rng.choice(self.memberships)
        else:
            event.title = f"Corrected {self.rng.randrange(1000)}"
        services.save_event(event=event)

    def delete(self):
        events = self.events()
        if not events:
            return self.add()
        chosen = self.rng.sample(events, k=min(len(events), self.rng.choice([1, 1, 1, 1, 2])))
        services.delete_events(events=chosen)

    def step(self):
        action = self.rng.choices(["add", "correct", "delete"], weights=[7, 3, 1])[0]
        before = db_snapshot()
        try:
            getattr(self, action)()
        except ValidationError:
            self.refused[action] += 1
            assert db_snapshot() == before, f"a refused {action} changed the data"
        else:
            self.accepted[action] += 1


STEPS = 80


@pytest.mark.parametrize("seed", range(6), ids=lambda seed: f"seed-{seed}")
def test_after_every_random_step_the_stored_periods_equal_the_rule(seed):
    histories = RandomHistories(seed)
    for _ in range(STEPS):
        histories.step()
        assert_every_membership_consistent()

    # The generator did exercise the write path both ways.
    assert sum(histories.accepted.values()) >= STEPS // 3, histories.accepted
    assert sum(histories.refused.values()) >= 3, histories.refused
    assert StatusPeriod.objects.filter(membership__in=histories.memberships).exists()
    # The statuses only: where the status set by one event is set again (see
    # test_as_of_and_the_current_status_agree_on_since), the two "since" may differ.
    assert_as_of_matches_the_rule(days_around_every_event(), since=False)


# --- as_of ------------------------------------------------------------------------------------


def days_around_every_event() -> set[date]:
    days = {date(1999, 1, 1), date.today()}
    for day in Event.objects.values_list("date", flat=True):
        days |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return days


def assert_as_of_matches_the_rule(days, since=True):
    """For each day, ``as_of`` lists exactly the memberships that the rule gives a status, with
    that status (and, with ``since``, the date of the event that set it)."""
    memberships = list(Membership.objects.prefetch_related("events"))
    for day in sorted(days):
        expected = {}
        for membership in memberships:
            result = derive_status(membership.events.all(), at=day)
            if result.status is not None:
                expected[membership.pk] = (result.status, result.since if since else None)
        found = {
            m.pk: (m.status_then, m.status_since_then if since else None)
            for m in Membership.objects.as_of(day)
        }
        assert found == expected, day


def test_as_of_gives_the_rules_status_on_the_seed(seeded):
    assert_as_of_matches_the_rule(days_around_every_event())


def test_as_of_leaves_out_memberships_without_a_status_that_day(seeded):
    # Before the first announcement (13 Aug 2020) no state has a status.
    assert not Membership.objects.as_of(date(2020, 8, 12)).exists()
    first = Membership.objects.as_of(date(2020, 8, 13))
    assert [(m.country.code, m.status_then) for m in first] == [("AE", "announced")]
    # Kazakhstan was announced on 6 Nov 2025: left out the day before, in from that day.
    assert not Membership.objects.as_of(date(2025, 11, 5)).filter(country="KZ").exists()
    kz = Membership.objects.as_of(date(2025, 11, 6)).get(country="KZ")
    assert (kz.status_then, kz.status_since_then) == ("announced", date(2025, 11, 6))
    # A membership with no event at all is never in.
    accord = make_accord()
    empty = make_membership(accord, "FR")
    assert not Membership.objects.as_of(date.today()).filter(pk=empty.pk).exists()


def test_as_of_follows_suspension_resumption_withdrawal_and_a_new_start(db):
    membership = make_membership(country="FR")
    make_event(membership, "announced", date(2021, 1, 10))
    make_event(membership, "signed", date(2021, 2, 1))
    make_event(membership, "suspended", date(2021, 3, 1))
    make_event(membership, "resumed", date(2021, 4, 1))
    make_event(membership, "withdrawn", date(2021, 5, 1))
    make_event(membership, "signed", date(2021, 6, 1))
    make_event(membership, "ratified", date(2021, 7, 1), date_precision="month")
    expected = {
        date(2021, 1, 9): None,
        date(2021, 1, 10): "announced",
        date(2021, 2, 28): "signed",
        date(2021, 3, 1): "suspended",
        date(2021, 3, 31): "suspended",
        date(2021, 4, 1): "signed",
        date(2021, 5, 1): "withdrawn",
        date(2021, 5, 31): "withdrawn",
        date(2021, 6, 1): "signed",
        date(2021, 7, 1): "ratified",
        date(2030, 1, 1): "ratified",
    }
    for day, status in expected.items():
        assert derive_status(membership.events.all(), at=day).status == status, day
        found = Membership.objects.as_of(day).filter(pk=membership.pk)
        assert list(found.values_list("status_then", flat=True)) == ([status] if status else []), (
            day
        )
    assert_every_membership_consistent()


@pytest.mark.parametrize(
    ("history", "status"),
    [
        (
            [("signed", date(2021, 3, 1)), ("suspended", date(2021, 3, 21))]
            + [("resumed", date(2021, 3, 21))],
            "signed",
        ),
        (
            [("signed", date(2021, 2, 12)), ("suspended", date(2021, 3, 1))]
            + [("resumed", date(2021, 3, 10)), ("signed", date(2021, 5, 1))],
            "signed",
        ),
    ],
    ids=["suspended-and-resumed-on-one-day", "signed-again-after-a-resumption"],
)
def test_as_of_and_the_current_status_agree_on_since(db, history, status):
    """The API's ``status_since`` is read from the stored periods with ``as_of`` and from the
    cached status (``derive_status``) without it: as of today they must be the same date."""
    membership = make_membership(country="FR")
    for kind, day in history:
        make_event(membership, kind, day)
    membership.refresh_from_db()
    today = Membership.objects.as_of(date.today()).get(pk=membership.pk)

    assert (today.status_then, membership.status) == (status, status)
    assert today.status_since_then == membership.status_since
