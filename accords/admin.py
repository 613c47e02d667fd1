"""The editors' interface. Every change is kept, with its author, and can be reverted."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .ids import is_valid_id
from .importing import EventImportExportMixin
from .models import (
    Accord,
    EditorCredit,
    Event,
    InterestSource,
    Membership,
    ReportedInterest,
    Source,
)
from .translation import EnglishFirstForm, in_every_language
from .versioning import bump_version


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


class SafeIdsMixin:
    """Related-object fields and action checkboxes that take only ids: a posted value that
    cannot be an id (``1 OR 1=1``, ``abc``, a number beyond the column) is a form error or is
    ignored, instead of reaching a query (which would end in a server error)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None:
            _only_ids(formfield, db_field.target_field)
        return formfield

    def response_action(self, request, queryset):
        name = helpers.ACTION_CHECKBOX_NAME
        chosen = request.POST.getlist(name)
        valid = [value for value in chosen if is_valid_id(self.model._meta.pk, value)]
        if valid != chosen:
            request.POST = request.POST.copy()
            request.POST.setlist(name, valid)
        return super().response_action(request, queryset)


def _only_ids(formfield, target):
    field_to_python = formfield.to_python

    def to_python(value):
        if value not in formfield.empty_values and not is_valid_id(target, value):
            raise ValidationError(formfield.error_messages["invalid_choice"], code="invalid_choice")
        return field_to_python(value)

    formfield.to_python = to_python
    widget = getattr(formfield.widget, "widget", formfield.widget)  # inside the "+" wrapper
    widget_optgroups = widget.optgroups

    def optgroups(name, value, attrs=None):
        usable = [v for v in value if v in ("", None) or is_valid_id(target, v)]
        return widget_optgroups(name, usable, attrs)

    widget.optgroups = optgroups


class GuardedHistoryAdmin(SafeIdsMixin, SimpleHistoryAdmin):
    """django-simple-history's admin, with reverting held to the rights of an edit: a revert
    writes, so it needs change permission (add permission to bring back a deleted object),
    and it refuses to bring back an object whose parent is gone."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            exists = self.model._default_manager.filter(pk=object_id).exists()
            allowed = (
                self.has_change_permission(request) if exists else self.has_add_permission(request)
            )
            if not allowed:
                raise PermissionDenied
            record = self.model.history.filter(pk=object_id, history_id=version_id).first()
            if record is not None and not exists and self._parent_missing(record):
                self.message_user(
                    request,
                    _("This cannot be brought back: what it belonged to has been deleted."),
                    messages.ERROR,
                )
                return redirect(request.path)
            request._reverting_history = True
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ValidationError as error:  # refused by the write path, after the form's checks
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(request.path)

    def _parent_missing(self, record) -> bool:
        for field in self.model._meta.concrete_fields:
            if field.many_to_one and field.name not in ("status_event",):
                value = getattr(record, field.attname)
                if (
                    value is not None
                    and not field.related_model._default_manager.filter(pk=value).exists()
                ):
                    return True
        return False


class TranslatedModelForm(EnglishFirstForm, forms.ModelForm):
    pass


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


class SourceInline(admin.StackedInline):
    model = Source
    fields = [
        "url",
        "publisher",
        "title",
        "published_on",
        ("copy_of", "language", "secondary"),
        "archived_url",
    ]
    extra = 0
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        # Refuse a save that would leave the event with no source, also by deleting them all.
        kwargs["validate_min"] = True
        return super().get_formset(request, obj, **kwargs)


class EventAdminForm(EnglishFirstForm, forms.ModelForm):
    """The event's form, checked through the write path: the membership row is locked and the
    whole history as it would be after the change is validated (``services.check_event``) in
    the admin's transaction, which then saves."""

    class Meta:
        model = Event
        fields = in_every_language(
            Event, ["membership", "kind", "date", "date_precision", "place", "title", "notes"]
        )

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.membership_id:
            return
        try:
            services.check_event(event=self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.action(permissions=["delete"], description=_("Delete selected events"))
def delete_selected_events(modeladmin, request, queryset):
    """Django's "delete selected", refused with a message when a history would be left wrong."""
    try:
        with transaction.atomic():
            return delete_selected(modeladmin, request, queryset)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None


@admin.register(Event)
class EventAdmin(EventImportExportMixin, CountryNameSearchMixin, GuardedHistoryAdmin):
    # Import and export (accords/importing.py) add their buttons to this list's own template.
    change_list_template = "admin/accords/event/change_list.html"
    form = EventAdminForm
    actions = [delete_selected_events]
    country_lookup = "membership__country"
    list_display = ["date_shown", "country_name", "accord_name", "kind", "title", "place"]
    list_filter = ["membership__accord", "kind", "date_precision", "membership__role"]
    search_fields = in_every_language(
        Event, ["title", "place", "notes", "sources__publisher"], english="column"
    )
    date_hierarchy = "date"
    autocomplete_fields = ["membership"]
    fields = EventAdminForm.Meta.fields
    inlines = [SourceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("membership__accord")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # replaced by delete_selected_events
        return actions

    # Writes go through accords.services. The changeform saves the event with its sources in
    # save_related (the sources come from the inline); a revert from the history has no
    # inline, so it saves in save_model, keeping the sources (or, for a deleted event,
    # bringing back those it had).
    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if getattr(request, "_reverting_history", False):
            if Event.objects.filter(pk=obj.pk).exists():
                services.save_event(event=obj)
            else:
                obj._state.adding = True
                services.save_event(event=obj, sources=services.sources_when_deleted(obj.pk))

    def save_related(self, request, form, formsets, change):
        sources = []
        for formset in formsets:
            if formset.model is not Source:
                continue
            # What formset.save() would note, for the change message in the history.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for source_form in formset.forms:
                data = getattr(source_form, "cleaned_data", None)
                if not data:
                    continue
                if data.get("DELETE"):
                    if source_form.instance.pk:
                        formset.deleted_objects.append(source_form.instance)
                    continue
                sources.append(source_form.instance)
                if source_form.instance.pk is None:
                    formset.new_objects.append(source_form.instance)
                elif source_form.has_changed():
                    formset.changed_objects.append((source_form.instance, source_form.changed_data))
        services.save_event(event=form.instance, sources=sources)

    def delete_model(self, request, obj):
        services.delete_event(event=obj)

    def delete_queryset(self, request, queryset):
        services.delete_events(events=list(queryset))

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:accords_event_change", args=[object_id]))

    def get_urls(self):
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="accords_event_deleted",
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        """Deleted events, newest deletion first, each with a button that brings it back with
        its sources through the write path."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            event_id = request.POST.get("event", "")
            if not event_id.isdigit():
                self.message_user(request, _("Choose an event to restore."), messages.ERROR)
                return redirect("admin:accords_event_deleted")
            try:
                event = services.restore_event(event_id=int(event_id))
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect("admin:accords_event_deleted")
            self.message_user(request, _("Restored: %(event)s") % {"event": event})
            return redirect("admin:accords_event_change", event.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted events"),
            "opts": self.model._meta,
            "deleted": services.deleted_events()[:200],
        }
        return TemplateResponse(request, "admin/accords/event/deleted.html", context)

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
class SourceAdmin(GuardedHistoryAdmin):
    """Sources are listed and corrected here; they are removed on their event's page, which
    refuses to leave an event without one."""

    list_display = ["publisher", "title", "published_on", "event"]
    list_filter = ["event__membership__accord", "publisher"]
    search_fields = ["publisher", "title", "url", "event__title"]
    autocomplete_fields = ["event"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event__membership__accord")

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        services.save_source(source=obj)

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


class InterestSourceInline(admin.StackedInline):
    model = InterestSource
    fields = ["url", "publisher", "title", "published_on"]
    extra = 0
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["validate_min"] = True
        return super().get_formset(request, obj, **kwargs)


@admin.register(ReportedInterest)
class ReportedInterestAdmin(CountryNameSearchMixin, GuardedHistoryAdmin):
    """States reported as interested in an accord: shown apart from the members, never
    counted. An entity without an ISO code (Somaliland) is named in "entity"."""

    form = TranslatedModelForm

    list_display = ["name", "accord", "date", "note"]
    list_filter = ["accord"]
    search_fields = in_every_language(ReportedInterest, ["entity", "note"], english="column")
    fields = in_every_language(
        ReportedInterest, ["accord", "country", "entity", "date", "date_precision", "note"]
    )
    inlines = [InterestSourceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("accord")


@admin.register(EditorCredit)
class EditorCreditAdmin(admin.ModelAdmin):
    """ "Your credit": each editor chooses, for their own account only, whether the public
    "Recent changes" page names them and under which name. There is one page, for the signed-in
    user; no address reaches another editor's choice, not even an administrator's, since the
    choice is the editor's own."""

    fields = ["credited", "public_name"]

    def _is_staff(self, request):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self._is_staff(request)

    def has_view_permission(self, request, obj=None):
        return self._is_staff(request) and (obj is None or obj.user_id == request.user.pk)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.own_credit_view), name=name)]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            obj.save()
            if form.has_changed():
                # The public "Recent changes" page is cached per data version: count the
                # choice as a change so the page shows it on the next request.
                bump_version()

    def own_credit_view(self, request):
        credit, _created = EditorCredit.objects.get_or_create(user=request.user)
        return self.changeform_view(
            request,
            str(credit.pk),
            extra_context={
                "title": _("Your credit"),
                "subtitle": _(
                    "Whether the public “Recent changes” page names you with your changes, "
                    "and under which name."
                ),
            },
        )

    def response_change(self, request, obj):
        self.message_user(
            request,
            _("You are now credited as “%(name)s”.") % {"name": obj.public_name}
            if obj.credited
            else _("Your changes are shown as made by an editor."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)


admin.site.site_header = _("Treaty-membership timeline: editors")
admin.site.site_title = _("Treaty timeline editors")
admin.site.index_title = _("Accords, memberships, events and sources")
