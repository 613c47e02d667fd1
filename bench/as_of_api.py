"""How long `/api/memberships/?as_of=2021-01-01` (50 a page) takes with 50,000 events over 200
accords, against the same request on the seed and Datasette answering the same rows from the
same SQLite file, all measured in this run; and a gunicorn worker's peak memory after 100 such
requests.

    .venv/bin/python bench/as_of_api.py                  # 50,000 events, 30 timed requests
    EVENTS=10000 REQUESTS=20 .venv/bin/python bench/as_of_api.py

Targets (issue 7): the big request within 2x the seed's and under Datasette's time for the
same rows; the worker's peak memory after 100 requests under 150 MB. The response cache is off
(DJANGO_RESPONSE_CACHE=0): this measures the work, not the cache. Datasette is installed in its
own virtualenv under var/ (bench/api_vs_datasette.sh makes the same one), never in the
project's requirements. Exits 1 when a target is missed.
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DATASETTE_VENV = ROOT / "var" / "bench-datasette-venv"
EVENTS = int(os.environ.get("EVENTS", "50000"))
REQUESTS = int(os.environ.get("REQUESTS", "30"))
DAY = "2021-01-01"
PATH = f"/api/memberships/?as_of={DAY}"

#: The rows the API returns for that request (status as of the day, events up to it with their
#: sources, the first 50 by joining date), in one SQL query.
SQL = """
select m.id, a.slug as accord, m.country, m.role, p.status, setter.date as status_since,
  (select json_group_array(json_object('id', e.id, 'kind', e.kind, 'date', e.date,
     'date_precision', e.date_precision, 'title', e.title, 'place', e.place,
     'sources', (select json_group_array(json_object('url', s.url, 'title', s.title,
        'publisher', s.publisher, 'published_on', s.published_on))
        from accords_source s where s.event_id = e.id)))
   from (select * from accords_event e where e.membership_id = m.id and e.date <= :day
         order by e.date, e.id) e) as events
from accords_membership m
  join accords_accord a on a.id = m.accord_id
  join accords_statusperiod p on p.membership_id = m.id and p.first_day <= :day
    and (p.last_day is null or p.last_day >= :day)
  join accords_event setter on setter.id = p.event_id
order by (select min(date) from accords_event where membership_id = m.id), m.country
limit 50
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url}")


def timed(url: str, n: int) -> float:
    """The median time of ``n`` sequential requests, in milliseconds."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            assert response.status == 200, response.status
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_rss_mb(master_pid: int) -> float:
    """The largest peak resident memory (VmHWM) of the gunicorn master's workers."""
    peaks = []
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


def make_database(path: Path, events: int, env: dict) -> None:
    env = {**env, "DATABASE_URL": f"sqlite:///{path}"}
    run = [PY, "manage.py"]
    subprocess.run([*run, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*run, "load_seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    if events:
        subprocess.run(
            [*run, "generate_demo_data", "--events", str(events), "--no-progress"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )


def serve(db: Path, env: dict):
    port = free_port()
    process = subprocess.Popen(
        [GUNICORN, "timeline.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_RESPONSE_CACHE": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/api/health/")
    return process, base


def server_env() -> dict:
    """The environment of a benchmark's server: production settings over plain HTTP, a
    throwaway key, no throttle to hit and each process's own cache (no Redis)."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": f"benchmark-only-{time.time_ns()}",
        "API_ANON_THROTTLE": "1000000000/minute",
    }
    env.pop("REDIS_URL", None)
    return env


def main() -> int:
    env = server_env()
    if not (DATASETTE_VENV / "bin" / "datasette").exists():
        subprocess.run([PY, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run(
            [str(DATASETTE_VENV / "bin" / "pip"), "install", "--quiet", "datasette==0.65.5"],
            check=True,
        )
    with tempfile.TemporaryDirectory() as tmp:
        seed_db, big_db = Path(tmp, "seed.sqlite3"), Path(tmp, "big.sqlite3")
        make_database(seed_db, 0, env)
        make_database(big_db, EVENTS, env)
        results = {}
        for name, db in (("seed", seed_db), ("big", big_db)):
            process, base = serve(db, env)
            try:
                timed(base + PATH, 3)  # warm up
                results[name] = timed(base + PATH, REQUESTS)
                if name == "big":
                    timed(base + PATH, max(0, 100 - REQUESTS - 3))
                    results["rss"] = peak_rss_mb(process.pid)
            finally:
                process.terminate()
                process.wait()
        port = free_port()
        datasette = subprocess.Popen(
            [str(DATASETTE_VENV / "bin" / "datasette"), "serve", "-i", str(big_db)]
            + ["--host", "127.0.0.1", "--port", str(port)]
            + ["--setting", "sql_time_limit_ms", "60000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            query = urllib.parse.urlencode({"sql": SQL, "day": DAY, "_shape": "array"})
            url = f"http://127.0.0.1:{port}/big.json?{query}"
            wait_for(url)
            timed(url, 3)
            results["datasette"] = timed(url, REQUESTS)
        finally:
            datasette.terminate()
            datasette.wait()

    ratio_seed = results["big"] / results["seed"]
    ratio_datasette = results["big"] / results["datasette"]
    print(f"{PATH} (50 a page), median of {REQUESTS} sequential requests, 1 gunicorn worker")
    print(f"  seed:                       {results['seed']:8.1f} ms")
    print(f"  {EVENTS} events, 200 accords: {results['big']:8.1f} ms  ({ratio_seed:.2f}x the seed)")
    print(
        f"  Datasette, same rows:       {results['datasette']:8.1f} ms  "
        f"(ours {ratio_datasette:.2f}x Datasette's)"
    )
    print(f"  worker peak memory after 100 requests: {results['rss']:.0f} MB")
    missed = [
        text
        for text, ok in (
            ("within 2x the seed", ratio_seed <= 2),
            ("under Datasette's time", ratio_datasette < 1),
            ("peak memory under 150 MB", results["rss"] < 150),
        )
        if not ok
    ]
    if missed:
        print("Targets missed: " + ", ".join(missed))
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
