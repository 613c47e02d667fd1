"""The domain: accords, the states' memberships in them, dated events, and their sources."""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .status import (
    LIFE_CYCLE_ORDER,
    EventKind,
    Status,
    derive_status,
    event_sort_key,
    period_end,
    status_periods,
)

#: The earliest date an event may have; older typos (year 0201 for 2021) are refused.
EARLIEST_EVENT_DATE = date(1000, 1, 1)

__all__ = [
    "Accord",
    "DatePrecision",
    "Event",
    "EventKind",
    "Membership",
    "Role",
    "Source",
    "Status",
]


class DatePrecision(models.TextChoices):
    """How exactly a date is known. A month-precise date is stored as the 1st of that month."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class Role(models.TextChoices):
    FOUNDING_PARTY = "founding_party", _("founding party")
    PARTY = "party", _("party")
    WITNESS = "witness", _("witness")
    MEDIATOR = "mediator", _("mediator")


def format_date(value: date | None, precision: str = DatePrecision.DAY) -> str:
    """A date as a reader should see it, no more exact than it is known: ``6 Nov 2025``,
    ``Dec 2020`` or ``2020``. The patterns are translatable so each language orders them."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        pattern = pgettext("date known to the year", "Y")
    elif precision == DatePrecision.MONTH:
        pattern = pgettext("date known to the month", "M Y")
    else:
        pattern = pgettext("date known to the day", "j M Y")
    return formats.date_format(value, pattern)


#: What a life-cycle event is called in a sentence ("a signing cannot be dated before ...").
LIFE_CYCLE_NOUN = {
    EventKind.ANNOUNCED: _("announcement"),
    EventKind.SIGNED: _("signing"),
    EventKind.RATIFIED: _("ratification"),
    EventKind.ENTERED_INTO_FORCE: _("entry into force"),
}


def key_errors_by_field(error: ValidationError, codes_to_fields: dict) -> ValidationError:
    """Move the form-wide errors with the given codes to a field, so that an editor (and an
    API client) reads which field to change: a duplicate event is an error on its date."""
    if not hasattr(error, "error_dict"):
        return error
    errors = {field: list(messages) for field, messages in error.error_dict.items()}
    for message in errors.pop(NON_FIELD_ERRORS, []):
        errors.setdefault(codes_to_fields.get(message.code, NON_FIELD_ERRORS), []).append(message)
    return ValidationError(errors)


class Accord(models.Model):
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Short name used in web addresses and the API, e.g. abraham-accords."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("The accord's usual name."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences for readers.")
    )
    text_url = models.URLField(
        _("link to the text"), blank=True, help_text=_("Where the accord's text can be read.")
    )
    depositary = models.CharField(
        _("mediator or depositary"),
        max_length=200,
        blank=True,
        help_text=_("Who mediated the accord or keeps its instruments."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("accord")
        verbose_name_plural = _("accords")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("timeline:accord", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def with_events(self, until: date | None = None):
        """Memberships with their events (and each event's sources) prefetched in
        chronological order as ``known_events``. With ``until``, only events dated on or
        before that day (inclusive) are fetched, and memberships with none are left out."""
        events = Event.objects.order_by("date", "id").prefetch_related("sources")
        queryset = self.select_related("accord")
        if until is not None:
            events = events.filter(date__lte=until)
            queryset = queryset.filter(
                Exists(Event.objects.filter(membership=OuterRef("pk"), date__lte=until))
            )
        return queryset.prefetch_related(
            Prefetch("events", queryset=events, to_attr="known_events")
        )

    def with_joining_date(self):
        """Annotated with ``joined_on``: the date of each membership's first event (None for a
        membership without events)."""
        first = Event.objects.filter(membership=OuterRef("pk")).order_by("date").values("date")[:1]
        return self.annotate(joined_on=models.Subquery(first))

    def in_joining_order(self):
        """Ordered by each membership's first event (those without events last), then code."""
        return self.with_joining_date().order_by(
            models.F("joined_on").asc(nulls_last=True), "country"
        )


class Membership(models.Model):
    """One state's part in one accord. Its status is derived from its events."""

    accord = models.ForeignKey(
        Accord,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("accord"),
    )
    country = CountryField(
        _("state"), help_text=_("The state, by its ISO 3166-1 code (e.g. KZ for Kazakhstan).")
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        default=Role.PARTY,
        help_text=_("A founding party, a party that joined later, a witness or a mediator."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Context for readers."))
    # Cached from the events by refresh_status(), in the same transaction that changes them.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        editable=False,
        help_text=_("Derived from the events; empty until the first announcement or signing."),
    )
    status_event = models.ForeignKey(
        "Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("event that set the status"),
    )
    history = HistoricalRecords(excluded_fields=["status", "status_event"])

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["accord__name", "country"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["accord", "country"],
                name="one_membership_per_state_per_accord",
                violation_error_code="duplicate_membership",
                violation_error_message=_("This state already has a membership in this accord."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="membership_role_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[*Status.values, ""]), name="membership_status_is_known"
            ),
        ]

    def __str__(self):
        try:
            accord = self.accord
        except Accord.DoesNotExist:  # a historical copy whose accord has since been deleted
            accord = _("a deleted accord")
        return f"{self.country.name} — {accord}"

    def get_absolute_url(self):
        return reverse(
            "timeline:membership", kwargs={"slug": self.accord.slug, "country": self.country.code}
        )

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise key_errors_by_field(error, {"duplicate_membership": "country"}) from None

    @property
    def status_since(self) -> date | None:
        """The date of the event that set the current status."""
        return self.status_event.date if self.status_event else None

    def status_on(self, at: date | None = None):
        """The status on day ``at`` (inclusive), from the prefetched ``known_events`` when
        present (see ``MembershipQuerySet.with_events``), else from the database."""
        events = getattr(self, "known_events", None)
        if events is None:
            events = self.events.all()
        return derive_status(events, at=at)

    def periods(self, until: date | None = None):
        events = getattr(self, "known_events", None)
        if events is None:
            events = self.events.all()
        return status_periods(events, until=until)

    def refresh_status(self):
        """Recompute the cached status from the events. Called whenever an event is saved
        or deleted, inside the same transaction. ``update()`` keeps it out of the history."""
        with transaction.atomic(using=Membership.objects.db):
            # Lock the row so that concurrent writers refresh one after the other, each seeing
            # the events the other committed (PostgreSQL; SQLite serialises writes anyway).
            list(Membership.objects.select_for_update().filter(pk=self.pk).values("pk"))
            result = derive_status(self.events.all())
            self.status = result.status or ""
            self.status_event = result.event
            Membership.objects.filter(pk=self.pk).update(
                status=self.status, status_event=self.status_event
            )


class Event(models.Model):
    """One dated action of a membership, with at least one source."""

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("membership"),
    )
    kind = models.CharField(
        _("what happened"),
        max_length=30,
        choices=EventKind.choices,
        help_text=_(
            "Announced, signed, ratified, entered into force and diplomatic relations "
            "established move the status; suspended, resumed and withdrawn change it; the "
            "others are milestones shown on the timeline."
        ),
    )
    date = models.DateField(
        _("date"),
        help_text=_(
            "For a date known only to the month, enter the 1st of the month; only to the year, "
            "1 January."
        ),
    )
    date_precision = models.CharField(
        _("date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How exactly the date is known; readers see no more than this."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    title = models.CharField(
        _("title"),
        max_length=400,
        help_text=_("What happened, in one sentence for readers."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "kind", "date"],
                name="one_event_of_a_kind_per_membership_per_day",
                violation_error_code="duplicate_event",
                violation_error_message=_(
                    "This membership already has an event of this kind on this date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="event_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(date_precision=DatePrecision.DAY)
                | Q(date_precision=DatePrecision.MONTH, date__day=1)
                | Q(date_precision=DatePrecision.YEAR, date__day=1, date__month=1),
                name="event_date_matches_its_precision",
                violation_error_message=_(
                    "A date known to the month must be the 1st of the month; one known to the "
                    "year must be 1 January."
                ),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="event_has_a_title"),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_EVENT_DATE, date__lte=date(2999, 12, 31)),
                name="event_date_in_a_plausible_range",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="event_date_idx")]

    def __str__(self):
        try:
            state = self.membership.country.name
        except Membership.DoesNotExist:  # a historical copy whose membership has been deleted
            state = _("a deleted membership")
        return f"{state}: {self.get_kind_display()}, {self.date_display}"

    def save(self, *args, **kwargs):
        """Save, and update the membership's cached status in the same transaction (also the
        status of the membership this event was moved away from, if any)."""
        with transaction.atomic(using=kwargs.get("using")):
            previous_membership_id = None
            if self.pk:
                previous_membership_id = (
                    Event.objects.filter(pk=self.pk).values_list("membership_id", flat=True).first()
                )
            super().save(*args, **kwargs)
            self.membership.refresh_status()
            if previous_membership_id and previous_membership_id != self.membership_id:
                Membership.objects.get(pk=previous_membership_id).refresh_status()

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise key_errors_by_field(error, {"duplicate_event": "date"}) from None

    @property
    def date_display(self) -> str:
        """The date at its real precision: ``6 Nov 2025``, ``Dec 2020`` or ``2020``."""
        return format_date(self.date, self.date_precision)

    @property
    def latest_possible_date(self) -> date:
        return period_end(self.date, self.date_precision)

    def clean(self):
        errors = {}
        if self.date:
            if self.date < EARLIEST_EVENT_DATE:
                errors["date"] = _("Dates before the year 1000 are not accepted; check the year.")
            elif self.date > timezone.localdate():
                errors["date"] = _(
                    "An event cannot be dated in the future; record it once it has happened."
                )
        if self.date and self.date_precision and not errors:
            if self.date_precision == DatePrecision.MONTH and self.date.day != 1:
                errors["date_precision"] = _(
                    "A date known only to the month must be entered as the 1st of that month."
                )
            elif self.date_precision == DatePrecision.YEAR and (self.date.month, self.date.day) != (
                1,
                1,
            ):
                errors["date_precision"] = _(
                    "A date known only to the year must be entered as 1 January of that year."
                )
        if not errors and self.date and self.kind and self.membership_id:
            siblings = self._siblings()
            message = self._life_cycle_conflict(siblings) or self._status_change_conflict(siblings)
            if message:
                errors["date" if self.kind in LIFE_CYCLE_ORDER else "kind"] = message
        if errors:
            raise ValidationError(errors)

    def _siblings(self):
        """The membership's other events. Inside a transaction the membership row is locked
        first, so two editors cannot both pass these checks with conflicting events."""
        connection = connections[Event.objects.db]
        if connection.in_atomic_block:
            list(Membership.objects.select_for_update().filter(pk=self.membership_id).values("pk"))
        return list(
            Event.objects.filter(membership_id=self.membership_id)
            .exclude(pk=self.pk)
            .only("kind", "date", "date_precision")
        )

    def _life_cycle_conflict(self, siblings):
        """A message if this event would stand before an earlier stage of the life cycle (a
        signing before the announcement) or after a later one, or None. Only events of the same
        period of membership count (a state that withdrew may sign again), and imprecise dates
        conflict only when no day within their periods could put them in order."""
        if self.kind not in LIFE_CYCLE_ORDER:
            return None
        withdrawals = [e.date for e in siblings if e.kind == EventKind.WITHDRAWN]
        period_start = max((d for d in withdrawals if d < self.date), default=None)
        period_stop = min((d for d in withdrawals if d > self.date), default=None)
        my_rank = LIFE_CYCLE_ORDER[self.kind]
        for other in sorted(siblings, key=event_sort_key):
            other_rank = LIFE_CYCLE_ORDER.get(other.kind)
            if other_rank is None or other_rank == my_rank:
                continue
            if (period_start and other.date <= period_start) or (
                period_stop and other.date >= period_stop
            ):
                continue
            if other_rank < my_rank and self.latest_possible_date < other.date:
                return _("The %(this)s cannot be dated before the %(other)s (%(date)s).") % {
                    "this": LIFE_CYCLE_NOUN[self.kind],
                    "other": LIFE_CYCLE_NOUN[other.kind],
                    "date": other.date_display,
                }
            if other_rank > my_rank and other.latest_possible_date < self.date:
                return _("The %(this)s cannot be dated after the %(other)s (%(date)s).") % {
                    "this": LIFE_CYCLE_NOUN[self.kind],
                    "other": LIFE_CYCLE_NOUN[other.kind],
                    "date": other.date_display,
                }
        return None

    def _status_change_conflict(self, siblings):
        """A message if a suspension, resumption or withdrawal has nothing to act on."""
        before = derive_status(siblings, at=self.date).status
        if self.kind == EventKind.SUSPENDED and before in (
            None,
            Status.WITHDRAWN,
            Status.SUSPENDED,
        ):
            return _(
                "Only a membership that is announced, signed, ratified or in force on this "
                "date can be suspended."
            )
        if self.kind == EventKind.RESUMED and before != Status.SUSPENDED:
            return _("Only a membership that is suspended on this date can be resumed.")
        if self.kind == EventKind.WITHDRAWN and before in (None, Status.WITHDRAWN):
            return _(
                "Only a membership that has begun and not ended by this date can be withdrawn from."
            )
        return None


def sort_events(events):
    """Events in timeline order: by date, then by life-cycle order on the same day."""
    return sorted(events, key=event_sort_key)


class Source(models.Model):
    """Where the fact of an event was reported."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sources", verbose_name=_("event")
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, help_text=_("Who reported it, e.g. Reuters or AP.")
    )
    title = models.CharField(
        _("title"), max_length=400, blank=True, help_text=_("The article's or document's title.")
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    published_on = models.DateField(_("date published"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(condition=~Q(publisher=""), name="source_has_a_publisher"),
        ]

    def __str__(self):
        parts = [self.publisher]
        if self.published_on:
            parts.append(format_date(self.published_on))
        return ", ".join(parts)


class SeedEntry(models.Model):
    """A record that one item of a seed data file has been loaded once. The loader never loads
    it again, so an editor's later change or deletion is never undone by a reload."""

    key = models.CharField(max_length=300, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loaded seed entry")
        verbose_name_plural = _("loaded seed entries")
        ordering = ["key"]

    def __str__(self):
        return self.key
