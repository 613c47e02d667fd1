"""What the accord page's chart fetches: the Plotly figure (on the reader's first interaction),
the chart as an SVG or PNG file (downloads, the social card) and the panel a marker opens."""

import hashlib

import resvg_py
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from accords.models import Accord, format_date

from .charts import build_figure, figure_data
from .data import accord_memberships, entries, last_data_change, load_rows
from .svg import build_svg
from .timeline_view import timeline_view

#: A panel lists at most this many events of a group.
PANEL_LIMIT = 200
#: How long a chart image may be cached by browsers and kept in the cache (seconds). The key
#: holds the data's last change, so an edit is never hidden behind it.
CHART_MAX_AGE = 300


@require_safe
@gzip_page
def figure(request, slug):
    """The Plotly figure of an accord's view, loaded by the page on the reader's first
    interaction (the page itself carries only the server-drawn SVG)."""
    view = timeline_view(request, get_object_or_404(Accord, slug=slug))
    data = figure_data(build_figure(view.rows, **view.chart_arguments()))
    # Like the page: choices that cannot be read give today's chart, with a 400.
    return JsonResponse(data, status=400 if view.form.errors else 200)


def _chart_svg_text(request, slug) -> tuple[str, int]:
    view = timeline_view(request, get_object_or_404(Accord, slug=slug))
    caption = _("%(accord)s as of %(date)s — %(link)s") % {
        "accord": view.accord.name,
        "date": format_date(view.cut),
        "link": request.build_absolute_uri(
            reverse("timeline:accord", kwargs={"slug": slug})
            + "?"
            + view.query(as_of=view.cut.isoformat())
        ),
    }
    svg = build_svg(
        view.rows, layout="wide", title=caption, standalone=True, **view.chart_arguments()
    )
    return svg, 400 if view.form.errors else 200


def _chart_file(request, slug, kind: str, content_type: str, render_body):
    """The chart file ``kind`` (``svg``, ``png``): ``render_body()`` gives ``(body, status)``,
    kept in the cache when it is 200 under a key that holds the data's last change."""
    changed = last_data_change()
    language = translation.get_language()
    raw = f"{slug}|{kind}|{request.GET.urlencode()}|{changed}|{timezone.localdate()}|{language}"
    key = "chart:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = render_body()
        if found[1] == 200:
            cache.set(key, found, CHART_MAX_AGE)
    body, status = found
    response = HttpResponse(body, content_type=content_type, status=status)
    response["Content-Disposition"] = f'inline; filename="{slug}-chart.{kind}"'
    response["Cache-Control"] = f"public, max-age={CHART_MAX_AGE}"
    return response


@require_safe
def chart_svg(request, slug):
    """The chart of an accord's view as an SVG file, with the same query as the page."""
    return _chart_file(
        request,
        slug,
        "svg",
        "image/svg+xml; charset=utf-8",
        lambda: _chart_svg_text(request, slug),
    )


@require_safe
def chart_png(request, slug):
    """The same chart as a PNG, rendered on the server from the SVG (resvg)."""

    def render_png():
        svg, status = _chart_svg_text(request, slug)
        return resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff"), status

    return _chart_file(request, slug, "png", "image/png", render_png)


@require_safe
def panel(request, slug):
    """The panel a marker opens: its events (``?ids=1,2,3``) with dates at their precision,
    what happened, place, notes and every source as a link. An HTML fragment."""
    accord = get_object_or_404(Accord, slug=slug)
    try:
        ids = [int(i) for i in request.GET.get("ids", "").split(",") if i][:PANEL_LIMIT]
    except ValueError:
        return HttpResponse(_("ids must be numbers separated by commas."), status=400)
    if not ids:
        raise Http404
    memberships = accord_memberships(accord).filter(events__id__in=ids).distinct()
    rows = load_rows(memberships, timezone.localdate())
    wanted = set(ids)
    found = [entry for entry in entries(rows) if entry.event.id in wanted]
    if not found:
        raise Http404
    return render(request, "timeline/panel.html", {"accord": accord, "entries": found})
