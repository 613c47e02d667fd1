"""The Abraham Accords seed: complete, sourced, loaded once, and never over an editor's work."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from accords.models import Accord, Event, Membership, SeedEntry, Source
from accords.seeding import SEED_DIR, load_seed_file

SEED_FILE = SEED_DIR / "abraham-accords.json"

# Every row of shared/data/abraham-accords-facts.md, as (state, kind, date, place).
FACTS = [
    ("AE", "announced", "2020-08-13", "by telephone"),
    ("BH", "announced", "2020-09-11", "by telephone"),
    ("IL", "signed", "2020-09-15", "White House, Washington"),
    ("AE", "signed", "2020-09-15", "White House, Washington"),
    ("BH", "signed", "2020-09-15", "White House, Washington"),
    ("US", "signed", "2020-09-15", "White House, Washington"),
    ("BH", "relations_established", "2020-10-18", "Manama"),
    ("AE", "ratified", "2020-10-19", "Abu Dhabi"),
    ("IL", "ratified", "2020-10-25", "Jerusalem"),
    ("SD", "announced", "2020-10-23", "by telephone"),
    ("MA", "announced", "2020-12-10", "Washington"),
    ("MA", "signed", "2020-12-22", "Royal Palace, Rabat"),
    ("MA", "relations_established", "2020-12-22", "Rabat"),
    ("AE", "entered_into_force", "2021-01-05", ""),
    ("SD", "signed", "2021-01-06", "Khartoum"),
    ("AE", "embassy_opened", "2021-01-24", "Abu Dhabi"),
    ("MA", "embassy_opened", "2021-01-26", "Rabat"),
    ("AE", "embassy_opened", "2021-07-14", "Tel Aviv"),
    ("BH", "embassy_opened", "2021-09-30", "Manama"),
    ("SD", "stalled", "2021-10-25", "Khartoum"),
    ("BH", "strained", "2023-11-02", "Manama"),
    ("KZ", "announced", "2025-11-06", "Washington"),
    ("KZ", "statement", "2025-11-07", "Astana"),
]


def snapshot():
    return {
        "accords": list(Accord.objects.values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
        "sources": list(Source.objects.order_by("pk").values()),
    }


def test_every_row_of_the_facts_is_an_event_with_its_place(seeded):
    loaded = {
        (e.membership.country.code, e.kind, e.date.isoformat()): e.place
        for e in Event.objects.select_related("membership")
    }
    for country, kind, on, place in FACTS:
        assert loaded.get((country, kind, on)) == place, (country, kind, on)


def test_the_only_event_beyond_the_facts_is_israels_side_of_the_uae_treaty(seeded):
    facts = {(country, kind, on) for country, kind, on, _place in FACTS}
    extra = [
        (e.membership.country.code, e.kind, e.date.isoformat())
        for e in Event.objects.select_related("membership")
        if (e.membership.country.code, e.kind, e.date.isoformat()) not in facts
    ]
    assert extra == [("IL", "entered_into_force", "2021-01-05")]


def test_every_seed_event_has_a_named_source(seeded):
    assert Event.objects.count() == len(FACTS) + 1
    for event in Event.objects.prefetch_related("sources"):
        publishers = [s.publisher for s in event.sources.all()]
        assert publishers, f"{event} has no source"
        assert all(publishers)


def test_secondary_facts_say_so(seeded):
    in_force = Event.objects.get(membership__country="AE", kind="entered_into_force")
    assert "Secondary" in in_force.notes
    assert in_force.sources.get().publisher == "Wikipedia"


def test_seed_roles_and_accord(seeded):
    accord = Accord.objects.get(slug="abraham-accords")
    roles = dict(accord.memberships.values_list("country", "role"))
    assert roles == {
        "AE": "founding_party",
        "BH": "founding_party",
        "IL": "founding_party",
        "US": "witness",
        "MA": "party",
        "SD": "party",
        "KZ": "party",
    }


def test_kazakhstan_is_announced_with_its_source(seeded):
    kazakhstan = Membership.objects.get(country="KZ")
    assert kazakhstan.status == "announced"
    assert kazakhstan.status_since == date(2025, 11, 6)
    assert [s.publisher for s in kazakhstan.status_event.sources.all()] == [
        "Reuters via detikNews",
        "Anadolu Agency",
    ]


def test_loading_twice_changes_nothing(seeded):
    before = snapshot()
    report = load_seed_file(SEED_FILE)
    assert report.created == 0
    assert snapshot() == before


def test_an_editors_correction_survives_a_reload(seeded):
    event = Event.objects.get(membership__country="KZ", kind="announced")
    event.title = "Corrected by an editor"
    event.date = date(2025, 11, 5)
    event.save()
    load_seed_file(SEED_FILE)
    kazakhstan_announcements = Event.objects.filter(membership__country="KZ", kind="announced")
    assert [(e.date, e.title) for e in kazakhstan_announcements] == [
        (date(2025, 11, 5), "Corrected by an editor")
    ]


def test_an_editors_deletion_survives_a_reload(seeded):
    Event.objects.get(membership__country="SD", kind="stalled").delete()
    Membership.objects.get(country="US").delete()
    load_seed_file(SEED_FILE)
    assert not Event.objects.filter(membership__country="SD", kind="stalled").exists()
    assert not Membership.objects.filter(country="US").exists()


def test_a_row_added_to_the_seed_later_is_loaded_alone(seeded, tmp_path):
    data = json.loads(SEED_FILE.read_text())
    kazakhstan = next(m for m in data["memberships"] if m["country"] == "KZ")
    kazakhstan["events"].append(
        {
            "kind": "signed",
            "date": "2026-01-15",
            "date_precision": "day",
            "place": "Washington",
            "title": "Kazakhstan signed the Abraham Accords Declaration",
            "sources": [{"publisher": "Example Wire", "published_on": "2026-01-15"}],
        }
    )
    updated = tmp_path / "abraham-accords.json"
    updated.write_text(json.dumps(data))
    report = load_seed_file(updated)
    assert report.created == 1
    kazakhstan_membership = Membership.objects.get(country="KZ")
    assert kazakhstan_membership.status == "signed"


def test_a_seed_file_with_an_invalid_row_loads_nothing(db, tmp_path):
    data = json.loads(SEED_FILE.read_text())
    bahrain = next(m for m in data["memberships"] if m["country"] == "BH")
    bahrain["events"].append(
        {
            "kind": "ratified",
            "date": "2019-01-01",
            "title": "Ratified before it was signed",
            "sources": [{"publisher": "Nobody"}],
        }
    )
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="nothing changed"):
        call_command("load_seed", str(broken))
    assert not Accord.objects.exists()
    assert not Event.objects.exists()
    assert not SeedEntry.objects.exists()


def test_a_seed_event_without_a_source_loads_nothing(db, tmp_path):
    data = json.loads(SEED_FILE.read_text())
    data["memberships"][0]["events"][0]["sources"] = []
    broken = tmp_path / "unsourced.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="at least one source"):
        call_command("load_seed", str(broken))
    assert not Event.objects.exists()


def test_the_command_reports_what_it_loaded(db, capsys):
    call_command("load_seed")
    call_command("load_seed")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "abraham-accords.json: 32 new item(s) loaded, 0 already loaded before.",
        "abraham-accords.json: 0 new item(s) loaded, 32 already loaded before.",
    ]
