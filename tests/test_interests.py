"""States reported as interested: kept apart from the members, never counted, each sourced."""

from django.urls import reverse
from rest_framework.authtoken.models import Token

from accords.models import ReportedInterest, Source

from .api_helpers import send


def test_interests_are_listed_with_their_sources_in_the_api(client, seeded):
    response = client.get("/api/interests/", {"accord": "abraham-accords"})

    assert response.status_code == 200
    by_name = {item["name"]: item for item in response.json()["results"]}
    saudi = by_name["Saudi Arabia"]
    assert saudi["country"] == {"code": "SA", "name": "Saudi Arabia"}
    assert saudi["date"] == "2025-11-18"
    assert saudi["sources"][0]["url"].startswith("https://allisraelnews.com/")
    somaliland = by_name["Somaliland"]
    assert (somaliland["country"], somaliland["entity"]) == (None, "Somaliland")


def test_interested_states_are_never_members(client, seeded):
    members = client.get("/api/memberships/", {"page_size": 500}).json()["results"]
    codes = {m["country"]["code"] for m in members if m["accord"] == "abraham-accords"}
    assert codes == {"AE", "BH", "IL", "US", "MA", "SD", "KZ"}
    as_of = client.get("/api/memberships/", {"as_of": "2025-12-31", "page_size": 500}).json()
    assert "SA" not in {m["country"]["code"] for m in as_of["results"]}


def test_interests_are_read_only_in_the_api(client, seeded, editor):
    token = Token.objects.get_or_create(user=editor)[0].key
    before = ReportedInterest.objects.count()
    response = send(
        client,
        "POST",
        "/api/interests/",
        {"accord": "abraham-accords", "country": "OM", "date": "2025-01-01", "note": "x"},
        token=token,
    )
    assert response.status_code == 405
    assert ReportedInterest.objects.count() == before


def test_an_interest_names_a_state_or_an_entity_never_both_or_neither(editor_client, seeded):
    accord = ReportedInterest.objects.first().accord
    base = {
        "accord": accord.pk,
        "date": "2025-01-01",
        "date_precision": "day",
        "note": "Reported interest.",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "1",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-publisher": "Wire",
        "sources-0-url": "https://example.org/oman",
    }
    url = reverse("admin:accords_reportedinterest_add")
    before = ReportedInterest.objects.count()
    for country, entity in [("OM", "Oman"), ("", "")]:
        response = editor_client.post(url, {**base, "country": country, "entity": entity})
        assert response.status_code == 200
        assert "either the state" in response.content.decode()
    assert ReportedInterest.objects.count() == before
    response = editor_client.post(url, {**base, "country": "OM", "entity": ""})
    assert response.status_code == 302
    assert ReportedInterest.objects.filter(country="OM").exists()


def test_the_accord_page_lists_interested_states_apart_and_never_on_the_chart(client, seeded):
    html = client.get("/").content.decode()

    interested = html[html.index('id="interested-heading"') :]
    assert "Saudi Arabia" in interested
    assert "Somaliland" in interested and "no ISO 3166-1 code" in interested
    assert 'href="https://allisraelnews.com/' in interested
    chart = html[: html.index('id="interested-heading"')]
    assert 'data-row="SA"' not in chart
    assert "Saudi Arabia" not in chart
    assert "7 states had a part" in html


def test_agency_copies_and_secondary_sources_are_marked_where_sources_are_listed(client, seeded):
    secondary = Source.objects.filter(secondary=True).select_related("event__membership").first()
    state_page = client.get(secondary.event.membership.get_absolute_url()).content.decode()
    kazakhstan = client.get("/accords/abraham-accords/KZ/").content.decode()

    assert f'>{secondary.publisher}</a> <em class="secondary-source">(secondary source)</em>' in (
        state_page
    )
    assert ">detikNews</a> (Reuters copy)" in kazakhstan


def test_a_web_address_in_a_states_notes_is_a_link(client, seeded):
    html = client.get("/accords/abraham-accords/KZ/").content.decode()
    assert '<a href="https://en.wikipedia.org/wiki/Israel%E2%80%93Kazakhstan_relations"' in html
