"""English, Indonesian and Arabic from end to end (issue 13): pages in each language (lang,
dir, headings, dates, country names), the admin and the error pages. The address, the first
visit that follows the browser, the switcher and the response cache are in
test_i18n_addresses.py; the catalogues, complete and compiled, in test_i18n_catalogues.py."""

import json
import re
from datetime import date
from html import unescape

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.fields import Country

from accords.dates import format_date
from timeline.languages import collation_key, date_locale, text_list

from .i18n_helpers import ACCORD, EXPECTED, LANGS, page

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
