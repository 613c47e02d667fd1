"""A synthetic demo dataset of any size, for trying the site and the benchmarks at scale.

Everything it makes is marked: accord slugs start with ``demo-``, names end with
"(synthetic)", sources are "Demo wire (synthetic)" at example.org. :func:`remove_demo_data`
deletes exactly that.

Every membership's whole history is made in memory and passes the same validation as an
editor's input before anything is written: the whole-history rule
(``accords.status.history_problems``) and each event's and source's own field validation and
``clean()`` (``full_clean`` without the per-row database queries; the database's unique and
check constraints still refuse anything they would have caught). Then each batch of accords is
written in one transaction with bulk inserts, the stored status periods are rebuilt by the
write path's own function (``accords.services.rebuild_status_periods``), and the data version
is bumped once, so caches see the change.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_countries import countries

from .models import Accord, DatePrecision, Event, Membership, Role, Source, StatusPeriod
from .services import rebuild_status_periods
from .status import EventKind, history_problems
from .versioning import bump_version

SLUG_PREFIX = "demo-"
NAME_MARK = "(synthetic)"
PUBLISHER = "Demo wire (synthetic)"
LIFE_CYCLE = [
    EventKind.ANNOUNCED,
    EventKind.SIGNED,
    EventKind.RATIFIED,
    EventKind.ENTERED_INTO_FORCE,
]
MILESTONES = [
    EventKind.EMBASSY_OPENED,
    EventKind.STATEMENT,
    EventKind.VISIT,
    EventKind.MISSION_OPENED,
    EventKind.ENVOY_ARRIVED,
    EventKind.DOMESTIC_STEP,
]
PLACES = ["Geneva", "Vienna", "New York", "Nairobi", "Jakarta", "Brasília", "Canberra", ""]


@dataclass(frozen=True)
class DemoSize:
    events: int = 50_000
    accords: int = 200
    states: int = 25  # per accord

    def events_per_membership(self) -> list[int]:
        """How many events each membership gets (in creation order), adding up to
        ``events``."""
        memberships = self.accords * self.states
        base, extra = divmod(self.events, memberships)
        return [base + (1 if i < extra else 0) for i in range(memberships)]


def demo_exists() -> bool:
    return Accord.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def _history(rng: random.Random, count: int, today: date) -> list[tuple[str, date, str]]:
    """``count`` events ``(kind, date, precision)`` that make a consistent history: the life
    cycle in order, then milestones with now and then a suspension and its resumption, on
    distinct days between 1950 and today."""
    if count == 0:
        return []
    first = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    span = (today - first).days
    days = sorted(first + timedelta(days=d) for d in rng.sample(range(span), min(count, span)))
    events = []
    taken = set()  # (kind, day): one event of a kind per day
    suspended = False
    for n, day in enumerate(days):
        if n < len(LIFE_CYCLE):
            kind = LIFE_CYCLE[n]
        elif suspended and rng.random() < 0.5:
            kind, suspended = EventKind.RESUMED, False
        elif not suspended and rng.random() < 0.03:
            kind, suspended = EventKind.SUSPENDED, True
        else:
            kind = rng.choice(MILESTONES)
        precision = DatePrecision.DAY
        # Now and then a milestone known only to the month (stored as the 1st of it).
        if kind in MILESTONES and rng.random() < 0.1 and (kind, day.replace(day=1)) not in taken:
            day, precision = day.replace(day=1), DatePrecision.MONTH
        taken.add((kind, day))
        events.append((kind, day, precision))
    return events


def _validated(instance, exclude):
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    return instance


def _accord_batches(size: DemoSize, batch: int) -> Iterator[range]:
    for start in range(0, size.accords, batch):
        yield range(start, min(start + batch, size.accords))


def generate_demo_data(
    size: DemoSize = DemoSize(),
    seed: int = 1,
    batch: int = 10,
    progress: Callable[[int], None] = lambda events: None,
) -> int:
    """Make the dataset; returns the number of events written. ``progress`` is called with
    the number of events written by each batch. Raises ``ValidationError`` (and writes nothing
    more) if any history would be invalid."""
    rng = random.Random(seed)
    today = timezone.localdate()
    codes = [code for code, _name in countries]
    if size.states > len(codes):
        raise ValueError(f"At most {len(codes)} states per accord.")
    per_membership = iter(size.events_per_membership())
    written = 0
    for accord_numbers in _accord_batches(size, batch):
        with transaction.atomic():
            accords = Accord.objects.bulk_create(
                _validated(
                    Accord(
                        slug=f"{SLUG_PREFIX}{n + 1:04d}",
                        name=f"Demo accord {n + 1} {NAME_MARK}",
                        description="Generated for demonstrations and benchmarks; not real.",
                    ),
                    exclude=None,
                )
                for n in accord_numbers
            )
            memberships = Membership.objects.bulk_create(
                _validated(
                    Membership(
                        accord=accord,
                        country=code,
                        role=Role.FOUNDING_PARTY if i < 3 else Role.PARTY,
                    ),
                    exclude=["accord"],
                )
                for accord in accords
                for i, code in enumerate(rng.sample(codes, size.states))
            )
            events, sources = [], []
            for membership in memberships:
                history = [
                    _validated(
                        Event(
                            membership=membership,
                            kind=kind,
                            date=day,
                            date_precision=precision,
                            title=f"{membership.country.name}: {kind.label} (synthetic)",
                            place=rng.choice(PLACES),
                        ),
                        exclude=["membership"],
                    )
                    for kind, day, precision in _history(rng, next(per_membership), today)
                ]
                problems = history_problems(history)
                if problems:
                    raise ValidationError(f"{membership}: {problems}")
                events.extend(history)
            Event.objects.bulk_create(events, batch_size=2000)
            for n, event in enumerate(events):
                sources.append(
                    _validated(
                        Source(
                            event=event,
                            publisher=PUBLISHER,
                            title=f"Report {n + 1}",
                            url=f"https://example.org/demo/{event.membership.accord.slug}/{n + 1}",
                            published_on=event.date,
                        ),
                        exclude=["event"],
                    )
                )
            Source.objects.bulk_create(sources, batch_size=2000)
            for membership in memberships:
                rebuild_status_periods(membership)
            bump_version()
        written += len(events)
        progress(len(events))
    return written


def remove_demo_data() -> int:
    """Delete every demo accord with its memberships, events, sources and status periods, in
    one transaction; returns the number of events deleted. Bulk deletes (no per-row signals
    nor history records: the data was never edited), then one bump of the data version."""
    with transaction.atomic():
        accords = Accord.objects.filter(slug__startswith=SLUG_PREFIX)
        memberships = Membership.objects.filter(accord__in=accords)
        events = Event.objects.filter(membership__in=memberships)
        count = events.count()
        memberships.update(status_event=None)
        for queryset in (
            StatusPeriod.objects.filter(membership__in=memberships),
            Source.objects.filter(event__in=events),
            events,
            memberships,
            accords,
        ):
            queryset._raw_delete(queryset.db)
        bump_version()
    return count
