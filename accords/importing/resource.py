"""The import-export resource of events: one self-contained row per event, exported from the
stored events and imported through ``rows`` (reading), ``objects`` (to the event) and the write
path."""

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.resources import Diff, ModelResource
from import_export.results import Result

from ..api.renderers import safe_cell
from ..models import Accord, Event, Source
from .cells import FileProblem, cell_text
from .columns import (
    EVENT_COLUMNS,
    SOURCE_ATTRIBUTES,
    TRANSLATIONS,
    header_problems,
    row_line,
    source_column,
    source_slots_in,
)
from .objects import apply_row, event_sources, find_event, is_unchanged, write_row
from .rows import parse_row, prepare


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

    def _source_exporter(self, number, attribute):
        def export(event):
            sources = event_sources(event)
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
        self.set_source_slots(source_slots_in(dataset.headers))
        return super().import_data(dataset, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        problems = header_problems(dataset.headers)
        unnamed = [i for i, name in enumerate(dataset.headers or []) if name in (None, "")]
        if any(cell_text(values[i]) for values in dataset for i in unnamed):
            problems.append(_("A column without a name holds data: name it, or remove it."))
        if problems:
            dataset.wipe()  # no row is read from a file whose columns are wrong
            raise FileProblem(" ".join(problems))
        prepare(dataset)

    def after_import(self, dataset, result, **kwargs):
        # Not ModelResource's: it resets the id sequences (for imports that bring their own
        # ids), which could hand a concurrent writer's id out twice. New events here never
        # bring an id.
        lines = [row_line(row) for row in dataset.dict] if dataset.headers else []
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
        row_result.line = row_line(row)
        return row_result

    def before_import_row(self, row, **kwargs):
        self._parsed = parse_row(row, source_slots=self.source_slots, accord_by_slug=self._accord)

    def _accord(self, slug):
        if slug not in self._accords:
            self._accords[slug] = Accord.objects.filter(slug=slug).first()
        return self._accords[slug]

    def get_instance(self, instance_loader, row):
        return find_event(self._parsed)

    def import_instance(self, instance, row, **kwargs):
        apply_row(self._parsed, instance, self._seen)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None or original is None:
            return False
        return is_unchanged(instance, original)

    def save_instance(self, instance, is_create, row, **kwargs):
        write_row(
            instance, self._parsed, user=kwargs.get("user"), file_name=kwargs.get("file_name") or ""
        )
