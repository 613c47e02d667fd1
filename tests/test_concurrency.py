"""Writers racing on one membership: two editors send, at the same moment, events that are each
valid alone but not together (a signing after the date of a ratification sent at once, a
suspension after a withdrawal sent at once...), through the API (a live server, real HTTP,
one thread per request) and through the admin's forms (one thread, with its own test client,
per editor). The write path locks the membership, so exactly one of them is stored, the other
is refused (never a server error), and afterwards every membership's history is consistent and
its stored status periods are what the rule derives from its events.

PostgreSQL only: SQLite serialises writers by locking the whole database file, so there is no
race to test there (CI runs the suite on both; these run in the PostgreSQL pass)."""

import threading
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import pytest
import requests
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django_countries import countries

from accords.models import Event, Membership

from .admin_helpers import EVENT_ADD, event_change_post, event_post, form_errors
from .api_helpers import assert_every_membership_consistent, kz_signing, token_for
from .factories import make_accord, make_event, make_membership

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises all writers, so there is no race to test",
    ),
    # Other tests need the Editors group that a migration made: bring it back after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 3  # per scenario, each on a membership of its own


@dataclass(frozen=True)
class Write:
    """One editor's write: ``add`` a new event ``kind`` on ``day``; ``move`` the recorded event
    ``kind`` of ``day`` to ``to``; ``delete`` the recorded event ``kind`` of ``day``."""

    action: str
    kind: str
    day: str
    to: str | None = None

    def apply(self, recorded: set) -> set:
        """The events (as ``(kind, day)``) after this write alone."""
        if self.action == "add":
            return recorded | {(self.kind, self.day)}
        if self.action == "move":
            return (recorded - {(self.kind, self.day)}) | {(self.kind, self.to)}
        return recorded - {(self.kind, self.day)}


@dataclass(frozen=True)
class Scenario:
    """Events recorded before the race, and two writes each valid alone but not together."""

    name: str
    recorded: tuple
    writes: tuple = field(default=())


SCENARIOS = [
    Scenario(
        "signing-vs-earlier-ratification",
        (("announced", "2024-01-10"),),
        (Write("add", "signed", "2024-03-01"), Write("add", "ratified", "2024-02-15")),
    ),
    Scenario(
        "withdrawal-vs-later-suspension",
        (("announced", "2024-01-10"),),
        (Write("add", "withdrawn", "2024-02-01"), Write("add", "suspended", "2024-03-01")),
    ),
    Scenario(
        "suspension-vs-earlier-withdrawal",
        (("signed", "2024-01-10"),),
        (Write("add", "suspended", "2024-02-01"), Write("add", "withdrawn", "2024-01-20")),
    ),
    Scenario(
        "resumption-vs-withdrawal-during-the-suspension",
        (("signed", "2024-01-10"), ("suspended", "2024-03-01")),
        (Write("add", "resumed", "2024-04-01"), Write("add", "withdrawn", "2024-03-15")),
    ),
    Scenario(
        "two-withdrawals",
        (("signed", "2024-01-10"),),
        (Write("add", "withdrawn", "2024-02-01"), Write("add", "withdrawn", "2024-03-01")),
    ),
    Scenario(
        "ratification-vs-moving-the-signing-after-it",
        (("signed", "2024-02-01"),),
        (
            Write("add", "ratified", "2024-03-01"),
            Write("move", "signed", "2024-02-01", "2024-04-01"),
        ),
    ),
    Scenario(
        "suspension-vs-deleting-the-only-signing",
        (("signed", "2024-02-01"),),
        (Write("add", "suspended", "2024-03-01"), Write("delete", "signed", "2024-02-01")),
    ),
]

SAME_EVENT = Scenario(
    "the-same-event-twice",
    (("announced", "2024-01-10"),),
    (Write("add", "signed", "2024-03-01"), Write("add", "signed", "2024-03-01")),
)


def race(*calls):
    """Run each call in a thread of its own, released together; return their results in order.
    Each thread closes its own database connections when it ends."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(i, call):
        try:
            start.wait(timeout=30)
            results[i] = call()
        except BaseException as error:  # reported in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    if errors:
        raise errors[0]
    return results


_codes = iter(sorted(code for code in dict(countries)))


def prepare(scenario: Scenario, accord) -> tuple[Membership, dict]:
    """A new membership with the scenario's recorded events; returns it and those events by
    ``(kind, day)``."""
    membership = make_membership(accord, next(_codes))
    events = {}
    for kind, day in scenario.recorded:
        events[(kind, day)] = make_event(membership, kind, date.fromisoformat(day))
    return membership, events


def stored(membership) -> set:
    return {
        (kind, day.isoformat())
        for kind, day in Event.objects.filter(membership=membership).values_list("kind", "date")
    }


def check_round(scenario, membership, outcomes):
    """Exactly one write was stored and the other refused; the membership holds what the
    winner alone would have left."""
    assert sorted(outcomes) == ["refused", "stored"], (scenario.name, outcomes)
    winner = scenario.writes[outcomes.index("stored")]
    assert stored(membership) == winner.apply(set(scenario.recorded)), scenario.name


# --- The API, through a live server -----------------------------------------------------------


def api_call(base_url, token, membership, events, write: Write):
    """What one editor's program sends for ``write``; returns ``"stored"``, ``"refused"`` or
    the unexpected status code."""
    headers = {"Authorization": f"Token {token}"}
    if write.action == "add":
        body = kz_signing(
            accord=membership.accord.slug,
            country=membership.country.code,
            kind=write.kind,
            date=write.day,
            title=f"{write.kind} on {write.day}",
        )
        response = requests.post(f"{base_url}/api/events/", json=body, headers=headers, timeout=60)
    else:
        url = f"{base_url}/api/events/{events[(write.kind, write.day)].pk}/"
        if write.action == "move":
            response = requests.patch(url, json={"date": write.to}, headers=headers, timeout=60)
        else:
            response = requests.delete(url, headers=headers, timeout=60)
    if response.status_code == {"add": 201, "move": 200}.get(write.action, 204):
        return "stored"
    if response.status_code == 400:
        return "refused"
    return response.status_code, response.text[:500]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_api_writers_racing_on_one_membership_store_exactly_one(live_server, editor, scenario):
    token = token_for(editor)
    accord = make_accord()
    for round_number in range(ROUNDS):
        membership, events = prepare(scenario, accord)
        writes = scenario.writes if round_number % 2 == 0 else scenario.writes[::-1]
        call = partial(api_call, live_server.url, token, membership, events)
        outcomes = race(*(partial(call, write) for write in writes))
        if round_number % 2:
            outcomes = outcomes[::-1]
        check_round(scenario, membership, outcomes)
    assert_every_membership_consistent()


def test_api_writers_posting_the_same_event_get_one_201_and_one_400(live_server, editor):
    token = token_for(editor)
    accord = make_accord()
    for _round in range(5):
        membership, _events = prepare(SAME_EVENT, accord)
        body = kz_signing(
            accord=accord.slug, country=membership.country.code, kind="signed", date="2024-03-01"
        )
        headers = {"Authorization": f"Token {token}"}

        def post(body=body, headers=headers):
            return requests.post(
                f"{live_server.url}/api/events/", json=body, headers=headers, timeout=60
            )

        responses = race(post, post)
        assert sorted(r.status_code for r in responses) == [201, 400], [
            (r.status_code, r.text[:300]) for r in responses
        ]
        refused = next(r for r in responses if r.status_code == 400)
        assert "already has an event of this kind on this date" in str(refused.json()["date"])
        assert stored(membership) == {("announced", "2024-01-10"), ("signed", "2024-03-01")}
    assert_every_membership_consistent()


# --- The admin's forms, one test client per editor --------------------------------------------


def logged_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def admin_call(browser, membership, events, write: Write):
    """What one editor's browser posts for ``write``; returns ``"stored"``, ``"refused"`` or
    what was unexpected."""
    if write.action == "add":
        data = event_post(
            membership, kind=write.kind, date=write.day, title=f"{write.kind} on {write.day}"
        )
        response = browser.post(EVENT_ADD, data)
    else:
        event = events[(write.kind, write.day)]
        if write.action == "move":
            url = reverse("admin:accords_event_change", args=[event.pk])
            response = browser.post(url, event_change_post(event, date=write.to))
        else:
            url = reverse("admin:accords_event_delete", args=[event.pk])
            response = browser.post(url, {"post": "yes"})
            if response.status_code == 302:
                # refused: back to the event's page with the reason; done: to the list
                refused = response.url == reverse("admin:accords_event_change", args=[event.pk])
                return "refused" if refused else "stored"
    if response.status_code == 302:
        return "stored"
    if response.status_code == 200 and form_errors(response):
        return "refused"
    return response.status_code, form_errors(response)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_admin_editors_racing_on_one_membership_store_exactly_one(editor, scenario):
    browsers = [logged_in(editor), logged_in(editor)]
    accord = make_accord()
    for round_number in range(ROUNDS):
        membership, events = prepare(scenario, accord)
        writes = scenario.writes if round_number % 2 == 0 else scenario.writes[::-1]
        outcomes = race(
            *(
                partial(admin_call, browser, membership, events, write)
                for browser, write in zip(browsers, writes, strict=True)
            )
        )
        if round_number % 2:
            outcomes = outcomes[::-1]
        check_round(scenario, membership, outcomes)
    assert_every_membership_consistent()


def test_admin_editors_adding_the_same_event_get_one_saved_and_one_form_error(editor):
    browsers = [logged_in(editor), logged_in(editor)]
    accord = make_accord()
    for _round in range(5):
        membership, _events = prepare(SAME_EVENT, accord)
        data = event_post(membership, kind="signed", date="2024-03-01")
        responses = race(*(partial(browser.post, EVENT_ADD, data) for browser in browsers))
        assert sorted(r.status_code for r in responses) == [200, 302]
        refused = next(r for r in responses if r.status_code == 200)
        assert "already has an event of this kind on this date" in " ".join(
            form_errors(refused).get("date", [])
        ), form_errors(refused)
        assert stored(membership) == {("announced", "2024-01-10"), ("signed", "2024-03-01")}
    assert_every_membership_consistent()
