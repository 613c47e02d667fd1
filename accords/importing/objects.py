"""From a parsed row to the event it adds or corrects: the stored event it names, the checks
against what is stored, and the write through the write path."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import services
from ..models import Accord, Event, Membership
from .columns import EVENT_TEXT_COLUMNS, SOURCE_ATTRIBUTES
from .rows import ParsedRow


def ensure_membership(
    *, accord: Accord, country: str, role: str, user=None, reason: str = ""
) -> tuple[Membership, bool]:
    """The accord's membership of ``country``, added with ``role`` if the accord has none yet.
    Returns ``(membership, created)``. A new membership is validated as the admin validates one;
    two writers adding the same one at once get a ``ValidationError``, not a duplicate."""
    membership = Membership.objects.filter(accord=accord, country=country).first()
    if membership is not None:
        return membership, False
    membership = Membership(accord=accord, country=country, role=role)
    membership.full_clean()
    if user is not None:
        membership._history_user = user
    if reason:
        membership._change_reason = reason
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise ValidationError(
            {"country": [_("This membership was added meanwhile; import the file again.")]}
        ) from error
    return membership, True


def find_event(parsed: ParsedRow) -> Event | None:
    """The stored event a row names: by its id, else by accord, state, kind and date."""
    events = Event.objects.select_related("membership__accord")
    if parsed.event_id is not None:
        return events.filter(pk=parsed.event_id).first()
    key = parsed.natural_key
    if key is None:
        return None
    accord_id, country, kind, day = key
    return events.filter(
        membership__accord_id=accord_id, membership__country=country, kind=kind, date=day
    ).first()


def apply_row(parsed: ParsedRow, instance: Event, seen: dict) -> None:
    """Put the row on ``instance`` (the stored event it corrects, or a new one), once it is
    checked against what is stored and against the rows before it (``seen``: the line of
    each event given so far); otherwise raise every reason, by column."""
    if parsed.event_id is not None and instance.pk is None:
        parsed.error(
            "id",
            _(
                "No event has the id %(id)s here (deleted, or the file comes from another "
                "site); leave the id empty to add the event."
            )
            % {"id": parsed.event_id},
        )
    membership = _membership_checked(parsed, instance)
    key = parsed.natural_key
    if key is not None and key in seen and seen[key] != parsed.line:
        parsed.error(
            NON_FIELD_ERRORS,
            _("Line %(line)s gives the same event (accord, state, kind and date).")
            % {"line": seen[key]},
        )
    elif key is not None:
        seen[key] = parsed.line
    if parsed.errors:
        raise ValidationError(parsed.errors)
    for name, value in parsed.values.items():
        setattr(instance, name, value)
    if membership is not None:
        instance.membership = membership
    instance._import_sources = _matched_sources(instance, parsed.sources)


def _membership_checked(parsed: ParsedRow, instance: Event) -> Membership | None:
    """The accord's stored membership of the row's state, if any, with a reason on ``parsed``
    when the row does not fit it (another membership's event, another role, no role to add
    it with)."""
    membership = None
    if parsed.accord is not None and parsed.country:
        membership = Membership.objects.filter(accord=parsed.accord, country=parsed.country).first()
        if instance.pk is not None and instance.membership_id != getattr(membership, "pk", None):
            parsed.error(
                "id",
                _(
                    "Event %(id)s is %(event)s, not of this accord and state; leave the id "
                    "empty to add a new event."
                )
                % {"id": instance.pk, "event": instance},
            )
        if membership is not None and parsed.role and parsed.role != membership.role:
            parsed.error(
                "role",
                _(
                    "%(membership)s has the role “%(role)s”; change a role on the "
                    "membership's page, or leave this cell empty."
                )
                % {"membership": membership, "role": membership.role},
            )
        if membership is None and not parsed.role:
            parsed.error(
                "role",
                _("%(accord)s has no membership for %(code)s yet: give its role to add it.")
                % {"accord": parsed.accord, "code": parsed.country},
            )
    return membership


def _matched_sources(event, sources):
    """The row's sources, each taking the id of the event's stored source with the same web
    address (so that it is corrected in place and keeps its history)."""
    stored = {}
    if event.pk is not None:
        for source in event.sources.order_by("id"):
            stored.setdefault(source.url, source.pk)
    for source in sources:
        source.pk = stored.pop(source.url, None)
        if source.pk is not None:  # as the admin's inline gives a stored source
            source._state.adding = False
            source._state.db = event._state.db
    return sources


def event_sources(event) -> list:
    """The event's sources: those an import is writing, else those stored (read once)."""
    pending = getattr(event, "_import_sources", None)
    if pending is not None:
        return pending
    if event.pk is None:
        return []
    if not hasattr(event, "_stored_sources"):
        event._stored_sources = list(event.sources.all())
    return event._stored_sources


def is_unchanged(instance: Event, original: Event) -> bool:
    """Whether the row would write the stored event again as it is, sources included."""
    names = ("membership_id", "kind", "date", "date_precision")
    if any(getattr(instance, n) != getattr(original, n) for n in names):
        return False
    if any(
        (getattr(instance, n) or "") != (getattr(original, n) or "") for n in EVENT_TEXT_COLUMNS
    ):
        return False
    stored = [tuple(getattr(s, a) for a in SOURCE_ATTRIBUTES) for s in event_sources(original)]
    given = [tuple(getattr(s, a) for a in SOURCE_ATTRIBUTES) for s in instance._import_sources]
    return stored == given


def write_row(instance: Event, parsed: ParsedRow, *, user=None, file_name: str = "") -> None:
    """Write the event (adding its membership first if the accord has none for the state)
    through the write path, its history naming the editor and the file."""
    reason = _("Imported from %(file)s") % {"file": file_name or _("a file")}
    with transaction.atomic():
        if not instance.membership_id:
            instance.membership, _created = ensure_membership(
                accord=parsed.accord,
                country=parsed.country,
                role=parsed.role,
                user=user,
                reason=reason,
            )
        for obj in (instance, *instance._import_sources):
            obj._change_reason = reason
            if user is not None:
                obj._history_user = user
        services.save_event(event=instance, sources=instance._import_sources)
