"""Importing a dataset in the admin (accords/importing/), through the real admin pages with an
editor's session: the export, and an export imported back (unchanged, or corrected)."""

import pytest

from accords.models import Accord, Event

from .api_helpers import db_snapshot
from .conftest import load_seed
from .import_helpers import (
    CSV_FORMAT,
    XLSX_FORMAT,
    confirm,
    csv_bytes,
    export,
    headers_for,
    kz_row,
    read_csv,
    refused,
    upload,
    uploads_in_tmp_path,  # noqa: F401 (an autouse fixture: every upload in the test's own folder)
)

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
