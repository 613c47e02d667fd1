"""The one rule that turns a membership's events into its status.

Everything that shows a status (the reader pages, the API, the admin, the cached column on
``Membership``) asks :func:`derive_status`; nothing else decides what an event does to a status.

The rule, in words:

- Events are read in date order; on the same day, in the order of the life cycle (an
  announcement before a signing before a ratification before entry into force).
- *Life-cycle* events move a membership forward and never back: ``announced`` → ``signed`` →
  ``ratified`` → ``in force``. ``entered_into_force`` and ``relations_established`` both mean
  *in force*: for a normalisation accord such as the Abraham Accords, establishing full
  diplomatic relations is the act by which the agreement takes effect.
- ``suspended`` suspends whatever stage was reached; ``resumed`` restores that stage.
- ``withdrawn`` ends the membership. A later life-cycle event (a new signing, say) starts it
  again from that stage.
- *Milestones* (``embassy_opened``, ``statement``, ``stalled``, ``strained``,
  ``domestic_step`` (a cabinet or parliament approval, a law), ``mission_opened`` (a liaison
  office or consulate), ``envoy_arrived`` and ``visit``) are facts worth
  showing, but they do not change the status: Sudan stays *signed* although its process stalled,
  and Bahrain stays *in force* although its ties were strained.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import DatePrecision, format_date, period_end


class EventKind(models.TextChoices):
    """The closed vocabulary of dated actions a membership can have."""

    ANNOUNCED = "announced", _("announced")
    SIGNED = "signed", _("signed")
    RATIFIED = "ratified", _("ratified")
    ENTERED_INTO_FORCE = "entered_into_force", _("entered into force")
    RELATIONS_ESTABLISHED = "relations_established", _("diplomatic relations established")
    EMBASSY_OPENED = "embassy_opened", _("embassy opened")
    STATEMENT = "statement", _("statement")
    STALLED = "stalled", _("stalled")
    STRAINED = "strained", _("ties strained")
    DOMESTIC_STEP = "domestic_step", _("domestic step")
    MISSION_OPENED = "mission_opened", _("mission opened")
    ENVOY_ARRIVED = "envoy_arrived", _("envoy arrived")
    VISIT = "visit", _("visit")
    SUSPENDED = "suspended", _("suspended")
    RESUMED = "resumed", _("resumed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Status(models.TextChoices):
    """Where a membership stands. Derived from events by :func:`derive_status`, never typed."""

    ANNOUNCED = "announced", _("announced")
    SIGNED = "signed", _("signed")
    RATIFIED = "ratified", _("ratified")
    IN_FORCE = "in_force", _("in force")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")


#: Life-cycle events and the stage each one reaches.
STAGE_OF_KIND = {
    EventKind.ANNOUNCED: Status.ANNOUNCED,
    EventKind.SIGNED: Status.SIGNED,
    EventKind.RATIFIED: Status.RATIFIED,
    EventKind.ENTERED_INTO_FORCE: Status.IN_FORCE,
    EventKind.RELATIONS_ESTABLISHED: Status.IN_FORCE,
}

#: The order of the life-cycle stages; a later stage is never undone by an earlier one.
STAGE_ORDER = [Status.ANNOUNCED, Status.SIGNED, Status.RATIFIED, Status.IN_FORCE]

#: The order life-cycle events must follow in time within one period of membership. (Diplomatic
#: relations may be established before or after a ratification, so they are not ordered.)
LIFE_CYCLE_ORDER = {
    EventKind.ANNOUNCED: 0,
    EventKind.SIGNED: 1,
    EventKind.RATIFIED: 2,
    EventKind.ENTERED_INTO_FORCE: 3,
}

#: Kinds that are shown but never change a status.
MILESTONE_KINDS = frozenset(
    {
        EventKind.EMBASSY_OPENED,
        EventKind.STATEMENT,
        EventKind.STALLED,
        EventKind.STRAINED,
        EventKind.DOMESTIC_STEP,
        EventKind.MISSION_OPENED,
        EventKind.ENVOY_ARRIVED,
        EventKind.VISIT,
    }
)

#: How events of one day are ordered: life cycle first, then the rest, withdrawal last.
KIND_ORDER = {kind: position for position, kind in enumerate(EventKind)}


def stage_rank(status):
    return STAGE_ORDER.index(status)


def effective_dates(events) -> dict[int, date]:
    """The day from which each event counts, by ``id()`` of the event.

    An event counts from its stored date (the first day of its period, for a date known only to
    the month or year), except that a life-cycle event never counts before an earlier stage that
    falls within its period: a signing known as "Dec 2020" after an announcement on 10 Dec 2020
    counts from 10 Dec, so the announcement is not hidden behind it.
    """
    events = list(events)
    effective = {}
    for event in events:
        day = event.date
        precision = getattr(event, "date_precision", DatePrecision.DAY)
        rank = LIFE_CYCLE_ORDER.get(event.kind)
        if precision != DatePrecision.DAY and rank is not None:
            last = period_end(event.date, precision)
            for other in events:
                other_rank = LIFE_CYCLE_ORDER.get(other.kind)
                if other_rank is not None and other_rank < rank and day < other.date <= last:
                    day = other.date
        effective[id(event)] = day
    return effective


def event_sort_key(event):
    """The order events are listed and drawn in, defined once: by date, then by ``KIND_ORDER``
    on the same day (announced, signed, ratified, in force, relations established, ...,
    withdrawn last), then by id (the order they were recorded; an unsaved event first).
    ``Event.objects.in_timeline_order()`` is the same order in SQL."""
    return (
        event.date,
        KIND_ORDER.get(event.kind, len(KIND_ORDER)),
        getattr(event, "id", None) or 0,
    )


@dataclass(frozen=True)
class StatusResult:
    """A derived status and the event that set it (``None`` for both before any event)."""

    status: str | None
    event: Any = None

    @property
    def since(self) -> date | None:
        return self.event.date if self.event is not None else None


def _walk(events):
    """Yield ``(event, counts_from, status_before, status, setter)`` for each event, in order;
    the rule lives here. ``counts_from`` is the day the event counts from (see
    ``effective_dates``); ``status_before`` is the status just before the event."""
    events = list(events)
    effective = effective_dates(events)
    status = None
    setter = None
    stage = None  # the life-cycle stage reached, kept through suspension and withdrawal
    stage_setter = None
    ordered = sorted(
        events, key=lambda e: (effective[id(e)], KIND_ORDER.get(e.kind, len(KIND_ORDER)))
    )
    for event in ordered:
        before = status
        kind = event.kind
        if kind in STAGE_OF_KIND:
            reached = STAGE_OF_KIND[kind]
            if (
                status == Status.WITHDRAWN
                or stage is None
                or stage_rank(reached) > stage_rank(stage)
            ):
                stage, stage_setter = reached, event
            if status != Status.SUSPENDED:
                status, setter = stage, stage_setter
        elif kind == EventKind.SUSPENDED and status not in (None, Status.WITHDRAWN):
            status, setter = Status.SUSPENDED, event
        elif kind == EventKind.RESUMED and status == Status.SUSPENDED:
            status, setter = stage, event
        elif kind == EventKind.WITHDRAWN and status is not None:
            status, setter = Status.WITHDRAWN, event
        yield event, effective[id(event)], before, status, setter


def derive_status(events: Iterable[Any], at: date | None = None) -> StatusResult:
    """The status that ``events`` give, as it stood at the end of day ``at``: that of the
    status period (``status_periods``) in which the day falls, with the event that opened it.

    ``events`` are objects with ``kind`` and ``date`` (model instances or plain data), in any
    order. ``at`` is inclusive: an event dated ``at`` counts. ``at=None`` means "all events",
    including any dated in the future; callers who mean "today" pass today's date. An event
    known only to the month or year counts from the first day of its period (its stored date),
    but never before an earlier stage within that period (see ``effective_dates``).

    Returns ``StatusResult(None)`` when no status-moving event has happened by ``at``.
    """
    periods = status_periods(events, until=at)
    if not periods:
        return StatusResult(None)
    return StatusResult(periods[-1]["status"], periods[-1]["event"])


def status_periods(events: Iterable[Any], until: date | None = None) -> list[dict]:
    """The membership's history as consecutive periods of one status.

    Each period is ``{"status", "start", "end", "event"}``: it starts on the date of the event
    that set the status and ends where the next period starts, or at ``until`` (``None`` for an
    open end). Events after ``until`` are left out. Milestones never open a period; when the
    status changes twice on one day, the day belongs to the later status.
    """
    periods = []
    for _event, counts_from, _before, status, setter in _walk(events):
        if until is not None and counts_from > until:
            break
        if status is None or (periods and periods[-1]["status"] == status):
            continue
        if periods and periods[-1]["start"] == counts_from:
            periods.pop()
            if periods and periods[-1]["status"] == status:
                periods[-1]["end"] = until
                continue
        if periods:
            periods[-1]["end"] = counts_from
        periods.append({"status": status, "start": counts_from, "end": until, "event": setter})
    return periods


#: What an event is called in a sentence ("the suspension of 1 Mar 2024").
EVENT_NOUN = {
    EventKind.ANNOUNCED: _("announcement"),
    EventKind.SIGNED: _("signing"),
    EventKind.RATIFIED: _("ratification"),
    EventKind.ENTERED_INTO_FORCE: _("entry into force"),
    EventKind.RELATIONS_ESTABLISHED: _("establishment of relations"),
    EventKind.SUSPENDED: _("suspension"),
    EventKind.RESUMED: _("resumption"),
    EventKind.WITHDRAWN: _("withdrawal"),
}


def event_noun(event) -> str:
    """``the suspension of 1 Mar 2024``: how a message names one event."""
    noun = EVENT_NOUN.get(event.kind) or EventKind(event.kind).label
    when = format_date(event.date, getattr(event, "date_precision", DatePrecision.DAY))
    return _("the %(what)s of %(date)s") % {"what": noun, "date": when}


@dataclass(frozen=True)
class HistoryProblem:
    """One thing wrong with a membership's history: ``event`` is the event left wrong; for an
    order problem, ``other`` is the event it clashes with (an earlier stage dated after it)."""

    code: str
    event: Any
    other: Any = None

    def describe(self) -> str:
        """What is wrong, naming the events: used after "This change would leave ..."."""
        this = event_noun(self.event)
        if self.code == "order":
            return _("%(this)s dated before %(other)s") % {
                "this": this,
                "other": event_noun(self.other),
            }
        return {
            "nothing_to_suspend": _("%(this)s with nothing to suspend"),
            "nothing_to_resume": _("%(this)s with no suspension to end"),
            "nothing_to_withdraw": _("%(this)s with no membership to withdraw from"),
        }[self.code] % {"this": this}


def _period_of_membership(event, withdrawals) -> int:
    """Which period of membership an event falls in: the number of withdrawals before it."""
    return sum(1 for day in withdrawals if day < event.date)


def history_problems(events: Iterable[Any]) -> list[HistoryProblem]:
    """Everything wrong with a membership's complete list of events, as it is or as it would be
    after a change; an empty list when the history is consistent.

    - Within each period of membership (a withdrawal ends one; a later life-cycle event starts
      the next), life-cycle events keep their order: no signing before the announcement, no
      ratification before the signing, no entry into force before the ratification. Dates known
      only to the month or year clash only when no day within their periods could put them in
      order. A membership may begin at any stage (a witness's only event is a signing).
    - A suspension needs something to suspend, a resumption a suspension to end, a withdrawal a
      membership to withdraw from (judged by the status just before each, by the one rule).
    """
    events = list(events)
    problems = []
    withdrawals = [e.date for e in events if e.kind == EventKind.WITHDRAWN]
    staged = sorted(
        (e for e in events if e.kind in LIFE_CYCLE_ORDER),
        key=lambda e: (e.date, LIFE_CYCLE_ORDER[e.kind]),
    )
    for later in staged:
        for earlier in staged:
            if (
                LIFE_CYCLE_ORDER[earlier.kind] < LIFE_CYCLE_ORDER[later.kind]
                and _period_of_membership(earlier, withdrawals)
                == _period_of_membership(later, withdrawals)
                and period_end(later.date, getattr(later, "date_precision", DatePrecision.DAY))
                < earlier.date
            ):
                problems.append(HistoryProblem("order", later, earlier))
                break
    for event, _counts_from, before, _status, _setter in _walk(events):
        if event.kind == EventKind.SUSPENDED and before in (
            None,
            Status.WITHDRAWN,
            Status.SUSPENDED,
        ):
            problems.append(HistoryProblem("nothing_to_suspend", event))
        elif event.kind == EventKind.RESUMED and before != Status.SUSPENDED:
            problems.append(HistoryProblem("nothing_to_resume", event))
        elif event.kind == EventKind.WITHDRAWN and before in (None, Status.WITHDRAWN):
            problems.append(HistoryProblem("nothing_to_withdraw", event))
    return problems
