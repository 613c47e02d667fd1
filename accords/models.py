"""The domain: accords, the states' memberships in them, dated events, and their sources."""

from datetime import date

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .dates import DatePrecision, format_date, period_end
from .status import KIND_ORDER, EventKind, Status, event_sort_key

#: Sources are links a reader can follow: web addresses only (no ftp:, no javascript:).
WEB_ADDRESS = URLValidator(schemes=["http", "https"])

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
    "ReportedInterest",
    "InterestSource",
    "format_date",
]


class Role(models.TextChoices):
    FOUNDING_PARTY = "founding_party", _("founding party")
    PARTY = "party", _("party")
    WITNESS = "witness", _("witness")
    MEDIATOR = "mediator", _("mediator")


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


class ConstraintErrorsByField:
    """A model whose constraint errors name the field an editor should change: the
    constraint codes in ``constraint_error_fields`` are keyed by that field."""

    constraint_error_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise key_errors_by_field(error, self.constraint_error_fields) from None


class MembershipQuerySet(models.QuerySet):
    def with_events(self, until: date | None = None, only_with_events: bool = True):
        """Memberships with their events (and each event's sources) prefetched in
        chronological order as ``known_events``. With ``until``, only events dated on or
        before that day (inclusive) are fetched, and (unless ``only_with_events`` is false)
        memberships with none are left out."""
        events = Event.objects.in_timeline_order().prefetch_related("sources")
        queryset = self.select_related("accord")
        if until is not None:
            events = events.filter(date__lte=until)
        if until is not None and only_with_events:
            queryset = queryset.filter(
                Exists(Event.objects.filter(membership=OuterRef("pk"), date__lte=until))
            )
        return queryset.prefetch_related(
            Prefetch("events", queryset=events, to_attr="known_events")
        )

    def as_of(self, day: date):
        """The memberships that had a status at the end of ``day`` (inclusive), annotated with
        ``status_then`` and ``status_since_then`` (the date of the event that set it), read from
        the stored status periods: one SQL query, filterable, orderable and paginated there.
        A membership with no status-moving event by then is left out."""
        period = StatusPeriod.objects.filter(membership=OuterRef("pk"), first_day__lte=day).filter(
            Q(last_day__isnull=True) | Q(last_day__gte=day)
        )
        return self.filter(Exists(period)).annotate(
            status_then=models.Subquery(period.values("status")[:1]),
            status_since_then=models.Subquery(period.values("event__date")[:1]),
        )

    def in_joining_order(self):
        """Ordered by each membership's first event (those without events last), then code."""
        return self.order_by(models.F("joined_on").asc(nulls_last=True), "country")


class Membership(ConstraintErrorsByField, models.Model):
    """One state's part in one accord. Its status is derived from its events."""

    constraint_error_fields = {"duplicate_membership": "country"}

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
    # Cached from the events by accords.services, in the same transaction that changes them.
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
    joined_on = models.DateField(
        _("joined on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The date of its first event; kept with the status by the write path."),
    )
    history = HistoricalRecords(excluded_fields=["status", "status_event", "joined_on"])

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["accord__name", "country"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["joined_on", "country"], name="membership_joining_idx")]
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

    @property
    def status_since(self) -> date | None:
        """The date of the event that set the current status."""
        return self.status_event.date if self.status_event else None


#: ``KIND_ORDER`` (accords.status) in SQL: the rank of an event's kind among one day's events.
KIND_RANK = models.Case(
    *(models.When(kind=kind, then=models.Value(rank)) for kind, rank in KIND_ORDER.items()),
    default=models.Value(len(KIND_ORDER)),
    output_field=models.IntegerField(),
)
#: ``accords.status.event_sort_key`` as ``order_by`` terms: date, kind rank, id.
TIMELINE_ORDER = ("date", KIND_RANK.asc(), "id")


class EventQuerySet(models.QuerySet):
    def in_timeline_order(self):
        """Events as pages, feeds and the API list them: by date, then the life-cycle order of
        their kinds on the same day, then id (``accords.status.event_sort_key``)."""
        return self.order_by(*TIMELINE_ORDER)


class Event(ConstraintErrorsByField, models.Model):
    """One dated action of a membership, with at least one source."""

    constraint_error_fields = {"duplicate_event": "date"}

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
            "established move the status; suspended, resumed and withdrawn change it. The "
            "others are milestones, shown on the timeline but never changing a status: embassy "
            "opened; mission opened (a liaison office, consulate or other mission below an "
            "embassy); envoy arrived (the first ambassador or head of mission); domestic step "
            "(a cabinet or parliament approval, a law passed or repealed); visit; statement; "
            "stalled; ties strained."
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

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]  # lists that readers see use in_timeline_order()
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
        if errors:
            raise ValidationError(errors)


def sort_events(events):
    """Events in timeline order: by date, then by life-cycle order on the same day."""
    return sorted(events, key=event_sort_key)


class Source(models.Model):
    """Where the fact of an event was reported."""

    #: What a reader is told of a source, in this order: the API, the seed files and the
    #: imports all use it.
    CITATION_FIELDS = (
        "url",
        "archived_url",
        "title",
        "publisher",
        "published_on",
        "copy_of",
        "secondary",
        "language",
    )

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sources", verbose_name=_("event")
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, help_text=_("Who reported it, e.g. Reuters or AP.")
    )
    title = models.CharField(
        _("title"), max_length=400, blank=True, help_text=_("The article's or document's title.")
    )
    url = models.URLField(
        _("web address"),
        max_length=500,
        validators=[WEB_ADDRESS],
        help_text=_("Where a reader can check the fact: an https:// or http:// address."),
    )
    archived_url = models.URLField(
        _("archived copy"),
        max_length=500,
        blank=True,
        validators=[WEB_ADDRESS],
        help_text=_("A web archive's copy of the page, in case the link dies."),
    )
    published_on = models.DateField(_("date published"), null=True, blank=True)
    copy_of = models.CharField(
        _("copy of"),
        max_length=200,
        blank=True,
        help_text=_("When the page republishes another's report, whose: e.g. Reuters or AP."),
    )
    secondary = models.BooleanField(
        _("secondary source"),
        default=False,
        help_text=_("An encyclopedia or other secondary source, shown as such."),
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("The page's language when it is not English, e.g. id, ar, fr."),
    )
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


class ReportedInterest(models.Model):
    """A state (or an entity without an ISO 3166-1 code, such as Somaliland) reported as
    interested in joining an accord. Shown apart from the members, never as a row of the
    timeline and never counted in the statuses."""

    accord = models.ForeignKey(
        Accord, on_delete=models.CASCADE, related_name="interests", verbose_name=_("accord")
    )
    country = CountryField(
        _("state"),
        blank=True,
        help_text=_("The state's ISO 3166-1 code; leave empty for an entity that has none."),
    )
    entity = models.CharField(
        _("entity without an ISO code"),
        max_length=200,
        blank=True,
        help_text=_("Only when the state has no ISO 3166-1 code, e.g. Somaliland or Kosovo."),
    )
    date = models.DateField(_("reported on"))
    date_precision = models.CharField(
        _("date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    note = models.TextField(_("what was reported"), help_text=_("One or two sentences."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["accord", "-date"]
        verbose_name = _("reported interest")
        verbose_name_plural = _("reported interests")
        constraints = [
            models.CheckConstraint(
                condition=(Q(country="") & ~Q(entity="")) | (~Q(country="") & Q(entity="")),
                name="interest_names_a_state_or_an_entity",
                violation_error_message=_(
                    "Give either the state's ISO code or the name of an entity without one."
                ),
            ),
            models.CheckConstraint(condition=~Q(note=""), name="interest_has_a_note"),
        ]

    def __str__(self):
        return f"{self.name} — {self.accord}"

    @property
    def name(self) -> str:
        return str(self.country.name) if self.country else self.entity

    @property
    def date_display(self) -> str:
        return format_date(self.date, self.date_precision)

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("A report cannot be dated in the future.")})


class InterestSource(models.Model):
    """Where an interest was reported."""

    interest = models.ForeignKey(ReportedInterest, on_delete=models.CASCADE, related_name="sources")
    publisher = models.CharField(_("publisher"), max_length=200)
    title = models.CharField(_("title"), max_length=400, blank=True)
    url = models.URLField(_("web address"), max_length=500, validators=[WEB_ADDRESS])
    published_on = models.DateField(_("date published"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["interest", "id"]
        verbose_name = _("source of a reported interest")
        verbose_name_plural = _("sources of reported interests")

    def __str__(self):
        return self.publisher


class SeedEntry(models.Model):
    """One item of a seed data file (the accord, a membership, an event, a reported interest)
    and the object the loader made of it. On a later load the item is corrected from the file
    only if no editor has changed the object since, and removed if dropped from the file on
    the same condition (``accords.seeding``)."""

    key = models.CharField(max_length=300, unique=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    #: When the loader last wrote the object; an editor's change after it is left alone.
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("loaded seed entry")
        verbose_name_plural = _("loaded seed entries")
        ordering = ["key"]

    def __str__(self):
        return self.key


class StatusPeriod(models.Model):
    """One period of one status in a membership's history, derived from its events by the one
    rule (``accords.status.status_periods``) and rebuilt in the same transaction as every write
    (``accords.services``). It answers "what was the status on day D" in SQL: a membership's
    status on D is the period with ``first_day <= D`` and ``last_day`` empty or ``>= D``."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="status_periods"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    first_day = models.DateField(help_text=_("The first day of the period (inclusive)."))
    last_day = models.DateField(
        null=True, blank=True, help_text=_("The last day (inclusive); empty while it lasts.")
    )
    event = models.ForeignKey(
        "Event",
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The event that opened the period."),
    )

    class Meta:
        ordering = ["membership", "first_day"]
        verbose_name = _("status period")
        verbose_name_plural = _("status periods")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "first_day"], name="one_status_period_per_day"
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=models.F("first_day")),
                name="status_period_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["first_day", "last_day"], name="status_period_days_idx"),
        ]

    def __str__(self):
        return f"{self.membership}: {self.status} from {self.first_day}"


class DataVersion(models.Model):
    """A single row whose number goes up in the same transaction as every change to the data.
    Caches of pages, API lists and chart images are keyed by it, so no server ever serves what
    an edit has made stale (``accords.versioning``)."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("data version")

    def __str__(self):
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class EditorCredit(models.Model):
    """Whether, and under which public name, an editor is credited for their changes on the
    public pages ("Recent changes"). Each editor chooses for themselves in the admin ("Your
    credit"); without a row, or with ``credited`` off, their changes are shown as made by "an
    editor" and their user name is never published."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="credit",
        verbose_name=_("editor"),
    )
    credited = models.BooleanField(
        _("credit me by name"),
        default=False,
        help_text=_("Show the public name below with my changes on the public pages."),
    )
    public_name = models.CharField(
        _("public name"),
        max_length=100,
        blank=True,
        help_text=_("The name readers see, e.g. “A. Editor”. Your user name is never shown."),
    )

    class Meta:
        verbose_name = _("editor's credit")
        verbose_name_plural = _("your credit")
        constraints = [
            models.CheckConstraint(
                condition=Q(credited=False) | ~Q(public_name=""),
                name="credited_editor_has_a_public_name",
            ),
        ]

    def __str__(self):
        return self.public_name if self.credited else str(_("an editor"))

    def clean(self):
        self.public_name = self.public_name.strip()
        if self.credited and not self.public_name:
            raise ValidationError(
                {"public_name": _("Give the name readers should see, or untick the credit.")}
            )


class SourcesJSON(models.Model):
    """Each event's sources as the API writes them: one compact JSON array in id order, keyed
    as ``SourceSerializer`` gives them. Kept by the database itself: triggers on the sources
    table (migration 0011) rewrite an event's row in the same statement as any insert, update
    or delete of its sources, whatever wrote them (the write path, a bulk load, the demo data).
    Django never writes it; the lean events list (``accords.api.lean``) reads it instead of
    building the array on every request, which was the largest part of the list's time."""

    event = models.OneToOneField(
        Event, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    json = models.TextField()

    class Meta:
        verbose_name = "sources as JSON"
        verbose_name_plural = "sources as JSON"
        default_permissions = ()

    def __str__(self):
        return f"Sources of event {self.event_id}"
