"""The Plotly figure's traces, built from the data: a bar trace per status (the spans) and,
for each reference width, a marker trace per kind of event and one of groups."""

from datetime import date

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from accords.dates import DatePrecision
from accords.status import MILESTONE_KINDS, EventKind, Status, period_end

from .geometry import group_markers
from .hover import Words, escape, event_hover_text, group_hover_text
from .plan import ChartPlan
from .rows import ChartRow
from .style import INK, KIND_SYMBOLS, STATUS_COLOURS, STATUS_PATTERNS

MS_PER_DAY = 86_400_000

#: The plot widths (in CSS pixels) the figure carries a grouping of markers for; the browser
#: shows the widest that fits its plot, so no two markers overlap at any width.
FIGURE_MARKER_WIDTHS = (200, 420, 860)
#: Centre-to-centre distance below which two markers of a row are grouped, in pixels: Plotly
#: draws a marker 13 px wide plus its outline, a group 17 px.
FIGURE_MARKER_GAP = 21


def iso(value: date) -> str:
    return value.isoformat()


def _start_precision(row: ChartRow, start: date) -> str:
    """The precision of the event that opened a period on ``start`` (day when none is found):
    a period opened by ``Dec 2020`` starts in ``Dec 2020``, not on 1 Dec."""
    for event in row.events:
        if event.date == start and event.kind not in MILESTONE_KINDS:
            return event.date_precision
    return DatePrecision.DAY


def span_traces(plan: ChartPlan, words: Words) -> list[go.Bar]:
    """A bar trace per status: each shown row's status periods up to the day drawn. A status
    the reader filtered on keeps its (empty) trace, so it stays in the legend."""
    by_status: dict[str, dict[str, list]] = {}
    for row in plan.shown:
        for status, start, end in row.periods_until(plan.cut):
            start_text = words.date(start, _start_precision(row, start))
            end_text = words.today if end == plan.today else words.date(end)
            status_label = words.statuses[status]
            bucket = by_status.setdefault(status, {"y": [], "base": [], "x": [], "text": []})
            bucket["y"].append(row.key)
            bucket["base"].append(iso(start))
            # At least a day wide, so a status reached on the last day still shows.
            bucket["x"].append(max((end - start).days, 1) * MS_PER_DAY)
            bucket["text"].append(
                f"<b>{escape(row.name)}</b>: {escape(status_label)}<br>"
                + escape(words.span % {"start": start_text, "end": end_text})
            )
    traces = []
    for status in Status:
        bucket = by_status.get(status)
        if bucket is None and status not in plan.statuses:
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


def marker_traces(plan: ChartPlan, words: Words) -> list[go.Scatter]:
    """Marker traces for each width of ``FIGURE_MARKER_WIDTHS``: ``meta.width`` says which;
    only the widest (the last) is visible until the browser chooses. A marker's
    ``customdata`` is the ids of its events, for the panel that opens on a click."""
    uncertain_x: list = []
    uncertain_y: list = []
    kept = {row.key: plan.events_of(row) for row in plan.shown}
    for row in plan.shown:
        for event in kept[row.key]:
            if event.is_imprecise:
                last_day = min(period_end(event.date, event.date_precision), plan.cut)
                uncertain_x += [iso(event.date), iso(last_day), None]
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
        for row in plan.shown:
            for group in group_markers(kept[row.key], plan.axis, width, FIGURE_MARKER_GAP):
                if len(group.events) > 1:
                    grouped["x"].append(iso(group.date))
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
                bucket["x"].append(iso(event.date))
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
