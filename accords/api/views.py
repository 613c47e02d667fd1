"""The API's views: thin viewsets over the domain's querysets. Each says its queryset, its
filters and orderings, and its documentation; the rules they share live in their own modules
(:mod:`.csv`, :mod:`.ordering`, :mod:`.validation`, :mod:`.docs`)."""

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from django.http import HttpResponse
from django.utils import translation
from rest_framework import mixins, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accords import services
from accords.models import TIMELINE_ORDER, Accord, Event, Membership, ReportedInterest

from . import csv, lean
from .docs import ApiRootView, RedocView, SwaggerView, documented, health
from .filters import EventFilter, FilterBackend, MembershipFilter, ReportedInterestFilter
from .ordering import NamedOrderingFilter
from .serializers import (
    AccordSerializer,
    EventSerializer,
    MembershipSerializer,
    ReportedInterestSerializer,
)
from .validation import refusals_as_400

#: What accords/api/urls.py finds here (the pages around the data are in .docs).
__all__ = [
    "AccordViewSet",
    "ApiRootView",
    "EventViewSet",
    "MembershipViewSet",
    "RedocView",
    "ReportedInterestViewSet",
    "SwaggerView",
    "health",
]


@documented("an accord", by_id=False, list="List the accords")
class AccordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Accords, by slug. Editors may add and change them; an accord is never deleted through
    the API (that would take every membership with it)."""

    queryset = Accord.objects.all()
    serializer_class = AccordSerializer
    lookup_field = "slug"
    # Any path segment reaches the view, so that an unknown one is a JSON 404 too.
    lookup_value_regex = r"[^/]+"
    filter_backends = [NamedOrderingFilter]
    ordering_map = {"name": "name", "slug": "slug"}
    default_ordering = ["name"]


MEMBERSHIP_ORDERING = {
    "joined": "joined_on",
    "accord": "accord__slug",
    "country": "country",
    "role": "role",
    "status": "status",
    "status_since": "status_since_on",
}


@documented(
    "a membership",
    list="List the memberships",
    description="Each state's part in an accord with its status, the date that status was "
    "reached and its events. With `as_of`, everything as it stood that day.",
    destroy="Delete a membership and its events",
)
class MembershipViewSet(csv.CSVListMixin, viewsets.ModelViewSet):
    """States' memberships in the accords. Editors may add, change and delete them; the status
    is derived from the events, never written."""

    serializer_class = MembershipSerializer
    filter_backends = [FilterBackend, NamedOrderingFilter]
    filterset_class = MembershipFilter
    lookup_value_regex = r"[^/]+"  # a non-number is a JSON 404 from the view
    default_ordering = ["joined", "country"]
    csv_filename = "memberships.csv"
    csv_columns = csv.columns(MembershipSerializer)

    @property
    def ordering_map(self):
        if self.as_of() is None:
            return MEMBERSHIP_ORDERING
        return {**MEMBERSHIP_ORDERING, "status": "status_then", "status_since": "status_since_then"}

    def get_queryset(self):
        queryset = Membership.objects.select_related("accord", "status_event")
        as_of = self.as_of()
        if as_of is None:
            return queryset.annotate(status_since_on=F("status_event__date"))
        # As of a day, the status comes from the stored periods: filtered, ordered and
        # paginated in SQL, with a constant number of queries.
        return queryset.as_of(as_of)

    def as_of(self) -> date | None:
        """The ``as_of`` day of a list request, or None (an invalid one is refused by the
        filter with a 400 naming the parameter)."""
        if getattr(self, "action", None) != "list":
            return None
        value = self.request.query_params.get("as_of")
        if not value:
            return None
        try:
            return MembershipFilter.base_filters["as_of"].field.clean(value)
        except DjangoValidationError:
            return None

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": self.as_of()}

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset.with_events()
        return queryset.with_events(until=self.as_of(), only_with_events=False)


#: The query parameters the events list's SQL depends on (its filters and its ordering).
EVENT_LIST_PARAMETERS = (*EventFilter.base_filters, NamedOrderingFilter.ordering_param)


@documented(
    "an event",
    list="List the events",
    description="Dated actions of the memberships, each with its sources, by date.",
    create="Add an event with its sources",
    update="Correct an event; its sources are replaced",
    partial_update="Correct some of an event's fields; sources, if given, are replaced",
    destroy="Delete an event and its sources",
)
class EventViewSet(csv.CSVListMixin, viewsets.ModelViewSet):
    """Dated actions of the memberships, each with its sources. Editors write an event with its
    sources in one request; the membership's status follows at once."""

    serializer_class = EventSerializer
    filter_backends = [FilterBackend, NamedOrderingFilter]
    filterset_class = EventFilter
    lookup_value_regex = r"[^/]+"  # a non-number is a JSON 404 from the view
    ordering_map = {
        "date": "date",
        "id": "id",
        "kind": "kind",
        "accord": "membership__accord__slug",
        "country": "membership__country",
    }
    default_ordering = ["date", "id"]
    #: By default, events in timeline order: same-day events in life-cycle order.
    default_order_by = TIMELINE_ORDER
    csv_filename = "events.csv"
    csv_columns = csv.columns(EventSerializer)

    def get_queryset(self):
        return Event.objects.select_related("membership__accord").prefetch_related("sources")

    def list(self, request, *args, **kwargs):
        # Two SQL queries compiled once per kind of request, and JSON written from the rows
        # (see accords.api.lean): the same body, a fraction of the time.
        columns = lean.text_columns(translation.get_language())
        key = (
            Event.objects.db,
            tuple(columns.items()),
            *(request.query_params.get(name) or "" for name in EVENT_LIST_PARAMETERS),
        )
        # Filters and ordering are built (and a bad value refused) the first time only: the
        # SQL depends on nothing but these values.
        query = lean.compiled(
            key, lambda: lean.Compiled(self.filter_queryset(Event.objects.all()), columns)
        )
        page = self.paginate_queryset(lean.LeanRows(query))
        if page is None:  # the whole list, as CSV
            return Response(lean.items(query.rows()))
        if request.accepted_media_type == JSONRenderer.media_type:
            body = lean.page_json(
                self.paginator.page.paginator.count,
                self.paginator.get_next_link(),
                self.paginator.get_previous_link(),
                page,
            )
            return HttpResponse(body, content_type=JSONRenderer.media_type)
        # The browsable API, or JSON with parameters (indent): REST framework renders.
        return self.get_paginated_response(lean.items(page))

    def perform_destroy(self, instance):
        with refusals_as_400():
            services.delete_event(event=instance)


@documented(
    "a reported interest",
    list="List the states reported as interested",
    description="States (or entities without an ISO code, such as Somaliland) reported as "
    "interested in joining an accord, each with its sources. They are never members and are "
    "never counted in the statuses. Filter with `accord`.",
)
class ReportedInterestViewSet(viewsets.ReadOnlyModelViewSet):
    """States reported as interested in an accord. Editors change them in the admin."""

    serializer_class = ReportedInterestSerializer
    filter_backends = [FilterBackend]
    filterset_class = ReportedInterestFilter
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return (
            ReportedInterest.objects.select_related("accord")
            .prefetch_related("sources")
            .order_by("-date", "id")
        )
