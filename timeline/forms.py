"""What a reader chooses on a timeline page, read from the query string."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accords.status import EventKind, Status


class DayField(forms.DateField):
    """A date written as YYYY-MM-DD, whose error repeats what the reader typed."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("“%(value)s” is not a date. Enter a date as YYYY-MM-DD, e.g. 2020-12-01."),
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from error


class TimelineQueryForm(forms.Form):
    """``?as_of=YYYY-MM-DD&status=...&kind=...``: the day to show the accord as it stood on
    (inclusive; empty means today), the statuses of the states to show and the kinds of event
    to mark (empty means all). Bound to ``request.GET``, so a page's address holds exactly
    what the reader sees."""

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
