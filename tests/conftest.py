"""Fixtures shared by the whole suite."""

import copy
import socket

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections, transaction
from pytest_django.plugin import blocking_manager_key

from accords.models import Event
from accords.seeding import load_seed_file, seed_file

from .api_helpers import token_for
from .factories import grow_tenfold, make_user

#: The tables of the data (every model of the accords app), in an order that inserts parents
#: first: the rows a seed load or a `build_once` build writes.
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

#: Per (database vendor, name): what a build returned and the INSERTs that write its rows again.
_built: dict[tuple[str, tuple[str, ...]], tuple[object, list[tuple[type, str, list[tuple]]]]] = {}


def _empty() -> bool:
    """Whether the data tables are empty (the data version row aside), as a test starts."""
    return not any(
        apps.get_model(label).objects.exists()
        for label in SEED_MODELS
        if label != "accords.DataVersion"
    )


def _inserts() -> list[tuple[type, str, list[tuple]]]:
    """Per table of ``SEED_MODELS``: one INSERT of every column and its rows' values as the
    database stores them, every language's text included (read through `_every_column`)."""
    inserts = []
    quote = connection.ops.quote_name
    for model in map(apps.get_model, SEED_MODELS):
        fields = model._meta.concrete_fields
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(model._meta.db_table),
            ", ".join(quote(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
        )
        values = [
            tuple(field.get_db_prep_save(row[field.attname], connection) for field in fields)
            for row in _every_column(model)
        ]
        inserts.append((model, sql, values))
    return inserts


def _every_column(model) -> list[dict]:
    """Each row with every column as stored, every language's text included (modeltranslation's
    queryset would otherwise give the translated fields in the active language only)."""
    rows = model.objects.order_by("pk")
    if hasattr(rows, "rewrite"):
        rows = rows.rewrite(False)
    return list(rows.values(*[field.attname for field in model._meta.concrete_fields]))


def _restore(inserts) -> None:
    """Write the rows back, one INSERT per table (no signals, as a fixture load sends none), in
    one transaction: a membership names its status event, inserted after it, so the foreign
    keys hold only at the end (a transactional test runs in autocommit)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model, sql, values in inserts:
            if model._meta.label == "accords.DataVersion":
                model.objects.all().delete()  # the restored row replaces the one a write made
            if values:
                cursor.executemany(sql, values)


def build_once(name: tuple[str, ...], build):
    """Data that many tests start from, built by ``build`` through the real code (the loader,
    the write path) the first time in a session. Later, into an empty database, the rows that
    build wrote are restored (one INSERT per table) and what it returned is returned again:
    the same state, without redoing the work. Into a database that holds data already,
    ``build`` always runs, so that nothing a test wrote is undone and no id is taken twice.
    Each test still rolls back what it writes; its own rows never reach the cache. ``build``
    must write to the tables of ``SEED_MODELS`` only (no users, no tokens): only those are
    kept."""
    key = (connection.vendor, name)
    empty = _empty()
    if empty and key in _built:
        value, inserts = _built[key]
        _restore(inserts)
        return copy.deepcopy(value)
    value = build()
    if empty:
        _built[key] = (copy.deepcopy(value), _inserts())
    return value


def load_seed(*names: str) -> None:
    """Load seed files, in order, as `make run` does. The first load of the same files into an
    empty database in a session goes through the real loader (and its validation); a later one
    into an empty database gets the same rows back without validating them again, which keeps
    the suite fast (the loader's own tests call it directly). A load into a database that holds
    data already always goes through the loader (see `build_once`)."""

    def build():
        if len(names) > 1:
            load_seed(*names[:-1])
        load_seed_file(seed_file(names[-1]))

    build_once(("seed", *names), build)


def load_seed_grown_tenfold() -> None:
    """The Abraham Accords seed with `factories.grow_tenfold` on top: ten times the data, to
    show that a page costs no more queries (built once a session, see `build_once`)."""

    def build():
        load_seed("abraham-accords")
        grow_tenfold()

    build_once(("seed", "abraham-accords", "grown tenfold"), build)


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


@pytest.fixture
def kz_announced(seeded):
    """Kazakhstan's announcement in the seeded Abraham Accords."""
    return Event.objects.get(membership__country="KZ", kind="announced")


def redis_is_reachable() -> bool:
    """Whether a Redis listens on 127.0.0.1:6379 (CI starts one and sets REQUIRE_REDIS=1)."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def with_response_cache(middleware) -> list[str]:
    """``MIDDLEWARE`` with the response cache where production has it (after the HTTPS
    redirect; the rest of the suite runs without it)."""
    middleware = [m for m in middleware if m != "timeline.caching.VersionedCacheMiddleware"]
    at = middleware.index("django.middleware.security.SecurityMiddleware") + 1
    return [*middleware[:at], "timeline.caching.VersionedCacheMiddleware", *middleware[at:]]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that wrote through real transactions (a live server, concurrent writers),
    whose database was emptied at its end, put back what the migrations wrote (the Editors
    group and its permissions, the data version): the tests that run after it in the same
    process expect them. Django's ``serialized_rollback`` puts them back only at the start of
    the next such test, and its runner orders these tests last, which pytest-xdist does not:
    a worker runs whole files in the order it is given them."""
    result = yield
    if nextitem is None:
        # The session is over and its test databases are gone: the connections name the
        # real databases again, which must not be touched.
        return result
    marker = item.get_closest_marker("django_db")
    if "transactional_db" in item.fixturenames or (marker and marker.kwargs.get("transaction")):
        with item.config.stash[blocking_manager_key].unblock():
            for alias in connections:
                stored = getattr(connections[alias], "_test_serialized_contents", None)
                if stored:
                    # Emptied again first: a request the live server was still answering may
                    # have written a row (a content type) since the test's own flush.
                    call_command(
                        "flush",
                        database=alias,
                        interactive=False,
                        inhibit_post_migrate=True,
                        reset_sequences=False,  # the restored rows keep their ids
                        verbosity=0,
                    )
                    connections[alias].creation.deserialize_db_from_string(stored)
    return result


def pytest_collection_finish(session):
    """Start the production server of tests/test_serve.py, whose start is slow, as soon as one
    of its tests is selected: it gets ready while the rest of the suite runs. Not in a
    pytest-xdist worker: every worker collects every test, and only the one that runs the
    module should start it (its fixture does, when the module's first test needs it)."""
    if session.config.option.collectonly or hasattr(session.config, "workerinput"):
        return
    if any(item.get_closest_marker("production_server") for item in session.items):
        from .test_serve import start_early

        start_early(session.config)
