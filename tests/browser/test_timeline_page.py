"""The readers' timeline in a real Chromium: drawn, hoverable, movable in time, self-contained."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATES_IN_JOINING_ORDER = [
    "United Arab Emirates",
    "Bahrain",
    "Israel",
    "United States of America",
    "Sudan",
    "Morocco",
    "Kazakhstan",
]


def wait_until_drawn(page):
    page.wait_for_selector("#timeline-chart[data-drawn='true'] .main-svg", timeout=20_000)


def row_labels(page):
    """The chart's row labels, top to bottom, as drawn in its SVG."""
    return page.eval_on_selector_all(
        "#timeline-chart .yaxislayer-above .ytick text",
        "nodes => nodes.map(node => node.textContent)",
    )


def point_on_page(page, day, row_key):
    """Where on the page the chart draws the point (``day``, row ``row_key``)."""
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


def test_home_draws_one_row_per_state_in_joining_order_with_a_marker_per_event(
    page, watched, site, screenshot_path
):
    page.goto(site.url + "/")
    wait_until_drawn(page)

    labels = row_labels(page)
    assert [label for label in labels if label] == [
        name + role
        for name, role in zip(
            STATES_IN_JOINING_ORDER,
            [
                "founding party",
                "founding party",
                "founding party",
                "witness",
                "party",
                "party",
                "party",
            ],
            strict=True,
        )
    ]
    markers = page.locator("#timeline-chart .scatterlayer .point")
    assert markers.count() == 24  # every event of the seed, milestones included
    spans = page.locator("#timeline-chart .barlayer .point")
    assert spans.count() >= len(STATES_IN_JOINING_ORDER)
    expect(page.locator("#timeline-chart .legend")).to_contain_text("in force")
    expect(page.locator("#timeline-summary")).to_contain_text("Kazakhstan — announced")
    page.screenshot(path=screenshot_path("home-desktop"), full_page=True)
    page.locator("#timeline-chart").screenshot(path=screenshot_path("home-desktop-chart"))

    assert watched.errors == []
    assert watched.foreign_requests() == []


def test_hovering_an_event_shows_its_date_place_and_source(page, watched, site):
    page.goto(site.url + "/")
    wait_until_drawn(page)

    where = point_on_page(page, "2021-01-06", "SD")
    page.mouse.move(where["x"], where["y"])

    hover = page.locator("#timeline-chart .hoverlayer .hovertext")
    expect(hover).to_contain_text("Sudan — signed")
    expect(hover).to_contain_text("6 Jan 2021")
    expect(hover).to_contain_text("Place: Khartoum")
    expect(hover).to_contain_text("Source: AP")
    assert watched.errors == []


def test_moving_the_date_to_1_december_2020_shows_the_accord_as_it_stood(
    page, watched, site, screenshot_path
):
    page.goto(site.url + "/")
    wait_until_drawn(page)

    page.fill("#id_as_of", "2020-12-01")
    page.dispatch_event("#id_as_of", "change")

    expect(page).to_have_url(re.compile(r"\?as_of=2020-12-01$"))
    expect(page.locator("#summary-heading")).to_have_text("As it stood on 1 Dec 2020")
    page.wait_for_function(
        "() => !document.querySelector('#timeline-chart .yaxislayer-above')"
        ".textContent.includes('Morocco')"
    )
    labels = " ".join(row_labels(page))
    assert "Morocco" not in labels  # announced on 10 Dec 2020
    assert "Kazakhstan" not in labels
    assert "Sudan" in labels
    sudan = page.locator("table.members tr", has_text="Sudan")
    expect(sudan).to_contain_text("announced")  # signed only on 6 Jan 2021
    uae = page.locator("table.members tr", has_text="United Arab Emirates")
    expect(uae).to_contain_text("ratified")  # in force only on 5 Jan 2021
    expect(page.locator("table.events")).not_to_contain_text("Kazakhstan")
    page.screenshot(path=screenshot_path("as-of-2020-12-01"), full_page=True)

    assert watched.errors == []
    assert watched.foreign_requests() == []


def test_the_date_slider_is_usable_by_keyboard_and_keeps_the_address_in_step(page, watched, site):
    page.goto(site.url + "/")
    wait_until_drawn(page)
    slider = page.locator("#as-of-slider")
    expect(slider).to_be_visible()

    slider.focus()
    page.keyboard.press("Home")  # the day of the first event

    expect(page).to_have_url(re.compile(r"\?as_of=2020-08-13$"))
    expect(page.locator("#id_as_of")).to_have_value("2020-08-13")
    page.wait_for_function(
        "() => document.querySelectorAll('#timeline-chart .yaxislayer-above .ytick').length === 1"
    )
    assert "United Arab Emirates" in " ".join(row_labels(page))
    assert watched.errors == []


def test_a_status_filter_in_the_address_is_shown_checked_and_applied(page, watched, site):
    page.goto(site.url + "/?status=signed")
    wait_until_drawn(page)

    expect(page.locator("input[name='status'][value='signed']")).to_be_checked()
    labels = " ".join(row_labels(page))
    assert "Sudan" in labels and "United States" in labels
    assert "Israel" not in labels

    page.check("input[name='status'][value='announced']")
    expect(page).to_have_url(re.compile(r"status=announced&status=signed$"))
    page.wait_for_function(
        "() => document.querySelector('#timeline-chart .yaxislayer-above')"
        ".textContent.includes('Kazakhstan')"
    )
    assert parse_qs(urlsplit(page.url).query) == {"status": ["announced", "signed"]}
    assert watched.errors == []


def test_on_a_phone_the_page_does_not_scroll_sideways(
    browser, site, screenshot_path, browser_context_args
):
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 375, "height": 812}},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(site.url + "/")
    wait_until_drawn(page)

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    chart_width = page.evaluate("document.getElementById('timeline-chart').clientWidth")
    assert chart_width <= 375
    assert "Kazakhstan" in " ".join(row_labels(page))
    page.screenshot(path=screenshot_path("home-phone"))  # the first screenful
    page.locator("#timeline-chart").screenshot(path=screenshot_path("home-phone-chart"))
    context.close()


def test_the_page_works_without_javascript(browser, site, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/")

    page.fill("#id_as_of", "2020-12-01")
    page.click("button[type='submit']")

    expect(page).to_have_url(re.compile(r"as_of=2020-12-01"))
    expect(page.locator("#summary-heading")).to_have_text("As it stood on 1 Dec 2020")
    expect(page.locator("table.members")).not_to_contain_text("Morocco")
    context.close()


def test_axe_finds_no_accessibility_violation_on_the_home_page(
    browser, site, axe_source, browser_context_args
):
    # axe is injected as an inline script, which the page's Content-Security-Policy forbids.
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    page = context.new_page()
    page.goto(site.url + "/")
    wait_until_drawn(page)
    page.add_script_tag(content=axe_source)

    result = page.evaluate(
        "async () => await axe.run(document, "
        "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}})"
    )

    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]
    assert violations == []
    assert len(result["passes"]) > 10  # axe really ran
    context.close()
