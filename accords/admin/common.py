"""What the editors' pages share: search by a state's name, fields that take only ids, and a
history whose reverts are held to the rights of an edit."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin

from ..ids import is_valid_id
from ..translation import EnglishFirstForm


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
