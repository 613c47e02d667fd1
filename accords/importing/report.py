"""The rows an import refused, with the reason of each, as a CSV the editor fixes and imports
back as it is."""

import csv
import io

from ..api.renderers import safe_cell
from .cells import cell_text, error_lines
from .columns import LINE_COLUMN, REPORT_COLUMNS, row_line


def rejected_rows(result, dataset) -> list[tuple[int, str, dict]]:
    """``(line, reason, cells)`` of every row the import refused, in file order."""
    by_line = {row_line(row): row for row in dataset.dict} if dataset.headers else {}
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
