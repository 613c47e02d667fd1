"""Fixtures shared by the whole suite."""

import pytest
from django.apps import apps
from django.db import connection

from accords.seeding import load_seed_file, seed_file

from .api_helpers import token_for
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

#: Per (database vendor, seed names in load order): each seed model with the rows the real
#: loader wrote.
_loaded_rows: dict[tuple[str, tuple[str, ...]], list[tuple[type, list[dict]]]] = {}


def _restore(rows) -> None:
    """Write the rows back, one INSERT per table (no signals, as a fixture load sends none)."""
    for model, values in rows:
        if model._meta.label == "accords.DataVersion":
            model.objects.all().delete()  # the restored row replaces the one a write made
        model.objects.bulk_create([model(**row) for row in values])


def _empty() -> bool:
    return not any(
        apps.get_model(label).objects.exists()
        for label in SEED_MODELS
        if label != "accords.DataVersion"
    )


def load_seed(*names: str) -> None:
    """Load seed files, in order, as `make run` does. The first load of the same files into an
    empty database in a session goes through the real loader (and its validation); a later one
    into an empty database gets the same rows back without validating them again, which keeps
    the suite fast (the loader's own tests call it directly). A load into a database that holds
    data already always goes through the loader, so that no row of one seed can take another's
    id and no change a test made is undone."""
    key = (connection.vendor, names)
    if not _empty():
        for name in names:
            load_seed_file(seed_file(name))
        return
    if key in _loaded_rows:
        _restore(_loaded_rows[key])
        return
    if len(names) > 1:
        load_seed(*names[:-1])
    load_seed_file(seed_file(names[-1]))
    _loaded_rows[key] = [
        (model, list(model.objects.order_by("pk").values()))
        for model in map(apps.get_model, SEED_MODELS)
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


@pytest.fixture
def editor_token(editor):
    """The editor's API token, as ``manage.py drf_create_token`` makes it."""
    return token_for(editor)


@pytest.fixture
def non_editor_token(non_editor):
    return token_for(non_editor)
