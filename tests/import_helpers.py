"""What the tests of importing a dataset in the admin (accords/importing/) share: the files
(CSV rows as a spreadsheet saves them, the NATO seed as import rows), the admin's import pages as
a browser sends them (the import form, the preview, the confirm form, the export), and the
fixture that keeps each upload in the test's own folder."""

import csv
import io
import json
import tempfile
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.urls import reverse

from accords.models import Accord, Event, Membership
from accords.seeding import seed_file

IMPORT = reverse("admin:accords_event_import")
PROCESS = reverse("admin:accords_event_process_import")
EXPORT = reverse("admin:accords_event_export")
REJECTED = reverse("admin:accords_event_import_rejected")
CHANGELIST = reverse("admin:accords_event_changelist")

#: import-export's form fields: the format is the index of the admin's formats (CSV, XLSX).
CSV_FORMAT, XLSX_FORMAT = "0", "1"

EVENT_HEADERS = ["accord", "country", "role", "kind", "date", "date_precision", "title"]
EVENT_HEADERS += ["place", "notes", "title_id", "title_ar", "place_id", "place_ar"]
EVENT_HEADERS += ["notes_id", "notes_ar"]
SOURCE_FIELDS = ["url", "publisher", "title", "published_on", "archived_url", "copy_of"]
SOURCE_FIELDS += ["language", "secondary"]


# -- files --------------------------------------------------------------------------------------


def headers_for(source_count=1, with_id=False):
    headers = (["id"] if with_id else []) + EVENT_HEADERS
    for n in range(1, source_count + 1):
        headers += [f"source_{n}_{name}" for name in SOURCE_FIELDS]
    return headers


def csv_bytes(rows, headers=None) -> bytes:
    """A CSV file of ``rows`` (dicts), as a spreadsheet would save it."""
    headers = headers or headers_for()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in headers})
    return buffer.getvalue().encode("utf-8")


def read_csv(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def kz_row(**changes):
    """A valid row: Kazakhstan signs the Abraham Accords (announced on 6 Nov 2025 in the seed)."""
    row = {
        "accord": "abraham-accords",
        "country": "KZ",
        "role": "party",
        "kind": "signed",
        "date": "2025-12-10",
        "date_precision": "day",
        "title": "Kazakhstan signed the Abraham Accords Declaration",
        "place": "Washington",
        "source_1_url": "https://example.org/kz-signs",
        "source_1_publisher": "Example Wire",
        "source_1_title": "Kazakhstan signs",
        "source_1_published_on": "2025-12-10",
    }
    row.update(changes)
    return row


def nato_rows() -> tuple[list[dict], int]:
    """accords/seed/nato.json as import rows (newest first, so the import must sort them), and
    the largest number of sources of one event."""
    data = json.loads(seed_file("nato").read_text(encoding="utf-8"))
    rows, most = [], 1
    for membership in data["memberships"]:
        for event in membership["events"]:
            row = {
                "accord": data["accord"]["slug"],
                "country": membership["country"],
                "role": membership["role"],
                **{k: event.get(k, "") for k in ("kind", "date")},
                **texts_as_columns(event, ("title", "place", "notes")),
                "date_precision": event.get("date_precision") or "day",
            }
            for n, source in enumerate(event["sources"], start=1):
                for name in SOURCE_FIELDS:
                    value = source.get(name, "")
                    if name == "secondary":
                        value = "yes" if value else ""
                    row[f"source_{n}_{name}"] = value or ""
            most = max(most, len(event["sources"]))
            rows.append(row)
    rows.sort(key=lambda row: row["date"], reverse=True)
    return rows, most


def texts_as_columns(item: dict, names) -> dict:
    """A seed item's texts (``{"en": ..., "id": ..., "ar": ...}`` or a plain English string)
    as import columns: ``title`` (English), ``title_id``, ``title_ar``."""
    columns = {}
    for name in names:
        value = item.get(name, "")
        texts = value if isinstance(value, dict) else {"en": value}
        columns[name] = texts.get("en", "")
        columns |= {f"{name}_{code}": texts.get(code, "") for code in ("id", "ar")}
    return columns


def make_nato_accord() -> Accord:
    data = json.loads(seed_file("nato").read_text(encoding="utf-8"))["accord"]
    texts = data.pop("name"), data.pop("description")
    return Accord.objects.create(
        **data,
        name_en=texts[0]["en"],
        name_ind=texts[0]["id"],
        name_ar=texts[0]["ar"],
        description_en=texts[1]["en"],
    )


# -- the admin pages, as a browser sends them ----------------------------------------------------


class _FormFinder(HTMLParser):
    """The hidden inputs of each form of a page, by the form's action."""

    def __init__(self):
        super().__init__()
        self.forms, self._action = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._action = attrs.get("action", "")
            self.forms.setdefault(self._action, {})
        elif tag == "input" and self._action is not None and attrs.get("type") == "hidden":
            self.forms[self._action][attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._action = None


def hidden_fields(response, action) -> dict:
    finder = _FormFinder()
    finder.feed(response.content.decode())
    assert action in finder.forms, f"no form posting to {action}"
    return finder.forms[action]


def upload(client, content: bytes, name="events.csv", file_format=CSV_FORMAT):
    """The import form: choose the file and its format, press Submit (the preview follows)."""
    return client.post(
        IMPORT,
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm(client, preview) -> tuple[StreamingHttpResponse, str]:
    """Press *Confirm import* on a preview: the confirm form's hidden fields (import-export's
    import_file_name, original_file_name, format, resource, and our upload_signature)."""
    data = hidden_fields(preview, PROCESS)
    assert {"import_file_name", "original_file_name", "format", "upload_signature"} <= set(data)
    response = client.post(PROCESS, data)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode()


def import_file(client, content: bytes, **kwargs) -> str:
    preview = upload(client, content, **kwargs)
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is not None, refused(preview)
    _response, page = confirm(client, preview)
    assert "Import finished" in page, page[-3000:]
    return page


def refused(preview) -> dict[int, list[str]]:
    """The preview's refused rows: their reasons by line."""
    result = preview.context["result"]
    problems = {
        row.number: [f"{k}: {m}" for k, ms in row.error_dict.items() for m in ms]
        for row in result.invalid_rows
    }
    if result.has_errors():
        problems[0] = [str(e.error) for e in result.base_errors]
        problems[0] += [str(e.error) for _n, errors in result.row_errors() for e in errors]
    return problems


def export(client, file_format=CSV_FORMAT, query="") -> bytes:
    response = client.post(EXPORT + query, {"resource": "0", "format": file_format})
    assert response.status_code == 200, response.content[:2000]
    return response.content


def membership_event_rows(accord_slug):
    """What a dataset holds, as the brief compares it: memberships, and events with their
    sources (sorted web addresses, and every field of every source)."""
    memberships = {
        (m.country.code, m.role) for m in Membership.objects.filter(accord__slug=accord_slug)
    }
    events, sources = set(), set()
    for event in Event.objects.filter(membership__accord__slug=accord_slug).select_related(
        "membership"
    ):
        stored = list(event.sources.all())
        key = (
            event.membership.country.code,
            event.membership.role,
            event.kind,
            event.date,
            event.date_precision,
            event.title,
            event.place,
            event.notes,
            event.title_ind or "",
            event.title_ar or "",
            event.place_ind or "",
            event.place_ar or "",
        )
        events.add((*key, tuple(sorted(s.url for s in stored))))
        sources |= {(*key[:4], *(getattr(s, name) for name in SOURCE_FIELDS)) for s in stored}
    return memberships, events, sources


@pytest.fixture(autouse=True)
def uploads_in_tmp_path(monkeypatch, tmp_path):
    """import-export keeps each upload in the temporary folder until it is imported (a refused
    preview's stays there): here, pytest's folder for the test."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
