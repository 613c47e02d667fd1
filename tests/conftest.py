"""Fixtures shared by the whole suite."""

import pytest

from accords.seeding import load_seed_file, seed_files

from .factories import make_user


@pytest.fixture
def seeded(db):
    """The database with the Abraham Accords seed loaded, as `make run` loads it."""
    for path in seed_files():
        load_seed_file(path)


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
