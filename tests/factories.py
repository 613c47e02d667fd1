"""Small factories for test data: each makes a valid object with sensible defaults."""

import itertools
from datetime import date

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
