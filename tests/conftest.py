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
    """Load a seed file as `make run` does. The first load into an empty database in a session
    goes through the real loader (and its validation); a later load into an empty database
    gets the same rows back without validating them again, which keeps the suite fast (the
    loader's own tests call it directly). A load into a database that holds data already
    always goes through the loader, so that no row of one seed can take another's id."""
    key = (connection.vendor, name)
    empty = not any(
        apps.get_model(label).objects.exists()
        for label in SEED_MODELS
        if label != "accords.DataVersion"
    )
    if not empty:
        load_seed_file(seed_file(name))
        return
    if key in _loaded_rows:
        for obj in serializers.deserialize("python", _loaded_rows[key]):
            obj.save()
        return
    load_seed_file(seed_file(name))
    _loaded_rows[key] = [
        row
        for label in SEED_MODELS
        for row in serializers.serialize("python", apps.get_model(label).objects.order_by("pk"))
    ]


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
