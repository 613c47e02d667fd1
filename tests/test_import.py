"""Importing a dataset in the admin (accords/importing.py), through the real admin pages with an
editor's session: the import form, the preview (a dry run), the confirm form, the export, and
the download of the refused rows."""

import csv
import io
import json
import tempfile
from datetime import date
from html.parser import HTMLParser

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import StreamingHttpResponse
from django.urls import reverse

from accords import services
from accords.importing import EventResource, ensure_membership
from accords.models import Accord, Event, Membership
from accords.seeding import seed_file

from .api_helpers import assert_every_membership_consistent, db_snapshot
from .conftest import load_seed
from .factories import make_user

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


@pytest.fixture
def viewer(db):
    """A staff user who may only look at events."""
    user = make_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    return user


# -- the preview --------------------------------------------------------------------------------


def test_the_import_form_explains_the_columns(editor_client, seeded):
    page = editor_client.get(IMPORT)
    assert page.status_code == 200
    text = page.content.decode()
    assert "source_2_url" in text and "YYYY-MM-DD" in text
    assert 'name="import_file"' in text
    # the changelist offers Import and Export to an editor
    changelist = editor_client.get(CHANGELIST).content.decode()
    assert IMPORT in changelist and EXPORT in changelist


def test_a_preview_with_one_bad_row_shows_its_reason_and_saves_nothing(editor_client, seeded):
    before = db_snapshot()
    content = csv_bytes(
        [
            kz_row(),
            kz_row(kind="ratified", date="2020-13-45", title="Ratified"),
            kz_row(kind="statement", date="2025-12-01", title="A statement"),
        ]
    )
    preview = upload(editor_client, content)
    assert preview.status_code == 200
    assert refused(preview) == {3: ["date: “2020-13-45” is not a date of the calendar."]}
    page = preview.content.decode()
    assert "Some rows were refused" in page
    assert "“2020-13-45” is not a date of the calendar." in page
    assert "1 of 3 rows was refused" in page
    assert preview.context.get("confirm_form") is None  # nothing to confirm
    assert PROCESS not in page
    assert db_snapshot() == before


@pytest.mark.parametrize(
    "changes, column, reason",
    [
        ({"date": "10/12/2025"}, "date", "is not a date: write it as YYYY-MM-DD"),
        ({"date": ""}, "date", "Give the date"),
        ({"date": "2999-01-01"}, "date", "cannot be dated in the future"),
        ({"country": "XX"}, "country", "“XX” is not an ISO 3166-1 country code"),
        ({"accord": "no-such-accord"}, "accord", "No accord has the slug “no-such-accord”"),
        ({"kind": "joined"}, "kind", "“joined” is not one of: announced, signed"),
        ({"date_precision": "week"}, "date_precision", "“week” is not one of: day, month, year"),
        ({"date_precision": "month"}, "date_precision", "must be entered as the 1st"),
        ({"title": ""}, "title", "This field cannot be blank"),
        ({"role": "observer"}, "role", "“observer” is not one of"),
        ({"role": "witness"}, "role", "has the role “party”"),
        (
            {f"source_1_{name}": "" for name in ("url", "publisher", "title", "published_on")},
            "source_1_url",
            "Every event needs a source with a web address",
        ),
        ({"source_1_url": ""}, "source_1_url", "This field cannot be blank"),
        ({"source_1_url": "ftp://example.org/x"}, "source_1_url", "Enter a valid URL"),
        ({"source_1_publisher": ""}, "source_1_publisher", "cannot be blank"),
        ({"source_1_published_on": "yesterday"}, "source_1_published_on", "is not a date"),
        ({"kind": "resumed"}, "kind", "Only a membership that is suspended on this date"),
        ({"date": "2025-11-01"}, "date", "cannot be dated before the announcement (6 Nov 2025)"),
        ({"id": "999999"}, "id", "No event has the id 999999 here"),
        ({"id": "abc"}, "id", "An id is a whole number"),
    ],
)
def test_every_refused_row_gives_its_reason(editor_client, seeded, changes, column, reason):
    before = db_snapshot()
    preview = upload(editor_client, csv_bytes([kz_row(**changes)], headers_for(with_id=True)))
    problems = refused(preview)
    assert list(problems) == [2], problems
    assert any(p.startswith(f"{column}: ") and reason in p for p in problems[2]), problems
    assert reason in preview.content.decode()
    assert db_snapshot() == before


def test_a_file_with_wrong_columns_is_refused_whole(editor_client, seeded):
    before = db_snapshot()
    headers = [h for h in headers_for() if h != "title"] + ["titel"]
    preview = upload(editor_client, csv_bytes([kz_row(titel="x")], headers))
    page = preview.content.decode()
    assert "This file cannot be imported" in page
    assert "The file has no column title." in page
    assert "Unknown columns: titel." in page
    unnamed = csv_bytes([kz_row(extra="x")], [*headers_for(), "extra"]).replace(b",extra", b",")
    assert "A column without a name holds data" in upload(editor_client, unnamed).content.decode()
    assert preview.context.get("confirm_form") is None
    assert db_snapshot() == before


def test_the_same_event_twice_in_one_file_is_refused(editor_client, seeded):
    preview = upload(editor_client, csv_bytes([kz_row(), kz_row(title="Again")]))
    assert refused(preview) == {
        3: ["__all__: Line 2 gives the same event (accord, state, kind and date)."]
    }


def test_a_preview_counts_the_rows_and_says_it_may_take_a_while(editor_client, seeded):
    rows = [kz_row(), kz_row(kind="ratified", date="2025-12-20", title="Ratified")]
    preview = upload(editor_client, csv_bytes(rows))
    page = preview.content.decode()
    assert "2 rows checked: 2 new, 0 to correct, 0 unchanged." in page
    assert "this may take a" in page
    assert not Event.objects.filter(membership__country="KZ", kind="signed").exists()


# -- confirming ---------------------------------------------------------------------------------


def test_a_confirmed_import_writes_through_the_write_path(editor_client, editor, seeded):
    kz = Membership.objects.get(accord__slug="abraham-accords", country="KZ")
    rows = [
        # in the wrong order: the import sorts each state's rows by date
        kz_row(kind="ratified", date="2025-12-20", title="Ratified by parliament"),
        kz_row(),
        kz_row(
            country="AZ",
            role="party",
            kind="announced",
            date="2025-11-20",
            title="Azerbaijan announced it would join",
        ),
    ]
    response, page = confirm(editor_client, upload(editor_client, csv_bytes(rows)))
    assert "Importing 3 rows" in page
    assert '<progress value="3" max="3">' in page
    assert "Import finished: 3 new, 0 corrected, 0 unchanged." in page
    kz.refresh_from_db()
    assert kz.status == "ratified"
    assert kz.status_event.title == "Ratified by parliament"
    signed = Event.objects.get(membership=kz, kind="signed")
    assert [s.url for s in signed.sources.all()] == ["https://example.org/kz-signs"]
    # a membership the accord lacked is added with the row's role
    azerbaijan = Membership.objects.get(accord__slug="abraham-accords", country="AZ")
    assert azerbaijan.role == "party" and azerbaijan.status == "announced"
    # every record names the editor, and the admin's log lists the new events
    record = signed.history.latest()
    assert record.history_user == editor
    assert record.history_change_reason == "Imported from events.csv"
    assert signed.sources.get().history.latest().history_user == editor
    assert azerbaijan.history.latest().history_user == editor
    assert LogEntry.objects.filter(user=editor, object_id=str(signed.pk)).exists()
    assert_every_membership_consistent()


@pytest.mark.parametrize("batch", [50, 1])
def test_a_confirmed_import_is_all_or_nothing(editor_client, seeded, monkeypatch, batch):
    """The data changed between the preview and the confirmation: one row is now refused, so
    none is written, not even those of the batches written before it."""
    monkeypatch.setattr("accords.importing.PROGRESS_CHUNK", batch)
    rows = [
        kz_row(country="AZ", kind="announced", date="2025-11-20", title="Azerbaijan"),
        kz_row(),
    ]
    preview = upload(editor_client, csv_bytes(rows))
    assert refused(preview) == {}
    # meanwhile another editor corrects Kazakhstan's announcement to after the signing
    announced = Event.objects.get(membership__country="KZ", kind="announced")
    announced.date = date(2025, 12, 15)
    services.save_event(event=announced)
    before = db_snapshot()
    _response, page = confirm(editor_client, preview)
    assert "Nothing was imported" in page
    assert "Line 3: date: The signing cannot be dated before the announcement" in page
    assert db_snapshot() == before
    assert not Membership.objects.filter(country="AZ").exists()


def test_a_preview_cannot_be_confirmed_twice(editor_client, seeded):
    preview = upload(editor_client, csv_bytes([kz_row()]))
    confirm(editor_client, preview)
    before = db_snapshot()
    again = editor_client.post(PROCESS, hidden_fields(preview, PROCESS))
    assert again.status_code == 302 and again.url == IMPORT
    assert db_snapshot() == before


def test_a_forged_upload_name_is_refused(editor_client, seeded):
    preview = upload(editor_client, csv_bytes([kz_row()]))
    data = hidden_fields(preview, PROCESS)
    before = db_snapshot()
    for forged in ({"import_file_name": "passwd"}, {"upload_signature": "x"}):
        response = editor_client.post(PROCESS, data | forged)
        assert response.status_code == 302 and response.url == IMPORT
        report = editor_client.post(REJECTED, data | forged)
        assert report.status_code == 302
    assert db_snapshot() == before


def test_the_nato_data_imports_as_the_loader_loads_it(editor_client, db):
    with transaction.atomic():
        load_seed("nato")
        expected = membership_event_rows("nato")
        transaction.set_rollback(True)
    assert not Accord.objects.filter(slug="nato").exists()
    assert len(expected[0]) == 32 and len(expected[1]) == 88

    make_nato_accord()
    rows, most = nato_rows()
    page = import_file(editor_client, csv_bytes(rows, headers_for(most)), name="nato.csv")
    assert "Import finished: 88 new, 0 corrected, 0 unchanged." in page
    assert '<progress value="50" max="88">' in page and '<progress value="88" max="88">' in page
    assert membership_event_rows("nato") == expected
    assert_every_membership_consistent()


def test_a_spreadsheet_imports_too(editor_client, seeded):
    book = openpyxl.Workbook()
    sheet = book.active
    headers = headers_for()
    sheet.append(headers)
    row = kz_row(date=date(2025, 12, 10), source_1_published_on=date(2025, 12, 10))
    sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    import_file(editor_client, buffer.getvalue(), name="events.xlsx", file_format=XLSX_FORMAT)
    signed = Event.objects.get(membership__country="KZ", kind="signed")
    assert signed.date == date(2025, 12, 10)
    assert signed.sources.get().published_on == date(2025, 12, 10)


# -- export and round trip ----------------------------------------------------------------------


@pytest.mark.parametrize("file_format, name", [(CSV_FORMAT, "events.csv"), (XLSX_FORMAT, "e.xlsx")])
def test_an_export_imports_back_without_changing_anything(editor_client, db, file_format, name):
    load_seed("abraham-accords", "nato")
    content = export(editor_client, file_format)
    before = db_snapshot()
    total = Event.objects.count()
    preview = upload(editor_client, content, name=name, file_format=file_format)
    assert refused(preview) == {}
    totals = preview.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, total)
    _response, page = confirm(editor_client, preview)
    assert f"Import finished: 0 new, 0 corrected, {total} unchanged." in page
    assert db_snapshot() == before


def test_the_export_has_one_row_per_event_with_every_source(editor_client, seeded):
    rows = read_csv(export(editor_client))
    assert len(rows) == Event.objects.count()
    event = max(Event.objects.all(), key=lambda e: (e.sources.count(), -e.pk))
    [row] = [r for r in rows if r["id"] == str(event.pk)]
    assert row["accord"] == "abraham-accords"
    assert row["country"] == event.membership.country.code
    assert row["date"] == event.date.isoformat()
    for n, source in enumerate(event.sources.all(), start=1):
        assert row[f"source_{n}_url"] == source.url
        assert row[f"source_{n}_publisher"] == source.publisher
    assert f"source_{event.sources.count()}_url" in rows[0]
    assert f"source_{event.sources.count() + 1}_url" not in rows[0]


def test_the_export_follows_the_lists_filters(editor_client, db):
    load_seed("abraham-accords", "nato")
    nato = Accord.objects.get(slug="nato")
    rows = read_csv(export(editor_client, query=f"?membership__accord__id__exact={nato.pk}"))
    assert {r["accord"] for r in rows} == {"nato"}
    assert len(rows) == Event.objects.filter(membership__accord=nato).count()
    # a search that finds events through their sources lists each event once
    rows = read_csv(export(editor_client, query="?q=NATO"))
    assert rows and len({r["id"] for r in rows}) == len(rows)


def test_a_corrected_export_corrects_the_events(editor_client, editor, seeded):
    rows = read_csv(export(editor_client))
    event = Event.objects.get(membership__country="KZ", kind="announced")
    [row] = [r for r in rows if r["id"] == str(event.pk)]
    sources_before = list(event.sources.values_list("pk", "url"))
    row["title"] = "Kazakhstan announced that it joins the Abraham Accords"
    row["source_1_title"] = "A better title"
    preview = upload(editor_client, csv_bytes(rows, list(rows[0])))
    assert refused(preview) == {}
    totals = preview.context["result"].totals
    assert (totals["new"], totals["update"]) == (0, 1)
    confirm(editor_client, preview)
    event.refresh_from_db()
    assert event.title == "Kazakhstan announced that it joins the Abraham Accords"
    # the source with the same web address was corrected in place, keeping its id
    assert list(event.sources.values_list("pk", "url")) == sources_before
    assert event.sources.first().title == "A better title"
    assert event.history.latest().history_user == editor


def test_an_id_names_an_event_of_the_rows_accord_and_state(editor_client, seeded):
    bahrain = Event.objects.filter(membership__country="BH").first()
    preview = upload(editor_client, csv_bytes([kz_row(id=str(bahrain.pk))], headers_for(1, True)))
    [reason] = refused(preview)[2]
    assert reason.startswith(f"id: Event {bahrain.pk} is Bahrain: ")
    assert "not of this accord and state" in reason


def test_a_formula_like_title_survives_the_round_trip(editor_client, seeded):
    event = Event.objects.get(membership__country="KZ", kind="announced")
    Event.objects.filter(pk=event.pk).update(title="=1+1 is not a formula here")
    rows = read_csv(export(editor_client))
    [row] = [r for r in rows if r["id"] == str(event.pk)]
    assert row["title"] == "'=1+1 is not a formula here"  # a spreadsheet shows it as text
    preview = upload(editor_client, csv_bytes(rows, list(rows[0])))
    assert refused(preview) == {}
    assert preview.context["result"].totals["update"] == 0


# -- the refused rows, as a download ------------------------------------------------------------


def test_the_refused_rows_download_with_their_reasons(editor_client, seeded):
    rows = [
        kz_row(country="XX"),
        kz_row(country="AZ", kind="announced", date="2025-11-20", title="Azerbaijan"),
        kz_row(kind="resumed", date="2025-12-01", title="Resumed"),
        kz_row(kind="ratified", date="2025-13-01", title="Ratified"),
    ]
    preview = upload(editor_client, csv_bytes(rows), name="my events.csv")
    before = db_snapshot()
    page = preview.content.decode()
    assert "Download the refused rows" in page
    response = editor_client.post(REJECTED, hidden_fields(preview, REJECTED))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="rejected-my-events.csv"'
    report = read_csv(response.content)
    assert [(r["line"], r["country"], r["kind"]) for r in report] == [
        ("2", "XX", "signed"),
        ("4", "KZ", "resumed"),
        ("5", "KZ", "ratified"),
    ]
    assert report[0]["error"] == "country: “XX” is not an ISO 3166-1 country code."
    assert "Only a membership that is suspended on this date can be resumed." in report[1]["error"]
    assert report[2]["error"] == "date: “2025-13-01” is not a date of the calendar."
    assert list(report[0])[:2] == ["line", "error"]
    assert db_snapshot() == before

    # corrected, the report imports as it is (its line and error columns are ignored)
    report[0]["country"] = "AZ"
    report[0]["date"] = "2025-11-21"
    report[2]["date"] = "2025-12-20"
    del report[1]
    again = upload(editor_client, csv_bytes(report, list(report[0])), name="fixed.csv")
    assert refused(again) == {}


# -- permissions --------------------------------------------------------------------------------


def test_only_editors_may_import(client, viewer, seeded):
    client.force_login(viewer)
    assert client.get(CHANGELIST).status_code == 200
    assert IMPORT not in client.get(CHANGELIST).content.decode()
    assert client.get(IMPORT).status_code == 403
    before = db_snapshot()
    assert upload(client, csv_bytes([kz_row()])).status_code == 403
    fields = {"import_file_name": "x", "original_file_name": "x.csv", "format": "0"}
    assert client.post(PROCESS, fields).status_code == 403
    assert client.post(REJECTED, fields).status_code == 403
    assert db_snapshot() == before
    # reading is open: a viewer may export
    assert read_csv(export(client))


def test_an_editors_preview_cannot_be_confirmed_by_another_user(client, editor_client, seeded):
    preview = upload(editor_client, csv_bytes([kz_row()]))
    other = make_user("other-editor", editor=True, is_staff=True)
    client.force_login(other)
    response = client.post(PROCESS, hidden_fields(preview, PROCESS))
    assert response.status_code == 302
    assert not Event.objects.filter(membership__country="KZ", kind="signed").exists()


def test_importing_needs_change_as_well_as_add(client, seeded):
    user = make_user("adder", is_staff=True)
    for codename in ("view_event", "add_event", "add_membership"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    assert client.get(IMPORT).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(user)
    assert client.get(IMPORT).status_code == 200


# -- the pieces ---------------------------------------------------------------------------------


def test_ensure_membership_adds_a_state_once(seeded):
    accord = Accord.objects.get(slug="abraham-accords")
    membership, created = ensure_membership(accord=accord, country="AZ", role="party")
    assert created and membership.role == "party"
    again, created = ensure_membership(accord=accord, country="AZ", role="witness")
    assert (again, created) == (membership, False)


def test_the_resource_describes_every_column():
    resource = EventResource(source_slots=2)
    columns = [field.column_name for field in resource.get_user_visible_fields()]
    assert columns[:16] == ["id", *EVENT_HEADERS]
    assert columns[16:] == [f"source_{n}_{f}" for n in (1, 2) for f in SOURCE_FIELDS]
