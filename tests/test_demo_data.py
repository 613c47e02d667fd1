"""manage.py generate_demo_data: a valid synthetic dataset, clearly marked, and removable."""

import pytest
from django.core.management import call_command

from accords.models import Accord, Event, Membership, Source, StatusPeriod
from accords.status import history_problems, status_periods
from accords.versioning import current_version

pytestmark = pytest.mark.django_db


def generate(**options):
    call_command(
        "generate_demo_data", events=600, accords=4, states=10, no_progress=True, **options
    )


def test_small_demo_dataset_is_valid_marked_and_complete(seeded):
    before = current_version().number
    generate()

    accords = Accord.objects.filter(slug__startswith="demo-")
    assert accords.count() == 4
    assert all(a.name.endswith("(synthetic)") for a in accords)
    events = Event.objects.filter(membership__accord__in=accords)
    assert events.count() == 600
    assert events.filter(date_precision="month").exists()
    assert not events.filter(sources=None).exists()
    assert current_version().number > before
    for membership in Membership.objects.filter(accord__in=accords).prefetch_related("events"):
        history = list(membership.events.all())
        assert history_problems(history) == [], membership
        for event in history[:3]:
            event.full_clean()  # including the database's unique and check constraints
        expected = [(p["status"], p["start"]) for p in status_periods(history)]
        stored = list(
            StatusPeriod.objects.filter(membership=membership)
            .order_by("first_day")
            .values_list("status", "first_day")
        )
        assert stored == expected, membership
        assert membership.status  # every demo membership was at least announced


def test_demo_data_is_removed_whole_and_the_seed_stays(seeded):
    seed_events = Event.objects.count()
    seed_sources = Source.objects.count()
    generate()
    version = current_version().number

    call_command("generate_demo_data", remove=True)

    assert not Accord.objects.filter(slug__startswith="demo-").exists()
    assert Event.objects.count() == seed_events
    assert Source.objects.count() == seed_sources
    assert not StatusPeriod.objects.filter(membership__accord__slug__startswith="demo-").exists()
    assert current_version().number > version


def test_demo_pages_and_api_answer(client, seeded):
    generate()
    assert client.get("/accords/demo-0001/").status_code == 200
    listing = client.get("/api/events/", {"accord": "demo-0002"}).json()
    assert listing["count"] >= 140
