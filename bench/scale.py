"""A large accord's page against the seed's home page, in the same run.

    DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python bench/scale.py

Builds a throwaway test database: the seed, plus ten accords of 50 states with 100 events each
(50,000 events, 100,000 sources, bulk-created), then times each page (median of REPEAT requests)
and weighs it as a browser receives it (gzip). The targets of the readers' issue: an accord page
with 5,000 events renders in at most 3x the time of the seed's home page and weighs at most
300 KB compressed. Exits non-zero when a target is missed.
"""

import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accords.models import Accord, Event, Membership, Source  # noqa: E402
from accords.seeding import load_seed_file, seed_files  # noqa: E402

KINDS = ["announced", "signed", "ratified", "entered_into_force", "embassy_opened", "statement"]
CODES = (
    "AD AL AM AT AZ BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE "
    "IS IT KZ LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SK SM TR UA VA"
)
COUNTRIES = CODES.split()
ACCORDS = int(os.environ.get("ACCORDS", "10"))
REPEAT = int(os.environ.get("REPEAT", "7"))
MAX_RATIO = 3.0
MAX_BYTES = 300_000


def big_accord(slug, states=50, events=100):
    accord = Accord.objects.create(slug=slug, name=slug)
    memberships = Membership.objects.bulk_create(
        Membership(accord=accord, country=country) for country in COUNTRIES[:states]
    )
    rows = [
        Event(
            membership=membership,
            kind=KINDS[i % len(KINDS)],
            date=date(1950, 1, 1) + timedelta(days=i * 97 + n),
            title=f"event {i}",
        )
        for n, membership in enumerate(memberships)
        for i in range(events)
    ]
    Event.objects.bulk_create(rows, batch_size=2000)  # bulk: the cached status is not needed
    Source.objects.bulk_create(
        (Source(event=e, publisher=p) for e in rows for p in ("Reuters", "AP")), batch_size=4000
    )


def measure(client, url):
    client.get(url)  # warm up
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            times.append(time.perf_counter() - start)
    assert response.status_code == 200, (url, response.status_code)
    assert response.get("Content-Encoding") == "gzip", url
    return statistics.median(times), len(response.content), len(queries)


def main():
    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        for path in seed_files():
            load_seed_file(path)
        for n in range(ACCORDS):
            big_accord("big" if n == 0 else f"other-{n}")
        print("events in the database:", Event.objects.count())
        client = Client()
        results = {}
        for url in ("/", "/accords/big/", "/accords/big/?as_of=1960-01-01", "/accords/big/fr/"):
            elapsed, size, queries = measure(client, url)
            results[url] = (elapsed, size)
            print(
                f"{url:32} {elapsed * 1000:7.1f} ms (median of {REPEAT}) {queries:2} queries "
                f"{size:9,} bytes gzip"
            )
        home, big = results["/"], results["/accords/big/"]
        ratio = big[0] / home[0]
        print(
            f"5,000-event accord against the seed's /: {ratio:.2f}x the time "
            f"(target <= {MAX_RATIO}x), {big[1] / 1000:.0f} KB compressed "
            f"(target <= {MAX_BYTES / 1000:.0f} KB)"
        )
        return 0 if ratio <= MAX_RATIO and big[1] <= MAX_BYTES else 1
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    sys.exit(main())
