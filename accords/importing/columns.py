"""The file's columns: their names, the groups of source columns, and what a file's header row
must hold (the columns are described in ``accords.importing``)."""

import re

from django.utils.translation import gettext as _

from ..models import Event
from ..translation import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, TRANSLATED_FIELDS
from ..translation import column as language_column

#: The translations' columns (``title_id`` ...): the file's name for each language column of the
#: translated fields (Indonesian is ``title_ind`` in the database: ``title_id`` is the file's).
TRANSLATIONS = {
    f"{name}_{code}": language_column(name, code)
    for name in TRANSLATED_FIELDS[Event]
    for code in CONTENT_LANGUAGES
    if code != DEFAULT_LANGUAGE
}
TRANSLATION_COLUMNS = tuple(TRANSLATIONS)
#: Every stored text of an event, in every language.
EVENT_TEXT_COLUMNS = tuple(
    language_column(name, code) for name in TRANSLATED_FIELDS[Event] for code in CONTENT_LANGUAGES
)

#: The event's own columns, in the order an export writes them (its texts in English first).
EVENT_COLUMNS = (
    "id",
    "accord",
    "country",
    "role",
    "kind",
    "date",
    "date_precision",
    *TRANSLATED_FIELDS[Event],
    *TRANSLATION_COLUMNS,
)
#: Columns every file must have (``role`` is needed only to add a state to an accord).
REQUIRED_COLUMNS = ("accord", "country", "kind", "date", "title")
#: A source's columns, in order: ``source_<n>_<attribute>``.
SOURCE_ATTRIBUTES = (
    "url",
    "publisher",
    "title",
    "published_on",
    "archived_url",
    "copy_of",
    "language",
    "secondary",
)
SOURCE_COLUMN = re.compile(r"^source_([1-9][0-9]{0,2})_(" + "|".join(SOURCE_ATTRIBUTES) + r")$")
#: The columns of the rejected-rows report, ignored when that report is imported back.
REPORT_COLUMNS = ("line", "error")
#: Added to the dataset when it is prepared: the row's line in the file (the header is line 1).
LINE_COLUMN = "_line"


def source_column(number: int, attribute: str) -> str:
    return f"source_{number}_{attribute}"


def source_slots_in(headers) -> int:
    """How many groups of source columns ``headers`` has (at least one)."""
    numbers = [int(m.group(1)) for h in headers or [] if (m := SOURCE_COLUMN.match(str(h)))]
    return max(numbers, default=1)


def row_line(row) -> int | None:
    """A prepared row's line in the file."""
    value = row.get(LINE_COLUMN)
    return int(value) if value not in (None, "") else None


def header_problems(headers) -> list[str]:
    """What is wrong with a file's header row: each a sentence for the editor."""
    headers = [h for h in headers or [] if h not in (None, "")]
    problems = []
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if missing:
        problems.append(_("The file has no column %(columns)s.") % {"columns": ", ".join(missing)})
    slots = {int(m.group(1)) for h in headers if (m := SOURCE_COLUMN.match(str(h)))}
    if not slots:
        problems.append(_("The file has no source columns (source_1_url, source_1_publisher, …)."))
    for number in sorted(slots):
        for attribute in ("url", "publisher"):
            if source_column(number, attribute) not in headers:
                problems.append(
                    _("The file has no column %(column)s.")
                    % {"column": source_column(number, attribute)}
                )
    known = set(EVENT_COLUMNS) | set(REPORT_COLUMNS) | {LINE_COLUMN}
    unknown = [h for h in headers if h not in known and not SOURCE_COLUMN.match(str(h))]
    if unknown:
        problems.append(
            _("Unknown columns: %(columns)s. The columns are described above the form.")
            % {"columns": ", ".join(str(h) for h in unknown)}
        )
    duplicates = sorted({str(h) for h in headers if headers.count(h) > 1})
    if duplicates:
        problems.append(_("Columns given twice: %(columns)s.") % {"columns": ", ".join(duplicates)})
    return problems
