"""The order of what the API lists: each event's sources in id order, as the event's detail
gives them (a source stored after another but with a lower id still comes first), and items
equal on the ordering asked for in id order, so that walking the pages gives every item once,
the same on SQLite and PostgreSQL."""

from datetime import date

import pytest

from accords.models import Source

from .conftest import load_seed
from .factories import make_event

pytestmark = pytest.mark.django_db


def test_sources_come_in_id_order_whatever_order_they_were_stored_in(client):
    event = make_event(on=date(2001, 2, 3), sources=1)
    event.sources.all().delete()
    for source_id in (900003, 900001, 900002):
        Source.objects.create(
            id=source_id,
            event=event,
            url=f"https://example.org/{source_id}",
            title=f"Report {source_id}",
            publisher="P",
        )

    listed = client.get("/api/events/").json()["results"]
    detail = client.get(f"/api/events/{event.pk}/").json()

    urls = [source["url"] for source in listed[0]["sources"]]
    assert urls == [f"https://example.org/{i}" for i in (900001, 900002, 900003)]
    assert listed[0] == detail


@pytest.mark.parametrize(
    "url, ordering, field",
    [
        ("/api/events/", "kind", "kind"),
        ("/api/events/", "-kind", "kind"),
        ("/api/events/", "-date", "date"),
        ("/api/memberships/", "role", "role"),
    ],
)
def test_walking_the_pages_of_an_ordering_with_ties_gives_every_item_once(
    client, url, ordering, field
):
    load_seed("abraham-accords", "nato")
    everything = client.get(url, {"page_size": 500}).json()["results"]
    walked, page = [], 1
    while True:
        answer = client.get(url, {"ordering": ordering, "page_size": 7, "page": page}).json()
        walked += answer["results"]
        if answer["next"] is None:
            break
        page += 1

    assert sorted(item["id"] for item in walked) == sorted(item["id"] for item in everything)
    ties = [(a, b) for a, b in zip(walked, walked[1:], strict=False) if a[field] == b[field]]
    assert ties, "the ordering should have ties to break"
    assert all(a["id"] < b["id"] for a, b in ties)
