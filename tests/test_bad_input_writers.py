"""Who may write, in the catalogue of bad input (the data: tests/bad_input_helpers.py): every
write the API routes and every write of the admin's forms is refused to anyone but an editor
(anonymous, or a staff user outside the Editors group), and changes nothing at all."""

import pytest
from django.urls import reverse

from . import bad_input_helpers as bad
from .api_helpers import db_snapshot, send, token_for
from .bad_input_helpers import world_fixture  # noqa: F401 (the fixture "world")

pytestmark = pytest.mark.django_db


# --- Who may write ----------------------------------------------------------------------------


def api_writes():
    """Every write the API routes, each with a body an editor could send."""
    return [
        bad.raw("POST", bad.ACCORDS, {"slug": "new", "name": "New"}),
        bad.raw("PUT", f"{bad.ACCORDS}{bad.ABRAHAM}/", {"slug": bad.ABRAHAM, "name": "Changed"}),
        bad.raw("PATCH", f"{bad.ACCORDS}{bad.ABRAHAM}/", {"name": "Changed"}),
        bad.membership_request("POST", body={"accord": bad.ABRAHAM, "country": "FR"}),
        bad.membership_request(
            "PUT", "KZ", {"accord": bad.ABRAHAM, "country": "KZ", "role": "witness"}
        ),
        bad.membership_request("PATCH", "KZ", {"role": "witness"}),
        bad.membership_request("DELETE", "KZ"),
        bad.post_event(),
        bad.put_event("KZ", "statement", title="Changed"),
        bad.patch_event("KZ", "statement", title="Changed"),
        bad.delete_event("KZ", "statement"),
    ]


API_WRITE_IDS = [
    "post-accord",
    "put-accord",
    "patch-accord",
    "post-membership",
    "put-membership",
    "patch-membership",
    "delete-membership",
    "post-event",
    "put-event",
    "patch-event",
    "delete-event",
]


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("outsider", 403)], ids=["anonymous", "outsider"]
)
@pytest.mark.parametrize("write", range(len(API_WRITE_IDS)), ids=API_WRITE_IDS)
def test_api_writes_by_others_than_editors_are_refused(
    client, world, non_editor, who, status, write
):
    method, url, body = api_writes()[write](world)
    token = token_for(non_editor) if who == "outsider" else None
    before = db_snapshot()

    response = send(client, method, url, body, token=token)

    assert response.status_code == status
    assert db_snapshot() == before


def admin_writes():
    return [
        bad.add_event(),
        bad.change_event("KZ", "statement", title="Changed"),
        bad.delete_view("KZ", "statement"),
        bad.delete_selected(("KZ", "statement")),
        bad.add_membership(),
        bad.change_membership("KZ", role="witness"),
        bad.change_accord(bad.ABRAHAM, name="Changed"),
        bad.restore(lambda w: w.deleted_suspension_id),
    ]


ADMIN_WRITE_IDS = [
    "add-event",
    "change-event",
    "delete-event",
    "delete-selected-events",
    "add-membership",
    "change-membership",
    "change-accord",
    "restore-event",
]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
@pytest.mark.parametrize("write", range(len(ADMIN_WRITE_IDS)), ids=ADMIN_WRITE_IDS)
def test_admin_writes_by_others_than_editors_are_refused(client, world, non_editor, who, write):
    url, data = admin_writes()[write](world)
    if who == "outsider":
        client.force_login(non_editor)
    before = db_snapshot()

    response = client.post(url, data)

    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    else:
        assert response.status_code == 403
    assert db_snapshot() == before
