"""No 500 on any input: what testers sent, and what the site answers. Every refusal is a 4xx
with a clear message, and leaves the database exactly as it was."""

import io
import json
import re
from contextlib import contextmanager
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.exceptions import ParseError

from accords.api.parsers import BoundedJSONParser, PayloadTooLarge, nesting_depth
from accords.models import Event, Membership

from .api_helpers import kz_signing, snapshot, token_for
from .test_admin import event_post

pytestmark = pytest.mark.django_db

EVENT_ADD = reverse("admin:accords_event_add")


@contextmanager
def nothing_changes():
    """Fails the test if any accord, membership, event or source, or their history, changed."""
    before = snapshot(), history_counts()
    yield
    assert (snapshot(), history_counts()) == before


def history_counts():
    return [Event.history.count(), Membership.history.count()]


def json_post(client, url, body: str, token=None):
    headers = {"Authorization": f"Token {token}"} if token else {}
    return client.post(url, body, content_type="application/json", headers=headers)


# --- NUL and other characters PostgreSQL cannot store ---------------------------------------


#: Addresses with a NUL character in the path: nothing is there (404).
NUL_IN_THE_PATH = [
    "/accords/abraham-accords/%00/",
    "/accords/abraham%00-accords/",
    "/api/accords/%00/",
    "/api/events/%00/",
    "/admin/accords/event/%00/change/",
]
#: Addresses with a NUL character in the query string: a bad request (400).
NUL_IN_THE_QUERY = [
    "/?as_of=%00",
    "/accords/abraham-accords/?kind=signed%00",
    "/api/events/?accord=%00",
    "/api/memberships/?country=KZ&accord=abraham%00",
    "/api/accords/abraham-accords/?x%00=1",
    "/admin/accords/source/?publisher=%00",
    "/admin/accords/event/?q=Kaz%00akh",
    "/admin/autocomplete/?term=Su%00dan&app_label=accords&model_name=event&field_name=membership",
]


@pytest.mark.parametrize(
    ("path", "status"),
    [(path, 404) for path in NUL_IN_THE_PATH] + [(path, 400) for path in NUL_IN_THE_QUERY],
)
def test_an_address_with_a_nul_character_is_refused_saying_why(editor_client, seeded, path, status):
    with nothing_changes():
        response = editor_client.get(path)

    assert response.status_code == status
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
        assert "NUL" in response.json()["detail"]
    else:
        assert "NUL" in response.content.decode()


def test_a_form_with_a_nul_character_is_a_400_and_saves_nothing(editor_client, seeded):
    kazakhstan = Membership.objects.get(country="KZ")
    with nothing_changes():
        response = editor_client.post(EVENT_ADD, event_post(kazakhstan, place="Astana\x00"))

    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_login_with_a_nul_character_is_a_400(client, seeded):
    with nothing_changes():
        response = client.post(
            reverse("admin:login"), {"username": "edi\x00tor", "password": "anything"}
        )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "title",
    [
        "Kazakhstan\x00signed",  # sent as \u0000
        "\ud800 lone high surrogate",
        "a lone low surrogate \udc00",
        "reversed pair \udc00\ud800",
        "high surrogate at the end \ud83d",
    ],
)
def test_a_json_body_with_characters_no_database_stores_is_a_400(client, editor, seeded, title):
    body = json.dumps(kz_signing(title=title))  # ASCII: the characters travel as \u escapes
    assert "\\u" in body
    with nothing_changes():
        response = json_post(client, "/api/events/", body, token=token_for(editor))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "character" in response.json()["detail"]


def test_an_anonymous_write_is_a_401_whatever_its_json_holds(client, seeded):
    body = json.dumps(kz_signing(title="Kazakhstan\x00signed"))
    with nothing_changes():
        response = json_post(client, "/api/events/", body)

    assert response.status_code == 401


def test_a_json_body_with_a_nul_is_refused_outside_the_api_too(client, seeded):
    with nothing_changes():
        response = json_post(client, reverse("admin:login"), '{"username": "a\\u0000"}')

    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_raw_nul_byte_in_a_json_body_is_a_400(client, editor, seeded):
    body = json.dumps(kz_signing(title="Kazakhstan signed")).replace(" signed", " \x00signed")
    with nothing_changes():
        response = json_post(client, "/api/events/", body, token=token_for(editor))

    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize(
    ("title", "body_text"),
    [
        ("Kazakhstan signed 😀", "\\ud83d\\ude00"),  # a surrogate pair is one character
        ("Kazakhstan signed \\u0000 (escaped)", "\\\\u0000"),  # a backslash, then text
    ],
)
def test_json_that_merely_looks_unusual_is_accepted(client, editor, seeded, title, body_text):
    body = json.dumps(kz_signing(title=title))
    assert body_text in body

    response = json_post(client, "/api/events/", body, token=token_for(editor))

    assert response.status_code == 201, response.content
    assert Event.objects.get(pk=response.json()["id"]).title == title


def test_a_header_with_a_nul_character_is_a_400(client, seeded):
    with nothing_changes():
        response = client.get("/api/events/", headers={"Authorization": "Token abc\x00def"})

    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_session_cookie_with_a_nul_character_is_a_400(client, seeded):
    client.cookies["sessionid"] = "abcdefghij\x00klmnop"
    with nothing_changes():
        response = client.get(reverse("admin:index"))

    assert response.status_code == 400
    assert "NUL" in response.content.decode()


# --- JSON the API will not parse ------------------------------------------------------------


def nested(depth: int) -> dict:
    value: object = "deep"
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        json.dumps({**kz_signing(), "notes": nested(33)}),
        "[" * 34 + "]" * 34,
    ],
    ids=["100000-deep", "33-deep-object", "34-deep-array"],
)
def test_deeply_nested_json_is_a_400(client, editor, seeded, body):
    with nothing_changes():
        response = json_post(client, "/api/events/", body, token=token_for(editor))

    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_json_nested_no_deeper_than_the_limit_reaches_the_validation(client, editor, seeded):
    body = json.dumps({**kz_signing(), "notes": nested(31)})  # 32 levels with the event itself

    response = json_post(client, "/api/events/", body, token=token_for(editor))

    assert response.status_code == 400
    assert "notes" in response.json()  # the field's own error, not the parser's


def test_brackets_inside_strings_do_not_count_as_nesting(client, editor, seeded):
    body = json.dumps(kz_signing(notes="[{" * 50 + '\\"' + "}]" * 50))

    response = json_post(client, "/api/events/", body, token=token_for(editor))

    assert response.status_code == 201, response.content


def test_a_json_body_larger_than_the_upload_limit_is_a_413(client, editor, seeded, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    body = json.dumps(kz_signing(notes="x" * 5_000))
    with nothing_changes():
        response = json_post(client, "/api/events/", body, token=token_for(editor))

    assert response.status_code == 413
    assert "large" in response.json()["detail"]


def test_invalid_json_is_still_a_400_parse_error(client, editor, seeded):
    with nothing_changes():
        response = json_post(client, "/api/events/", '{"title": ', token=token_for(editor))

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


@pytest.mark.parametrize(
    ("text", "depth"),
    [("1", 0), ("[]", 1), ('{"a": []}', 2), ('["[[[", "\\"[{"]', 1), ('[{"a": [1, {}]}, []]', 4)],
)
def test_nesting_depth_counts_brackets_outside_strings(text, depth):
    assert nesting_depth(text) == depth


def test_the_parser_bounds_size_and_depth_on_its_own(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    parser = BoundedJSONParser()

    assert parser.parse(io.BytesIO(b'{"a": [1, {"b": "[[[["}]}')) == {"a": [1, {"b": "[[[["}]}
    with pytest.raises(PayloadTooLarge):
        parser.parse(io.BytesIO(b"[" + b"1," * 60 + b"1]"))
    with pytest.raises(ParseError, match="nested 33 levels"):
        parser.parse(io.BytesIO(b"[" * 33 + b"]" * 33))
    with pytest.raises(ParseError, match="Unsupported charset"):
        parser.parse(io.BytesIO(b"[]"), parser_context={"encoding": "bz2_codec"})


# --- The admin: ids that are not ids --------------------------------------------------------

NOT_IDS = ["1 OR 1=1", "abc", "²", "1.5", "99999999999999999999", "-99999999999999999999"]


@pytest.mark.parametrize("value", NOT_IDS)
def test_an_event_form_naming_a_membership_by_a_non_id_is_refused(editor_client, seeded, value):
    data = event_post(Membership.objects.get(country="KZ"))
    data["membership"] = value
    with nothing_changes():
        response = editor_client.post(EVENT_ADD, data)

    assert response.status_code == 200  # the form again, with the error on its field
    assert response.context["adminform"].form.errors["membership"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


@pytest.mark.parametrize("value", NOT_IDS)
def test_the_add_event_link_ignores_a_membership_that_is_not_an_id(editor_client, seeded, value):
    with nothing_changes():
        response = editor_client.get(EVENT_ADD, {"membership": value})

    assert response.status_code == 200
    assert not re.search(r'<option value="\d+" selected', response.content.decode())


def test_the_add_event_link_still_preselects_its_membership(editor_client, seeded):
    kazakhstan = Membership.objects.get(country="KZ")

    response = editor_client.get(EVENT_ADD, {"membership": kazakhstan.pk})

    assert response.status_code == 200
    assert f'value="{kazakhstan.pk}" selected' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/accords/event/abc/history/",
        "/admin/accords/event/abc/history/1/",
        "/admin/accords/event/1.5/history/",
        "/admin/accords/event/99999999999999999999/history/",
        "/admin/accords/membership/abc/history/",
        "/admin/accords/accord/abc/history/2/",
        "/admin/accords/source/%C2%B2/history/",
        "/admin/accords/event/{event}/history/abc/",
        "/admin/accords/event/{event}/history/99999999999999999999/",
    ],
)
def test_a_history_address_with_a_non_numeric_id_is_a_404(editor_client, seeded, path):
    event = Event.objects.order_by("pk").first()
    with nothing_changes():
        response = editor_client.get(path.format(event=event.pk))

    assert response.status_code == 404


def test_history_addresses_with_real_ids_still_open(editor_client, seeded):
    event = Event.objects.order_by("pk").first()
    version = event.history.first()

    history = editor_client.get(reverse("admin:accords_event_history", args=[event.pk]))
    one_version = editor_client.get(
        reverse("admin:accords_event_simple_history", args=[event.pk, version.history_id])
    )

    assert (history.status_code, one_version.status_code) == (200, 200)


# --- as_of in the API: a day between 1000-01-01 and today -----------------------------------

TODAY = date(2026, 3, 14)


@pytest.fixture
def fixed_today(monkeypatch):
    """Pins "today" (timezone.localdate()) for the bound checks."""
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


@pytest.mark.parametrize("as_of", ["0999-12-31", "9810-01-01", "2026-03-15"])
def test_an_as_of_outside_1000_to_today_is_a_400_naming_it(client, seeded, fixed_today, as_of):
    with nothing_changes():
        response = client.get("/api/memberships/", {"as_of": as_of})

    assert response.status_code == 400
    [message] = response.json()["as_of"]
    assert "1000-01-01" in message
    assert "2026-03-14" in message


@pytest.mark.parametrize("as_of", ["1000-01-01", "2026-03-14"])
def test_an_as_of_on_either_bound_is_accepted(client, seeded, fixed_today, as_of):
    response = client.get("/api/memberships/", {"as_of": as_of})

    assert response.status_code == 200
