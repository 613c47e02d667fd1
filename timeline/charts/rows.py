"""The plain data both drawings take: one row per state, with its events and status periods.

A row's status periods are its own ``periods`` when the caller has them (stored periods), else
they come from the one status rule in :mod:`accords.status`, so a drawing can never disagree
with the rest of the site.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from accords.dates import DatePrecision, format_date
from accords.status import derive_status, status_periods


@dataclass(frozen=True, slots=True)
class ChartSource:
    publisher: str
    url: str = ""
    title: str = ""
    published_on: date | None = None
    copy_of: str = ""
    secondary: bool = False


@dataclass(frozen=True, slots=True)
class ChartEvent:
    """One dated event, as the chart needs it. ``date`` is the first day of its period."""

    kind: str
    date: date
    date_precision: str = DatePrecision.DAY
    title: str = ""
    place: str = ""
    sources: tuple[ChartSource, ...] = ()
    #: The event's id in the database, for links and the marker's panel (None in plain data).
    id: int | None = None
    notes: str = ""

    @property
    def date_display(self) -> str:
        return format_date(self.date, self.date_precision)

    @property
    def is_imprecise(self) -> bool:
        return self.date_precision != DatePrecision.DAY


#: One status period: (status, first day, day it ended or None while it lasts).
Period = tuple[str, date, date | None]


@dataclass(frozen=True)
class ChartRow:
    """One state's row: ``key`` is unique in the chart (the country code).

    ``periods``, when given, are the membership's status periods as stored, ``(status, start,
    end)`` with ``end`` None for the period that lasts; they are used instead of deriving them
    from ``events``. ``link`` is the state's page, for the markers' links.
    """

    key: str
    name: str
    role: str = ""
    events: tuple[ChartEvent, ...] = field(default_factory=tuple)
    periods: tuple[Period, ...] | None = None
    link: str = ""

    def events_until(self, cut: date) -> list[ChartEvent]:
        return [event for event in self.events if event.date <= cut]

    def periods_until(self, cut: date) -> list[Period]:
        """The status periods up to the end of day ``cut``, the last one ending on ``cut``."""
        if self.periods is None:
            return [
                (p["status"], p["start"], p["end"])
                for p in status_periods(self.events_until(cut), until=cut)
            ]
        return [
            (status, start, cut if end is None or end > cut else end)
            for status, start, end in self.periods
            if start <= cut
        ]

    def status_on(self, cut: date) -> str | None:
        if self.periods is None:
            return derive_status(self.events, at=cut).status
        periods = self.periods_until(cut)
        return periods[-1][0] if periods else None


def visible_rows(
    rows: Iterable[ChartRow], cut: date, statuses: Iterable[str] | None = None
) -> list[ChartRow]:
    """The rows to show on day ``cut`` (inclusive): those with an event by then and, when
    ``statuses`` is given and not empty, whose status on that day is one of them."""
    wanted = set(statuses or ())
    shown = []
    for row in rows:
        if not row.events_until(cut):
            continue
        if wanted and row.status_on(cut) not in wanted:
            continue
        shown.append(row)
    return shown
