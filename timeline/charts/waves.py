"""The rows of a long chart grouped into waves of accession (NATO: the founders of 1949, then
1952, 1955, 1982, ...), each with the heading both drawings give it."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accords.status import Status

from .rows import ChartRow

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
