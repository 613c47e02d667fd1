"""The events' pages, where an event is entered with its sources, and the sources' own pages.
Every write goes through the write path (``accords.services``)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import services
from ..importing import EventImportExportMixin
from ..models import Event, Source
from ..translation import EnglishFirstForm, in_every_language
from .common import CountryNameSearchMixin, GuardedHistoryAdmin


class SourceFormSet(BaseInlineFormSet):
    """The event's sources. That an event keeps at least one is the write path's rule
    (``services.check_sources``), asked here so that its refusal, also of a save that deletes
    them all, is shown with the sources, in the words of a formset's own minimum."""

    def clean(self):
        if not any(self.errors):
            sources = [
                form.instance
                for form in self.forms
                if form.cleaned_data and not self._should_delete_form(form)
            ]
            try:
                services.check_sources(sources)
            except ValidationError as error:
                if "sources" not in getattr(error, "error_dict", {}):
                    raise
                raise ValidationError(
                    self.error_messages["too_few_forms"] % {"num": self.min_num},
                    code="too_few_forms",
                ) from error
        super().clean()


class SourceInline(admin.StackedInline):
    model = Source
    formset = SourceFormSet
    fields = [
        "url",
        "publisher",
        "title",
        "published_on",
        ("copy_of", "language", "secondary"),
        "archived_url",
    ]
    extra = 0
    min_num = 1  # the page for a new event opens with one source to fill in


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
    # Import and export (accords/importing/) add their buttons to this list's own template.
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
