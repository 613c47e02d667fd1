from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accords.seeding import load_seed_file, seed_file, seed_files


class Command(BaseCommand):
    help = (
        "Load the seed data files (by default every accords/seed/*.json; or name some, e.g. "
        "`load_seed nato`). Safe to run again: new items are added, items corrected or dropped "
        "in the file are corrected or removed unless an editor has changed them since, and a "
        "report says which."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "names", nargs="*", help="Seed files to load instead: a name (nato) or a path."
        )

    def handle(self, *args, names, **options):
        paths = [seed_file(name) for name in names] or seed_files()
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such seed file: {path}")
            try:
                report = load_seed_file(path)
            except (ValidationError, KeyError, TypeError, ValueError) as error:
                raise CommandError(
                    f"{path.name} was not loaded (nothing changed): {error}"
                ) from error
            lines = report.lines()
            self.stdout.write(f"{path.name}: {lines[0]}")
            for line in lines[1:]:
                self.stdout.write(line)
