"""Every reader page and every API list on the demo data (the seed plus 50,000 synthetic events
over 200 accords, ``manage.py generate_demo_data``) against the same page on the seed alone,
measured in the same run: median times, their ratio, and the peak memory of each gunicorn
worker.

    .venv/bin/python bench/pages_at_scale.py
    EVENTS=10000 REQUESTS=5 .venv/bin/python bench/pages_at_scale.py
    SEED_DB=var/seed.sqlite3 DEMO_DB=var/demo.sqlite3 .venv/bin/python bench/pages_at_scale.py

For each database, two gunicorn servers (WORKERS sync workers each, loopback only) serve it in
turn: one with the response cache off (``DJANGO_RESPONSE_CACHE=0``: the work of building each
answer, as an editor or a cold cache sees it) and one with it on, as production runs (after
one request fills the cache). Each address is asked REQUESTS times in a row; the median is
reported. The pages are asked as a browser asks (``Accept-Encoding: gzip``). On the seed the
accord is abraham-accords; on the demo data, the demo accord with the most events, its member
with the most events and the state with the most events overall. Peak memory is each worker's
VmHWM once all of a server's requests are answered.

Bounded in time: every request times out after TIMEOUT seconds, and the run stops measuring
(and says so) after DEADLINE seconds. Prints a table; exits 0 (it measures, it does not judge).
"""

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# The seed and demo databases are made, and ports found, as the as_of benchmark does.
from as_of_api import free_port, make_database, server_env

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
EVENTS = int(os.environ.get("EVENTS", "50000"))
REQUESTS = int(os.environ.get("REQUESTS", "9"))
WORKERS = int(os.environ.get("WORKERS", "2"))
TIMEOUT = float(os.environ.get("TIMEOUT", "60"))
DEADLINE = time.monotonic() + float(os.environ.get("DEADLINE", "1500"))

#: (label, address pattern): {slug}, {cc_lower} (a member of that accord), {state} (any
#: state), {panel_ids} (three of the accord's events, as a marker's panel asks for them).
READER_PAGES = [
    ("home", "/"),
    ("accord", "/accords/{slug}/"),
    ("accord as of", "/accords/{slug}/?as_of=2021-01-01"),
    ("membership", "/accords/{slug}/{cc_lower}/"),
    ("state", "/states/{state}/"),
    ("changes", "/changes/"),
    ("feed", "/feed.atom"),
    ("accord feed", "/accords/{slug}/feed.atom"),
    ("state feed", "/states/{state}/feed.atom"),
    ("chart svg", "/accords/{slug}/chart.svg"),
    ("chart png", "/accords/{slug}/chart.png"),
    ("embed", "/accords/{slug}/embed/"),
    ("panel", "/accords/{slug}/panel/?ids={panel_ids}"),
    ("figure json", "/accords/{slug}/figure.json"),
    ("events csv", "/accords/{slug}/events.csv"),
    ("states csv", "/accords/{slug}/states.csv"),
]
API_LISTS = [
    ("api accords", "/api/accords/"),
    ("api memberships", "/api/memberships/"),
    ("api memberships as of", "/api/memberships/?as_of=2021-01-01"),
    ("api memberships of", "/api/memberships/?accord={slug}"),
    ("api events", "/api/events/"),
    ("api events of", "/api/events/?accord={slug}"),
    ("api events by date desc", "/api/events/?ordering=-date"),
    ("api events page 3", "/api/events/?page=3"),
    ("api interests", "/api/interests/"),
    ("api state", "/api/states/{state}/"),
]


def get(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        response.read()
        return response.status


def wait_for(url: str) -> None:
    for _ in range(300):
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url}")


def median_ms(url: str) -> float | str | None:
    """The median of REQUESTS sequential requests (after one more that warms up or fills the
    cache), None once the deadline has passed, or the error of an address that fails."""
    if time.monotonic() > DEADLINE:
        return None
    try:
        get(url)
    except OSError as error:  # HTTPError included: reported, not measured
        return str(getattr(error, "code", error))
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_rss_mb(master_pid: int) -> list[float]:
    """Each worker's peak resident memory (VmHWM), in MB."""
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for child in children:
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return sorted(peaks, reverse=True)


def names(db: Path, demo: bool) -> dict:
    """The accord, member and state the addresses name in ``db``."""
    with sqlite3.connect(db) as connection:
        if demo:
            (slug,) = connection.execute(
                "SELECT a.slug FROM accords_event e JOIN accords_membership m"
                " ON m.id = e.membership_id JOIN accords_accord a ON a.id = m.accord_id"
                " WHERE a.slug LIKE 'demo-%'"
                " GROUP BY a.id ORDER BY COUNT(*) DESC, a.slug LIMIT 1"
            ).fetchone()
        else:
            slug = "abraham-accords"
        (cc,) = connection.execute(
            "SELECT m.country FROM accords_event e JOIN accords_membership m"
            " ON m.id = e.membership_id JOIN accords_accord a ON a.id = m.accord_id"
            " WHERE a.slug = ? GROUP BY m.id ORDER BY COUNT(*) DESC, m.country LIMIT 1",
            [slug],
        ).fetchone()
        (state,) = connection.execute(
            "SELECT m.country FROM accords_event e JOIN accords_membership m"
            " ON m.id = e.membership_id GROUP BY m.country ORDER BY COUNT(*) DESC, m.country"
            " LIMIT 1"
        ).fetchone()
        (events,) = connection.execute("SELECT COUNT(*) FROM accords_event").fetchone()
        ids = connection.execute(
            "SELECT e.id FROM accords_event e JOIN accords_membership m"
            " ON m.id = e.membership_id JOIN accords_accord a ON a.id = m.accord_id"
            " WHERE a.slug = ? ORDER BY e.date, e.id LIMIT 3",
            [slug],
        ).fetchall()
    return {
        "slug": slug,
        "cc_lower": cc.lower(),
        "state": state,
        "events": events,
        "panel_ids": ",".join(str(i) for (i,) in ids),
    }


def measure(db: Path, env: dict, cached: bool, where: dict) -> tuple[dict, list[float]]:
    port = free_port()
    process = subprocess.Popen(
        [GUNICORN, "timeline.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={
            **env,
            "DATABASE_URL": f"sqlite:///{db}",
            "DJANGO_RESPONSE_CACHE": "1" if cached else "0",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/api/health/")
        results = {
            label: median_ms(base + pattern.format(**where))
            for label, pattern in READER_PAGES + API_LISTS
        }
        results["bare view (health)"] = median_ms(base + "/api/health/")
        return results, peak_rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait()


def main() -> int:
    env = server_env()
    # Pages link hashed static files (debug off): collect them once.
    if not (ROOT / "var" / "static" / "staticfiles.json").exists():
        subprocess.run(
            [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
    with tempfile.TemporaryDirectory() as tmp:
        dbs = {}
        for name, events, given in (
            ("seed", 0, os.environ.get("SEED_DB")),
            ("demo", EVENTS, os.environ.get("DEMO_DB")),
        ):
            dbs[name] = Path(given) if given else Path(tmp, f"{name}.sqlite3")
            if not given:
                make_database(dbs[name], events, env)
        where = {name: names(db, name == "demo") for name, db in dbs.items()}
        results, memory = {}, {}
        for cached in (False, True):
            for name, db in dbs.items():
                results[name, cached], memory[name, cached] = measure(db, env, cached, where[name])
    report(where, results, memory)
    return 0


def report(where, results, memory) -> None:
    print(
        f"Seed: {where['seed']['events']} events, accord {where['seed']['slug']}, member "
        f"{where['seed']['cc_lower'].upper()}, state {where['seed']['state']}. Demo: "
        f"{where['demo']['events']} events, accord {where['demo']['slug']}, member "
        f"{where['demo']['cc_lower'].upper()}, state {where['demo']['state']}."
    )
    print(
        f"Median of {REQUESTS} sequential requests (ms), {WORKERS} gunicorn sync workers, "
        "loopback; ratio = demo / seed."
    )
    columns = f"{'seed':>8} {'demo':>8} {'ratio':>6}"
    header = f"{'address':26} {columns}   {columns}"
    print(f"{'':26} {'uncached (the work)':^24}   {'cached (production)':^24}")
    print(header)
    labels = [label for label, _pattern in READER_PAGES + API_LISTS] + ["bare view (health)"]
    for label in labels:
        cells = []
        for cached in (False, True):
            seed, demo = results["seed", cached][label], results["demo", cached][label]
            if seed is None or demo is None:
                cells.append(f"{'(deadline passed)':>24}")
                continue
            if isinstance(seed, str) or isinstance(demo, str):
                cells.append(f"{f'error {seed} / {demo}':>24}")
                continue
            cells.append(f"{seed:8.1f} {demo:8.1f} {demo / seed:6.2f}")
        print(f"{label:26} {cells[0]}   {cells[1]}")
    for (name, cached), peaks in memory.items():
        mode = "cached" if cached else "uncached"
        listed = ", ".join(f"{peak:.0f}" for peak in peaks)
        print(f"peak RSS per worker, {name}, {mode}: {listed} MB")


if __name__ == "__main__":
    sys.exit(main())
