"""NATO's 32 rows in a real Chromium at a 1366 px desktop and a 390 px phone: drawn in
enlargement waves, every label readable (no label covers another label, a heading or a
marker), in the server-drawn SVG and in Plotly."""

import pytest

from ..conftest import load_seed
from .timeline_helpers import WIDTHS, explore, marker_boxes, open_context, overlaps, visible_svg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def nato_site(live_server, transactional_db):
    """The live server with NATO loaded (the rows of the session's first real load, restored:
    see `tests.conftest.load_seed`)."""
    load_seed("nato")
    return live_server


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_nato_rows_are_grouped_in_waves_and_no_label_covers_anything(
    browser, nato_site, browser_context_args, width_name, screenshot_path
):
    context = open_context(browser, browser_context_args, width_name)
    page = context.new_page()
    page.goto(nato_site.url + "/accords/nato/")

    svg = "#timeline-chart svg.timeline-svg:visible"
    headings = visible_svg(page).locator("g.wave-heading")
    assert headings.count() == 11
    assert (headings.first.text_content() or "").startswith("In force from 1949")
    assert visible_svg(page).locator("g.row").count() == 32
    labels = marker_boxes(page, f"{svg} .row-label")
    heading_boxes = marker_boxes(page, f"{svg} g.wave-heading text")
    markers = marker_boxes(page, f"{svg} a.marker .mark")
    assert len(labels) == 32 and len(markers) >= 32
    assert overlaps(labels + heading_boxes) == []
    assert [pair for pair in overlaps(labels + markers) if pair[0] in labels] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.locator("#timeline-chart").screenshot(path=screenshot_path(f"nato-svg-{width_name}"))

    explore(page)
    ticks = marker_boxes(page, "#timeline-chart .yaxislayer-above .ytick text")
    assert len(ticks) == 32 + 11
    assert overlaps(ticks) == []
    page.locator("#timeline-chart").screenshot(path=screenshot_path(f"nato-plotly-{width_name}"))
    context.close()
