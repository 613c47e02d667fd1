"""A state's page across accords, the list of every accord for the home page, and the public
"Recent changes" page (from the editors' history, editors named only if they chose to be
credited). Each page costs a fixed
number of queries whatever the size of the data."""

import dataclasses

from django.core.paginator import Paginator
from django.db.models import CharField, Count, OuterRef, Q, Subquery, Value
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe
from django_countries import countries

from accords.dates import format_date
from accords.models import Accord, EditorCredit, Event, Membership, Source, StatusPeriod
from accords.status import EventKind, Status
from accords.translation import CONTENT_LANGUAGES, TRANSLATED_FIELDS, choose, column

from .data import load_rows, status_setter
from .forms import DayQueryForm
from .languages import collation_key
from .svg import build_svg

#: The recent changes page lists this many changes a page.
CHANGES_PER_PAGE = 50


def country_or_404(code: str) -> str:
    """``code`` as an upper-case ISO 3166-1 code the site knows, or a 404."""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise Http404(_("Not a state's code."))
    code = code.upper()
    if code not in dict(countries):
        raise Http404(_("Not a state's code."))
    return code


def state_memberships(code: str):
    """The state's memberships, by accord name (one query)."""
    return Membership.objects.filter(country=code).select_related("accord").order_by("accord__name")


@require_safe
@gzip_page
def state_detail(request, country):
    code = country_or_404(country)
    if code != country:
        query = request.META.get("QUERY_STRING", "")
        target = reverse("timeline:state", kwargs={"country": code})
        return redirect(target + (f"?{query}" if query else ""), permanent=True)
    # By accord name in the reader's language and its alphabetical order.
    memberships = sorted(state_memberships(code), key=lambda m: collation_key(m.accord.name))
    if not memberships:
        raise Http404(_("This state is part of no accord recorded here."))
    form = DayQueryForm(request.GET)
    today = timezone.localdate()
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    cut = as_of or today
    rows = load_rows(memberships, cut, sources=False)
    # One row per accord: the accord names the row (the drawing keys its rows by ``key``).
    rows = [
        dataclasses.replace(row, key=m.accord.slug, name=m.accord.name)
        for m, row in zip(memberships, rows, strict=True)
    ]
    items = []
    for membership, row in zip(memberships, rows, strict=True):
        status, setter = status_setter(row, cut)
        items.append(
            {
                "membership": membership,
                "status": status,
                "status_label": Status(status).label if status else "",
                "setter": setter,
            }
        )
    drawn = [row for row in rows if row.events]
    arguments = {"today": today, "as_of": as_of}
    form.fields["as_of"].widget.attrs.update({"max": today.isoformat()})
    return render(
        request,
        "timeline/state.html",
        {
            "code": code,
            "name": countries.name(code),
            "form": form,
            "as_of": as_of,
            "cut_display": format_date(cut),
            "items": items,
            "svg_wide": build_svg(drawn, layout="wide", **arguments) if drawn else "",
            "svg_narrow": build_svg(drawn, layout="narrow", **arguments) if drawn else "",
        },
        status=400 if form.errors else 200,
    )


def accord_summaries():
    """Every accord with its member count (states with a status; reported interests are not
    memberships) and its latest status change (date at its precision and state): one query."""
    latest = StatusPeriod.objects.filter(membership__accord=OuterRef("pk")).order_by(
        "-first_day", "-id"
    )
    accords = Accord.objects.order_by("name").annotate(
        member_count=Count("memberships", filter=~Q(memberships__status="")),
        latest_day=Subquery(latest.values("event__date")[:1]),
        latest_precision=Subquery(latest.values("event__date_precision")[:1]),
        latest_country=Subquery(latest.values("membership__country")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
    )
    found = []
    for accord in accords:
        found.append(
            {
                "accord": accord,
                "member_count": accord.member_count,
                "latest_date": format_date(accord.latest_day, accord.latest_precision)
                if accord.latest_day
                else "",
                "latest_state": countries.name(accord.latest_country)
                if accord.latest_country
                else "",
                "latest_status": Status(accord.latest_status).label if accord.latest_status else "",
            }
        )
    # Alphabetical in the reader's language, whatever the database's collation.
    return sorted(found, key=lambda item: collation_key(item["accord"].name))


# --- Recent changes ---------------------------------------------------------------------------

ACTIONS = {
    "+": gettext_lazy("added"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}
#: The translated texts' columns, each with its field and its content language.
_TEXT_COLUMNS = {
    column(field, code): (field, code)
    for field in TRANSLATED_FIELDS[Event]
    for code in CONTENT_LANGUAGES
}
#: The fields compared between two versions (the database's own bookkeeping left out): each
#: language's text on its own, so that an edit of a translation alone is listed too.
EVENT_FIELDS = ["membership_id", "kind", "date", "date_precision", *_TEXT_COLUMNS]
SOURCE_FIELDS = [
    "event_id",
    "publisher",
    "title",
    "url",
    "archived_url",
    "published_on",
    "copy_of",
    "secondary",
    "language",
]


def _field_label(model, name):
    """The field's name for a reader; a translated text's with its language: "title (Arabic)"."""
    if model is Event and name in _TEXT_COLUMNS:
        field, code = _TEXT_COLUMNS[name]
        return _("%(field)s (%(language)s)") % {
            "field": model._meta.get_field(field).verbose_name,
            "language": get_language_info(code)["name_translated"],
        }
    field = model._meta.get_field(name.removesuffix("_id"))
    return str(field.verbose_name)


def _value_text(model, name, value):
    if value is None or value == "":
        return "—"
    if name == "kind":
        try:
            return str(EventKind(value).label)
        except ValueError:
            return str(value)
    field = model._meta.get_field(name.removesuffix("_id"))
    if getattr(field, "choices", None) and not name.endswith("_id"):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _previous_ids(history_model, records):
    """For each record, the history id of the version before it (one query)."""
    previous = history_model.objects.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id")
    return dict(
        history_model.objects.filter(history_id__in=[r.history_id for r in records])
        .annotate(previous=Subquery(previous.values("history_id")[:1]))
        .values_list("history_id", "previous")
    )


def _changes_of(model, fields, records):
    """``{history_id: [(field label, old, new, language)]}`` for the "changed" records
    (``language``: a translated text's content language, else empty)."""
    history_model = model.history.model
    changed = [r for r in records if r.history_type == "~"]
    if not changed:
        return {}
    previous_ids = _previous_ids(history_model, changed)
    previous = history_model.objects.in_bulk([i for i in previous_ids.values() if i])
    found = {}
    for record in changed:
        before = previous.get(previous_ids.get(record.history_id))
        diffs = []
        if before is not None:
            for name in fields:
                old, new = getattr(before, name), getattr(record, name)
                if old != new:
                    diffs.append(
                        (
                            _field_label(model, name),
                            _value_text(model, name, old),
                            _value_text(model, name, new),
                            # the language of a translated text, for its lang attribute
                            _TEXT_COLUMNS[name][1]
                            if model is Event and name in _TEXT_COLUMNS
                            else "",
                        )
                    )
        found[record.history_id] = diffs
    return found


def _event_label(record, memberships):
    membership = memberships.get(record.membership_id)
    state = (
        f"{membership.country.name} — {membership.accord.name}"
        if membership
        else _("a deleted membership")
    )
    return state, format_date(record.date, record.date_precision), membership


def models_value(name):
    return Value(name, output_field=CharField())


def public_names(user_ids):
    """``{user id: public name}`` of the editors among ``user_ids`` who chose to be credited
    (``EditorCredit``); the others are left out, and shown as "an editor"."""
    user_ids = {i for i in user_ids if i is not None}
    if not user_ids:
        return {}
    return dict(
        EditorCredit.objects.filter(user_id__in=user_ids, credited=True)
        .exclude(public_name="")
        .values_list("user_id", "public_name")
    )


def changes_page(page_number):
    """One page of the changes to events and sources, newest first, as plain dicts (a fixed
    number of queries: the count, the page, each model's versions and the versions before
    them, the memberships, the events the sources belong to and the credited editors). An
    editor's public name is given only if they chose to be credited; otherwise ``editor`` is
    empty and the change is shown as made by "an editor"."""
    HistoricalEvent = Event.history.model
    HistoricalSource = Source.history.model
    both = (
        HistoricalEvent.objects.order_by()
        .annotate(model=models_value("event"))
        .values("history_id", "history_date", "model")
        .union(
            HistoricalSource.objects.order_by()
            .annotate(model=models_value("source"))
            .values("history_id", "history_date", "model"),
            all=True,
        )
        .order_by("-history_date", "-history_id")
    )
    paginator = Paginator(both, CHANGES_PER_PAGE)
    page = paginator.get_page(page_number)
    keys = list(page.object_list)
    event_records = HistoricalEvent.objects.in_bulk(
        [k["history_id"] for k in keys if k["model"] == "event"]
    )
    source_records = HistoricalSource.objects.in_bulk(
        [k["history_id"] for k in keys if k["model"] == "source"]
    )
    event_diffs = _changes_of(Event, EVENT_FIELDS, list(event_records.values()))
    source_diffs = _changes_of(Source, SOURCE_FIELDS, list(source_records.values()))
    # The events the sources belong to, as their latest recorded version (deleted ones too).
    source_event_ids = {r.event_id for r in source_records.values()}
    latest_events = {}
    if source_event_ids:
        for record in HistoricalEvent.objects.filter(id__in=source_event_ids).order_by(
            "id", "history_date", "history_id"
        ):
            latest_events[record.id] = record
    membership_ids = {r.membership_id for r in event_records.values()} | {
        r.membership_id for r in latest_events.values()
    }
    memberships = Membership.objects.select_related("accord").in_bulk(membership_ids)
    credited = public_names(
        r.history_user_id for r in [*event_records.values(), *source_records.values()]
    )
    changes = []
    for key in keys:
        if key["model"] == "event":
            record = event_records[key["history_id"]]
            state, day, membership = _event_label(record, memberships)
            changes.append(
                {
                    "what": _("event"),
                    "action": record.history_type,
                    "action_label": ACTIONS[record.history_type],
                    "when": record.history_date,
                    "event_id": record.id,
                    "event_title": choose(record, "title"),
                    "state": state,
                    "event_date": day,
                    "link": f"{membership.get_absolute_url()}#event-{record.id}"
                    if membership and record.history_type != "-"
                    else "",
                    "diffs": event_diffs.get(record.history_id, []),
                    "source": None,
                    "editor": credited.get(record.history_user_id, ""),
                }
            )
        else:
            record = source_records[key["history_id"]]
            event = latest_events.get(record.event_id)
            state, day, membership = (
                _event_label(event, memberships) if event else (_("a deleted event"), "", None)
            )
            changes.append(
                {
                    "what": _("source"),
                    "action": record.history_type,
                    "action_label": ACTIONS[record.history_type],
                    "when": record.history_date,
                    "event_id": record.event_id,
                    "event_title": choose(event, "title") if event else "",
                    "state": state,
                    "event_date": day,
                    "link": f"{membership.get_absolute_url()}#event-{record.event_id}"
                    if membership
                    else "",
                    "diffs": source_diffs.get(record.history_id, []),
                    "source": record,
                    "editor": credited.get(record.history_user_id, ""),
                }
            )
    return page, changes


@require_safe
@gzip_page
def recent_changes(request):
    page, changes = changes_page(request.GET.get("page") or 1)
    return render(request, "timeline/changes.html", {"page": page, "changes": changes})
