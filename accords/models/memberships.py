"""Accords and the states' memberships in them, with the questions asked of memberships."""

from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ..status import Status
from .checks import ConstraintErrorsByField


class Role(models.TextChoices):
    FOUNDING_PARTY = "founding_party", _("founding party")
    PARTY = "party", _("party")
    WITNESS = "witness", _("witness")
    MEDIATOR = "mediator", _("mediator")


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


class MembershipQuerySet(models.QuerySet):
    def with_events(self, until: date | None = None, only_with_events: bool = True):
        """Memberships with their events (and each event's sources) prefetched in
        chronological order as ``known_events``. With ``until``, only events dated on or
        before that day (inclusive) are fetched, and (unless ``only_with_events`` is false)
        memberships with none are left out."""
        from .events import Event  # defined after Membership, which it points to

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
        from .kept import StatusPeriod  # defined after Membership, which it points to

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
