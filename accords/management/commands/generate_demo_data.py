from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accords.demo import DemoSize, demo_exists, generate_demo_data, remove_demo_data


class Command(BaseCommand):
    help = (
        "Generate a synthetic demo dataset (default 50,000 events over 200 accords of 25 "
        "states), every event validated as an editor's would be; accord slugs start with "
        "demo- and names are marked (synthetic). --remove deletes it all."
    )

    def add_arguments(self, parser):
        defaults = DemoSize()
        parser.add_argument("--events", type=int, default=defaults.events)
        parser.add_argument("--accords", type=int, default=defaults.accords)
        parser.add_argument(
            "--states", type=int, default=defaults.states, help="States per accord."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (same data).")
        parser.add_argument("--remove", action="store_true", help="Delete the demo data.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, events, accords, states, seed, remove, no_progress, **options):
        if remove:
            count = remove_demo_data()
            self.stdout.write(f"Removed the demo data ({count} events).")
            return
        if demo_exists():
            raise CommandError("Demo data is already there; remove it first with --remove.")
        if min(events, accords, states) < 1:
            raise CommandError("--events, --accords and --states must be at least 1.")
        size = DemoSize(events=events, accords=accords, states=states)
        with tqdm(total=events, unit="event", disable=no_progress or None, file=self.stderr) as bar:
            try:
                written = generate_demo_data(size, seed=seed, progress=bar.update)
            except (ValidationError, ValueError) as error:
                raise CommandError(f"Stopped: {error}") from error
        self.stdout.write(
            f"Generated {written} events in {accords} demo accords of {states} states "
            "(remove with --remove)."
        )
