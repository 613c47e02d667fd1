"""What a reader chooses on a timeline page, read from the query string."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accords.status import EventKind, Status

#: The earliest day a page shows; an earlier year is a typo (0002 for 2002), not a view.
EARLIEST_VIEW = date(1000, 1, 1)


class DayField(forms.DateField):
    """A date written as YYYY-MM-DD, whose error repeats what the reader typed, between the
    year 1000 and today (inclusive)."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("“%(value)s” is not a date. Enter a date as YYYY-MM-DD, e.g. 2020-12-01."),
        "too_early": _("%(value)s is before the year 1000; check the year."),
        "future": _("%(value)s is after today (%(today)s): the timeline cannot show the future."),
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from error

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value < EARLIEST_VIEW:
            raise ValidationError(
                self.error_messages["too_early"],
                code="too_early",
                params={"value": value.isoformat()},
            )
        if value > today:
            raise ValidationError(
                self.error_messages["future"],
                code="future",
                params={"value": value.isoformat(), "today": today.isoformat()},
            )


RANGE_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")


class RangeField(forms.CharField):
    """``YYYY-YYYY``: the calendar years the date axis is narrowed to (both inclusive)."""

    default_error_messages = {
        "invalid": _("“%(value)s” is not a range of years. Write it as 2020-2021."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = RANGE_PATTERN.match(value)
        if not match:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        first, last = int(match.group(1)), int(match.group(2))
        if first < EARLIEST_VIEW.year or last < first:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return (first, last)


class TimelineQueryForm(forms.Form):
    """``?as_of=YYYY-MM-DD&status=...&kind=...&range=YYYY-YYYY&page=N``: the day to show the
    accord as it stood on (inclusive; empty means today), the statuses of the states to show and
    the kinds of event to mark (empty means all), the years to zoom the axis to, and the page of
    the events table. Bound to ``request.GET``, so a page's address holds exactly what the
    reader sees."""

    as_of = DayField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.MultipleChoiceField(
        label=_("What happened"),
        choices=EventKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    range = RangeField(label=_("Years shown"), required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1)


class DayQueryForm(forms.Form):
    """``?as_of=YYYY-MM-DD`` alone, for a state's page."""

    as_of = TimelineQueryForm.base_fields["as_of"]
