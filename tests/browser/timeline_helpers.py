"""What the browser tests of the reader pages share: the two widths (a 1366 px desktop and a
390 px phone), the chart's markers and rows in the SVG and in Plotly, a linked source for
Kazakhstan's announcement, and axe-core run as a reader explores."""

import pytest
from playwright.sync_api import expect

from accords.models import Event, Source

from .conftest import axe_violations

#: The marks of every test here: it needs Chromium and a live server over a database that
#: each test leaves as it found it.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def open_context(browser, browser_context_args, name, **extra):
    phone = name == "phone"
    return browser.new_context(
        **{**browser_context_args, "viewport": WIDTHS[name]},
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
        **extra,
    )


def visible_svg(page):
    return page.locator("#timeline-chart svg.timeline-svg:visible")


def svg_rows(page):
    return (
        visible_svg(page).locator("g.row").evaluate_all("rows => rows.map(row => row.dataset.row)")
    )


def marker_boxes(page, selector):
    return page.locator(selector).evaluate_all(
        """nodes => nodes.map(node => {
            const box = node.getBoundingClientRect();
            return {x: box.x, y: box.y, w: box.width, h: box.height};
        }).filter(box => box.w > 0 && box.h > 0)"""
    )


def overlaps(boxes):
    """Pairs of boxes that share more than a hair of area."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > 0.5 and dy > 0.5:
                found.append((a, b))
    return found


def explore(page):
    """Interact with the chart the way a reader would first: the Explore button (unless an
    earlier pointer interaction has already brought Plotly in)."""
    button = page.locator("#explore-chart")
    if button.is_visible():
        button.click()
    wait_until_drawn(page)


def wait_until_drawn(page):
    page.wait_for_selector("#timeline-chart[data-drawn='true'] .main-svg", timeout=30_000)


def plotly_rows(page):
    return page.evaluate("document.getElementById('timeline-chart')._fullLayout.yaxis.tickvals")


def kazakhstan_announcement_with_a_linked_source():
    event = Event.objects.get(membership__country="KZ", kind="announced")
    Source.objects.create(event=event, publisher="Linked Test Source", url="https://example.org/kz")
    return event


def open_with_axe(browser, browser_context_args, axe_source, url):
    """A new context's page at ``url``, with axe-core injected as an inline script (which the
    page's Content-Security-Policy forbids: the context bypasses it)."""
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(content=axe_source)
    return context, page


def assert_axe_finds_nothing_as_a_reader_explores(page, summaries):
    """axe finds nothing with the toolbar's ``summaries`` open and a marker's panel open, and
    nothing once Plotly has taken over."""
    for summary in summaries:
        page.click(summary)
    visible_svg(page).locator("a.marker").first.click()
    expect(page.locator("#marker-panel")).to_be_visible()
    assert axe_violations(page) == []
    explore(page)
    assert axe_violations(page) == []
