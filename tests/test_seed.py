"""The Abraham Accords seed, second edition: complete, every source a link, corrections that reach
sites loaded from the first edition, and never over an editor's work."""

import json
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from accords.models import (
    Accord,
    Event,
    Membership,
    ReportedInterest,
    SeedEntry,
    Source,
)
from accords.seeding import SEED_DIR, load_seed_file
from accords.services import delete_event, rebuild_status_periods

from .api_helpers import send, snapshot

SEED_FILE = SEED_DIR / "abraham-accords.json"
FIRST_EDITION = SEED_DIR.parent.parent / "tests" / "data" / "abraham-accords-first-edition.json"

#: Events per state and kind in the facts sheet's second edition, counted by hand.
EXPECTED_KINDS = {
    "AE": {
        "announced": 1,
        "signed": 1,
        "ratified": 1,
        "entered_into_force": 1,
        "embassy_opened": 3,
        "mission_opened": 1,
    },
    "BH": {
        "announced": 1,
        "signed": 1,
        "relations_established": 1,
        "envoy_arrived": 1,
        "embassy_opened": 2,
        "strained": 1,
    },
    "IL": {"signed": 1, "domestic_step": 4, "ratified": 1, "entered_into_force": 1},
    "US": {"signed": 1},
    "SD": {"announced": 1, "signed": 1, "domestic_step": 2, "stalled": 1, "visit": 1},
    "MA": {
        "announced": 1,
        "signed": 1,
        "relations_established": 1,
        "mission_opened": 2,
        "envoy_arrived": 1,
    },
    "KZ": {"announced": 1, "statement": 3},
}


def load_first_edition():
    """The database as the first edition's loader left it: its events and URL-less sources,
    and its seed entries keyed ``accord/state/kind/date`` without object ids."""
    data = json.loads(FIRST_EDITION.read_text(encoding="utf-8"))
    accord = Accord.objects.create(**data["accord"])
    SeedEntry.objects.create(key=accord.slug)
    for item in data["memberships"]:
        fields = {k: v for k, v in item.items() if k != "events"}
        membership = Membership.objects.create(accord=accord, **fields)
        SeedEntry.objects.create(key=f"{accord.slug}/{membership.country.code}")
        for event_item in item["events"]:
            sources = event_item.pop("sources")
            event = Event.objects.create(membership=membership, **event_item)
            for source in sources:
                Source.objects.create(event=event, **source)
            SeedEntry.objects.create(
                key=f"{accord.slug}/{membership.country.code}/{event.kind}/{event_item['date']}"
            )
        rebuild_status_periods(membership)


def editor_patch(client, editor, event, **changes):
    token = Token.objects.get_or_create(user=editor)[0].key
    response = send(client, "PATCH", f"/api/events/{event.pk}/", changes, token=token)
    assert response.status_code == 200, response.content


# --- The data ---------------------------------------------------------------------------------


def test_every_state_has_the_events_of_the_second_edition(seeded):
    counted = Counter(
        Event.objects.filter(membership__accord__slug="abraham-accords").values_list(
            "membership__country", "kind"
        )
    )
    loaded = {}
    for (country, kind), n in counted.items():
        loaded.setdefault(country, {})[kind] = n
    assert loaded == EXPECTED_KINDS
    assert sum(counted.values()) == 39


def test_kazakhstans_statements_are_the_corrected_ones(seeded):
    statements = Event.objects.filter(membership__country="KZ", kind="statement").order_by("date")
    assert [(e.date, e.place) for e in statements] == [
        (date(2025, 11, 6), "Washington (through Kazakhstan's embassy)"),
        (date(2025, 11, 7), "Astana"),
        (date(2025, 12, 12), "Ashgabat"),
    ]
    final_stage = statements[0]
    assert "final stage" in final_stage.title
    assert [s.copy_of for s in final_stage.sources.all()] == ["AFP", "Reuters"]


def test_moroccos_january_2021_office_is_a_liaison_office(seeded):
    assert not Event.objects.filter(
        membership__country="MA", kind="embassy_opened", date=date(2021, 1, 26)
    ).exists()
    office = Event.objects.get(membership__country="MA", date=date(2021, 1, 26))
    assert office.kind == "mission_opened"
    assert "liaison" in office.title.lower()


def test_every_source_is_a_web_address(seeded):
    sources = list(Source.objects.filter(event__membership__accord__slug="abraham-accords"))
    assert len(sources) == 71
    for source in sources:
        assert source.url.startswith(("https://", "http://")), source
        assert source.publisher
    assert all(
        s.url.startswith(("https://", "http://")) for s in Source.objects.exclude(archived_url="")
    )


def test_every_event_has_a_source(seeded):
    assert not Event.objects.filter(sources__isnull=True).exists()


def test_secondary_sources_and_agency_copies_are_marked(seeded):
    assert Source.objects.filter(secondary=True).exists()
    detik = Source.objects.get(publisher="detikNews")
    assert (detik.copy_of, detik.language) == ("Reuters", "id")


def test_statuses_as_the_facts_sheet_ends(seeded):
    statuses = dict(
        Membership.objects.filter(accord__slug="abraham-accords").values_list("country", "status")
    )
    assert statuses == {
        "AE": "in_force",
        "BH": "in_force",
        "IL": "in_force",
        "MA": "in_force",
        "US": "signed",
        "SD": "signed",
        "KZ": "announced",
    }


def test_states_reported_as_interested_are_kept_apart(seeded):
    interests = {i.name: i for i in ReportedInterest.objects.filter(accord__slug="abraham-accords")}
    assert set(interests) == {
        "Saudi Arabia",
        "Somaliland",
        "Azerbaijan",
        "Mauritania",
        "Indonesia",
        "Kosovo",
    }
    assert interests["Somaliland"].country == "" and interests["Somaliland"].entity
    assert not Membership.objects.filter(country__in=["SA", "AZ", "MR", "ID"]).exists()
    for interest in interests.values():
        assert interest.sources.exists()
        assert all(s.url.startswith("https://") for s in interest.sources.all())


# --- Loading ----------------------------------------------------------------------------------


def test_loading_twice_changes_nothing(seeded):
    before = snapshot()
    report = load_seed_file(SEED_FILE)
    assert not report.changed
    assert snapshot() == before


def test_a_first_edition_site_is_upgraded_and_an_editors_change_is_left_alone(client, db, editor):
    load_first_edition()
    sudan_stalled = Event.objects.get(membership__country="SD", kind="stalled")
    editor_patch(client, editor, sudan_stalled, title="Stalled, as an editor put it")
    morocco_office = Event.objects.get(
        membership__country="MA", kind="embassy_opened", date=date(2021, 1, 26)
    )

    report = load_seed_file(SEED_FILE)

    assert report.kept == ["abraham-accords/SD/stalled"]
    assert Event.objects.get(pk=sudan_stalled.pk).title == "Stalled, as an editor put it"
    # corrected in place, not added beside the old one
    morocco_office.refresh_from_db()
    assert morocco_office.kind == "mission_opened"
    assert "abraham-accords/MA/mission-liaison-office" in report.corrected
    statements = Event.objects.filter(membership__country="KZ", kind="statement")
    assert sorted(e.date for e in statements) == [
        date(2025, 11, 6),
        date(2025, 11, 7),
        date(2025, 12, 12),
    ]
    assert "abraham-accords/KZ/statement-mfa" in report.added
    # every event but the editor's has the second edition's sources, all of them links
    for event in Event.objects.exclude(pk=sudan_stalled.pk):
        assert event.sources.exists()
        assert all(s.url for s in event.sources.all()), event
    assert Event.objects.filter(membership__accord__slug="abraham-accords").count() == 39
    assert not SeedEntry.objects.filter(object_id__isnull=True).exists()

    second = load_seed_file(SEED_FILE)
    assert (second.added, second.corrected, second.removed) == ([], [], [])


def test_an_item_corrected_in_the_file_corrects_the_event(seeded, tmp_path):
    data = json.loads(SEED_FILE.read_text())
    kazakhstan = next(m for m in data["memberships"] if m["country"] == "KZ")
    announcement = next(e for e in kazakhstan["events"] if e["key"] == "announced")
    announcement["date"] = "2025-11-05"
    corrected = tmp_path / "abraham-accords.json"
    corrected.write_text(json.dumps(data))

    report = load_seed_file(corrected)

    assert report.corrected == ["abraham-accords/KZ/announced"]
    assert list(
        Event.objects.filter(membership__country="KZ", kind="announced").values_list("date")
    ) == [(date(2025, 11, 5),)]


def test_an_item_dropped_from_the_file_is_removed_unless_an_editor_changed_it(
    client, seeded, editor, tmp_path
):
    data = json.loads(SEED_FILE.read_text())
    sudan = next(m for m in data["memberships"] if m["country"] == "SD")
    sudan["events"] = [e for e in sudan["events"] if e["kind"] not in ("visit", "stalled")]
    stalled = Event.objects.get(membership__country="SD", kind="stalled")
    editor_patch(client, editor, stalled, notes="Checked again by an editor.")
    dropped = tmp_path / "abraham-accords.json"
    dropped.write_text(json.dumps(data))

    report = load_seed_file(dropped)

    assert report.removed == ["abraham-accords/SD/visit-foreign-minister"]
    assert report.kept == ["abraham-accords/SD/stalled"]
    assert not Event.objects.filter(membership__country="SD", kind="visit").exists()
    assert Event.objects.filter(pk=stalled.pk).exists()


def test_an_editors_deletion_survives_a_reload(seeded):
    delete_event(event=Event.objects.get(membership__country="SD", kind="stalled"))
    Membership.objects.get(country="US").delete()
    load_seed_file(SEED_FILE)
    assert not Event.objects.filter(membership__country="SD", kind="stalled").exists()
    assert not Membership.objects.filter(country="US").exists()


def seed_plus_event(path, country, kind, day, **fields):
    """The seed file with one more event of ``country`` (keyed by its kind), written to
    ``path``."""
    data = json.loads(SEED_FILE.read_text())
    event = {"key": kind, "kind": kind, "date": day, **fields}
    next(m for m in data["memberships"] if m["country"] == country)["events"].append(event)
    path.write_text(json.dumps(data))
    return path


def test_a_row_added_to_the_seed_later_is_loaded_alone(seeded, tmp_path):
    updated = seed_plus_event(
        tmp_path / "abraham-accords.json",
        "KZ",
        "signed",
        "2026-01-15",
        date_precision="day",
        place="Washington",
        title="Kazakhstan signed the Abraham Accords Declaration",
        sources=[{"publisher": "Example Wire", "url": "https://example.org/kz-signed"}],
    )
    report = load_seed_file(updated)
    assert report.added == ["abraham-accords/KZ/signed"]
    assert Membership.objects.get(country="KZ").status == "signed"


def test_a_seed_file_with_an_invalid_row_loads_nothing(db, tmp_path):
    nobody = [{"publisher": "Nobody", "url": "https://example.org/"}]
    event = {"title": "Ratified before it was signed", "sources": nobody}
    broken = seed_plus_event(tmp_path / "broken.json", "BH", "ratified", "2019-01-01", **event)
    with pytest.raises(CommandError, match="nothing changed"):
        call_command("load_seed", str(broken))
    assert not Accord.objects.exists()
    assert not Event.objects.exists()
    assert not SeedEntry.objects.exists()


@pytest.mark.parametrize(
    "sources, message",
    [([], "at least one source"), ([{"publisher": "Wire"}], "url")],
    ids=["no source", "a source without a web address"],
)
def test_a_seed_event_without_a_sourced_link_loads_nothing(db, tmp_path, sources, message):
    data = json.loads(SEED_FILE.read_text())
    data["memberships"][0]["events"][0]["sources"] = sources
    broken = tmp_path / "unsourced.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=message):
        call_command("load_seed", str(broken))
    assert not Event.objects.exists()


def test_the_command_reports_what_it_did(db, capsys):
    call_command("load_seed", "abraham-accords")
    call_command("load_seed", "abraham-accords")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "abraham-accords.json: 53 added, 0 corrected, 0 removed, 0 left alone because an "
        "editor changed them, 0 unchanged."
    )
    assert "  added: abraham-accords/KZ/statement-mfa" in out
    assert out[-1] == (
        "abraham-accords.json: 0 added, 0 corrected, 0 removed, 0 left alone because an "
        "editor changed them, 53 unchanged."
    )
