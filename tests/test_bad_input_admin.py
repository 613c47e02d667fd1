"""A catalogue of bad input through the admin's real forms (an editor's session; the data:
tests/bad_input_helpers.py): each case is refused with the form error that names the field and
the reason, or the message that says why, and changes nothing at all: not a row of the data, the
stored status periods or the cached statuses, not a row of the history tables or the admin's
log."""

import pytest

from . import bad_input_helpers as bad
from .api_helpers import db_snapshot
from .bad_input_helpers import world_fixture  # noqa: F401 (the fixture "world")

pytestmark = pytest.mark.django_db


ADMIN_CASES = [
    # dates
    pytest.param(
        bad.add_event(day="2020-02-30"),
        bad.FormError("date", bad.INVALID_DATE),
        id="date-2020-02-30",
    ),
    pytest.param(
        bad.add_event(day="2025-02-30"),
        bad.FormError("date", bad.INVALID_DATE),
        id="date-2025-02-30",
    ),
    pytest.param(
        bad.add_event(day="0999-12-10"), bad.FormError("date", "year 1000"), id="date-year-0999"
    ),
    pytest.param(
        bad.add_event(day="9999-12-10"), bad.FormError("date", "future"), id="date-year-9999"
    ),
    pytest.param(
        bad.add_event(day=bad.tomorrow), bad.FormError("date", "future"), id="date-tomorrow"
    ),
    pytest.param(
        bad.add_event(day="2025/12/10"), bad.FormError("date", bad.INVALID_DATE), id="date-slashes"
    ),
    pytest.param(
        bad.add_event(day="10.12.2025"), bad.FormError("date", bad.INVALID_DATE), id="date-dots"
    ),
    pytest.param(
        bad.add_event(day="2025-12"), bad.FormError("date", bad.INVALID_DATE), id="date-month-only"
    ),
    pytest.param(bad.add_event(day=""), bad.FormError("date", "required"), id="date-empty"),
    pytest.param(
        bad.change_event("KZ", "statement", date="2020-02-30"),
        bad.FormError("date", bad.INVALID_DATE),
        id="change-date-2020-02-30",
    ),
    # precision
    pytest.param(
        bad.add_event(date_precision="month"),
        bad.FormError("date_precision", "1st"),
        id="month-not-on-1st",
    ),
    pytest.param(
        bad.add_event(day="2025-12-01", date_precision="year"),
        bad.FormError("date_precision", "1 January"),
        id="year-not-on-1-jan",
    ),
    pytest.param(
        bad.add_event(date_precision="week"),
        bad.FormError("date_precision", bad.INVALID_CHOICE),
        id="precision-week",
    ),
    pytest.param(
        bad.add_event(kind="joined"), bad.FormError("kind", bad.INVALID_CHOICE), id="kind-unknown"
    ),
    # order
    pytest.param(
        bad.add_event(day="2025-11-01"),
        bad.FormError("date", "The signing cannot be dated before the announcement (6 Nov 2025)"),
        id="signing-before-announcement",
    ),
    pytest.param(
        bad.add_event("SD", "ratified", "2021-01-01"),
        bad.FormError("date", "The ratification cannot be dated before the signing (6 Jan 2021)"),
        id="ratification-before-signing",
    ),
    pytest.param(
        bad.add_event("IL", "entered_into_force", "2020-10-20"),
        bad.FormError("date", "entry into force cannot be dated before the ratification"),
        id="entry-into-force-before-ratification",
    ),
    pytest.param(
        bad.add_event(day="2025-10-01", date_precision="month"),
        bad.FormError("date", "before the announcement"),
        id="month-wholly-before",
    ),
    pytest.param(
        bad.add_event(day="2024-01-01", date_precision="year"),
        bad.FormError("date", "before the announcement"),
        id="year-wholly-before",
    ),
    pytest.param(
        bad.change_event("DE", "signed", date="2024-03-01"),
        bad.FormError("date", "The signing cannot be dated after the ratification (10 Feb 2024)"),
        id="change-signing-after-its-ratification",
    ),
    # status changes with nothing to act on
    pytest.param(
        bad.add_event("ES", "suspended", "2024-05-01"),
        bad.FormError("kind", bad.CANNOT_SUSPEND),
        id="suspension-of-nothing",
    ),
    pytest.param(
        bad.add_event(kind="resumed", day="2025-11-10"),
        bad.FormError("kind", bad.CANNOT_RESUME),
        id="resumption-without-suspension",
    ),
    pytest.param(
        bad.add_event(kind="withdrawn", day="2025-11-01"),
        bad.FormError("kind", bad.CANNOT_WITHDRAW),
        id="withdrawal-before-membership",
    ),
    pytest.param(
        bad.add_event("IT", "withdrawn", "2024-07-01"),
        bad.FormError("kind", bad.CANNOT_WITHDRAW),
        id="second-withdrawal",
    ),
    pytest.param(
        bad.change_event("FR", "suspended", kind="resumed"),
        bad.FormError("kind", bad.CANNOT_RESUME),
        id="change-suspension-into-resumption",
    ),
    # corrections that break the history of other events
    pytest.param(
        bad.add_event("FR", "withdrawn", "2024-02-01"),
        bad.FormError("__all__", bad.LEAVES_SUSPENSION),
        id="withdrawal-before-a-suspension",
    ),
    pytest.param(
        bad.change_event("FR", "signed", date="2024-04-01"),
        bad.FormError("__all__", bad.LEAVES_SUSPENSION),
        id="change-signing-after-the-suspension",
    ),
    pytest.param(
        bad.change_event("IT", "announced", date="2024-07-01"),
        bad.FormError("__all__", bad.LEAVES_WITHDRAWAL),
        id="change-announcement-after-the-withdrawal",
    ),
    pytest.param(
        bad.change_event("FR", "signed", membership="KZ"),
        bad.FormError("__all__", bad.LEAVES_SUSPENSION),
        id="move-signing-to-another-accords-membership",
    ),
    pytest.param(
        bad.change_event("DE", "ratified", membership="KZ"),
        bad.FormError(
            "date", "The ratification cannot be dated before the announcement (6 Nov 2025)"
        ),
        id="move-ratification-before-another-accords-announcement",
    ),
    # duplicates
    pytest.param(
        bad.add_event(kind="announced", day="2025-11-06"),
        bad.FormError("date", bad.DUPLICATE),
        id="duplicate",
    ),
    pytest.param(
        bad.change_event("AE", "embassy_opened", index=1, date="2021-01-24"),
        bad.FormError("date", bad.DUPLICATE),
        id="change-into-a-duplicate",
    ),
    # text
    pytest.param(
        bad.add_event(title="x" * 401), bad.FormError("title", "at most 400"), id="title-401"
    ),
    pytest.param(bad.add_event(title=""), bad.FormError("title", "required"), id="title-empty"),
    pytest.param(
        bad.add_event(place="x" * 201), bad.FormError("place", "at most 200"), id="place-201"
    ),
    pytest.param(
        bad.add_event(extra={"sources-0-publisher": "x" * 201}),
        bad.FormError("sources-0-publisher", "at most 200"),
        id="publisher-201",
    ),
    pytest.param(
        bad.add_event(extra={"sources-0-url": "https://example.org/" + "a" * 481}),
        bad.FormError("sources-0-url", "at most 500"),
        id="url-501",
    ),
    pytest.param(
        bad.add_event(extra={"sources-0-url": "javascript:alert(1)"}),
        bad.FormError("sources-0-url", "Enter a valid URL"),
        id="source-javascript-url",
    ),
    pytest.param(
        bad.add_event(extra={"sources-0-publisher": ""}),
        bad.FormError("sources-0-publisher", "required"),
        id="source-without-publisher",
    ),
    pytest.param(
        bad.add_event(extra={"sources-0-published_on": "2025-02-30"}),
        bad.FormError("sources-0-published_on", bad.INVALID_DATE),
        id="source-bad-published-on",
    ),
    pytest.param(
        bad.change_event("KZ", "statement", delete_sources=True),
        bad.FormError("sources-__all__", "at least 1"),
        id="change-deleting-every-source",
    ),
    pytest.param(
        bad.change_event("KZ", "statement", title="x" * 401),
        bad.FormError("title", "at most 400"),
        id="change-title-401",
    ),
    # bad ids
    pytest.param(
        bad.add_event(membership="abc"),
        bad.FormError("membership", bad.INVALID_CHOICE),
        id="membership-abc",
    ),
    pytest.param(
        bad.add_event(membership="-1"),
        bad.FormError("membership", bad.INVALID_CHOICE),
        id="membership-neg",
    ),
    pytest.param(
        bad.add_event(membership=bad.HUGE_ID),
        bad.FormError("membership", bad.INVALID_CHOICE),
        id="membership-huge",
    ),
    pytest.param(
        bad.add_event(membership=""), bad.FormError("membership", "required"), id="membership-empty"
    ),
    pytest.param(
        bad.post_to("admin:accords_event_change", "abc", data={"title": "x"}),
        bad.Message(bad.NOT_FOUND, "warning"),
        id="change-event-abc",
    ),
    pytest.param(
        bad.post_to("admin:accords_event_change", bad.HUGE_ID, data={"title": "x"}),
        bad.Message(bad.NOT_FOUND, "warning"),
        id="change-event-huge",
    ),
    pytest.param(
        bad.post_to("admin:accords_event_delete", "-1", data={"post": "yes"}),
        bad.Message(bad.NOT_FOUND, "warning"),
        id="delete-event-neg",
    ),
    # deletions that would break the history: the delete view and "delete selected"
    pytest.param(
        bad.delete_view("FR", "signed"),
        bad.Message("Deleting the signing of 20 Jan 2024 would leave " + bad.LEAVES_SUSPENSION),
        id="delete-view-signing-under-a-suspension",
    ),
    pytest.param(
        bad.delete_view("IT", "announced"),
        bad.Message("Deleting the announcement of 5 Jan 2024 would leave " + bad.LEAVES_WITHDRAWAL),
        id="delete-view-only-stage-before-a-withdrawal",
    ),
    pytest.param(
        bad.delete_selected(("FR", "signed")),
        bad.Message(bad.LEAVES_SUSPENSION),
        id="delete-selected-signing-under-a-suspension",
    ),
    pytest.param(
        bad.delete_selected(("IT", "announced")),
        bad.Message(bad.LEAVES_WITHDRAWAL),
        id="delete-selected-only-stage-before-a-withdrawal",
    ),
    pytest.param(
        bad.delete_selected(("KZ", "statement"), ("FR", "signed")),
        bad.Message(bad.LEAVES_SUSPENSION),
        id="delete-selected-a-harmless-and-a-harmful-one",
    ),
    pytest.param(
        bad.delete_selected(("FR", "signed"), ("IT", "announced")),
        bad.Message("would leave"),
        id="delete-selected-two-harmful-ones",
    ),
    pytest.param(
        bad.post_to(
            "admin:accords_event_changelist",
            data={"action": "delete_selected_events", "_selected_action": ["abc"], "post": "yes"},
        ),
        # no event has the id "abc": nothing is selected, and the admin says so
        bad.Message("Items must be selected", level="warning"),
        id="delete-selected-id-abc",
    ),
    # bringing back a deleted event
    pytest.param(bad.restore("abc"), bad.Message("Choose an event to restore"), id="restore-abc"),
    pytest.param(
        bad.restore(bad.HUGE_ID), bad.Message("No history of this event"), id="restore-huge"
    ),
    pytest.param(
        bad.restore(lambda w: w.event("KZ", "announced").pk),
        bad.Message("This event exists"),
        id="restore-an-existing-event",
    ),
    pytest.param(
        bad.restore(lambda w: w.deleted_suspension_id),
        bad.Message(bad.CANNOT_SUSPEND),
        id="restore-a-suspension-after-the-withdrawal",
    ),
    # memberships
    pytest.param(
        bad.add_membership(country="XX"), bad.FormError("country", bad.INVALID_CHOICE), id="mem-xx"
    ),
    pytest.param(
        bad.add_membership(country="fr"),
        bad.FormError("country", bad.INVALID_CHOICE),
        id="mem-lower",
    ),
    pytest.param(
        bad.add_membership(country="FRA"),
        bad.FormError("country", bad.INVALID_CHOICE),
        id="mem-fra",
    ),
    pytest.param(
        bad.add_membership(country="KZ"),
        bad.FormError("country", "already has a membership"),
        id="mem-duplicate",
    ),
    pytest.param(
        bad.add_membership(role="observer"),
        bad.FormError("role", bad.INVALID_CHOICE),
        id="mem-role",
    ),
    pytest.param(
        bad.add_membership(accord="abc"),
        bad.FormError("accord", bad.INVALID_CHOICE),
        id="mem-accord",
    ),
    pytest.param(
        bad.change_membership("KZ", country="AE"),
        bad.FormError("country", "already has a membership"),
        id="change-membership-into-a-duplicate",
    ),
    # accords
    pytest.param(
        bad.add_accord(slug=bad.ABRAHAM),
        bad.FormError("slug", "already exists"),
        id="accord-duplicate",
    ),
    pytest.param(
        bad.add_accord(slug="not a slug"), bad.FormError("slug", "valid"), id="accord-bad-slug"
    ),
    pytest.param(
        bad.add_accord(name="x" * 201), bad.FormError("name", "at most 200"), id="accord-long"
    ),
    pytest.param(
        bad.add_accord(text_url="javascript:alert(1)"),
        bad.FormError("text_url", "Enter a valid URL"),
        id="accord-javascript-url",
    ),
    pytest.param(
        bad.change_accord(bad.CORRECTIONS, slug=bad.ABRAHAM),
        bad.FormError("slug", "already exists"),
        id="change-accord-into-a-duplicate",
    ),
]


@pytest.mark.parametrize(("build", "expected"), ADMIN_CASES)
def test_admin_refuses_bad_input_and_changes_nothing(editor_client, world, build, expected):
    url, data = build(world)
    before = db_snapshot()

    response = editor_client.post(url, data)

    expected.check(response)
    assert db_snapshot() == before
