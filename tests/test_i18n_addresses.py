"""English, Indonesian and Arabic (issue 13): the language in the address, a first visit that
follows the browser, the switcher that keeps the view, and a response cache that never hands
one language's page to another."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache

from .conftest import with_response_cache
from .i18n_helpers import ACCORD, EXPECTED, LANGS, page

# --- The address, the browser's language and the switcher ------------------------------------


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("id-ID,id;q=0.9,en;q=0.8", "/id/"),
        ("ar-EG,ar;q=0.9", "/ar/"),
        ("fr-FR,ar;q=0.5,en;q=0.4", "/ar/"),
    ],
)
def test_first_visit_goes_to_the_browsers_language(client, seeded, header, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)

    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    assert "private" in response["Cache-Control"]


def test_first_visit_keeps_the_view_in_the_browsers_language(client, seeded):
    response = client.get(
        "/" + ACCORD + "?as_of=2021-01-01&status=signed", HTTP_ACCEPT_LANGUAGE="id"
    )

    assert response["Location"] == "/id/" + ACCORD + "?as_of=2021-01-01&status=signed"


def test_english_browser_and_unknown_languages_stay_on_the_english_address(client, seeded):
    for header in ("en-GB,en;q=0.9", "fr-FR,de;q=0.8", ""):
        html = page(client, "/", HTTP_ACCEPT_LANGUAGE=header)
        assert EXPECTED["en"]["html"] in html


def test_reader_who_chose_english_stays_on_the_root_whatever_the_browser_says(client, seeded):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = page(client, "/", HTTP_ACCEPT_LANGUAGE="id-ID,id;q=0.9")

    assert EXPECTED["en"]["html"] in html


def test_feeds_figures_admin_and_api_are_never_redirected_by_the_browsers_language(client, seeded):
    for path in ("/feed.atom", "/" + ACCORD + "figure.json", "/api/accords/", "/admin/login/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
        assert response.status_code == 200, path
    assert client.get("/id/api/accords/").status_code == 404
    assert client.get("/ar/admin/login/").status_code == 404


def switcher_links(html):
    nav = html[html.index('id="language-switcher"') :]
    nav = nav[: nav.index("</nav>")]
    return {
        lang: href.replace("&amp;", "&")
        for href, lang in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav)
    }


def test_switcher_keeps_the_date_and_filters_and_remembers_the_choice(client, seeded):
    view = ACCORD + "?as_of=2021-01-01&status=signed&status=in_force"
    links = switcher_links(page(client, "/" + view))

    assert set(links) == {"en", "id", "ar"}
    assert parse_qs(urlsplit(links["ar"]).query)["next"] == ["/ar/" + view]
    response = client.get(links["ar"])
    assert response.status_code == 302
    assert response["Location"] == "/ar/" + view
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"

    # and back to English from the Arabic page: the cookie now says English, so / stays
    back = switcher_links(page(client, "/ar/" + view))["en"]
    response = client.get(back)
    assert response["Location"] == "/" + view
    assert EXPECTED["en"]["html"] in page(client, "/", HTTP_ACCEPT_LANGUAGE="ar")


def test_switcher_marks_the_current_language_and_names_each_in_itself(client, seeded):
    html = page(client, "/id/")
    nav = html[html.index('id="language-switcher"') :]

    assert re.search(r'lang="id"[^>]*aria-current="true">Bahasa Indonesia<', nav)
    assert 'lang="ar" hreflang="ar" dir="rtl">العربيّة<' in nav


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_switcher_never_sends_a_reader_off_the_site(client, seeded, next_url):
    response = client.get("/language/id/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/id/"


def test_switcher_refuses_a_language_the_site_does_not_speak(client, seeded):
    response = client.get("/language/fr/", {"next": "/"})

    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# --- The response cache never mixes languages --------------------------------------------------


@pytest.fixture
def response_cache(settings):
    settings.MIDDLEWARE = with_response_cache(settings.MIDDLEWARE)
    settings.RESPONSE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def test_cached_pages_keep_their_language(client, seeded, response_cache):
    for _round in range(2):
        for lang in LANGS:
            response = client.get(EXPECTED[lang]["prefix"] + ACCORD)
            assert EXPECTED[lang]["html"] in response.content.decode()
    assert response["X-Cache"] == "hit"


def test_cached_english_root_is_never_served_to_a_reader_whose_browser_prefers_indonesian(
    client, seeded, response_cache
):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    again = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    indonesian = client.get("/", HTTP_ACCEPT_LANGUAGE="id")

    assert again["X-Cache"] == "hit"
    assert "Accept-Language" in english["Vary"] and "Cookie" in english["Vary"]
    assert indonesian.status_code == 302 and indonesian["Location"] == "/id/"
    assert EXPECTED["id"]["html"] in client.get("/id/").content.decode()
