"""NATO, the second dataset: a very different treaty through the same model and rule."""

from datetime import date

import pytest

from accords.models import Accord, Event, Membership, ReportedInterest
from accords.status import derive_status

from .conftest import load_seed

FOUNDERS = {"BE", "CA", "DK", "FR", "IS", "IT", "LU", "NL", "NO", "PT", "GB", "US"}


@pytest.fixture
def nato(db):
    load_seed("nato")
    return Accord.objects.get(slug="nato")


def members_in_force(accord, day):
    return {
        m.country.code
        for m in Membership.objects.filter(accord=accord).as_of(day)
        if m.status_then == "in_force"
    }


def test_nato_has_its_32_members_and_12_founders(nato):
    memberships = Membership.objects.filter(accord=nato)
    assert memberships.count() == 32
    assert {m.country.code for m in memberships if m.role == "founding_party"} == FOUNDERS
    assert set(memberships.exclude(role="founding_party").values_list("role", flat=True)) == {
        "party"
    }
    assert nato.depositary == "United States"


@pytest.mark.parametrize(
    "country, signed, in_force",
    [
        ("BE", date(1949, 4, 4), date(1949, 8, 24)),
        ("US", date(1949, 4, 4), date(1949, 8, 24)),
        ("GR", date(1951, 10, 22), date(1952, 2, 18)),
        ("TR", date(1951, 10, 22), date(1952, 2, 18)),
        ("DE", date(1954, 10, 23), date(1955, 5, 6)),
        ("ES", date(1981, 12, 10), date(1982, 5, 30)),
        ("PL", date(1997, 12, 16), date(1999, 3, 12)),
        ("EE", date(2003, 3, 26), date(2004, 3, 29)),
        ("HR", date(2008, 7, 9), date(2009, 4, 1)),
        ("ME", date(2016, 5, 19), date(2017, 6, 5)),
        ("MK", date(2019, 2, 6), date(2020, 3, 27)),
        ("FI", date(2022, 7, 5), date(2023, 4, 4)),
        ("SE", date(2022, 7, 5), date(2024, 3, 7)),
    ],
)
def test_signing_and_accession_dates(nato, country, signed, in_force):
    events = Event.objects.filter(membership__accord=nato, membership__country=country)
    assert events.get(kind="signed").date == signed
    assert events.get(kind="entered_into_force").date == in_force


def test_every_nato_event_is_sourced_with_a_web_address(nato):
    events = Event.objects.filter(membership__accord=nato).prefetch_related("sources")
    assert events.count() >= 32 * 2
    for event in events:
        sources = list(event.sources.all())
        assert sources, event
        assert all(s.url.startswith(("https://", "http://")) for s in sources), event


def test_member_counts_as_of_several_days(nato):
    assert len(members_in_force(nato, date(1949, 8, 24))) == 12
    assert len(members_in_force(nato, date(1999, 12, 31))) == 19
    assert len(members_in_force(nato, date(2000, 1, 1))) == 19
    assert len(members_in_force(nato, date(2023, 1, 1))) == 30
    assert "FI" in members_in_force(nato, date(2023, 4, 4))
    assert "SE" not in members_in_force(nato, date(2024, 3, 6))
    assert len(members_in_force(nato, date(2024, 3, 7))) == 32


def test_every_member_is_in_force_today(nato):
    memberships = Membership.objects.filter(accord=nato)
    assert set(memberships.values_list("status", flat=True)) == {"in_force"}
    for membership in memberships.prefetch_related("events"):
        assert derive_status(membership.events.all()).status == "in_force"


def test_applicants_are_interested_not_members(nato):
    interested = {i.country.code for i in ReportedInterest.objects.filter(accord=nato)}
    assert {"UA", "GE", "BA"} <= interested
    assert not Membership.objects.filter(accord=nato, country__in=interested).exists()
