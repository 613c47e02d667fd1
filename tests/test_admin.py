"""The editors' admin, driven through the real admin views as an editor would."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accords.editors import EDITOR_PERMISSIONS, EDITORS_GROUP
from accords.models import Event, Membership, Source

from .admin_helpers import EVENT_ADD, event_change_post, event_post
from .conftest import load_seed, load_seed_grown_tenfold


@pytest.fixture
def kazakhstan(seeded):
    return Membership.objects.get(accord__slug="abraham-accords", country="KZ")


def test_editors_group_has_exactly_the_permissions_editors_need(db):
    group = Group.objects.get(name=EDITORS_GROUP)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    expected = {
        ("accords", f"{action}_{model}")
        for model, actions in EDITOR_PERMISSIONS.items()
        for action in actions
    }
    assert granted == expected
    assert ("accords", "delete_accord") not in granted


def test_editor_adds_an_event_with_its_source_and_the_status_changes(editor_client, kazakhstan):
    assert kazakhstan.status == "announced"
    response = editor_client.post(EVENT_ADD, event_post(kazakhstan))
    assert response.status_code == 302, response.content.decode()[:2000]
    kazakhstan.refresh_from_db()
    assert kazakhstan.status == "signed"
    assert kazakhstan.status_since == date(2026, 1, 15)
    assert kazakhstan.status_event.sources.get().publisher == "Example Wire"
    # and the reader page shows it at once
    page = editor_client.get(reverse("timeline:home")).content.decode()
    assert "15 Jan 2026" in page


def test_an_event_without_a_source_is_refused_and_nothing_is_saved(editor_client, kazakhstan):
    data = event_post(kazakhstan, **{"sources-0-publisher": "", "sources-0-title": ""})
    data.update({"sources-0-url": "", "sources-0-published_on": ""})
    response = editor_client.post(EVENT_ADD, data)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Event.objects.filter(membership=kazakhstan, kind="signed").exists()
    kazakhstan.refresh_from_db()
    assert kazakhstan.status == "announced"


def test_deleting_every_source_of_an_event_is_refused(editor_client, kazakhstan):
    event = Event.objects.filter(membership=kazakhstan, kind="statement").first()
    sources_before = event.sources.count()
    url = reverse("admin:accords_event_change", args=[event.pk])
    data = event_change_post(event, delete_sources=True)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Please submit at least 1 form" in response.content.decode()
    assert event.sources.count() == sources_before


def test_a_signing_before_the_announcement_is_shown_on_the_date_field(editor_client, kazakhstan):
    response = editor_client.post(EVENT_ADD, event_post(kazakhstan, date="2025-11-01"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["date"] == [
        "The signing cannot be dated before the announcement (6 Nov 2025)."
    ]
    assert not Event.objects.filter(membership=kazakhstan, kind="signed").exists()
    assert not Source.objects.filter(publisher="Example Wire").exists()


def test_a_precision_that_does_not_match_is_shown_on_its_field(editor_client, kazakhstan):
    response = editor_client.post(
        EVENT_ADD, event_post(kazakhstan, date="2026-01-15", date_precision="month")
    )
    assert response.status_code == 200
    assert "date_precision" in response.context["adminform"].form.errors
    assert not Event.objects.filter(membership=kazakhstan, kind="signed").exists()


def test_an_unknown_country_is_refused_in_the_membership_form(editor_client, seeded):
    accord = Membership.objects.get(country="KZ").accord
    response = editor_client.post(
        reverse("admin:accords_membership_add"),
        {"accord": accord.pk, "country": "XX", "role": "party", "notes": ""},
    )
    assert response.status_code == 200
    assert "country" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(country="XX").exists()


def test_anonymous_visitor_is_sent_to_the_login_page(client, kazakhstan):
    for url in [
        reverse("admin:index"),
        reverse("admin:accords_event_changelist"),
        reverse("admin:accords_membership_change", args=[kazakhstan.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    response = client.post(EVENT_ADD, event_post(kazakhstan))
    assert response.status_code == 302
    assert not Event.objects.filter(membership=kazakhstan, kind="signed").exists()


def test_staff_outside_editors_cannot_view_or_change(client, non_editor, kazakhstan):
    client.force_login(non_editor)
    assert client.get(reverse("admin:accords_event_changelist")).status_code == 403
    assert client.post(EVENT_ADD, event_post(kazakhstan)).status_code == 403
    change = reverse("admin:accords_membership_change", args=[kazakhstan.pk])
    assert client.post(change, {"accord": kazakhstan.accord_id, "country": "KZ"}).status_code == 403
    assert not Event.objects.filter(membership=kazakhstan, kind="signed").exists()


def test_editor_cannot_delete_an_accord(editor_client, kazakhstan):
    url = reverse("admin:accords_accord_delete", args=[kazakhstan.accord_id])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=kazakhstan.pk).exists()


def test_history_shows_who_changed_what_and_a_revert_restores_it(editor_client, kazakhstan):
    event = Event.objects.get(membership=kazakhstan, kind="announced")
    original_title = event.title
    change_url = reverse("admin:accords_event_change", args=[event.pk])
    data = event_change_post(event, title="A wrong title")
    assert editor_client.post(change_url, data).status_code == 302
    event.refresh_from_db()
    assert event.title == "A wrong title"

    latest = event.history.latest()
    assert latest.history_user.username == "editor"
    history_page = editor_client.get(reverse("admin:accords_event_history", args=[event.pk]))
    assert history_page.status_code == 200
    assert "editor" in history_page.content.decode()

    before_change = event.history.earliest()
    revert_url = reverse(
        "admin:accords_event_simple_history", args=[event.pk, before_change.history_id]
    )
    assert editor_client.get(revert_url).status_code == 200
    revert_data = {**data, "title": original_title}
    assert editor_client.post(revert_url, revert_data).status_code == 302
    event.refresh_from_db()
    assert event.title == original_title
    assert event.history.latest().history_user.username == "editor"


def test_membership_list_shows_status_and_since_and_filters_by_status(editor_client, seeded):
    url = reverse("admin:accords_membership_changelist")
    response = editor_client.get(url, {"status__exact": "announced"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kazakhstan" in page
    assert "6 Nov 2025" in page
    assert "Morocco" not in page


def test_admin_search_finds_a_state_by_its_name(editor_client, seeded):
    memberships = editor_client.get(reverse("admin:accords_membership_changelist"), {"q": "kazakh"})
    assert list(memberships.context["cl"].result_list.values_list("country", flat=True)) == ["KZ"]
    events = editor_client.get(reverse("admin:accords_event_changelist"), {"q": "morocco"})
    found = [e.membership.country.code for e in events.context["cl"].result_list]
    # every event of Morocco's, and others whose title names it (Israel's cabinet approval)
    assert found.count("MA") == 6
    assert "SD" not in found


def test_membership_autocomplete_finds_a_state_by_name(editor_client, seeded):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Sudan",
            "app_label": "accords",
            "model_name": "event",
            "field_name": "membership",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Sudan — Abraham Accords"]


#: The admin's lists of the data.
ADMIN_LISTS = [
    "admin:accords_accord_changelist",
    "admin:accords_membership_changelist",
    "admin:accords_event_changelist",
    "admin:accords_source_changelist",
]


@pytest.mark.parametrize("name", ADMIN_LISTS)
def test_admin_lists_load_for_an_editor(editor_client, seeded, name):
    assert editor_client.get(reverse(name)).status_code == 200


def test_admin_change_pages_with_inlines_load(editor_client, kazakhstan):
    event = Event.objects.filter(membership=kazakhstan).first()
    for url in [
        reverse("admin:accords_accord_change", args=[kazakhstan.accord_id]),
        reverse("admin:accords_membership_change", args=[kazakhstan.pk]),
        reverse("admin:accords_event_change", args=[event.pk]),
        EVENT_ADD + f"?membership={kazakhstan.pk}",
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
    page = editor_client.get(reverse("admin:accords_membership_change", args=[kazakhstan.pk]))
    assert "6 Nov 2025" in page.content.decode()
    assert "Add an event with its source" in page.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ADMIN_LISTS)
def test_admin_list_query_count_does_not_grow_with_the_data(editor_client, name):
    url = reverse(name)
    with transaction.atomic():  # the seed alone, then back to an empty database
        load_seed("abraham-accords")
        before = count_queries(editor_client, url)
        transaction.set_rollback(True)
    load_seed_grown_tenfold()
    assert (Membership.objects.count(), Event.objects.count()) == (7 + 100, 39 + 210)
    assert count_queries(editor_client, url) == before


def test_create_editor_command_makes_a_staff_user_who_can_edit(db, monkeypatch, client):
    monkeypatch.setenv("EDITOR_PASSWORD", "a-long-editor-passphrase")
    call_command("create_editor", "alice", "--noinput")
    # django-axes checks every login against its lock-outs, which needs the request.
    assert client.login(
        request=HttpRequest(), username="alice", password="a-long-editor-passphrase"
    )
    assert client.get(reverse("admin:accords_event_add")).status_code == 200


def test_create_editor_refuses_a_weak_password_and_creates_nobody(db, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor", "bob", "--noinput")
    assert not User.objects.filter(username="bob").exists()


def test_a_source_cannot_be_deleted_or_moved_outside_its_event_page(editor_client, kazakhstan):
    source = Event.objects.get(membership=kazakhstan, kind="announced").sources.first()
    delete_url = reverse("admin:accords_source_delete", args=[source.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:accords_source_changelist")
    response = editor_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [source.pk], "post": "yes"}
    )
    assert Source.objects.filter(pk=source.pk).exists()
    # the list comes back as it was, with no actions to choose from (none may delete)
    assert response.status_code == 200
    assert 'name="action"' not in response.content.decode()
    assert source.publisher in response.content.decode()
    other_event = Event.objects.filter(membership=kazakhstan, kind="statement").first()
    change_url = reverse("admin:accords_source_change", args=[source.pk])
    corrected = {"publisher": "Corrected", "title": source.title, "url": source.url}
    response = editor_client.post(change_url, {**corrected, "event": other_event.pk})
    # the correction is saved; the event, read-only on this page, is not changed
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.publisher == "Corrected"
    assert source.event.kind == "announced"


def test_history_of_an_event_whose_membership_was_deleted_still_opens(editor_client, kazakhstan):
    event_id = Event.objects.get(membership=kazakhstan, kind="announced").pk
    delete_url = reverse("admin:accords_membership_delete", args=[kazakhstan.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=event_id).exists()
    history = editor_client.get(reverse("admin:accords_event_history", args=[event_id]))
    assert history.status_code == 200


def test_odd_admin_addresses_and_searches_do_not_fail(editor_client, seeded):
    assert editor_client.get(EVENT_ADD + "?membership=abc").status_code == 200
    for name in ["admin:accords_membership_changelist", "admin:accords_event_changelist"]:
        response = editor_client.get(reverse(name), {"q": "Kazakh'\"%_<b>"})
        assert response.status_code == 200
        # A NUL is refused before any query (timeline.middleware): PostgreSQL cannot store it.
        assert editor_client.get(reverse(name), {"q": "Kaz\x00akh"}).status_code == 400
    autocomplete = {"app_label": "accords", "model_name": "event", "field_name": "membership"}
    for term, status in [("Su'%_dan", 200), ("Su\x00dan", 400)]:
        response = editor_client.get(reverse("admin:autocomplete"), {**autocomplete, "term": term})
        assert response.status_code == status


def test_editor_deletes_an_event_with_its_sources_and_the_status_follows(editor_client, seeded):
    sudan = Membership.objects.get(country="SD")
    signing = Event.objects.get(membership=sudan, kind="signed")
    url = reverse("admin:accords_event_delete", args=[signing.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Source.objects.filter(event_id=signing.pk).exists()
    sudan.refresh_from_db()
    assert (sudan.status, sudan.status_since) == ("announced", date(2020, 10, 23))


@pytest.mark.parametrize("url", ["", "ftp://example.org/kz", "javascript:alert(1)"])
def test_a_source_without_a_web_address_is_refused_in_the_admin(editor_client, kazakhstan, url):
    response = editor_client.post(EVENT_ADD, event_post(kazakhstan, **{"sources-0-url": url}))
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "url" in errors[0]
    assert not Event.objects.filter(membership=kazakhstan, kind="signed").exists()
