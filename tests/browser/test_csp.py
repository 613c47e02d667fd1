"""The site's Content-Security-Policy blocks nothing the pages need: Chromium reports every
violation as a ``securitypolicyviolation`` event and a console error, and no page, the admin's
and the API's included, causes one (Redoc's logo from cdn.redoc.ly excepted: the policy is
there to stop that request)."""

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
#: What the policy is meant to stop.
INTENDED = ("https://cdn.redoc.ly",)

READER_PAGES = [
    "/",
    "/accords/abraham-accords/",
    "/accords/abraham-accords/AE/",
    "/accords/abraham-accords/embed/",
    "/states/AE/",
    "/changes/",
    "/no-such-page/",
]
API_PAGES = ["/api/", "/api/events/", "/api/docs/", "/api/redoc/"]
ADMIN_PAGES = [
    "/admin/",
    "/admin/accords/event/",
    "/admin/accords/event/add/",
    "/admin/accords/membership/",
]


class Violations:
    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and self.console.append(message.text)
            ),
        )

    def visit(self, url):
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return self.collect()

    def collect(self):
        recorded = self.page.evaluate("window.__violations")
        return [v for v in recorded if not v.split(" ", 1)[1].startswith(INTENDED)]

    def console_errors(self):
        return [text for text in self.console if not any(host in text for host in INTENDED)]


def test_reader_and_api_pages_break_no_rule_of_the_policy(page, site):
    violations = Violations(page)
    for path in READER_PAGES + API_PAGES:
        assert violations.visit(site.url + path) == [], path
    # Plotly, loaded from our static files on the first interaction, draws within the policy.
    violations.visit(site.url + "/")
    page.hover("#timeline-chart")
    page.wait_for_selector("#timeline-chart .main-svg", timeout=20_000)
    assert violations.collect() == []
    assert violations.console_errors() == []


def test_admin_pages_break_no_rule_of_the_policy(page, site):
    make_user("editor", editor=True, is_staff=True)
    violations = Violations(page)
    assert violations.visit(site.url + "/admin/login/") == []
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(site.url + "/admin/")
    for path in ADMIN_PAGES:
        assert violations.visit(site.url + path) == [], path
    assert violations.console_errors() == []
