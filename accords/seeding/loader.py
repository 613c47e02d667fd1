"""The loader of one seed file (see ``accords.seeding``): the accord, its memberships, their
events with their sources, the reported interests, and the items dropped from the file."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from .. import services
from ..models import (
    Accord,
    Event,
    InterestSource,
    Membership,
    ReportedInterest,
    SeedEntry,
    Source,
)
from .values import (
    ACCORD_FIELDS,
    EVENT_FIELDS,
    INTEREST_FIELDS,
    INTEREST_SOURCE_FIELDS,
    MEMBERSHIP_FIELDS,
    SOURCE_FIELDS,
    editor_changed,
    file_values,
    labelled,
    parse_date,
    source_rows,
    stored_values,
)


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


class Loader:
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
        values = file_values(Accord, self.data["accord"], ACCORD_FIELDS)
        accord = Accord.objects.filter(slug=self.slug).first()
        return self._load_one(
            self.slug, accord, lambda: Accord(slug=self.slug, **values), values, Accord.history
        )

    def load_membership(self, accord, item):
        code = item["country"]
        values = file_values(Membership, item, MEMBERSHIP_FIELDS)
        membership = Membership.objects.filter(accord=accord, country=code).first()
        return self._load_one(
            f"{self.slug}/{code}",
            membership,
            lambda: Membership(accord=accord, country=code, **values),
            values,
            Membership.history,
        )

    def _load_one(self, key, stored, make, values, history):
        """The object an item stands for: ``stored`` (corrected from ``values`` if the loader
        made it and no editor has changed it since) or, if none is stored, a new one from
        ``make``; ``None`` when the loader made it before and an editor has deleted it."""
        entry = self.entry(key)
        if entry is not None and stored is None:
            self.seen.add(key)
            return None
        if stored is None:
            stored = make()
            self._save(key, stored)
            self.report.added.append(key)
        elif entry is not None:
            self._correct(key, entry, stored, values, history, {"id": stored.pk})
        self.remember(key, stored)
        return stored

    def _save(self, key, obj):
        try:
            obj.full_clean()
        except ValidationError as error:
            raise labelled(key, error) from error
        obj.save()

    def _correct(self, key, entry, obj, values, history, lookup):
        if stored_values(obj, values) == values:
            self.report.unchanged += 1
            return
        if editor_changed(history.model, entry.loaded_at, **lookup):
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
        values = file_values(Event, item, EVENT_FIELDS)
        values["date"] = parse_date(item["date"])
        values["date_precision"] = item.get("date_precision") or "day"
        return values

    def _source_values(self, item):
        values = {k: item.get(k, "") for k in SOURCE_FIELDS}
        values["published_on"] = parse_date(item.get("published_on"))
        values["secondary"] = bool(item.get("secondary", False))
        return values

    def _correct_event(self, key, event, item):
        values = self._event_values(item)
        sources = [self._source_values(s) for s in item.get("sources") or []]
        same = stored_values(event, values) == values and source_rows(
            event.sources.all()
        ) == source_rows(sources)
        if same:
            self.report.unchanged += 1
            self.remember(key, event)
            return
        since = event._seed_entry.loaded_at
        if editor_changed(Event.history.model, since, id=event.pk) or editor_changed(
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
            raise labelled(key, error) from error
        self.remember(key, event)

    # -- reported interests -------------------------------------------------------------------

    def load_interests(self, accord):
        for item in self.data.get("interested", []):
            key = f"{self.slug}/interested/{item['key']}"
            values = file_values(ReportedInterest, item, INTEREST_FIELDS)
            values["date"] = parse_date(item["date"])
            values["date_precision"] = item.get("date_precision") or "day"
            sources = [
                {
                    **{k: s.get(k, "") for k in INTEREST_SOURCE_FIELDS},
                    "published_on": parse_date(s.get("published_on")),
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
                if stored_values(interest, values) == values and source_rows(
                    interest.sources.all(), INTEREST_SOURCE_FIELDS
                ) == (source_rows(sources, INTEREST_SOURCE_FIELDS)):
                    self.report.unchanged += 1
                    self.remember(key, interest)
                    continue
                if editor_changed(
                    ReportedInterest.history.model, entry.loaded_at, id=interest.pk
                ) or editor_changed(
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
            if editor_changed(history, entry.loaded_at, **lookup):
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
                raise labelled(f"{self.slug}: removing dropped events", error) from error

    def _dropped_event(self, entry, parts):
        if entry.object_id is not None:
            return Event.objects.filter(pk=entry.object_id).first()
        if len(parts) == 4:  # a first-edition entry: accord/state/kind/date
            _slug, code, kind, day = parts
            return Event.objects.filter(
                membership__accord__slug=self.slug, membership__country=code, kind=kind, date=day
            ).first()
        return None
