"""Pages and API answer from cache until the data changes (timeline/caching.py): validators
from the data version, 304s, never a cached answer after a write, never for an authenticated
user; and CORS for anonymous read-only API requests (timeline/cors.py)."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import resolve
from django.views.decorators.cache import never_cache

from accords import services
from accords.models import DataVersion, Event, Membership, Source
from accords.versioning import current_version
from timeline.caching import VersionedCacheMiddleware

from .api_helpers import kz_signing, token_for
from .conftest import with_response_cache

pytestmark = pytest.mark.django_db

CACHING = "timeline.caching.VersionedCacheMiddleware"
#: A reader page, an API list, an API detail (filled in by the fixture), CSV.
READER_PAGES = ["/", "/accords/abraham-accords/", "/accords/abraham-accords/kz/"]
API_URLS = ["/api/events/", "/api/memberships/?country=KZ", "/api/accords/abraham-accords/"]


@pytest.fixture(autouse=True)
def response_cache(settings):
    """The response cache as production runs it, where production has it in ``MIDDLEWARE``
    (the rest of the suite runs without it)."""
    settings.MIDDLEWARE = with_response_cache(settings.MIDDLEWARE)
    settings.RESPONSE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def kz_signs():
    """An editor's edit through the one write path: Kazakhstan signs."""
    membership = Membership.objects.get(country="KZ")
    return services.save_event(
        event=Event(
            membership=membership,
            kind="signed",
            date=date(2025, 12, 10),
            date_precision="day",
            title="Kazakhstan signed the Abraham Accords Declaration",
        ),
        sources=[Source(publisher="Reuters", url="https://example.org/kz-signs")],
    )


@pytest.mark.parametrize("url", READER_PAGES + API_URLS)
def test_anonymous_get_carries_validators_and_public_short_max_age(client, seeded, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


@pytest.mark.parametrize("url", READER_PAGES + API_URLS)
def test_second_request_is_answered_from_the_cache_with_the_same_body(client, seeded, url):
    first = client.get(url)
    second = client.get(url)

    assert "X-Cache" not in first
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


def test_cached_answer_runs_no_view_and_one_query(client, seeded, django_assert_num_queries):
    first = client.get("/api/events/")
    assert first.status_code == 200 and "X-Cache" not in first
    with django_assert_num_queries(1):  # the data version
        response = client.get("/api/events/")
    assert response["X-Cache"] == "hit"


@pytest.mark.parametrize("url", READER_PAGES + API_URLS)
def test_conditional_request_with_the_etag_gets_304(client, seeded, url):
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_conditional_request_with_if_modified_since_gets_304(client, seeded):
    last_modified = client.get("/api/events/")["Last-Modified"]

    response = client.get("/api/events/", headers={"If-Modified-Since": last_modified})

    assert response.status_code == 304


@pytest.mark.parametrize("url", READER_PAGES + API_URLS)
def test_an_edit_changes_the_etag_and_the_cached_answer_is_never_served_again(client, seeded, url):
    before = client.get(url)
    assert client.get(url)["X-Cache"] == "hit"

    kz_signs()
    after = client.get(url)
    conditional = client.get(url, headers={"If-None-Match": before["ETag"]})

    assert "X-Cache" not in after
    assert after["ETag"] != before["ETag"]
    assert conditional.status_code == 200
    assert conditional["ETag"] == after["ETag"]


def test_after_an_api_write_the_lists_show_it_at_once(client, seeded, editor):
    count = client.get("/api/events/?country=KZ").json()["count"]
    assert client.get("/api/events/?country=KZ")["X-Cache"] == "hit"

    writer = Client()
    response = writer.post(
        "/api/events/",
        kz_signing(),
        content_type="application/json",
        headers={"Authorization": f"Token {token_for(editor)}"},
    )
    assert response.status_code == 201

    assert client.get("/api/events/?country=KZ").json()["count"] == count + 1
    page = client.get("/accords/abraham-accords/kz/").content.decode()
    assert "Kazakhstan signed the Abraham Accords Declaration" in page


def test_a_client_that_takes_no_gzip_never_gets_the_cached_gzipped_page(client, seeded):
    gzipped = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    plain = client.get("/")

    assert gzipped["Content-Encoding"] == "gzip"
    assert not plain.has_header("Content-Encoding")
    assert plain.content.startswith(b"<!DOCTYPE html>")
    assert gzipped["ETag"] != plain["ETag"]
    assert client.get("/", headers={"Accept-Encoding": "gzip"})["X-Cache"] == "hit"


def test_the_key_tells_formats_languages_and_queries_apart(client, seeded):
    as_json = client.get("/api/events/")
    as_csv = client.get("/api/events/?format=csv")
    csv_by_accept = client.get("/api/events/", headers={"Accept": "text/csv"})
    second_page = client.get("/api/events/?page=2&page_size=5")

    assert as_json["Content-Type"].startswith("application/json")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert csv_by_accept["Content-Type"].startswith("text/csv")
    assert "X-Cache" not in csv_by_accept
    assert second_page.json()["previous"]
    assert len({as_json["ETag"], as_csv["ETag"], csv_by_accept["ETag"], second_page["ETag"]}) == 4


def test_editor_with_a_session_is_never_served_nor_stored_in_the_cache(client, seeded, editor):
    client.get("/api/events/")  # an anonymous reader fills the cache
    client.force_login(editor)

    for url in READER_PAGES + API_URLS:
        response = client.get(url)
        assert "X-Cache" not in response, url
        assert "ETag" not in response, url
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_token_requests_are_never_served_nor_stored_in_the_cache(client, seeded, editor):
    token = {"Authorization": f"Token {token_for(editor)}"}
    client.get("/api/events/")

    with_token = client.get("/api/events/", headers=token)
    again = client.get("/api/events/", headers=token)

    assert "X-Cache" not in with_token and "X-Cache" not in again
    assert "no-store" in with_token["Cache-Control"]


def test_admin_is_private_and_never_cached(client, seeded, editor):
    client.force_login(editor)
    response = client.get("/admin/accords/event/")
    anonymous = Client().get("/admin/login/")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "no-store" in anonymous["Cache-Control"]
    assert "ETag" not in anonymous


def through_the_middleware(view, rf, path="/"):
    """``view``'s answer to an anonymous GET of ``path``, through the caching middleware."""
    middleware = VersionedCacheMiddleware(
        lambda request: middleware.process_view(request, view, (), {}) or view(request)
    )
    request = rf.get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request.resolver_match = resolve(path)
    return middleware(request)


@pytest.mark.parametrize(
    "view",
    [
        lambda request: HttpResponse(get_token(request)),  # a form with a CSRF token
        lambda request: set_cookie(HttpResponse("hello")),
        lambda request: never_cache(lambda r: HttpResponse("private"))(request),
        lambda request: HttpResponse("missing", status=404),
    ],
    ids=["csrf token", "cookie", "never_cache", "404"],
)
def test_answers_that_must_not_be_shared_are_not_stored_nor_validated(rf, seeded, view):
    first = through_the_middleware(view, rf)
    second = through_the_middleware(view, rf)

    assert "X-Cache" not in second
    assert "ETag" not in first and "public" not in first.get("Cache-Control", "")


def set_cookie(response):
    response.set_cookie("seen", "1")
    return response


def test_reader_pages_set_no_cookie(client, seeded):
    for url in READER_PAGES:
        assert not client.get(url).cookies, url


def test_health_check_stays_free_of_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/api/health/")
    assert "ETag" not in response


def test_a_cached_answer_carries_the_headers_of_the_answer_it_repeats(client, seeded):
    for url in READER_PAGES + API_URLS:
        first = client.get(url)
        second = client.get(url)
        assert second["X-Cache"] == "hit", url
        headers = {name: value for name, value in first.items() if name != "Date"}
        assert {name: second[name] for name in headers} == headers, url
        # the headers of the middlewares the cached answer no longer runs through
        for name in ("Content-Language", "X-Frame-Options", "X-Content-Type-Options"):
            assert second[name], (url, name)
        assert "Accept-Language" in second["Vary"] and "Cookie" in second["Vary"]


def test_an_anonymous_visitor_with_a_session_cookie_is_answered_from_the_cache(client, seeded):
    client.get("/api/events/")
    session = SessionStore()
    session["seen"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key

    response = client.get("/api/events/")

    assert response["X-Cache"] == "hit"
    assert "public" in response["Cache-Control"]


def test_the_cache_is_keyed_by_what_chooses_the_language(client, seeded):
    client.get("/api/events/")
    assert client.get("/api/events/")["X-Cache"] == "hit"

    by_header = client.get("/api/events/", headers={"Accept-Language": "ar"})
    client.cookies["django_language"] = "ar"
    by_cookie = client.get("/api/events/")

    assert "X-Cache" not in by_header and "X-Cache" not in by_cookie


def test_a_conditional_request_answered_from_the_cache_gets_304(client, seeded):
    etag = client.get("/api/events/")["ETag"]

    response = client.get("/api/events/", headers={"If-None-Match": etag})
    other = client.get("/api/events/", headers={"If-None-Match": '"1-0000000000000000"'})

    assert response.status_code == 304 and response["ETag"] == etag
    assert other.status_code == 200 and other["X-Cache"] == "hit"


def test_static_files_and_admin_are_spared_the_version(client, seeded, django_assert_num_queries):
    with django_assert_num_queries(0):
        stylesheet = client.get("/static/css/site.css")
    assert stylesheet.status_code == 200
    assert stylesheet["Content-Type"].startswith("text/css")
    with django_assert_num_queries(0):
        assert client.get("/admin/login/").status_code == 200


def test_cached_answers_do_not_count_against_the_anonymous_throttle(client, seeded, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/hour"},
    }
    assert client.get("/api/events/").status_code == 200  # counted: the view ran

    for _ in range(10):  # the same answer, from the cache: not counted
        response = client.get("/api/events/")
        assert response.status_code == 200 and response["X-Cache"] == "hit"

    # misses still are: two more pass, the third is refused
    assert client.get("/api/events/?page_size=2").status_code == 200
    assert client.get("/api/events/?page_size=3").status_code == 200
    assert client.get("/api/events/?page_size=4").status_code == 429


# --- CORS --------------------------------------------------------------------------------------
ORIGIN = {"Origin": "https://notebook.example"}


def test_anonymous_get_from_another_origin_is_allowed(client, seeded):
    response = client.get("/api/events/", headers=ORIGIN)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_preflight_of_a_get_is_allowed_for_reading_only(client, seeded):
    response = client.options(
        "/api/events/", headers={**ORIGIN, "Access-Control-Request-Method": "GET"}
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "authorization" not in response["Access-Control-Allow-Headers"]


def test_preflight_of_a_write_gets_no_cors_headers(client, seeded):
    response = client.options(
        "/api/events/", headers={**ORIGIN, "Access-Control-Request-Method": "POST"}
    )

    assert "Access-Control-Allow-Origin" not in response


def test_write_from_another_origin_gets_no_cors_headers(client, seeded, editor):
    response = client.post(
        "/api/events/",
        kz_signing(),
        content_type="application/json",
        headers={**ORIGIN, "Authorization": f"Token {token_for(editor)}"},
    )
    anonymous = Client().post(
        "/api/events/", kz_signing(), content_type="application/json", headers=ORIGIN
    )

    assert response.status_code == 201
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in anonymous


def test_credentialed_get_gets_no_cors_headers(client, seeded, editor):
    with_token = client.get(
        "/api/events/", headers={**ORIGIN, "Authorization": f"Token {token_for(editor)}"}
    )
    client.force_login(editor)
    with_session = client.get("/api/events/", headers=ORIGIN)

    assert "Access-Control-Allow-Origin" not in with_token
    assert "Access-Control-Allow-Origin" not in with_session


def test_cors_headers_answer_each_request_also_from_the_cache(client, seeded):
    client.get("/api/events/", headers=ORIGIN)  # stored without CORS headers

    from_another_origin = client.get("/api/events/", headers=ORIGIN)
    same_origin = client.get("/api/events/")

    assert from_another_origin["X-Cache"] == "hit" and same_origin["X-Cache"] == "hit"
    assert from_another_origin["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in same_origin


def test_reader_pages_get_no_cors_headers(client, seeded):
    assert "Access-Control-Allow-Origin" not in client.get("/", headers=ORIGIN)


def test_current_version_reads_the_stored_row_exactly(seeded):
    kz_signs()
    row = DataVersion.objects.get()

    version = current_version()

    assert (version.number, version.changed_at) == (row.number, row.changed_at)
    assert version.changed_at.tzinfo is not None
