"""The three languages in a real Chromium: screenshots of /, /id/ and /ar/ at desktop and phone
width (saved to /tmp/shots-i18n/ and test-results/), the Arabic page mirrored, Plotly speaking
the page's language with its row labels on the right in Arabic, the switcher without
JavaScript, the browser's language on a first visit, and axe-core clean in each language."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations
from .timeline_helpers import (
    WIDTHS,
    assert_axe_finds_nothing_as_a_reader_explores,
    explore,
    open_context,
    open_with_axe,
    visible_svg,
)

SHOTS = Path("/tmp/shots-i18n")
LANGUAGES = {"en": "/", "id": "/id/", "ar": "/ar/"}


@pytest.fixture(params=list(LANGUAGES))
def lang(request):
    return request.param


@pytest.fixture(params=list(WIDTHS))
def width_name(request):
    return request.param


def no_horizontal_scroll(page):
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth + 1")


def test_each_language_at_each_width_is_laid_out_in_its_direction(
    browser, site, browser_context_args, lang, width_name, screenshot_path
):
    context = open_context(browser, browser_context_args, width_name)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site.url + LANGUAGES[lang])
    page.wait_for_load_state("networkidle")

    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    assert no_horizontal_scroll(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{lang}-{width_name}.png", full_page=True)
    page.screenshot(path=SHOTS / f"{lang}-{width_name}-first-screen.png")
    page.locator("#timeline-figure-region").screenshot(
        path=SHOTS / f"{lang}-{width_name}-chart.png"
    )
    page.locator("#timeline-tables").screenshot(path=SHOTS / f"{lang}-{width_name}-tables.png")

    # The drawing's row labels sit on the reading side: left in English, right in Arabic.
    chart = visible_svg(page).bounding_box()
    label = visible_svg(page).locator("text.row-label").first.bounding_box()
    middle = chart["x"] + chart["width"] / 2
    if lang == "ar":
        assert label["x"] + label["width"] > chart["x"] + chart["width"] * 0.9
        assert label["x"] > chart["x"] + 10
    else:
        assert label["x"] < middle
    # The header's first item starts on the reading side too.
    site_name = page.locator(".site-name").bounding_box()
    if lang == "ar":
        assert site_name["x"] + site_name["width"] > page.viewport_size["width"] / 2
    else:
        assert site_name["x"] < page.viewport_size["width"] / 2
    assert errors == []
    context.close()


def test_plotly_speaks_arabic_with_row_labels_on_the_right(
    browser, site, browser_context_args, screenshot_path
):
    context = open_context(browser, browser_context_args, "desktop")
    page = context.new_page()
    page.goto(site.url + "/ar/")
    explore(page)

    layout = page.evaluate(
        """() => {
            const chart = document.getElementById('timeline-chart');
            const x = chart._fullLayout.xaxis;
            const plot = {right: chart.querySelector('.main-svg').getBoundingClientRect().left
                                 + x._offset + x._length};
            const ticks = [...chart.querySelectorAll('.ytick text')].map(
                t => t.getBoundingClientRect().left);
            const months = [...chart.querySelectorAll('.xtick text')].map(t => t.textContent);
            return {side: chart._fullLayout.yaxis.side, plotRight: plot.right,
                    tickLeft: Math.min(...ticks), months: months};
        }"""
    )
    assert layout["side"] == "right"
    assert layout["tickLeft"] >= layout["plotRight"] - 1
    # axis ticks are years or Arabic months, never English ones
    assert layout["months"] and not any(
        re.search(r"[A-Z][a-z]{2}", month) for month in layout["months"]
    )
    page.locator("#timeline-figure-region").screenshot(path=SHOTS / "ar-plotly.png")
    context.close()


def test_date_slider_speaks_the_date_in_the_pages_language(page, site):
    for prefix, spoken in (("/ar/", "13 أغسطس 2020"), ("/id/", "13 Agu 2020")):
        page.goto(site.url + prefix)
        slider = page.locator("#as-of-slider")
        expect(slider).to_be_visible()
        slider.focus()
        page.keyboard.press("Home")
        expect(slider).to_have_attribute("aria-valuetext", spoken)


def test_switcher_works_without_javascript_and_keeps_the_view(browser, site, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/accords/abraham-accords/?as_of=2021-01-01&status=signed")

    page.locator("#language-switcher a[lang='ar']").click()

    expect(page).to_have_url(
        site.url + "/ar/accords/abraham-accords/?as_of=2021-01-01&status=signed"
    )
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#id_as_of")).to_have_value("2021-01-01")

    page.locator("#language-switcher a[lang='en']").click()
    expect(page).to_have_url(site.url + "/accords/abraham-accords/?as_of=2021-01-01&status=signed")
    context.close()


def test_a_first_visit_follows_the_browsers_language(browser, site, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "locale": "id-ID"})
    page = context.new_page()

    page.goto(site.url + "/")

    expect(page).to_have_url(site.url + "/id/")
    expect(page.locator("h2#events-heading")).to_have_text("Peristiwa")
    context.close()


def test_axe_finds_no_violation_in_any_language(
    browser, site, axe_source, browser_context_args, lang
):
    url = site.url + LANGUAGES[lang]
    context, page = open_with_axe(browser, browser_context_args, axe_source, url)
    assert axe_violations(page) == []
    summary = "#timeline-toolbar details:nth-of-type(1) summary"
    assert_axe_finds_nothing_as_a_reader_explores(page, [summary])
    context.close()
