"""The reader pages through Django's test client, on the real database: what a reader gets, as
of a day and filtered from the address, safety and accessibility hooks, each state's page and
the error pages. The chart is in test_pages_chart.py, the query counts in
test_pages_queries.py, the downloads, images, embedding and citation in test_pages_export.py."""

import json
import re
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from accords.models import Event, Source
from accords.services import save_event

from .factories import make_accord, make_event, make_membership
from .page_helpers import ACCORD, HOME, chart_rows, events_table, wide_svg


def figure_of(client, path=HOME, params=None):
    """The Plotly figure the page loads on the reader's first interaction."""
    html = client.get(path, params or {}).content.decode()
    url = re.search(r'data-figure-url="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


def members_table(response):
    html = response.content.decode()
    start = html.index('<table class="members">')
    return html[start : html.index("</table>", start)]


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
    # The home lists every accord ("All accords", tests/test_states_and_feeds.py), which
    # replaces its "Other accords" links.
    assert 'href="/accords/nato/"' not in client.get(HOME).content.decode()
    make_accord(slug="nato", name="North Atlantic Treaty")

    html = client.get(HOME).content.decode()

    assert "All accords" in html and "Other accords" not in html
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
    for shown in ["<h1>Sudan</h1>", "6 Jan 2021", "Khartoum", "AP", "Stalled"]:
        assert shown in html, shown


def test_summary_counts_states_in_each_status_and_names_the_latest_change(client, seeded):
    html = client.get(HOME).content.decode()

    counts = re.findall(r'status-count status-(\w+)">.*?<strong>(\d+)</strong>', html)
    assert dict(counts) == {"announced": "1", "signed": "2", "in_force": "4"}
    latest = re.search(r'<p class="latest">(.*?)</p>', html, re.S).group(1)
    for shown in ["Kazakhstan", "announced", "6 Nov 2025", "Anadolu Agency"]:
        assert shown in latest, shown


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
    for shown in ["13 Aug 2020", "Embassy opened", "Jerusalem Post"]:
        assert shown in table, shown


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
        for trace in figure_of(client, HOME, {"kind": "embassy_opened"})["data"]
        if "kind" in trace.get("meta", {})
    }
    assert marker_kinds <= {"embassy_opened", "group"}
    assert set(re.findall(r'class="marker marker-([\w-]+)"', wide_svg(response))) <= {
        "embassy_opened",
        "group",
    }


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
    hover = json.dumps(figure_of(client))
    assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;" in hover


def test_the_first_view_loads_only_the_small_script_and_plotly_waits_for_the_reader(client, seeded):
    html = client.get(HOME).content.decode()

    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources == [static("js/timeline.js")]
    assert f'data-plotly="{static("plotly/plotly.min.js")}"' in html  # loaded on interaction
    head = html.split("<main")[0]
    hosts = {m.group(3) for m in re.finditer(r'(src|href|content)="(https?:)?//([^/"]+)', head)}
    assert hosts <= {"testserver"}  # the canonical link and the card's image: this site
    assert re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) == []  # no inline script


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


# --- Dates out of bounds --------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9810-01-01", "0002-01-01", "0999-12-31", "2999-01-01"])
def test_an_as_of_before_the_year_1000_or_after_today_is_a_clear_400(client, seeded, day):
    response = client.get(HOME, {"as_of": day})

    html = response.content.decode()
    assert response.status_code == 400
    assert "could not be read" in html
    assert ("before the year 1000" in html) or ("after today" in html)


def test_an_as_of_before_the_first_event_shows_the_empty_accord_and_when_it_began(client, seeded):
    response = client.get(HOME, {"as_of": "2019-06-01"})

    html = response.content.decode()
    assert response.status_code == 200
    assert chart_rows(response) == []
    assert "the Abraham Accords began on 13 Aug 2020" in html


# --- Each state's page ---------------------------------------------------------------------------


def test_a_state_page_has_its_own_chart_notes_and_source_links_and_honours_as_of(client, db):
    accord = make_accord(slug="abraham-accords")
    membership = make_membership(accord, "MA")
    make_event(membership, "announced", date(2020, 12, 10), notes="By the king's office.")
    make_event(
        membership,
        "signed",
        date(2020, 12, 22),
        sources=[{"publisher": "Reuters", "url": "https://example.org/ma"}],
    )
    make_membership(make_accord(slug="other", name="Other Accord"), "MA")

    page = client.get(ACCORD + "ma/").content.decode()
    before = client.get(ACCORD + "ma/", {"as_of": "2020-12-15"}).content.decode()

    assert '<svg class="timeline-svg timeline-svg-wide"' in page
    assert page.count('class="marker ') >= 2 or "marker-group" in page
    assert "By the king&#x27;s office." in page
    assert '<a href="https://example.org/ma" rel="noopener">Reuters</a>' in page
    assert "Other Accord" in page  # the state's other accords
    assert "Status on 15 Dec 2020:" in before
    assert "announced" in before
    assert "22 Dec 2020" not in before
    assert client.get(ACCORD + "ma/", {"as_of": "9810-01-01"}).status_code == 400


# --- Error pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [400, 403, 404, 500])
def test_error_pages_have_the_site_header_and_a_way_back(code):
    html = render_to_string(f"{code}.html")

    assert 'class="site-header"' in html
    assert 'href="/">Back to the timeline</a>' in html


def test_an_unknown_address_gets_the_sites_404_page(client, seeded, settings):
    settings.DEBUG = False

    response = client.get("/accords/no-such-accord/")

    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()
