"""The readers' timeline in a real Chromium: the date, the slider and the filters, and the
toolbar (downloads of the data and the chart, copy link, embed and cite)."""

import csv
import http.server
import io
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .timeline_helpers import BROWSER_MARKS, DESKTOP, explore, plotly_rows, svg_rows

pytestmark = BROWSER_MARKS


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


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
