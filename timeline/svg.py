"""The timeline drawn by the server as SVG: the first view of the readers' page, and the chart
the SVG and PNG downloads, the embed page and the social card show.

:func:`build_svg` is a pure function of the same plain data as the Plotly figure
(:class:`~timeline.charts.ChartRow`), the same status periods, the same date axis and the same
grouping of markers that would overlap. It needs no JavaScript: each marker is a link to its
state's page with a ``<title>`` (a native tooltip); the page's small script turns a click on it
into the marker's panel.

Two layouts: ``wide`` (labels on the left, for a desktop, the downloads and the card) and
``narrow`` (each row's label above its bar, for a phone). Both are drawn in a viewBox about as
wide as the screen that shows them, so text and markers keep their size; scaling the drawing
never makes markers overlap, since they are at least a marker apart in the viewBox.

A chart of many rows (NATO's 32) is drawn in the waves of :func:`~timeline.charts.row_waves`,
as the Plotly figure is: a heading per wave on alternately shaded bands, closer rows.
"""

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils import translation
from django.utils.translation import gettext as _

from accords.models import DatePrecision, format_date
from accords.status import EventKind, Status, period_end

from .charts import (
    INK,
    MUTED,
    STATUS_COLOURS,
    WAVE_BAND,
    ChartEvent,
    ChartRow,
    DateFormatter,
    MarkerGroup,
    axis_range,
    group_markers,
    row_waves,
    visible_rows,
)

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
#: Marker size and the least distance between two markers' centres, in viewBox units.
MARKER_SIZE = 12
MARKER_GAP = 20
GROUP_RADIUS = 8
KINDS = frozenset(EventKind)


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    plot_left: int
    plot_right: int
    row_height: int
    bar_height: int
    #: Rows carry their label above the bar (narrow) rather than on the left (wide).
    label_above: bool
    font_size: int


WIDE = Layout("wide", 1100, 200, 1080, 44, 20, False, 13)
NARROW = Layout("narrow", 360, 12, 348, 58, 18, True, 12)
LAYOUTS = {"wide": WIDE, "narrow": NARROW}
#: A chart drawn in waves (``timeline.charts.row_waves``): each wave's heading is this high,
#: and its rows, whose labels carry no role (the heading names the wave's), are closer.
WAVE_HEADING = 26
WAVE_ROW = {"wide": 30, "narrow": 38}
WAVE_BAR = 14
#: On a phone a wave's row whose bar starts far enough to the right carries its label on the
#: bar's line, before it, and takes this much height.
WAVE_INLINE_ROW = 26


@functools.cache
def _shape(kind: str, size: float) -> tuple[float, float, str] | None:
    """``kind``'s marker outline as the offset of its first point from the centre and the
    rest as relative path segments, computed once per kind: a drawing then only places it."""
    r = size / 2
    shapes = {
        EventKind.SIGNED: [(0, -r * 1.2), (r * 1.2, 0), (0, r * 1.2), (-r * 1.2, 0)],
        EventKind.RATIFIED: [(-r, -r), (r, -r), (r, r), (-r, r)],
        EventKind.ENTERED_INTO_FORCE: _star(r * 1.25, r * 0.55, 5),
        EventKind.RELATIONS_ESTABLISHED: _star(r * 1.15, r * 0.65, 6),
        EventKind.EMBASSY_OPENED: [(0, -r * 1.1), (r * 1.1, r * 0.9), (-r * 1.1, r * 0.9)],
        EventKind.STATEMENT: _cross(r, r * 0.4),
        EventKind.STALLED: _rotate(_cross(r * 1.1, r * 0.38), 45),
        EventKind.STRAINED: [(-r, -r), (r, r), (r, -r), (-r, r)],
        EventKind.DOMESTIC_STEP: _star(r * 1.1, r * 1.1, 3),  # a hexagon
        EventKind.MISSION_OPENED: [(-r * 1.1, 0), (r * 0.9, -r * 1.1), (r * 0.9, r * 1.1)],
        EventKind.ENVOY_ARRIVED: _star(r * 1.15, r, 5)[::2],  # a pentagon: the star's tips
        EventKind.VISIT: [(-r, -r), (r, -r), (-r, r), (r, r)],
        EventKind.SUSPENDED: [(0, r * 1.1), (r * 1.1, -r * 0.9), (-r * 1.1, -r * 0.9)],
        EventKind.RESUMED: [(r * 1.1, 0), (-r * 0.9, r * 1.1), (-r * 0.9, -r * 1.1)],
        EventKind.WITHDRAWN: [(-r, -r), (r, -r), (r, r), (-r, r)],
    }
    points = shapes.get(kind)
    if points is None:
        return None
    steps = "".join(
        f"l{bx - ax:.1f},{by - ay:.1f}"
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False)
    )
    if kind == EventKind.WITHDRAWN:  # a square with an x, as the figure's "square-x"
        steps += f"zl{2 * r:.1f},{2 * r:.1f}m0,{-2 * r:.1f}l{-2 * r:.1f},{2 * r:.1f}"
        return points[0][0], points[0][1], steps
    return points[0][0], points[0][1], steps + "z"


def _symbol_path(kind: str, x: float, y: float, size: float = MARKER_SIZE) -> str:
    """An SVG path for ``kind``'s marker centred on (x, y): the same shapes as the figure's
    (empty for the circle, drawn as ``<circle>``)."""
    shape = _shape(kind, size)
    if shape is None:
        return ""
    dx, dy, steps = shape
    return f"M{x + dx:.1f},{y + dy:.1f}{steps}"


def _star(outer, inner, tips):
    points = []
    for i in range(tips * 2):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi * i / tips - math.pi / 2
        points.append((radius * math.cos(angle), radius * math.sin(angle)))
    return points


def _cross(r, w):
    return [
        (-w, -r), (w, -r), (w, -w), (r, -w), (r, w), (w, w),
        (w, r), (-w, r), (-w, w), (-r, w), (-r, -w), (-w, -w),
    ]  # fmt: skip


def _rotate(points, degrees):
    a = math.radians(degrees)
    return [
        (x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)) for x, y in points
    ]


def _marker_shape(kind: str, x: float, y: float, hollow: bool) -> str:
    fill, stroke = ("#ffffff", INK) if hollow else (INK, "#ffffff")
    width = 1.6 if hollow else 1.2
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"'
    if kind == EventKind.ANNOUNCED or kind not in KINDS:
        return f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{MARKER_SIZE / 2}" {paint}/>'
    extra = ""
    if kind == EventKind.WITHDRAWN:  # a square with an x, as Plotly's square-x
        r = MARKER_SIZE / 2
        extra = (
            f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}'
            f'M{x + r:.1f},{y - r:.1f}L{x - r:.1f},{y + r:.1f}" stroke="{stroke}" '
            f'stroke-width="1.2" fill="none"/>'
        )
    return f'<path class="mark" d="{_symbol_path(kind, x, y)}" {paint}/>{extra}'


class _Scale:
    def __init__(self, axis: tuple[date, date], left: float, right: float):
        self.first, self.last = axis
        self.left, self.right = left, right
        self.days = max((self.last - self.first).days, 1)

    def x(self, day: date) -> float:
        offset = (day - self.first).days / self.days
        return self.left + min(max(offset, 0.0), 1.0) * (self.right - self.left)


def _ticks(axis: tuple[date, date], width: float) -> list[tuple[date, str]]:
    """Dates for the axis's tick labels: years, or months when the axis is short."""
    first, last = axis
    most = max(int(width // 80), 2)
    for months in (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200):
        count = ((last.year - first.year) * 12 + last.month - first.month) // months
        if count <= most:
            break
    ticks = []
    year, month = first.year, first.month
    while True:
        index = year * 12 + (month - 1)
        index = -(-index // months) * months  # round up to a multiple of the step
        day = date(index // 12, index % 12 + 1, 1)
        if day > last:
            break
        if day >= first:
            label = str(day.year) if months >= 12 else format_date(day, DatePrecision.MONTH)
            ticks.append((day, label))
        index += months
        year, month = index // 12, index % 12 + 1
        if year > 9999:
            break
    return ticks


#: A group's tooltip lists its events up to this many; a larger group's tooltip summarises
#: them, and its panel lists them all.
GROUP_TITLE_LINES = 4


class _Words(dict):
    """The translated words of a drawing and its date formatter, each looked up once."""

    def __init__(self):
        super().__init__(
            kinds={kind.value: str(kind.label) for kind in EventKind},
            statuses={status.value: str(status.label) for status in Status},
            more=_("Select the marker for the list."),
            several=_("%(count)d events"),
            span=_("from %(start)s to %(end)s"),
            today=_("today"),
        )
        self.date = DateFormatter()


def _words():
    return _Words()


def _event_title(row: ChartRow, event: ChartEvent, words) -> str:
    when = words.date(event.date, event.date_precision)
    if event.is_imprecise:
        when += " " + _("(exact day not known)")
    lines = [f"{row.name} — {words['kinds'].get(event.kind, event.kind)}", when]
    if event.title:
        lines.append(event.title)
    if event.place:
        lines.append(_("Place: %(place)s") % {"place": event.place})
    if event.sources:
        publishers = ", ".join(source.publisher for source in event.sources)
        lines.append(_("Source: %(publishers)s") % {"publishers": publishers})
    return "\n".join(lines)


def _group_title(row: ChartRow, group: MarkerGroup, words) -> str:
    lines = [
        f"{row.name} — " + words["several"] % {"count": len(group.events)},
    ]
    if len(group.events) > GROUP_TITLE_LINES:
        # A long list helps no one in a tooltip: the span of dates and how many of each kind.
        first, last = group.events[0], group.events[-1]
        lines.append(
            words["span"]
            % {
                "start": words.date(first.date, first.date_precision),
                "end": words.date(last.date, last.date_precision),
            }
        )
        tally = Counter(event.kind for event in group.events)
        lines.append(
            ", ".join(
                f"{count} {words['kinds'].get(kind, kind)}" for kind, count in tally.most_common()
            )
        )
        lines.append(words["more"])
        return "\n".join(lines)
    for event in group.events:
        lines.append(
            f"{words.date(event.date, event.date_precision)}: "
            f"{words['kinds'].get(event.kind, event.kind)}"
        )
    return "\n".join(lines)


def _marker_link(row: ChartRow, group: MarkerGroup) -> str:
    ids = group.ids
    if not row.link:
        return ""
    return f"{row.link}#event-{ids[0]}" if ids else row.link


def build_svg(
    rows: Sequence[ChartRow],
    *,
    today: date,
    as_of: date | None = None,
    statuses: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    start: date | None = None,
    zoom: tuple[date, date] | None = None,
    layout: str = "wide",
    title: str = "",
    standalone: bool = False,
) -> str:
    """The timeline of ``rows`` as an SVG document fragment (``standalone`` adds the XML
    namespace declarations a file needs). Same arguments and meaning as
    :func:`timeline.charts.build_figure`; ``layout`` is ``"wide"`` or ``"narrow"``."""
    geometry = LAYOUTS[layout]
    cut = as_of or today
    kinds = set(kinds or ())
    shown = visible_rows(rows, cut, statuses)
    waves = row_waves(shown, cut)
    plan = (
        [(wave, row) for wave in waves for row in wave.rows]
        if waves
        else [(None, row) for row in shown]
    )
    axis = axis_range(rows, cut, start, zoom)
    # Right to left (Arabic): the row labels move to the right and the legends flow from the
    # right, but time still runs left to right, as in Al Jazeera's and Al Arabiya's charts of
    # dates: their date axes keep the calendar's order (and the Latin digits of the dates
    # read left to right), only the labels and the reading order are mirrored.
    rtl = translation.get_language_bidi()
    mirror = (lambda x: geometry.width - x) if rtl else (lambda x: x)
    plot_left, plot_right = sorted((mirror(geometry.plot_left), mirror(geometry.plot_right)))
    scale = _Scale(axis, plot_left, plot_right)
    # Above its bar on a phone, a right-to-left label starts where the "today" line runs.
    halo = ' stroke="#ffffff" stroke-width="4" paint-order="stroke"' if rtl else ""
    words = _words()
    fs = geometry.font_size

    periods = {row.key: row.periods_until(cut) for row in shown}
    statuses_drawn = {
        status
        for row in shown
        for status, first, last in periods[row.key]
        if not (last < axis[0] or first > axis[1])
    }
    kinds_drawn = []
    any_imprecise = any_group = False

    status_legend, legend_height = _legend(
        [
            (status, words["statuses"][status])
            for status in Status
            if status in statuses_drawn or status in set(statuses or ())
        ],
        geometry,
        4,
        _("Status"),
        kind="status",
        mirror=mirror,
    )
    rows_top = 4 + legend_height + 30  # room for the "today" label under the legend
    body: list[str] = []
    bands: list[str] = []
    width = geometry.plot_right - geometry.plot_left
    y0 = rows_top
    wave_drawn, wave_top = None, 0
    for wave, row in plan:
        if wave is not None and wave is not wave_drawn:
            if wave_drawn is not None:
                bands.append(_wave_band(waves.index(wave_drawn), wave_top, y0, geometry))
            wave_drawn, wave_top = wave, y0
            body.append(_wave_heading(wave, y0, geometry, rtl))
            y0 += WAVE_HEADING
        events = [e for e in row.events_until(cut) if not kinds or e.kind in kinds]
        groups = group_markers(events, axis, width, MARKER_GAP)
        role = row.role if wave is None or not wave.role else ""
        row_height, bar_height, inline = geometry.row_height, geometry.bar_height, False
        if wave is not None and not role:
            row_height, bar_height = WAVE_ROW[geometry.name], WAVE_BAR
            # A right-to-left label has no room before its bar: it keeps its own line.
            inline = (
                not rtl
                and geometry.label_above
                and _fits_before(row, periods, groups, scale, axis, fs)
            )
            if inline:
                row_height = WAVE_INLINE_ROW
        if inline:
            bar_y = y0 + row_height / 2
        elif geometry.label_above:
            label_y = y0 + 14
            bar_y = y0 + 22 + bar_height / 2
        else:
            label_y = y0 + row_height / 2 - (2 if role else -4)
            bar_y = y0 + row_height / 2
        parts = [f'<g class="row" data-row="{escape(row.key)}">']
        name = escape(row.name)
        if inline:
            parts.append(
                f'<text class="row-label" x="{inline - 6:.1f}" y="{bar_y + 4:.1f}" '
                f'text-anchor="end" font-weight="600">{name}</text>'
            )
        elif geometry.label_above:
            role_span = f' <tspan fill="{MUTED}">({escape(role)})</tspan>' if role else ""
            parts.append(
                f'<text class="row-label" x="{mirror(geometry.plot_left)}" y="{label_y:.1f}" '
                f'font-weight="600"{halo}>{name}{role_span}</text>'
            )
        else:
            parts.append(
                f'<text class="row-label" x="{mirror(geometry.plot_left - 10)}" y="{label_y:.1f}" '
                f'text-anchor="end" font-weight="600">{name}</text>'
            )
            if role:
                parts.append(
                    f'<text x="{mirror(geometry.plot_left - 10)}" y="{label_y + 14:.1f}" '
                    f'text-anchor="end" font-size="{fs - 2}" fill="{MUTED}">'
                    f"{escape(role)}</text>"
                )
        half = bar_height / 2
        for status, first, last in periods[row.key]:
            if last < axis[0] or first > axis[1]:
                continue
            x0, x1 = scale.x(first), scale.x(last)
            x1 = max(x1, x0 + 1.5)
            label = words["statuses"].get(status, status)
            when = words["span"] % {
                "start": words.date(first),
                "end": words["today"] if last == today else words.date(last),
            }
            pattern = (
                f'<rect x="{x0:.1f}" y="{bar_y - half:.1f}" width="{x1 - x0:.1f}" '
                f'height="{bar_height}" fill="url(#hatch-{status})"/>'
                if status in (Status.SUSPENDED, Status.WITHDRAWN)
                else ""
            )
            parts.append(
                f'<g class="span span-{escape(status)}"><title>{escape(row.name)}: '
                f"{escape(label)}, {escape(when)}</title>"
                f'<rect x="{x0:.1f}" y="{bar_y - half:.1f}" width="{x1 - x0:.1f}" '
                f'height="{bar_height}" fill="{STATUS_COLOURS.get(status, "#ccc")}" '
                f'stroke="{INK}" stroke-width="1"/>{pattern}</g>'
            )
        for event in events:
            if event.date_precision != DatePrecision.DAY and axis[0] <= event.date <= axis[1]:
                any_imprecise = True
                x0 = scale.x(event.date)
                x1 = scale.x(min(period_end(event.date, event.date_precision), cut))
                parts.append(
                    f'<line class="uncertain" x1="{x0:.1f}" x2="{max(x1, x0 + 1):.1f}" '
                    f'y1="{bar_y:.1f}" y2="{bar_y:.1f}" stroke="{INK}" stroke-width="3"/>'
                )
        for group in groups:
            x = scale.x(group.date)
            href = _marker_link(row, group)
            ids = " ".join(str(i) for i in group.ids)
            if len(group.events) == 1:
                (event,) = group.events
                if event.kind not in kinds_drawn:
                    kinds_drawn.append(event.kind)
                tooltip = _event_title(row, event, words)
                shape = _marker_shape(event.kind, x, bar_y, event.is_imprecise)
                kind_class = f"marker-{escape(event.kind)}"
            else:
                any_group = True
                tooltip = _group_title(row, group, words)
                shape = (
                    f'<circle class="mark" cx="{x:.1f}" cy="{bar_y:.1f}" r="{GROUP_RADIUS}" '
                    f'fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
                    f'<text x="{x:.1f}" y="{bar_y + 3.5:.1f}" text-anchor="middle" '
                    f'font-size="10" font-weight="700">{len(group.events)}</text>'
                )
                kind_class = "marker-group"
            # The <title> is the link's tooltip and its accessible name.
            open_tag = (
                f'<a class="marker {kind_class}" href="{escape(href, quote=True)}" '
                f'data-events="{ids}" data-row="{escape(row.key, quote=True)}" data-x="{x:.1f}">'
                if href
                else f'<g class="marker {kind_class}" data-events="{ids}">'
            )
            close_tag = "</a>" if href else "</g>"
            parts.append(f"{open_tag}<title>{escape(tooltip)}</title>{shape}{close_tag}")
        parts.append("</g>")
        body.extend(parts)
        y0 += row_height
    if wave_drawn is not None:
        bands.append(_wave_band(waves.index(wave_drawn), wave_top, y0, geometry))

    rows_bottom = y0 if shown else rows_top + geometry.row_height
    frame: list[str] = []
    # The date axis: grid lines and labels below the rows.
    for day, label in _ticks(axis, plot_right - plot_left):
        x = scale.x(day)
        half_label = len(label) * (fs - 1) * 0.3
        label_x = min(max(x, half_label + 2), geometry.width - half_label - 2)
        frame.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{rows_top - 6}" y2="{rows_bottom}" '
            f'stroke="#e4e4e4"/>'
            f'<text x="{label_x:.1f}" y="{rows_bottom + 16}" text-anchor="middle" '
            f'font-size="{fs - 1}">{escape(label)}</text>'
        )
    frame.append(
        f'<line x1="{plot_left}" x2="{plot_right}" y1="{rows_bottom}" '
        f'y2="{rows_bottom}" stroke="{INK}"/>'
    )
    lines: list[str] = []
    if axis[0] <= today <= axis[1]:
        lines.append(_date_line(scale.x(today), rows_top, rows_bottom, _("today"), "2,3", fs, rtl))
    if as_of is not None and as_of != today and axis[0] <= as_of <= axis[1]:
        text = _("as of %(date)s") % {"date": format_date(as_of)}
        lines.append(_date_line(scale.x(as_of), rows_top, rows_bottom, text, "6,4", fs, rtl))

    if not shown:
        body.append(
            f'<text x="{geometry.width / 2}" y="{rows_top + geometry.row_height / 2 + 5}" '
            f'text-anchor="middle" font-size="{fs + 2}">'
            f"{escape(_('No state matches on this date.'))}</text>"
        )

    kind_items = [(kind, words["kinds"][kind]) for kind in EventKind if kind in kinds_drawn]
    if any_imprecise:
        kind_items.append(("uncertain", _("date known only to the month or year")))
    if any_group:
        kind_items.append(("group", _("several events (the number)")))
    event_legend = _legend(
        kind_items, geometry, rows_bottom + 30, _("Event"), kind="event", mirror=mirror
    )
    height = rows_bottom + 30 + event_legend[1] + 8
    defs = (
        "<defs>"
        '<pattern id="hatch-suspended" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<path d="M0,0L6,6M6,0L0,6" stroke="{INK}" stroke-opacity=".5" stroke-width="1"/>'
        "</pattern>"
        '<pattern id="hatch-withdrawn" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<path d="M0,6L6,0M-1,1L1,-1M5,7L7,5" stroke="{INK}" stroke-opacity=".5" '
        'stroke-width="1"/></pattern>'
        "</defs>"
    )
    namespaces = (
        ' xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        if standalone
        else ""
    )
    heading = (
        f'<text x="{mirror(geometry.plot_left if geometry.label_above else 10)}" y="{height - 4}" '
        f'font-size="{fs - 2}" fill="{MUTED}">{escape(title)}</text>'
        if title
        else ""
    )
    if title:
        height += 6
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<svg{namespaces} class="timeline-svg timeline-svg-{geometry.name}" '
        f'viewBox="0 0 {geometry.width} {height:.0f}" width="{geometry.width}" '
        f'height="{height:.0f}" font-family="{escape(FONT, quote=True)}" font-size="{fs}" '
        f'fill="{INK}" role="group" aria-label="{escape(_("Timeline"), quote=True)}"'
        f"{direction}>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>{defs}'
        f"{status_legend}{''.join(bands)}{''.join(frame)}{''.join(body)}{''.join(lines)}"
        f"{event_legend[0]}{heading}</svg>"
    )


def _wave_heading(wave, top, geometry: Layout, rtl=False) -> str:
    x = geometry.plot_left if geometry.label_above else 10
    x = geometry.width - x if rtl else x  # a right-to-left heading starts on the right
    return (
        f'<g class="wave-heading" data-wave="{escape(wave.key, quote=True)}">'
        f'<text x="{x}" y="{top + 18}" font-weight="700">{escape(wave.title)}'
        f'<tspan font-weight="400" fill="{MUTED}">\u00a0· {escape(wave.detail)}</tspan>'
        "</text></g>"
    )


def _wave_band(number, top, bottom, geometry: Layout) -> str:
    """Every other wave on a light band, so the eye keeps to a wave across the drawing."""
    if number % 2:
        return ""
    return (
        f'<rect class="wave-band" x="0" y="{top}" width="{geometry.width}" '
        f'height="{bottom - top}" fill="{WAVE_BAND}"/>'
    )


def _fits_before(row, periods, groups, scale, axis, fs) -> float:
    """Where a phone's label of ``row`` can end on its bar's line, before its first span and
    marker; 0 when the name would not fit there."""
    starts = [scale.x(max(first, axis[0])) for _s, first, last in periods[row.key]]
    starts += [scale.x(group.date) - GROUP_RADIUS - 2 for group in groups]
    if not starts:
        return 0
    room = min(starts)
    needed = len(row.name) * fs * 0.62 + 10
    return room if scale.left + needed <= room else 0


def _date_line(x, top, bottom, label, dash, fs, rtl=False) -> str:
    # The label sits left of its line; in a right-to-left drawing that is the text's start.
    anchor = "start" if rtl else "end"
    return (
        f'<g class="date-line"><line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 12}" y2="{bottom}" '
        f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
        f'<text x="{x - 3:.1f}" y="{top - 16}" text-anchor="{anchor}" font-size="{fs - 1}">'
        f"{escape(label)}</text></g>"
    )


def _legend(items, geometry: Layout, y: float, heading: str, kind: str, mirror=lambda x: x):
    """A legend laid out in lines across the drawing's width: ``(svg, height)``. ``mirror``
    maps a left-to-right x to the drawing's (right to left: from the right edge)."""
    fs = geometry.font_size - 1
    x = 10
    line_height = 20
    out = [f'<g class="legend legend-{kind}"><text x="{mirror(x)}" y="{y + 14}" font-weight="700" '
           f'font-size="{fs}">{escape(heading)}</text>']  # fmt: skip
    x += 8 * len(heading) + 14
    cy = y + 10
    for value, label in items:
        width = 24 + int(len(label) * fs * 0.56)
        if x + width > geometry.width - 10:
            x = 10
            cy += line_height
        if kind == "status":
            swatch = (
                f'<rect x="{min(mirror(x), mirror(x + 14))}" y="{cy - 6}" width="14" height="12" '
                f'fill="{STATUS_COLOURS[value]}" stroke="{INK}"/>'
            )
            if value in (Status.SUSPENDED, Status.WITHDRAWN):
                swatch += (
                    f'<rect x="{min(mirror(x), mirror(x + 14))}" y="{cy - 6}" width="14" '
                    f'height="12" fill="url(#hatch-{value})"/>'
                )
        elif value == "uncertain":
            swatch = f'<line x1="{mirror(x)}" x2="{mirror(x + 14)}" y1="{cy}" y2="{cy}" ' \
                     f'stroke="{INK}" stroke-width="3"/>'  # fmt: skip
        elif value == "group":
            swatch = (
                f'<circle cx="{mirror(x + 7)}" cy="{cy}" r="6" fill="#fff" stroke="{INK}" '
                'stroke-width="2"/>'
            )
        else:
            swatch = _marker_shape(value, mirror(x + 7), cy, False).replace('class="mark" ', "")
        out.append(
            f'{swatch}<text x="{mirror(x + 20)}" y="{cy + 4}" font-size="{fs}">'
            f"{escape(label)}</text>"
        )
        x += width + 12
    out.append("</g>")
    return "".join(out), cy - y + 14
