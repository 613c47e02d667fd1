"""Markup and control characters, in the catalogue of bad input (the data:
tests/bad_input_helpers.py): sent through the API (an editor's token) or the admin's real forms
(an editor's session), they are stored verbatim and shown escaped, as text."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accords.models import Event

from . import bad_input_helpers as bad
from .admin_helpers import (
    EVENT_ADD,
    event_post,
    form_errors,
)
from .api_helpers import kz_signing, send
from .bad_input_helpers import world_fixture  # noqa: F401 (the fixture "world")

pytestmark = pytest.mark.django_db


# --- Markup and control characters are text -------------------------------------------------

MARKUP = '<script>alert("x")</script><b>bold</b><img src=x onerror=alert(1)>'
CONTROL = "Bell\x07 and escape \x1b[31m red"


@pytest.mark.parametrize("text", [MARKUP, CONTROL], ids=["markup", "control-characters"])
@pytest.mark.parametrize("channel", ["api", "admin"])
def test_markup_and_control_characters_are_stored_verbatim_and_shown_escaped(
    client, editor_client, world, editor_token, channel, text
):
    # Control characters other than NUL are accepted today (nothing in the model, the forms or
    # the serializers refuses them): they are stored as sent and shown as text.
    kazakhstan = world.membership("KZ")
    if channel == "api":
        body = kz_signing(title=text, place=text, notes=text)
        body["sources"][0]["publisher"] = text
        response = send(client, "POST", bad.EVENTS, body, token=editor_token)
        assert response.status_code == 201, response.json()
        assert response.json()["title"] == text
    else:
        data = event_post(kazakhstan, title=text, place=text, notes=text)
        response = editor_client.post(EVENT_ADD, data | {"sources-0-publisher": text})
        assert response.status_code == 302, form_errors(response)

    event = Event.objects.get(membership=kazakhstan, kind="signed")
    assert (event.title, event.place, event.notes) == (text, text, text)
    assert event.sources.get().publisher == text
    page = client.get(reverse("timeline:membership", args=[bad.ABRAHAM, "KZ"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count(escape(text)) >= 4  # title, notes, place and publisher
    for raw_markup in ('<script>alert("x")', "<b>bold</b>", "<img src=x"):
        assert raw_markup not in html
