"""The reader pages through Django's test client, on the real database."""

import json
import re
from datetime import date

import pytest
from django.templatetags.static import static
from django.urls import reverse

from accords.models import Event, Source
from accords.services import save_event

from .factories import make_accord, make_event, make_membership

HOME = "/"
ACCORD = "/accords/abraham-accords/"


def figure_of(response):
    """The figure the page hands to the chart script."""
    match = re.search(
        r'<script id="timeline-figure" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "the page carries no figure"
    return json.loads(match.group(1))


def chart_rows(response):
    return figure_of(response)["layout"]["yaxis"]["tickvals"]


def members_table(response):
    html = response.content.decode()
    start = html.index('<table class="members">')
    return html[start : html.index("</table>", start)]


def events_table(response):
    html = response.content.decode()
    return html[html.index('<table class="events">') : html.index('<table class="members">')]


# --- What a reader gets --------------------------------------------------------------------


def test_home_shows_the_abraham_accords_chart_with_one_row_per_state_in_joining_order(
    client, seeded
):
    response = client.get(HOME)

    assert response.status_code == 200
    assert chart_rows(response) == ["AE", "BH", "IL", "US", "SD", "MA", "KZ"]
    assert "<h1>Abraham Accords</h1>" in response.content.decode()


def test_any_accord_has_its_own_page(client, seeded):
    accord = make_accord(slug="test-accord", name="Test Accord")
    make_event(make_membership(accord, "FR"), "signed", date(2001, 5, 1))

    response = client.get(reverse("timeline:accord", kwargs={"slug": "test-accord"}))

    assert response.status_code == 200
    assert chart_rows(response) == ["FR"]
    assert "<h1>Test Accord</h1>" in response.content.decode()


def test_home_links_to_the_other_accords_when_several_exist(client, seeded):
    assert "Other accords" not in client.get(HOME).content.decode()
    make_accord(slug="nato", name="North Atlantic Treaty")

    html = client.get(HOME).content.decode()

    assert "Other accords" in html
    assert 'href="/accords/nato/"' in html


def test_home_without_any_accord_says_how_to_load_one(client, db):
    response = client.get(HOME)

    assert response.status_code == 200
    assert "No accord recorded yet" in response.content.decode()


def test_unknown_accord_is_not_found(client, seeded):
    assert client.get("/accords/no-such-accord/").status_code == 404


def test_unknown_state_of_an_accord_is_not_found(client, seeded):
    assert client.get(ACCORD + "FR/").status_code == 404
    assert client.get(ACCORD + "zz/").status_code == 404


def test_membership_page_lists_events_with_dates_places_and_sources(client, seeded):
    response = client.get(ACCORD + "sd/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Sudan</h1>" in html
    assert "6 Jan 2021" in html
    assert "Khartoum" in html
    assert "AP" in html
    assert "Stalled" in html


def test_summary_counts_states_in_each_status_and_names_the_latest_change(client, seeded):
    html = client.get(HOME).content.decode()

    counts = re.findall(r'status-count status-(\w+)">.*?<strong>(\d+)</strong>', html)
    assert dict(counts) == {"announced": "1", "signed": "2", "in_force": "4"}
    latest = re.search(r'<p class="latest">(.*?)</p>', html, re.S).group(1)
    assert "Kazakhstan" in latest
    assert "announced" in latest
    assert "6 Nov 2025" in latest
    assert "Anadolu Agency" in latest


def test_latest_change_links_to_its_source(client, db):
    accord = make_accord(slug="abraham-accords")
    save_event(
        event=Event(
            membership=make_membership(accord, "KZ"),
            kind="announced",
            date=date(2025, 11, 6),
            title="Announced",
        ),
        sources=[Source(publisher="Reuters", url="https://example.org/kz")],
    )

    html = client.get(HOME).content.decode()

    latest = re.search(r'<p class="latest">(.*?)</p>', html, re.S).group(1)
    assert '<a href="https://example.org/kz" rel="noopener">Reuters</a>' in latest


def test_text_summary_says_in_words_who_stands_where(client, seeded):
    html = client.get(HOME + "?as_of=2020-12-01").content.decode()

    text = re.search(r'<p id="timeline-text" class="summary-text">(.*?)</p>', html, re.S)
    assert text.group(1).startswith("On 1 Dec 2020, 5 states had a part in the Abraham Accords.")
    assert "Announced: Sudan." in text.group(1)


def test_events_table_lists_every_event_with_date_state_what_and_source(client, seeded):
    table = events_table(client.get(HOME))

    assert table.count("<tr>") == 1 + 39  # the heading and every event of the seed
    assert "13 Aug 2020" in table
    assert "Embassy opened" in table
    assert "Jerusalem Post" in table


def test_a_date_known_to_the_month_is_shown_as_the_month(client, db):
    accord = make_accord(slug="abraham-accords")
    make_event(
        make_membership(accord, "MA"), "announced", date(2020, 12, 1), date_precision="month"
    )

    table = events_table(client.get(HOME))

    assert ">Dec 2020<" in table
    assert "1 Dec 2020" not in table


# --- As of a day, and filters, from the address --------------------------------------------


def test_as_of_shows_the_accord_as_it_stood_on_that_day(client, seeded):
    response = client.get(HOME, {"as_of": "2020-12-01"})

    assert response.status_code == 200
    assert chart_rows(response) == ["AE", "BH", "IL", "US", "SD"]  # no Morocco, Kazakhstan
    members = members_table(response)
    sudan = re.search(r"Sudan</a></th>.*?</tr>", members, re.S).group(0)
    assert "announced" in sudan
    assert "Morocco" not in members
    assert "Morocco" not in events_table(response)
    assert 'value="2020-12-01"' in response.content.decode()  # the date input keeps it


def test_as_of_a_day_counts_the_events_of_that_day(client, seeded):
    response = client.get(HOME, {"as_of": "2020-12-22"})

    morocco = re.search(r"Morocco</a></th>.*?</tr>", members_table(response), re.S).group(0)
    assert "in force" in morocco


@pytest.mark.parametrize("bad", ["2020-13-45", "yesterday", "01/12/2020"])
def test_a_bad_as_of_gives_a_clear_message_not_a_server_error(client, seeded, bad):
    response = client.get(HOME, {"as_of": bad})

    html = response.content.decode()
    assert response.status_code == 400
    assert "could not be read" in html
    assert f"“{bad}” is not a date. Enter a date as YYYY-MM-DD" in html
    assert chart_rows(response) == ["AE", "BH", "IL", "US", "SD", "MA", "KZ"]  # today instead


def test_a_bad_as_of_is_escaped_in_the_message(client, seeded):
    html = client.get(HOME, {"as_of": "<script>x</script>"}).content.decode()

    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_an_unknown_status_filter_gives_a_clear_message(client, seeded):
    response = client.get(HOME, {"status": "imaginary"})

    assert response.status_code == 400
    assert "imaginary is not one of the available choices" in response.content.decode()


def test_status_filter_keeps_only_states_in_that_status(client, seeded):
    response = client.get(HOME, {"status": ["signed", "announced"]})

    assert response.status_code == 200
    assert chart_rows(response) == ["US", "SD", "KZ"]
    assert "/accords/abraham-accords/IL/" not in members_table(response)
    assert 'value="signed" id="id_status_1" checked' in response.content.decode()
    assert "Filtered: showing 3 states of 7." in response.content.decode()


def test_kind_filter_keeps_only_events_of_those_kinds(client, seeded):
    response = client.get(HOME, {"kind": "embassy_opened"})

    table = events_table(response)
    assert table.count("Embassy opened") == 5
    assert "Announced" not in table
    marker_kinds = {
        trace["meta"]["kind"]
        for trace in figure_of(response)["data"]
        if trace.get("mode") == "markers"
    }
    assert marker_kinds == {"embassy_opened"}


def test_as_of_and_filters_combine(client, seeded):
    response = client.get(HOME, {"as_of": "2021-01-10", "status": "signed"})

    assert chart_rows(response) == ["US", "SD"]


# --- Safety, offline, accessibility hooks -----------------------------------------------------


def test_markup_in_an_event_title_is_shown_as_text(client, db):
    accord = make_accord(slug="abraham-accords")
    make_event(make_membership(accord, "FR"), title="<b>x</b><script>alert(1)</script>")

    html = client.get(HOME).content.decode()

    assert "<b>x</b>" not in html
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the table
    hover = json.dumps(figure_of(client.get(HOME)))
    assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;" in hover


def test_the_page_loads_scripts_only_from_its_own_static_files(client, seeded):
    html = client.get(HOME).content.decode()

    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources == [static("plotly/plotly.min.js"), static("js/timeline.js")]
    assert not re.search(r'(src|href)="(https?:)?//', html.split("<main")[0])
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts == [' id="timeline-figure" type="application/json"']


def test_plotly_is_served_from_the_installed_package(client, db):
    response = client.get(static("plotly/plotly.min.js"))

    assert response.status_code == 200
    assert b"plotly.js" in b"".join(response.streaming_content)[:200]


def test_pages_forbid_scripts_from_other_hosts(client, seeded):
    for url in (HOME, ACCORD, ACCORD + "ae/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "default-src 'self'" in policy


def test_the_page_has_landmarks_a_skip_link_and_labelled_controls(client, seeded):
    html = client.get(HOME).content.decode()

    assert '<main id="main">' in html
    assert 'href="#main"' in html
    assert '<label for="id_as_of">' in html
    assert "<legend>" in html
    assert '<button type="submit">' in html


# --- Query counts do not grow with the data ---------------------------------------------------
# An accord's page: the accord, its memberships, their events, the events' sources, the day of
# its first event (the slider's start) and the other accords: 6, whatever the number of each.

COUNTRIES = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE NO IS CH"
)


def grow(states, events_per_state):
    """An accord at the home address with ``states`` states of ``events_per_state`` events."""
    accord = make_accord(slug="abraham-accords", name="Big Accord")
    stages = ["announced", "signed", "ratified", "entered_into_force"]
    milestones = ["embassy_opened", "statement", "visit", "mission_opened"]
    for n, country in enumerate(COUNTRIES.split()[:states]):
        membership = make_membership(accord, country)
        for i in range(events_per_state):
            kind = stages[i] if i < len(stages) else milestones[i % len(milestones)]
            make_event(membership, kind, date(1800 + i, 1, 1 + n), sources=2)
    return accord


@pytest.mark.parametrize("states, events", [(3, 2), (30, 20)])
def test_home_query_count_is_pinned_and_does_not_grow_with_the_data(
    client, db, django_assert_num_queries, states, events
):
    grow(states, events)

    with django_assert_num_queries(6):
        response = client.get(HOME)
    assert len(chart_rows(response)) == states


@pytest.mark.parametrize("states, events", [(3, 2), (30, 20)])
def test_accord_page_query_count_is_pinned_with_as_of_and_filters(
    client, db, django_assert_num_queries, states, events
):
    grow(states, events)

    with django_assert_num_queries(6):
        client.get(ACCORD, {"as_of": "2010-06-30", "status": "in_force", "kind": "signed"})


@pytest.mark.parametrize("events", [2, 200])
def test_membership_page_query_count_is_pinned(client, db, django_assert_num_queries, events):
    grow(1, events)

    with django_assert_num_queries(3):
        response = client.get(ACCORD + "at/")
    assert response.status_code == 200


def test_a_long_events_table_lists_the_latest_and_says_where_the_rest_are(
    client, seeded, monkeypatch
):
    monkeypatch.setattr("timeline.views.EVENTS_TABLE_LIMIT", 3)

    table = events_table(client.get(HOME))

    assert table.count("<tr>") == 1 + 3
    assert "The latest 3 of 39 events are listed" in client.get(HOME).content.decode()
    assert "7 Nov 2025" in table  # Kazakhstan's statement, the latest event
    assert "13 Aug 2020" not in table
