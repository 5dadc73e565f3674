"""The admin's *Import* and *Export* of a model's records, as CSV or XLSX files.

An upload is read within limits (spreadsheets.py) and previewed: every row checked and
written, then rolled back (imports.py). Only a file without errors is kept, in the
database, as a `PendingImport` that its uploader's confirm form names by a random token;
nothing of the upload reaches the server's disk or the page. Confirming reads the kept
file again and imports it in one transaction, checking every row again: if any row fails
now (a parent it names was deleted since the preview, say), nothing is written and the
errors are shown. A user keeps at most `PENDING_PER_USER` previews, each for an hour.

Importing needs the add permission, and a row that changes a record the change
permission too; exporting needs the view permission. The export has the import's
columns, so that a file exported can be changed and imported back.
"""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import imports
from .conflicts import conflict_message, is_conflict
from .downloads import XLSX_MAX_ROWS, csv_response, download_name, one_at_a_time, xlsx_response
from .models import PendingImport
from .spreadsheets import MAX_BYTES, MAX_ROWS, Refused, read_table

PENDING_FOR = timezone.timedelta(hours=1)
PENDING_PER_USER = 2
PREVIEW_ROWS = 100  # rows shown with their values; a preview counts them all


class UploadForm(forms.Form):
    CSV, XLSX = "0", "1"
    import_file = forms.FileField(label=gettext_lazy("File to import"))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[(CSV, "CSV"), (XLSX, "XLSX")], initial=CSV)


class ConfirmImport(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ImportAdmin:
    """A ModelAdmin with *Import* and *Export* on its list; `import_spec` says the columns."""

    import_spec: imports.Spec
    change_list_template = "admin/import_change_list.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name=f"{name}_import"),
            path("process_import/", view(self.process_import), name=f"{name}_process_import"),
            path("export/<str:extension>/", view(one_at_a_time(self.export_view)), name=f"{name}_export"),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request)

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_import_permission(request),
            "can_export": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        context = {}
        if request.method == "POST" and form.is_valid():
            upload, binary = form.cleaned_data["import_file"], form.cleaned_data["format"] == UploadForm.XLSX
            try:
                if upload.size > MAX_BYTES:  # refused before it is read
                    raise Refused(
                        _("The file is larger than %(mb)s MB: split it into smaller files.") % {"mb": MAX_BYTES >> 20}
                    )
                data = upload.read()
                outcome = self._import(request, read_table(data, binary), upload.name, commit=False)
            except Refused as refusal:
                form.add_error("import_file", str(refusal))
            else:
                context["outcome"] = outcome
                if not outcome.has_errors:
                    pending = self._keep(request, data, upload.name, binary)
                    context["confirm_form"] = ConfirmImport(initial={"token": pending.token})
        return self._import_page(request, form, context)

    def _import(self, request, table, file_name: str, *, commit: bool) -> imports.Outcome:
        reason = _("Imported from %(file)s") % {"file": file_name}
        return imports.run(self.import_spec, table, request.user, commit=commit, reason=reason[:100])

    def _keep(self, request, data: bytes, file_name: str, binary: bool) -> PendingImport:
        return keep_for_confirmation(request.user, data, file_name, model=self.opts.label_lower, binary=binary)

    @staticmethod
    def _pending(request, token_form: ConfirmImport) -> PendingImport | None:
        if not token_form.is_valid():
            return None
        found = PendingImport.objects.select_for_update().filter(token=token_form.cleaned_data["token"])
        return found.filter(user=request.user).first()

    def process_import(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            return self._confirm(request)
        except OperationalError as error:
            if not is_conflict(error):
                raise
            messages.error(request, conflict_message(self.opts.verbose_name))
            return self._import_page(request, UploadForm(), {"confirm_form": ConfirmImport(request.POST)})

    @method_decorator(require_POST)
    def _confirm(self, request):
        forget_expired_previews()
        with transaction.atomic():
            pending = self._pending(request, ConfirmImport(request.POST))
            if pending is None or pending.model != self.opts.label_lower:
                messages.error(request, _("This preview has expired or was confirmed already: upload the file again."))
                return self._import_page(request, UploadForm(), {})
            outcome = self._import(
                request, read_table(bytes(pending.data), pending.binary), pending.file_name, commit=True
            )
            pending.delete()
            if not outcome.has_errors:
                self._log(request, outcome)  # with the records, or not at all
        if outcome.has_errors:
            messages.error(request, _("Nothing was imported: the file has errors now, shown below."))
            return self._import_page(request, UploadForm(), {"outcome": outcome})
        messages.success(request, self._success(outcome))
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def _log(self, request, outcome: imports.Outcome) -> None:
        """The admin's own log of recent actions: a line per record written, in one statement."""
        content_type = ContentType.objects.get_for_model(self.model)
        kinds = {imports.RowKind.NEW: ADDITION, imports.RowKind.UPDATE: CHANGE}
        LogEntry.objects.bulk_create(
            LogEntry(
                user_id=request.user.pk,
                content_type=content_type,
                object_id=str(row.instance.pk),
                object_repr=row.record[:200],
                action_flag=kinds[row.kind],
                change_message=_("Imported"),
            )
            for row in outcome.rows
            if row.kind in kinds
        )

    def _success(self, outcome: imports.Outcome) -> str:
        written = outcome.written
        return _("Imported %(written)s %(records)s: %(new)s new, %(updated)s updated; %(skipped)s rows unchanged.") % {
            "written": written,
            "records": self.opts.verbose_name if written == 1 else self.opts.verbose_name_plural,
            "new": outcome.count(imports.RowKind.NEW),
            "updated": outcome.count(imports.RowKind.UPDATE),
            "skipped": outcome.count(imports.RowKind.SKIP),
        }

    def _import_page(self, request, form, context):
        outcome = context.get("outcome")
        context = {
            **self.admin_site.each_context(request),
            **context,
            "title": _("Import %(records)s") % {"records": self.opts.verbose_name_plural},
            "form": form,
            "opts": self.opts,
            "columns": [column.name for column in self.import_spec.columns] + [imports.SOURCE, imports.PASSAGE],
            "key": self.import_spec.key,
            "limits": {"mb": MAX_BYTES >> 20, "rows": MAX_ROWS},
            "shown_rows": outcome.rows[:PREVIEW_ROWS] if outcome else [],
            "hidden_rows": max(len(outcome.rows) - PREVIEW_ROWS, 0) if outcome else 0,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/import.html", context)

    def export_view(self, request, extension: str):
        """The list's records, as filtered and searched there, with the import's columns."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        records = self.get_changelist_instance(request).get_queryset(request)
        if extension not in ("csv", "xlsx"):
            raise Http404
        header, rows = imports.exported(self.import_spec, records)
        name = download_name(str(self.opts.verbose_name_plural), [], extension)
        if extension == "csv":
            return csv_response(name, header, rows)
        if records[: XLSX_MAX_ROWS + 1].count() > XLSX_MAX_ROWS:
            messages.error(
                request,
                _("A spreadsheet holds up to %(n)s rows: filter the list, or export it as CSV.")
                % {"n": f"{XLSX_MAX_ROWS:,}"},
            )
            return HttpResponseRedirect(request.get_full_path().replace("/export/xlsx/", "/"))
        return xlsx_response(name, header, rows, title=capfirst(str(self.opts.verbose_name_plural)))


def keep_for_confirmation(user, data: bytes, file_name: str, *, model: str, binary: bool) -> PendingImport:
    """Keep a previewed file for its uploader's confirmation; their older ones go."""
    forget_expired_previews()
    kept = PendingImport.objects.filter(user=user).order_by("-created").values_list("pk", flat=True)
    PendingImport.objects.filter(pk__in=list(kept[PENDING_PER_USER - 1 :])).delete()
    return PendingImport.objects.create(
        token=secrets.token_urlsafe(32), user=user, model=model, binary=binary, file_name=file_name[:255], data=data
    )


def forget_expired_previews() -> None:
    """Files nobody confirmed in time go at the next preview or confirmation."""
    PendingImport.objects.filter(created__lt=timezone.now() - PENDING_FOR).delete()
