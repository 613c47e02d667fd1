"""Dates known to a precision: the day, the month or only the year.

A date known only to the month is stored as the 1st of that month, one known only to the year as
1 January; the precision says which. Readers never see more than is known (``Dec 2020``, not
``1 Dec 2020``). Everything that stores, checks, shows or draws such a date uses this module.
"""

import calendar
from datetime import date

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class DatePrecision(models.TextChoices):
    """How exactly a date is known. A month-precise date is stored as the 1st of that month."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def period_end(value: date, precision: str) -> date:
    """The last day a date of this precision may stand for (``Dec 2020`` → 31 Dec 2020)."""
    if precision == DatePrecision.YEAR:
        return date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


def is_imprecise(precision: str) -> bool:
    """True for a date known only to the month or the year."""
    return precision != DatePrecision.DAY


def fits_precision(value: date, precision: str) -> bool:
    """Whether ``value`` is stored as its precision asks (the 1st of a month, 1 January)."""
    if precision == DatePrecision.MONTH:
        return value.day == 1
    if precision == DatePrecision.YEAR:
        return (value.month, value.day) == (1, 1)
    return True


def format_date(value: date | None, precision: str = DatePrecision.DAY) -> str:
    """A date as a reader should see it, no more exact than it is known: ``6 Nov 2025``,
    ``Dec 2020`` or ``2020``, with the month names of the active language (``6 Nov 2025``,
    ``Mei 2025`` in Indonesian, ``6 نوفمبر 2025`` in Arabic). The patterns are translatable so
    each language orders them.

    Arabic dates keep Latin digits, as Al Jazeera, Al Arabiya and BBC Arabic print them: the
    readers this site is for (Gulf and Maghreb news readers) see Latin digits in their news,
    Moroccan and Algerian readers use no other, and a year or day copied from the page into a
    search or the API's ``as_of`` then needs no conversion. Django never substitutes digits,
    so nothing is to be done for it."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        pattern = pgettext("date known to the year", "Y")
    elif precision == DatePrecision.MONTH:
        pattern = pgettext("date known to the month", "M Y")
    else:
        pattern = pgettext("date known to the day", "j M Y")
    return formats.date_format(value, pattern)
