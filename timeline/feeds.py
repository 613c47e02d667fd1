"""Atom feeds of events, newest recorded or corrected first: the whole site, one accord, one
state. Each entry names the state, what happened and the date at its precision; its content
gives the place, the notes and every source as a link."""

from django.contrib.syndication.views import Feed
from django.db.models import DateTimeField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django_countries import countries

from accords.dates import format_date
from accords.models import Accord, Event, Membership, Source

from .states import country_or_404

#: A feed carries this many entries.
FEED_LIMIT = 50


def _last_change(model, **match):
    return Subquery(
        model.history.model.objects.filter(**match)
        .order_by("-history_date")
        .values("history_date")[:1],
        output_field=DateTimeField(),
    )


def events_by_last_change(events):
    """``events`` each annotated with ``last_changed`` (the latest recorded change to it or
    its sources), newest first, with their sources and memberships."""
    event_changed = _last_change(Event, id=OuterRef("pk"))
    source_changed = _last_change(Source, event_id=OuterRef("pk"))
    return (
        events.select_related("membership__accord")
        .prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("id")))
        .annotate(
            last_changed=Greatest(
                Coalesce(event_changed, source_changed), Coalesce(source_changed, event_changed)
            )
        )
        .order_by("-last_changed", "-id")[:FEED_LIMIT]
    )


class EventFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("Treaty-membership timeline: recorded events")

    def link(self, obj=None):
        return reverse("timeline:home")

    def subtitle(self, obj=None):
        return _("Events recorded or corrected, newest first.")

    def events(self, obj):
        return Event.objects.all()

    def items(self, obj=None):
        return events_by_last_change(self.events(obj))

    def item_title(self, event):
        return _("%(state)s — %(accord)s: %(what)s, %(date)s") % {
            "state": event.membership.country.name,
            "accord": event.membership.accord.name,
            "what": event.get_kind_display(),
            "date": format_date(event.date, event.date_precision),
        }

    def item_description(self, event):
        parts = [format_html("<p>{}</p>", event.title)]
        if event.place:
            parts.append(format_html("<p>{}: {}</p>", _("Place"), event.place))
        if event.notes:
            parts.append(format_html("<p>{}</p>", event.notes))
        sources = format_html_join(
            "",
            '<li><a href="{}">{}</a>{}</li>',
            (
                (
                    source.url,
                    source.publisher,
                    f": {source.title}" if source.title else "",
                )
                for source in event.sources.all()
            ),
        )
        parts.append(format_html("<p>{}</p><ul>{}</ul>", _("Sources:"), sources))
        return "".join(parts)

    def item_link(self, event):
        return f"{event.membership.get_absolute_url()}#event-{event.pk}"

    def item_updateddate(self, event):
        return event.last_changed

    def item_pubdate(self, event):
        return event.last_changed


class AccordFeed(EventFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Accord, slug=slug)

    def title(self, obj=None):
        return _("%(accord)s: recorded events") % {"accord": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def events(self, obj):
        return Event.objects.filter(membership__accord=obj)


class StateFeed(EventFeed):
    def get_object(self, request, country):
        code = country_or_404(country)
        if not Membership.objects.filter(country=code).exists():
            raise Http404
        return code

    def title(self, obj=None):
        return _("%(state)s: recorded events") % {"state": countries.name(obj)}

    def link(self, obj=None):
        return reverse("timeline:state", kwargs={"country": obj})

    def events(self, obj):
        return Event.objects.filter(membership__country=obj)
