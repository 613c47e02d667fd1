"""Each editor's own choice of being credited by name on the public pages."""

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..models import EditorCredit
from ..versioning import bump_version


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
