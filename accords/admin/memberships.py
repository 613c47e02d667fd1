"""The accords' and the memberships' pages (a membership lists its events; each event is
added and edited on its own page)."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Accord, Event, Membership
from ..translation import in_every_language
from .common import CountryNameSearchMixin, GuardedHistoryAdmin, TranslatedModelForm


class MembershipInline(admin.TabularInline):
    model = Membership
    form = TranslatedModelForm
    fields = in_every_language(Membership, ["country", "role", "notes", "current_status"])
    readonly_fields = ["current_status"]
    extra = 0
    show_change_link = True

    @admin.display(description=_("status"))
    def current_status(self, obj):
        return obj.get_status_display() or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("accord")


@admin.register(Accord)
class AccordAdmin(GuardedHistoryAdmin):
    form = TranslatedModelForm
    list_display = ["name", "slug", "member_count", "depositary"]
    search_fields = in_every_language(Accord, ["name", "slug", "description"], english="column")
    fields = in_every_language(Accord, ["slug", "name", "description", "text_url", "depositary"])
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
class MembershipAdmin(CountryNameSearchMixin, GuardedHistoryAdmin):
    form = TranslatedModelForm
    list_display = ["country_name", "accord", "role", "status_shown", "status_since_shown"]
    list_filter = ["accord", "status", "role"]
    search_fields = [
        *[f"accord__{name}" for name in in_every_language(Accord, ["name"], english="column")],
        *in_every_language(Membership, ["notes"], english="column"),
    ]
    autocomplete_fields = ["accord"]
    readonly_fields = ["status_shown", "status_since_shown", "add_event_link"]
    fields = in_every_language(
        Membership,
        [
            "accord",
            "country",
            "role",
            "notes",
            "status_shown",
            "status_since_shown",
            "add_event_link",
        ],
    )
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
