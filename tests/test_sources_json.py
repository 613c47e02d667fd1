"""Each event's sources as JSON, kept by the database (``accords.models.SourcesJSON``, triggers
made by migration 0011): whatever writes the sources (the write path, a bulk load, the demo
data, a delete), every event's stored array is what ``SourceSerializer`` gives, byte for byte,
and no array outlives its event. The lean events list serves these arrays as they are."""

import importlib
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from accords import services
from accords.api.serializers import SourceSerializer
from accords.models import Event, Source, SourcesJSON

from .conftest import load_seed
from .factories import make_event, make_membership

pytestmark = pytest.mark.django_db


def stored() -> dict[int, str]:
    return dict(SourcesJSON.objects.values_list("event_id", "json"))


def serialized() -> dict[int, str]:
    """Every event's sources as the API's serializer writes them (compact, non-ASCII kept)."""
    events = Event.objects.prefetch_related("sources")
    return {
        event.pk: json.dumps(
            SourceSerializer(event.sources.order_by("id"), many=True).data,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for event in events
    }


def assert_in_step():
    assert stored() == serialized()


def test_the_seed_loaded_through_the_write_path_has_every_array(db):
    load_seed("abraham-accords")

    assert len(stored()) == Event.objects.count() > 30
    assert_in_step()


def test_sources_added_changed_replaced_and_deleted_through_the_write_path(db):
    event = make_event(on=date(2001, 2, 3), sources=2)
    assert_in_step()

    first, second = event.sources.order_by("id")
    first.title = 'Quoted "title" \\ with ب and a tab\t'
    services.save_source(source=first)
    assert_in_step()

    services.save_event(
        event=event,
        sources=[second, Source(publisher="New wire", url="https://example.org/new")],
    )
    assert_in_step()
    assert [s["publisher"] for s in json.loads(stored()[event.pk])] == ["Source 2", "New wire"]


def test_deleting_and_restoring_an_event_leaves_no_stray_array(db):
    membership = make_membership(country="FR")
    kept = make_event(membership, kind="announced", on=date(2001, 1, 1))
    doomed = make_event(membership, kind="signed", on=date(2001, 2, 1), sources=3)

    services.delete_event(event=doomed)
    assert set(stored()) == {kept.pk}

    services.restore_event(event_id=doomed.pk)
    assert set(stored()) == {kept.pk, doomed.pk}
    assert_in_step()


def test_a_new_event_never_inherits_the_array_of_a_deleted_one_with_its_id(db):
    membership = make_membership(country="FR")
    make_event(membership, kind="announced", on=date(2001, 1, 1))
    doomed = make_event(membership, kind="signed", on=date(2001, 2, 1), sources=3)
    services.delete_event(event=doomed)

    reborn = make_event(membership, kind="signed", on=date(2001, 3, 1), id=doomed.pk, sources=1)

    assert json.loads(stored()[reborn.pk])[0]["publisher"] == "Source 1"
    assert len(json.loads(stored()[reborn.pk])) == 1
    assert_in_step()


def test_a_source_moved_to_another_event_leaves_one_array_and_joins_the_other(db):
    membership = make_membership(country="FR")
    one = make_event(membership, kind="announced", on=date(2001, 1, 1), sources=2)
    other = make_event(membership, kind="signed", on=date(2001, 2, 1), sources=1)

    Source.objects.filter(pk=one.sources.order_by("id").last().pk).update(event=other)

    assert len(json.loads(stored()[one.pk])) == 1
    assert len(json.loads(stored()[other.pk])) == 2
    assert_in_step()


def test_bulk_written_demo_data_has_every_array(db):
    call_command("generate_demo_data", events=120, accords=2, states=5, no_progress=True)
    assert len(stored()) == Event.objects.count() >= 120
    assert_in_step()

    call_command("generate_demo_data", remove=True, no_progress=True)
    assert stored() == {}


def test_the_migrations_refill_gives_the_same_arrays(db):
    """A site upgraded with events already stored gets every array from the migration."""
    load_seed("abraham-accords")
    before = stored()
    SourcesJSON.objects.all().delete()
    migration = importlib.import_module("accords.migrations.0011_sources_as_json")

    with connection.cursor() as cursor:
        cursor.execute(migration.REFILL[connection.vendor])

    assert stored() == before
