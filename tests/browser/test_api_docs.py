"""The API's documentation pages in a real Chromium: they render, and every request they send
goes to our own server (no CDN, no web fonts). Redoc's bundle asks for its logo from
cdn.redoc.ly; the pages' Content-Security-Policy stops that request in the browser."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/api/docs/", ".swagger-ui .info .title"), ("/api/redoc/", "h1")],
)
def test_documentation_page_renders_from_our_own_server_only(site, page, path, rendered):
    own_host = urlsplit(site.url).netloc
    requested = []
    stopped_by_policy = []  # refused by the page's Content-Security-Policy: never sent
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "requestfailed",
        lambda request: request.failure == "csp" and stopped_by_policy.append(request.url),
    )

    page.goto(site.url + path)
    page.wait_for_selector(rendered, timeout=20_000)

    assert "Treaty-membership timeline API" in page.inner_text(rendered)
    sent_elsewhere = [
        url
        for url in requested
        if urlsplit(url).scheme in ("http", "https")
        and urlsplit(url).netloc != own_host
        and url not in stopped_by_policy
    ]
    assert sent_elsewhere == []
    assert any(url.endswith("/api/schema/") for url in requested)
