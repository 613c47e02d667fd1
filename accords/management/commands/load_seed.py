from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accords.seeding import load_seed_file, seed_files


class Command(BaseCommand):
    help = (
        "Load the seed data files (by default every accords/seed/*.json). Safe to run again: "
        "each item is loaded once, and what editors changed or deleted since is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Seed files to load instead.")

    def handle(self, *args, paths, **options):
        for path in paths or seed_files():
            if not path.is_file():
                raise CommandError(f"No such seed file: {path}")
            try:
                report = load_seed_file(path)
            except (ValidationError, KeyError, TypeError, ValueError) as error:
                raise CommandError(
                    f"{path.name} was not loaded (nothing changed): {error}"
                ) from error
            self.stdout.write(
                f"{path.name}: {report.created} new item(s) loaded, "
                f"{report.skipped} already loaded before."
            )
