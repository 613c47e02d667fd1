"""English, Indonesian and Arabic from end to end (issue 13): the language in the address, a
first visit that follows the browser, the switcher that keeps the view, pages in each
language (lang, dir, headings, dates, country names), catalogues complete and compiled, and a
response cache that never hands one language's page to another."""

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.data import COUNTRIES
from django_countries.fields import Country

from accords.dates import format_date
from timeline.languages import collation_key, date_locale, text_list

from .conftest import with_response_cache

ROOT = Path(settings.BASE_DIR)
CATALOGUES = {lang: ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("id", "ar")}
COUNTRY_CATALOGUE = ROOT / "countries_locale" / "id" / "LC_MESSAGES" / "django.po"
ACCORD = "accords/abraham-accords/"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]|\{(\w+)\}")

#: What each language's pages must show: the html element, the nav's words, a heading of the
#: accord page, a day-precise date of the seed (13 August 2020) and two country names.
EXPECTED = {
    "en": {
        "prefix": "/",
        "html": '<html lang="en" dir="ltr">',
        "nav": "Recent changes",
        "events": ">Events</h2>",
        "date": "13 Aug 2020",
        "uae": "United Arab Emirates",
        "kz": "Kazakhstan",
        "state_lead": "Kazakhstan's part in 1 accord, as it stands today.",
    },
    "id": {
        "prefix": "/id/",
        "html": '<html lang="id" dir="ltr">',
        "nav": "Perubahan terbaru",
        "events": ">Peristiwa</h2>",
        "date": "13 Agu 2020",
        "uae": "Uni Emirat Arab",
        "kz": "Kazakhstan",
        "state_lead": "Peran Kazakhstan dalam 1 perjanjian, sebagaimana adanya hari ini.",
    },
    "ar": {
        "prefix": "/ar/",
        "html": '<html lang="ar" dir="rtl">',
        "nav": "أحدث التغييرات",
        "events": ">الأحداث</h2>",
        "date": "13 أغسطس 2020",
        "uae": "الإمارات العربية المتحدة",
        "kz": "كازاخستان",
        "state_lead": "دور كازاخستان في اتفاق واحد، كما هو اليوم.",
    },
}
LANGS = list(EXPECTED)


def page(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


# --- Each reader page in each language ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_accord_page_speaks_the_language_of_its_address(client, seeded, lang):
    want = EXPECTED[lang]
    html = page(client, want["prefix"] + ACCORD)

    assert want["html"] in html
    assert want["nav"] in html
    assert want["events"] in html
    assert want["date"] in html  # the events table and the chart's tooltips
    assert want["uae"] in html and want["kz"] in html
    others = [EXPECTED[other]["nav"] for other in LANGS if other != lang]
    assert not any(word in html for word in others)


@pytest.mark.parametrize("lang", LANGS)
def test_home_state_membership_changes_and_embed_pages_carry_lang_dir_and_words(
    client, seeded, lang
):
    want = EXPECTED[lang]
    prefix = want["prefix"]

    home = page(client, prefix)
    state = page(client, prefix + "states/KZ/")
    membership = page(client, prefix + ACCORD + "KZ/")
    changes = page(client, prefix + "changes/")
    embed = page(client, prefix + ACCORD + "embed/")

    for html in (home, state, membership, changes, embed):
        assert want["html"] in html
    assert want["state_lead"] in state
    assert f"<h1>{want['kz']}</h1>" in state and f"<h1>{want['kz']}</h1>" in membership
    assert want["nav"] in changes
    assert want["uae"] in home and want["uae"] in embed


@pytest.mark.parametrize("lang", LANGS)
def test_feeds_live_under_the_language_prefix(client, seeded, lang):
    want = EXPECTED[lang]
    response = client.get(want["prefix"] + "states/KZ/feed.atom")

    assert response.status_code == 200
    assert want["kz"] in response.content.decode()


def test_month_precise_date_stays_a_month_in_every_language():
    for lang, words in {"en": "Dec 2020", "id": "Des 2020", "ar": "ديسمبر 2020"}.items():
        with translation.override(lang):
            assert format_date(date(2020, 12, 1), "month") == words
            assert format_date(date(2020, 1, 1), "year") == "2020"
    with translation.override("ar"):
        # Latin digits, as Arabic news sites print dates (accords/dates.py says why)
        assert format_date(date(2025, 11, 6)) == "6 نوفمبر 2025"
    with translation.override("id"):
        assert format_date(date(2025, 5, 6)) == "6 Mei 2025"


def test_arabic_summary_sentence_and_counts_use_the_six_plural_forms():
    with translation.override("ar"):
        forms = [
            ngettext("%(counter)s state", "%(counter)s states", n) for n in (0, 1, 2, 3, 11, 100)
        ]
        state_forms = [
            form % {"counter": n} for form, n in zip(forms, (0, 1, 2, 3, 11, 100), strict=True)
        ]
    assert state_forms == ["0 دولة", "دولة واحدة", "دولتان", "3 دول", "11 دولة", "100 دولة"]


def test_arabic_home_summary_counts_seven_states_with_the_few_form(client, seeded):
    html = page(client, "/ar/", HTTP_ACCEPT_LANGUAGE="ar")

    assert re.search(r"كانت لـ7 دول صفة في", html)


def test_chart_locale_comes_from_djangos_month_names():
    with translation.override("ar"):
        arabic = date_locale()
    with translation.override("id"):
        indonesian = date_locale()

    assert arabic["name"] == "ar" and arabic["format"]["months"][10] == "نوفمبر"
    assert indonesian["format"]["shortMonths"][4] == "Mei"
    assert indonesian["format"]["days"][0] == "Minggu"  # Plotly's weeks start on Sunday
    assert arabic["dayPattern"] == "j M Y"


def test_accord_page_hands_the_chart_its_locale(client, seeded):
    html = page(client, "/ar/" + ACCORD)

    data = re.search(r'data-date-locale="([^"]+)"', html).group(1)
    locale = json.loads(unescape(data))
    assert locale["name"] == "ar" and locale["format"]["shortMonths"][10] == "نوفمبر"


def test_arabic_drawing_puts_row_labels_on_the_right_and_time_left_to_right(client, seeded):
    def wide(html):
        start = html.index('<svg class="timeline-svg timeline-svg-wide"')
        return html[start : html.index("</svg>", start)]

    english = wide(page(client, "/" + ACCORD))
    arabic = wide(page(client, "/ar/" + ACCORD))
    width = float(re.search(r'viewBox="0 0 (\d+)', arabic).group(1))

    def label_x(svg):
        return float(re.search(r'<text class="row-label" x="([\d.]+)"', svg).group(1))

    def spans(svg):
        return [
            float(x) for x in re.findall(r'<g class="span[^"]*"><title>.*?<rect x="([\d.]+)"', svg)
        ]

    assert 'direction="rtl"' in arabic and 'direction="rtl"' not in english
    assert label_x(english) < min(spans(english))
    assert label_x(arabic) > max(spans(arabic))
    assert label_x(arabic) == pytest.approx(width - label_x(english))
    # time still runs left to right: the UAE's first span (2020) starts left of Kazakhstan's
    uae = re.search(r'data-row="AE">.*?<rect x="([\d.]+)"', arabic, re.S).group(1)
    kz = re.search(
        r'data-row="KZ">.*?<g class="span[^"]*"><title>.*?<rect x="([\d.]+)"', arabic, re.S
    )
    assert float(uae) < float(kz.group(1))


def test_country_names_follow_the_language_and_sort_by_its_alphabet():
    codes = ["AE", "BH", "IL", "MA", "SD", "KZ", "US"]
    with translation.override("ar"):
        arabic = sorted((countries.name(code) for code in codes), key=collation_key)
    with translation.override("id"):
        indonesian = sorted((countries.name(code) for code in codes), key=collation_key)

    assert arabic == [
        "إسرائيل",
        "الإمارات العربية المتحدة",
        "البحرين",
        "السودان",
        "المغرب",
        "الولايات المتحدة الأمريكية",
        "كازاخستان",
    ]
    assert indonesian == [
        "Amerika Serikat",
        "Bahrain",
        "Israel",
        "Kazakhstan",
        "Maroko",
        "Sudan",
        "Uni Emirat Arab",
    ]


def test_pages_in_arabic_cost_no_more_queries_than_in_english(client, seeded):
    counts = {}
    for lang in LANGS:
        with CaptureQueriesContext(connection) as queries:
            page(client, EXPECTED[lang]["prefix"] + ACCORD)
        counts[lang] = len(queries)

    assert counts["ar"] == counts["id"] == counts["en"]


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


# --- Catalogues ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "ar"])
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    catalogue = polib.pofile(str(CATALOGUES[lang]))

    assert catalogue.untranslated_entries() == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert catalogue.obsolete_entries() == []


@pytest.mark.parametrize("lang", ["id", "ar"])
def test_translations_keep_every_placeholder_and_all_plural_forms(lang):
    catalogue = polib.pofile(str(CATALOGUES[lang]))
    plurals = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    assert plurals == {"id": 1, "ar": 6}[lang]

    for entry in catalogue.translated_entries():
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == plurals, entry.msgid
            wanted |= set(PLACEHOLDER.findall(entry.msgid_plural))
            for form in entry.msgstr_plural.values():
                # a form for exactly one or two may leave out the number ("دولة واحدة")
                assert set(PLACEHOLDER.findall(form)) <= wanted, entry.msgid
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == wanted, entry.msgid


@pytest.mark.parametrize("po_path", [*CATALOGUES.values(), COUNTRY_CATALOGUE], ids=str)
def test_committed_mo_file_matches_its_po(po_path):
    source = polib.pofile(str(po_path))
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))

    def messages(catalogue):
        return {
            (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
            for entry in catalogue
            # a .mo holds only translated entries; msgfmt and polib leave out the others
            if entry.msgid and (isinstance(entry, polib.MOEntry) or entry.translated())
        }

    assert messages(compiled) == messages(source), "run: python manage.py compile_catalogues"
    assert compiled.metadata["Plural-Forms"] == source.metadata["Plural-Forms"]


def test_indonesian_country_names_cover_every_country_django_countries_knows():
    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(COUNTRY_CATALOGUE))}
    with translation.override("en"):
        english = {str(name) for name in COUNTRIES.values()}

    assert english - set(catalogue) == set()
    assert all(catalogue[name] for name in english)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext extracts the messages")
def test_catalogues_hold_every_message_the_code_and_templates_mark(tmp_path):
    """makemessages on a copy of the code: nothing marked for translation is missing."""
    for part in ("accords", "timeline", "templates", "static", "manage.py"):
        source = ROOT / part
        target = tmp_path / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "DJANGO_DEBUG": "1",
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "timeline.settings",
        },
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    ours = polib.pofile(str(CATALOGUES["id"]))
    missing = {(e.msgctxt, e.msgid) for e in extracted} - {(e.msgctxt, e.msgid) for e in ours}

    assert missing == set(), "run makemessages -l id -l ar and translate the new messages"


def test_admin_keeps_one_address_and_speaks_the_editors_chosen_language(client, db):
    english = client.get("/admin/login/")
    arabic = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ar")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ar")

    assert '<html lang="en" dir="ltr">' in english.content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()
    assert '<html lang="id" dir="ltr">' in indonesian.content.decode()
    assert "Accept-Language" in arabic["Vary"]


@pytest.mark.parametrize("lang", LANGS)
def test_error_page_speaks_the_language_of_its_address(client, seeded, lang):
    response = client.get(EXPECTED[lang]["prefix"] + "accords/no-such-accord/")
    html = response.content.decode()

    assert response.status_code == 404
    assert EXPECTED[lang]["html"] in html
    heading = {"en": "There is nothing at this address", "id": "Tidak ada apa pun di alamat ini"}
    heading["ar"] = "لا شيء في هذا العنوان"
    assert heading[lang] in html


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "Israel, Morocco and Sudan"),
        ("id", "Israel, Maroko dan Sudan"),
        ("ar", "إسرائيل والمغرب والسودان"),
    ],
)
def test_a_list_of_states_reads_as_each_language_writes_one(language, expected):
    with translation.override(language):
        names = [Country(code).name for code in ("IL", "MA", "SD")]
        assert text_list(names) == expected
