"""The domain's tables, one module per group (Django loads every model imported here):

- ``memberships``: accords and the states' memberships in them (``Membership.objects.as_of``);
- ``events``: dated events and their sources (``Event.objects.in_timeline_order``);
- ``interests``: states reported as interested in an accord, and their sources;
- ``kept``: what the write path and the loader keep beside the data (status periods, seed
  entries, the data version) and the editors' credit;
- ``checks``: what their checks share.

Each table keeps its fields, its constraints and its own row's checks; the rules across rows
live in ``accords.status`` and the write path (``accords.services``).
"""

from ..dates import DatePrecision, format_date
from ..status import EventKind, Status
from .checks import (
    EARLIEST_EVENT_DATE,
    WEB_ADDRESS,
    ConstraintErrorsByField,
    key_errors_by_field,
)
from .events import KIND_RANK, TIMELINE_ORDER, Event, EventQuerySet, Source, sort_events
from .interests import InterestSource, ReportedInterest
from .kept import DataVersion, EditorCredit, SeedEntry, SourcesJSON, StatusPeriod
from .memberships import Accord, Membership, MembershipQuerySet, Role

__all__ = [
    "Accord",
    "ConstraintErrorsByField",
    "DataVersion",
    "DatePrecision",
    "EARLIEST_EVENT_DATE",
    "EditorCredit",
    "Event",
    "EventKind",
    "EventQuerySet",
    "InterestSource",
    "KIND_RANK",
    "Membership",
    "MembershipQuerySet",
    "ReportedInterest",
    "Role",
    "SeedEntry",
    "Source",
    "SourcesJSON",
    "Status",
    "StatusPeriod",
    "TIMELINE_ORDER",
    "WEB_ADDRESS",
    "format_date",
    "key_errors_by_field",
    "sort_events",
]
