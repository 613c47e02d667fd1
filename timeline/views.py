"""Reader-facing pages. Thin: read the request, ask the domain for data, render."""

from functools import wraps

from django.db.models import Min
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accords.models import Accord, Event, Membership, format_date
from accords.status import MILESTONE_KINDS, Status, event_sort_key

from .charts import (
    STATUS_COLOURS,
    ChartEvent,
    ChartRow,
    ChartSource,
    build_figure,
    figure_data,
    visible_rows,
)
from .forms import TimelineQueryForm

DEFAULT_ACCORD_SLUG = "abraham-accords"
#: The events table lists at most this many (the latest); each state's page lists all of its
#: own. A table of thousands of rows helps no reader and costs seconds to render.
EVENTS_TABLE_LIMIT = 500

#: The reader pages load nothing from another host and run no inline script. Plotly sets
#: inline styles on the chart, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def content_security_policy(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

    return wrapped


def _chart_row(membership) -> ChartRow:
    """A membership with prefetched ``known_events`` as plain data for the chart."""
    return ChartRow(
        key=membership.country.code,
        name=str(membership.country.name),
        role=membership.get_role_display(),
        events=tuple(
            ChartEvent(
                kind=event.kind,
                date=event.date,
                date_precision=event.date_precision,
                title=event.title,
                place=event.place,
                sources=tuple(
                    ChartSource(publisher=source.publisher, url=source.url)
                    for source in event.sources.all()
                ),
            )
            for event in membership.known_events
        ),
    )


def _status_counts(memberships):
    """``[{"status", "label", "colour", "count", "names"}]`` in life-cycle order, for the
    statuses that at least one state has."""
    counts = []
    for status in Status:
        names = [str(m.country.name) for m in memberships if m.status_then.status == status]
        if names:
            counts.append(
                {
                    "status": status.value,
                    "label": status.label,
                    "colour": STATUS_COLOURS[status],
                    "count": len(names),
                    "names": names,
                }
            )
    return counts


def _summary_text(accord, memberships, counts, cut, latest):
    """One paragraph that says what the chart shows, for readers who cannot see it."""
    parts = [
        ngettext(
            "On %(date)s, %(count)d state had a part in the %(accord)s.",
            "On %(date)s, %(count)d states had a part in the %(accord)s.",
            len(memberships),
        )
        % {"date": format_date(cut), "count": len(memberships), "accord": accord.name}
    ]
    for item in counts:
        parts.append(
            _("%(status)s: %(names)s.")
            % {
                "status": str(item["label"]).capitalize(),
                "names": get_text_list(item["names"], _("and")),
            }
        )
    if latest is not None:
        parts.append(
            _("The latest change: %(state)s, %(what)s on %(date)s.")
            % {
                "state": latest.membership.country.name,
                "what": latest.get_kind_display(),
                "date": latest.date_display,
            }
        )
    return " ".join(parts)


def _render_accord(request, accord):
    today = timezone.localdate()
    form = TimelineQueryForm(request.GET)
    choice = form.cleaned_data if form.is_valid() else {}
    as_of = choice.get("as_of")
    statuses = choice.get("status") or []
    kinds = choice.get("kind") or []
    cut = as_of or today

    memberships = list(accord.memberships.with_events(until=cut).in_joining_order())
    for membership in memberships:
        membership.status_then = membership.status_on(cut)
        status = membership.status_then.status
        membership.status_then_label = Status(status).label if status else ""
    rows = [_chart_row(membership) for membership in memberships]
    shown_keys = {row.key for row in visible_rows(rows, cut, statuses)}
    shown = [m for m in memberships if m.country.code in shown_keys]
    events = sorted(
        (
            event
            for membership in shown
            for event in membership.known_events
            if not kinds or event.kind in kinds
        ),
        key=event_sort_key,
    )
    changes = [
        event
        for membership in memberships
        for event in membership.known_events
        if event.kind not in MILESTONE_KINDS
    ]
    latest = max(changes, key=event_sort_key) if changes else None
    counts = _status_counts(memberships)
    first_day = Event.objects.filter(membership__accord=accord).aggregate(first=Min("date"))[
        "first"
    ]
    figure = build_figure(
        rows, today=today, as_of=as_of, statuses=statuses, kinds=kinds, start=first_day
    )
    form.fields["as_of"].widget.attrs.update(
        {"min": (first_day or today).isoformat(), "max": today.isoformat()}
    )
    return render(
        request,
        "timeline/accord.html",
        {
            "accord": accord,
            "form": form,
            "today": today,
            "as_of": as_of,
            "cut": cut,
            "cut_display": format_date(cut),
            "first_day": first_day or today,
            "filtered": bool(statuses or kinds),
            "memberships": memberships,
            "shown": shown,
            "events": events[-EVENTS_TABLE_LIMIT:],
            "events_total": len(events),
            "latest": latest,
            "status_counts": counts,
            "summary_text": _summary_text(accord, memberships, counts, cut, latest),
            "figure": figure_data(figure),
            "chart_height": figure.layout.height,
            "other_accords": Accord.objects.exclude(pk=accord.pk),
        },
        status=400 if form.errors else 200,
    )


@content_security_policy
def home(request):
    """The Abraham Accords' page when they exist, else the first accord, else an empty page."""
    accord = (
        Accord.objects.filter(slug=DEFAULT_ACCORD_SLUG).first()
        or Accord.objects.order_by("name").first()
    )
    if accord is None:
        return render(request, "timeline/empty.html")
    return _render_accord(request, accord)


@content_security_policy
def accord_detail(request, slug):
    return _render_accord(request, get_object_or_404(Accord, slug=slug))


@content_security_policy
def membership_detail(request, slug, country):
    membership = get_object_or_404(
        Membership.objects.with_events().select_related("status_event"),
        accord__slug=slug,
        country=country.upper(),
    )
    return render(request, "timeline/membership.html", {"membership": membership})
