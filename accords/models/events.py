"""Events, each a dated action of a membership, and their sources."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..dates import DatePrecision, fits_precision, format_date
from ..status import KIND_ORDER, EventKind, event_sort_key
from .checks import EARLIEST_EVENT_DATE, WEB_ADDRESS, ConstraintErrorsByField
from .memberships import Membership

#: ``KIND_ORDER`` (accords.status) in SQL: the rank of an event's kind among one day's events.
KIND_RANK = models.Case(
    *(models.When(kind=kind, then=models.Value(rank)) for kind, rank in KIND_ORDER.items()),
    default=models.Value(len(KIND_ORDER)),
    output_field=models.IntegerField(),
)
#: ``accords.status.event_sort_key`` as ``order_by`` terms: date, kind rank, id.
TIMELINE_ORDER = ("date", KIND_RANK.asc(), "id")


#: Why a date does not fit its precision, by precision (``accords.dates.fits_precision``).
PRECISION_MISMATCH = {
    DatePrecision.MONTH: _(
        "A date known only to the month must be entered as the 1st of that month."
    ),
    DatePrecision.YEAR: _(
        "A date known only to the year must be entered as 1 January of that year."
    ),
}


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

    def clean(self):
        errors = {}
        if self.date:
            if self.date < EARLIEST_EVENT_DATE:
                errors["date"] = _("Dates before the year 1000 are not accepted; check the year.")
            elif self.date > timezone.localdate():
                errors["date"] = _(
                    "An event cannot be dated in the future; record it once it has happened."
                )
        if self.date and not errors and not fits_precision(self.date, self.date_precision):
            errors["date_precision"] = PRECISION_MISMATCH[self.date_precision]
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
