"""The number of queries of every API list and detail is pinned, and does not grow with the
data: ten times more memberships, events and sources cost no extra query."""

import pytest

from accords.models import Event, Membership

from .conftest import load_seed, load_seed_grown_tenfold

pytestmark = pytest.mark.django_db


def urls():
    kz = Membership.objects.get(country="KZ")
    event = Event.objects.filter(membership=kz).first()
    return {
        "/api/accords/?page_size=500": 2,  # count, page
        "/api/accords/abraham-accords/": 1,
        "/api/memberships/?page_size=500": 4,  # count, page, events, sources
        # count, page (statuses from the stored periods, in SQL), events, sources
        "/api/memberships/?as_of=2020-12-01&status=announced&page_size=500": 4,
        "/api/memberships/?format=csv": 3,  # memberships, events, sources
        f"/api/memberships/{kz.pk}/": 3,
        "/api/events/?page_size=500": 2,  # count, page (with each event's sources)
        "/api/events/?format=csv": 1,  # events with their sources
        f"/api/events/{event.pk}/": 2,
    }


@pytest.mark.parametrize("grown", [False, True], ids=["seed", "ten times more"])
def test_every_list_and_detail_takes_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, grown
):
    if grown:
        load_seed_grown_tenfold()
    else:
        load_seed("abraham-accords")
    for url, queries in urls().items():
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url


def test_grown_lists_really_hold_the_new_data(client, db):
    load_seed_grown_tenfold()

    memberships = client.get("/api/memberships/", {"page_size": 500}).json()
    events = client.get("/api/events/", {"page_size": 500}).json()

    assert memberships["count"] == 7 + 100
    assert events["count"] == 39 + 210
    assert all(len(e["sources"]) >= 1 for e in events["results"])
