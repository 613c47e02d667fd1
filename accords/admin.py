"""The editors' interface. Every change is kept, with its author, and can be reverted."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin

from .models import Accord, Event, Membership, Source


def country_codes_matching(term: str) -> list[str]:
    """ISO codes of the states whose name contains ``term`` (any case) or whose code is it."""
    term = term.strip().casefold()
    if not term:
        return []
    return [
        code for code, name in countries if term in str(name).casefold() or term == code.casefold()
    ]


class CountryNameSearchMixin:
    """Lets the admin search box find a state by its name, although only its code is stored.
    (A search term never holds a NUL: timeline.middleware refuses the request first.)"""

    country_lookup = "country"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        codes = country_codes_matching(search_term)
        if codes:
            results |= queryset.filter(**{f"{self.country_lookup}__in": codes})
        return results, may_have_duplicates


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["country", "role", "notes", "current_status"]
    readonly_fields = ["current_status"]
    extra = 0
    show_change_link = True

    @admin.display(description=_("status"))
    def current_status(self, obj):
        return obj.get_status_display() or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("accord")


@admin.register(Accord)
class AccordAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "member_count", "depositary"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering; keep the order for lists and autocomplete alike.
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=Count("memberships"))
            .order_by(*Accord._meta.ordering)
        )

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


class EventInline(admin.TabularInline):
    """A membership's events, read here; each is added and edited on its own page, where its
    sources are entered with it (an event without a source is not accepted)."""

    model = Event
    fields = ["date_shown", "kind", "place", "title", "source_count"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("membership__accord")
            .annotate(source_count=Count("sources"))
        )

    @admin.display(description=_("date"))
    def date_shown(self, obj):
        return obj.date_display

    @admin.display(description=_("sources"))
    def source_count(self, obj):
        return obj.source_count


@admin.register(Membership)
class MembershipAdmin(CountryNameSearchMixin, SimpleHistoryAdmin):
    list_display = ["country_name", "accord", "role", "status_shown", "status_since_shown"]
    list_filter = ["accord", "status", "role"]
    search_fields = ["accord__name", "notes"]
    autocomplete_fields = ["accord"]
    readonly_fields = ["status_shown", "status_since_shown", "add_event_link"]
    fields = [
        "accord",
        "country",
        "role",
        "notes",
        "status_shown",
        "status_since_shown",
        "add_event_link",
    ]
    inlines = [EventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("accord", "status_event")

    @admin.display(description=_("state"), ordering="country")
    def country_name(self, obj):
        return obj.country.name

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, obj):
        return obj.get_status_display() or _("no event yet")

    @admin.display(description=_("status since"), ordering="status_event__date")
    def status_since_shown(self, obj):
        return obj.status_event.date_display if obj.status_event else "—"

    @admin.display(description=_("new event"))
    def add_event_link(self, obj):
        if not obj.pk:
            return _("Save the membership first, then add its events.")
        url = reverse("admin:accords_event_add") + f"?membership={obj.pk}"
        return format_html(
            '<a class="addlink" href="{}">{}</a>', url, _("Add an event with its source")
        )


class SourceInline(admin.StackedInline):
    model = Source
    fields = ["publisher", "title", "url", "published_on"]
    extra = 0
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        # Refuse a save that would leave the event with no source, also by deleting them all.
        kwargs["validate_min"] = True
        return super().get_formset(request, obj, **kwargs)


@admin.register(Event)
class EventAdmin(CountryNameSearchMixin, SimpleHistoryAdmin):
    country_lookup = "membership__country"
    list_display = ["date_shown", "country_name", "accord_name", "kind", "title", "place"]
    list_filter = ["membership__accord", "kind", "date_precision", "membership__role"]
    search_fields = ["title", "place", "notes", "sources__publisher"]
    date_hierarchy = "date"
    autocomplete_fields = ["membership"]
    fields = ["membership", "kind", "date", "date_precision", "place", "title", "notes"]
    inlines = [SourceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("membership__accord")

    def get_changeform_initial_data(self, request):
        # "Add an event" links pass ?membership=<id>; ignore anything that is not an id.
        initial = super().get_changeform_initial_data(request)
        if not str(initial.get("membership", "")).isdigit():
            initial.pop("membership", None)
        return initial

    def get_search_results(self, request, queryset, search_term):
        results, _duplicates = super().get_search_results(request, queryset, search_term)
        # Searching a related field (sources__publisher) can repeat an event once per source.
        return results, True

    @admin.display(description=_("date"), ordering="date")
    def date_shown(self, obj):
        return obj.date_display

    @admin.display(description=_("state"), ordering="membership__country")
    def country_name(self, obj):
        return obj.membership.country.name

    @admin.display(description=_("accord"), ordering="membership__accord__name")
    def accord_name(self, obj):
        return obj.membership.accord.name


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    """Sources are listed and corrected here; they are removed on their event's page, which
    refuses to leave an event without one."""

    list_display = ["publisher", "title", "published_on", "event"]
    list_filter = ["event__membership__accord", "publisher"]
    search_fields = ["publisher", "title", "url", "event__title"]
    autocomplete_fields = ["event"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event__membership__accord")

    def get_readonly_fields(self, request, obj=None):
        # Moving a source to another event could leave its event with none.
        return ["event"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        # Not from the sources' own pages: that could leave an event with none. Deleting an
        # event or a membership still deletes its sources, and asks this method for leave.
        match = request.resolver_match
        if match and (match.url_name or "").startswith("accords_source_"):
            return False
        return super().has_delete_permission(request, obj)


admin.site.site_header = _("Treaty-membership timeline: editors")
admin.site.site_title = _("Treaty timeline editors")
admin.site.index_title = _("Accords, memberships, events and sources")
