"""A catalogue of bad input through the API (an editor's token), on an event's date, its
precision, its state and accord, and its place in its membership's history (the data:
tests/bad_input_helpers.py): each case is refused with the status code that names the field and
the reason, and changes nothing at all: not a row of the data, the stored status periods or the
cached statuses, not a row of the history tables or the admin's log."""

import pytest

from . import bad_input_helpers as bad
from .bad_input_helpers import world_fixture  # noqa: F401 (the fixture "world")

pytestmark = pytest.mark.django_db


API_CASES = [
    # dates
    pytest.param(
        bad.post_event(day="2025-02-30"), 400, "date", bad.WRONG_FORMAT, id="date-2025-02-30"
    ),
    pytest.param(
        bad.post_event(day="2020-02-30"), 400, "date", bad.WRONG_FORMAT, id="date-2020-02-30"
    ),
    pytest.param(
        bad.post_event(day="2025-13-01"), 400, "date", bad.WRONG_FORMAT, id="date-month-13"
    ),
    pytest.param(bad.post_event(day="2025-12-32"), 400, "date", bad.WRONG_FORMAT, id="date-day-32"),
    pytest.param(bad.post_event(day="0999-12-10"), 400, "date", "year 1000", id="date-year-0999"),
    pytest.param(bad.post_event(day="9999-12-10"), 400, "date", "future", id="date-year-9999"),
    pytest.param(bad.post_event(day=bad.tomorrow), 400, "date", "future", id="date-tomorrow"),
    pytest.param(
        bad.post_event(day="10/12/2025"), 400, "date", bad.WRONG_FORMAT, id="date-dd/mm/yyyy"
    ),
    pytest.param(
        bad.post_event(day="10 Dec 2025"), 400, "date", bad.WRONG_FORMAT, id="date-in-words"
    ),
    pytest.param(
        bad.post_event(day="2025-12"), 400, "date", bad.WRONG_FORMAT, id="date-month-only"
    ),
    pytest.param(
        bad.post_event(day="2025-12-10T10:00:00"),
        400,
        "date",
        bad.WRONG_FORMAT,
        id="date-with-time",
    ),
    pytest.param(bad.post_event(day="20251210"), 400, "date", bad.WRONG_FORMAT, id="date-compact"),
    pytest.param(
        bad.post_event(day="2025-W50-3"), 400, "date", bad.WRONG_FORMAT, id="date-iso-week"
    ),
    pytest.param(bad.post_event(day=""), 400, "date", bad.WRONG_FORMAT, id="date-empty"),
    pytest.param(bad.post_event(day=None), 400, "date", "may not be null", id="date-null"),
    pytest.param(bad.post_event(without=["date"]), 400, "date", "required", id="date-missing"),
    pytest.param(
        bad.patch_event("KZ", "statement", date="2020-02-30"),
        400,
        "date",
        bad.WRONG_FORMAT,
        id="patch-date-2020-02-30",
    ),
    pytest.param(
        bad.patch_event("KZ", "statement", date=bad.tomorrow),
        400,
        "date",
        "future",
        id="patch-tomorrow",
    ),
    # precision
    pytest.param(
        bad.post_event(date_precision="month"), 400, "date_precision", "1st", id="month-not-on-1st"
    ),
    pytest.param(
        bad.post_event(day="2025-12-01", date_precision="year"),
        400,
        "date_precision",
        "1 January",
        id="year-not-on-1-jan",
    ),
    pytest.param(
        bad.post_event(day="2025-06-01", date_precision="year"),
        400,
        "date_precision",
        "1 January",
        id="year-on-1-june",
    ),
    pytest.param(
        bad.post_event(date_precision="week"),
        400,
        "date_precision",
        bad.NOT_CHOICE,
        id="precision-week",
    ),
    pytest.param(
        bad.post_event(date_precision="DAY"),
        400,
        "date_precision",
        bad.NOT_CHOICE,
        id="precision-caps",
    ),
    pytest.param(
        bad.post_event(date_precision=""),
        400,
        "date_precision",
        bad.NOT_CHOICE,
        id="precision-empty",
    ),
    pytest.param(
        bad.patch_event("KZ", "announced", date_precision="month"),
        400,
        "date_precision",
        "1st",
        id="patch-precision-month-on-6th",
    ),
    # states and accords
    pytest.param(
        bad.post_event(country="ZZ"), 400, "country", bad.UNKNOWN_COUNTRY, id="country-zz"
    ),
    pytest.param(
        bad.post_event(country="kz"), 400, "country", bad.UNKNOWN_COUNTRY, id="country-lower"
    ),
    pytest.param(
        bad.post_event(country="KAZ"), 400, "country", bad.UNKNOWN_COUNTRY, id="country-alpha3"
    ),
    pytest.param(
        bad.post_event(country="398"), 400, "country", bad.UNKNOWN_COUNTRY, id="country-numeric"
    ),
    pytest.param(bad.post_event(country="FR"), 400, "country", "no membership", id="no-membership"),
    pytest.param(
        bad.post_event(accord=bad.CORRECTIONS),
        400,
        "country",
        "no membership",
        id="other-accords-membership",
    ),
    pytest.param(
        bad.post_event(accord="no-such-accord"),
        400,
        "accord",
        "does not exist",
        id="accord-unknown",
    ),
    pytest.param(
        bad.patch_event("KZ", "statement", country="ZZ"),
        400,
        "country",
        bad.UNKNOWN_COUNTRY,
        id="patch-country-zz",
    ),
    # the order of the life cycle
    pytest.param(
        bad.post_event(day="2025-11-01"),
        400,
        "date",
        "The signing cannot be dated before the announcement (6 Nov 2025)",
        id="signing-before-announcement",
    ),
    pytest.param(
        bad.post_event("SD", "ratified", "2021-01-01"),
        400,
        "date",
        "The ratification cannot be dated before the signing (6 Jan 2021)",
        id="ratification-before-signing",
    ),
    pytest.param(
        bad.post_event("IL", "entered_into_force", "2020-10-20"),
        400,
        "date",
        "The entry into force cannot be dated before the ratification (25 Oct 2020)",
        id="entry-into-force-before-ratification",
    ),
    pytest.param(
        bad.post_event(day="2025-10-01", date_precision="month"),
        400,
        "date",
        "before the announcement",
        id="month-wholly-before",
    ),
    pytest.param(
        bad.post_event(day="2024-01-01", date_precision="year"),
        400,
        "date",
        "before the announcement",
        id="year-wholly-before",
    ),
    pytest.param(
        bad.patch_event("DE", "signed", date="2024-03-01"),
        400,
        "date",
        "The signing cannot be dated after the ratification (10 Feb 2024)",
        id="patch-signing-after-its-ratification",
    ),
    pytest.param(
        bad.patch_event("IL", "ratified", date="2020-09-01"),
        400,
        "date",
        "The ratification cannot be dated before the signing (15 Sep 2020)",
        id="patch-ratification-before-signing",
    ),
    pytest.param(
        bad.patch_event("DE", "ratified", kind="announced"),
        400,
        "date",
        "The announcement cannot be dated after the signing (10 Jan 2024)",
        id="patch-kind-to-announcement-after-signing",
    ),
    # status changes with nothing to act on
    pytest.param(
        bad.post_event("ES", "suspended", "2024-05-01"),
        400,
        "kind",
        bad.CANNOT_SUSPEND,
        id="suspension-of-nothing",
    ),
    pytest.param(
        bad.post_event(kind="suspended", day="2025-11-01"),
        400,
        "kind",
        bad.CANNOT_SUSPEND,
        id="suspension-before-announcement",
    ),
    pytest.param(
        bad.post_event("FR", "suspended", "2024-04-01"),
        400,
        "kind",
        bad.CANNOT_SUSPEND,
        id="second-suspension",
    ),
    pytest.param(
        bad.post_event("IT", "suspended", "2024-07-01"),
        400,
        "kind",
        bad.CANNOT_SUSPEND,
        id="suspension-after-withdrawal",
    ),
    pytest.param(
        bad.post_event(kind="resumed", day="2025-11-10"),
        400,
        "kind",
        bad.CANNOT_RESUME,
        id="resumption-without-suspension",
    ),
    pytest.param(
        bad.post_event("FR", "resumed", "2024-02-15"),
        400,
        "kind",
        bad.CANNOT_RESUME,
        id="resumption-before-suspension",
    ),
    pytest.param(
        bad.post_event(kind="withdrawn", day="2025-11-01"),
        400,
        "kind",
        bad.CANNOT_WITHDRAW,
        id="withdrawal-before-membership",
    ),
    pytest.param(
        bad.post_event("ES", "withdrawn", "2024-05-01"),
        400,
        "kind",
        bad.CANNOT_WITHDRAW,
        id="withdrawal-without-events",
    ),
    pytest.param(
        bad.post_event("IT", "withdrawn", "2024-07-01"),
        400,
        "kind",
        bad.CANNOT_WITHDRAW,
        id="second-withdrawal",
    ),
    # corrections that break the history of other events
    pytest.param(
        bad.post_event("FR", "withdrawn", "2024-02-01"),
        400,
        bad.NON_FIELD,
        bad.LEAVES_SUSPENSION,
        id="withdrawal-before-a-suspension",
    ),
    pytest.param(
        bad.patch_event("FR", "signed", date="2024-04-01"),
        400,
        bad.NON_FIELD,
        bad.LEAVES_SUSPENSION,
        id="patch-signing-after-the-suspension",
    ),
    pytest.param(
        bad.patch_event("FR", "signed", kind="statement"),
        400,
        bad.NON_FIELD,
        bad.LEAVES_SUSPENSION,
        id="patch-signing-into-a-milestone",
    ),
    pytest.param(
        bad.patch_event("FR", "signed", country="DE"),
        400,
        bad.NON_FIELD,
        bad.LEAVES_SUSPENSION,
        id="patch-signing-to-another-state",
    ),
    pytest.param(
        bad.patch_event("FR", "signed", accord=bad.ABRAHAM, country="KZ"),
        400,
        bad.NON_FIELD,
        bad.LEAVES_SUSPENSION,
        id="patch-signing-to-another-accord",
    ),
    pytest.param(
        bad.patch_event("IT", "announced", date="2024-07-01"),
        400,
        bad.NON_FIELD,
        bad.LEAVES_WITHDRAWAL,
        id="patch-announcement-after-the-withdrawal",
    ),
    pytest.param(
        bad.put_event("FR", "suspended", kind="resumed"),
        400,
        "kind",
        bad.CANNOT_RESUME,
        id="put-suspension-as-resumption",
    ),
    # deletions that would break the history
    pytest.param(
        bad.delete_event("FR", "signed"),
        400,
        bad.NON_FIELD,
        "Deleting the signing of 20 Jan 2024 would leave " + bad.LEAVES_SUSPENSION,
        id="delete-signing-under-a-suspension",
    ),
    pytest.param(
        bad.delete_event("IT", "announced"),
        400,
        bad.NON_FIELD,
        "Deleting the announcement of 5 Jan 2024 would leave " + bad.LEAVES_WITHDRAWAL,
        id="delete-only-stage-before-a-withdrawal",
    ),
    # duplicates
    pytest.param(
        bad.post_event(kind="announced", day="2025-11-06"),
        400,
        "date",
        bad.DUPLICATE,
        id="duplicate",
    ),
    pytest.param(
        bad.patch_event("AE", "embassy_opened", index=1, date="2021-01-24"),
        400,
        "date",
        bad.DUPLICATE,
        id="patch-into-a-duplicate",
    ),
]


@pytest.mark.parametrize(("build", "status", "field", "fragment"), API_CASES)
def test_api_refuses_bad_input_and_changes_nothing(
    client, world, editor_token, build, status, field, fragment
):
    bad.check_api_refusal(client, world, editor_token, build, status, field, fragment)
