"""The lists as CSV (``?format=csv``): the whole filtered list, one flat row per item, its
columns the list serializer's fields in their order. A row cell holds one value, so:

- a state (:class:`~accords.api.fields.CountryField`) is two columns, ``<field>_code`` and
  ``<field>_name``;
- an event's sources are two columns: ``sources``, each one's publisher, title and address
  (``; `` between sources), and ``source_urls``, the addresses alone (space-separated);
- the fields in :data:`LEFT_OUT` are not columns.

The cells are written by :class:`~accords.api.renderers.CSVRenderer`."""

from operator import itemgetter

from rest_framework.renderers import JSONRenderer

from .fields import CountryField
from .renderers import CSVRenderer
from .serializers import EventSerializer, MembershipSerializer, SourceSerializer

#: The fields of each serializer that its CSV leaves out, and why: ``languages`` says which
#: language each text is in, a mapping no cell holds; notes are long free text, kept out of
#: files read as tables; a membership's ``events`` have their own file (the events list's);
#: a membership is found by its accord and state, not by the API's id. These are the columns
#: the files have always had: a spreadsheet that reads them by position keeps working.
LEFT_OUT = {
    EventSerializer: ("notes", "languages"),
    MembershipSerializer: ("id", "notes", "languages", "events"),
}


def _sources_cell(item):
    return "; ".join(
        " — ".join(part for part in (s["publisher"], s["title"], s["url"]) if part)
        for s in item["sources"]
    )


def _source_urls_cell(item):
    return " ".join(s["url"] for s in item["sources"])


def _field_columns(name, field) -> list[tuple[str, object]]:
    if isinstance(field, CountryField):
        return [
            (f"{name}_code", lambda item: item[name]["code"]),
            (f"{name}_name", lambda item: item[name]["name"]),
        ]
    if isinstance(getattr(field, "child", None), SourceSerializer):
        return [(name, _sources_cell), ("source_urls", _source_urls_cell)]
    return [(name, itemgetter(name))]


def columns(serializer_class) -> list[tuple[str, object]]:
    """The CSV columns of the items ``serializer_class`` gives: ``[(header, function of one
    item), ...]``, as :class:`~accords.api.renderers.CSVRenderer` takes them."""
    left_out = LEFT_OUT.get(serializer_class, ())
    return [
        column
        for name, field in serializer_class().fields.items()
        if name not in left_out
        for column in _field_columns(name, field)
    ]


class CSVListMixin:
    """Lists also served as CSV (``?format=csv``): the whole filtered list, unpaginated, in the
    view's ``csv_columns`` (:func:`columns` of its serializer). Errors are always JSON."""

    csv_filename = "export.csv"
    csv_columns = []

    def get_renderers(self):
        renderers = super().get_renderers()
        action = getattr(self, "action", None)
        # An unsupported method on the list (action None) must still get its 405, not a 404
        # for an unknown format.
        if action == "list" or (action is None and getattr(self, "detail", None) is False):
            renderers.append(CSVRenderer())
        return renderers

    def paginate_queryset(self, queryset):
        if getattr(self.request, "accepted_renderer", None) and (
            self.request.accepted_renderer.format == CSVRenderer.format
        ):
            self.paginator.check_parameters(self.request)
            return None
        return super().paginate_queryset(queryset)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        renderer = getattr(self.request, "accepted_renderer", None)
        if renderer is not None and renderer.format == CSVRenderer.format:
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response
