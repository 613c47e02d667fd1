"""How long one accord's page takes with thousands of events in the database.

    DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python bench/scale.py

Builds a throwaway test database: the seed, plus an accord of 50 states with 100 events each
(5,000 events, 10,000 sources) and two more accords of the same size, then times the pages.
"""

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


def big_accord(slug, states=50, events=100):
    accord = Accord.objects.create(slug=slug, name=slug)
    for country in COUNTRIES[:states]:
        membership = Membership.objects.create(accord=accord, country=country)
        rows = [
            Event(
                membership=membership,
                kind=KINDS[i % len(KINDS)],
                date=date(1950, 1, 1) + timedelta(days=i * 97),
                title=f"event {i}",
            )
            for i in range(events)
        ]
        Event.objects.bulk_create(rows)  # bulk: the cached status is not needed here
        Source.objects.bulk_create(
            Source(event=e, publisher=p) for e in rows for p in ("Reuters", "AP")
        )


def main():
    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        for path in seed_files():
            load_seed_file(path)
        for slug in ("big", "other-1", "other-2"):
            big_accord(slug)
        print("events in the database:", Event.objects.count())
        client = Client()
        for url in ("/", "/accords/big/", "/accords/big/?as_of=1990-01-01", "/accords/big/fr/"):
            client.get(url)  # warm up
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - start
            print(
                f"{url:35} {response.status_code} {elapsed * 1000:7.0f} ms "
                f"{len(queries):2} queries {len(response.content):9,} bytes"
            )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
