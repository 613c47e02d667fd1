"""The readers' pages in a real Chromium: the state page, the error pages, and the pages'
accessibility (axe-core finds no violation as a reader explores)."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations
from .timeline_helpers import (
    BROWSER_MARKS,
    assert_axe_finds_nothing_as_a_reader_explores,
    kazakhstan_announcement_with_a_linked_source,
    open_with_axe,
    svg_rows,
    visible_svg,
)

pytestmark = BROWSER_MARKS

# --- Pages, error pages, accessibility ------------------------------------------------------


def test_the_state_page_has_its_own_chart_and_source_links(page, site, screenshot_path):
    kazakhstan_announcement_with_a_linked_source()
    page.goto(site.url + "/accords/abraham-accords/kz/")

    expect(visible_svg(page)).to_be_visible()
    assert svg_rows(page) == ["KZ"]
    expect(page.get_by_role("link", name="Linked Test Source")).to_have_attribute(
        "href", "https://example.org/kz"
    )
    page.screenshot(path=screenshot_path("state-kazakhstan"), full_page=True)


def test_custom_error_pages_keep_the_site_header(page, site):
    response = page.goto(site.url + "/accords/no-such-accord/")
    assert response.status == 404
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the timeline")).to_be_visible()

    response = page.goto(site.url + "/?as_of=9810-01-01")
    assert response.status == 400
    expect(page.locator(".form-errors")).to_contain_text("after today")


AXE_PAGES = [
    "/",
    "/accords/abraham-accords/?as_of=2020-12-01&range=2020-2021",
    "/accords/abraham-accords/ma/",
    "/accords/abraham-accords/embed/",
    "/accords/no-such-accord/",
]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_accessibility_violation(
    browser, site, axe_source, browser_context_args, path
):
    context, page = open_with_axe(browser, browser_context_args, axe_source, site.url + path)
    assert axe_violations(page) == []
    if path == "/":
        summaries = [f"summary:has-text('{name}')" for name in ("Copy link", "Embed", "Cite")]
        assert_axe_finds_nothing_as_a_reader_explores(page, summaries)
    context.close()
