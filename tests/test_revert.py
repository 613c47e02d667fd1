"""Reverting from the history writes, so it needs the rights of a write; a deleted event comes
back with its sources, through the same checks as a new one."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accords.models import Accord, Event, Membership, ReportedInterest, Source, StatusPeriod
from accords.services import delete_event, save_event

from .api_helpers import snapshot
from .factories import make_user

MODELS = {
    "accord": lambda: Accord.objects.get(slug="abraham-accords"),
    "membership": lambda: Membership.objects.get(country="KZ"),
    "event": lambda: Event.objects.get(membership__country="KZ", kind="announced"),
    "source": lambda: Source.objects.filter(event__membership__country="KZ").first(),
    "reportedinterest": lambda: ReportedInterest.objects.filter(country="SA").first(),
}


@pytest.fixture
def viewer(db):
    """A staff user who may view everything and change nothing."""
    user = make_user("viewer", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


@pytest.mark.parametrize("model", MODELS)
def test_a_view_only_user_cannot_revert_on_any_model(client, seeded, viewer, model):
    obj = MODELS[model]()
    record = obj.history.earliest()
    client.force_login(viewer)
    url = reverse(f"admin:accords_{model}_simple_history", args=[obj.pk, record.history_id])
    assert client.get(url).status_code == 200  # may look
    before = snapshot()
    data = {field.name: getattr(record, field.attname, "") or "" for field in obj._meta.fields}
    response = client.post(url, {**data, "title": "Overwritten", "name": "Overwritten"})
    assert response.status_code == 403
    assert snapshot() == before


def test_a_view_only_user_cannot_bring_back_a_deleted_event(client, seeded, viewer):
    event = Event.objects.filter(membership__country="KZ", kind="statement").last()
    record = event.history.earliest()
    delete_event(event=event)
    client.force_login(viewer)
    url = reverse("admin:accords_event_simple_history", args=[event.pk, record.history_id])
    before = snapshot()
    assert client.post(url, {"title": "back"}).status_code == 403
    assert (
        client.post(reverse("admin:accords_event_deleted"), {"event": event.pk}).status_code == 403
    )
    assert snapshot() == before


def test_an_editor_finds_a_deleted_event_and_restores_it_with_its_sources(editor_client, seeded):
    event = Event.objects.filter(membership__country="KZ", kind="statement").last()
    sources = sorted(event.sources.values_list("url", "publisher"))
    delete_event(event=event)

    listing = editor_client.get(reverse("admin:accords_event_deleted"))
    assert listing.status_code == 200
    assert event.title in listing.content.decode()
    response = editor_client.post(reverse("admin:accords_event_deleted"), {"event": event.pk})

    assert response.status_code == 302
    restored = Event.objects.get(pk=event.pk)
    assert restored.title == event.title
    assert sorted(restored.sources.values_list("url", "publisher")) == sources
    assert restored.history.latest().history_user.username == "editor"


def test_an_editor_reverts_a_deleted_event_from_its_history_with_its_sources(editor_client, seeded):
    event = Event.objects.filter(membership__country="KZ", kind="statement").last()
    n_sources = event.sources.count()
    record = event.history.earliest()
    delete_event(event=event)
    url = reverse("admin:accords_event_simple_history", args=[event.pk, record.history_id])
    data = {
        "membership": record.membership_id,
        "kind": record.kind,
        "date": record.date.isoformat(),
        "date_precision": record.date_precision,
        "place": record.place,
        "title": record.title,
        "notes": record.notes,
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).sources.count() == n_sources == 2


def test_restoring_an_event_that_would_break_the_history_is_refused(editor_client, seeded):
    kazakhstan = Membership.objects.get(country="KZ")
    announcement = Event.objects.get(membership=kazakhstan, kind="announced")
    delete_event(event=announcement)
    # meanwhile a signing was recorded before the day of the deleted announcement
    save_event(
        event=Event(
            membership=kazakhstan,
            kind="signed",
            date=date(2025, 11, 1),
            title="Signed",
        ),
        sources=[Source(publisher="Wire", url="https://example.org/kz")],
    )
    before = snapshot()
    response = editor_client.post(
        reverse("admin:accords_event_deleted"), {"event": announcement.pk}, follow=True
    )
    assert "cannot be dated after the signing" in response.content.decode()
    assert snapshot() == before
    assert list(
        StatusPeriod.objects.filter(membership=kazakhstan).values_list("status", flat=True)
    ) == ["signed"]
