"""Fixtures shared by the whole suite."""

import pytest
from django.apps import apps
from django.core import serializers
from django.db import connection

from accords.seeding import load_seed_file, seed_file

from .factories import make_user

#: Rows a seed load writes, in an order that inserts parents first.
SEED_MODELS = [
    "accords.Accord",
    "accords.Membership",
    "accords.Event",
    "accords.Source",
    "accords.StatusPeriod",
    "accords.ReportedInterest",
    "accords.InterestSource",
    "accords.SeedEntry",
    "accords.DataVersion",
    "accords.HistoricalAccord",
    "accords.HistoricalMembership",
    "accords.HistoricalEvent",
    "accords.HistoricalSource",
    "accords.HistoricalReportedInterest",
    "accords.HistoricalInterestSource",
]

_loaded_rows = {}


def load_seed(name: str) -> None:
    """Load a seed file as `make run` does. The first load in a session goes through the real
    loader (and its validation); later tests get the same rows back without validating them
    again, which keeps the suite fast (the loader's own tests call it directly)."""
    key = (connection.vendor, name)
    if key in _loaded_rows:
        for obj in serializers.deserialize("python", _loaded_rows[key]):
            obj.save()
        return
    before = {
        label: set(apps.get_model(label).objects.values_list("pk", flat=True))
        for label in SEED_MODELS
    }
    load_seed_file(seed_file(name))
    rows = []
    for label in SEED_MODELS:
        model = apps.get_model(label)
        new = model.objects.exclude(pk__in=before[label]).order_by("pk")
        if label == "accords.DataVersion":
            new = model.objects.all()
        rows += serializers.serialize("python", new)
    _loaded_rows[key] = rows


@pytest.fixture
def seeded(db):
    """The database with the Abraham Accords seed loaded, as `make run` loads it."""
    load_seed("abraham-accords")


@pytest.fixture
def editor(db):
    """A user in the Editors group, with staff access to the admin."""
    return make_user("editor", editor=True, is_staff=True)


@pytest.fixture
def non_editor(db):
    """A staff user outside the Editors group: may log in to the admin, may change nothing."""
    return make_user("outsider", is_staff=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
