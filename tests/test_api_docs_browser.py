"""The API's documentation pages in a real Chromium: they render, and every request they send
goes to our own server (no CDN, no web fonts). Redoc's bundle asks for its logo from
cdn.redoc.ly; the pages' Content-Security-Policy stops that request in the browser."""

import os
import shutil
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("REQUIRE_BROWSER"),
        reason="Debian's Chromium is not installed",
    ),
]


@pytest.fixture
def chromium_page():
    # Playwright runs an event loop in this thread; the test itself makes no ORM call while it
    # runs (the live server answers from its own thread).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/api/docs/", ".swagger-ui .info .title"), ("/api/redoc/", "h1")],
)
def test_documentation_page_renders_from_our_own_server_only(
    live_server, chromium_page, path, rendered
):
    own_host = urlsplit(live_server.url).netloc
    requested = []
    stopped_by_policy = []  # refused by the page's Content-Security-Policy: never sent
    chromium_page.on("request", lambda request: requested.append(request.url))
    chromium_page.on(
        "requestfailed",
        lambda request: request.failure == "csp" and stopped_by_policy.append(request.url),
    )

    chromium_page.goto(live_server.url + path)
    chromium_page.wait_for_selector(rendered, timeout=20_000)

    assert "Treaty-membership timeline API" in chromium_page.inner_text(rendered)
    sent_elsewhere = [
        url
        for url in requested
        if urlsplit(url).scheme in ("http", "https")
        and urlsplit(url).netloc != own_host
        and url not in stopped_by_policy
    ]
    assert sent_elsewhere == []
    assert any(url.endswith("/api/schema/") for url in requested)
