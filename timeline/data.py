"""The reader pages' data: an accord's memberships and events as the plain rows the drawings
take (:class:`~timeline.charts.ChartRow`), in a fixed number of queries whatever their size.

Events and sources are read as plain values, not model instances: an accord with thousands of
events then costs milliseconds, not a second. Each row's status periods are read from the stored
table (``accords.models.StatusPeriod``, rebuilt by the write path), so no request runs the
status rule.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Min

from accords.models import Accord, Event, Membership, Source, StatusPeriod
from accords.status import MILESTONE_KINDS, EventKind, event_sort_key
from accords.translation import choose, columns

from .charts import ChartEvent, ChartRow, ChartSource


@dataclass(frozen=True, slots=True)
class Entry:
    """One event of one row, as the events table and the panel list it, with its sources
    (those of the event unless given: see :func:`with_sources`)."""

    row: ChartRow
    event: ChartEvent
    sources: tuple[ChartSource, ...] | None = None

    @property
    def kind_label(self) -> str:
        try:
            return EventKind(self.event.kind).label
        except ValueError:
            return self.event.kind

    @property
    def all_sources(self) -> tuple[ChartSource, ...]:
        return self.event.sources if self.sources is None else self.sources


def _sources_by_event(queryset) -> dict[int, tuple[ChartSource, ...]]:
    found: dict[int, list[ChartSource]] = {}
    for event_id, publisher, url, title, published_on, copy_of, secondary in queryset.order_by(
        "event_id", "id"
    ).values_list("event_id", "publisher", "url", "title", "published_on", "copy_of", "secondary"):
        found.setdefault(event_id, []).append(
            ChartSource(
                publisher=publisher,
                url=url,
                title=title,
                published_on=published_on,
                copy_of=copy_of,
                secondary=secondary,
            )
        )
    return {event_id: tuple(items) for event_id, items in found.items()}


def load_rows(memberships, cut: date, sources: bool = True) -> list[ChartRow]:
    """``memberships`` (in the order to draw them) as rows with their events up to the end of
    day ``cut`` (inclusive), and their status periods. Each event comes with its sources unless
    ``sources`` is false: a page that lists a few events fetches theirs with
    :func:`with_sources`, which is much faster with thousands of events."""
    memberships = list(memberships)
    by_membership: dict[int, list[ChartEvent]] = {m.pk: [] for m in memberships}
    if not memberships:
        return []
    keys = [m.pk for m in memberships]
    # Each text in the reader's language, or in English where it has no translation: a Text
    # that knows which, so that a page can mark an English fallback (lang="en").
    texts = ("title", "place", "notes")
    events = (
        Event.objects.filter(membership__in=keys, date__lte=cut)
        .in_timeline_order()
        .values(
            "id",
            "membership_id",
            "kind",
            "date",
            "date_precision",
            *[name for text in texts for name in columns(text)],
        )
    )
    found = (
        _sources_by_event(Source.objects.filter(event__membership__in=keys, event__date__lte=cut))
        if sources
        else {}
    )
    for event in events:
        by_membership[event["membership_id"]].append(
            ChartEvent(
                id=event["id"],
                kind=event["kind"],
                date=event["date"],
                date_precision=event["date_precision"],
                title=choose(event, "title"),
                place=choose(event, "place"),
                notes=choose(event, "notes"),
                sources=found.get(event["id"], ()),
            )
        )
    periods: dict[int, list] = {m.pk: [] for m in memberships}
    for membership_id, status, first_day, last_day in (
        StatusPeriod.objects.filter(membership__in=keys, first_day__lte=cut)
        .order_by("membership_id", "first_day")
        .values_list("membership_id", "status", "first_day", "last_day")
    ):
        end = last_day + timedelta(days=1) if last_day is not None else None
        periods[membership_id].append((status, first_day, end))
    return [
        ChartRow(
            key=membership.country.code,
            name=str(membership.country.name),
            role=membership.get_role_display(),
            events=tuple(by_membership[membership.pk]),
            periods=tuple(periods[membership.pk]),
            link=membership.get_absolute_url(),
        )
        for membership in memberships
    ]


def with_sources(entries_without: list) -> list[Entry]:
    """The same entries, each with its event's sources (one query for all of them)."""
    ids = [entry.event.id for entry in entries_without if entry.event.id is not None]
    found = _sources_by_event(Source.objects.filter(event_id__in=ids)) if ids else {}
    return [
        Entry(entry.row, entry.event, found.get(entry.event.id, ())) for entry in entries_without
    ]


def accord_memberships(accord):
    """The accord's memberships in joining order (one query)."""
    return Membership.objects.filter(accord=accord).select_related("accord").in_joining_order()


def first_event_day(accord) -> date | None:
    return Event.objects.filter(membership__accord=accord).aggregate(first=Min("date"))["first"]


def entries(rows, kinds=()) -> list[Entry]:
    """Every event of ``rows`` (of ``kinds`` when given), in timeline order."""
    found = [
        Entry(row, event)
        for row in rows
        for event in row.events
        if not kinds or event.kind in kinds
    ]
    found.sort(key=lambda entry: event_sort_key(entry.event))
    return found


def latest_change(rows) -> Entry | None:
    """The latest event that moved a status (milestones left out)."""
    changes = [
        Entry(row, event)
        for row in rows
        for event in row.events
        if event.kind not in MILESTONE_KINDS
    ]
    return max(changes, key=lambda entry: event_sort_key(entry.event)) if changes else None


def status_setter(row: ChartRow, cut: date) -> tuple[str | None, ChartEvent | None]:
    """The status of ``row`` at the end of ``cut`` and the event that set it."""
    periods = row.periods_until(cut)
    if not periods:
        return None, None
    status, start, _end = periods[-1]
    candidates = [e for e in row.events if e.date <= start and e.kind not in MILESTONE_KINDS]
    setter = max(candidates, key=event_sort_key) if candidates else None
    return status, setter


def last_data_change():
    """When the data (accords, memberships, events, sources) last changed, from the editors'
    history (one query), or None when nothing was ever recorded."""
    history = [model.history.model for model in (Accord, Membership, Event, Source)]
    first, *others = [model.objects.order_by().values("history_date") for model in history]
    union = first.union(*others, all=True).order_by("-history_date")[:1]
    found = list(union)
    return found[0]["history_date"] if found else None
