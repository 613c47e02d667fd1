"""Writing through the API: anonymous clients and non-editors are refused and change nothing;
editors write with a token or their admin session (CSRF enforced), statuses follow at once,
and the history records who made each change."""

import pytest
from django.test import Client
from rest_framework.exceptions import ValidationError

from accords.api.serializers import AccordSerializer
from accords.models import Accord, Event, Membership, Source

from .api_helpers import kz, kz_signing, send, snapshot

pytestmark = pytest.mark.django_db


NEW_ACCORD = {"slug": "test-accord", "name": "Test Accord"}


def write_requests():
    """Every write the API routes, with a body an editor could send."""
    membership = Membership.objects.get(country="KZ")
    event = Event.objects.get(membership=membership, kind="announced")
    return [
        ("POST", "/api/accords/", NEW_ACCORD),
        ("PUT", "/api/accords/abraham-accords/", {"slug": "abraham-accords", "name": "Changed"}),
        ("PATCH", "/api/accords/abraham-accords/", {"name": "Changed"}),
        ("DELETE", "/api/accords/abraham-accords/", None),
        ("POST", "/api/memberships/", {"accord": "abraham-accords", "country": "FR"}),
        (
            "PUT",
            f"/api/memberships/{membership.pk}/",
            {"accord": "abraham-accords", "country": "KZ", "role": "witness"},
        ),
        ("PATCH", f"/api/memberships/{membership.pk}/", {"role": "witness"}),
        ("DELETE", f"/api/memberships/{membership.pk}/", None),
        ("POST", "/api/events/", kz_signing()),
        ("PUT", f"/api/events/{event.pk}/", kz_signing(kind="announced", date="2025-11-06")),
        ("PATCH", f"/api/events/{event.pk}/", {"title": "Changed"}),
        ("DELETE", f"/api/events/{event.pk}/", None),
    ]


def test_anonymous_writes_are_refused_on_every_endpoint_and_change_nothing(client, seeded):
    before = snapshot()

    for method, url, body in write_requests():
        response = send(client, method, url, body)
        assert response.status_code == 401, (method, url, response.status_code)

    assert snapshot() == before


def test_anonymous_write_is_told_to_authenticate(client, seeded):
    response = send(client, "POST", "/api/events/", kz_signing())

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_refused(client, seeded):
    response = send(client, "POST", "/api/events/", kz_signing(), token="not-a-token")

    assert response.status_code == 401
    assert not Event.objects.filter(kind="signed", membership__country="KZ").exists()


def test_non_editor_writes_are_forbidden_and_change_nothing(client, seeded, non_editor_token):
    before = snapshot()

    for method, url, body in write_requests():
        response = send(client, method, url, body, token=non_editor_token)
        assert response.status_code == 403, (method, url, response.status_code)

    assert snapshot() == before


def test_editor_creates_an_event_with_its_sources_and_the_status_follows(
    client, seeded, editor_token
):
    response = send(client, "POST", "/api/events/", kz_signing(), token=editor_token)

    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["kind"] == "signed"
    assert created["country"] == {"code": "KZ", "name": "Kazakhstan"}
    assert [s["publisher"] for s in created["sources"]] == ["Reuters"]
    event = Event.objects.get(pk=created["id"])
    assert list(event.sources.values_list("url", flat=True)) == ["https://example.org/kz-signs"]
    membership = kz(client)
    assert membership["status"] == "signed"
    assert membership["status_since"] == "2025-12-10"


def test_editor_corrects_an_event_and_the_status_follows(client, seeded, editor_token):
    created = send(client, "POST", "/api/events/", kz_signing(), token=editor_token).json()

    response = send(
        client,
        "PATCH",
        f"/api/events/{created['id']}/",
        {"date": "2025-12-01", "title": "Signed in Washington"},
        token=editor_token,
    )

    assert response.status_code == 200, response.json()
    assert response.json()["date"] == "2025-12-01"
    assert response.json()["sources"] == created["sources"]  # kept when not given
    assert kz(client)["status_since"] == "2025-12-01"


def test_editor_replaces_an_events_sources(client, seeded, editor_token):
    created = send(client, "POST", "/api/events/", kz_signing(), token=editor_token).json()
    new_sources = [
        {"publisher": "AP", "url": "https://apnews.com/kz"},
        {"publisher": "Anadolu Agency", "title": "Signed", "url": "https://www.aa.com.tr/kz"},
    ]

    response = send(
        client,
        "PUT",
        f"/api/events/{created['id']}/",
        kz_signing(sources=new_sources),
        token=editor_token,
    )

    assert response.status_code == 200, response.json()
    assert [s["publisher"] for s in response.json()["sources"]] == ["AP", "Anadolu Agency"]
    assert list(
        Source.objects.filter(event_id=created["id"]).values_list("publisher", flat=True)
    ) == ["AP", "Anadolu Agency"]


def test_editor_deletes_an_event_and_the_status_follows(client, seeded, editor_token):
    created = send(client, "POST", "/api/events/", kz_signing(), token=editor_token).json()

    response = send(client, "DELETE", f"/api/events/{created['id']}/", token=editor_token)

    assert response.status_code == 204
    assert not Event.objects.filter(pk=created["id"]).exists()
    assert not Source.objects.filter(event_id=created["id"]).exists()
    assert kz(client)["status"] == "announced"


def test_editor_creates_a_membership_and_an_accord(client, seeded, editor_token):
    accord = send(client, "POST", "/api/accords/", NEW_ACCORD, token=editor_token)
    membership = send(
        client,
        "POST",
        "/api/memberships/",
        {"accord": "test-accord", "country": "FR", "role": "founding_party"},
        token=editor_token,
    )

    assert accord.status_code == 201, accord.json()
    assert membership.status_code == 201, membership.json()
    assert membership.json()["country"] == {"code": "FR", "name": "France"}
    assert membership.json()["status"] is None
    assert membership.json()["events"] == []
    assert Membership.objects.filter(accord__slug="test-accord", country="FR").exists()


def test_editor_changes_an_accord_but_cannot_delete_one(client, seeded, editor_token):
    changed = send(
        client,
        "PATCH",
        "/api/accords/abraham-accords/",
        {"description": "Changed."},
        token=editor_token,
    )
    deleted = send(client, "DELETE", "/api/accords/abraham-accords/", token=editor_token)

    assert changed.status_code == 200
    assert Accord.objects.get(slug="abraham-accords").description == "Changed."
    assert deleted.status_code == 405
    assert Accord.objects.filter(slug="abraham-accords").exists()


def test_token_writes_are_recorded_in_the_history_with_their_author(
    client, seeded, editor, editor_token
):
    created = send(client, "POST", "/api/events/", kz_signing(), token=editor_token).json()
    patched = send(
        client, "PATCH", f"/api/events/{created['id']}/", {"place": "Astana"}, token=editor_token
    )

    assert patched.status_code == 200 and patched.json()["place"] == "Astana"
    event = Event.objects.get(pk=created["id"])
    history = list(event.history.order_by("history_date"))
    assert [(h.history_type, h.history_user) for h in history] == [("+", editor), ("~", editor)]
    assert event.sources.get().history.get().history_user == editor


def test_editor_writes_with_the_admin_session_and_its_csrf_token(seeded, editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    browser.get("/admin/")  # the admin page sets the CSRF cookie, as in a real session
    csrf_token = browser.cookies["csrftoken"].value

    without = browser.post("/api/events/", kz_signing(), content_type="application/json")
    with_token = browser.post(
        "/api/events/",
        kz_signing(),
        content_type="application/json",
        headers={"X-CSRFToken": csrf_token},
    )

    assert without.status_code == 403
    assert "CSRF" in without.json()["detail"]
    assert with_token.status_code == 201, with_token.json()
    event = Event.objects.get(pk=with_token.json()["id"])
    assert event.history.get().history_user == editor


def test_non_editor_session_is_forbidden(seeded, non_editor):
    browser = Client()
    browser.force_login(non_editor)

    response = browser.post("/api/events/", kz_signing(), content_type="application/json")

    assert response.status_code == 403
    assert not Event.objects.filter(kind="signed", membership__country="KZ").exists()


def test_inactive_editor_token_is_refused(client, seeded, editor, editor_token):
    editor.is_active = False
    editor.save()

    response = send(client, "POST", "/api/events/", kz_signing(), token=editor_token)

    assert response.status_code == 401


def test_an_accord_another_editor_added_meanwhile_is_a_400_not_a_500():
    """Two editors add the same accord at once: both pass validation, the first is stored,
    and the second is told so (the database's unique slug), with nothing of it stored."""
    data = {"slug": "quad", "name": "The Quad"}
    second = AccordSerializer(data=data)
    assert second.is_valid(), second.errors
    Accord.objects.create(slug="quad", name="The Quad (first editor)")

    with pytest.raises(ValidationError) as refused:
        second.save()

    assert refused.value.detail == {
        "non_field_errors": ["This conflicts with data saved meanwhile."]
    }
    assert list(Accord.objects.filter(slug="quad").values_list("name", flat=True)) == [
        "The Quad (first editor)"
    ]
