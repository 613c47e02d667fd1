"""Small factories for test data: each makes a valid object with sensible defaults."""

import itertools
from datetime import date, timedelta

from django.contrib.auth.models import User

from accords.editors import editors_group
from accords.models import Accord, Event, Membership, Source
from accords.services import save_event

_counter = itertools.count(1)


def make_accord(**fields) -> Accord:
    n = next(_counter)
    fields.setdefault("slug", f"accord-{n}")
    fields.setdefault("name", f"Accord {n}")
    return Accord.objects.create(**fields)


def make_membership(accord=None, country="FR", **fields) -> Membership:
    return Membership.objects.create(accord=accord or make_accord(), country=country, **fields)


def make_event(
    membership=None, kind="announced", on=date(2020, 1, 1), sources=1, **fields
) -> Event:
    """An event, through the write path, with ``sources`` sources: a number (publishers
    "Source 1", "Source 2", ...) or a list of the sources' fields."""
    fields.setdefault("title", f"{kind} on {on.isoformat()}")
    fields.setdefault("date_precision", "day")
    event = Event(membership=membership or make_membership(), kind=kind, date=on, **fields)
    if isinstance(sources, int):
        sources = [
            {"publisher": f"Source {i}", "title": f"Report {i}", "url": f"https://example.org/{i}"}
            for i in range(1, sources + 1)
        ]
    return save_event(event=event, sources=[Source(**fields) for fields in sources])


def make_user(username="reader", editor=False, **fields) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery", **fields)
    if editor:
        user.groups.add(editors_group())
    return user


#: The states of each accord ``grow_tenfold`` adds.
GROWN_STATES = ["FR", "DE", "IT", "ES", "PT", "NL", "BE", "AT", "PL", "SE"]


def grow_tenfold() -> None:
    """Ten more accords of ten states (the seed has one of seven): each state announced and
    signed, two sources each, and the first state of each accord opened an embassy (a
    milestone): 100 memberships, 210 events and 410 sources more, to show that a page or a list
    costs no more queries with ten times the data."""
    for n in range(10):
        accord = make_accord()
        for code in GROWN_STATES:
            membership = make_membership(accord=accord, country=code)
            first = date(2019, 1, 1) + timedelta(days=n)
            make_event(membership, kind="announced", on=first, sources=2)
            make_event(membership, kind="signed", on=first + timedelta(days=30), sources=2)
            if code == GROWN_STATES[0]:
                make_event(membership, kind="embassy_opened", on=first + timedelta(days=60))
