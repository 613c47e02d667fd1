"""The readers' timeline in a real Chromium, at a 1366 px desktop and a 390 px phone: the
server-drawn first view, Plotly taking over on interaction, markers that never cover each other,
the marker panel, the toolbar, and the pages' accessibility."""

import csv
import http.server
import io
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from accords.models import Event, Source

from .conftest import axe_violations

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
SEED_EVENTS = 24
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(params=list(WIDTHS))
def width_name(request):
    return request.param


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


def svg_event_ids(page):
    return (
        visible_svg(page)
        .locator("a.marker")
        .evaluate_all("markers => markers.flatMap(m => m.dataset.events.split(' ').map(Number))")
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


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def seed_ids():
    return sorted(Event.objects.values_list("id", flat=True))


def kazakhstan_announcement_with_a_linked_source():
    event = Event.objects.get(membership__country="KZ", kind="announced")
    Source.objects.create(event=event, publisher="Linked Test Source", url="https://example.org/kz")
    return event


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


# --- Date, slider, filters ------------------------------------------------------------------


def test_moving_the_date_to_1_december_2020_shows_the_accord_as_it_stood(
    page, watched, site, screenshot_path
):
    page.set_viewport_size(DESKTOP)
    page.goto(site.url + "/")

    page.fill("#id_as_of", "2020-12-01")
    page.dispatch_event("#id_as_of", "change")

    expect(page).to_have_url(re.compile(r"\?as_of=2020-12-01$"))
    expect(page.locator("#summary-heading")).to_have_text("As it stood on 1 Dec 2020")
    page.wait_for_function(
        "() => !document.querySelector('#timeline-chart svg.timeline-svg-wide')"
        ".textContent.includes('Morocco')"
    )
    assert svg_rows(page) == ["AE", "BH", "IL", "US", "SD"]
    sudan = page.locator("table.members tr", has_text="Sudan")
    expect(sudan).to_contain_text("announced")  # signed only on 6 Jan 2021
    expect(page.locator("table.events")).not_to_contain_text("Kazakhstan")
    page.screenshot(path=screenshot_path("as-of-2020-12-01"), full_page=True)
    assert watched.errors == []
    assert watched.foreign_requests() == []


def test_typing_a_date_sends_nothing_until_it_is_complete_and_valid(page, site):
    page.goto(site.url + "/")
    page.wait_for_load_state("networkidle")
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    date_box = page.locator("#id_as_of")

    date_box.click()
    page.keyboard.type("1212", delay=60)  # day and month, in either order
    page.keyboard.type("202", delay=250)  # the year so far: 0202, not a day to show
    page.wait_for_timeout(800)
    assert sent == []

    page.keyboard.type("0")  # 2020: complete and valid
    expect(page).to_have_url(re.compile(r"\?as_of=2020-12-12$"))
    page.wait_for_load_state("networkidle")
    assert len([url for url in sent if "as_of=" in url]) == 1


def test_the_date_slider_is_usable_by_keyboard_and_keeps_the_address_in_step(page, watched, site):
    page.goto(site.url + "/")
    slider = page.locator("#as-of-slider")
    expect(slider).to_be_visible()

    slider.focus()
    page.keyboard.press("Home")  # the day of the first event

    expect(page).to_have_url(re.compile(r"\?as_of=2020-08-13$"))
    expect(page.locator("#id_as_of")).to_have_value("2020-08-13")
    page.wait_for_function(
        "() => document.querySelectorAll('#timeline-chart svg.timeline-svg-wide g.row')"
        ".length === 1"
    )
    assert watched.errors == []


def test_filters_after_plotly_took_over_redraw_plotly(page, watched, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site.url + "/?status=signed")
    explore(page)
    assert list(plotly_rows(page)) == ["US", "SD"]

    page.check("input[name='status'][value='announced']")

    expect(page).to_have_url(re.compile(r"status=announced&status=signed$"))
    page.wait_for_function(
        "() => (document.getElementById('timeline-chart')._fullLayout.yaxis.tickvals || [])"
        ".includes('KZ')"
    )
    assert parse_qs(urlsplit(page.url).query) == {"status": ["announced", "signed"]}
    assert watched.errors == []


# --- The toolbar ----------------------------------------------------------------------------


def test_download_data_gives_the_rows_shown_in_a_named_csv(page, site):
    page.goto(site.url + "/?as_of=2020-12-01")
    page.click("#timeline-toolbar summary:has-text('Cite')")  # the toolbar is there

    with page.expect_download() as events_download:
        page.click("a[data-action='events-csv']")
    download = events_download.value
    assert download.suggested_filename == "abraham-accords-events-2020-12-01.csv"
    rows = read_csv(download.path())
    table_rows = page.locator("table.events tbody tr").count()
    assert len(rows) == table_rows > 5

    with page.expect_download() as states_download:
        page.click("a[data-action='states-csv']")
    states = states_download.value
    assert states.suggested_filename == "abraham-accords-states-2020-12-01.csv"
    rows = read_csv(states.path())
    assert [row["country_code"] for row in rows] == ["AE", "BH", "IL", "US", "SD"]


def test_download_chart_gives_svg_and_png_of_the_view(page, site):
    page.goto(site.url + "/?as_of=2020-12-01")

    for action, content_type, least in (
        ("chart-svg", "image/svg+xml", 5_000),
        ("chart-png", "image/png", 10_000),
    ):
        href = page.get_attribute(f"a[data-action='{action}']", "href")
        assert "as_of=2020-12-01" in href
        response = page.request.get(site.url + href)
        assert response.status == 200
        assert response.headers["content-type"].startswith(content_type)
        assert len(response.body()) > least


def test_copy_link_embed_and_cite(browser, site, browser_context_args):
    context = browser.new_context(
        **browser_context_args, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(site.url + "/?as_of=2020-12-01")

    page.click("summary:has-text('Copy link')")
    page.click("button[data-copy='share-link']")
    expect(page.locator("#copy-status")).to_contain_text("✓")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == site.url + "/accords/abraham-accords/?as_of=2020-12-01"

    page.click("summary:has-text('Embed')")
    snippet = page.input_value("#embed-code")
    assert snippet.startswith(
        f'<iframe src="{site.url}/accords/abraham-accords/embed/?as_of=2020-12-01"'
    )

    page.click("summary:has-text('Cite')")
    citation = page.inner_text("#citation-text")
    assert "Abraham Accords as of 1 Dec 2020" in citation
    assert "Retrieved" in citation and "Data last changed" in citation
    assert f"{site.url}/accords/abraham-accords/?as_of=2020-12-01" in citation
    expect(page.locator("#citation-bibtex")).to_contain_text("@misc{abraham-accords-2020-12-01")
    context.close()


@pytest.fixture
def other_site(site):
    """Another origin on this machine, serving one page that frames the embed page and the
    home page (a page fulfilled by Playwright itself cannot load frames)."""
    body = (
        f"<!DOCTYPE html><title>Another site</title>"
        f'<iframe id="ok" src="{site.url}/accords/abraham-accords/embed/" '
        'width="800" height="600"></iframe>'
        f'<iframe id="no" src="{site.url}/" width="800" height="600"></iframe>'
    ).encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_embed_page_can_be_framed_by_another_site_and_the_home_page_cannot(page, other_site):
    page.goto(other_site)

    embedded = page.frame_locator("#ok")
    expect(embedded.locator("svg.timeline-svg-wide")).to_be_visible()
    expect(embedded.locator(".site-header")).to_have_count(0)  # chrome-less
    page.wait_for_timeout(500)
    refused = page.frame_locator("#no")  # the home page refuses to be framed
    expect(refused.locator(".site-header")).to_have_count(0)
    expect(refused.locator("svg.timeline-svg-wide")).to_have_count(0)


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
