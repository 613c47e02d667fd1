"""Loading seed data files (``accords/seed/*.json``; the format is in ``seed/FORMAT.md``).

Every item of a file (the accord, each membership, each event with its sources, each reported
interest) has a stable key, and a ``SeedEntry`` remembers which object the loader made of it and
when it last wrote it. A load, in one transaction and through the write path:

- adds the items that are new in the file;
- corrects an item loaded before whose data in the file changed, **unless an editor has changed
  the object since** (its history names a user after the loader's last write);
- removes an item loaded before and dropped from the file, on the same condition;
- leaves alone an object an editor deleted (it is not brought back);
- reports what it added, corrected, removed and left alone.

Running it twice changes nothing the second time. A site loaded from the first edition of a file
(whose entries were keyed by state, kind and date) is upgraded: each event is matched to its new
key by kind and date, or by the ``replaces`` field an item gives when its kind or date changed.

``values`` reads an item's values from the file and compares them with the stored ones;
``loader`` does the load.
"""

import json
from pathlib import Path

from django.db import transaction

from .loader import Loader, LoadReport

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"


def seed_files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.json"))


def seed_file(name: str) -> Path:
    """A seed file by its name (``nato`` or ``nato.json``) or path."""
    path = Path(name)
    if path.is_file():
        return path
    return SEED_DIR / (name if name.endswith(".json") else f"{name}.json")


@transaction.atomic
def load_seed_file(path: Path) -> LoadReport:
    """Load one seed file whole or not at all (see the module's docstring)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Loader(data).load()


__all__ = ["SEED_DIR", "LoadReport", "load_seed_file", "seed_file", "seed_files"]
