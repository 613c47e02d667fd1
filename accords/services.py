"""The one write path for events and their sources.

The admin, the API, the seed loader, history revert and imports all write events through these
functions, never with ``Event.save()`` or ``delete()`` directly. Each one, in one transaction:

1. locks the membership rows it touches (in id order, so two writers never deadlock), so a
   concurrent writer waits and then sees what this one committed;
2. validates: the event's own fields (``Event.full_clean()``), its sources, and the membership's
   *whole* history as it would be after the change (``accords.status.history_problems``);
3. writes the event and its sources;
4. rebuilds the derived data: the membership's status periods and cached status.

A refused change raises ``django.core.exceptions.ValidationError`` keyed by field (``date``,
``kind``, ``sources`` or ``__all__``) and writes nothing.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Event, Membership, Source, StatusPeriod
from .status import EVENT_NOUN, HistoryProblem, derive_status, event_noun, history_problems
from .status import status_periods as derive_periods

__all__ = [
    "check_event",
    "check_sources",
    "delete_event",
    "delete_events",
    "deleted_events",
    "rebuild_status_periods",
    "restore_event",
    "save_event",
    "save_source",
    "sources_when_deleted",
]


def _lock_memberships(ids: Iterable[int]) -> dict[int, Membership]:
    """Lock the memberships' rows until the transaction ends (PostgreSQL; SQLite serialises
    writers anyway), always in id order."""
    ids = sorted({i for i in ids if i is not None})
    locked = Membership.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {membership.pk: membership for membership in locked}


def _stored_events(membership_id: int) -> list[Event]:
    return list(
        Event.objects.filter(membership_id=membership_id).only(
            "id", "membership_id", "kind", "date", "date_precision"
        )
    )


def _problem_key(problem: HistoryProblem):
    def identity(event):
        return None if event is None else (event.pk or id(event))

    return (problem.code, identity(problem.event), identity(problem.other))


def _new_problems(before: list[Event], after: list[Event]) -> list[HistoryProblem]:
    """The problems the change would bring: those of ``after`` that ``before`` did not have
    (an old inconsistency never blocks an unrelated correction)."""
    old = {_problem_key(p) for p in history_problems(before)}
    return [p for p in history_problems(after) if _problem_key(p) not in old]


def _subject_message(problem: HistoryProblem, subject: Event) -> tuple[str, str] | None:
    """``(field, message)`` when ``problem`` is about the event being written itself."""
    if problem.code == "order":
        if problem.event is subject:
            this, other, template = (
                problem.event,
                problem.other,
                _("The %(this)s cannot be dated before the %(other)s (%(date)s)."),
            )
        elif problem.other is subject:
            this, other, template = (
                problem.other,
                problem.event,
                _("The %(this)s cannot be dated after the %(other)s (%(date)s)."),
            )
        else:
            return None
        return "date", template % {
            "this": EVENT_NOUN[this.kind],
            "other": EVENT_NOUN[other.kind],
            "date": other.date_display,
        }
    if problem.event is not subject:
        return None
    message = {
        "nothing_to_suspend": _(
            "Only a membership that is announced, signed, ratified or in force on this date "
            "can be suspended."
        ),
        "nothing_to_resume": _("Only a membership that is suspended on this date can be resumed."),
        "nothing_to_withdraw": _(
            "Only a membership that has begun and not ended by this date can be withdrawn from."
        ),
    }[problem.code]
    return "kind", message


def _raise_for(problems: list[HistoryProblem], subject: Event | None, deleting: bool = False):
    if not problems:
        return
    errors: dict[str, list[str]] = {}
    for problem in problems:
        found = None if subject is None or deleting else _subject_message(problem, subject)
        if found is None:
            if deleting:
                message = _("Deleting %(this)s would leave %(problem)s.") % {
                    "this": _describe(subject),
                    "problem": problem.describe(),
                }
            else:
                message = _("This change would leave %(problem)s.") % {
                    "problem": problem.describe()
                }
            found = (NON_FIELD_ERRORS, message)
        field, message = found
        if message not in errors.get(field, []):
            errors.setdefault(field, []).append(message)
    raise ValidationError(errors)


def _describe(event: Event | None) -> str:
    return event_noun(event) if event is not None else _("these events")


def check_sources(sources: Sequence[Source] | None, *, new: bool = False) -> None:
    """Every event has at least one source: the one place this is checked (the API, the admin
    and the seed loader show its error, keyed ``sources``). ``None`` keeps a recorded event's
    sources (a new event has none to keep); a list must hold at least one valid source."""
    if sources is None and not new:
        return
    if not sources:
        raise ValidationError({"sources": [_("Give at least one source for the event.")]})
    for source in sources:
        source.full_clean(exclude=["event"])


def _history_after(event: Event, stored: list[Event], removing: bool = False) -> list[Event]:
    others = [e for e in stored if e.pk != event.pk]
    return others if removing else [*others, event]


def check_event(*, event: Event, sources: Sequence[Source] | None = None) -> set[int]:
    """Validate a new or corrected ``event`` (and its ``sources``, if given) as ``save_event``
    would, inside the caller's transaction, without writing: the admin calls it from its form,
    within the transaction in which it then saves, so the lock taken here holds until then.
    Returns the ids of the memberships the change touches (two when the event moves)."""
    previous_membership_id = None
    if event.pk:
        previous_membership_id = (
            Event.objects.filter(pk=event.pk).values_list("membership_id", flat=True).first()
        )
    _lock_memberships([event.membership_id, previous_membership_id])
    event.full_clean()
    check_sources(sources)
    touched = {event.membership_id, previous_membership_id} - {None}
    problems = []
    for membership_id in touched:
        stored = _stored_events(membership_id)
        if membership_id == event.membership_id:
            after = _history_after(event, stored)
        else:  # the membership the event moves away from
            after = _history_after(event, stored, removing=True)
        problems += _new_problems(stored, after)
    _raise_for(problems, event)
    return touched


@transaction.atomic
def save_event(*, event: Event, sources: Sequence[Source] | None = None) -> Event:
    """Record a new event (``event.pk`` empty; ``sources`` required) or correct one (``sources``
    ``None`` keeps its sources, a list replaces them). Returns the saved event."""
    check_sources(sources, new=event._state.adding or event.pk is None)
    touched = check_event(event=event, sources=sources)
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError as error:  # a constraint broken by a writer that did not lock
        raise ValidationError(_("This conflicts with data saved meanwhile.")) from error
    if sources is not None:
        _replace_sources(event, sources)
    for membership_id in touched:
        rebuild_status_periods(Membership.objects.get(pk=membership_id))
    return event


def _replace_sources(event: Event, sources: Sequence[Source]) -> None:
    """Make ``sources`` the event's sources: one of its own (by id) is updated in place, a new
    one is added, and the ones not given are deleted."""
    own = set(event.sources.values_list("pk", flat=True)) if not event._state.adding else set()
    kept = {source.pk for source in sources if source.pk in own}
    Source.objects.filter(event=event).exclude(pk__in=kept).delete()
    for source in sources:
        if source.pk not in kept:
            # A restored source keeps its old id (and so its history) when that id is free.
            if source.pk is not None and Source.objects.filter(pk=source.pk).exists():
                source.pk = None
            source._state.adding = True
        source.event = event
        source.save()


@transaction.atomic
def delete_events(*, events: Iterable[Event]) -> None:
    """Delete events (with their sources), refusing if any membership's history would be left
    wrong, e.g. a suspension with nothing to suspend once its signing is gone."""
    events = list(events)
    memberships = _lock_memberships(e.membership_id for e in events)
    doomed = {e.pk for e in events}
    for membership_id in memberships:
        stored = _stored_events(membership_id)
        after = [e for e in stored if e.pk not in doomed]
        subject = next((e for e in events if e.membership_id == membership_id), None)
        if len([e for e in events if e.membership_id == membership_id]) > 1:
            subject = None
        _raise_for(_new_problems(stored, after), subject, deleting=True)
    # The sources go first, each marked as deleted with its event, so that restoring the event
    # brings back exactly these (``sources_when_deleted``).
    for source in Source.objects.filter(event_id__in=doomed):
        source._change_reason = DELETED_WITH_ITS_EVENT
        source.delete()
    Event.objects.filter(pk__in=doomed).delete()
    for membership in memberships.values():
        rebuild_status_periods(membership)


def delete_event(*, event: Event) -> None:
    """Delete one event and its sources, if the history stays consistent without it."""
    delete_events(events=[event])


def deleted_events():
    """The last history record of each event that no longer exists, newest deletion first."""
    return (
        Event.history.filter(history_type="-")
        .exclude(id__in=Event.objects.values("pk"))
        .select_related("membership__accord", "history_user")
        .order_by("-history_date")
    )


#: The history's reason for a source deleted together with its event.
DELETED_WITH_ITS_EVENT = "deleted with its event"


def sources_when_deleted(event_id: int) -> list[Source]:
    """The sources a deleted event had when it was deleted, rebuilt from their history."""
    deletion = Event.history.filter(id=event_id, history_type="-").order_by("-history_date").first()
    if deletion is None:
        return []
    before = (
        Event.history.filter(id=event_id, history_date__lt=deletion.history_date)
        .exclude(history_type="-")
        .order_by("-history_date")
        .first()
    )
    records = Source.history.filter(
        event_id=event_id,
        history_type="-",
        history_change_reason=DELETED_WITH_ITS_EVENT,
        history_date__lte=deletion.history_date,
    )
    if before is not None:
        records = records.filter(history_date__gt=before.history_date)
    return [
        Source(
            pk=record.id,
            **{
                field.attname: getattr(record, field.attname)
                for field in Source._meta.concrete_fields
                if field.attname not in ("id", "event_id")
            },
        )
        for record in records.order_by("id")
    ]


@transaction.atomic
def restore_event(*, event_id: int) -> Event:
    """Bring back a deleted event with the sources it had when it was deleted, from the history,
    through the same validation as a new event."""
    if Event.objects.filter(pk=event_id).exists():
        raise ValidationError(_("This event exists; nothing to restore."))
    record = Event.history.filter(id=event_id).order_by("-history_date", "-history_id").first()
    if record is None:
        raise ValidationError(_("No history of this event was found."))
    if not Membership.objects.filter(pk=record.membership_id).exists():
        raise ValidationError(
            _("Its membership has been deleted; restore or add the membership first.")
        )
    event = Event(
        pk=event_id,
        **{
            field.attname: getattr(record, field.attname)
            for field in Event._meta.concrete_fields
            if field.attname != "id"
        },
    )
    return save_event(event=event, sources=sources_when_deleted(event_id))


@transaction.atomic
def save_source(*, source: Source) -> Source:
    """Add or correct one source of an event (its event must exist)."""
    _lock_memberships([source.event.membership_id])
    source.full_clean()
    source.save()
    return source


def rebuild_status_periods(membership: Membership) -> None:
    """Replace the membership's stored status periods and cached status with what the one rule
    derives from its events now. Runs inside the writing transaction."""
    events = list(membership.events.all())
    periods = derive_periods(events)
    StatusPeriod.objects.filter(membership=membership).delete()
    StatusPeriod.objects.bulk_create(
        StatusPeriod(
            membership=membership,
            status=period["status"],
            first_day=period["start"],
            last_day=_day_before(period["end"]) if period["end"] else None,
            event=period["event"],
        )
        for period in periods
    )
    result = derive_status(events)
    membership.status = result.status or ""
    membership.status_event = result.event
    membership.joined_on = min((event.date for event in events), default=None)
    Membership.objects.filter(pk=membership.pk).update(
        status=membership.status,
        status_event=membership.status_event,
        joined_on=membership.joined_on,
    )


def _day_before(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)
