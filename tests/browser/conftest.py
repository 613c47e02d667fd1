"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against a live server.

Without Chromium these tests are skipped, unless REQUIRE_BROWSER=1 (CI sets it): then they fail.
`playwright install` is never needed: the browser is the system's.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..conftest import load_seed

# Playwright's sync API runs an event loop in the test's thread; Django's async-safety check
# would then refuse the ORM calls that fixtures make in that same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") not in {"", "0"}


def skip_or_fail(reason: str):
    if browser_required():
        pytest.fail(f"{reason} (REQUIRE_BROWSER is set, so this is a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture
def site(live_server, transactional_db, django_db_serialized_rollback):
    """The live server with the Abraham Accords loaded, as `make run` serves them (the rows of
    the session's first real load, restored: see `tests.conftest.load_seed`). The database as
    the migrations left it comes back after the test (``tests.conftest``)."""
    load_seed("abraham-accords")
    return live_server


class Watcher:
    """Every request the page makes and every console error or uncaught exception."""

    def __init__(self, page, origin):
        self.origin = origin
        self.requests = []
        self.errors = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(message.text),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def foreign_requests(self):
        own = urlsplit(self.origin).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(url).netloc != own
        ]


@pytest.fixture
def watched(page, site):
    """The page, with a watcher of its requests and console errors."""
    return Watcher(page, site.url)


@pytest.fixture
def screenshot_path():
    RESULTS.mkdir(exist_ok=True)
    return lambda name: RESULTS / f"{name}.png"


#: The rules axe-core runs on every page.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]


def axe_violations(page) -> list[str]:
    """What axe-core (injected into ``page`` already) finds, one line a rule broken."""
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    assert len(result["passes"]) > 5  # axe really ran
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


@pytest.fixture
def axe_source():
    if not AXE.exists():
        skip_or_fail(f"{AXE} is missing: run `npm ci` (make test does it when npm is installed)")
    return AXE.read_text(encoding="utf-8")
