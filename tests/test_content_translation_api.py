"""Content in the reader's language through the API: accord names, event titles, places and
notes in the requested language (``?lang=`` or ``Accept-Language``), English where a translation
is missing and each item saying which language each text is in; the schema, the writes, the
queries and the response cache."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from accords.models import Event

from .api_helpers import send
from .conftest import with_response_cache
from .factories import make_accord, make_event, make_membership


def event_item(response, event_id):
    return next(item for item in response.json()["results"] if item["id"] == event_id)


def test_the_api_gives_the_requested_language_and_says_which_language_each_text_is_in(
    client, seeded, kz_announced
):
    by_lang = client.get("/api/events/", {"country": "KZ", "lang": "id"})
    assert by_lang["Content-Language"] == "id"
    item = event_item(by_lang, kz_announced.pk)
    assert item["title"] == kz_announced.title_ind
    assert item["languages"] == {"title": "id", "place": "id", "notes": "en"}

    by_header = client.get("/api/events/", {"country": "KZ"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert by_header["Content-Language"] == "ar"
    assert "Accept-Language" in by_header["Vary"]
    assert event_item(by_header, kz_announced.pk)["title"] == kz_announced.title_ar

    english = client.get("/api/events/", {"country": "KZ"})
    assert english["Content-Language"] == "en"
    item = event_item(english, kz_announced.pk)
    assert item["title"] == kz_announced.title_en
    assert item["languages"]["title"] == "en"

    # ?lang= wins over the header
    both = client.get("/api/events/", {"country": "KZ", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert event_item(both, kz_announced.pk)["title"] == kz_announced.title_en


def test_every_api_item_with_content_says_its_languages(client, seeded, kz_announced):
    detail = client.get(f"/api/events/{kz_announced.pk}/", {"lang": "ar"}).json()
    assert detail["title"] == kz_announced.title_ar and detail["languages"]["title"] == "ar"
    accord = client.get("/api/accords/abraham-accords/", {"lang": "ar"}).json()
    assert accord["name"] == "اتفاقيات أبراهام"
    assert accord["languages"] == {"name": "ar", "description": "ar"}
    membership = client.get("/api/memberships/", {"country": "KZ", "lang": "id"}).json()
    (kz,) = membership["results"]
    assert kz["languages"] == {"notes": "en"}
    nested = next(e for e in kz["events"] if e["id"] == kz_announced.pk)
    assert nested["title"] == kz_announced.title_ind and nested["languages"]["title"] == "id"


def test_a_missing_translation_in_the_api_is_english_and_says_so(client, db):
    event = make_event(membership=make_membership(make_accord(name="Pact")), title="Only English")
    item = client.get(f"/api/events/{event.pk}/", {"lang": "id"}).json()
    assert item["title"] == "Only English"
    assert item["languages"]["title"] == "en"


@pytest.mark.parametrize("lang", ["fr", "\x0b", " en", "AR"])
def test_an_unknown_lang_is_a_400_that_names_the_languages(client, seeded, lang):
    """Only the codes the schema lists: a code with a space or a control character around it,
    or in capitals, is not one of them (schemathesis found a vertical tab taken as no lang)."""
    response = client.get("/api/events/", {"lang": lang})
    assert response.status_code == 400
    assert response.json() == {"lang": [f"Unknown language {lang!r}; use one of en, id, ar."]}


def test_an_empty_lang_is_the_same_as_none(client, seeded, kz_announced):
    """``?lang=`` with no value, as a form sends it: the header decides, as with no lang."""
    response = client.get("/api/events/", {"country": "KZ", "lang": ""}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert event_item(response, kz_announced.pk)["title"] == kz_announced.title_ar


def test_the_schema_documents_the_400_of_an_unknown_lang_on_every_read(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    reads = [path["get"] for path in paths.values() if "get" in path]
    assert reads and all("400" in read["responses"] for read in reads)
    assert all(any(p["name"] == "lang" for p in read["parameters"]) for read in reads)


def test_an_api_write_sets_the_english_text_whatever_the_request_language(
    client, seeded, editor, kz_announced
):
    token = Token.objects.create(user=editor).key
    response = send(
        client,
        "PATCH",
        f"/api/events/{kz_announced.pk}/",
        {"title": "Corrected in English"},
        token=token,
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200, response.content
    kz_announced.refresh_from_db()
    assert kz_announced.title_en == "Corrected in English"
    assert kz_announced.title_ind != "Corrected in English"


def test_the_schema_documents_lang_and_the_languages_object(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/events/"]["get"]["parameters"]
    lang = next(p for p in parameters if p["name"] == "lang")
    assert sorted(lang["schema"]["enum"]) == ["ar", "en", "id"]
    event = schema["components"]["schemas"]["Event"]["properties"]["languages"]
    assert set(event["properties"]) == {"title", "place", "notes"}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_event_list_costs_the_same_queries_in_every_language(
    client, seeded, django_assert_num_queries, lang
):
    with django_assert_num_queries(2):
        response = client.get("/api/events/", {"lang": lang})
    assert response.status_code == 200
    assert response.json()["count"] == 39  # every event of the seed


def test_the_response_cache_never_serves_one_languages_answer_to_another(client, seeded, settings):
    settings.MIDDLEWARE = with_response_cache(settings.MIDDLEWARE)
    settings.RESPONSE_CACHE_ENABLED = True
    cache.clear()
    kz = Event.objects.get(membership__country="KZ", kind="announced")
    english = client.get("/api/events/", {"country": "KZ"})
    assert client.get("/api/events/", {"country": "KZ"})["X-Cache"] == "hit"

    arabic = client.get("/api/events/", {"country": "KZ"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert "X-Cache" not in arabic
    assert event_item(arabic, kz.pk)["title"] == kz.title_ar != event_item(english, kz.pk)["title"]
    arabic_again = client.get("/api/events/", {"country": "KZ"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert arabic_again["X-Cache"] == "hit"
    assert arabic_again["Content-Language"] == "ar"
    assert event_item(arabic_again, kz.pk)["title"] == kz.title_ar

    # ?lang=id with an English header: its own entry, and the header says id even from the cache
    for _attempt in range(2):
        indonesian = client.get("/api/events/", {"country": "KZ", "lang": "id"})
        assert indonesian["Content-Language"] == "id"
        assert event_item(indonesian, kz.pk)["title"] == kz.title_ind
    assert indonesian["X-Cache"] == "hit"

    # the reader pages too
    page_en = client.get("/accords/abraham-accords/kz/")
    page_ar = client.get("/accords/abraham-accords/kz/", follow=True, HTTP_ACCEPT_LANGUAGE="ar")
    assert kz.title_ar in page_ar.content.decode()
    assert kz.title_ar not in page_en.content.decode()
    cache.clear()
