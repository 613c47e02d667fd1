"""Helpers shared by the admin tests: the POSTs an editor's browser sends from the event pages,
and what the admin answered (form errors and messages)."""

from django.contrib.messages import get_messages
from django.urls import reverse

EVENT_ADD = reverse("admin:accords_event_add")


def event_post(membership, **overrides):
    """The POST an editor's browser sends from the "add event" page, with one source."""
    data = {
        "membership": membership.pk,
        "kind": "signed",
        "date": "2026-01-15",
        "date_precision": "day",
        "place": "Washington",
        "title": "Kazakhstan signed the Abraham Accords Declaration",
        "notes": "",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "1",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-publisher": "Example Wire",
        "sources-0-title": "Kazakhstan signs",
        "sources-0-url": "https://example.org/kz-signs",
        "sources-0-published_on": "2026-01-15",
    }
    data.update(overrides)
    return data


def event_change_post(event, delete_sources=False, **overrides):
    """The POST of an event's change page as loaded, with ``overrides`` and, if asked, every
    source ticked for deletion."""
    sources = list(event.sources.all())
    data = {
        "membership": event.membership_id,
        "kind": event.kind,
        "date": event.date.isoformat(),
        "date_precision": event.date_precision,
        "place": event.place,
        "title": event.title,
        "notes": event.notes,
        "sources-TOTAL_FORMS": str(len(sources)),
        "sources-INITIAL_FORMS": str(len(sources)),
        "sources-MIN_NUM_FORMS": "1",
        "sources-MAX_NUM_FORMS": "1000",
    }
    for i, source in enumerate(sources):
        data |= {
            f"sources-{i}-id": source.pk,
            f"sources-{i}-event": event.pk,
            f"sources-{i}-publisher": source.publisher,
            f"sources-{i}-title": source.title,
            f"sources-{i}-url": source.url,
            f"sources-{i}-archived_url": source.archived_url,
            f"sources-{i}-published_on": source.published_on or "",
            f"sources-{i}-copy_of": source.copy_of,
            f"sources-{i}-language": source.language,
        }
        if source.secondary:
            data[f"sources-{i}-secondary"] = "on"
        if delete_sources:
            data[f"sources-{i}-DELETE"] = "on"
    return data | overrides


def _management(prefix, initial, total=None):
    total = initial if total is None else total
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def membership_post(membership=None, **overrides):
    """The POST of a membership's add page (``membership`` None) or of its change page as
    loaded, with its events' inline (read-only there: only their ids are sent back)."""
    events = list(membership.events.order_by("date", "id")) if membership else []
    data = {
        "accord": membership.accord_id if membership else "",
        "country": membership.country.code if membership else "",
        "role": membership.role if membership else "party",
        "notes": membership.notes if membership else "",
        **_management("events", len(events)),
    }
    for i, event in enumerate(events):
        data |= {f"events-{i}-id": event.pk, f"events-{i}-membership": membership.pk}
    return data | overrides


def accord_post(accord=None, **overrides):
    """The POST of an accord's add page (``accord`` None) or of its change page as loaded,
    with its memberships' inline as shown."""
    memberships = list(accord.memberships.order_by("country")) if accord else []
    data = {
        "name": accord.name if accord else "",
        "slug": accord.slug if accord else "",
        "description": accord.description if accord else "",
        "text_url": accord.text_url if accord else "",
        "depositary": accord.depositary if accord else "",
        **_management("memberships", len(memberships)),
    }
    for i, membership in enumerate(memberships):
        data |= {
            f"memberships-{i}-id": membership.pk,
            f"memberships-{i}-accord": accord.pk,
            f"memberships-{i}-country": membership.country.code,
            f"memberships-{i}-role": membership.role,
            f"memberships-{i}-notes": membership.notes,
        }
    return data | overrides


def event_delete_post(event):
    """The confirmation an editor sends from an event's "Delete" page: its URL and data."""
    return reverse("admin:accords_event_delete", args=[event.pk]), {"post": "yes"}


def delete_selected_post(events):
    """The confirmed "Delete selected events" action on the event list: its URL and data."""
    return reverse("admin:accords_event_changelist"), {
        "action": "delete_selected_events",
        "_selected_action": [event.pk for event in events],
        "post": "yes",
        "index": "0",
    }


def form_errors(response) -> dict[str, list[str]]:
    """The errors of an admin change form page as it was shown again: the main form's by field
    name (``__all__`` for the form-wide ones), then each inline form's as
    ``<prefix>-<n>-<field>`` (``sources-0-publisher``), and each formset's own as
    ``<prefix>-__all__``. Empty when the page shows no form (a redirect)."""
    context = response.context
    if context is None or "adminform" not in context:
        return {}
    errors = {name: list(messages) for name, messages in context["adminform"].form.errors.items()}
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        for i, form in enumerate(formset.forms):
            for name, messages in form.errors.items():
                errors[f"{formset.prefix}-{i}-{name}"] = list(messages)
        if formset.non_form_errors():
            errors[f"{formset.prefix}-__all__"] = list(formset.non_form_errors())
    return errors


def admin_messages(response) -> list[tuple[str, str]]:
    """The messages the admin queued for the user in this response, as ``(level tag, text)``."""
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]
