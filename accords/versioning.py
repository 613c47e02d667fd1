"""The data version: a number bumped in the same transaction as every change to accords,
memberships, events, sources and interested states (connected in ``accords.signals``).

Caches of rendered pages, API lists and chart images key their entries by it, and responses
derive ``ETag`` and ``Last-Modified`` from it: an edit committed through any server changes the
number every server reads next, so nothing stale is served.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connections, models, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import DataVersion

_ROW_ID = 1
_TABLE = DataVersion._meta.db_table
_CURRENT_SQL = "SELECT number, changed_at FROM {table} WHERE id = %s"


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime


def current_version() -> Version:
    """The version as committed now (one query). Read on every cacheable request, so in plain
    SQL: building the query through the ORM took 0.35 ms, six times the query itself."""
    connection = connections[router.db_for_read(DataVersion)]
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_SQL.format(table=connection.ops.quote_name(_TABLE)), [_ROW_ID])
        row = cursor.fetchone()
    if row is None:
        return Version(0, datetime(2020, 1, 1, tzinfo=timezone.get_current_timezone()))
    number, changed_at = row
    if isinstance(changed_at, str):  # SQLite keeps datetimes as text, in UTC
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, UTC)
    return Version(number, changed_at)


def bump_version() -> None:
    """Count one change. Called inside the writing transaction, so the new number becomes
    visible exactly when the change does (and is undone with it)."""
    now = timezone.now()
    updated = DataVersion.objects.filter(pk=_ROW_ID).update(
        number=models.F("number") + 1, changed_at=now
    )
    if not updated:
        DataVersion.objects.get_or_create(pk=_ROW_ID, defaults={"number": 1, "changed_at": now})
