"""Helpers shared by the API tests: tokens, request shortcuts, a valid event to post, snapshots
of the database (to show that a refused write changed nothing) and the check that every
membership's stored status periods and cached status are what the one rule derives."""

import copy
import json
from datetime import timedelta

from django.contrib.admin.models import LogEntry
from rest_framework.authtoken.models import Token

from accords.models import Accord, Event, Membership, ReportedInterest, Source, StatusPeriod
from accords.status import derive_status, history_problems, status_periods

#: A valid new event: Kazakhstan's signing, after its announcement on 6 November 2025.
KZ_SIGNING = {
    "accord": "abraham-accords",
    "country": "KZ",
    "kind": "signed",
    "date": "2025-12-10",
    "date_precision": "day",
    "title": "Kazakhstan signed the Abraham Accords Declaration",
    "place": "Washington",
    "sources": [
        {
            "publisher": "Reuters",
            "title": "Kazakhstan signs on to the Abraham Accords",
            "url": "https://example.org/kz-signs",
            "published_on": "2025-12-10",
        }
    ],
}


def kz_signing(**changes):
    """The valid signing above, with some fields changed."""
    payload = copy.deepcopy(KZ_SIGNING)
    payload.update(changes)
    return payload


def token_for(user) -> str:
    """The user's API token, as ``manage.py drf_create_token`` makes it."""
    return Token.objects.get_or_create(user=user)[0].key


def send(client, method, url, data=None, token=None, **extra):
    """A JSON request, with ``Authorization: Token <token>`` when a token is given."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method.lower())(
        url, body, content_type="application/json", headers=headers, **extra
    )


def snapshot():
    """Every row of the data (accords, memberships, events, sources, reported interests), to
    show that a refused write, or a load that had nothing to do, changed nothing."""
    return {
        "accords": list(Accord.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
        "sources": list(Source.objects.order_by("pk").values()),
        "interests": list(ReportedInterest.objects.order_by("pk").values()),
    }


#: The models whose rows a write may change, and whose history tables record every change.
RECORDED_MODELS = (Accord, Membership, Event, Source)


def db_snapshot():
    """Every row of the data (accords, memberships with their cached status columns, events,
    sources, stored status periods) and every row id of the history tables and the admin's log:
    equal before and after a refused write, which must change and record nothing."""
    return {
        **snapshot(),
        "status_periods": list(StatusPeriod.objects.order_by("pk").values()),
        "membership_status": list(
            Membership.objects.order_by("pk").values_list("pk", "status", "status_event")
        ),
        **{
            f"history_{model._meta.model_name}": list(
                model.history.order_by("history_id").values_list("history_id", flat=True)
            )
            for model in RECORDED_MODELS
        },
        "admin_log": list(LogEntry.objects.order_by("pk").values_list("pk", flat=True)),
    }


def stored_periods(membership) -> list[tuple]:
    """The membership's stored status periods as ``(first_day, last_day, status, event id)``."""
    return list(
        StatusPeriod.objects.filter(membership=membership)
        .order_by("first_day")
        .values_list("first_day", "last_day", "status", "event_id")
    )


def expected_periods(events) -> list[tuple]:
    """What the one rule (``accords.status.status_periods``) derives from ``events``, in the
    stored form: a period's last day is the day before the next one starts (None for the
    last, open one)."""
    periods = status_periods(list(events))
    rows = []
    for i, period in enumerate(periods):
        following = periods[i + 1]["start"] if i + 1 < len(periods) else None
        last_day = following - timedelta(days=1) if following is not None else None
        rows.append((period["start"], last_day, period["status"], period["event"].pk))
    return rows


def consistency_problems(membership) -> list[str]:
    """What is wrong with one membership as stored: its history's problems, stored status
    periods that differ from the rule's, a cached status that differs from the rule's."""
    events = list(Event.objects.filter(membership=membership))
    problems = [problem.describe() for problem in history_problems(events)]
    stored, expected = stored_periods(membership), expected_periods(events)
    if stored != expected:
        problems.append(f"stored periods {stored} != the rule's {expected}")
    membership = Membership.objects.get(pk=membership.pk)
    result = derive_status(events)
    cached = (membership.status, membership.status_event_id)
    derived = (result.status or "", result.event.pk if result.event is not None else None)
    if cached != derived:
        problems.append(f"cached status {cached} != the rule's {derived}")
    return problems


def assert_every_membership_consistent():
    """Every membership's history passes validation and its stored periods and cached status
    are what the rule derives from its events."""
    problems = {
        str(membership): found
        for membership in Membership.objects.select_related("accord")
        if (found := consistency_problems(membership))
    }
    assert not problems, problems


def kz(client, **params):
    """Kazakhstan's membership as the API lists it."""
    response = client.get("/api/memberships/", {"country": "KZ", **params})
    assert response.status_code == 200
    [membership] = response.json()["results"]
    return membership
