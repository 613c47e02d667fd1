"""Two servers, one database, one cache: deploy/two-servers.sh starts two gunicorn servers on
PostgreSQL and Redis behind HAProxy; an editor's change through one is seen through the other
at once, a session made on one holds on the other, the API throttle counts across both, and
load through the balancer ends with no error (429s from the throttle aside).

Needs PostgreSQL, Redis, HAProxy and wrk; skipped without them unless REQUIRE_TWO_SERVERS=1
(CI). The database is TWO_SERVERS_DATABASE_URL (default: timeline_two_servers on the local
PostgreSQL, dropped and made anew), the cache TWO_SERVERS_REDIS_URL (default Redis db 5,
flushed). The load lasts TWO_SERVERS_DURATION (60s in CI, 10s otherwise).
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.two_servers

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "TWO_SERVERS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/timeline_two_servers"
)
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/5")
DURATION = os.environ.get("TWO_SERVERS_DURATION", "60s" if os.environ.get("CI") else "10s")
THROTTLE = 40  # anonymous API requests per minute, per client, across all servers
PASSWORD = "two servers, one session"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_requirements() -> list[str]:
    missing = [
        tool for tool in ("haproxy", "wrk", "redis-cli", "pg_isready") if not shutil.which(tool)
    ]
    pg_down = not missing and subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode
    if pg_down and not os.path.isdir("/etc/postgresql"):  # the script can start a local one
        missing.append("a PostgreSQL server")
    return missing


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)

    @property
    def text(self):
        return self.body.decode()


def fetch(url, method="GET", data=None, headers=None, opener=None):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=20) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


@pytest.fixture(scope="module")
def servers():
    missing = missing_requirements()
    if missing:
        if os.environ.get("REQUIRE_TWO_SERVERS"):
            pytest.fail(f"REQUIRE_TWO_SERVERS is set but these are missing: {missing}")
        pytest.skip(f"missing: {', '.join(missing)}")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    ports = {"LB_PORT": free_port(), "APP1_PORT": free_port(), "APP2_PORT": free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {key: str(port) for key, port in ports.items()},
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        FRESH="1",
        API_ANON_THROTTLE=f"{THROTTLE}/minute",
    )
    log_path = ROOT / "var/two-servers-test.log"
    log_path.parent.mkdir(exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [str(ROOT / "deploy/two-servers.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    deadline = time.monotonic() + 400  # a first collectstatic compresses Plotly
    while time.monotonic() < deadline and process.poll() is None:
        if b"ready:" in log_path.read_bytes():
            break
        time.sleep(0.5)
    if process.poll() is not None or b"ready:" not in log_path.read_bytes():
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("deploy/two-servers.sh did not start:\n" + log_path.read_text()[-3000:])

    manage = [str(ROOT / ".venv/bin/python"), "manage.py"]
    command_env = {**env, "EDITOR_PASSWORD": PASSWORD}
    subprocess.run(
        [*manage, "create_editor", "alice", "--noinput"], cwd=ROOT, env=command_env, check=True
    )
    output = subprocess.run(
        [*manage, "drf_create_token", "alice"],
        cwd=ROOT,
        env=command_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    token = re.search(r"\b[0-9a-f]{40}\b", output).group(0)
    yield {
        "lb": urls["LB_PORT"],
        "one": urls["APP1_PORT"],
        "two": urls["APP2_PORT"],
        "token": token,
    }
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


def test_an_editors_change_through_one_server_is_seen_through_the_other_at_once(servers):
    lb, one, two = servers["lb"], servers["one"], servers["two"]
    event = fetch(f"{lb}/api/events/?country=KZ").json()["results"][0]
    detail = f"/api/events/{event['id']}/"
    page = "/accords/abraham-accords/kz/"
    before = fetch(two + detail)
    for base in (lb, lb, one, two):  # every server has answered, and cached, the old data
        assert fetch(base + detail).json()["title"] == event["title"]
        fetch(base + page)
    assert fetch(two + detail).headers["X-Cache"] == "hit"

    changed = fetch(
        one + detail,
        method="PATCH",
        data=json.dumps({"title": "Changed through server one"}).encode(),
        headers={"Authorization": f"Token {servers['token']}", "Content-Type": "application/json"},
    )
    assert changed.status == 200, changed.text

    for base in (two, lb, lb, one):
        after = fetch(base + detail)
        assert after.json()["title"] == "Changed through server one", base
        assert after.headers["ETag"] != before.headers["ETag"]
        assert "Changed through server one" in fetch(base + page).text, base
    stale = fetch(lb + detail, headers={"If-None-Match": before.headers["ETag"]})
    assert stale.status == 200


def test_a_session_made_on_one_server_holds_on_the_other(servers):
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = fetch(servers["one"] + "/admin/login/?next=/admin/", opener=browser).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    login = fetch(
        servers["one"] + "/admin/login/?next=/admin/",
        method="POST",
        data=urllib.parse.urlencode(
            {
                "username": "alice",
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf,
                "next": "/admin/",
            }
        ).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        opener=browser,
    )
    assert login.status == 200 and "Log out" in login.text

    admin = fetch(servers["two"] + "/admin/accords/event/", opener=browser)
    through_lb = fetch(servers["lb"] + "/admin/", opener=browser)

    assert admin.status == 200 and "Log out" in admin.text
    assert "no-store" in admin.headers["Cache-Control"]
    assert through_lb.status == 200 and "Log out" in through_lb.text


def test_the_api_throttle_counts_requests_to_both_servers(servers):
    statuses = []
    for n in range(1, 2 * THROTTLE + 2):
        base = servers["one"] if n % 2 else servers["two"]
        # a new address each time: a cached answer is served before the throttle
        statuses.append(fetch(f"{base}/api/accords/?page_size={n}").status)
    assert set(statuses) == {200, 429}
    first_refusal = statuses.index(429)
    # Counted per server (or per worker), the refusals would start after 2 x THROTTLE or more.
    assert first_refusal <= THROTTLE
    assert set(statuses[first_refusal:]) == {429}


def test_load_through_the_balancer_ends_without_errors(servers):
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c50",
            f"-d{DURATION}",
            "--timeout",
            "10s",
            "-s",
            "deploy/load-check.lua",
            servers["lb"] + "/",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    counts = {int(code): int(n) for code, n in re.findall(r"^status (\d+) (\d+)$", result, re.M)}
    errors = re.search(r"errors connect (\d+) read (\d+) write (\d+) timeout (\d+)", result)
    print(result)

    assert counts.get(200, 0) > 0, result
    assert set(counts) <= {200, 429}, result
    assert [int(n) for n in errors.groups()] == [0, 0, 0, 0], result
