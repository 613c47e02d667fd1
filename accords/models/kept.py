"""What the write path, the loader and the database keep beside the data: the status periods
derived from the events, each event's sources as JSON, the seed entries loaded, the data version
and the editors' credit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..status import Status
from .events import Event
from .memberships import Membership


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
