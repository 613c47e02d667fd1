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

**The modules.** ``columns`` (the file's columns and header row), ``cells`` (reading a cell),
``rows`` (reading and ordering the rows), ``objects`` (from a row to the event it writes),
``resource`` (import-export's resource of events), ``report`` (the refused rows as CSV) and
``admin`` (the admin's views).
"""

#: Rows written between two progress reports of a confirmed import.
PROGRESS_CHUNK = 50

from .admin import EventImportExportMixin, SignedConfirmImportForm  # noqa: E402
from .cells import FileProblem, cell_date, cell_flag, cell_text, error_lines  # noqa: E402
from .columns import EVENT_COLUMNS, SOURCE_ATTRIBUTES, header_problems  # noqa: E402
from .objects import ensure_membership  # noqa: E402
from .report import rejected_rows, rejected_rows_csv  # noqa: E402
from .resource import EventResource  # noqa: E402
from .rows import ParsedRow, parse_row, prepare  # noqa: E402

__all__ = [
    "EVENT_COLUMNS",
    "PROGRESS_CHUNK",
    "SOURCE_ATTRIBUTES",
    "EventImportExportMixin",
    "EventResource",
    "FileProblem",
    "ParsedRow",
    "SignedConfirmImportForm",
    "cell_date",
    "cell_flag",
    "cell_text",
    "ensure_membership",
    "error_lines",
    "header_problems",
    "parse_row",
    "prepare",
    "rejected_rows",
    "rejected_rows_csv",
]
