"""Importing a dataset of events in the admin, from CSV or a spreadsheet (django-import-export).

**The file.** One row per event, self-contained; the header row names the columns:

- ``id`` (optional): the event's number on this site, as an export gives it. Without it a row
  is matched to an existing event by ``accord``, ``country``, ``kind`` and ``date``.
- ``accord``: the accord's slug (``nato``); ``country``: the state's ISO 3166-1 code (``BE``).
- ``role``: ``founding_party``, ``party``, ``witness`` or ``mediator``. It is used to add the
  state to the accord when the accord has no membership for it yet; for an existing membership
  it may be left empty, and must otherwise be the membership's role (a role is changed on the
  membership's own page).
- ``kind``, ``date`` (``YYYY-MM-DD``), ``date_precision`` (``day``, the default, ``month`` or
  ``year``), ``title``, ``place``, ``notes``: the event, as on its admin page (in English).
- ``title_id``, ``title_ar``, ``place_id``, ``place_ar``, ``notes_id``, ``notes_ar``
  (optional): the Indonesian and Arabic translations. A column left out of the file leaves the
  stored translations alone; an empty cell in a column that is there removes that translation
  (the pages then fall back to English).
- The sources, one group of columns per source: ``source_1_url``, ``source_1_publisher``,
  ``source_1_title``, ``source_1_published_on``, ``source_1_archived_url``,
  ``source_1_copy_of``, ``source_1_language``, ``source_1_secondary`` (``yes`` or empty), then
  ``source_2_url``, ``source_2_publisher``, ... for a second source, and so on. Every event
  needs at least one source with an ``http(s)://`` web address and a publisher; a group left
  empty is ignored. A row's sources replace the event's (a source with the same web address
  keeps its history).

One cell holds one value, so a title or a publisher may contain any character: that is why
the sources are groups of columns rather than lists joined in one cell. Text cells that a
spreadsheet would run as a formula are exported with ``'`` in front (as the API's CSV does) and
the ``'`` is dropped again on import, so an export imports back unchanged.

**The write path.** Every row is written through ``accords.services.save_event`` (a new
membership through :func:`ensure_membership`), so an import stores only what the admin would
accept: the membership is locked, the event and the membership's whole history as it would be
are validated, the status periods rebuilt. A refused row is shown in the preview with its
reason. Rows are applied per state in date order (the file is sorted first), so a valid history
is never refused for the order its rows come in. An import adds and corrects events; it never
deletes one. A row identical to the stored event is skipped: re-importing an export writes
nothing.

**The admin.** :class:`EventImportExportMixin` adds *Import* and *Export* to the events' list:
the upload is checked in a dry run (rolled back) and previewed; nothing is saved until the
editor confirms, and the confirmed import runs in one transaction, all rows or none, showing
its progress as it goes. The rows a preview refused can be downloaded as a CSV with the reason
of each (``error``) and its line in the file (``line``); fixed, that file imports as it is.
The kept upload is named in those forms with a signature for the editor who uploaded it, so
no other file of the temporary folder can be named instead.

**Progress.** django-import-export 4.4 has no progress indicator of its own. The import form
says, as soon as it is sent, how many rows the file has (counted in the browser for a CSV) and
that checking may take a while; the preview says how many rows it checked. The confirmed
import is a streamed page: it writes the rows in batches of ``PROGRESS_CHUNK``, each a
savepoint of the one transaction, and sends a progress bar after each batch, then the outcome.
The dry run of the preview is one ordinary request, without progress of its own. Each pass
costs a few seconds per hundred rows, so a server's request timeout (gunicorn's is 30 seconds)
bounds the size of a file.
"""

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

import tablib
from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_countries import countries
from import_export.admin import ImportExportMixin
from import_export.fields import Field
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ExportForm
from import_export.resources import Diff, ModelResource
from import_export.results import Result, RowResult
from import_export.signals import post_import
from simple_history.models import HistoricalRecords

from . import services
from .api.renderers import FORMULA_PREFIXES, safe_cell
from .models import Accord, DatePrecision, Event, EventKind, Membership, Role, Source
from .status import KIND_ORDER
from .translation import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, TRANSLATED_FIELDS
from .translation import column as language_column

logger = logging.getLogger(__name__)

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

#: The event's own columns, in the order an export writes them.
EVENT_COLUMNS = (
    "id",
    "accord",
    "country",
    "role",
    "kind",
    "date",
    "date_precision",
    "title",
    "place",
    "notes",
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
#: Rows written between two progress reports of a confirmed import.
PROGRESS_CHUNK = 50

YES = {"yes", "y", "true", "1", "x"}
NO = {"", "no", "n", "false", "0"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY_CODES = None


def source_column(number: int, attribute: str) -> str:
    return f"source_{number}_{attribute}"


def country_codes() -> frozenset:
    global _COUNTRY_CODES
    if _COUNTRY_CODES is None:
        _COUNTRY_CODES = frozenset(code for code, _name in countries)
    return _COUNTRY_CODES


# -- memberships ------------------------------------------------------------------------------


def ensure_membership(
    *, accord: Accord, country: str, role: str, user=None, reason: str = ""
) -> tuple[Membership, bool]:
    """The accord's membership of ``country``, added with ``role`` if the accord has none yet.
    Returns ``(membership, created)``. A new membership is validated as the admin validates one;
    two writers adding the same one at once get a ``ValidationError``, not a duplicate."""
    membership = Membership.objects.filter(accord=accord, country=country).first()
    if membership is not None:
        return membership, False
    membership = Membership(accord=accord, country=country, role=role)
    membership.full_clean()
    if user is not None:
        membership._history_user = user
    if reason:
        membership._change_reason = reason
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise ValidationError(
            {"country": [_("This membership was added meanwhile; import the file again.")]}
        ) from error
    return membership, True


# -- reading cells ----------------------------------------------------------------------------


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


# -- one row ----------------------------------------------------------------------------------


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


def _row_line(row) -> int | None:
    value = row.get(LINE_COLUMN)
    return int(value) if value not in (None, "") else None


class EventDiff(Diff):
    """import-export's preview of a row, from the resource's own export of each column (the
    default reads model attributes, which the accord, state and sources are not)."""

    def __init__(self, resource, instance, new):
        self.resource = resource
        self.left = self._values(instance)
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = self._values(instance)

    def _values(self, instance):
        fields_ = self.resource.get_import_fields()
        if instance is None:
            return ["" for _field in fields_]
        return [self.resource.export_field(f, instance) for f in fields_]


class EventImportResult(Result):
    """import-export's result, with row errors numbered by their line in the file."""

    def row_errors(self):
        return [
            (getattr(row, "line", None) or i + 1, row.errors)
            for i, row in enumerate(self.rows)
            if row.errors
        ]


class EventResource(ModelResource):
    """Events with their accord, state and sources, one self-contained row each (see the module
    docstring for the columns). Writes through ``accords.services.save_event`` only."""

    id = Field(column_name="id", dehydrate_method="export_id")
    accord = Field(column_name="accord", dehydrate_method="export_accord")
    country = Field(column_name="country", dehydrate_method="export_country")
    role = Field(column_name="role", dehydrate_method="export_role")
    kind = Field(column_name="kind", dehydrate_method="export_kind")
    date = Field(column_name="date", dehydrate_method="export_date")
    date_precision = Field(column_name="date_precision", dehydrate_method="export_date_precision")
    title = Field(column_name="title", dehydrate_method="export_title")
    place = Field(column_name="place", dehydrate_method="export_place")
    notes = Field(column_name="notes", dehydrate_method="export_notes")
    title_id = Field(column_name="title_id", dehydrate_method="export_translation")
    title_ar = Field(column_name="title_ar", dehydrate_method="export_translation")
    place_id = Field(column_name="place_id", dehydrate_method="export_translation")
    place_ar = Field(column_name="place_ar", dehydrate_method="export_translation")
    notes_id = Field(column_name="notes_id", dehydrate_method="export_translation")
    notes_ar = Field(column_name="notes_ar", dehydrate_method="export_translation")

    class Meta:
        model = Event
        fields = EVENT_COLUMNS
        import_id_fields = ["id"]
        use_transactions = True
        # A row equal to the stored event (sources included) is not written again.
        skip_unchanged = True
        report_skipped = True
        # save_event validates; the row's cells are checked in import_instance.
        clean_model_instances = False
        name = gettext_lazy("Events with their sources (one row per event)")

    def __init__(self, source_slots: int = 1, **kwargs):
        super().__init__(**kwargs)
        self._accords = {}
        self._seen = {}
        self._parsed = None
        self.set_source_slots(source_slots)

    # -- columns ------------------------------------------------------------------------------

    def set_source_slots(self, count: int) -> None:
        """Have ``count`` groups of source columns (at least one)."""
        for name in [name for name in self.fields if name.startswith("source_")]:
            del self.fields[name]
        for number in range(1, max(1, count) + 1):
            for attribute in SOURCE_ATTRIBUTES:
                name = source_column(number, attribute)
                self.fields[name] = Field(
                    column_name=name, dehydrate_method=self._source_exporter(number, attribute)
                )
        self.source_slots = max(1, count)

    @staticmethod
    def source_slots_in(headers) -> int:
        numbers = [int(m.group(1)) for h in headers or [] if (m := SOURCE_COLUMN.match(str(h)))]
        return max(numbers, default=1)

    def get_diff_class(self):
        return EventDiff

    @classmethod
    def get_result_class(cls):
        return EventImportResult

    # -- export -------------------------------------------------------------------------------

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = self.get_queryset()
        queryset = (
            queryset.select_related("membership__accord")
            .prefetch_related("sources")
            .order_by("membership__accord__slug", "membership__country", "date", "id")
        )
        most = (
            Source.objects.filter(event__in=queryset.values("pk"))
            .values("event")
            .annotate(count=Count("pk"))
            .aggregate(most=Max("count"))["most"]
        )
        self.set_source_slots(most or 1)
        return super().export(queryset=queryset, **kwargs)

    @staticmethod
    def _membership(event):
        return event.membership if event.membership_id else None

    def export_id(self, event):
        return str(event.pk) if event.pk else ""

    def export_accord(self, event):
        membership = self._membership(event)
        return membership.accord.slug if membership else ""

    def export_country(self, event):
        membership = self._membership(event)
        return membership.country.code if membership else ""

    def export_role(self, event):
        membership = self._membership(event)
        return membership.role if membership else ""

    def export_kind(self, event):
        return event.kind or ""

    def export_date(self, event):
        return event.date.isoformat() if event.date else ""

    def export_date_precision(self, event):
        return event.date_precision or ""

    # The English text under the field's name, whatever language the admin is in.
    def export_title(self, event):
        return safe_cell(event.title_en or "")

    def export_place(self, event):
        return safe_cell(event.place_en or "")

    def export_notes(self, event):
        return safe_cell(event.notes_en or "")

    def export_field(self, field, instance, **kwargs):
        if field.column_name in TRANSLATIONS:
            return safe_cell(getattr(instance, TRANSLATIONS[field.column_name]) or "")
        return super().export_field(field, instance, **kwargs)

    @staticmethod
    def _sources(event) -> list:
        """The event's sources: those an import is writing, else those stored (read once)."""
        pending = getattr(event, "_import_sources", None)
        if pending is not None:
            return pending
        if event.pk is None:
            return []
        if not hasattr(event, "_stored_sources"):
            event._stored_sources = list(event.sources.all())
        return event._stored_sources

    def _source_exporter(self, number, attribute):
        def export(event):
            sources = self._sources(event)
            if len(sources) < number:
                return ""
            value = getattr(sources[number - 1], attribute)
            if attribute == "published_on":
                return value.isoformat() if value else ""
            if attribute == "secondary":
                return "yes" if value else ""
            return safe_cell(value)

        return export

    # -- import: the file ---------------------------------------------------------------------

    def import_data(self, dataset, *args, **kwargs):
        # The source columns must be known before import-export reads the preview's headers.
        self.set_source_slots(self.source_slots_in(dataset.headers))
        return super().import_data(dataset, *args, **kwargs)

    def header_problems(self, headers) -> list[str]:
        headers = [h for h in headers or [] if h not in (None, "")]
        problems = []
        missing = [column for column in REQUIRED_COLUMNS if column not in headers]
        if missing:
            problems.append(
                _("The file has no column %(columns)s.") % {"columns": ", ".join(missing)}
            )
        slots = {int(m.group(1)) for h in headers if (m := SOURCE_COLUMN.match(str(h)))}
        if not slots:
            problems.append(
                _("The file has no source columns (source_1_url, source_1_publisher, …).")
            )
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
            problems.append(
                _("Columns given twice: %(columns)s.") % {"columns": ", ".join(duplicates)}
            )
        return problems

    def prepare(self, dataset) -> None:
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

    def before_import(self, dataset, **kwargs):
        problems = self.header_problems(dataset.headers)
        unnamed = [i for i, name in enumerate(dataset.headers or []) if name in (None, "")]
        if any(cell_text(values[i]) for values in dataset for i in unnamed):
            problems.append(_("A column without a name holds data: name it, or remove it."))
        if problems:
            dataset.wipe()  # no row is read from a file whose columns are wrong
            raise FileProblem(" ".join(problems))
        self.prepare(dataset)

    def after_import(self, dataset, result, **kwargs):
        # Not ModelResource's: it resets the id sequences (for imports that bring their own
        # ids), which could hand a concurrent writer's id out twice. New events here never
        # bring an id.
        lines = [_row_line(row) for row in dataset.dict] if dataset.headers else []
        for invalid in result.invalid_rows:
            if 0 < invalid.number <= len(lines):
                invalid.number = lines[invalid.number - 1]
        result.invalid_rows.sort(key=lambda invalid: invalid.number)
        for error_row in result.error_rows:
            if 0 < error_row.number <= len(lines):
                error_row.number = lines[error_row.number - 1]

    # -- import: one row ----------------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.line = _row_line(row)
        return row_result

    def before_import_row(self, row, **kwargs):
        self._parsed = self.parse_row(row)

    def _accord(self, slug):
        if slug not in self._accords:
            self._accords[slug] = Accord.objects.filter(slug=slug).first()
        return self._accords[slug]

    def parse_row(self, row) -> ParsedRow:
        """Read and check every cell of ``row``; the errors are raised later, all together."""
        parsed = ParsedRow(line=_row_line(row))

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
            parsed.accord = self._accord(slug)
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

        self._parse_sources(row, parsed)
        return parsed

    def _parse_sources(self, row, parsed: ParsedRow) -> None:
        for number in range(1, self.source_slots + 1):
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
        if not parsed.sources:
            parsed.error(
                "source_1_url",
                _("Every event needs a source with a web address (http:// or https://)."),
            )

    def get_instance(self, instance_loader, row):
        parsed = self._parsed
        events = Event.objects.select_related("membership__accord")
        if parsed.event_id is not None:
            return events.filter(pk=parsed.event_id).first()
        key = parsed.natural_key
        if key is None:
            return None
        accord_id, country, kind, day = key
        return events.filter(
            membership__accord_id=accord_id, membership__country=country, kind=kind, date=day
        ).first()

    def import_instance(self, instance, row, **kwargs):
        parsed = self._parsed
        if parsed.event_id is not None and instance.pk is None:
            parsed.error(
                "id",
                _(
                    "No event has the id %(id)s here (deleted, or the file comes from another "
                    "site); leave the id empty to add the event."
                )
                % {"id": parsed.event_id},
            )
        membership = None
        if parsed.accord is not None and parsed.country:
            membership = Membership.objects.filter(
                accord=parsed.accord, country=parsed.country
            ).first()
            if instance.pk is not None and instance.membership_id != getattr(
                membership, "pk", None
            ):
                parsed.error(
                    "id",
                    _(
                        "Event %(id)s is %(event)s, not of this accord and state; leave the id "
                        "empty to add a new event."
                    )
                    % {"id": instance.pk, "event": instance},
                )
            if membership is not None and parsed.role and parsed.role != membership.role:
                parsed.error(
                    "role",
                    _(
                        "%(membership)s has the role “%(role)s”; change a role on the "
                        "membership's page, or leave this cell empty."
                    )
                    % {"membership": membership, "role": membership.role},
                )
            if membership is None and not parsed.role:
                parsed.error(
                    "role",
                    _("%(accord)s has no membership for %(code)s yet: give its role to add it.")
                    % {"accord": parsed.accord, "code": parsed.country},
                )
        key = parsed.natural_key
        if key is not None and key in self._seen and self._seen[key] != parsed.line:
            parsed.error(
                NON_FIELD_ERRORS,
                _("Line %(line)s gives the same event (accord, state, kind and date).")
                % {"line": self._seen[key]},
            )
        elif key is not None:
            self._seen[key] = parsed.line
        if parsed.errors:
            raise ValidationError(parsed.errors)
        for name, value in parsed.values.items():
            setattr(instance, name, value)
        if membership is not None:
            instance.membership = membership
        instance._import_sources = self._matched_sources(instance, parsed.sources)

    @staticmethod
    def _matched_sources(event, sources):
        """The row's sources, each taking the id of the event's stored source with the same web
        address (so that it is corrected in place and keeps its history)."""
        stored = {}
        if event.pk is not None:
            for source in event.sources.order_by("id"):
                stored.setdefault(source.url, source.pk)
        for source in sources:
            source.pk = stored.pop(source.url, None)
            if source.pk is not None:  # as the admin's inline gives a stored source
                source._state.adding = False
                source._state.db = event._state.db
        return sources

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None or original is None:
            return False
        names = ("membership_id", "kind", "date", "date_precision")
        if any(getattr(instance, n) != getattr(original, n) for n in names):
            return False
        if any(
            (getattr(instance, n) or "") != (getattr(original, n) or "") for n in EVENT_TEXT_COLUMNS
        ):
            return False
        stored = [tuple(getattr(s, a) for a in SOURCE_ATTRIBUTES) for s in self._sources(original)]
        given = [tuple(getattr(s, a) for a in SOURCE_ATTRIBUTES) for s in instance._import_sources]
        return stored == given

    def save_instance(self, instance, is_create, row, **kwargs):
        parsed = self._parsed
        user = kwargs.get("user")
        reason = _("Imported from %(file)s") % {"file": kwargs.get("file_name") or _("a file")}
        with transaction.atomic():
            if not instance.membership_id:
                instance.membership, _created = ensure_membership(
                    accord=parsed.accord,
                    country=parsed.country,
                    role=parsed.role,
                    user=user,
                    reason=reason,
                )
            for obj in (instance, *instance._import_sources):
                obj._change_reason = reason
                if user is not None:
                    obj._history_user = user
            services.save_event(event=instance, sources=instance._import_sources)


# -- the rejected rows ------------------------------------------------------------------------


def rejected_rows(result, dataset) -> list[tuple[int, str, dict]]:
    """``(line, reason, cells)`` of every row the import refused, in file order."""
    by_line = {_row_line(row): row for row in dataset.dict} if dataset.headers else {}
    rejected = [(row.number, " ".join(error_lines(row.error))) for row in result.invalid_rows]
    for error_row in result.error_rows:
        reason = " ".join(str(error.error) for error in error_row.errors)
        rejected.append((error_row.number, reason))
    return [(line, reason, by_line.get(line, {})) for line, reason in sorted(rejected)]


def rejected_rows_csv(result, dataset, headers) -> str:
    """The refused rows as CSV: ``line`` and ``error`` first, then the file's own columns, with
    formula-like cells escaped (the import reads them back as they were)."""
    headers = [h for h in headers if h not in (None, "", LINE_COLUMN, *REPORT_COLUMNS)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*REPORT_COLUMNS, *headers])
    for problem in result.base_errors:
        writer.writerow(["", safe_cell(" ".join(error_lines(problem.error)))])
    for line, reason, cells in rejected_rows(result, dataset):
        writer.writerow(
            [line, safe_cell(reason), *(safe_cell(cell_text(cells.get(h))) for h in headers)]
        )
    return buffer.getvalue()


# -- the admin --------------------------------------------------------------------------------


#: How long the preview of an upload may be confirmed, or its rejected rows downloaded.
UPLOAD_MAX_AGE = 24 * 60 * 60


class SignedConfirmImportForm(ConfirmImportForm):
    """import-export's confirm form, with the kept upload's name signed for the editor who
    uploaded it: a forged name (another file of the temporary folder) is refused."""

    upload_signature = forms.CharField(widget=forms.HiddenInput())

    salt = "accords.importing.upload"

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    @classmethod
    def sign(cls, name: str, user) -> str:
        # The form keeps the file's name only (import-export drops any folder from it).
        return signing.dumps([PurePath(name).name, user.pk], salt=cls.salt)

    def clean(self):
        cleaned = super().clean()
        try:
            name, user_id = signing.loads(
                cleaned.get("upload_signature", ""), salt=self.salt, max_age=UPLOAD_MAX_AGE
            )
        except (signing.BadSignature, TypeError, ValueError):
            name, user_id = None, None
        if name != cleaned.get("import_file_name") or self.user is None or user_id != self.user.pk:
            raise ValidationError(_("This upload cannot be used any more; upload the file again."))
        return cleaned


class EventImportExportMixin(ImportExportMixin):
    """*Import* and *Export* on the events' admin list (see the module docstring)."""

    resource_classes = [EventResource]
    confirm_form_class = SignedConfirmImportForm
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    # Every column, always: a partial export could not be imported back.
    export_form_class = ExportForm
    import_template_name = "admin/accords/event/import.html"
    progress_template_name = "admin/accords/event/import_progress.html"
    # UTF-8 with a byte-order mark, so that spreadsheets read accented names right.
    to_encoding = "utf-8-sig"

    def has_import_permission(self, request):
        """IMPORT_EXPORT_IMPORT_PERMISSION_CODE ("add" on events), and since an import also
        corrects events and adds memberships, change on events and add on memberships too."""
        if not super().has_import_permission(request):
            return False
        user = request.user
        return user.has_perm(
            f"accords.{get_permission_codename('change', Event._meta)}"
        ) and user.has_perm(f"accords.{get_permission_codename('add', Membership._meta)}")

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {**super().get_confirm_form_kwargs(request, import_form), "user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            initial["upload_signature"] = SignedConfirmImportForm.sign(
                initial["import_file_name"], request.user
            )
        return initial

    def get_export_filename(self, request, queryset, file_format):
        return f"events-{timezone.localdate().isoformat()}.{file_format.get_extension()}"

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/rejected/",
                self.admin_site.admin_view(self.rejected_rows_view),
                name="{}_{}_import_rejected".format(*info),
            ),
            *super().get_urls(),
        ]

    def _admin_url(self, view: str) -> str:
        app_label, model_name = self.get_model_info()
        return reverse(f"admin:{app_label}_{model_name}_{view}", current_app=self.admin_site.name)

    def _import_url(self):
        return self._admin_url("import")

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        result = context.get("result") if context else None
        if result is not None:
            form = context["form"]
            upload = form.cleaned_data.get("import_file") if hasattr(form, "cleaned_data") else None
            if result.invalid_rows and getattr(upload, "tmp_storage_name", None):
                # The same hidden fields as the confirm form: the file kept from this upload.
                context["report_form"] = self.create_confirm_form(request, import_form=form)
            context["row_count"] = result.total_rows
        return response

    def _read_upload(self, request, confirm_form):
        """The dataset and its temporary storage of the upload a confirm form names, or
        ``(None, None)`` when that file is gone (confirmed already, or expired)."""
        try:
            format_class = self.get_import_formats()[int(confirm_form.cleaned_data["format"])]
        except (ValueError, IndexError):
            return None, None
        input_format = format_class(encoding=self.from_encoding)
        encoding = None if input_format.is_binary() else self.from_encoding
        tmp_storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            encoding=encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            data = tmp_storage.read()
        except (FileNotFoundError, KeyError):
            return None, None
        return input_format.create_dataset(data), tmp_storage

    def _upload_gone(self, request):
        self.message_user(
            request,
            _("That upload is no longer here (imported, or expired): upload the file again."),
            messages.ERROR,
        )
        return HttpResponseRedirect(self._import_url())

    @method_decorator(require_POST)
    def rejected_rows_view(self, request):
        """The rows of an upload that its dry run refuses, with the reason of each, as CSV: the
        dry run is run again on the kept file (and rolled back)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return self._upload_gone(request)
        dataset, _storage = self._read_upload(request, confirm_form)
        if dataset is None:
            return self._upload_gone(request)
        headers = list(dataset.headers or [])
        resource = self.choose_import_resource_class(confirm_form, request)(
            **self.get_import_resource_kwargs(request, form=confirm_form)
        )
        result = resource.import_data(
            dataset, dry_run=True, raise_errors=False, user=request.user, file_name="report"
        )
        name = PurePath(confirm_form.cleaned_data["original_file_name"]).stem or "import"
        response = HttpResponse(
            rejected_rows_csv(result, dataset, headers).encode("utf-8-sig"),
            content_type="text/csv; charset=utf-8",
        )
        safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name)[:80]
        response["Content-Disposition"] = f'attachment; filename="rejected-{safe_name}.csv"'
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirmed import: every row in one transaction (all or nothing), the page
        streamed as it goes so that the editor sees how far it has got."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return self._upload_gone(request)
        dataset, tmp_storage = self._read_upload(request, confirm_form)
        if dataset is None:
            return self._upload_gone(request)
        resource = self.choose_import_resource_class(confirm_form, request)(
            **self.get_import_resource_kwargs(request, form=confirm_form)
        )
        response = StreamingHttpResponse(
            self._import_stream(request, resource, dataset, tmp_storage, confirm_form),
            content_type="text/html; charset=utf-8",
        )
        response["X-Accel-Buffering"] = "no"  # a proxy must pass the progress on as it comes
        return response

    def _import_stream(self, request, resource, dataset, tmp_storage, confirm_form):
        file_name = confirm_form.cleaned_data.get("original_file_name") or ""
        resource.set_source_slots(resource.source_slots_in(dataset.headers))
        problems = resource.header_problems(dataset.headers)
        if not problems:
            resource.prepare(dataset)
        total = len(dataset) if not problems else 0
        marker = "<!-- import progress -->"
        page = render_to_string(
            self.progress_template_name,
            {
                **self.admin_site.each_context(request),
                "title": _("Import"),
                "opts": self.model._meta,
                "row_count": total,
                "file_name": file_name,
                "marker": marker,
                "import_url": self._import_url(),
            },
            request=request,
        )
        head, tail = page.split(marker, 1)
        yield head

        result = resource.get_result_class()()
        result.total_rows = total
        failed = bool(problems)
        missing = object()
        previous = getattr(HistoricalRecords.context, "request", missing)
        # The history middleware's request is gone once a streamed response starts: put it
        # back, so that the deleted sources' history names the editor too.
        HistoricalRecords.context.request = request
        try:
            with transaction.atomic():
                for start in range(0, total, PROGRESS_CHUNK):
                    chunk = tablib.Dataset(headers=dataset.headers)
                    for values in dataset[start : start + PROGRESS_CHUNK]:
                        chunk.append(values)
                    part = resource.import_data(
                        chunk,
                        dry_run=False,
                        raise_errors=False,
                        use_transactions=True,
                        rollback_on_validation_errors=True,
                        user=request.user,
                        file_name=file_name,
                        retain_instance_in_row_result=True,
                    )
                    _merge(result, part)
                    if part.has_errors() or part.has_validation_errors():
                        failed = True
                        transaction.set_rollback(True)
                        break
                    done = min(start + PROGRESS_CHUNK, total)
                    yield format_html(
                        '<p class="import-progress-step"><progress value="{}" max="{}"></progress>'
                        " {}</p>\n",
                        done,
                        total,
                        _("%(done)s of %(total)s rows written") % {"done": done, "total": total},
                    )
                if not failed:
                    self.generate_log_entries(result, request)
        except Exception as error:  # the transaction is rolled back: say so, with the reason
            logger.exception("import of %s failed", file_name)
            failed = True
            problems = [*problems, str(error)]
        finally:
            if previous is missing:
                del HistoricalRecords.context.request
            else:
                HistoricalRecords.context.request = previous

        if failed:
            yield self._failure_html(result, problems)
        else:
            post_import.send(sender=None, model=self.model)
            tmp_storage.remove()
            yield self._success_html(result)
        yield tail

    def _success_html(self, result):
        totals = result.totals
        summary = _(
            "Import finished: %(new)s new, %(updated)s corrected, %(skipped)s unchanged."
        ) % {
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
        }
        changelist = self._admin_url("changelist")
        return format_html(
            '<div class="import-summary"><ul class="messagelist"><li class="success">{}</li></ul>'
            '<p><a class="button" href="{}">{}</a></p></div>\n',
            summary,
            changelist,
            _("Back to the events"),
        )

    def _failure_html(self, result, problems):
        reasons = list(problems)
        for error in result.base_errors:
            reasons.append(" ".join(error_lines(error.error)))
        for invalid in result.invalid_rows:
            reasons.append(
                _("Line %(line)s: %(reason)s")
                % {"line": invalid.number, "reason": " ".join(error_lines(invalid.error))}
            )
        for line, errors in result.row_errors():
            for error in errors:
                reasons.append(
                    _("Line %(line)s: %(reason)s") % {"line": line, "reason": error.error}
                )
        return format_html(
            '<div class="import-summary"><ul class="messagelist"><li class="error">{}</li></ul>'
            "<ul>{}</ul>"
            '<p><a class="button" href="{}">{}</a></p></div>\n',
            _(
                "Nothing was imported: a row was refused (the data may have changed since the "
                "preview). Correct it and import the file again."
            ),
            format_html_join("", "<li>{}</li>", ((reason,) for reason in reasons)),
            self._import_url(),
            _("Import a file"),
        )


def _merge(total: Result, part: Result) -> None:
    """Add one chunk's result to the whole import's."""
    total.base_errors += part.base_errors
    total.rows += part.rows
    total.invalid_rows += part.invalid_rows
    total.error_rows += part.error_rows
    if not total.diff_headers:
        total.diff_headers = part.diff_headers
    for import_type, count in part.totals.items():
        total.totals[import_type] += count


__all__ = [
    "EventImportExportMixin",
    "EventResource",
    "ensure_membership",
    "rejected_rows_csv",
]
