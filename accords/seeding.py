"""Loading seed data files (``accords/seed/*.json``; the format is in ``seed/FORMAT.md``).

Every item of a file (the accord, each membership, each event with its sources, each reported
interest) has a stable key, and a ``SeedEntry`` remembers which object the loader made of it and
when it last wrote it. A load, in one transaction and through the write path:

- adds the items that are new in the file;
- corrects an item loaded before whose data in the file changed, **unless an editor has changed
  the object since** (its history names a user after the loader's last write);
- removes an item loaded before and dropped from the file, on the same condition;
- leaves alone an object an editor deleted (it is not brought back);
- reports what it added, corrected, removed and left alone.

Running it twice changes nothing the second time. A site loaded from the first edition of a file
(whose entries were keyed by state, kind and date) is upgraded: each event is matched to its new
key by kind and date, or by the ``replaces`` field an item gives when its kind or date changed.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import services
from .models import (
    Accord,
    Event,
    InterestSource,
    Membership,
    ReportedInterest,
    SeedEntry,
    Source,
)
from .translation import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, TRANSLATED_FIELDS, column

SEED_DIR = Path(__file__).resolve().parent / "seed"

ACCORD_FIELDS = ["name", "description", "text_url", "depositary"]
MEMBERSHIP_FIELDS = ["role", "notes"]
EVENT_FIELDS = ["kind", "date", "date_precision", "place", "title", "notes"]
SOURCE_FIELDS = list(Source.CITATION_FIELDS)
INTEREST_FIELDS = ["country", "entity", "date", "date_precision", "note"]
INTEREST_SOURCE_FIELDS = ["url", "title", "publisher", "published_on"]


@dataclass
class LoadReport:
    """What a load did, item by item (each a key such as ``abraham-accords/KZ/announced``)."""

    added: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # left alone: an editor changed it
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.corrected or self.removed)

    def lines(self) -> list[str]:
        lines = [
            f"{len(self.added)} added, {len(self.corrected)} corrected, "
            f"{len(self.removed)} removed, {len(self.kept)} left alone because an editor "
            f"changed them, {self.unchanged} unchanged."
        ]
        for label, keys in (
            ("added", self.added),
            ("corrected", self.corrected),
            ("removed", self.removed),
            ("left alone (changed by an editor)", self.kept),
        ):
            lines += [f"  {label}: {key}" for key in keys]
        return lines


def seed_files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.json"))


def seed_file(name: str) -> Path:
    """A seed file by its name (``nato`` or ``nato.json``) or path."""
    path = Path(name)
    if path.is_file():
        return path
    return SEED_DIR / (name if name.endswith(".json") else f"{name}.json")


def _parse_date(value):
    return date.fromisoformat(value) if value else None


def _labelled(key: str, error: ValidationError) -> ValidationError:
    detail = error.message_dict if hasattr(error, "error_dict") else error.messages
    return ValidationError(f"{key}: {detail}")


def _editor_changed(history_model, since, **lookup) -> bool:
    """Whether an editor (a named user) changed the object after the loader's last write."""
    return history_model.objects.filter(
        history_date__gt=since, history_user__isnull=False, **lookup
    ).exists()


#: The language columns of every translated field: empty in the database may be NULL or "".
_TRANSLATION_COLUMNS = frozenset(
    column(name, code)
    for names in TRANSLATED_FIELDS.values()
    for name in names
    for code in CONTENT_LANGUAGES
)


def _values(obj, names):
    return {
        name: (getattr(obj, name) or "")
        if name in _TRANSLATION_COLUMNS
        else _norm(getattr(obj, name))
        for name in names
    }


def _file_values(model, item: dict, names) -> dict:
    """An item's values for ``names``, each translated field of ``model`` as its columns: a
    text in the file is ``{"en": ..., "id": ..., "ar": ...}`` (English required), or a plain
    string, which is the English text (the format's first edition)."""
    translated = TRANSLATED_FIELDS.get(model, ())
    values = {}
    for name in names:
        value = item.get(name, "")
        if name not in translated:
            values[name] = value
            continue
        texts = value if isinstance(value, dict) else {DEFAULT_LANGUAGE: value}
        unknown = sorted(set(texts) - set(CONTENT_LANGUAGES))
        if unknown:
            raise ValidationError(
                f"{name}: unknown language {', '.join(unknown)}; use {', '.join(CONTENT_LANGUAGES)}"
            )
        for code in CONTENT_LANGUAGES:
            values[column(name, code)] = texts.get(code) or ""
    return values


def _source_rows(sources, names=SOURCE_FIELDS):
    """Sources (model instances or dicts) as comparable rows."""
    return [
        tuple(_norm(s[n] if isinstance(s, dict) else getattr(s, n)) for n in names) for s in sources
    ]


def _norm(value):
    return str(value.code) if hasattr(value, "code") else value


class _Loader:
    def __init__(self, data: dict):
        self.data = data
        self.report = LoadReport()
        self.now = timezone.now()
        self.slug = data["accord"]["slug"]
        self.seen: set[str] = set()

    # -- bookkeeping ------------------------------------------------------------------------

    def entry(self, key):
        return SeedEntry.objects.filter(key=key).first()

    def remember(self, key, obj):
        self.seen.add(key)
        SeedEntry.objects.update_or_create(
            key=key, defaults={"object_id": obj.pk, "loaded_at": self.now}
        )

    # -- the accord and its memberships -------------------------------------------------------

    def load(self) -> LoadReport:
        accord = self.load_accord()
        if accord is None:  # an editor deleted the accord: respect that, load nothing of it
            return self.report
        memberships = {}
        for item in self.data["memberships"]:
            membership = self.load_membership(accord, item)
            if membership is not None:
                memberships[item["country"]] = membership
        self.load_events(memberships)
        self.load_interests(accord)
        self.remove_dropped()
        return self.report

    def load_accord(self):
        values = _file_values(Accord, self.data["accord"], ACCORD_FIELDS)
        key = self.slug
        entry = self.entry(key)
        accord = Accord.objects.filter(slug=self.slug).first()
        if entry is not None and accord is None:
            self.seen.add(key)
            return None
        if accord is None:
            accord = Accord(slug=self.slug, **values)
            self._save(key, accord)
            self.report.added.append(key)
        elif entry is not None:
            self._correct(key, entry, accord, values, Accord.history, {"id": accord.pk})
        self.remember(key, accord)
        return accord

    def load_membership(self, accord, item):
        code = item["country"]
        key = f"{self.slug}/{code}"
        values = _file_values(Membership, item, MEMBERSHIP_FIELDS)
        entry = self.entry(key)
        membership = Membership.objects.filter(accord=accord, country=code).first()
        if entry is not None and membership is None:
            self.seen.add(key)
            return None
        if membership is None:
            membership = Membership(accord=accord, country=code, **values)
            self._save(key, membership)
            self.report.added.append(key)
        elif entry is not None:
            self._correct(key, entry, membership, values, Membership.history, {"id": membership.pk})
        self.remember(key, membership)
        return membership

    def _save(self, key, obj):
        try:
            obj.full_clean()
        except ValidationError as error:
            raise _labelled(key, error) from error
        obj.save()

    def _correct(self, key, entry, obj, values, history, lookup):
        if _values(obj, values) == values:
            self.report.unchanged += 1
            return
        if _editor_changed(history.model, entry.loaded_at, **lookup):
            self.report.kept.append(key)
            return
        for name, value in values.items():
            setattr(obj, name, value)
        self._save(key, obj)
        self.report.corrected.append(key)

    # -- events ---------------------------------------------------------------------------------

    def load_events(self, memberships):
        """Per membership: removals first, then corrections, then additions, so that a
        corrected history is never refused for a state it passes through."""
        additions, corrections = [], []
        for item in self.data["memberships"]:
            membership = memberships.get(item["country"])
            if membership is None:
                continue
            claimed = {e["replaces"] for e in item["events"] if e.get("replaces")}
            for event_item in item["events"]:
                key = f"{self.slug}/{item['country']}/{event_item['key']}"
                event = self._find_event(membership, key, event_item, claimed)
                if event is False:  # loaded before and deleted by an editor since
                    continue
                if event is None:
                    additions.append((key, membership, event_item))
                else:
                    corrections.append((key, event, event_item))
        self.remove_dropped(kind="event")
        for key, event, event_item in corrections:
            self._correct_event(key, event, event_item)
        for key, membership, event_item in additions:
            event = Event(membership=membership)
            self._write_event(key, event, event_item)
            self.report.added.append(key)

    def _find_event(self, membership, key, item, claimed):
        """The event an item was loaded as before, None if it is new, False if an editor has
        deleted it. Adopts a first-edition entry (keyed by kind and date) on the way."""
        entry = self.entry(key)
        if entry is None:
            legacy = item.get("replaces")
            if legacy is None and f"{item['kind']}/{item['date']}" not in claimed:
                legacy = f"{item['kind']}/{item['date']}"
            legacy_entry = self.entry(f"{key.rsplit('/', 1)[0]}/{legacy}") if legacy else None
            if legacy_entry is None:
                return None
            kind, day = legacy.split("/")
            event = Event.objects.filter(membership=membership, kind=kind, date=day).first()
            SeedEntry.objects.create(
                key=key,
                object_id=event.pk if event else None,
                loaded_at=legacy_entry.loaded_at,
            )
            legacy_entry.delete()
            entry = self.entry(key)
        self.seen.add(key)
        event = Event.objects.filter(pk=entry.object_id).first() if entry.object_id else None
        if event is None:
            return False
        event._seed_entry = entry
        return event

    def _event_values(self, item):
        values = _file_values(Event, item, EVENT_FIELDS)
        values["date"] = _parse_date(item["date"])
        values["date_precision"] = item.get("date_precision") or "day"
        return values

    def _source_values(self, item):
        values = {k: item.get(k, "") for k in SOURCE_FIELDS}
        values["published_on"] = _parse_date(item.get("published_on"))
        values["secondary"] = bool(item.get("secondary", False))
        return values

    def _correct_event(self, key, event, item):
        values = self._event_values(item)
        sources = [self._source_values(s) for s in item.get("sources") or []]
        same = _values(event, values) == values and _source_rows(
            event.sources.all()
        ) == _source_rows(sources)
        if same:
            self.report.unchanged += 1
            self.remember(key, event)
            return
        since = event._seed_entry.loaded_at
        if _editor_changed(Event.history.model, since, id=event.pk) or _editor_changed(
            Source.history.model, since, event_id=event.pk
        ):
            self.report.kept.append(key)
            return
        self._write_event(key, event, item)
        self.report.corrected.append(key)

    def _write_event(self, key, event, item):
        for name, value in self._event_values(item).items():
            setattr(event, name, value)
        sources = [Source(**self._source_values(s)) for s in item.get("sources") or []]
        try:
            services.save_event(event=event, sources=sources)
        except ValidationError as error:
            raise _labelled(key, error) from error
        self.remember(key, event)

    # -- reported interests -------------------------------------------------------------------

    def load_interests(self, accord):
        for item in self.data.get("interested", []):
            key = f"{self.slug}/interested/{item['key']}"
            values = _file_values(ReportedInterest, item, INTEREST_FIELDS)
            values["date"] = _parse_date(item["date"])
            values["date_precision"] = item.get("date_precision") or "day"
            sources = [
                {
                    **{k: s.get(k, "") for k in INTEREST_SOURCE_FIELDS},
                    "published_on": _parse_date(s.get("published_on")),
                }
                for s in item.get("sources") or []
            ]
            entry = self.entry(key)
            interest = (
                ReportedInterest.objects.filter(pk=entry.object_id).first() if entry else None
            )
            if entry is not None and interest is None:
                self.seen.add(key)
                continue
            if interest is not None:
                if _values(interest, values) == values and _source_rows(
                    interest.sources.all(), INTEREST_SOURCE_FIELDS
                ) == (_source_rows(sources, INTEREST_SOURCE_FIELDS)):
                    self.report.unchanged += 1
                    self.remember(key, interest)
                    continue
                if _editor_changed(
                    ReportedInterest.history.model, entry.loaded_at, id=interest.pk
                ) or _editor_changed(
                    InterestSource.history.model, entry.loaded_at, interest_id=interest.pk
                ):
                    self.seen.add(key)
                    self.report.kept.append(key)
                    continue
                self.report.corrected.append(key)
            else:
                interest = ReportedInterest(accord=accord)
                self.report.added.append(key)
            for name, value in values.items():
                setattr(interest, name, value)
            self._save(key, interest)
            if not sources:
                raise ValidationError(f"{key}: every reported interest needs a source")
            interest.sources.all().delete()
            for source in sources:
                self._save(key, InterestSource(interest=interest, **source))
            self.remember(key, interest)

    # -- items dropped from the file ----------------------------------------------------------

    def remove_dropped(self, kind=None):
        """Remove what the loader made of items no longer in the file, unless an editor has
        changed it since; ``kind="event"`` does the events only (before the corrections)."""
        entries = SeedEntry.objects.filter(key__startswith=f"{self.slug}/").exclude(
            key__in=self.seen
        )
        doomed_events = defaultdict(list)
        for entry in entries.order_by("key"):
            parts = entry.key.split("/")
            if kind == "event" and len(parts) < 3:
                continue
            if parts[1] == "interested":
                if kind == "event":
                    continue
                obj, history, lookup = (
                    ReportedInterest.objects.filter(pk=entry.object_id).first(),
                    ReportedInterest.history.model,
                    {"id": entry.object_id},
                )
            elif len(parts) == 2:
                obj, history, lookup = (
                    Membership.objects.filter(pk=entry.object_id).first(),
                    Membership.history.model,
                    {"id": entry.object_id},
                )
            else:
                obj = self._dropped_event(entry, parts)
                history, lookup = Event.history.model, {"id": getattr(obj, "pk", None)}
            if obj is None:
                entry.delete()
                continue
            if _editor_changed(history, entry.loaded_at, **lookup):
                self.report.kept.append(entry.key)
                self.seen.add(entry.key)
                continue
            if isinstance(obj, Event):
                doomed_events[obj.membership_id].append(obj)
            else:
                obj.delete()
            self.report.removed.append(entry.key)
            entry.delete()
        for events in doomed_events.values():
            try:
                services.delete_events(events=events)
            except ValidationError as error:
                raise _labelled(f"{self.slug}: removing dropped events", error) from error

    def _dropped_event(self, entry, parts):
        if entry.object_id is not None:
            return Event.objects.filter(pk=entry.object_id).first()
        if len(parts) == 4:  # a first-edition entry: accord/state/kind/date
            _slug, code, kind, day = parts
            return Event.objects.filter(
                membership__accord__slug=self.slug, membership__country=code, kind=kind, date=day
            ).first()
        return None


@transaction.atomic
def load_seed_file(path: Path) -> LoadReport:
    """Load one seed file whole or not at all (see the module's docstring)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return _Loader(data).load()
