"""The lean events list (accords.api.lean) gives each event's sources in id order, as the
event's detail does, without asking the database to sort them: a source stored after another
but with a lower id still comes first."""

from datetime import date

import pytest

from accords.models import Source

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
