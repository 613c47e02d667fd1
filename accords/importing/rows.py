"""Reading the file's rows: each row read and checked cell by cell (``ParsedRow``), and the
rows put in the order they are written in."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import services
from ..models import Accord, DatePrecision, Event, EventKind, Role, Source
from ..status import KIND_ORDER
from ..translation import DEFAULT_LANGUAGE, TRANSLATED_FIELDS
from ..translation import column as language_column
from .cells import cell_date, cell_flag, cell_text, choice_error, country_codes
from .columns import LINE_COLUMN, SOURCE_ATTRIBUTES, TRANSLATIONS, row_line, source_column


@dataclass
class ParsedRow:
    """What a row says, read and checked cell by cell; ``errors`` by column."""

    line: int | None = None
    event_id: int | None = None
    accord: Accord | None = None
    country: str = ""
    role: str = ""
    values: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)

    def error(self, column, message):
        self.errors.setdefault(column, []).append(message)

    @property
    def natural_key(self):
        if self.accord is None or not self.country:
            return None
        kind, day = self.values.get("kind"), self.values.get("date")
        if not kind or day is None:
            return None
        return (self.accord.pk, self.country, kind, day)


def parse_row(row, *, source_slots: int, accord_by_slug) -> ParsedRow:
    """Read and check every cell of ``row``; the errors are raised later, all together.
    ``accord_by_slug`` finds an accord (or ``None``) by its slug."""
    parsed = ParsedRow(line=row_line(row))

    def text(column):
        return cell_text(row.get(column))

    event_id = text("id")
    if event_id:
        if not re.fullmatch(r"[0-9]{1,18}", event_id):
            parsed.error("id", _("An id is a whole number; leave it empty for a new event."))
        else:
            parsed.event_id = int(event_id)

    slug = text("accord")
    if not slug:
        parsed.error("accord", _("Give the accord's slug, e.g. nato."))
    else:
        parsed.accord = accord_by_slug(slug)
        if parsed.accord is None:
            parsed.error("accord", _("No accord has the slug “%(slug)s”.") % {"slug": slug})

    country = text("country").upper()
    if not country:
        parsed.error("country", _("Give the state's ISO 3166-1 code, e.g. KZ."))
    elif country not in country_codes():
        parsed.error(
            "country",
            _("“%(code)s” is not an ISO 3166-1 country code.") % {"code": country},
        )
    else:
        parsed.country = country

    role = text("role")
    if role and role not in Role.values:
        parsed.error("role", choice_error(role, Role.values))
    else:
        parsed.role = role

    kind = text("kind")
    if not kind:
        parsed.error(
            "kind",
            _("Say what happened: one of %(kinds)s.") % {"kinds": ", ".join(EventKind.values)},
        )
    elif kind not in EventKind.values:
        parsed.error("kind", choice_error(kind, EventKind.values))
    else:
        parsed.values["kind"] = kind

    try:
        day = cell_date(row.get("date"))
    except ValueError as error:
        parsed.error("date", str(error))
    else:
        if day is None:
            parsed.error("date", _("Give the date, as YYYY-MM-DD."))
        else:
            parsed.values["date"] = day

    precision = text("date_precision") or DatePrecision.DAY
    if precision not in DatePrecision.values:
        parsed.error("date_precision", choice_error(precision, DatePrecision.values))
    else:
        parsed.values["date_precision"] = precision

    for name in TRANSLATED_FIELDS[Event]:
        parsed.values[language_column(name, DEFAULT_LANGUAGE)] = text(name)
    for name, stored in TRANSLATIONS.items():
        if name in row:  # a file without the column leaves the translation alone
            parsed.values[stored] = text(name)

    _parse_sources(row, parsed, source_slots)
    return parsed


def _parse_sources(row, parsed: ParsedRow, source_slots: int) -> None:
    for number in range(1, source_slots + 1):
        cells = {a: row.get(source_column(number, a)) for a in SOURCE_ATTRIBUTES}
        if all(cell_text(value) == "" for value in cells.values()):
            continue
        values = {
            a: cell_text(cells[a])
            for a in SOURCE_ATTRIBUTES
            if a not in ("published_on", "secondary")
        }
        errors = {}
        try:
            values["published_on"] = cell_date(cells["published_on"])
        except ValueError as error:
            errors["published_on"] = [str(error)]
        try:
            values["secondary"] = cell_flag(cells["secondary"])
        except ValueError as error:
            errors["secondary"] = [str(error)]
        source = Source(**values)
        try:
            source.full_clean(exclude=["event", *errors])
        except ValidationError as error:
            errors.update(error.message_dict)
        for attribute, messages_ in errors.items():
            key = source_column(number, attribute) if attribute in SOURCE_ATTRIBUTES else None
            for message in messages_:
                if key is None:
                    parsed.error(f"source_{number}", message)
                else:
                    parsed.error(key, message)
        parsed.sources.append(source)
    try:
        services.check_sources(parsed.sources)
    except ValidationError as error:
        # Only its "at least one" matters here: each source's own errors are by column above.
        if "sources" in getattr(error, "error_dict", {}):
            parsed.error(
                "source_1_url",
                _("Every event needs a source with a web address (http:// or https://)."),
            )


def prepare(dataset) -> None:
    """Number the rows by their line in the file, drop blank rows, and sort them so that
    each state's events come in date order (on one day, in the life cycle's order). In
    place; a dataset prepared already is left as it is."""
    headers = list(dataset.headers or [])
    if LINE_COLUMN in headers:
        return
    rows = []
    for line, values in enumerate(dataset, start=2):
        if all(cell_text(v) == "" for v in values):
            continue
        rows.append((*values, line))
    headers.append(LINE_COLUMN)
    position = {name: i for i, name in enumerate(headers)}

    def order(values):
        def text(column):
            i = position.get(column)
            return cell_text(values[i]) if i is not None else ""

        try:
            day = cell_date(values[position["date"]]) if "date" in position else None
        except ValueError:
            day = None
        return (
            text("accord"),
            text("country").upper(),
            day or date.max,
            KIND_ORDER.get(text("kind"), len(KIND_ORDER)),
            values[-1],
        )

    rows.sort(key=order)
    dataset.wipe()
    dataset.headers = headers
    for values in rows:
        dataset.append(values)
