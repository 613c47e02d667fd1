"""The readers' timeline chart: plain data in, a drawing out. Pure functions: no request, no
database; they import only the status rule and the dates (tests/test_project.py checks it).

- :mod:`.rows`: the plain data, one :class:`ChartRow` per state with its events.
- :mod:`.plan`: what a drawing shows on its day, from the reader's choices (both drawings).
- :mod:`.geometry`: the date axis and the grouping of markers that would overlap (both).
- :mod:`.waves`: a long chart's rows grouped into waves of accession (both).
- :mod:`.style`: the colours, the marker symbols and the dates as drawn (both).
- :mod:`.figure`, :mod:`.traces`, :mod:`.hover`: the Plotly figure.

The server-drawn SVG is :mod:`timeline.svg`.
"""

from .figure import build_figure, figure_data
from .geometry import MarkerGroup, axis_range, group_markers
from .hover import escape, event_hover_text, group_hover_text
from .plan import ChartPlan, plan_chart
from .rows import ChartEvent, ChartRow, ChartSource, Period, visible_rows
from .style import (
    INK,
    KIND_SYMBOLS,
    MUTED,
    STATUS_COLOURS,
    STATUS_PATTERNS,
    WAVE_BAND,
    DateFormatter,
)
from .traces import FIGURE_MARKER_GAP, FIGURE_MARKER_WIDTHS
from .waves import WAVE_ROWS_OVER, Wave, row_waves

__all__ = [
    "FIGURE_MARKER_GAP",
    "FIGURE_MARKER_WIDTHS",
    "INK",
    "KIND_SYMBOLS",
    "MUTED",
    "STATUS_COLOURS",
    "STATUS_PATTERNS",
    "WAVE_BAND",
    "WAVE_ROWS_OVER",
    "ChartEvent",
    "ChartPlan",
    "ChartRow",
    "ChartSource",
    "DateFormatter",
    "MarkerGroup",
    "Period",
    "Wave",
    "axis_range",
    "build_figure",
    "escape",
    "event_hover_text",
    "figure_data",
    "group_hover_text",
    "group_markers",
    "plan_chart",
    "row_waves",
    "visible_rows",
]
