"""Reading one cell: text as the admin's forms trim it, dates, yes-or-empty flags, and the
reasons a row is refused."""

import re
from datetime import date, datetime, time

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django_countries import countries

from ..api.renderers import FORMULA_PREFIXES

YES = {"yes", "y", "true", "1", "x"}
NO = {"", "no", "n", "false", "0"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY_CODES = None


def country_codes() -> frozenset:
    global _COUNTRY_CODES
    if _COUNTRY_CODES is None:
        _COUNTRY_CODES = frozenset(code for code, _name in countries)
    return _COUNTRY_CODES


def unescape(text: str) -> str:
    """Drop the ``'`` an export puts in front of a formula-like cell (``'=x`` reads ``=x``)."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def cell_text(value) -> str:
    """A cell as text, trimmed as the admin's forms trim it (``None`` is empty; a spreadsheet's
    whole number ``1945.0`` is ``1945``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == time(0):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return unescape(str(value).strip())


def cell_date(value):
    """A date from a cell: ``YYYY-MM-DD`` text or a spreadsheet's date. ``None`` if empty;
    ``ValueError`` with the reason otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise ValueError(_("Give a date without a time of day."))
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    if not ISO_DATE.match(text):
        raise ValueError(_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": text})
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date of the calendar.") % {"value": text}
        ) from None


def cell_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("Write yes or leave it empty (not “%(value)s”).") % {"value": text})


def choice_error(value, choices) -> str:
    return _("“%(value)s” is not one of: %(choices)s.") % {
        "value": value,
        "choices": ", ".join(choices),
    }


def error_lines(error: ValidationError) -> list[str]:
    """A row's reasons, one line each, prefixed by the column they are about."""
    if hasattr(error, "error_dict"):
        lines = []
        for key, messages_ in error.message_dict.items():
            for message in messages_:
                lines.append(message if key == NON_FIELD_ERRORS else f"{key}: {message}")
        return lines
    return list(error.messages)


class FileProblem(Exception):
    """The file as a whole cannot be imported (its columns are wrong)."""
