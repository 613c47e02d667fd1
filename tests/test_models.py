"""Every rule of the data, checked twice: the form error an editor reads, and the database's
refusal when the form is bypassed. Plus dates shown no more exactly than they are known."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from accords.admin import EventAdminForm
from accords.models import Accord, Event, Membership, Source, format_date
from accords.services import save_event

from .admin_helpers import event_post
from .factories import make_accord, make_event, make_membership

MembershipForm = modelform_factory(Membership, fields=["accord", "country", "role", "notes"])
#: The admin's event form, which checks the whole history through the write path.
EventForm = EventAdminForm
SourceForm = modelform_factory(
    Source, fields=["event", "publisher", "title", "url", "published_on"]
)


def event_form(membership, **overrides):
    """The admin's event form, bound to what an editor's browser sends (a signing on 15 Sep
    2020 unless ``overrides`` say otherwise)."""
    return EventForm(
        data=event_post(membership, **{"date": "2020-09-15", "title": "Signed"} | overrides)
    )


def refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- Dates shown honestly ----------------------------------------------------------------------


def test_dates_are_shown_no_more_exactly_than_known():
    assert format_date(date(2025, 11, 6), "day") == "6 Nov 2025"
    assert format_date(date(2020, 12, 1), "month") == "Dec 2020"
    assert format_date(date(2020, 1, 1), "year") == "2020"


def test_an_event_known_to_the_month_does_not_invent_a_day(db):
    event = make_event(on=date(2020, 12, 1), date_precision="month")
    assert event.date_display == "Dec 2020"
    assert "1 Dec" not in str(event)


# --- One membership per state per accord -------------------------------------------------------


def test_second_membership_of_a_state_is_a_form_error(db):
    existing = make_membership(country="MA")
    form = MembershipForm(data={"accord": existing.accord.pk, "country": "MA", "role": "party"})
    assert not form.is_valid()
    assert form.errors["country"] == ["This state already has a membership in this accord."]


def test_second_membership_of_a_state_is_refused_by_the_database(db):
    existing = make_membership(country="MA")
    refused_by_database(lambda: Membership.objects.create(accord=existing.accord, country="MA"))
    assert Membership.objects.count() == 1


def test_the_same_state_may_join_two_accords(db):
    make_membership(country="MA")
    form = MembershipForm(data={"accord": make_accord().pk, "country": "MA", "role": "party"})
    assert form.is_valid(), form.errors


def test_unknown_country_code_is_a_form_error_on_the_country(db):
    form = MembershipForm(data={"accord": make_accord().pk, "country": "XX", "role": "party"})
    assert not form.is_valid()
    assert "country" in form.errors


def test_unknown_role_is_a_form_error_and_refused_by_the_database(db):
    accord = make_accord()
    form = MembershipForm(data={"accord": accord.pk, "country": "FR", "role": "observer"})
    assert not form.is_valid()
    assert "role" in form.errors
    refused_by_database(lambda: Membership.objects.create(accord=accord, country="FR", role="x"))


# --- Events ------------------------------------------------------------------------------------


def test_same_kind_twice_on_one_day_is_a_form_error(db):
    membership = make_membership()
    make_event(membership, "signed", date(2020, 9, 15))
    form = event_form(membership)
    assert not form.is_valid()
    assert form.errors["date"] == [
        "This membership already has an event of this kind on this date."
    ]


def test_same_kind_twice_on_one_day_is_refused_by_the_database(db):
    membership = make_membership()
    make_event(membership, "signed", date(2020, 9, 15))
    refused_by_database(
        lambda: Event.objects.create(
            membership=membership, kind="signed", date=date(2020, 9, 15), title="again"
        )
    )
    assert Event.objects.count() == 1


def test_two_events_of_different_kinds_on_one_day_are_fine(db):
    membership = make_membership()
    make_event(membership, "signed", date(2020, 12, 22))
    form = event_form(membership, kind="relations_established", date="2020-12-22")
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("precision", "bad_date"), [("month", "2020-12-15"), ("year", "2020-06-01")]
)
def test_a_date_that_claims_more_than_its_precision_is_a_form_error(db, precision, bad_date):
    form = event_form(make_membership(), date=bad_date, date_precision=precision)
    assert not form.is_valid()
    assert "date_precision" in form.errors


@pytest.mark.parametrize(
    ("precision", "bad_date"), [("month", date(2020, 12, 15)), ("year", date(2020, 6, 1))]
)
def test_a_date_that_claims_more_than_its_precision_is_refused_by_the_database(
    db, precision, bad_date
):
    membership = make_membership()
    refused_by_database(
        lambda: Event.objects.create(
            membership=membership, kind="signed", date=bad_date, date_precision=precision, title="x"
        )
    )


def test_impossible_date_is_a_form_error(db):
    form = event_form(make_membership(), date="2020-13-45")
    assert not form.is_valid()
    assert "date" in form.errors


def test_unknown_kind_is_a_form_error_and_refused_by_the_database(db):
    membership = make_membership()
    form = event_form(membership, kind="invaded")
    assert not form.is_valid()
    assert "kind" in form.errors
    refused_by_database(
        lambda: Event.objects.create(
            membership=membership, kind="invaded", date=date(2020, 1, 1), title="x"
        )
    )


def test_empty_title_is_a_form_error_and_refused_by_the_database(db):
    membership = make_membership()
    form = event_form(membership, title="")
    assert not form.is_valid()
    assert "title" in form.errors
    refused_by_database(
        lambda: Event.objects.create(membership=membership, kind="signed", date=date(2020, 1, 1))
    )


def test_over_long_title_is_a_form_error(db):
    form = event_form(make_membership(), title="x" * 401)
    assert not form.is_valid()
    assert "title" in form.errors


def test_signing_before_its_announcement_is_a_form_error_on_the_date(db):
    membership = make_membership()
    make_event(membership, "announced", date(2020, 9, 11))
    form = event_form(membership, date="2020-09-10")
    assert not form.is_valid()
    assert form.errors["date"] == [
        "The signing cannot be dated before the announcement (11 Sep 2020)."
    ]
    assert not Event.objects.filter(kind="signed").exists()


ANNOUNCED = ("announced", date(2020, 9, 11))


@pytest.mark.parametrize(
    ("existing", "fields", "refused"),
    [
        (("signed", date(2020, 9, 15)), {"kind": "announced", "date": "2020-10-01"}, True),
        (ANNOUNCED, {"date": "2020-09-01", "date_precision": "month"}, False),
        (ANNOUNCED, {"date": "2020-08-01", "date_precision": "month"}, True),
        (ANNOUNCED, {"kind": "statement", "date": "2020-01-01"}, False),
    ],
    ids=[
        "an-announcement-after-the-signing-is-a-form-error-on-the-date",
        "an-imprecise-signing-that-may-follow-the-announcement-is-accepted",
        "an-imprecise-signing-wholly-before-the-announcement-is-refused",
        "milestones-may-come-before-an-announcement",
    ],
)
def test_the_membership_history_decides_whether_a_date_is_accepted(db, existing, fields, refused):
    membership = make_membership()
    make_event(membership, *existing)
    form = event_form(membership, **fields)
    if refused:
        assert not form.is_valid()
        assert "date" in form.errors
    else:
        assert form.is_valid(), form.errors


# --- Sources -----------------------------------------------------------------------------------


def test_a_source_needs_a_publisher_in_the_form_and_the_database(db):
    event = make_event()
    form = SourceForm(data={"event": event.pk, "publisher": "", "title": "Untitled"})
    assert not form.is_valid()
    assert "publisher" in form.errors
    refused_by_database(lambda: Source.objects.create(event=event, publisher=""))


def test_a_malformed_source_url_is_a_form_error(db):
    form = SourceForm(
        data={"event": make_event().pk, "publisher": "AP", "url": "javascript:alert(1)"}
    )
    assert not form.is_valid()
    assert "url" in form.errors


def test_accord_slug_is_unique_in_the_form_and_the_database(db):
    make_accord(slug="nato")
    form = modelform_factory(Accord, fields=["slug", "name"])(data={"slug": "nato", "name": "N"})
    assert not form.is_valid()
    assert "slug" in form.errors
    refused_by_database(lambda: Accord.objects.create(slug="nato", name="Other"))


def test_markup_in_a_title_is_stored_as_text(db):
    event = make_event(title="<script>alert(1)</script> signed")
    event.refresh_from_db()
    assert event.title == "<script>alert(1)</script> signed"


# --- Dates in a plausible range ------------------------------------------------------------------


def test_a_future_date_is_a_form_error(db):
    form = event_form(make_membership(), date="2999-01-01")
    assert not form.is_valid()
    assert "in the future" in form.errors["date"][0]


def test_a_date_before_the_year_1000_is_a_form_error_and_refused_by_the_database(db):
    membership = make_membership()
    form = event_form(membership, date="0201-01-05")
    assert not form.is_valid()
    assert "check the year" in form.errors["date"][0]
    refused_by_database(
        lambda: Event.objects.create(
            membership=membership, kind="signed", date=date(201, 1, 5), title="typo"
        )
    )


# --- Changes of status need something to act on ------------------------------------------------


def test_a_state_that_withdrew_may_sign_again(db):
    membership = make_membership()
    make_event(membership, "signed", date(2010, 1, 1))
    make_event(membership, "entered_into_force", date(2010, 2, 1))
    make_event(membership, "withdrawn", date(2015, 1, 1))
    form = event_form(membership, kind="signed", date="2020-01-01")
    assert form.is_valid(), form.errors
    save_event(event=form.instance, sources=[Source(publisher="AP", url="https://apnews.com/")])
    membership.refresh_from_db()
    assert membership.status == "signed"


@pytest.mark.parametrize(
    ("existing", "kind", "day", "message"),
    [
        ([], "suspended", "2020-01-01", "can be suspended"),
        ([("signed", date(2020, 1, 1))], "resumed", "2020-06-01", "can be resumed"),
        ([("signed", date(2020, 1, 1))], "withdrawn", "2019-06-01", "withdrawn from"),
    ],
    ids=[
        "suspension-of-a-membership-that-has-not-begun",
        "resumption-without-a-suspension",
        "withdrawal-before-the-membership-began",
    ],
)
def test_a_change_of_status_with_nothing_to_act_on_is_refused(db, existing, kind, day, message):
    membership = make_membership()
    for earlier in existing:
        make_event(membership, *earlier)
    form = event_form(membership, kind=kind, date=day)
    assert not form.is_valid()
    assert message in form.errors["kind"][0]


def test_a_resumption_after_a_suspension_is_accepted(db):
    membership = make_membership()
    make_event(membership, "signed", date(2020, 1, 1))
    make_event(membership, "suspended", date(2020, 3, 1))
    assert event_form(membership, kind="resumed", date="2020-06-01").is_valid()


def test_a_ratification_may_follow_the_establishment_of_relations(db):
    membership = make_membership()
    make_event(membership, "signed", date(2020, 9, 15))
    make_event(membership, "relations_established", date(2020, 10, 18))
    assert event_form(membership, kind="ratified", date="2020-11-01").is_valid()


def test_an_imprecise_signing_does_not_hide_the_announcement_in_its_month(db):
    membership = make_membership()
    make_event(membership, "announced", date(2020, 12, 10))
    make_event(membership, "signed", date(2020, 12, 1), date_precision="month")
    assert not Membership.objects.as_of(date(2020, 12, 5)).filter(pk=membership.pk).exists()
    then = Membership.objects.as_of(date(2020, 12, 10)).get(pk=membership.pk)
    assert then.status_then == "signed"
    periods = membership.status_periods.values_list("status", "first_day", "last_day")
    assert list(periods) == [("signed", date(2020, 12, 10), None)]
    membership.refresh_from_db()
    assert membership.status == "signed"
