"""A state's page across accords and its API twin, the home page's list of accords, the Atom
feeds and the public "Recent changes" page."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.utils.html import escape

from accords.editors import EDITORS_GROUP
from accords.models import EditorCredit, Event, Membership
from accords.services import save_event

from .admin_helpers import event_change_post
from .conftest import load_seed
from .factories import make_accord, make_event, make_membership, make_user

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def both(db):
    """The Abraham Accords and NATO, as the loader loads them."""
    load_seed("abraham-accords", "nato")


# --- A state's page -------------------------------------------------------------------------


def test_state_page_lists_the_united_states_in_both_accords(client, both):
    response = client.get("/states/US/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>United States of America</h1>" in html or "<h1>United States</h1>" in html
    assert 'href="/accords/abraham-accords/US/"' in html
    assert 'href="/accords/nato/US/"' in html
    assert "Witness" in html and "Founding party" in html
    assert "In force" in html  # NATO's status
    assert html.count("<svg") == 2  # the wide and the narrow drawing
    assert "Content-Security-Policy" in response.headers
    assert 'type="application/atom+xml" href="/states/US/feed.atom"' in html


def test_state_page_honours_as_of(client, both):
    html = client.get("/states/US/", {"as_of": "1950-01-01"}).content.decode()

    nato = re.search(r'href="/accords/nato/US/\?as_of=1950-01-01">.*?</tr>', html, re.S).group(0)
    assert "In force" in nato and "24 Aug 1949" in nato
    abraham = re.search(r"Abraham Accords</a>.*?</tr>", html, re.S).group(0)
    assert "No status yet" in abraham


@pytest.mark.parametrize("as_of", ["0999-12-31", "2999-01-01", "nonsense"])
def test_state_page_refuses_a_bad_as_of_with_a_400_that_says_why(client, both, as_of):
    response = client.get("/states/US/", {"as_of": as_of})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_state_page_redirects_a_lowercase_code_and_404s_unknown_ones(client, both):
    response = client.get("/states/us/", {"as_of": "2000-01-01"})
    assert response.status_code == 301
    assert response["Location"] == "/states/US/?as_of=2000-01-01"
    for path in ["/states/XX/", "/states/USA/", "/states/1a/", "/states/JP/", "/states/x%3C/"]:
        assert client.get(path).status_code == 404, path


def test_each_accords_state_page_links_to_the_state_page(client, both):
    html = client.get("/accords/nato/US/").content.decode()

    assert 'href="/states/US/"' in html


def _grow(accords, events):
    for _n in range(accords):
        membership = make_membership(make_accord(), "US")
        for i in range(events):
            stages = ["announced", "signed", "ratified", "entered_into_force"]
            kind = stages[i] if i < len(stages) else "statement"
            make_event(membership, kind, date(1900 + i, 1, 1), sources=2)


@pytest.mark.parametrize("accords, events", [(2, 2), (20, 20)])
def test_state_page_query_count_is_pinned(client, db, django_assert_num_queries, accords, events):
    _grow(accords, events)

    # The memberships, their events, their status periods.
    with django_assert_num_queries(3):
        response = client.get("/states/US/")
    assert response.status_code == 200


def test_state_page_escapes_names(client, db):
    accord = make_accord(name="<script>alert(1)</script>")
    make_event(make_membership(accord, "US"), title="<script>alert(2)</script>")

    html = client.get("/states/US/").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)" in html


# --- The API twin ----------------------------------------------------------------------------


def test_api_state_lists_the_united_states_in_both_accords(client, both):
    response = client.get("/api/states/US/")

    assert response.status_code == 200
    data = response.json()
    assert data["country"]["code"] == "US"
    by_accord = {m["accord"]: m for m in data["memberships"]}
    assert set(by_accord) == {"abraham-accords", "nato"}
    assert by_accord["nato"]["role"] == "founding_party"
    assert by_accord["nato"]["status"] == "in_force"
    assert by_accord["abraham-accords"]["role"] == "witness"
    membership = Membership.objects.get(accord__slug="nato", country="US")
    assert by_accord["nato"]["url"].endswith(f"/api/memberships/{membership.pk}/")


def test_api_state_honours_as_of_and_refuses_a_bad_one(client, both):
    data = client.get("/api/states/us/", {"as_of": "1950-01-01"}).json()
    by_accord = {m["accord"]: m for m in data["memberships"]}
    assert by_accord["nato"]["status"] == "in_force"
    assert by_accord["nato"]["status_since"] == "1949-08-24"
    assert by_accord["abraham-accords"]["status"] is None

    response = client.get("/api/states/US/", {"as_of": "2999-01-01"})
    assert response.status_code == 400
    assert "as_of" in response.json()


@pytest.mark.parametrize("code", ["XX", "JP", "USA"])
def test_api_state_404s_for_an_unknown_code_or_one_in_no_accord(client, both, code):
    response = client.get(f"/api/states/{code}/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


# --- The home page's list of accords ---------------------------------------------------------


def test_home_lists_every_accord_with_members_and_latest_change(client, both):
    html = client.get("/").content.decode()

    section = html[html.index('id="all-accords-heading"') :]
    assert 'href="/accords/nato/"' in section and 'href="/accords/abraham-accords/"' in section
    nato = re.search(r'href="/accords/nato/">.*?</tr>', section, re.S).group(0)
    assert "32 states" in nato
    assert "Sweden" in nato and "2024" in nato
    assert "Timeline of the Abraham Accords" in html or "abraham" in html.lower()


# --- Feeds ------------------------------------------------------------------------------------


def parse_atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for child in ("title", "link", "id", "updated", "summary"):
            assert entry.find(f"{ATOM}{child}") is not None, child
    return root, entries


@pytest.mark.parametrize(
    "path, title",
    [
        ("/feed.atom", "Treaty-membership timeline: recorded events"),
        ("/accords/nato/feed.atom", "North Atlantic Treaty: recorded events"),
        ("/states/US/feed.atom", "United States of America: recorded events"),
    ],
)
def test_feeds_are_valid_atom_with_an_edit_first(client, both, path, title):
    root, entries = parse_atom(client.get(path))
    assert root.find(f"{ATOM}title").text.split(":")[0] in title
    assert entries

    event = Event.objects.get(
        membership__accord__slug="nato", membership__country="US", kind="signed"
    )
    event.title = "Signed in Washington <b>corrected</b>"
    save_event(event=event)

    _root, entries = parse_atom(client.get(path))
    first = entries[0]
    assert "United States" in first.find(f"{ATOM}title").text
    assert "4 Apr 1949" in first.find(f"{ATOM}title").text
    summary = first.find(f"{ATOM}summary").text
    assert "Signed in Washington &lt;b&gt;corrected&lt;/b&gt;" in summary
    assert '<a href="https://' in summary
    link = first.find(f"{ATOM}link").get("href")
    assert link.endswith(f"/accords/nato/US/#event-{event.pk}")


def test_feeds_404_for_unknown_accords_and_states(client, both):
    assert client.get("/accords/nothing/feed.atom").status_code == 404
    assert client.get("/states/XX/feed.atom").status_code == 404
    assert client.get("/states/JP/feed.atom").status_code == 404


def test_pages_link_their_feeds(client, both):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/feed.atom"' in home
    accord = client.get("/accords/nato/").content.decode()
    assert 'type="application/atom+xml" href="/accords/nato/feed.atom"' in accord


# --- Recent changes ---------------------------------------------------------------------------


@pytest.fixture
def named_editor(db):
    user = make_user("zelda-quartermain", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def test_an_admin_edit_appears_with_old_and_new_title_and_no_editor_name(
    client, seeded, named_editor
):
    event = Event.objects.filter(membership__country="MA").order_by("date").first()
    old_title = event.title
    client.force_login(named_editor)
    url = f"/admin/accords/event/{event.pk}/change/"
    response = client.post(url, event_change_post(event, title="Morocco's title, corrected"))
    assert response.status_code == 302
    client.logout()

    response = client.get("/changes/")

    assert response.status_code == 200
    html = response.content.decode()
    first = html[html.index('<li class="change') :][:3000]
    assert "changed" in first
    assert "Morocco" in first
    assert escape(old_title) in first and escape("Morocco's title, corrected") in first
    assert "zelda" not in html.lower()
    assert "an editor" in html and "Editors are named only if they chose to be credited" in html


def test_changes_page_shows_added_and_deleted_events_and_sources(client, db):
    event = make_event(title="A <script>bad()</script> title", sources=2)
    html = client.get("/changes/").content.decode()

    assert "added" in html
    assert "<script>bad" not in html
    assert "&lt;script&gt;bad()" in html
    assert 'href="https://example.org/1"' in html
    event_id = event.pk
    event.delete()
    html = client.get("/changes/").content.decode()
    assert "deleted" in html
    assert f"#event-{event_id}" in html  # the sources' added entries still link their event


def test_changes_page_is_paginated_50_a_page(client, db):
    membership = make_membership(make_accord(), "US")
    for i in range(30):
        make_event(membership, "statement", date(1900 + i, 1, 1))  # 30 events + 30 sources

    first = client.get("/changes/").content.decode()
    second = client.get("/changes/", {"page": 2}).content.decode()

    assert first.count('<li class="change') == 50
    assert second.count('<li class="change') == 10
    assert "Page 1 of 2" in first


@pytest.mark.parametrize("events", [3, 30])
def test_changes_page_query_count_is_pinned(client, db, django_assert_num_queries, events):
    membership = make_membership(make_accord(), "US")
    made = [
        make_event(membership, "statement", date(1900 + i, 1, 1), sources=2) for i in range(events)
    ]
    editors = [make_user(f"editor-{i}", editor=True, is_staff=True) for i in range(5)]
    for i, (event, editor) in enumerate(zip(made[:5], editors, strict=False)):
        EditorCredit.objects.create(user=editor, credited=i % 2 == 0, public_name=f"Editor {i}")
        event.title += " (corrected)"
        event._history_user = editor
        save_event(event=event)

    # The count, the page, each model's versions and the versions before the changed ones,
    # the events the sources belong to, the memberships, the credited editors.
    with django_assert_num_queries(9):
        response = client.get("/changes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Editor 0" in html and "Editor 2" in html  # credited
    assert "Editor 1" not in html  # not credited


def test_an_edit_of_a_translation_alone_is_listed_with_its_language(client, seeded):
    event = Event.objects.filter(membership__country="MA").order_by("date").first()
    old_arabic = event.title_ar
    event.title_ar = "المغرب يوقّع"
    save_event(event=event)

    html = client.get("/changes/").content.decode()

    first = html[html.index('<li class="change') :][:3000]
    assert "Title (Arabic)" in first
    assert f'<ins><bdi lang="ar">{escape("المغرب يوقّع")}</bdi></ins>' in first
    assert f'<del><bdi lang="ar">{escape(old_arabic or "—")}</bdi></del>' in first
    assert "Title (English)" not in first  # the English title did not change

    indonesian = client.get("/id/changes/").content.decode()
    assert "Judul (Arab)" in indonesian[indonesian.index('<li class="change') :][:3000]
