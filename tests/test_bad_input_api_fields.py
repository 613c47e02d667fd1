"""A catalogue of bad input through the API (an editor's token), on text, JSON types and ids,
and on the memberships and accords (the data: tests/bad_input_helpers.py): each case is refused
with the status code that names the field and the reason, and changes nothing at all: not a row
of the data, the stored status periods or the cached statuses, not a row of the history tables
or the admin's log."""

import pytest

from . import bad_input_helpers as bad
from .api_helpers import kz_signing
from .bad_input_helpers import world_fixture  # noqa: F401 (the fixture "world")

pytestmark = pytest.mark.django_db


API_CASES = [
    # over-long text
    pytest.param(bad.post_event(title="x" * 401), 400, "title", "400 characters", id="title-401"),
    pytest.param(bad.post_event(place="x" * 201), 400, "place", "200 characters", id="place-201"),
    pytest.param(
        bad.post_event(sources=bad.source(publisher="x" * 201)),
        400,
        "sources",
        "200 characters",
        id="publisher-201",
    ),
    pytest.param(
        bad.post_event(sources=bad.source(title="x" * 401)),
        400,
        "sources",
        "400 characters",
        id="source-title-401",
    ),
    pytest.param(
        bad.post_event(sources=bad.source(url="https://example.org/" + "a" * 481)),
        400,
        "sources",
        "500 characters",
        id="url-501",
    ),
    pytest.param(
        bad.patch_event("KZ", "statement", title="x" * 401),
        400,
        "title",
        "400 characters",
        id="patch-title-401",
    ),
    # wrong JSON types and missing values
    pytest.param(bad.post_event(title=123), 400, "title", "Not a valid string", id="title-number"),
    pytest.param(bad.post_event(title=["x"]), 400, "title", "Not a valid string", id="title-list"),
    pytest.param(bad.post_event(title=None), 400, "title", "may not be null", id="title-null"),
    pytest.param(bad.post_event(title=""), 400, "title", "may not be blank", id="title-empty"),
    pytest.param(bad.post_event(title="   "), 400, "title", "may not be blank", id="title-spaces"),
    pytest.param(bad.post_event(day=["2025-12-10"]), 400, "date", bad.WRONG_FORMAT, id="date-list"),
    pytest.param(bad.post_event(day=20251210), 400, "date", bad.WRONG_FORMAT, id="date-number"),
    pytest.param(
        bad.post_event(kind={"k": "signed"}), 400, "kind", bad.NOT_CHOICE, id="kind-object"
    ),
    pytest.param(bad.post_event(kind=["signed"]), 400, "kind", bad.NOT_CHOICE, id="kind-list"),
    pytest.param(bad.post_event(kind="joined"), 400, "kind", bad.NOT_CHOICE, id="kind-unknown"),
    pytest.param(bad.post_event(without=["kind"]), 400, "kind", "required", id="kind-missing"),
    pytest.param(
        bad.post_event(sources="Reuters"), 400, "sources", "Expected a list", id="sources-string"
    ),
    pytest.param(
        bad.post_event(sources={"publisher": "AP"}),
        400,
        "sources",
        "Expected a list",
        id="sources-object",
    ),
    pytest.param(
        bad.post_event(sources=[]), 400, "sources", "at least one source", id="sources-empty"
    ),
    pytest.param(bad.post_event(without=["sources"]), 400, "sources", "required", id="no-sources"),
    pytest.param(
        bad.post_event(sources=[{"title": "No publisher"}]),
        400,
        "sources",
        "publisher",
        id="source-without-publisher",
    ),
    pytest.param(
        bad.post_event(sources=["Reuters"]),
        400,
        "sources",
        "Expected a dictionary",
        id="source-string",
    ),
    pytest.param(
        bad.post_event(sources=bad.source(url="javascript:alert(1)")),
        400,
        "sources",
        "Enter a valid URL",
        id="source-javascript-url",
    ),
    pytest.param(
        bad.post_event(sources=bad.source(published_on="yesterday")),
        400,
        "sources",
        bad.WRONG_FORMAT,
        id="source-bad-published-on",
    ),
    pytest.param(bad.post_event(country=398), 400, "country", "ISO 3166-1", id="country-number"),
    pytest.param(bad.post_event(accord=1), 400, "accord", "Invalid value", id="accord-number"),
    pytest.param(
        bad.raw("POST", bad.EVENTS, [kz_signing()]),
        400,
        bad.NON_FIELD,
        "Expected a dictionary",
        id="body-list",
    ),
    pytest.param(
        bad.raw("POST", bad.EVENTS, "signed"),
        400,
        bad.NON_FIELD,
        "Expected a dictionary",
        id="body-string",
    ),
    pytest.param(
        bad.patch_event("KZ", "statement", sources=[]),
        400,
        "sources",
        "at least one source",
        id="patch-sources-empty",
    ),
    # bad ids
    pytest.param(
        bad.raw("PATCH", f"{bad.EVENTS}abc/", {"title": "x"}), 404, None, None, id="event-abc"
    ),
    pytest.param(
        bad.raw("PATCH", f"{bad.EVENTS}-1/", {"title": "x"}), 404, None, None, id="event-neg"
    ),
    pytest.param(bad.raw("PUT", f"{bad.EVENTS}0/", kz_signing()), 404, None, None, id="event-zero"),
    pytest.param(
        bad.raw("PATCH", f"{bad.EVENTS}{bad.HUGE_ID}/", {"title": "x"}),
        404,
        None,
        None,
        id="event-huge",
    ),
    pytest.param(bad.raw("DELETE", f"{bad.EVENTS}abc/"), 404, None, None, id="delete-event-abc"),
    pytest.param(bad.raw("DELETE", f"{bad.EVENTS}-1/"), 404, None, None, id="delete-event-neg"),
    pytest.param(
        bad.raw("DELETE", f"{bad.EVENTS}{bad.HUGE_ID}/"), 404, None, None, id="delete-event-huge"
    ),
    pytest.param(
        bad.raw("PATCH", f"{bad.MEMBERSHIPS}abc/", {"role": "party"}),
        404,
        None,
        None,
        id="member-abc",
    ),
    pytest.param(
        bad.raw("PATCH", f"{bad.MEMBERSHIPS}-1/", {"role": "party"}),
        404,
        None,
        None,
        id="member-neg",
    ),
    pytest.param(
        bad.raw("DELETE", f"{bad.MEMBERSHIPS}{bad.HUGE_ID}/"),
        404,
        None,
        None,
        id="delete-member-huge",
    ),
    pytest.param(
        bad.raw("DELETE", f"{bad.MEMBERSHIPS}abc/"), 404, None, None, id="delete-member-abc"
    ),
    pytest.param(
        bad.raw("PATCH", f"{bad.ACCORDS}no-such/", {"name": "x"}),
        404,
        None,
        None,
        id="accord-unknown-slug",
    ),
    # memberships
    pytest.param(
        bad.membership_request("POST", body={"accord": bad.ABRAHAM, "country": "ZZ"}),
        400,
        "country",
        bad.UNKNOWN_COUNTRY,
        id="membership-country-zz",
    ),
    pytest.param(
        bad.membership_request("POST", body={"accord": bad.ABRAHAM, "country": "fr"}),
        400,
        "country",
        bad.UNKNOWN_COUNTRY,
        id="membership-country-lower",
    ),
    pytest.param(
        bad.membership_request("POST", body={"accord": bad.ABRAHAM, "country": "FRA"}),
        400,
        "country",
        bad.UNKNOWN_COUNTRY,
        id="membership-country-alpha3",
    ),
    pytest.param(
        bad.membership_request("POST", body={"accord": bad.ABRAHAM, "country": "KZ"}),
        400,
        "country",
        "already has a membership",
        id="membership-duplicate",
    ),
    pytest.param(
        bad.membership_request(
            "POST", body={"accord": bad.ABRAHAM, "country": "FR", "role": "observer"}
        ),
        400,
        "role",
        bad.NOT_CHOICE,
        id="membership-role-unknown",
    ),
    pytest.param(
        bad.membership_request("POST", body={"accord": "no-such", "country": "FR"}),
        400,
        "accord",
        "does not exist",
        id="membership-accord-unknown",
    ),
    pytest.param(
        bad.membership_request("POST", body={"accord": bad.ABRAHAM}),
        400,
        "country",
        "required",
        id="membership-country-missing",
    ),
    pytest.param(
        bad.membership_request("PATCH", "KZ", {"country": "AE"}),
        400,
        "country",
        "already has a membership",
        id="patch-membership-into-a-duplicate",
    ),
    pytest.param(
        bad.membership_request("PATCH", "KZ", {"accord": "no-such"}),
        400,
        "accord",
        "does not exist",
        id="patch-membership-accord-unknown",
    ),
    pytest.param(
        bad.membership_request("PATCH", "KZ", {"notes": 5}),
        400,
        "notes",
        "Not a valid string",
        id="patch-membership-notes-number",
    ),
    pytest.param(
        bad.membership_request("PATCH", "KZ", {"role": ["party"]}),
        400,
        "role",
        bad.NOT_CHOICE,
        id="patch-membership-role-list",
    ),
    pytest.param(
        bad.membership_request("PUT", "KZ", {"country": "KZ", "role": "party"}),
        400,
        "accord",
        "required",
        id="put-membership-without-accord",
    ),
    # accords
    pytest.param(
        bad.raw("POST", bad.ACCORDS, {"slug": bad.ABRAHAM, "name": "Again"}),
        400,
        "slug",
        "already exists",
        id="accord-duplicate-slug",
    ),
    pytest.param(
        bad.raw("POST", bad.ACCORDS, {"slug": "not a slug", "name": "Spaces"}),
        400,
        "slug",
        "valid",
        id="accord-bad-slug",
    ),
    pytest.param(
        bad.raw("POST", bad.ACCORDS, {"slug": "long", "name": "x" * 201}),
        400,
        "name",
        "200 characters",
        id="accord-name-201",
    ),
    pytest.param(
        bad.raw(
            "POST", bad.ACCORDS, {"slug": "link", "name": "Link", "text_url": "javascript:alert(1)"}
        ),
        400,
        "text_url",
        "Enter a valid URL",
        id="accord-javascript-url",
    ),
    pytest.param(
        bad.raw("POST", bad.ACCORDS, {"slug": "nameless"}),
        400,
        "name",
        "required",
        id="accord-no-name",
    ),
    pytest.param(
        bad.raw("PATCH", f"{bad.ACCORDS}{bad.CORRECTIONS}/", {"slug": bad.ABRAHAM}),
        400,
        "slug",
        "already exists",
        id="patch-accord-into-a-duplicate",
    ),
    pytest.param(
        bad.raw("PATCH", f"{bad.ACCORDS}{bad.ABRAHAM}/", {"name": ""}),
        400,
        "name",
        "may not be blank",
        id="patch-accord-name-empty",
    ),
    pytest.param(
        bad.raw("PUT", f"{bad.ACCORDS}{bad.ABRAHAM}/", {"slug": bad.ABRAHAM, "name": 7}),
        400,
        "name",
        "Not a valid string",
        id="put-accord-name-number",
    ),
    pytest.param(
        bad.raw("DELETE", f"{bad.ACCORDS}{bad.ABRAHAM}/"), 405, None, None, id="delete-accord"
    ),
]


@pytest.mark.parametrize(("build", "status", "field", "fragment"), API_CASES)
def test_api_refuses_bad_input_and_changes_nothing(
    client, world, editor_token, build, status, field, fragment
):
    bad.check_api_refusal(client, world, editor_token, build, status, field, fragment)
