"""The readers' timeline in a real Chromium, at a 1366 px desktop and a 390 px phone: the
server-drawn first view, Plotly taking over on interaction, markers that never cover each other
and the marker panel. The date, the filters and the toolbar are in test_timeline_controls.py;
the state page, the error pages and the pages' accessibility in test_other_pages_and_axe.py."""

import re

import pytest
from playwright.sync_api import expect

from accords.models import Event

from .timeline_helpers import (
    BROWSER_MARKS,
    DESKTOP,
    WIDTHS,
    explore,
    kazakhstan_announcement_with_a_linked_source,
    marker_boxes,
    open_context,
    overlaps,
    plotly_rows,
    svg_rows,
    visible_svg,
    wait_until_drawn,
)

pytestmark = BROWSER_MARKS

STATES_IN_JOINING_ORDER = [
    "United Arab Emirates",
    "Bahrain",
    "Israel",
    "United States of America",
    "Sudan",
    "Morocco",
    "Kazakhstan",
]


def svg_event_ids(page):
    return (
        visible_svg(page)
        .locator("a.marker")
        .evaluate_all("markers => markers.flatMap(m => m.dataset.events.split(' ').map(Number))")
    )


def plotly_point(page, day, row_key):
    """Where on the page Plotly draws the point (``day``, row ``row_key``)."""
    return page.evaluate(
        """([day, row]) => {
            const chart = document.getElementById('timeline-chart');
            chart.scrollIntoView({block: 'center'});
            const layout = chart._fullLayout;
            const box = chart.getBoundingClientRect();
            return {
                x: box.left + layout.xaxis._offset + layout.xaxis.d2p(day),
                y: box.top + layout.yaxis._offset + layout.yaxis.d2p(row),
            };
        }""",
        [day, row_key],
    )


def seed_ids():
    return sorted(Event.objects.values_list("id", flat=True))


@pytest.fixture(params=list(WIDTHS))
def width_name(request):
    return request.param


# --- The first view, without JavaScript -----------------------------------------------------


def test_the_svg_first_view_needs_no_javascript_and_has_every_state_and_event(
    browser, site, browser_context_args, width_name, screenshot_path
):
    context = open_context(browser, browser_context_args, width_name, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/")

    assert visible_svg(page).count() == 1
    assert svg_rows(page) == ["AE", "BH", "IL", "US", "SD", "MA", "KZ"]
    assert sorted(svg_event_ids(page)) == seed_ids()
    for name in STATES_IN_JOINING_ORDER:
        expect(visible_svg(page)).to_contain_text(name)
    expect(visible_svg(page).locator(".legend-status")).to_contain_text("in force")
    assert page.locator("#timeline-chart .main-svg").count() == 0  # no Plotly
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width_name]["width"]
    page.locator("#timeline-figure-region").screenshot(
        path=screenshot_path(f"first-view-svg-{width_name}")
    )
    page.screenshot(path=screenshot_path(f"home-{width_name}-no-js"))

    # A marker is a link to its state's page, where the event is.
    visible_svg(page).locator("a.marker[data-row='SD']").first.click()
    expect(page).to_have_url(re.compile(r"/accords/abraham-accords/SD/#event-\d+$"))
    context.close()


def test_the_page_works_without_javascript(browser, site, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/")

    page.fill("#id_as_of", "2020-12-01")
    page.click("button[type='submit']")

    expect(page).to_have_url(re.compile(r"as_of=2020-12-01"))
    expect(page.locator("#summary-heading")).to_have_text("As it stood on 1 Dec 2020")
    expect(page.locator("section[aria-labelledby='members-heading'] table")).not_to_contain_text(
        "Morocco"
    )
    assert svg_rows(page) == ["AE", "BH", "IL", "US", "SD"]
    context.close()


# --- Plotly on the first interaction --------------------------------------------------------


def test_plotly_loads_only_on_interaction_and_replaces_the_svg_with_the_same_rows(
    browser, site, browser_context_args, width_name, screenshot_path
):
    context = open_context(browser, browser_context_args, width_name)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site.url + "/")
    page.wait_for_load_state("networkidle")
    first_rows = svg_rows(page)
    assert not [url for url in requests if "plotly" in url]  # not in the first view

    if width_name == "phone":
        page.locator("#timeline-chart").tap(position={"x": 5, "y": 5})
        wait_until_drawn(page)
    else:
        page.hover("#timeline-chart")
        wait_until_drawn(page)

    assert [url for url in requests if "plotly.min.js" in url]
    assert page.locator("#timeline-chart svg.timeline-svg").count() == 0  # replaced in place
    assert list(plotly_rows(page)) == first_rows
    plotted = page.evaluate(
        """() => document.getElementById('timeline-chart').data
            .filter(t => t.visible !== false && t.customdata)
            .flatMap(t => t.customdata.flat())"""
    )
    assert sorted(plotted) == seed_ids()  # every event, single or grouped
    page.locator("#timeline-figure-region").screenshot(path=screenshot_path(f"plotly-{width_name}"))
    assert errors == []
    context.close()


def test_no_marker_covers_another_in_either_drawing(
    browser, site, browser_context_args, width_name
):
    context = open_context(browser, browser_context_args, width_name)
    page = context.new_page()
    for address in ("/", "/?range=2020-2021"):
        page.goto(site.url + address)
        svg_boxes = marker_boxes(page, "#timeline-chart svg.timeline-svg:visible a.marker .mark")
        assert len(svg_boxes) >= 10
        assert overlaps(svg_boxes) == []

        explore(page)
        plotly_boxes = marker_boxes(page, "#timeline-chart .scatterlayer .trace .point")
        assert len(plotly_boxes) >= 10
        assert overlaps(plotly_boxes) == []
    context.close()


def test_the_range_buttons_zoom_the_dense_years_and_back(page, site, screenshot_path):
    page.set_viewport_size(DESKTOP)
    page.goto(site.url + "/")
    groups_all = visible_svg(page).locator("a.marker-group").count()

    page.click("a.range-button:has-text('2020–21')")

    expect(page).to_have_url(re.compile(r"\?range=2020-2021$"))
    expect(page.locator("a.range-button[aria-current='true']")).to_have_text("2020–21")
    assert visible_svg(page).locator("a.marker-group").count() < groups_all
    page.locator("#timeline-figure-region").screenshot(path=screenshot_path("range-2020-21"))
    page.click("a.range-button:has-text('All')")
    expect(page.locator("a.range-button[aria-current='true']")).to_have_text("All")


# --- The marker's panel ---------------------------------------------------------------------


def test_a_marker_opens_its_panel_by_click_and_by_keyboard_with_source_links(
    browser, site, browser_context_args, width_name, screenshot_path
):
    kazakhstan_announcement_with_a_linked_source()
    context = open_context(browser, browser_context_args, width_name)
    page = context.new_page()
    page.goto(site.url + "/?range=2025-2026")
    marker = visible_svg(page).locator("a.marker[data-row='KZ']").first

    marker.click()

    panel = page.locator("#marker-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("6 Nov 2025")
    expect(panel).to_contain_text("announced")
    link = panel.get_by_role("link", name="Linked Test Source")
    expect(link).to_have_attribute("href", "https://example.org/kz")
    panel.screenshot(path=screenshot_path(f"panel-{width_name}"))
    page.click("#marker-panel-close")
    expect(panel).to_be_hidden()

    # By keyboard alone, on a fresh page (a pointer over the chart brings Plotly in).
    page.goto(site.url + "/?range=2025-2026")
    marker = visible_svg(page).locator("a.marker[data-row='KZ']").first
    marker.focus()
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Linked Test Source")).to_be_visible()
    expect(panel).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(marker).to_be_focused()
    context.close()


def test_a_group_marker_opens_as_a_list_of_its_events(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site.url + "/")
    group = visible_svg(page).locator("a.marker-group[data-row='KZ']")
    # the announcement, the statements of 6 and 7 Nov, and Tokayev's of 12 Dec: too close to
    # draw apart on the whole timeline
    expect(group).to_have_count(1)

    group.click()

    items = page.locator("#marker-panel .panel-event")
    expect(items).to_have_count(4)
    expect(items.nth(0)).to_contain_text("6 Nov 2025")
    expect(items.nth(2)).to_contain_text("7 Nov 2025")
    expect(items.nth(3)).to_contain_text("12 Dec 2025")


def test_clicking_a_plotly_marker_opens_the_same_panel(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site.url + "/")
    explore(page)

    where = plotly_point(page, "2021-01-06", "SD")
    page.mouse.move(where["x"], where["y"])
    hover = page.locator("#timeline-chart .hoverlayer .hovertext")
    expect(hover).to_contain_text("Sudan — signed")
    expect(hover).to_contain_text("Place: Khartoum")
    page.mouse.click(where["x"], where["y"])

    panel = page.locator("#marker-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("6 Jan 2021")
    expect(panel).to_contain_text("Khartoum")
