"""The words of the Plotly figure: hover labels and row labels. Every string from the data is
escaped before it reaches Plotly, whose hover labels and tick labels interpret a little HTML: a
title such as ``<b>x</b>`` is shown as text. Quotes are left as they are: Plotly does not
decode ``&quot;``, so escaping them would show the entity."""

import textwrap
from html import escape as _html_escape

from django.utils.translation import gettext as _

from accords.status import EventKind, Status

from .geometry import MarkerGroup
from .rows import ChartEvent, ChartRow
from .style import MUTED, DateFormatter

#: Hover lines are wrapped at this many characters, so a label fits on a phone.
HOVER_WIDTH = 48


def escape(text) -> str:
    """Escape markup for Plotly's labels: ``<``, ``>`` and ``&``, not quotes (see above)."""
    return _html_escape(str(text), quote=False)


def wrap(text: str, width: int = HOVER_WIDTH) -> str:
    """Escape ``text`` and wrap it into ``<br>``-separated lines for a hover label."""
    return "<br>".join(escape(line) for line in textwrap.wrap(text, width) or [""])


def tick_label(row: ChartRow) -> str:
    label = f"<b>{escape(row.name)}</b>"
    if row.role:
        label += f'<br><span style="font-size:11px;color:{MUTED}">{escape(row.role)}</span>'
    return label


def narrow_tick_label(row: ChartRow) -> str:
    """The row label for a phone: the name alone, wrapped, so the plot keeps its width."""
    return "<br>".join(escape(line) for line in textwrap.wrap(row.name, 11) or [""])


class Words:
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


def event_hover_text(row: ChartRow, event: ChartEvent, words: Words | None = None) -> str:
    """What a reader sees on hovering an event: who, what, when (no more exact than known),
    where, and on whose word. Every data string is escaped."""
    words = words or Words()
    when = escape(words.date(event.date, event.date_precision))
    if event.is_imprecise:
        when += " " + escape(words.imprecise)
    lines = [
        f"<b>{escape(row.name)}</b> — {escape(words.kinds.get(event.kind, event.kind))}",
        when,
    ]
    if event.title:
        lines.append(wrap(event.title))
    if event.place:
        lines.append(escape(words.place % {"place": event.place}))
    if event.sources:
        publishers = ", ".join(source.publisher for source in event.sources)
        lines.append(wrap(words.source % {"publishers": publishers}))
    return "<br>".join(lines)


def group_hover_text(row: ChartRow, group: MarkerGroup, words: Words) -> str:
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
    lines.append(wrap(", ".join(kinds)))
    lines.append(escape(words.open_list))
    return "<br>".join(lines)
