"""One Content-Security-Policy for every response (django-csp, timeline/settings.py): reader
pages, the admin, the API, its documentation, error pages and answers no view gives, with the
embed page the only one other sites may frame and the documentation pages the only ones that
run inline script."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accords.models import Accord, Membership, Role
from timeline import settings as site_settings

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def assert_default_policy(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no inline script, nothing from elsewhere
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.fixture
def accord(db):
    accord = Accord.objects.create(slug="abraham-accords", name="Abraham Accords")
    Membership.objects.create(accord=accord, country="AE", role=Role.FOUNDING_PARTY)
    return accord


def test_reader_pages_carry_the_default_policy(client, accord):
    for url in (
        reverse("timeline:home"),
        reverse("timeline:accord", args=[accord.slug]),
        reverse("timeline:changes"),
        reverse("timeline:state", args=["AE"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_default_policy(response)


def test_admin_pages_carry_the_default_policy(editor_client):
    login = Client().get(reverse("admin:login"))
    changelist = editor_client.get(reverse("admin:accords_event_changelist"))

    assert login.status_code == 200 and changelist.status_code == 200
    assert_default_policy(login)
    assert_default_policy(changelist)


def test_api_answers_carry_the_default_policy(client, accord):
    as_json = client.get(reverse("event-list"))
    browsable = client.get(reverse("event-list"), HTTP_ACCEPT="text/html")

    assert as_json["Content-Type"] == "application/json"
    assert browsable["Content-Type"].startswith("text/html")
    assert_default_policy(as_json)
    assert_default_policy(browsable)


@pytest.mark.parametrize("name", ["api-docs", "api-redoc"])
def test_documentation_pages_may_run_their_inline_script_and_nothing_from_elsewhere(client, name):
    response = client.get(reverse(name))

    directives = policy(response)
    assert response.status_code == 200
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["worker-src"] == ["'self'", "blob:"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_error_pages_carry_the_default_policy(client, db):
    missing = client.get("/no-such-page/")
    refused = client.get(reverse("timeline:home"), {"as_of": "2020\x00"})  # refused before a view

    assert missing.status_code == 404
    assert refused.status_code == 400
    assert_default_policy(missing)
    assert_default_policy(refused)


def test_only_the_embed_page_may_be_framed(client, accord):
    embed = client.get(reverse("timeline:embed", args=[accord.slug]))
    page = client.get(reverse("timeline:accord", args=[accord.slug]))

    assert embed.status_code == 200
    assert policy(embed)["frame-ancestors"] == ["*"]
    assert policy(embed)["script-src"] == ["'self'"]  # framed, not loosened otherwise
    assert "X-Frame-Options" not in embed
    assert policy(page)["frame-ancestors"] == ["'none'"]
    assert page["X-Frame-Options"] == "DENY"


def test_an_embed_page_from_the_response_cache_may_still_be_framed(client, accord, settings):
    settings.MIDDLEWARE = site_settings.MIDDLEWARE  # the cache, as production runs it
    settings.RESPONSE_CACHE_ENABLED = True
    cache.clear()
    url = reverse("timeline:embed", args=[accord.slug])

    first = client.get(url)
    again = client.get(url)
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    cache.clear()

    assert again["X-Cache"] == "hit"
    assert policy(first)["frame-ancestors"] == policy(again)["frame-ancestors"] == ["*"]
    # A browser copies a 304's headers onto the page it kept: the 304 must not bring the
    # default policy, which would forbid framing the kept embed page.
    assert revalidated.status_code == 304
    assert "Content-Security-Policy" not in revalidated


def test_a_changed_policy_is_served_at_once_and_the_old_one_after(client, accord, settings):
    """The site's policy is built once per process: a change of the setting (as a deployment's
    settings or a test make it) is still what the next answer carries."""
    assert_default_policy(client.get("/api/health/"))
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https://maps.example.org"]}
    }

    assert policy(client.get("/api/health/")) == {
        "default-src": ["'self'"],
        "img-src": ["https://maps.example.org"],
    }
    settings.CONTENT_SECURITY_POLICY = site_settings.CONTENT_SECURITY_POLICY
    assert_default_policy(client.get("/api/health/"))


def test_a_report_only_policy_is_sent_beside_the_enforced_one(client, accord, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'none'"], "report-uri": "/csp-reports/"}
    }

    response = client.get("/api/health/")

    assert_default_policy(response)
    assert response["Content-Security-Policy-Report-Only"] == (
        "default-src 'none'; report-uri /csp-reports/"
    )
