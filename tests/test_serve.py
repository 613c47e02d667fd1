"""`make run` serves the site as production does: on a fresh copy of the repository, the same
script the Makefile runs (bin/serve) generates its secret key, migrates, seeds, collects the
static files, and serves them hashed and compressed through gunicorn, with no debug page; and
Ctrl-C stops it within seconds."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

# bin/serve runs on SQLite, make run's default: once per CI run is enough.
SKIPPED = bool(os.environ.get("DATABASE_URL"))
pytestmark = [
    pytest.mark.production_server,
    pytest.mark.skipif(SKIPPED, reason="make run's SQLite; run without DATABASE_URL"),
]

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_copy(target: Path) -> Path:
    """The repository's files (as a clone would have them, plus uncommitted ones), without
    var/, with the project's virtualenv linked in."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if not source.is_file():
            continue  # deleted in the work tree
        destination = target / name.decode()
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    (target / ".venv").symlink_to((ROOT / ".venv").resolve())
    return target


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


#: bin/serve as ``start_early`` started it: the copy, its address, the process, its log.
_started: dict[str, object] = {}


def start_early(config) -> None:
    """Start bin/serve on a fresh copy as soon as the tests are collected (called from
    tests/conftest.py when a test of this module is selected): it collects and compresses the
    static files, which takes a minute or more, while the rest of the suite runs. The tests
    below wait for it, and for nothing else."""
    if SKIPPED or _started:
        return
    copy = fresh_copy(Path(tempfile.mkdtemp(prefix="serve-clone-")))
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(HOST="127.0.0.1", PORT=str(port), PY=str(copy / ".venv/bin/python"))
    log = open(copy / "serve.log", "wb")  # noqa: SIM115 (closed by stop)
    process = subprocess.Popen([str(copy / "bin/serve")], cwd=copy, env=env, stdout=log, stderr=log)
    _started.update(copy=copy, base=f"http://127.0.0.1:{port}", process=process, log=log)

    def stop():
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(copy, ignore_errors=True)

    config.add_cleanup(stop)


@pytest.fixture(scope="module")
def served(pytestconfig):
    start_early(pytestconfig)  # already done, unless this module runs on its own
    copy, base, process = _started["copy"], _started["base"], _started["process"]
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if get(base + "/api/health/")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    else:
        process.kill()
    if process.poll() is not None:
        _started["log"].flush()
        pytest.fail("bin/serve did not start:\n" + (copy / "serve.log").read_text()[-3000:])
    yield copy, base, process


def test_secret_key_is_made_once_readable_by_its_owner_only(served):
    copy, _base, _process = served
    key_file = copy / "var/secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert key not in (copy / "serve.log").read_text()


def test_home_page_links_hashed_static_files_served_compressed(served):
    copy, base, _process = served
    status, headers, body = get(base + "/")
    assert status == 200
    assert "Strict-Transport-Security" not in headers  # plain HTTP on the loopback
    page = body.decode()
    plotly = re.search(r"/static/plotly/plotly\.min\.[0-9a-f]{12}\.js", page)
    if plotly is None:  # the page loads Plotly from its own script: ask the manifest
        manifest = (copy / "var/static/staticfiles.json").read_text()
        plotly = re.search(r"plotly/plotly\.min\.[0-9a-f]{12}\.js", manifest)
        path = "/static/" + plotly.group(0)
    else:
        path = plotly.group(0)
    status, headers, body = get(base + path, {"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Content-Encoding"] in ("br", "gzip")
    assert len(body) < 2_000_000  # plotly.min.js is 4.8 MB uncompressed
    assert "immutable" in headers["Cache-Control"]  # hashed: cached for ever


def test_unknown_address_is_a_plain_404_without_the_debug_page(served):
    _copy, base, _process = served
    status, _headers, body = get(base + "/no-such-page/")
    assert status == 404
    assert b"URLconf" not in body and b"DEBUG = True" not in body


def test_ctrl_c_stops_the_server_within_seconds(served):
    _copy, base, process = served
    process.send_signal(signal.SIGINT)
    process.wait(timeout=10)
    with pytest.raises(OSError):
        get(base + "/api/health/")
