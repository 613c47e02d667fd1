"""The data version: a number bumped in the same transaction as every change to accords,
memberships, events, sources and interested states (connected in ``accords.signals``).

Caches of rendered pages, API lists and chart images key their entries by it, and responses
derive ``ETag`` and ``Last-Modified`` from it: an edit committed through any server changes the
number every server reads next, so nothing stale is served.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils import timezone

from .models import DataVersion

_ROW_ID = 1


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime


def current_version() -> Version:
    """The version as committed now (one query)."""
    row = DataVersion.objects.filter(pk=_ROW_ID).values_list("number", "changed_at").first()
    if row is None:
        return Version(0, datetime(2020, 1, 1, tzinfo=timezone.get_current_timezone()))
    return Version(*row)


def bump_version() -> None:
    """Count one change. Called inside the writing transaction, so the new number becomes
    visible exactly when the change does (and is undone with it)."""
    now = timezone.now()
    updated = DataVersion.objects.filter(pk=_ROW_ID).update(
        number=models.F("number") + 1, changed_at=now
    )
    if not updated:
        DataVersion.objects.get_or_create(pk=_ROW_ID, defaults={"number": 1, "changed_at": now})
