"""``?format=csv``: the whole filtered list as a file a spreadsheet or pandas opens as is."""

import csv
import io

import pytest

from accords.models import Event

from .api_helpers import kz_signing, send, token_for

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # so spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_membership_csv_has_flat_columns_and_every_membership(client, seeded):
    response = client.get("/api/memberships/", {"format": "csv"})

    rows = read_csv(response)
    assert response["Content-Disposition"] == 'attachment; filename="memberships.csv"'
    assert list(rows[0]) == [
        "accord",
        "country_code",
        "country_name",
        "role",
        "status",
        "status_since",
    ]
    assert len(rows) == 7
    kazakhstan = next(row for row in rows if row["country_code"] == "KZ")
    assert kazakhstan == {
        "accord": "abraham-accords",
        "country_code": "KZ",
        "country_name": "Kazakhstan",
        "role": "party",
        "status": "announced",
        "status_since": "2025-11-06",
    }


def test_membership_csv_follows_the_filters_and_as_of(client, seeded):
    rows = read_csv(client.get("/api/memberships/", {"format": "csv", "as_of": "2020-12-01"}))

    assert {row["country_code"] for row in rows} == {"AE", "BH", "IL", "US", "SD"}
    assert next(row for row in rows if row["country_code"] == "SD")["status"] == "announced"


def test_event_csv_is_the_whole_filtered_list_not_one_page(client, seeded):
    everything = read_csv(client.get("/api/events/", {"format": "csv", "page_size": 2}))
    signings = read_csv(client.get("/api/events/", {"format": "csv", "kind": "signed"}))

    assert len(everything) == Event.objects.count() == 39
    assert len(signings) == 6
    columns = ["id", "accord", "country_code", "country_name", "kind", "date", "date_precision"]
    assert list(everything[0]) == [*columns, "title", "place", "sources", "source_urls"]
    announced = next(
        row for row in everything if row["country_code"] == "KZ" and row["kind"] == "announced"
    )
    assert announced["date"] == "2025-11-06"
    assert announced["sources"].startswith(
        "Anadolu Agency — Trump says Kazakhstan has agreed to join Abraham Accords — https://"
    )
    assert announced["source_urls"].split() == [
        "https://www.aa.com.tr/en/americas/trump-says-kazakhstan-has-agreed-to-join-abraham-accords/3737253",
        "https://news.detik.com/internasional/d-8198562/trump-umumkan-kazakhstan-normalisasi-hubungan-dengan-israel",
        "https://www.inform.kz/ru/v-belom-dome-sostoyalsya-razgovor-prezidentov-kazahstana-ssha-i-premer-ministra-izrailya-3bd349",
    ]
    assert "United Arab Emirates announced full normalisation" in next(
        row["title"] for row in everything if row["country_code"] == "AE"
    )


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(client, seeded, editor):
    payload = kz_signing(
        title='=HYPERLINK("http://evil.example","click")',
        place="+1 Washington",
        sources=[
            {"publisher": "@publisher", "url": "https://example.org/a"},
            {"publisher": "-minus", "url": "https://example.org/b"},
        ],
    )
    assert send(client, "POST", "/api/events/", payload, token=token_for(editor)).status_code == 201

    [row] = read_csv(
        client.get("/api/events/", {"format": "csv", "kind": "signed", "country": "KZ"})
    )

    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["place"] == "'+1 Washington"
    assert row["sources"] == "'@publisher — https://example.org/a; -minus — https://example.org/b"


def test_csv_errors_are_json(client, seeded):
    response = client.get("/api/events/", {"format": "csv", "kind": "bogus"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "kind" in response.json()


def test_csv_is_offered_on_the_lists_only(client, seeded):
    event = Event.objects.first()

    assert client.get(f"/api/events/{event.pk}/", {"format": "csv"}).status_code == 404
    assert client.get("/api/accords/", {"format": "csv"}).status_code == 404
