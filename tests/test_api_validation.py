"""Bad input gets a 400 naming the field and the reason, and changes nothing; the API refuses
exactly what the admin refuses, because both ask the model's own validation."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accords.models import Event, Membership

from .api_helpers import kz_signing, send, snapshot

pytestmark = pytest.mark.django_db


MARKUP = '<script>alert("x")</script><b>bold</b>'


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        (kz_signing(date="2025-02-30"), "date", "Date has wrong format"),
        (kz_signing(date="2025-12-10", date_precision="month"), "date_precision", "1st"),
        (kz_signing(date="2025-12-01", date_precision="year"), "date_precision", "1 January"),
        (kz_signing(country="ZZ"), "country", "Unknown country code"),
        (kz_signing(country="FR"), "country", "no membership"),
        (kz_signing(accord="no-such-accord"), "accord", "does not exist"),
        (kz_signing(date="2025-11-01"), "date", "cannot be dated before the announcement"),
        (kz_signing(sources=[]), "sources", "at least one source"),
        (kz_signing(sources=[{"title": "No publisher"}]), "sources", "publisher"),
        (kz_signing(sources=[{"publisher": "AP", "url": "not a url"}]), "sources", "URL"),
        (kz_signing(kind="announced", date="2025-11-06"), "date", "already has"),
        (kz_signing(title="x" * 401), "title", "no more than 400 characters"),
        (kz_signing(title=""), "title", "may not be blank"),
        (kz_signing(title=123), "title", "Not a valid string"),
        (kz_signing(date=20251210), "date", "Date has wrong format"),
        (kz_signing(kind="joined"), "kind", "not a valid choice"),
        (kz_signing(sources="Reuters"), "sources", "Expected a list"),
        (kz_signing(country=["KZ"]), "country", "ISO 3166-1"),
    ],
    ids=[
        "impossible date",
        "precision month on the 10th",
        "precision year on 1 December",
        "unknown country code",
        "state without membership",
        "unknown accord",
        "signing before the announcement",
        "no source",
        "source without publisher",
        "source with a bad url",
        "duplicate event",
        "over-long title",
        "blank title",
        "title of the wrong type",
        "date of the wrong type",
        "unknown kind",
        "sources of the wrong type",
        "country of the wrong type",
    ],
)
def test_bad_event_is_refused_with_the_field_and_the_reason_and_nothing_changes(
    client, seeded, editor_token, payload, field, reason
):
    before = snapshot()

    response = send(client, "POST", "/api/events/", payload, token=editor_token)

    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert reason.casefold() in str(errors[field]).casefold(), errors
    assert snapshot() == before


def test_event_without_sources_is_refused(client, seeded, editor_token):
    payload = kz_signing()
    del payload["sources"]

    response = send(client, "POST", "/api/events/", payload, token=editor_token)

    assert response.status_code == 400
    assert response.json()["sources"] == ["This field is required."]


def test_one_bad_source_among_good_ones_saves_nothing(client, seeded, editor_token):
    before = snapshot()
    payload = kz_signing(
        sources=[
            {"publisher": "AP", "url": "https://apnews.com/"},
            {"publisher": "x" * 201, "url": "https://example.org/"},
        ]
    )

    response = send(client, "POST", "/api/events/", payload, token=editor_token)

    assert response.status_code == 400
    assert response.json()["sources"] == {
        "1": {"publisher": ["Ensure this field has no more than 200 characters."]}
    }
    assert snapshot() == before


def test_correction_that_breaks_the_life_cycle_is_refused(client, seeded, editor_token):
    signing = send(client, "POST", "/api/events/", kz_signing(), token=editor_token).json()
    before = snapshot()

    response = send(
        client,
        "PATCH",
        f"/api/events/{signing['id']}/",
        {"date": "2025-10-01"},
        token=editor_token,
    )

    assert response.status_code == 400
    assert "before the announcement" in str(response.json()["date"])
    assert snapshot() == before


def test_correction_that_removes_every_source_is_refused(client, seeded, editor_token):
    signing = send(client, "POST", "/api/events/", kz_signing(), token=editor_token).json()

    response = send(
        client, "PATCH", f"/api/events/{signing['id']}/", {"sources": []}, token=editor_token
    )

    assert response.status_code == 400
    assert Event.objects.get(pk=signing["id"]).sources.count() == 1


def test_duplicate_membership_is_refused(client, seeded, editor_token):
    before = snapshot()

    response = send(
        client,
        "POST",
        "/api/memberships/",
        {"accord": "abraham-accords", "country": "KZ"},
        token=editor_token,
    )

    assert response.status_code == 400
    assert "already has a membership" in str(response.json()["country"])
    assert snapshot() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"accord": "abraham-accords", "country": "ZZ"}, "country"),
        ({"accord": "abraham-accords", "country": "FR", "role": "observer"}, "role"),
        ({"accord": "abraham-accords", "country": "FR", "notes": 5}, "notes"),
        ({"accord": 1, "country": "FR"}, "accord"),
    ],
)
def test_bad_membership_is_refused(client, seeded, editor_token, payload, field):
    response = send(client, "POST", "/api/memberships/", payload, token=editor_token)

    assert response.status_code == 400
    assert field in response.json()
    assert not Membership.objects.filter(country="FR").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"slug": "abraham-accords", "name": "Again"}, "slug"),
        ({"slug": "not a slug", "name": "Spaces"}, "slug"),
        ({"slug": "long", "name": "x" * 201}, "name"),
        ({"slug": "link", "name": "Link", "text_url": "javascript:alert(1)"}, "text_url"),
    ],
)
def test_bad_accord_is_refused(client, seeded, editor_token, payload, field):
    before = snapshot()

    response = send(client, "POST", "/api/accords/", payload, token=editor_token)

    assert response.status_code == 400
    assert field in response.json()
    assert snapshot() == before


def test_malformed_json_is_a_400(client, seeded, editor_token):
    response = client.post(
        "/api/events/",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Token {editor_token}"},
    )

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_markup_in_a_title_is_stored_as_text_and_escaped_in_every_html_page(
    client, admin_client, seeded, editor_token
):
    created = send(
        client, "POST", "/api/events/", kz_signing(title=MARKUP), token=editor_token
    ).json()

    assert Event.objects.get(pk=created["id"]).title == MARKUP
    assert created["title"] == MARKUP  # JSON carries the text as it was written
    pages = [
        client.get(
            reverse("timeline:membership", kwargs={"slug": "abraham-accords", "country": "KZ"})
        ),
        client.get(f"/api/events/{created['id']}/", {"format": "api"}),
        admin_client.get(reverse("admin:accords_event_changelist")),
        admin_client.get(reverse("admin:accords_event_change", args=[created["id"]])),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert page["Content-Type"].startswith("text/html")
        assert "<script>alert(" not in html
        assert "<b>bold</b>" not in html
    assert escape(MARKUP) in pages[0].content.decode()


@pytest.mark.parametrize(
    "source, message",
    [
        ({"publisher": "AP"}, "This field is required."),
        ({"publisher": "AP", "url": ""}, "This field may not be blank."),
        ({"publisher": "AP", "url": "ftp://example.org/report"}, "Enter a valid URL."),
        ({"publisher": "AP", "url": "example.org/report"}, "Enter a valid URL."),
    ],
    ids=["no url", "empty url", "ftp url", "relative url"],
)
def test_a_source_without_a_web_address_is_refused(client, seeded, editor_token, source, message):
    before = snapshot()
    response = send(
        client, "POST", "/api/events/", kz_signing(sources=[source]), token=editor_token
    )
    assert response.status_code == 400
    assert response.json()["sources"] == {"0": {"url": [message]}}
    assert snapshot() == before
