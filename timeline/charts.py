"""The readers' timeline chart: plain data in, a Plotly figure out.

:func:`build_figure` is a pure function. It takes rows of plain data (one per state, with its
events), the day it is ("today") and, optionally, the day the reader wants to see the accord as
it stood ("as of"); it asks no request and no database. The status periods are the row's own
``periods`` when the caller has them (stored periods), else they come from the one status rule
in :mod:`accords.status`, so the chart can never disagree with the rest of the site.

The geometry both drawings share lives here too: the date axis (:func:`axis_range`) and the
grouping of events that would be drawn on top of each other (:func:`group_markers`), and the
grouping of many rows into waves of accession (:func:`row_waves`). The
server-drawn SVG (:mod:`timeline.svg`) uses them with its own width, the Plotly figure with a
few reference widths the browser chooses from.

Every string from the data is escaped before it reaches Plotly, whose hover labels and tick
labels interpret a little HTML: a title such as ``<b>x</b>`` is shown as text. Quotes are left
as they are: Plotly does not decode ``&quot;``, so escaping them would show the entity.
"""

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape as _html_escape
from operator import attrgetter

import plotly.graph_objects as go
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accords.dates import DatePrecision, format_date
from accords.status import (
    MILESTONE_KINDS,
    EventKind,
    Status,
    derive_status,
    period_end,
    status_periods,
)

#: Okabe–Ito colours, told apart by readers with any common colour-vision deficiency. The two
#: statuses that mean trouble also carry a pattern, so they never rest on colour alone.
STATUS_COLOURS = {
    Status.ANNOUNCED: "#E69F00",  # orange
    Status.SIGNED: "#56B4E9",  # sky blue
    Status.RATIFIED: "#009E73",  # bluish green
    Status.IN_FORCE: "#0072B2",  # blue
    Status.SUSPENDED: "#CC79A7",  # reddish purple
    Status.WITHDRAWN: "#999999",  # grey
}
STATUS_PATTERNS = {Status.SUSPENDED: "x", Status.WITHDRAWN: "/"}

#: One marker symbol per kind of event. A date known only to the month or year is drawn with
#: the open (hollow) variant of its symbol and a bar across the period it may stand for.
KIND_SYMBOLS = {
    EventKind.ANNOUNCED: "circle",
    EventKind.SIGNED: "diamond",
    EventKind.RATIFIED: "square",
    EventKind.ENTERED_INTO_FORCE: "star",
    EventKind.RELATIONS_ESTABLISHED: "hexagram",
    EventKind.EMBASSY_OPENED: "triangle-up",
    EventKind.STATEMENT: "cross",
    EventKind.STALLED: "x",
    EventKind.STRAINED: "bowtie",
    EventKind.DOMESTIC_STEP: "hexagon",
    EventKind.MISSION_OPENED: "triangle-left",
    EventKind.ENVOY_ARRIVED: "pentagon",
    EventKind.VISIT: "hourglass",
    EventKind.SUSPENDED: "triangle-down",
    EventKind.RESUMED: "triangle-right",
    EventKind.WITHDRAWN: "square-x",
}

INK = "#1a1a1a"
MUTED = "#4a4a4a"
ROW_HEIGHT = 46
#: Room for the axis and the two legends, above and below the rows.
LEGENDS_HEIGHT = 200
#: Hover lines are wrapped at this many characters, so a label fits on a phone.
HOVER_WIDTH = 48
MS_PER_DAY = 86_400_000

#: The plot widths (in CSS pixels) the figure carries a grouping of markers for; the browser
#: shows the widest that fits its plot, so no two markers overlap at any width.
FIGURE_MARKER_WIDTHS = (200, 420, 860)
#: Centre-to-centre distance below which two markers of a row are grouped, in pixels: Plotly
#: draws a marker 13 px wide plus its outline, a group 17 px.
FIGURE_MARKER_GAP = 21


def escape(text) -> str:
    """Escape markup for Plotly's labels: ``<``, ``>`` and ``&``, not quotes (see above)."""
    return _html_escape(str(text), quote=False)


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


#: A chart of more rows than this is drawn in waves (see :func:`row_waves`); a chart of this
#: many rows or fewer is drawn as a plain list, as the Abraham Accords are.
WAVE_ROWS_OVER = 12


@dataclass(frozen=True)
class Wave:
    """The rows whose membership entered into force in the same year (``year``), or never by
    the day drawn (``year`` None), with the heading both drawings give them. ``role`` is the
    role all its rows share (shown once in the heading, not on each row), else empty."""

    key: str
    year: int | None
    #: "In force from 1949", and "12 states (founding party)".
    title: str
    detail: str
    role: str
    rows: tuple[ChartRow, ...]

    @property
    def label(self) -> str:
        return _("%(title)s: %(detail)s") % {"title": self.title, "detail": self.detail}


def _in_force_year(row: ChartRow, cut: date) -> int | None:
    for status, start, _end in row.periods_until(cut):
        if status == Status.IN_FORCE:
            return start.year
    return None


def row_waves(rows: Sequence[ChartRow], cut: date) -> list[Wave] | None:
    """``rows`` (the rows drawn on day ``cut``) grouped into waves by the year each state's
    membership first entered into force, oldest first, the states not in force by ``cut``
    last; within a wave the rows keep their order. For a treaty that grew by enlargements
    (NATO: the founders of 1949, then 1952, 1955, 1982, ...) each wave is one heading. None
    when there are ``WAVE_ROWS_OVER`` rows or fewer: a short chart reads best as it is."""
    if len(rows) <= WAVE_ROWS_OVER:
        return None
    by_year: dict[int | None, list[ChartRow]] = {}
    for row in rows:
        by_year.setdefault(_in_force_year(row, cut), []).append(row)
    waves = []
    for year in sorted(by_year, key=lambda y: (y is None, y or 0)):
        members = by_year[year]
        roles = {row.role for row in members}
        role = roles.pop() if len(roles) == 1 else ""
        count = ngettext("%(count)d state", "%(count)d states", len(members)) % {
            "count": len(members)
        }
        title = (
            _("In force from %(year)d") % {"year": year} if year is not None else _("Not in force")
        )
        waves.append(
            Wave(
                key=f"wave-{year if year is not None else 'none'}",
                year=year,
                title=title,
                detail=f"{count} ({role})" if role else count,
                role=role,
                rows=tuple(members),
            )
        )
    return waves


def _wrap(text: str, width: int = HOVER_WIDTH) -> str:
    """Escape ``text`` and wrap it into ``<br>``-separated lines for a hover label."""
    return "<br>".join(escape(line) for line in textwrap.wrap(text, width) or [""])


def _tick_label(row: ChartRow) -> str:
    label = f"<b>{escape(row.name)}</b>"
    if row.role:
        label += f'<br><span style="font-size:11px;color:{MUTED}">{escape(row.role)}</span>'
    return label


def _narrow_tick_label(row: ChartRow) -> str:
    """The row label for a phone: the name alone, wrapped, so the plot keeps its width."""
    return "<br>".join(escape(line) for line in textwrap.wrap(row.name, 11) or [""])


class DateFormatter:
    """``format_date`` for one drawing: the translated patterns are looked up once and the
    usual ones (``j M Y``, ``M Y``, ``Y``) formatted directly, each date once. With thousands
    of events, formatting dates is otherwise most of a drawing's time."""

    def __init__(self):
        self._patterns = {
            DatePrecision.DAY: pgettext("date known to the day", "j M Y"),
            DatePrecision.MONTH: pgettext("date known to the month", "M Y"),
            DatePrecision.YEAR: pgettext("date known to the year", "Y"),
        }
        self._months = {n: str(MONTHS_3[n]).title() for n in MONTHS_3}
        self._cache = {}

    def __call__(self, value: date, precision: str = DatePrecision.DAY) -> str:
        key = (value, precision)
        found = self._cache.get(key)
        if found is None:
            pattern = self._patterns.get(precision, self._patterns[DatePrecision.DAY])
            if pattern == "j M Y":
                found = f"{value.day} {self._months[value.month]} {value.year}"
            elif pattern == "M Y":
                found = f"{self._months[value.month]} {value.year}"
            elif pattern == "Y":
                found = str(value.year)
            else:
                found = format_date(value, precision)
            self._cache[key] = found
        return found


class _Words:
    """The translated words of a figure and its formatted dates, each looked up once per
    figure rather than once per point: with thousands of events that is most of the time."""

    def __init__(self):
        self.kinds = {kind.value: str(kind.label) for kind in EventKind}
        self.statuses = {status.value: str(status.label) for status in Status}
        self.imprecise = _("(exact day not known)")
        self.place = _("Place: %(place)s")
        self.source = _("Source: %(publishers)s")
        self.span = _("from %(start)s to %(end)s")
        self.today = _("today")
        self.several = _("%(count)d events")
        self.open_list = _("Click or tap for the list.")
        self.group_legend = _("several events (the number)")
        self.date = DateFormatter()


def event_hover_text(row: ChartRow, event: ChartEvent, words: _Words | None = None) -> str:
    """What a reader sees on hovering an event: who, what, when (no more exact than known),
    where, and on whose word. Every data string is escaped."""
    words = words or _Words()
    when = escape(words.date(event.date, event.date_precision))
    if event.is_imprecise:
        when += " " + escape(words.imprecise)
    lines = [
        f"<b>{escape(row.name)}</b> — {escape(words.kinds.get(event.kind, event.kind))}",
        when,
    ]
    if event.title:
        lines.append(_wrap(event.title))
    if event.place:
        lines.append(escape(words.place % {"place": event.place}))
    if event.sources:
        publishers = ", ".join(source.publisher for source in event.sources)
        lines.append(_wrap(words.source % {"publishers": publishers}))
    return "<br>".join(lines)


def _iso(value: date) -> str:
    return value.isoformat()


def _start_precision(row: ChartRow, start: date) -> str:
    """The precision of the event that opened a period on ``start`` (day when none is found):
    a period opened by ``Dec 2020`` starts in ``Dec 2020``, not on 1 Dec."""
    for event in row.events:
        if event.date == start and event.kind not in MILESTONE_KINDS:
            return event.date_precision
    return DatePrecision.DAY


def _span_traces(
    rows: Sequence[ChartRow], cut: date, today: date, statuses_shown: set[str], words: _Words
):
    by_status: dict[str, dict[str, list]] = {}
    for row in rows:
        for status, start, end in row.periods_until(cut):
            start_text = words.date(start, _start_precision(row, start))
            end_text = words.today if end == today else words.date(end)
            status_label = words.statuses[status]
            bucket = by_status.setdefault(status, {"y": [], "base": [], "x": [], "text": []})
            bucket["y"].append(row.key)
            bucket["base"].append(_iso(start))
            # At least a day wide, so a status reached on the last day still shows.
            bucket["x"].append(max((end - start).days, 1) * MS_PER_DAY)
            bucket["text"].append(
                f"<b>{escape(row.name)}</b>: {escape(status_label)}<br>"
                + escape(words.span % {"start": start_text, "end": end_text})
            )
    traces = []
    for status in Status:
        bucket = by_status.get(status)
        if bucket is None and status not in statuses_shown:
            continue
        bucket = bucket or {"y": [], "base": [], "x": [], "text": []}
        marker = {"color": STATUS_COLOURS[status], "line": {"color": INK, "width": 1}}
        if status in STATUS_PATTERNS:
            marker["pattern"] = {
                "shape": STATUS_PATTERNS[status],
                "fgcolor": INK,
                "fgopacity": 0.5,
                "size": 6,
            }
        traces.append(
            go.Bar(
                name=str(status.label),
                legend="legend",
                orientation="h",
                y=bucket["y"],
                base=bucket["base"],
                x=bucket["x"],
                width=0.55,
                marker=marker,
                hovertext=bucket["text"],
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"status": str(status)},
            )
        )
    return traces


def group_hover_text(row: ChartRow, group: MarkerGroup, words: _Words) -> str:
    """A group's hover label: who, how many events, from when to when, what they were."""
    first = group.events[0]
    last = group.events[-1]
    lines = [
        f"<b>{escape(row.name)}</b> — " + escape(words.several % {"count": len(group.events)}),
        escape(
            words.span
            % {
                "start": words.date(first.date, first.date_precision),
                "end": words.date(last.date, last.date_precision),
            }
        ),
    ]
    kinds = []
    for event in group.events:
        label = words.kinds.get(event.kind, event.kind)
        if label not in kinds:
            kinds.append(label)
    lines.append(_wrap(", ".join(kinds)))
    lines.append(escape(words.open_list))
    return "<br>".join(lines)


def _kept_events(row: ChartRow, cut: date, kinds: set[str] | None) -> list[ChartEvent]:
    return [e for e in row.events_until(cut) if not kinds or e.kind in kinds]


def _marker_traces(
    rows: Sequence[ChartRow],
    cut: date,
    kinds: set[str] | None,
    words: _Words,
    axis: tuple[date, date],
):
    """Marker traces for each width of ``FIGURE_MARKER_WIDTHS``: ``meta.width`` says which;
    only the widest (the last) is visible until the browser chooses. A marker's
    ``customdata`` is the ids of its events, for the panel that opens on a click."""
    uncertain_x: list = []
    uncertain_y: list = []
    kept = {row.key: _kept_events(row, cut, kinds) for row in rows}
    for row in rows:
        for event in kept[row.key]:
            if event.is_imprecise:
                last_day = min(period_end(event.date, event.date_precision), cut)
                uncertain_x += [_iso(event.date), _iso(last_day), None]
                uncertain_y += [row.key, row.key, None]
    traces = []
    if uncertain_x:
        traces.append(
            go.Scatter(
                name=_("date known only to the month or year"),
                legend="legend2",
                x=uncertain_x,
                y=uncertain_y,
                mode="lines",
                line={"color": INK, "width": 3},
                hoverinfo="skip",
            )
        )
    texts: dict[int, str] = {}  # hover text of an event, made once for every width
    for width in FIGURE_MARKER_WIDTHS:
        visible = width == FIGURE_MARKER_WIDTHS[-1]
        by_kind: dict[str, dict[str, list]] = {}
        grouped: dict[str, list] = {"x": [], "y": [], "text": [], "ids": [], "count": []}
        for row in rows:
            for group in group_markers(kept[row.key], axis, width, FIGURE_MARKER_GAP):
                if len(group.events) > 1:
                    grouped["x"].append(_iso(group.date))
                    grouped["y"].append(row.key)
                    grouped["text"].append(group_hover_text(row, group, words))
                    grouped["ids"].append(group.ids)
                    grouped["count"].append(str(len(group.events)))
                    continue
                (event,) = group.events
                bucket = by_kind.setdefault(
                    event.kind, {"x": [], "y": [], "text": [], "symbol": [], "ids": []}
                )
                symbol = KIND_SYMBOLS.get(event.kind, "circle")
                bucket["x"].append(_iso(event.date))
                bucket["y"].append(row.key)
                key = id(event)
                if key not in texts:
                    texts[key] = event_hover_text(row, event, words)
                bucket["text"].append(texts[key])
                bucket["symbol"].append(f"{symbol}-open" if event.is_imprecise else symbol)
                bucket["ids"].append(group.ids)
        for kind in EventKind:
            bucket = by_kind.get(kind)
            if bucket is None:
                continue
            traces.append(
                go.Scatter(
                    name=str(kind.label),
                    legend="legend2",
                    legendgroup=str(kind),
                    visible=visible,
                    x=bucket["x"],
                    y=bucket["y"],
                    mode="markers",
                    marker={
                        "symbol": bucket["symbol"],
                        "size": 13,
                        "color": INK,
                        "line": {"color": "#ffffff", "width": 1.5},
                    },
                    hovertext=bucket["text"],
                    hovertemplate="%{hovertext}<extra></extra>",
                    customdata=bucket["ids"],
                    meta={"kind": str(kind), "width": width},
                )
            )
        if grouped["x"]:
            traces.append(
                go.Scatter(
                    name=words.group_legend,
                    legend="legend2",
                    legendgroup="group",
                    visible=visible,
                    x=grouped["x"],
                    y=grouped["y"],
                    mode="markers+text",
                    text=grouped["count"],
                    textposition="middle center",
                    textfont={"size": 10, "color": INK},
                    marker={
                        "symbol": "circle",
                        "size": 17,
                        "color": "#ffffff",
                        "line": {"color": INK, "width": 2},
                    },
                    hovertext=grouped["text"],
                    hovertemplate="%{hovertext}<extra></extra>",
                    customdata=grouped["ids"],
                    meta={"kind": "group", "width": width},
                )
            )
    return traces


def _date_line(day: date, label: str, dash: str):
    shape = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": _iso(day),
        "x1": _iso(day),
        "y0": 0,
        "y1": 1,
        "line": {"color": INK, "width": 1.5, "dash": dash},
    }
    annotation = {
        "xref": "x",
        "yref": "paper",
        "x": _iso(day),
        "y": 1,
        "yanchor": "bottom",
        "xanchor": "right",
        "text": escape(label),
        "showarrow": False,
        "font": {"color": INK, "size": 12},
    }
    return shape, annotation


#: A row's height in a chart drawn in waves: its label is the name alone (the role, shared by
#: the wave, is in the wave's heading), so rows can be closer.
WAVE_ROW_HEIGHT = 30
WAVE_BAND = "#f0f0f0"


def _wave_categories(waves: Sequence[Wave]):
    """The y axis of a chart drawn in waves: each wave's heading is a category of its own
    (an empty row with the heading as its label) above its rows, and every other wave has a
    shaded band behind it. Returns the keys, the tick labels, the phone's tick labels and the
    bands (shapes)."""
    keys, ticktext, narrow, bands = [], [], [], []
    for number, wave in enumerate(waves):
        first = len(keys)
        keys.append(wave.key)
        ticktext.append(
            f"<b>{escape(wave.title)}</b><br>"
            f'<span style="font-size:11px;color:{MUTED}">{escape(wave.detail)}</span>'
        )
        short = str(wave.year) if wave.year is not None else _("Not in force")
        narrow.append(f"<b>{escape(short)}</b>")
        for row in wave.rows:
            keys.append(row.key)
            ticktext.append(_tick_label(row) if not wave.role else f"<b>{escape(row.name)}</b>")
            narrow.append(_narrow_tick_label(row))
        if number % 2 == 0:
            bands.append(
                {
                    "type": "rect",
                    "xref": "paper",
                    "yref": "y",
                    "x0": 0,
                    "x1": 1,
                    "y0": first - 0.5,
                    "y1": len(keys) - 0.5,
                    "fillcolor": WAVE_BAND,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
    return keys, ticktext, narrow, bands


def build_figure(
    rows: Sequence[ChartRow],
    *,
    today: date,
    as_of: date | None = None,
    statuses: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    start: date | None = None,
    zoom: tuple[date, date] | None = None,
) -> go.Figure:
    """The timeline of ``rows`` (in the order given, first at the top) as it stood at the end
    of day ``as_of`` (or ``today``).

    - Events after that day are left out, and rows with no event by then are not drawn.
    - Each row's status periods are coloured spans, the current one running to that day.
    - ``statuses`` keeps only rows whose status on that day is one of them; ``kinds`` keeps
      only markers of those kinds (the spans still follow every event). Empty means all.
    - The date axis runs from ``start`` (default: the first event) to that day, so an early
      day is not lost in a strip at the left of a long axis; ``zoom`` (first, last day)
      narrows it to a window.
    - Markers that would overlap are grouped (see :func:`group_markers`), once for each
      width of ``FIGURE_MARKER_WIDTHS``.
    """
    cut = as_of or today
    kinds = set(kinds or ())
    shown = visible_rows(rows, cut, statuses)
    axis = axis_range(rows, cut, start, zoom)
    waves = row_waves(shown, cut)
    if waves:
        shown = [row for wave in waves for row in wave.rows]

    words = _Words()
    traces = _span_traces(shown, cut, today, set(statuses or ()), words)
    traces += _marker_traces(shown, cut, kinds, words, axis)

    shapes, annotations = [], []
    if cut >= today:
        line, note = _date_line(today, _("today"), "dot")
        shapes.append(line)
        annotations.append(note)
    if as_of is not None and as_of != today:
        line, note = _date_line(as_of, _("as of %(date)s") % {"date": format_date(as_of)}, "dash")
        shapes.append(line)
        annotations.append(note)

    keys = [row.key for row in shown]
    ticktext = [_tick_label(row) for row in shown]
    narrow_ticktext = [_narrow_tick_label(row) for row in shown]
    row_height = ROW_HEIGHT
    if waves:
        keys, ticktext, narrow_ticktext, bands = _wave_categories(waves)
        shapes.extend(bands)
        row_height = WAVE_ROW_HEIGHT
    # The legends sit a fixed number of pixels above and below the plot, clear of the "today"
    # label and the dates; Plotly places them in fractions of the plot's height.
    plot_height = row_height * max(len(keys), 1)
    figure = go.Figure(data=traces, layout={"template": "none"})
    figure.update_layout(
        barmode="overlay",
        height=LEGENDS_HEIGHT + plot_height,
        margin={"l": 10, "r": 16, "t": 36, "b": 10, "autoexpand": True},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        font={
            "family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "size": 13,
            "color": INK,
        },
        hovermode="closest",
        hoverlabel={
            "bgcolor": "#ffffff",
            "bordercolor": INK,
            "font": {"color": INK},
            "align": "left",
        },
        dragmode=False,
        # Statuses above the plot, kinds of event below it; both wrap on a narrow screen.
        legend={
            "title": {"text": f"<b>{escape(_('Status'))}</b>"},
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1 + 26 / plot_height,
            "yanchor": "bottom",
            "font": {"size": 12},
            "itemclick": False,
            "itemdoubleclick": False,
        },
        legend2={
            "title": {"text": f"<b>{escape(_('Event'))}</b>"},
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -40 / plot_height,
            "yanchor": "top",
            "font": {"size": 12},
            "itemclick": False,
            "itemdoubleclick": False,
        },
        xaxis={
            "type": "date",
            "range": [_iso(axis[0]), _iso(axis[1])],
            "showgrid": True,
            "gridcolor": "#e4e4e4",
            "linecolor": INK,
            "tickfont": {"color": INK},
            "automargin": True,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": keys,
            "tickmode": "array",
            "tickvals": keys,
            "ticktext": ticktext,
            "fixedrange": True,
            "automargin": True,
            "range": [len(keys) - 0.5, -0.5] if keys else None,
        },
        shapes=shapes,
        annotations=annotations,
        meta={
            "narrowTicktext": narrow_ticktext,
            "markerWidths": list(FIGURE_MARKER_WIDTHS),
        },
    )
    if not shown:
        figure.add_annotation(
            text=escape(_("No state matches on this date.")),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 15, "color": INK},
        )
    return figure


def figure_data(figure: go.Figure) -> dict:
    """The figure as plain JSON-ready data (for ``json_script``)."""
    return figure.to_plotly_json()
