"""Importing a dataset in the admin (accords/importing/), through the real admin pages with an
editor's session: the import form, the preview (a dry run) and the reason of each refused row,
and the download of the refused rows."""

import pytest

from accords.models import Event

from .api_helpers import db_snapshot
from .import_helpers import (
    CHANGELIST,
    EXPORT,
    IMPORT,
    PROCESS,
    REJECTED,
    csv_bytes,
    headers_for,
    hidden_fields,
    kz_row,
    read_csv,
    refused,
    upload,
    uploads_in_tmp_path,  # noqa: F401 (an autouse fixture: every upload in the test's own folder)
)

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
