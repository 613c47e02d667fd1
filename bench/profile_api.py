"""Where the time of one API list goes: cProfile over repeated requests through Django's
handler (no server, no network), production settings, the database in DATABASE_URL.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/profile_api.py \
        [/api/events/] [requests=200] [sort=tottime]
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "profile-only")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_RESPONSE_CACHE", "0")
os.environ.setdefault("API_ANON_THROTTLE", "1000000000/minute")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else "/api/events/"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    sort = sys.argv[3] if len(sys.argv) > 3 else "tottime"
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(url).status_code == 200
    start = time.perf_counter()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(count):
        client.get(url)
    profile.disable()
    elapsed = time.perf_counter() - start
    print(f"{url}: {count} requests, {elapsed / count * 1000:.2f} ms each (under the profiler)")
    pstats.Stats(profile).sort_stats(sort).print_stats(25)


if __name__ == "__main__":
    main()
