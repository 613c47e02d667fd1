"""Editors choose, each for their own account, whether the public "Recent changes" page names
them and under which name ("Your credit" in the admin); by default it names nobody."""

import pytest
from django.utils.html import escape

from accords.models import EditorCredit, Event

from .admin_helpers import event_change_post
from .factories import make_event, make_user

CREDIT_URL = "/admin/accords/editorcredit/"


@pytest.fixture
def zelda(db):
    return make_user("zelda-quartermain", editor=True, is_staff=True)


@pytest.fixture
def edited_by_zelda(client, zelda):
    """An event whose title Zelda corrected in the admin."""
    event = make_event(title="Signed in Washington")
    client.force_login(zelda)
    response = client.post(
        f"/admin/accords/event/{event.pk}/change/",
        event_change_post(event, title="Signed at the White House"),
    )
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Signed at the White House"
    return event


def first_change(client):
    client.logout()
    html = client.get("/changes/").content.decode()
    return html, html[html.index('<li class="change') :].split("</li>", 1)[0]


def choose_credit(client, user, credited, public_name):
    client.force_login(user)
    return client.post(
        CREDIT_URL, {"credited": "on" if credited else "", "public_name": public_name}
    )


def test_an_edit_is_shown_without_the_editors_name_by_default(client, edited_by_zelda):
    html, change = first_change(client)

    assert "Signed at the White House" in change
    assert "an editor" in change
    assert "zelda" not in html.lower() and "quartermain" not in html.lower()


def test_after_opting_in_the_public_name_is_shown_and_never_the_user_name(
    client, zelda, edited_by_zelda
):
    response = choose_credit(client, zelda, True, "Z. Quartermain")
    assert response.status_code == 302

    html, change = first_change(client)

    assert "Z. Quartermain" in change
    assert "an editor" not in change
    assert "zelda-quartermain" not in html


def test_opting_out_again_hides_the_name(client, zelda, edited_by_zelda):
    choose_credit(client, zelda, True, "Z. Quartermain")
    choose_credit(client, zelda, False, "Z. Quartermain")

    html, change = first_change(client)

    assert "Quartermain" not in html
    assert "an editor" in change


def test_a_public_name_with_markup_is_shown_as_text(client, zelda, edited_by_zelda):
    choose_credit(client, zelda, True, "<b onmouseover=alert(1)>Zed</b>")

    html, change = first_change(client)

    assert "<b onmouseover" not in html
    assert escape("<b onmouseover=alert(1)>Zed</b>") in change


def test_credit_without_a_public_name_is_refused_and_changes_nothing(client, zelda):
    response = choose_credit(client, zelda, True, "   ")

    assert response.status_code == 200
    assert "Give the name readers should see" in response.content.decode()
    assert not EditorCredit.objects.filter(user=zelda, credited=True).exists()


def test_an_editor_without_user_rights_reaches_the_page_from_the_admin_menu(client, zelda):
    client.force_login(zelda)

    index = client.get("/admin/").content.decode()
    page = client.get(CREDIT_URL)

    assert f'href="{CREDIT_URL}"' in index and "Your credit" in index
    assert page.status_code == 200
    assert 'name="public_name"' in page.content.decode()


def test_an_editor_cannot_change_another_editors_credit(client, zelda):
    other = make_user("otto", editor=True, is_staff=True)
    others_credit = EditorCredit.objects.create(user=other, credited=False)
    client.force_login(zelda)

    by_address = client.post(
        f"{CREDIT_URL}{others_credit.pk}/change/", {"credited": "on", "public_name": "Hacked"}
    )
    by_field = client.post(CREDIT_URL, {"credited": "on", "public_name": "Zelda", "user": other.pk})

    assert by_address.status_code == 404
    assert by_field.status_code == 302
    others_credit.refresh_from_db()
    assert (others_credit.credited, others_credit.public_name) == (False, "")
    assert EditorCredit.objects.get(user=zelda).public_name == "Zelda"


def test_readers_and_non_staff_users_cannot_open_the_credit_page(client, db):
    assert client.get(CREDIT_URL).status_code == 302  # to the login page
    client.force_login(make_user("reader"))
    response = client.post(CREDIT_URL, {"credited": "on", "public_name": "Me"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not EditorCredit.objects.exists()


def test_the_database_refuses_credit_without_a_name(db, zelda):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EditorCredit.objects.create(user=zelda, credited=True, public_name="")
