"""The parts of the server-drawn SVG around its rows: the two layouts, the date scale and its
ticks, the tooltips, the wave headings and bands, the date lines and the legends."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils.translation import gettext as _

from accords.dates import DatePrecision, format_date
from accords.status import EventKind, Status

from .charts import (
    INK,
    MUTED,
    STATUS_COLOURS,
    WAVE_BAND,
    ChartEvent,
    ChartRow,
    DateFormatter,
    MarkerGroup,
)
from .svg_marks import GROUP_RADIUS, marker_shape


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


class Scale:
    def __init__(self, axis: tuple[date, date], left: float, right: float):
        self.first, self.last = axis
        self.left, self.right = left, right
        self.days = max((self.last - self.first).days, 1)

    def x(self, day: date) -> float:
        offset = (day - self.first).days / self.days
        return self.left + min(max(offset, 0.0), 1.0) * (self.right - self.left)


def ticks(axis: tuple[date, date], width: float) -> list[tuple[date, str]]:
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


class Words(dict):
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


def event_title(row: ChartRow, event: ChartEvent, words) -> str:
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


def group_title(row: ChartRow, group: MarkerGroup, words) -> str:
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


def marker_link(row: ChartRow, group: MarkerGroup) -> str:
    ids = group.ids
    if not row.link:
        return ""
    return f"{row.link}#event-{ids[0]}" if ids else row.link


def wave_heading(wave, top, geometry: Layout, rtl=False) -> str:
    x = geometry.plot_left if geometry.label_above else 10
    x = geometry.width - x if rtl else x  # a right-to-left heading starts on the right
    return (
        f'<g class="wave-heading" data-wave="{escape(wave.key, quote=True)}">'
        f'<text x="{x}" y="{top + 18}" font-weight="700">{escape(wave.title)}'
        f'<tspan font-weight="400" fill="{MUTED}">\u00a0· {escape(wave.detail)}</tspan>'
        "</text></g>"
    )


def wave_band(number, top, bottom, geometry: Layout) -> str:
    """Every other wave on a light band, so the eye keeps to a wave across the drawing."""
    if number % 2:
        return ""
    return (
        f'<rect class="wave-band" x="0" y="{top}" width="{geometry.width}" '
        f'height="{bottom - top}" fill="{WAVE_BAND}"/>'
    )


def fits_before(row, periods, groups, scale, axis, fs) -> float:
    """Where a phone's label of ``row`` can end on its bar's line, before its first span and
    marker; 0 when the name would not fit there."""
    starts = [scale.x(max(first, axis[0])) for _s, first, last in periods[row.key]]
    starts += [scale.x(group.date) - GROUP_RADIUS - 2 for group in groups]
    if not starts:
        return 0
    room = min(starts)
    needed = len(row.name) * fs * 0.62 + 10
    return room if scale.left + needed <= room else 0


def date_line(x, top, bottom, label, dash, fs, rtl=False) -> str:
    # The label sits left of its line; in a right-to-left drawing that is the text's start.
    anchor = "start" if rtl else "end"
    return (
        f'<g class="date-line"><line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 12}" y2="{bottom}" '
        f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
        f'<text x="{x - 3:.1f}" y="{top - 16}" text-anchor="{anchor}" font-size="{fs - 1}">'
        f"{escape(label)}</text></g>"
    )


def legend(items, geometry: Layout, y: float, heading: str, kind: str, mirror=lambda x: x):
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
            swatch = marker_shape(value, mirror(x + 7), cy, False).replace('class="mark" ', "")
        out.append(
            f'{swatch}<text x="{mirror(x + 20)}" y="{cy + 4}" font-size="{fs}">'
            f"{escape(label)}</text>"
        )
        x += width + 12
    out.append("</g>")
    return "".join(out), cy - y + 14
