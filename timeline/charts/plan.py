"""What a drawing of some rows shows on its day, decided once for both drawings: the reader's
choices (:func:`plan_chart` takes them, :func:`~timeline.charts.build_figure` and
:func:`~timeline.svg.build_svg` pass them on), the rows shown in their order, the date axis,
the waves and the events drawn as markers."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .geometry import axis_range
from .rows import ChartEvent, ChartRow, visible_rows
from .waves import Wave, row_waves


@dataclass(frozen=True)
class ChartPlan:
    today: date
    as_of: date | None
    #: The day drawn: ``as_of``, else ``today``.
    cut: date
    #: The statuses and kinds of event the reader kept (empty: all).
    statuses: set[str]
    kinds: set[str]
    axis: tuple[date, date]
    #: The rows drawn, first at the top (wave by wave when drawn in waves).
    shown: list[ChartRow]
    waves: list[Wave] | None

    def events_of(self, row: ChartRow) -> list[ChartEvent]:
        """``row``'s events drawn as markers: those by the day drawn, of the kinds kept."""
        return [e for e in row.events_until(self.cut) if not self.kinds or e.kind in self.kinds]


def plan_chart(
    rows: Sequence[ChartRow],
    *,
    today: date,
    as_of: date | None = None,
    statuses: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    start: date | None = None,
    zoom: tuple[date, date] | None = None,
) -> ChartPlan:
    """The timeline of ``rows`` (in the order given, first at the top) as it stood at the end
    of day ``as_of`` (or ``today``).

    - Events after that day are left out, and rows with no event by then are not drawn.
    - Each row's status periods are coloured spans, the current one running to that day.
    - ``statuses`` keeps only rows whose status on that day is one of them; ``kinds`` keeps
      only markers of those kinds (the spans still follow every event). Empty means all.
    - The date axis runs from ``start`` (default: the first event) to that day, so an early
      day is not lost in a strip at the left of a long axis; ``zoom`` (first, last day)
      narrows it to a window.
    - More than ``WAVE_ROWS_OVER`` rows are drawn in waves (see :func:`row_waves`).
    """
    cut = as_of or today
    wanted = set(statuses or ())
    shown = visible_rows(rows, cut, wanted)
    waves = row_waves(shown, cut)
    if waves:
        shown = [row for wave in waves for row in wave.rows]
    return ChartPlan(
        today=today,
        as_of=as_of,
        cut=cut,
        statuses=wanted,
        kinds=set(kinds or ()),
        axis=axis_range(rows, cut, start, zoom),
        shown=shown,
        waves=waves,
    )
