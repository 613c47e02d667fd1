"""The geometry both drawings share: the date axis (:func:`axis_range`) and the grouping of
events that would be drawn on top of each other (:func:`group_markers`). The server-drawn SVG
uses them with its own width, the Plotly figure with a few reference widths the browser
chooses from."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from .rows import ChartEvent, ChartRow


@dataclass(frozen=True, slots=True)
class MarkerGroup:
    """Events of one row drawn as one marker, at the first one's date. One event is a plain
    marker; several are a group that opens as a list."""

    events: tuple[ChartEvent, ...]

    @property
    def date(self) -> date:
        return self.events[0].date

    @property
    def last_date(self) -> date:
        return self.events[-1].date

    @property
    def ids(self) -> list[int]:
        return [event.id for event in self.events if event.id is not None]


def axis_range(
    rows: Sequence[ChartRow],
    cut: date,
    start: date | None = None,
    zoom: tuple[date, date] | None = None,
) -> tuple[date, date]:
    """The first and last day of the date axis: from ``start`` (default: the first event) to
    ``cut`` with a margin on each side, or the ``zoom`` window (clipped to ``cut``)."""
    first_dates = [event.date for row in rows for event in row.events]
    data_start = start or (min(first_dates) if first_dates else None)
    if zoom is not None:
        first, last = zoom
        if data_start is not None:
            first = max(first, data_start)  # no empty months before the first event
        last = min(last, cut)
        if first >= last:
            first = last - timedelta(days=30)
        pad = timedelta(days=max(3, (last - first).days // 60))
        return first - pad, last + pad
    axis_start = min(data_start or cut, cut)
    pad = timedelta(days=max(14, (cut - axis_start).days // 40))
    return _safe_add(axis_start, -pad), _safe_add(cut, pad)


def _safe_add(day: date, delta: timedelta) -> date:
    try:
        return day + delta
    except OverflowError:
        return date.max if delta.days > 0 else date.min


_by_date = attrgetter("date")


def group_markers(
    events: Sequence[ChartEvent],
    axis: tuple[date, date],
    width: float,
    gap: float,
) -> list[MarkerGroup]:
    """The events of one row as markers at least ``gap`` apart on an axis ``width`` long:
    each marker takes the events that fall less than ``gap`` after its first one. Events
    outside the axis are left out. Every marker stands at its first event's true date, so
    markers are never moved, only merged."""
    first, last = axis
    span = max((last - first).days, 1)
    days_apart = gap * span / width
    groups: list[list[ChartEvent]] = []
    anchor = None
    # By date only (a stable sort keeps the given order within a day): grouping needs no more,
    # and a key in C is much faster with thousands of events.
    for event in sorted(events, key=_by_date):
        if event.date < first or event.date > last:
            continue
        if anchor is not None and (event.date - anchor).days < days_apart:
            groups[-1].append(event)
            continue
        anchor = event.date
        groups.append([event])
    return [MarkerGroup(tuple(group)) for group in groups]
