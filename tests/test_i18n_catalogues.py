"""English, Indonesian and Arabic (issue 13): the catalogues complete (every message marked in
the code and templates, none fuzzy, every placeholder and plural form kept) and compiled (each
committed .mo matches its .po), and the Indonesian country names."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django_countries.data import COUNTRIES

ROOT = Path(settings.BASE_DIR)
CATALOGUES = {lang: ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("id", "ar")}
COUNTRY_CATALOGUE = ROOT / "countries_locale" / "id" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]|\{(\w+)\}")


# --- Catalogues ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "ar"])
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    catalogue = polib.pofile(str(CATALOGUES[lang]))

    assert catalogue.untranslated_entries() == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert catalogue.obsolete_entries() == []


@pytest.mark.parametrize("lang", ["id", "ar"])
def test_translations_keep_every_placeholder_and_all_plural_forms(lang):
    catalogue = polib.pofile(str(CATALOGUES[lang]))
    plurals = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    assert plurals == {"id": 1, "ar": 6}[lang]

    for entry in catalogue.translated_entries():
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == plurals, entry.msgid
            wanted |= set(PLACEHOLDER.findall(entry.msgid_plural))
            for form in entry.msgstr_plural.values():
                # a form for exactly one or two may leave out the number ("دولة واحدة")
                assert set(PLACEHOLDER.findall(form)) <= wanted, entry.msgid
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == wanted, entry.msgid


@pytest.mark.parametrize("po_path", [*CATALOGUES.values(), COUNTRY_CATALOGUE], ids=str)
def test_committed_mo_file_matches_its_po(po_path):
    source = polib.pofile(str(po_path))
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))

    def messages(catalogue):
        return {
            (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
            for entry in catalogue
            # a .mo holds only translated entries; msgfmt and polib leave out the others
            if entry.msgid and (isinstance(entry, polib.MOEntry) or entry.translated())
        }

    assert messages(compiled) == messages(source), "run: python manage.py compile_catalogues"
    assert compiled.metadata["Plural-Forms"] == source.metadata["Plural-Forms"]


def test_indonesian_country_names_cover_every_country_django_countries_knows():
    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(COUNTRY_CATALOGUE))}
    with translation.override("en"):
        english = {str(name) for name in COUNTRIES.values()}

    assert english - set(catalogue) == set()
    assert all(catalogue[name] for name in english)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext extracts the messages")
def test_catalogues_hold_every_message_the_code_and_templates_mark(tmp_path):
    """makemessages on a copy of the code: nothing marked for translation is missing."""
    for part in ("accords", "timeline", "templates", "static", "manage.py"):
        source = ROOT / part
        target = tmp_path / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "DJANGO_DEBUG": "1",
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "timeline.settings",
        },
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    ours = polib.pofile(str(CATALOGUES["id"]))
    missing = {(e.msgctxt, e.msgid) for e in extracted} - {(e.msgctxt, e.msgid) for e in ours}

    assert missing == set(), "run makemessages -l id -l ar and translate the new messages"
