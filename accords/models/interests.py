"""States (or entities without an ISO code) reported as interested in an accord, and where."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ..dates import DatePrecision, format_date
from .checks import WEB_ADDRESS
from .memberships import Accord


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
