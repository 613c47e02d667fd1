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

from html import escape

from django.utils import translation
from django.utils.translation import gettext as _

from accords.dates import DatePrecision, format_date
from accords.status import EventKind, Status, period_end

from .charts import INK, MUTED, STATUS_COLOURS, group_markers, plan_chart
from .svg_marks import GROUP_RADIUS, marker_shape
from .svg_marks import symbol_path as _symbol_path  # noqa: F401  (the name tests use)
from .svg_parts import (
    LAYOUTS,
    NARROW,  # noqa: F401  (for importers)
    WAVE_BAR,
    WAVE_HEADING,
    WAVE_INLINE_ROW,
    WAVE_ROW,
    WIDE,  # noqa: F401  (for importers)
    Scale,
    Words,
    date_line,
    event_title,
    fits_before,
    group_title,
    legend,
    marker_link,
    ticks,
    wave_band,
    wave_heading,
)

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
#: The least distance between two markers' centres, in viewBox units.
MARKER_GAP = 20


def build_svg(
    rows, *, layout: str = "wide", title: str = "", standalone: bool = False, **choices
) -> str:
    """The timeline of ``rows`` as an SVG document fragment (``standalone`` adds the XML
    namespace declarations a file needs); ``choices`` are those of
    :func:`timeline.charts.plan_chart`, as for the Plotly figure. ``layout`` is ``"wide"`` or
    ``"narrow"``."""
    geometry = LAYOUTS[layout]
    plan = plan_chart(rows, **choices)
    today, as_of, cut, axis, shown, waves = (
        plan.today,
        plan.as_of,
        plan.cut,
        plan.axis,
        plan.shown,
        plan.waves,
    )
    drawn = (
        [(wave, row) for wave in waves for row in wave.rows]
        if waves
        else [(None, row) for row in shown]
    )
    # Right to left (Arabic): the row labels move to the right and the legends flow from the
    # right, but time still runs left to right, as in Al Jazeera's and Al Arabiya's charts of
    # dates: their date axes keep the calendar's order (and the Latin digits of the dates
    # read left to right), only the labels and the reading order are mirrored.
    rtl = translation.get_language_bidi()
    mirror = (lambda x: geometry.width - x) if rtl else (lambda x: x)
    plot_left, plot_right = sorted((mirror(geometry.plot_left), mirror(geometry.plot_right)))
    scale = Scale(axis, plot_left, plot_right)
    # Above its bar on a phone, a right-to-left label starts where the "today" line runs.
    halo = ' stroke="#ffffff" stroke-width="4" paint-order="stroke"' if rtl else ""
    words = Words()
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

    status_legend, legend_height = legend(
        [
            (status, words["statuses"][status])
            for status in Status
            if status in statuses_drawn or status in plan.statuses
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
    for wave, row in drawn:
        if wave is not None and wave is not wave_drawn:
            if wave_drawn is not None:
                bands.append(wave_band(waves.index(wave_drawn), wave_top, y0, geometry))
            wave_drawn, wave_top = wave, y0
            body.append(wave_heading(wave, y0, geometry, rtl))
            y0 += WAVE_HEADING
        events = plan.events_of(row)
        groups = group_markers(events, axis, width, MARKER_GAP)
        role = row.role if wave is None or not wave.role else ""
        row_height, bar_height, inline = geometry.row_height, geometry.bar_height, False
        if wave is not None and not role:
            row_height, bar_height = WAVE_ROW[geometry.name], WAVE_BAR
            # A right-to-left label has no room before its bar: it keeps its own line.
            inline = (
                not rtl
                and geometry.label_above
                and fits_before(row, periods, groups, scale, axis, fs)
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
        parts += _spans(row, periods[row.key], plan, scale, bar_y, bar_height, words)
        uncertain = _uncertain_bars(events, plan, scale, bar_y)
        any_imprecise = any_imprecise or bool(uncertain)
        parts += uncertain
        for group in groups:
            if len(group.events) == 1 and group.events[0].kind not in kinds_drawn:
                kinds_drawn.append(group.events[0].kind)
            any_group = any_group or len(group.events) > 1
            parts.append(_marker(row, group, scale.x(group.date), bar_y, words))
        parts.append("</g>")
        body.extend(parts)
        y0 += row_height
    if wave_drawn is not None:
        bands.append(wave_band(waves.index(wave_drawn), wave_top, y0, geometry))

    rows_bottom = y0 if shown else rows_top + geometry.row_height
    frame: list[str] = []
    # The date axis: grid lines and labels below the rows.
    for day, label in ticks(axis, plot_right - plot_left):
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
        lines.append(date_line(scale.x(today), rows_top, rows_bottom, _("today"), "2,3", fs, rtl))
    if as_of is not None and as_of != today and axis[0] <= as_of <= axis[1]:
        text = _("as of %(date)s") % {"date": format_date(as_of)}
        lines.append(date_line(scale.x(as_of), rows_top, rows_bottom, text, "6,4", fs, rtl))

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
    event_legend = legend(
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


def _spans(row, periods, plan, scale, bar_y, bar_height, words) -> list[str]:
    """``row``'s status periods on the axis, as coloured bars (hatched for the two statuses
    that mean trouble), each with its tooltip."""
    axis, today = plan.axis, plan.today
    parts = []
    half = bar_height / 2
    for status, first, last in periods:
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
    return parts


def _uncertain_bars(events, plan, scale, bar_y) -> list[str]:
    """A bar across the period each event known only to the month or year may stand for."""
    axis, cut = plan.axis, plan.cut
    parts = []
    for event in events:
        if event.date_precision != DatePrecision.DAY and axis[0] <= event.date <= axis[1]:
            x0 = scale.x(event.date)
            x1 = scale.x(min(period_end(event.date, event.date_precision), cut))
            parts.append(
                f'<line class="uncertain" x1="{x0:.1f}" x2="{max(x1, x0 + 1):.1f}" '
                f'y1="{bar_y:.1f}" y2="{bar_y:.1f}" stroke="{INK}" stroke-width="3"/>'
            )
    return parts


def _marker(row, group, x, bar_y, words) -> str:
    """One marker at ``x``: an event's symbol, or a numbered circle for a group; a link to the
    state's page with a tooltip (a ``<title>``) that the page's script turns into the panel."""
    href = marker_link(row, group)
    ids = " ".join(str(i) for i in group.ids)
    if len(group.events) == 1:
        (event,) = group.events
        tooltip = event_title(row, event, words)
        shape = marker_shape(event.kind, x, bar_y, event.is_imprecise)
        kind_class = f"marker-{escape(event.kind)}"
    else:
        tooltip = group_title(row, group, words)
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
    return f"{open_tag}<title>{escape(tooltip)}</title>{shape}{close_tag}"
