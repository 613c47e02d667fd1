"""The API's pages around the data: its root, its documentation (Swagger UI and Redoc, from the
drf-spectacular sidecar's static files, never a CDN) and a health check; and the summary of
each endpoint in the schema (:func:`documented`)."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView

from .csv import CSVListMixin


@require_safe
def health(request):
    """``{"status": "ok"}`` when the application answers; touches no database."""
    return JsonResponse({"status": "ok"})


#: The documentation pages run their own inline script and styles, and Redoc's search runs
#: in a worker made from a blob; still nothing from another host (Redoc's bundle would fetch
#: its logo from cdn.redoc.ly: the site's policy stops the browser from asking).
DOCS_POLICY_RELAXATION = csp_update(
    {
        "script-src": [UNSAFE_INLINE],
        "font-src": ["data:"],
        "worker-src": [SELF, "blob:"],
    }
)


@method_decorator(DOCS_POLICY_RELAXATION, name="dispatch")
class SwaggerView(SpectacularSwaggerView):
    """The Swagger UI page, from the sidecar's static files only."""


@method_decorator(DOCS_POLICY_RELAXATION, name="dispatch")
class RedocView(SpectacularRedocView):
    """The Redoc documentation page, from the sidecar's static files only (the template is
    drf-spectacular's, less the Google Fonts it links)."""

    template_name = "api/redoc.html"


class ApiRootView(APIRootView):
    """The API's endpoints, its schema and its documentation."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for name in ("schema", "docs", "redoc", "health"):
            response.data[name] = reverse(f"api-{name}", request=request)
        return response


#: The numeric id in a detail address (any other segment is a 404).
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The item's id.")

#: An action's summary where its viewset gives none: ``{a}`` is the item with its article
#: ("an event"), ``{item}`` the item alone.
SUMMARIES = {
    "retrieve": "One {item}",
    "create": "Add {a}",
    "update": "Change {a}",
    "partial_update": "Change some of {a}'s fields",
    "destroy": "Delete {a}",
}
WRITES = ("create", "update", "partial_update", "destroy")
#: The actions on one item, whose address ends in its id.
ON_ONE_ITEM = ("retrieve", "update", "partial_update", "destroy")


def documented(a, *, description=None, by_id=True, **summaries):
    """A viewset's summaries in the schema (the headings of the docs pages), by action: the
    ``list``'s, with its ``description`` (a list served as CSV says so), and the others' from
    :data:`SUMMARIES` for the item ``a`` ("an event") unless ``summaries`` gives them. A
    write is for editors, and says so; with ``by_id``, an action on one item documents the
    numeric id of its address."""

    unknown = set(summaries) - {"list", *SUMMARIES}
    if unknown:
        raise TypeError(f"No such action: {', '.join(sorted(unknown))}")

    def decorate(viewset):
        if issubclass(viewset, CSVListMixin):
            described = f"{description} `?format=csv` gives the whole filtered list as CSV."
        else:
            described = description
        schemas = {"list": extend_schema(summary=summaries["list"], description=described)}
        item = a.split(" ", 1)[1]
        for action, summary in SUMMARIES.items():
            if not hasattr(viewset, action):
                continue
            details = {"summary": summaries.get(action) or summary.format(a=a, item=item)}
            if action in WRITES:
                details["summary"] += " (editors)"
            if by_id and action in ON_ONE_ITEM:
                details["parameters"] = [ID]
            schemas[action] = extend_schema(**details)
        return extend_schema_view(**schemas)(viewset)

    return decorate
