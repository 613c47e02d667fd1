"""Loading an accord's seed data file (``accords/seed/*.json``) into the database.

Each item of the file (the accord, each membership, each event with its sources) is loaded at
most once: a ``SeedEntry`` remembers it. So loading again changes nothing, and an item that an
editor has since changed or deleted stays as the editor left it; only items added to the file
since the last load are new. Every item passes the same validation as an editor's input, and a
file loads whole or not at all.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Accord, Event, Membership, SeedEntry, Source
from .services import save_event

SEED_DIR = Path(__file__).resolve().parent / "seed"


@dataclass
class LoadReport:
    created: int = 0
    skipped: int = 0


def seed_files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.json"))


def _parse_date(value):
    return date.fromisoformat(value) if value else None


def _validated(instance, label, exclude=None):
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ValidationError(f"{label}: {error.message_dict}") from error
    return instance


def _first_load(key: str) -> bool:
    """Record ``key`` as loaded; True if it was not loaded before."""
    _entry, created = SeedEntry.objects.get_or_create(key=key)
    return created


@transaction.atomic
def load_seed_file(path: Path) -> LoadReport:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    report = LoadReport()
    accord_data = data["accord"]
    slug = accord_data["slug"]

    if _first_load(slug):
        accord, created = Accord.objects.get_or_create(slug=slug, defaults=accord_data)
        if created:
            _validated(accord, slug)
        report.created += created
    else:
        report.skipped += 1
    accord = Accord.objects.filter(slug=slug).first()
    if accord is None:  # an editor deleted the accord: respect that, load nothing of it
        return report

    for membership_data in data["memberships"]:
        events = membership_data["events"]
        fields = {k: v for k, v in membership_data.items() if k != "events"}
        membership_key = f"{slug}/{fields['country']}"
        if _first_load(membership_key):
            membership, created = Membership.objects.get_or_create(
                accord=accord, country=fields["country"], defaults=fields
            )
            if created:
                _validated(membership, membership_key)
            report.created += created
        else:
            report.skipped += 1
        membership = Membership.objects.filter(accord=accord, country=fields["country"]).first()
        if membership is None:
            continue
        for event_data in events:
            report_delta = _load_event(membership, membership_key, event_data)
            report.created += report_delta
            report.skipped += 1 - report_delta
    return report


def _load_event(membership, membership_key, event_data) -> int:
    key = f"{membership_key}/{event_data['kind']}/{event_data['date']}"
    if not _first_load(key):
        return 0
    event_date = _parse_date(event_data["date"])
    if Event.objects.filter(
        membership=membership, kind=event_data["kind"], date=event_date
    ).exists():
        return 0  # an editor entered this very event before the seed reached it
    event = Event(
        membership=membership,
        kind=event_data["kind"],
        date=event_date,
        date_precision=event_data.get("date_precision", "day"),
        place=event_data.get("place", ""),
        title=event_data["title"],
        notes=event_data.get("notes", ""),
    )
    sources = [
        Source(
            publisher=source_data["publisher"],
            title=source_data.get("title", ""),
            url=source_data.get("url", ""),
            published_on=_parse_date(source_data.get("published_on")),
        )
        for source_data in event_data.get("sources") or []
    ]
    try:
        save_event(event=event, sources=sources)
    except ValidationError as error:
        raise ValidationError(f"{key}: {error.messages}") from error
    return 1
