"""Importing a dataset in the admin (accords/importing/), through the real admin pages with an
editor's session: the confirm form (the import written through the write path, all or nothing,
once), who may import, and the pieces of the import."""

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import transaction

from accords import services
from accords.importing import EventResource, ensure_membership
from accords.models import Accord, Event, Membership

from .api_helpers import assert_every_membership_consistent, db_snapshot
from .conftest import load_seed
from .factories import make_user
from .import_helpers import (
    CHANGELIST,
    EVENT_HEADERS,
    IMPORT,
    PROCESS,
    REJECTED,
    SOURCE_FIELDS,
    XLSX_FORMAT,
    confirm,
    csv_bytes,
    export,
    headers_for,
    hidden_fields,
    import_file,
    kz_row,
    make_nato_accord,
    membership_event_rows,
    nato_rows,
    read_csv,
    refused,
    upload,
    uploads_in_tmp_path,  # noqa: F401 (an autouse fixture: every upload in the test's own folder)
)


@pytest.fixture
def viewer(db):
    """A staff user who may only look at events."""
    user = make_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    return user


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
