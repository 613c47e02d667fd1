"""The query parameters that narrow the API's lists. A value that cannot be understood (an
unknown status, an impossible date, a day outside the record) is refused with a 400 naming the
parameter."""

from datetime import date

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from accords.models import EventKind, ReportedInterest, Role, Status

ISO_DATE = ["%Y-%m-%d"]

#: The earliest day ``as_of`` accepts: before it there is no record to show (and four-digit
#: years keep every day writable as YYYY-MM-DD).
EARLIEST_AS_OF = date(1000, 1, 1)


def validate_as_of(value: date):
    """``as_of`` lies between 1000-01-01 and today (both inclusive): the record as it stood on
    a day, never on a day still to come."""
    today = timezone.localdate()
    if not EARLIEST_AS_OF <= value <= today:
        raise ValidationError(
            _("Enter a day from %(earliest)s to today, %(today)s.")
            % {"earliest": EARLIEST_AS_OF.isoformat(), "today": today.isoformat()},
            code="out_of_range",
        )


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds and validates a form of every filter on each
    request (a millisecond and more, most of an unfiltered list's time). A request that gives
    none of the filters a value (an empty value is none) is the unfiltered list, so it is
    returned as it is, without the form."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            request.query_params.get(name) for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


@extend_schema_field({"type": "string", "enum": [code for code, _name in countries]})
class CountryFilter(django_filters.ChoiceFilter):
    """A state by its ISO 3166-1 alpha-2 code (e.g. KZ)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", lambda: list(countries))
        super().__init__(*args, **kwargs)


class MembershipFilter(django_filters.FilterSet):
    accord = django_filters.CharFilter(
        field_name="accord__slug", help_text="The accord's slug, e.g. abraham-accords."
    )
    country = CountryFilter(help_text="The state's ISO 3166-1 alpha-2 code, e.g. KZ.")
    role = django_filters.ChoiceFilter(choices=Role.choices)
    status = django_filters.ChoiceFilter(
        choices=Status.choices,
        method="filter_status",
        help_text="The status (with as_of: the status as it stood that day).",
    )
    as_of = django_filters.DateFilter(
        method="filter_as_of",
        input_formats=ISO_DATE,
        validators=[validate_as_of],
        help_text=(
            "A day (YYYY-MM-DD, inclusive) from 1000-01-01 to today: statuses and events as "
            "they stood at the end of that day; states with no event by then are left out."
        ),
    )

    def filter_status(self, queryset, name, value):
        if self.form.cleaned_data.get("as_of"):
            return queryset.filter(status_then=value)  # annotated by the view's queryset
        return queryset.filter(status=value)

    def filter_as_of(self, queryset, name, value):
        return queryset  # applied by the view's queryset (Membership.objects.as_of)


class EventFilter(django_filters.FilterSet):
    accord = django_filters.CharFilter(
        field_name="membership__accord__slug", help_text="The accord's slug."
    )
    country = CountryFilter(
        field_name="membership__country",
        help_text="The state's ISO 3166-1 alpha-2 code, e.g. KZ.",
    )
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    date_after = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        input_formats=ISO_DATE,
        help_text="Events on or after this day (YYYY-MM-DD, inclusive).",
    )
    date_before = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        input_formats=ISO_DATE,
        help_text="Events on or before this day (YYYY-MM-DD, inclusive).",
    )


class ReportedInterestFilter(django_filters.FilterSet):
    accord = django_filters.CharFilter(field_name="accord__slug", help_text="The accord's slug.")

    class Meta:
        model = ReportedInterest
        fields = ["accord"]
