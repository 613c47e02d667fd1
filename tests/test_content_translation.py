"""Content in the reader's language: accord names, event titles, places and notes translated
per language in the admin, English where a translation is missing (marked lang="en" for screen
readers), translations in the seed, the import and export and the history (the API's side is in
test_content_translation_api.py).

The pages are asked for in a language with ``Accept-Language``: a first visit follows it to the
language's address (/id/, /ar/)."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accords.models import Accord, Event
from accords.seeding import SEED_DIR, load_seed_file
from accords.services import delete_event
from accords.translation import Text, choose
from timeline.data import accord_memberships, load_rows

from .admin_helpers import event_change_post
from .conftest import load_seed
from .factories import make_event
from .test_import import export, import_file, read_csv

INDONESIAN = {"HTTP_ACCEPT_LANGUAGE": "id"}
ARABIC = {"HTTP_ACCEPT_LANGUAGE": "ar"}


def membership_page(event, **headers):
    membership = event.membership
    url = reverse(
        "timeline:membership",
        kwargs={"slug": membership.accord.slug, "country": membership.country.code},
    )
    response = Client().get(url, follow=True, **headers)
    assert response.status_code == 200
    return response.content.decode()


# --- The admin and the pages -------------------------------------------------------------------


def test_an_editor_saves_an_indonesian_title_and_indonesian_readers_see_it(
    editor_client, seeded, kz_announced
):
    english = kz_announced.title_en
    url = reverse("admin:accords_event_change", args=[kz_announced.pk])
    form = editor_client.get(url).content.decode()
    assert 'name="title_ind"' in form and 'name="title_ar"' in form

    data = event_change_post(
        kz_announced, title_ind="Presiden AS mengumumkan Kazakhstan akan bergabung"
    )
    response = editor_client.post(url, data, **INDONESIAN)  # an editor whose admin is Indonesian
    assert response.status_code == 302, response.content.decode()[:2000]

    kz_announced.refresh_from_db()
    assert kz_announced.title_ind == "Presiden AS mengumumkan Kazakhstan akan bergabung"
    assert kz_announced.title_en == english  # "title" in the form is the English text
    indonesian = membership_page(kz_announced, **INDONESIAN)
    assert "Presiden AS mengumumkan Kazakhstan akan bergabung" in indonesian
    assert escape(english) not in indonesian
    assert escape(english) in membership_page(kz_announced)


def test_a_missing_translation_falls_back_to_english_marked_lang_en(db):
    event = make_event(
        kind="announced",
        on=date(2020, 1, 1),
        title="Announced in English only",
        place="Paris",
        place_ar="باريس",
    )
    arabic = membership_page(event, **ARABIC)
    assert '<span lang="en">Announced in English only</span>' in arabic
    assert "باريس" in arabic and '<span lang="en">Paris</span>' not in arabic
    english = membership_page(event)
    assert "Announced in English only" in english
    assert '<span lang="en">' not in english


def test_the_accord_page_gives_the_accord_and_its_events_in_the_readers_language(seeded):
    arabic = Client().get("/", follow=True, **ARABIC)
    page = arabic.content.decode()
    assert "<h1>اتفاقيات أبراهام</h1>" in page
    assert "واشنطن" in page  # a place in the events table
    assert '<span lang="en">' not in page.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_the_drawings_rows_carry_the_language_of_each_text(seeded, django_assert_num_queries):
    accord = Accord.objects.get(slug="abraham-accords")
    memberships = list(accord_memberships(accord))
    with translation.override("en"), django_assert_num_queries(3):
        english = load_rows(memberships, date(2025, 12, 31))
    with translation.override("ar"), django_assert_num_queries(3):
        arabic = load_rows(memberships, date(2025, 12, 31))
    first_en, first_ar = english[0].events[0], arabic[0].events[0]
    assert (first_en.title.lang, first_ar.title.lang) == ("en", "ar")
    assert first_ar.title != first_en.title
    assert Event.objects.get(pk=first_ar.id).title_ar == first_ar.title


def test_a_text_keeps_its_language_through_the_cache():
    text = Text("واشنطن", "ar")
    cache.set("content-test", [text])
    (back,) = cache.get("content-test")
    assert (back, back.lang) == ("واشنطن", "ar")


# --- History -----------------------------------------------------------------------------------


def test_a_deleted_event_comes_back_with_its_translations(editor_client, db):
    event = make_event(title="Signed", title_ind="Ditandatangani", title_ar="وُقّعت")
    delete_event(event=event)
    response = editor_client.post(reverse("admin:accords_event_deleted"), {"event": str(event.pk)})
    assert response.status_code == 302
    restored = Event.objects.get(pk=event.pk)
    assert (restored.title_en, restored.title_ind, restored.title_ar) == (
        "Signed",
        "Ditandatangani",
        "وُقّعت",
    )


def test_the_history_keeps_every_language_and_the_english_in_the_original_column(db):
    event = make_event(title="Signed")
    with translation.override("ar"):
        event.title_ar = "وُقّعت"
        event.save()
    record = event.history.latest()
    assert (record.title, record.title_en, record.title_ar) == ("Signed", "Signed", "وُقّعت")
    assert Event.objects.filter(pk=event.pk).values_list("title_en", flat=True).get() == "Signed"


# --- The seed ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["abraham-accords", "nato"])
def test_the_seed_ships_indonesian_and_arabic_for_every_name_title_and_place(db, name):
    load_seed(name)
    data = json.loads((SEED_DIR / f"{name}.json").read_text(encoding="utf-8"))
    accord = Accord.objects.get(slug=data["accord"]["slug"])
    assert accord.name_ind and accord.name_ar and accord.name_ar != accord.name_en
    events = Event.objects.filter(membership__accord=accord)
    assert events.count() == sum(len(m["events"]) for m in data["memberships"])
    for event in events:
        assert event.title_ind and event.title_ar, event
        assert event.title_ar != event.title_en, event
        if event.place_en:
            assert event.place_ind and event.place_ar, event


def test_washington_is_written_as_the_arabic_press_writes_it(db):
    load_seed("nato")
    signed = Event.objects.filter(membership__country="BE", kind="signed").get()
    assert (signed.place_en, signed.place_ind, signed.place_ar) == (
        "Washington, D.C.",
        "Washington, D.C.",
        "واشنطن العاصمة",
    )


def test_an_editors_translation_survives_a_reload_and_a_corrected_one_is_loaded(
    client, seeded, editor, kz_announced, tmp_path
):
    sudan = Event.objects.get(membership__country="SD", kind="stalled")
    sudan.title_ind = "Terhenti, menurut editor"
    sudan._history_user = editor
    sudan.save()
    data = json.loads((SEED_DIR / "abraham-accords.json").read_text(encoding="utf-8"))
    kazakhstan = next(m for m in data["memberships"] if m["country"] == "KZ")
    announced = next(e for e in kazakhstan["events"] if e["key"] == "announced")
    announced["title"]["ar"] = "أعلن الرئيس الأمريكي انضمام كازاخستان"
    corrected = tmp_path / "abraham-accords.json"
    corrected.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    report = load_seed_file(corrected)

    assert report.corrected == ["abraham-accords/KZ/announced"]
    # the editor's Indonesian differs from the file's: the editor's wins
    assert report.kept == ["abraham-accords/SD/stalled"]
    kz_announced.refresh_from_db()
    assert kz_announced.title_ar == "أعلن الرئيس الأمريكي انضمام كازاخستان"
    assert Event.objects.get(pk=sudan.pk).title_ind == "Terhenti, menurut editor"
    assert not load_seed_file(corrected).changed


def test_a_seed_text_in_an_unknown_language_is_refused_and_nothing_is_loaded(db, tmp_path):
    data = json.loads((SEED_DIR / "abraham-accords.json").read_text(encoding="utf-8"))
    data["accord"]["name"]["fr"] = "Accords d'Abraham"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(Exception, match="unknown language fr"):
        load_seed_file(broken)
    assert not Accord.objects.exists()


# --- Import and export -------------------------------------------------------------------------


def test_an_export_imports_back_with_its_translations(editor_client, seeded, kz_announced):
    kz_announced.title_ar = "أعلن الرئيس الأمريكي"
    kz_announced.notes_ind = "Catatan"
    kz_announced.save()
    rows = read_csv(export(editor_client))
    row = next(r for r in rows if r["id"] == str(kz_announced.pk))
    assert row["title"] == kz_announced.title_en
    assert row["title_ar"] == "أعلن الرئيس الأمريكي"
    assert row["notes_id"] == "Catatan"
    assert row["title_id"] == kz_announced.title_ind

    # An editor corrects the Indonesian title in the file and imports the whole file back.
    row["title_id"] = "Presiden AS mengumumkan bahwa Kazakhstan akan bergabung"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    page = import_file(editor_client, buffer.getvalue().encode("utf-8"))
    assert f"0 new, 1 corrected, {len(rows) - 1} unchanged" in page

    kz_announced.refresh_from_db()
    assert kz_announced.title_ind == "Presiden AS mengumumkan bahwa Kazakhstan akan bergabung"
    assert kz_announced.title_ar == "أعلن الرئيس الأمريكي"
    assert kz_announced.notes_ind == "Catatan"


def test_an_import_without_translation_columns_leaves_the_translations_alone(
    editor_client, seeded, kz_announced
):
    rows = read_csv(export(editor_client))
    kept = [name for name in rows[0] if not name.endswith(("_id", "_ar"))]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=kept, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({name: row[name] for name in kept} for row in rows)
    import_file(editor_client, buffer.getvalue().encode("utf-8"))
    kz_announced_again = Event.objects.get(pk=kz_announced.pk)
    assert kz_announced_again.title_ar == kz_announced.title_ar
    assert kz_announced_again.title_ind == kz_announced.title_ind


def test_choose_takes_the_language_then_english():
    row = {"title_en": "Signed", "title_ind": None, "title_ar": "وُقّعت"}
    assert (choose(row, "title", "ar"), choose(row, "title", "ar").lang) == ("وُقّعت", "ar")
    assert (choose(row, "title", "id"), choose(row, "title", "id").lang) == ("Signed", "en")
    assert choose(row, "title", "en-gb").lang == "en"
