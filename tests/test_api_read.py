"""Reading the API, endpoint by endpoint, on the Abraham Accords seed."""

import pytest

from accords.models import EventKind, Status

from .api_helpers import kz

pytestmark = pytest.mark.django_db


def test_api_root_lists_every_endpoint_and_the_documentation(client):
    response = client.get("/api/")

    assert response.status_code == 200
    links = response.json()
    for name, path in {
        "accords": "/api/accords/",
        "memberships": "/api/memberships/",
        "events": "/api/events/",
        "schema": "/api/schema/",
        "docs": "/api/docs/",
        "redoc": "/api/redoc/",
        "health": "/api/health/",
    }.items():
        assert links[name].endswith(path)


def test_health_check_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/api/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_accord_list_and_detail_give_the_seeded_accord(client, seeded):
    listed = client.get("/api/accords/").json()
    detail = client.get("/api/accords/abraham-accords/")

    assert listed["count"] == 1
    assert listed["results"][0]["slug"] == "abraham-accords"
    assert detail.status_code == 200
    assert detail.json()["name"] == "Abraham Accords"
    assert detail.json()["depositary"] == "United States (witness and mediator)"


def test_unknown_accord_is_a_json_404(client, seeded):
    response = client.get("/api/accords/no-such-accord/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_kazakhstan_is_announced_since_its_announcement_with_its_event_and_source(client, seeded):
    membership = kz(client)

    assert membership["accord"] == "abraham-accords"
    assert membership["country"] == {"code": "KZ", "name": "Kazakhstan"}
    assert membership["role"] == "party"
    assert membership["status"] == "announced"
    assert membership["status_since"] == "2025-11-06"
    announced = membership["events"][0]
    assert announced["kind"] == "announced"
    assert announced["date"] == "2025-11-06"
    assert announced["date_precision"] == "day"
    assert {
        "url": "https://news.detik.com/internasional/d-8198562/trump-umumkan-kazakhstan-normalisasi-hubungan-dengan-israel",
        "publisher": "detikNews",
        "copy_of": "Reuters",
        "language": "id",
    }.items() <= announced["sources"][1].items()
    assert announced["sources"][1]["published_on"] == "2025-11-07"
    assert [event["kind"] for event in membership["events"]] == ["announced"] + ["statement"] * 3


def test_as_of_leaves_out_states_with_no_event_yet_and_gives_earlier_statuses(client, seeded):
    response = client.get("/api/memberships/", {"as_of": "2020-12-01"})

    assert response.status_code == 200
    by_code = {m["country"]["code"]: m for m in response.json()["results"]}
    assert "MA" not in by_code  # Morocco's first event is on 10 December 2020
    assert "KZ" not in by_code
    assert by_code["SD"]["status"] == "announced"  # signed only on 6 January 2021
    assert by_code["SD"]["status_since"] == "2020-10-23"
    assert [event["kind"] for event in by_code["SD"]["events"]] == ["announced"]
    assert by_code["AE"]["status"] == "ratified"
    assert by_code["BH"]["status"] == "in_force"


def test_as_of_is_inclusive_of_the_day(client, seeded):
    on_the_day = kz(client, as_of="2025-11-06")

    assert on_the_day["status"] == "announced"
    # the announcement and the "final stage" statement of the same day; not those of 7 Nov
    assert [event["kind"] for event in on_the_day["events"]] == ["announced", "statement"]


def test_status_filter_with_as_of_filters_on_the_status_of_that_day(client, seeded):
    response = client.get("/api/memberships/", {"as_of": "2020-12-01", "status": "announced"})
    today = client.get("/api/memberships/", {"status": "announced"})

    assert [m["country"]["code"] for m in response.json()["results"]] == ["SD"]
    assert [m["country"]["code"] for m in today.json()["results"]] == ["KZ"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"accord": "abraham-accords", "country": "MA"}, ["MA"]),
        ({"role": "witness"}, ["US"]),
        ({"status": "signed"}, ["US", "SD"]),
        ({"accord": "another-accord"}, []),
    ],
)
def test_membership_filters(client, seeded, params, expected):
    response = client.get("/api/memberships/", params)

    assert response.status_code == 200
    assert [m["country"]["code"] for m in response.json()["results"]] == expected


def test_memberships_are_in_joining_order_by_default_and_follow_ordering(client, seeded):
    default = client.get("/api/memberships/").json()["results"]
    by_country = client.get("/api/memberships/", {"ordering": "-country"}).json()["results"]

    assert [m["country"]["code"] for m in default] == ["AE", "BH", "IL", "US", "SD", "MA", "KZ"]
    assert [m["country"]["code"] for m in by_country] == ["US", "SD", "MA", "KZ", "IL", "BH", "AE"]


def test_as_of_ordering_by_status_uses_the_status_of_that_day(client, seeded):
    results = client.get(
        "/api/memberships/", {"as_of": "2020-12-01", "ordering": "status,country"}
    ).json()["results"]

    assert [(m["status"], m["country"]["code"]) for m in results] == [
        ("announced", "SD"),
        ("in_force", "BH"),
        ("ratified", "AE"),
        ("ratified", "IL"),
        ("signed", "US"),
    ]


def test_membership_detail(client, seeded):
    membership_id = kz(client)["id"]

    response = client.get(f"/api/memberships/{membership_id}/")

    assert response.status_code == 200
    assert response.json()["status"] == "announced"
    assert client.get("/api/memberships/999999/").status_code == 404
    assert client.get("/api/memberships/not-a-number/").status_code == 404


def test_event_items_carry_their_membership_and_sources(client, seeded):
    response = client.get("/api/events/", {"country": "KZ", "kind": "announced"})

    [event] = response.json()["results"]
    assert set(event) >= {"id", "accord", "country", "kind", "date", "date_precision"}
    assert set(event) >= {"title", "place", "sources"}
    assert event["accord"] == "abraham-accords"
    assert event["country"] == {"code": "KZ", "name": "Kazakhstan"}
    assert event["date"] == "2025-11-06"
    assert event["place"] == "Washington"
    assert [s["publisher"] for s in event["sources"]] == [
        "Anadolu Agency",
        "detikNews",
        "Kazinform",
    ]
    source_fields = {"url", "archived_url", "title", "publisher", "published_on", "copy_of"}
    assert set(event["sources"][0]) == source_fields | {"secondary", "language"}
    assert client.get(f"/api/events/{event['id']}/").json() == event


def test_event_date_bounds_are_inclusive(client, seeded):
    response = client.get("/api/events/", {"date_after": "2020-09-15", "date_before": "2020-09-15"})

    events = response.json()["results"]
    assert {e["country"]["code"] for e in events} == {"AE", "BH", "IL", "US"}
    assert {e["date"] for e in events} == {"2020-09-15"}


def test_event_filters_by_accord_country_and_kind(client, seeded):
    morocco = client.get("/api/events/", {"accord": "abraham-accords", "country": "MA"})
    signings = client.get("/api/events/", {"kind": "signed"})

    assert [e["kind"] for e in morocco.json()["results"]] == [
        "announced",
        "signed",
        "relations_established",
        "mission_opened",
        "envoy_arrived",
        "mission_opened",
    ]
    assert {e["kind"] for e in signings.json()["results"]} == {"signed"}
    assert signings.json()["count"] == 6


def test_events_are_by_date_by_default_and_follow_ordering(client, seeded):
    default = [e["date"] for e in client.get("/api/events/").json()["results"]]
    latest_first = [
        e["date"] for e in client.get("/api/events/", {"ordering": "-date"}).json()["results"]
    ]

    assert default == sorted(default)
    assert latest_first == sorted(default, reverse=True)


def test_lists_are_paginated_with_a_bounded_page_size(client, seeded):
    first = client.get("/api/events/", {"page_size": 5}).json()
    second = client.get(first["next"]).json()

    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 39
    assert len(first["results"]) == 5
    assert first["previous"] is None
    assert second["previous"] is not None
    assert {e["id"] for e in first["results"]}.isdisjoint({e["id"] for e in second["results"]})
    assert client.get("/api/events/", {"page_size": 501}).status_code == 400
    assert len(client.get("/api/events/", {"page_size": 500}).json()["results"]) == 39


@pytest.mark.parametrize(
    ("url", "params", "status", "field"),
    [
        ("/api/memberships/", {"status": "bogus"}, 400, "status"),
        ("/api/memberships/", {"role": "bogus"}, 400, "role"),
        ("/api/memberships/", {"as_of": "2020-13-45"}, 400, "as_of"),
        ("/api/memberships/", {"as_of": "yesterday"}, 400, "as_of"),
        ("/api/memberships/", {"country": "ZZ"}, 400, "country"),
        ("/api/memberships/", {"ordering": "bogus"}, 400, "ordering"),
        ("/api/events/", {"kind": "bogus"}, 400, "kind"),
        ("/api/events/", {"date_after": "2020-02-30"}, 400, "date_after"),
        ("/api/events/", {"date_before": "not a date"}, 400, "date_before"),
        ("/api/events/", {"page_size": "abc"}, 400, "page_size"),
        ("/api/events/", {"page_size": "0"}, 400, "page_size"),
        ("/api/events/", {"page": "999"}, 404, "detail"),
        ("/api/events/", {"page": "abc"}, 404, "detail"),
        ("/api/events/", {"format": "xml"}, 404, "detail"),
    ],
)
def test_query_values_that_make_no_sense_get_a_clear_error(
    client, seeded, url, params, status, field
):
    response = client.get(url, params)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()[field]


def test_empty_query_values_mean_the_parameter_is_left_out(client, seeded):
    response = client.get(
        "/api/memberships/", {"status": "", "as_of": "", "page_size": "", "ordering": ""}
    )

    assert response.status_code == 200
    assert response.json()["count"] == 7


def test_status_and_kind_values_are_the_foundations_vocabulary(client, seeded):
    memberships = client.get("/api/memberships/").json()["results"]
    events = client.get("/api/events/", {"page_size": 500}).json()["results"]

    assert {m["status"] for m in memberships} <= set(Status.values)
    assert {e["kind"] for e in events} <= set(EventKind.values)
