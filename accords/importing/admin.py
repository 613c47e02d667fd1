"""Import and export on the events' admin list: the upload previewed in a dry run, confirmed
in one transaction streamed with its progress, and the refused rows downloadable."""

import logging
import re
from pathlib import PurePath

import tablib
from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ExportForm
from import_export.results import Result, RowResult
from import_export.signals import post_import
from simple_history.models import HistoricalRecords

from .. import importing
from ..models import Event, Membership
from .cells import error_lines
from .columns import header_problems, source_slots_in
from .report import rejected_rows_csv
from .resource import EventResource
from .rows import prepare

logger = logging.getLogger(__name__)


#: How long the preview of an upload may be confirmed, or its rejected rows downloaded.
UPLOAD_MAX_AGE = 24 * 60 * 60


class SignedConfirmImportForm(ConfirmImportForm):
    """import-export's confirm form, with the kept upload's name signed for the editor who
    uploaded it: a forged name (another file of the temporary folder) is refused."""

    upload_signature = forms.CharField(widget=forms.HiddenInput())

    salt = "accords.importing.upload"

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    @classmethod
    def sign(cls, name: str, user) -> str:
        # The form keeps the file's name only (import-export drops any folder from it).
        return signing.dumps([PurePath(name).name, user.pk], salt=cls.salt)

    def clean(self):
        cleaned = super().clean()
        try:
            name, user_id = signing.loads(
                cleaned.get("upload_signature", ""), salt=self.salt, max_age=UPLOAD_MAX_AGE
            )
        except (signing.BadSignature, TypeError, ValueError):
            name, user_id = None, None
        if name != cleaned.get("import_file_name") or self.user is None or user_id != self.user.pk:
            raise ValidationError(_("This upload cannot be used any more; upload the file again."))
        return cleaned


class EventImportExportMixin(ImportExportMixin):
    """*Import* and *Export* on the events' admin list (see the module docstring)."""

    resource_classes = [EventResource]
    confirm_form_class = SignedConfirmImportForm
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    # Every column, always: a partial export could not be imported back.
    export_form_class = ExportForm
    import_template_name = "admin/accords/event/import.html"
    progress_template_name = "admin/accords/event/import_progress.html"
    # UTF-8 with a byte-order mark, so that spreadsheets read accented names right.
    to_encoding = "utf-8-sig"

    def has_import_permission(self, request):
        """IMPORT_EXPORT_IMPORT_PERMISSION_CODE ("add" on events), and since an import also
        corrects events and adds memberships, change on events and add on memberships too."""
        if not super().has_import_permission(request):
            return False
        user = request.user
        return user.has_perm(
            f"accords.{get_permission_codename('change', Event._meta)}"
        ) and user.has_perm(f"accords.{get_permission_codename('add', Membership._meta)}")

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {**super().get_confirm_form_kwargs(request, import_form), "user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            initial["upload_signature"] = SignedConfirmImportForm.sign(
                initial["import_file_name"], request.user
            )
        return initial

    def get_export_filename(self, request, queryset, file_format):
        return f"events-{timezone.localdate().isoformat()}.{file_format.get_extension()}"

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/rejected/",
                self.admin_site.admin_view(self.rejected_rows_view),
                name="{}_{}_import_rejected".format(*info),
            ),
            *super().get_urls(),
        ]

    def _admin_url(self, view: str) -> str:
        app_label, model_name = self.get_model_info()
        return reverse(f"admin:{app_label}_{model_name}_{view}", current_app=self.admin_site.name)

    def _import_url(self):
        return self._admin_url("import")

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        result = context.get("result") if context else None
        if result is not None:
            form = context["form"]
            upload = form.cleaned_data.get("import_file") if hasattr(form, "cleaned_data") else None
            if result.invalid_rows and getattr(upload, "tmp_storage_name", None):
                # The same hidden fields as the confirm form: the file kept from this upload.
                context["report_form"] = self.create_confirm_form(request, import_form=form)
            context["row_count"] = result.total_rows
        return response

    def _read_upload(self, request, confirm_form):
        """The dataset and its temporary storage of the upload a confirm form names, or
        ``(None, None)`` when that file is gone (confirmed already, or expired)."""
        try:
            format_class = self.get_import_formats()[int(confirm_form.cleaned_data["format"])]
        except (ValueError, IndexError):
            return None, None
        input_format = format_class(encoding=self.from_encoding)
        encoding = None if input_format.is_binary() else self.from_encoding
        tmp_storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            encoding=encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            data = tmp_storage.read()
        except (FileNotFoundError, KeyError):
            return None, None
        return input_format.create_dataset(data), tmp_storage

    def _kept_upload(self, request):
        """For a view that works on a previewed upload: the confirm form posted, the dataset
        and storage of the upload it names, and a resource to import it with; ``None`` when
        that upload is gone (confirmed already, expired, or not this editor's)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return None
        dataset, tmp_storage = self._read_upload(request, confirm_form)
        if dataset is None:
            return None
        resource = self.choose_import_resource_class(confirm_form, request)(
            **self.get_import_resource_kwargs(request, form=confirm_form)
        )
        return confirm_form, dataset, tmp_storage, resource

    def _upload_gone(self, request):
        self.message_user(
            request,
            _("That upload is no longer here (imported, or expired): upload the file again."),
            messages.ERROR,
        )
        return HttpResponseRedirect(self._import_url())

    @method_decorator(require_POST)
    def rejected_rows_view(self, request):
        """The rows of an upload that its dry run refuses, with the reason of each, as CSV: the
        dry run is run again on the kept file (and rolled back)."""
        kept = self._kept_upload(request)
        if kept is None:
            return self._upload_gone(request)
        confirm_form, dataset, _storage, resource = kept
        headers = list(dataset.headers or [])
        result = resource.import_data(
            dataset, dry_run=True, raise_errors=False, user=request.user, file_name="report"
        )
        name = PurePath(confirm_form.cleaned_data["original_file_name"]).stem or "import"
        response = HttpResponse(
            rejected_rows_csv(result, dataset, headers).encode("utf-8-sig"),
            content_type="text/csv; charset=utf-8",
        )
        safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name)[:80]
        response["Content-Disposition"] = f'attachment; filename="rejected-{safe_name}.csv"'
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirmed import: every row in one transaction (all or nothing), the page
        streamed as it goes so that the editor sees how far it has got."""
        kept = self._kept_upload(request)
        if kept is None:
            return self._upload_gone(request)
        confirm_form, dataset, tmp_storage, resource = kept
        response = StreamingHttpResponse(
            self._import_stream(request, resource, dataset, tmp_storage, confirm_form),
            content_type="text/html; charset=utf-8",
        )
        response["X-Accel-Buffering"] = "no"  # a proxy must pass the progress on as it comes
        return response

    def _import_stream(self, request, resource, dataset, tmp_storage, confirm_form):
        file_name = confirm_form.cleaned_data.get("original_file_name") or ""
        resource.set_source_slots(source_slots_in(dataset.headers))
        problems = header_problems(dataset.headers)
        if not problems:
            prepare(dataset)
        total = len(dataset) if not problems else 0
        marker = "<!-- import progress -->"
        page = render_to_string(
            self.progress_template_name,
            {
                **self.admin_site.each_context(request),
                "title": _("Import"),
                "opts": self.model._meta,
                "row_count": total,
                "file_name": file_name,
                "marker": marker,
                "import_url": self._import_url(),
            },
            request=request,
        )
        head, tail = page.split(marker, 1)
        yield head

        # Read from the package when the import runs, so that one setting (or a test) sizes it.
        chunk_size = importing.PROGRESS_CHUNK
        result = resource.get_result_class()()
        result.total_rows = total
        failed = bool(problems)
        missing = object()
        previous = getattr(HistoricalRecords.context, "request", missing)
        # The history middleware's request is gone once a streamed response starts: put it
        # back, so that the deleted sources' history names the editor too.
        HistoricalRecords.context.request = request
        try:
            with transaction.atomic():
                for start in range(0, total, chunk_size):
                    chunk = tablib.Dataset(headers=dataset.headers)
                    for values in dataset[start : start + chunk_size]:
                        chunk.append(values)
                    part = resource.import_data(
                        chunk,
                        dry_run=False,
                        raise_errors=False,
                        use_transactions=True,
                        rollback_on_validation_errors=True,
                        user=request.user,
                        file_name=file_name,
                        retain_instance_in_row_result=True,
                    )
                    _merge(result, part)
                    if part.has_errors() or part.has_validation_errors():
                        failed = True
                        transaction.set_rollback(True)
                        break
                    done = min(start + chunk_size, total)
                    yield format_html(
                        '<p class="import-progress-step"><progress value="{}" max="{}"></progress>'
                        " {}</p>\n",
                        done,
                        total,
                        _("%(done)s of %(total)s rows written") % {"done": done, "total": total},
                    )
                if not failed:
                    self.generate_log_entries(result, request)
        except Exception as error:  # the transaction is rolled back: say so, with the reason
            logger.exception("import of %s failed", file_name)
            failed = True
            problems = [*problems, str(error)]
        finally:
            if previous is missing:
                del HistoricalRecords.context.request
            else:
                HistoricalRecords.context.request = previous

        if failed:
            yield self._failure_html(result, problems)
        else:
            post_import.send(sender=None, model=self.model)
            tmp_storage.remove()
            yield self._success_html(result)
        yield tail

    def _success_html(self, result):
        totals = result.totals
        summary = _(
            "Import finished: %(new)s new, %(updated)s corrected, %(skipped)s unchanged."
        ) % {
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
        }
        changelist = self._admin_url("changelist")
        return format_html(
            '<div class="import-summary"><ul class="messagelist"><li class="success">{}</li></ul>'
            '<p><a class="button" href="{}">{}</a></p></div>\n',
            summary,
            changelist,
            _("Back to the events"),
        )

    def _failure_html(self, result, problems):
        reasons = list(problems)
        for error in result.base_errors:
            reasons.append(" ".join(error_lines(error.error)))
        for invalid in result.invalid_rows:
            reasons.append(
                _("Line %(line)s: %(reason)s")
                % {"line": invalid.number, "reason": " ".join(error_lines(invalid.error))}
            )
        for line, errors in result.row_errors():
            for error in errors:
                reasons.append(
                    _("Line %(line)s: %(reason)s") % {"line": line, "reason": error.error}
                )
        return format_html(
            '<div class="import-summary"><ul class="messagelist"><li class="error">{}</li></ul>'
            "<ul>{}</ul>"
            '<p><a class="button" href="{}">{}</a></p></div>\n',
            _(
                "Nothing was imported: a row was refused (the data may have changed since the "
                "preview). Correct it and import the file again."
            ),
            format_html_join("", "<li>{}</li>", ((reason,) for reason in reasons)),
            self._import_url(),
            _("Import a file"),
        )


def _merge(total: Result, part: Result) -> None:
    """Add one chunk's result to the whole import's."""
    total.base_errors += part.base_errors
    total.rows += part.rows
    total.invalid_rows += part.invalid_rows
    total.error_rows += part.error_rows
    if not total.diff_headers:
        total.diff_headers = part.diff_headers
    for import_type, count in part.totals.items():
        total.totals[import_type] += count
