"""The data of a view as CSV: the events and the states the page shows, with the same
``as_of``, status and kind choices, in the API's columns and through the API's own CSV renderer
(so the files read the same as ``/api/events/?format=csv``), named for what they hold:
``abraham-accords-events-2020-12-01.csv``."""

from types import SimpleNamespace

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from accords.api.renderers import CSVRenderer
from accords.api.serializers import EventSerializer, MembershipSerializer
from accords.api.views import EventViewSet, MembershipViewSet
from accords.models import Accord, Event, Membership

from .charts import visible_rows
from .views import _timeline_view


def _csv_response(items, viewset, filename, status):
    response = HttpResponse(content_type="text/csv; charset=utf-8", status=status)
    view = SimpleNamespace(csv_columns=viewset.csv_columns, csv_filename=filename)
    response.content = CSVRenderer().render(
        items, renderer_context={"view": view, "response": response}
    )
    return response


def _shown(request, slug):
    view = _timeline_view(request, get_object_or_404(Accord, slug=slug))
    keys = [row.key for row in visible_rows(view.rows, view.cut, view.statuses)]
    return view, keys, 400 if view.form.errors else 200


@require_safe
def events_csv(request, slug):
    """The events of the states shown, of the kinds shown, up to the view's day."""
    view, keys, status = _shown(request, slug)
    events = (
        Event.objects.filter(
            membership__accord=view.accord, membership__country__in=keys, date__lte=view.cut
        )
        .select_related("membership__accord")
        .prefetch_related("sources")
        .in_timeline_order()
    )
    if view.kinds:
        events = events.filter(kind__in=view.kinds)
    data = EventSerializer(events, many=True).data
    name = f"{slug}-events-{view.cut.isoformat()}.csv"
    return _csv_response(data, EventViewSet, name, status)


@require_safe
def states_csv(request, slug):
    """The states shown, with their status as it stood on the view's day."""
    view, keys, status = _shown(request, slug)
    order = {key: index for index, key in enumerate(keys)}
    memberships = sorted(
        Membership.objects.filter(accord=view.accord, country__in=keys)
        .select_related("accord", "status_event")
        .as_of(view.cut)
        .with_events(until=view.cut, only_with_events=False),
        key=lambda m: order[m.country.code],
    )
    data = MembershipSerializer(memberships, many=True, context={"as_of": view.cut}).data
    name = f"{slug}-states-{view.cut.isoformat()}.csv"
    return _csv_response(data, MembershipViewSet, name, status)
