"""What the catalogue of bad input (tests/test_bad_input_*.py) shares: the data the cases act
on, the requests of the API's cases and the forms of the admin's, and the messages they expect.

The data: the Abraham Accords seed, and a second accord ("corrections") whose memberships have
the histories the cases need:

- FR: signed 20 Jan 2024, suspended 1 Mar 2024;
- DE: signed 10 Jan 2024, ratified 10 Feb 2024;
- IT: announced 5 Jan 2024, withdrawn 1 Jun 2024;
- ES: no event;
- PT: signed 1 Jan 2024, withdrawn 1 Feb 2024, and a suspension of 1 Mar 2024 that was deleted
  before the withdrawal was recorded (so bringing it back would suspend a withdrawn state).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accords import services
from accords.models import Accord, Event, Membership

from .admin_helpers import (
    EVENT_ADD,
    accord_post,
    admin_messages,
    delete_selected_post,
    event_change_post,
    event_delete_post,
    event_post,
    form_errors,
    membership_post,
)
from .api_helpers import db_snapshot, kz_signing, send
from .conftest import build_once, load_seed
from .factories import make_accord, make_event, make_membership

ABRAHAM = "abraham-accords"
CORRECTIONS = "corrections"
EVENTS = "/api/events/"
MEMBERSHIPS = "/api/memberships/"
ACCORDS = "/api/accords/"
HUGE_ID = "99999999999999999999999"


@dataclass
class World:
    """The memberships and events the cases act on, found by state code and kind."""

    deleted_suspension_id: int

    def membership(self, code: str) -> Membership:
        return Membership.objects.select_related("accord").get(country=code)

    def accord_of(self, code: str) -> str:
        return self.membership(code).accord.slug

    def event(self, code: str, kind: str, index: int = 0) -> Event:
        return Event.objects.filter(membership__country=code, kind=kind).order_by("date", "id")[
            index
        ]


def build_world() -> World:
    """The seed, and a second accord whose states have the histories the cases correct."""
    load_seed(ABRAHAM)
    corrections = make_accord(slug=CORRECTIONS, name="Corrections accord")
    fr = make_membership(corrections, "FR")
    make_event(fr, "signed", date(2024, 1, 20))
    make_event(fr, "suspended", date(2024, 3, 1))
    de = make_membership(corrections, "DE")
    make_event(de, "signed", date(2024, 1, 10))
    make_event(de, "ratified", date(2024, 2, 10))
    it = make_membership(corrections, "IT")
    make_event(it, "announced", date(2024, 1, 5))
    make_event(it, "withdrawn", date(2024, 6, 1))
    make_membership(corrections, "ES")
    pt = make_membership(corrections, "PT")
    make_event(pt, "signed", date(2024, 1, 1))
    suspension = make_event(pt, "suspended", date(2024, 3, 1))
    suspension_id = suspension.pk
    services.delete_event(event=suspension)
    make_event(pt, "withdrawn", date(2024, 2, 1))
    return World(deleted_suspension_id=suspension_id)


@pytest.fixture(name="world")
def world_fixture(db) -> World:
    """The world above, built through the write path once and restored for each later test
    (a test module imports ``world_fixture``; its tests ask for ``world``)."""
    return build_once(("bad-input-world",), build_world)


def tomorrow() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


def _resolve(value):
    return value() if callable(value) else value


# --- The API ----------------------------------------------------------------------------------

Request = Callable[[World], tuple[str, str, object]]


def post_event(code="KZ", kind="signed", day="2025-12-10", without=(), **changes) -> Request:
    """POST a new event of state ``code`` (in whichever accord it belongs to)."""

    def build(w):
        body = kz_signing(accord=w.accord_of(code), country=code, kind=kind, date=_resolve(day))
        body.update(changes)
        for name in without:
            del body[name]
        return "POST", EVENTS, body

    return build


def patch_event(code, which, index=0, **changes) -> Request:
    """PATCH the ``index``-th event of kind ``which`` of state ``code`` with ``changes``."""

    def build(w):
        changes_now = {name: _resolve(value) for name, value in changes.items()}
        return "PATCH", f"{EVENTS}{w.event(code, which, index).pk}/", changes_now

    return build


def put_event(code, which, **changes) -> Request:
    """PUT the event of kind ``which`` of state ``code`` as the API shows it, with ``changes``."""

    def build(w):
        event = w.event(code, which)
        body = {
            "accord": event.membership.accord.slug,
            "country": code,
            "kind": event.kind,
            "date": event.date.isoformat(),
            "date_precision": event.date_precision,
            "title": event.title,
            "place": event.place,
            "notes": event.notes,
            "sources": [{"publisher": s.publisher, "url": s.url} for s in event.sources.all()],
        }
        return "PUT", f"{EVENTS}{event.pk}/", body | changes

    return build


def delete_event(code, kind) -> Request:
    return lambda w: ("DELETE", f"{EVENTS}{w.event(code, kind).pk}/", None)


def membership_request(method, code=None, body=None) -> Request:
    def build(w):
        url = MEMBERSHIPS if code is None else f"{MEMBERSHIPS}{w.membership(code).pk}/"
        return method, url, body

    return build


def raw(method, url, body=None) -> Request:
    return lambda w: (method, url, body)


def source(**fields):
    return [{"publisher": "Reuters", "url": "https://example.org/report"} | fields]


NON_FIELD = "non_field_errors"
WRONG_FORMAT = "Date has wrong format"
NOT_CHOICE = "is not a valid choice"
UNKNOWN_COUNTRY = "Unknown country code"
CANNOT_SUSPEND = "can be suspended"
CANNOT_RESUME = "Only a membership that is suspended on this date can be resumed"
CANNOT_WITHDRAW = "Only a membership that has begun and not ended by this date"
LEAVES_SUSPENSION = "the suspension of 1 Mar 2024 with nothing to suspend"
LEAVES_WITHDRAWAL = "the withdrawal of 1 Jun 2024 with no membership to withdraw from"
DUPLICATE = "already has an event of this kind on this date"


def check_api_refusal(client, world, token, build, status, field, fragment):
    """Send a case's request with an editor's ``token``: it is answered with ``status`` (and,
    for a ``field``, ``fragment`` among that field's errors), and it changes nothing."""
    method, url, body = build(world)
    before = db_snapshot()

    response = send(client, method, url, body, token=token)

    assert response.status_code == status, response.content.decode()[:1000]
    if field is not None:
        errors = response.json()
        assert field in errors, errors
        assert fragment.casefold() in str(errors[field]).casefold(), errors
    assert db_snapshot() == before


# --- The admin --------------------------------------------------------------------------------

AdminPost = Callable[[World], tuple[str, dict]]


@dataclass(frozen=True)
class FormError:
    """The form is shown again (200) with ``fragment`` among the errors of ``field``
    (``__all__`` for the form's own errors, ``sources-0-publisher`` for an inline's field)."""

    field: str
    fragment: str

    def check(self, response):
        assert response.status_code == 200, response.get("Location")
        errors = form_errors(response)
        assert self.field in errors, errors
        assert self.fragment in " ".join(errors[self.field]), errors


@dataclass(frozen=True)
class Message:
    """The admin redirects (302) with a message of ``level`` that contains ``fragment``."""

    fragment: str
    level: str = "error"

    def check(self, response):
        assert response.status_code == 302, form_errors(response) or response.content[:500]
        found = admin_messages(response)
        assert any(level == self.level and self.fragment in text for level, text in found), found


def add_event(code="KZ", kind="signed", day="2026-01-15", extra=None, **overrides) -> AdminPost:
    """POST the "add event" page for state ``code``."""

    def build(w):
        data = event_post(w.membership(code), kind=kind, date=_resolve(day))
        return EVENT_ADD, data | overrides | (extra or {})

    return build


def change_event(code, which, index=0, delete_sources=False, extra=None, **overrides) -> AdminPost:
    """POST the change page of the ``index``-th event of kind ``which`` of state ``code`` as
    loaded, with changes; ``membership=<state code>`` moves the event to that membership."""

    def build(w):
        event = w.event(code, which, index)
        changes = dict(overrides)
        if "membership" in changes:
            changes["membership"] = w.membership(changes["membership"]).pk
        data = event_change_post(event, delete_sources=delete_sources, **changes)
        return reverse("admin:accords_event_change", args=[event.pk]), data | (extra or {})

    return build


def delete_view(code, kind) -> AdminPost:
    return lambda w: event_delete_post(w.event(code, kind))


def delete_selected(*events) -> AdminPost:
    return lambda w: delete_selected_post([w.event(code, kind) for code, kind in events])


def post_to(name, *args, data=None) -> AdminPost:
    return lambda w: (reverse(name, args=args), data or {})


def add_membership(**overrides) -> AdminPost:
    def build(w):
        data = membership_post(accord=Accord.objects.get(slug=ABRAHAM).pk, country="FR")
        return reverse("admin:accords_membership_add"), data | overrides

    return build


def change_membership(code, **overrides) -> AdminPost:
    def build(w):
        membership = w.membership(code)
        url = reverse("admin:accords_membership_change", args=[membership.pk])
        return url, membership_post(membership, **overrides)

    return build


def add_accord(**overrides) -> AdminPost:
    def build(w):
        data = accord_post(name="New accord", slug="new-accord")
        return reverse("admin:accords_accord_add"), data | overrides

    return build


def change_accord(accord_slug, **overrides) -> AdminPost:
    def build(w):
        accord = Accord.objects.get(slug=accord_slug)
        url = reverse("admin:accords_accord_change", args=[accord.pk])
        return url, accord_post(accord, **overrides)

    return build


def restore(event_id) -> AdminPost:
    """POST "restore" on the deleted events' page; ``event_id`` may be a function of the world."""

    def build(w):
        chosen = event_id(w) if callable(event_id) else event_id
        return reverse("admin:accords_event_deleted"), {"event": chosen}

    return build


INVALID_DATE = "Enter a valid date"
INVALID_CHOICE = "Select a valid choice"
NOT_FOUND = "doesn’t exist"
