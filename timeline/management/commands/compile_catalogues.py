"""Compile the translation catalogues (``.po`` → ``.mo``) with polib: no GNU gettext needed.

The compiled ``.mo`` files are committed beside their ``.po`` files, so a fresh clone serves
every language without compiling anything (and whatever deploys the repository needs no
build step for them); ``tests/test_i18n_catalogues.py`` fails when a ``.mo`` no longer matches its
``.po``. Run this after editing a catalogue:

    python manage.py compile_catalogues
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_paths() -> list[Path]:
    """Every ``.po`` file under the project's ``LOCALE_PATHS``."""
    return sorted(
        po_path
        for locale in settings.LOCALE_PATHS
        for po_path in Path(locale).glob("*/LC_MESSAGES/*.po")
    )


def compile_catalogue(po_path: Path) -> Path:
    """Write ``po_path``'s ``.mo`` beside it, leaving out fuzzy and untranslated entries as
    ``msgfmt`` does; return the ``.mo`` path."""
    catalogue = polib.pofile(str(po_path))
    mo_path = po_path.with_suffix(".mo")
    catalogue.save_as_mofile(str(mo_path))
    return mo_path


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files with polib (no GNU gettext)."

    def handle(self, *args, **options):
        for po_path in catalogue_paths():
            mo_path = compile_catalogue(po_path)
            self.stdout.write(f"{mo_path.relative_to(settings.BASE_DIR)}")
