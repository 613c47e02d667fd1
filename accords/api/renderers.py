"""CSV output of the lists (``?format=csv``): the whole filtered list, one flat row per item,
in UTF-8 with a byte-order mark so that spreadsheets detect the encoding (pandas and Python's
``utf-8-sig`` codec skip it)."""

import csv
import io

from rest_framework.renderers import BaseRenderer

#: A cell a spreadsheet would read as a formula starts with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell's text, with ``'`` in front of anything a spreadsheet would run as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class CSVRenderer(BaseRenderer):
    """Renders a list of items as CSV with the columns the view names in ``csv_columns``:
    ``[(header, function of one serialized item), ...]``, and offers it as a download named by
    the view's ``csv_filename``."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context["view"]
        response = renderer_context.get("response")
        if response is not None:
            response["Content-Disposition"] = f'attachment; filename="{view.csv_filename}"'
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        columns = view.csv_columns
        writer.writerow([header for header, _value in columns])
        for item in data:
            writer.writerow([safe_cell(value(item)) for _header, value in columns])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
