"""The readers' Plotly figure: :func:`build_figure` is a pure function of plain data (the rows,
the day it is, the reader's choices: see :func:`~timeline.charts.plan.plan_chart`); it asks no
request and no database.

The figure is the layout no data changes (:func:`constant_layout`: fonts, colours, margins,
the axes' style, where the legends stand) filled with what the data makes: the traces
(:mod:`timeline.charts.traces`), the rows on the y axis, the height, the date lines.
"""

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from accords.dates import format_date

from .hover import Words, escape, narrow_tick_label, tick_label
from .plan import plan_chart
from .style import INK, MUTED, WAVE_BAND
from .traces import FIGURE_MARKER_WIDTHS, iso, marker_traces, span_traces
from .waves import Wave

ROW_HEIGHT = 46
#: A row's height in a chart drawn in waves: its label is the name alone (the role, shared by
#: the wave, is in the wave's heading), so rows can be closer.
WAVE_ROW_HEIGHT = 30
#: Room for the axis and the two legends, above and below the rows.
LEGENDS_HEIGHT = 200


class _FromData:
    """Marks a place in :func:`constant_layout` that :func:`build_figure` fills from the data."""

    def __repr__(self):
        return "FROM_DATA"


FROM_DATA = _FromData()


def _legend(title: str, yanchor: str) -> dict:
    return {
        "title": {"text": f"<b>{escape(title)}</b>"},
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": FROM_DATA,
        "yanchor": yanchor,
        "font": {"size": 12},
        "itemclick": False,
        "itemdoubleclick": False,
    }


def constant_layout() -> dict:
    """The layout of every figure, whatever its data: fonts, colours, margins, the axes' style,
    where the legends stand (statuses above the plot, kinds of event below it; both wrap on a
    narrow screen). The places the data fills are ``FROM_DATA``. A new copy each time, the
    legends' titles in the active language."""
    return {
        "barmode": "overlay",
        "height": FROM_DATA,
        "margin": {"l": 10, "r": 16, "t": 36, "b": 10, "autoexpand": True},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "font": {
            "family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "size": 13,
            "color": INK,
        },
        "hovermode": "closest",
        "hoverlabel": {
            "bgcolor": "#ffffff",
            "bordercolor": INK,
            "font": {"color": INK},
            "align": "left",
        },
        "dragmode": False,
        "legend": _legend(_("Status"), "bottom"),
        "legend2": _legend(_("Event"), "top"),
        "xaxis": {
            "type": "date",
            "range": FROM_DATA,
            "showgrid": True,
            "gridcolor": "#e4e4e4",
            "linecolor": INK,
            "tickfont": {"color": INK},
            "automargin": True,
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": FROM_DATA,
            "tickmode": "array",
            "tickvals": FROM_DATA,
            "ticktext": FROM_DATA,
            "fixedrange": True,
            "automargin": True,
            "range": FROM_DATA,
        },
        "shapes": FROM_DATA,
        "annotations": FROM_DATA,
        "meta": FROM_DATA,
    }


def _filled(layout: dict, values: dict) -> dict:
    """``layout`` with its ``FROM_DATA`` places taken from ``values`` (nested as it is)."""
    unknown = set(values) - set(layout)
    if unknown:
        raise KeyError(f"not places of the layout: {sorted(unknown)}")
    filled = {}
    for key, value in layout.items():
        if value is FROM_DATA:
            value = values[key]
        elif isinstance(value, dict) and key in values:
            value = _filled(value, values[key])
        filled[key] = value
    return filled


def _date_line(day: date, label: str, dash: str):
    shape = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": iso(day),
        "x1": iso(day),
        "y0": 0,
        "y1": 1,
        "line": {"color": INK, "width": 1.5, "dash": dash},
    }
    annotation = {
        "xref": "x",
        "yref": "paper",
        "x": iso(day),
        "y": 1,
        "yanchor": "bottom",
        "xanchor": "right",
        "text": escape(label),
        "showarrow": False,
        "font": {"color": INK, "size": 12},
    }
    return shape, annotation


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
            ticktext.append(tick_label(row) if not wave.role else f"<b>{escape(row.name)}</b>")
            narrow.append(narrow_tick_label(row))
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


def build_figure(rows, **choices) -> go.Figure:
    """The timeline of ``rows`` as a Plotly figure; ``choices`` are :func:`plan_chart`'s (the
    day, the filters, the axis). Markers that would overlap are grouped (see
    :func:`~timeline.charts.group_markers`), once for each width of ``FIGURE_MARKER_WIDTHS``."""
    plan = plan_chart(rows, **choices)
    today, as_of, shown = plan.today, plan.as_of, plan.shown
    words = Words()
    traces = span_traces(plan, words) + marker_traces(plan, words)

    shapes, annotations = [], []
    if plan.cut >= today:
        line, note = _date_line(today, _("today"), "dot")
        shapes.append(line)
        annotations.append(note)
    if as_of is not None and as_of != today:
        line, note = _date_line(as_of, _("as of %(date)s") % {"date": format_date(as_of)}, "dash")
        shapes.append(line)
        annotations.append(note)

    keys = [row.key for row in shown]
    ticktext = [tick_label(row) for row in shown]
    narrow_ticktext = [narrow_tick_label(row) for row in shown]
    row_height = ROW_HEIGHT
    if plan.waves:
        keys, ticktext, narrow_ticktext, bands = _wave_categories(plan.waves)
        shapes.extend(bands)
        row_height = WAVE_ROW_HEIGHT
    # The legends sit a fixed number of pixels above and below the plot, clear of the "today"
    # label and the dates; Plotly places them in fractions of the plot's height.
    plot_height = row_height * max(len(keys), 1)
    from_data = {
        "height": LEGENDS_HEIGHT + plot_height,
        "legend": {"y": 1 + 26 / plot_height},
        "legend2": {"y": -40 / plot_height},
        "xaxis": {"range": [iso(plan.axis[0]), iso(plan.axis[1])]},
        "yaxis": {
            "categoryarray": keys,
            "tickvals": keys,
            "ticktext": ticktext,
            "range": [len(keys) - 0.5, -0.5] if keys else None,
        },
        "shapes": shapes,
        "annotations": annotations,
        "meta": {
            "narrowTicktext": narrow_ticktext,
            "markerWidths": list(FIGURE_MARKER_WIDTHS),
        },
    }
    figure = go.Figure(data=traces, layout={"template": "none"})
    figure.update_layout(_filled(constant_layout(), from_data))
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
