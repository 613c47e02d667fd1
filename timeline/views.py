"""The reader's pages of an accord and of one state's membership. Thin: read the request, ask
the domain for data, render.

- :mod:`timeline.timeline_view`: the reader's choices for an accord, read from the query.
- :mod:`timeline.chart_views`: what the page's chart fetches (the figure, the chart files, the
  marker panel); :mod:`timeline.states`: the states' pages and the recent changes.
"""

import json
from collections import Counter
from functools import partial

from csp.decorators import csp_replace
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.gzip import gzip_page

from accords.models import Accord, Membership, format_date
from accords.status import Status

from .chart_views import chart_png, chart_svg, figure, panel  # noqa: F401  (timeline/urls.py)
from .charts import STATUS_COLOURS, visible_rows
from .data import (
    Entry,
    entries,
    last_data_change,
    latest_change,
    load_rows,
    status_setter,
    with_sources,
)
from .forms import DayQueryForm
from .languages import collation_key, text_list
from .svg import build_svg
from .timeline_view import TimelineView, timeline_view

#: The name timeline/exports.py imports.
_timeline_view = timeline_view

DEFAULT_ACCORD_SLUG = "abraham-accords"
#: The events table lists this many events a page (the latest page first).
EVENTS_PER_PAGE = 50
#: The headings of the page's two tables (templates/timeline/sourced_table.html).
EVENT_HEADINGS = [
    gettext_lazy("Date"),
    gettext_lazy("State"),
    gettext_lazy("What happened"),
    gettext_lazy("Place"),
    gettext_lazy("Sources"),
]
MEMBER_HEADINGS = [
    gettext_lazy("State"),
    gettext_lazy("Role"),
    gettext_lazy("Status"),
    gettext_lazy("Since"),
    gettext_lazy("Source"),
]


def _status_counts(rows, cut):
    """``[{"status", "label", "colour", "count", "names"}]`` in life-cycle order, for the
    statuses that at least one state has."""
    by_status = {}
    for row in rows:
        by_status.setdefault(row.status_on(cut), []).append(row.name)
    return [
        {
            "status": status.value,
            "label": status.label,
            "colour": STATUS_COLOURS[status],
            "count": len(by_status[status]),
            "names": by_status[status],
        }
        for status in Status
        if status in by_status
    ]


def _summary_text(accord, rows, counts, cut, latest):
    """One paragraph that says what the chart shows, for readers who cannot see it."""
    parts = [
        ngettext(
            "On %(date)s, %(count)d state had a part in the %(accord)s.",
            "On %(date)s, %(count)d states had a part in the %(accord)s.",
            len(rows),
        )
        % {"date": format_date(cut), "count": len(rows), "accord": accord.name}
    ]
    for item in counts:
        parts.append(
            _("%(status)s: %(names)s.")
            % {
                "status": str(item["label"]).capitalize(),
                "names": text_list(item["names"]),
            }
        )
    if latest is not None:
        parts.append(
            _("The latest change: %(state)s, %(what)s on %(date)s.")
            % {
                "state": latest.row.name,
                "what": latest.kind_label,
                "date": latest.event.date_display,
            }
        )
    return " ".join(parts)


def _range_presets(view: TimelineView):
    """The range buttons: the two consecutive years with the most events, and "All". None
    when the axis is short enough to need no zoom."""
    years = Counter(event.date.year for row in view.rows for event in row.events)
    if not years or view.first_day is None or (view.cut - view.first_day).days < 3 * 365:
        return []
    busiest = max(sorted(years), key=lambda y: years[y] + years.get(y + 1, 0))
    value = f"{busiest}-{busiest + 1}"
    label = f"{busiest}–{str(busiest + 1)[-2:]}"
    return [
        {
            "label": label,
            "value": value,
            "current": view.range_value == value,
            "href": "?" + view.query(range=value),
        },
        {
            "label": _("All"),
            "value": "",
            "current": not view.range_value,
            "href": "?" + view.query(range=""),
        },
    ]


def _citation(view: TimelineView, permalink: str, changed):
    retrieved = view.today
    title = view.accord.name + " " + _("as of %(date)s") % {"date": format_date(view.cut)}
    site = _("Treaty-membership timeline")
    changed_text = format_date(changed.date()) if changed else _("unknown")
    text = _(
        "“%(title)s”. %(site)s. Data last changed %(changed)s. Retrieved %(retrieved)s. %(link)s"
    ) % {
        "title": title,
        "site": site,
        "changed": changed_text,
        "retrieved": format_date(retrieved),
        "link": permalink,
    }
    key = f"{view.accord.slug}-{view.cut.isoformat()}"
    bibtex = (
        f"@misc{{{key},\n"
        f"  title = {{{{{title}}}}},\n"
        f"  howpublished = {{{site}}},\n"
        f"  url = {{{permalink}}},\n"
        f"  urldate = {{{retrieved.isoformat()}}},\n"
        f"  note = {{Data last changed {changed.date().isoformat() if changed else 'unknown'}}}\n"
        "}"
    )
    csl = {
        "id": key,
        "type": "dataset",
        "title": title,
        "publisher": site,
        "URL": permalink,
        "accessed": {"date-parts": [[retrieved.year, retrieved.month, retrieved.day]]},
        "issued": {"date-parts": [[view.cut.year, view.cut.month, view.cut.day]]},
    }
    return {"text": text, "bibtex": bibtex, "csl": json.dumps(csl, indent=2, ensure_ascii=False)}


def _render_accord(request, accord, template="timeline/accord.html", extra=None):
    # The drawings' tooltips leave sources to the panel, so the page fetches the sources of
    # the events it lists only: with thousands of events, that is most of its time saved.
    view = timeline_view(request, accord, sources=False)
    cut = view.cut
    shown_keys = {row.key for row in visible_rows(view.rows, cut, view.statuses)}
    shown = [row for row in view.rows if row.key in shown_keys]
    present = [row for row in view.rows if row.events]
    listed = entries(shown, view.kinds)
    paginator = Paginator(listed, EVENTS_PER_PAGE)
    page_number = view.form.cleaned_data.get("page") if view.form.is_valid() else None
    page = paginator.get_page(page_number or paginator.num_pages)
    latest = latest_change(view.rows)
    counts = _status_counts(present, cut)
    setters = [(row, *status_setter(row, cut)) for row in shown]
    listed_here = list(page.object_list)
    sourced = iter(
        with_sources(
            listed_here
            + ([latest] if latest else [])
            + [Entry(row, setter) for row, _status, setter in setters if setter]
        )
    )
    page_entries = [next(sourced) for _entry in listed_here]
    latest = next(sourced) if latest else None
    members = []
    for row, status, setter in setters:
        entry = next(sourced) if setter else None
        members.append(
            {
                "row": row,
                "status": status,
                "status_label": Status(status).label if status else "",
                "entry": entry,
                # The sources of the event that set the status, the table's last column.
                "all_sources": entry.all_sources if entry else (),
            }
        )
    arguments = view.chart_arguments()
    svg_wide = build_svg(view.rows, layout="wide", **arguments)
    svg_narrow = build_svg(view.rows, layout="narrow", **arguments)
    query = view.query()
    base = reverse("timeline:accord", kwargs={"slug": accord.slug})
    permalink = request.build_absolute_uri(base + "?" + view.query(as_of=cut.isoformat()))
    changed = last_data_change()
    file_stem = f"{accord.slug}-{{what}}-{cut.isoformat()}"
    before_start = view.first_day is not None and cut < view.first_day
    view.form.fields["as_of"].widget.attrs.update(
        {
            "min": (view.first_day or view.today).isoformat(),
            "max": view.today.isoformat(),
            "pattern": r"\d{4}-\d{2}-\d{2}",
        }
    )
    suffix = f"?{query}" if query else ""
    return render(
        request,
        template,
        {
            "accord": accord,
            "form": view.form,
            "today": view.today,
            "as_of": view.as_of,
            "cut": cut,
            "cut_display": format_date(cut),
            "first_day": view.first_day or view.today,
            "first_day_display": format_date(view.first_day) if view.first_day else "",
            "before_start": before_start,
            "filtered": bool(view.statuses or view.kinds),
            "rows": present,
            "shown": shown,
            "members": members,
            "page": page,
            "events": page_entries,
            "event_headings": EVENT_HEADINGS,
            "member_headings": MEMBER_HEADINGS,
            "events_total": len(listed),
            "latest": latest,
            "status_counts": counts,
            "summary_text": _summary_text(accord, present, counts, cut, latest),
            "interests": accord.interests.filter(date__lte=cut).prefetch_related("sources"),
            "svg_wide": svg_wide,
            "svg_narrow": svg_narrow,
            "range_presets": _range_presets(view),
            "range_value": view.range_value,
            "query": query,
            "page_query": view.query(page=""),
            "figure_url": reverse("timeline:figure", kwargs={"slug": accord.slug}) + suffix,
            "chart_svg_url": reverse("timeline:chart_svg", kwargs={"slug": accord.slug}) + suffix,
            "chart_png_url": reverse("timeline:chart_png", kwargs={"slug": accord.slug}) + suffix,
            "chart_png_absolute": request.build_absolute_uri(
                reverse("timeline:chart_png", kwargs={"slug": accord.slug}) + suffix
            ),
            "events_csv_url": reverse("timeline:events_csv", kwargs={"slug": accord.slug}) + suffix,
            "states_csv_url": reverse("timeline:states_csv", kwargs={"slug": accord.slug}) + suffix,
            "events_csv_name": file_stem.format(what="events") + ".csv",
            "states_csv_name": file_stem.format(what="states") + ".csv",
            "embed_url": request.build_absolute_uri(
                reverse("timeline:embed", kwargs={"slug": accord.slug})
                + f"?{view.query(as_of=cut.isoformat())}"
            ),
            "page_url": request.build_absolute_uri(base + suffix),
            "permalink": permalink,
            "citation": _citation(view, permalink, changed),
            "data_changed": changed,
            "panel_url": reverse("timeline:panel", kwargs={"slug": accord.slug}),
            # A callable, so the home page (which lists every accord instead) asks nothing.
            "other_accords": partial(
                sorted,
                Accord.objects.exclude(pk=accord.pk),
                key=lambda other: collation_key(other.name),
            ),
            **(extra or {}),
        },
        status=400 if view.form.errors else 200,
    )


@gzip_page
def home(request):
    """The Abraham Accords' page when they exist, else the first accord, else an empty page."""
    accord = (
        Accord.objects.filter(slug=DEFAULT_ACCORD_SLUG).first()
        or Accord.objects.order_by("name").first()
    )
    if accord is None:
        return render(request, "timeline/empty.html")
    from .states import accord_summaries  # timeline.states imports this module

    return _render_accord(request, accord, extra={"all_accords": accord_summaries()})


@gzip_page
def accord_detail(request, slug):
    return _render_accord(request, get_object_or_404(Accord, slug=slug))


@csp_replace({"frame-ancestors": ["*"]})
@xframe_options_exempt
@gzip_page
def embed(request, slug):
    """The accord's chart alone, for any site to frame (every other page refuses framing)."""
    return _render_accord(request, get_object_or_404(Accord, slug=slug), "timeline/embed.html")


@gzip_page
def membership_detail(request, slug, country):
    membership = get_object_or_404(
        Membership.objects.select_related("accord"),
        accord__slug=slug,
        country=country.upper(),
    )
    form = DayQueryForm(request.GET)
    today = timezone.localdate()
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    cut = as_of or today
    (row,) = load_rows([membership], cut)
    status, setter = status_setter(row, cut)
    arguments = {"today": today, "as_of": as_of}
    others = (
        Membership.objects.filter(country=membership.country)
        .exclude(pk=membership.pk)
        .select_related("accord")
    )
    form.fields["as_of"].widget.attrs.update({"max": today.isoformat()})
    return render(
        request,
        "timeline/membership.html",
        {
            "membership": membership,
            "form": form,
            "as_of": as_of,
            "cut_display": format_date(cut),
            "row": row,
            "status": status,
            "status_label": Status(status).label if status else "",
            "setter": setter,
            "events": entries([row]),
            "svg_wide": build_svg([row], layout="wide", **arguments) if row.events else "",
            "svg_narrow": build_svg([row], layout="narrow", **arguments) if row.events else "",
            "other_memberships": others,
        },
        status=400 if form.errors else 200,
    )
