"""The admin's import of CSV and XLSX files, all or nothing.

An upload is read within limits (its size, its rows, an XLSX file's unpacked size)
and previewed as a dry run. Only a file without errors is kept, in the database, as a
`PendingImport` that its uploader's confirm form names by a random token; nothing
else of the upload reaches the server's disk or the page. Confirming reads the kept
file again and imports it in one transaction, validating every row again: if any
row fails now (say a parent it names was deleted since the preview), nothing is
written and the errors are shown. The file is deleted on confirm, and an unconfirmed
one is deleted after `PENDING_FOR`.
"""

import csv
import io
import secrets
import zipfile

import openpyxl
import tablib
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult

from .models import PendingImport

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_XLSX_UNPACKED = 50 * 1024 * 1024
PENDING_FOR = timezone.timedelta(hours=1)


class Refused(ValueError):
    """A file the import does not read, with the reason in words."""


def read_dataset(data: bytes, binary: bool) -> tablib.Dataset:
    """The file's rows, the first one as the header; `Refused` past the limits."""
    rows = _xlsx_rows(data) if binary else _csv_rows(data)
    header = next(rows, None)
    if not header:
        raise Refused(_("The file is empty: its first row must name the columns."))
    header = [str(name).strip() if name is not None else "" for name in header]
    dataset = tablib.Dataset(headers=header)
    for number, row in enumerate(rows, start=2):
        if len(dataset) == MAX_ROWS:
            raise Refused(_("The file has more than %(n)s rows: split it into smaller files.") % {"n": MAX_ROWS})
        if len(row) > len(header):
            raise Refused(
                _("Row %(row)s has more cells than the header names (%(n)s).") % {"row": number, "n": len(header)}
            )
        dataset.append([*row, *[""] * (len(header) - len(row))])
    return dataset


def _trimmed(cells) -> list:
    cells = list(cells)
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return cells


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(_("The file is not UTF-8 text: save it as “CSV UTF-8” and upload it again.")) from None
    for row in csv.reader(io.StringIO(text, newline="")):
        if row := _trimmed(row):
            yield row


def _xlsx_rows(data: bytes):
    """The sheet's rows, read one at a time (openpyxl's read-only mode) from a file whose
    unpacked size was checked first: a small XLSX file can unpack to gigabytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise Refused(_("The file is not an XLSX workbook.")) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise Refused(
            _("The workbook unpacks to more than %(mb)s MB: split it into smaller files.")
            % {"mb": MAX_XLSX_UNPACKED >> 20}
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for row in book.active.iter_rows(values_only=True):
            if row := _trimmed(row):
                yield row
    except Refused:
        raise
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise Refused(_("The workbook could not be read: open it, save it again as XLSX, and upload it.")) from None


def _forget_expired() -> None:
    """Files nobody confirmed in time go at the next preview or confirmation."""
    PendingImport.objects.filter(created__lt=timezone.now() - PENDING_FOR).delete()


class ConfirmImport(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class AllOrNothingImport(ImportExportMixin):
    """CSV and XLSX import (a dry run first, then all or nothing) and export; the
    columns are in resources.py."""

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        context = {}
        if request.method == "POST" and form.is_valid():
            index = int(form.cleaned_data["format"])
            upload = form.cleaned_data["import_file"]
            resource = form.cleaned_data.get("resource") or ""
            try:
                data = self._read_upload(upload)
                dataset = read_dataset(data, self.get_import_formats()[index]().is_binary())
            except Refused as refusal:
                form.add_error("import_file", str(refusal))
            else:
                result = self._import(request, dataset, resource, upload.name, dry_run=True)
                context["result"] = result
                if not result.has_errors() and not result.has_validation_errors():
                    pending = self._keep(request, data, upload.name, index, resource)
                    context["confirm_form"] = ConfirmImport(initial={"token": pending.token})
        return self._import_page(request, form, context)

    @staticmethod
    def _read_upload(upload) -> bytes:
        """The uploaded file, refused before it is read when it is too large."""
        if upload.size > MAX_BYTES:
            raise Refused(
                _("The file is larger than %(mb)s MB: split it into smaller files.") % {"mb": MAX_BYTES >> 20}
            )
        return upload.read()

    def _keep(self, request, data: bytes, file_name: str, index: int, resource: str) -> PendingImport:
        """Keep a previewed file for its uploader's confirmation."""
        _forget_expired()
        return PendingImport.objects.create(
            token=secrets.token_urlsafe(32),
            user=request.user,
            model=self.opts.label_lower,
            format=index,
            resource=resource,
            file_name=file_name[:255],
            data=data,
        )

    @method_decorator(require_POST)
    @transaction.atomic
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        _forget_expired()
        confirm = ConfirmImport(request.POST)
        pending = None
        if confirm.is_valid():
            pending = (
                PendingImport.objects.select_for_update()
                .filter(
                    token=confirm.cleaned_data["token"],
                    user=request.user,
                    model=self.opts.label_lower,
                )
                .first()
            )
        form = self.get_import_form_class(request)(self.get_import_formats(), self.get_import_resource_classes(request))
        if pending is None:
            messages.error(request, _("This preview has expired or was confirmed already: upload the file again."))
            return self._import_page(request, form, {})
        binary = self.get_import_formats()[pending.format]().is_binary()
        result = self._import(
            request, read_dataset(bytes(pending.data), binary), pending.resource, pending.file_name, dry_run=False
        )
        pending.delete()
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, _("Nothing was imported: the file has errors now, shown below."))
            return self._import_page(request, form, {"result": result})
        self.generate_log_entries(result, request)
        self.add_success_message(result, request)
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def _import(self, request, dataset, resource: str, file_name: str, *, dry_run: bool):
        resource_class = self.get_import_resource_classes(request)[int(resource or 0)]
        return resource_class(**self.get_import_resource_kwargs(request)).import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=file_name,
            user=request.user,
            retain_instance_in_row_result=True,
        )

    def _import_page(self, request, form, context):
        resources = [
            resource(**self.get_import_resource_kwargs(request))
            for resource in self.get_import_resource_classes(request)
        ]
        context = {
            **self.admin_site.each_context(request),
            **context,
            "title": _("Import"),
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "fields_list": [
                (resource.get_display_name(), [field.column_name for field in resource.get_user_visible_fields()])
                for resource in resources
            ],
            "import_error_display": self.import_error_display,
            "limits": {"mb": MAX_BYTES >> 20, "rows": MAX_ROWS},
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def add_success_message(self, result, request):
        totals = result.totals
        written = totals[RowResult.IMPORT_TYPE_NEW] + totals[RowResult.IMPORT_TYPE_UPDATE]
        message = _(
            "Imported %(written)s %(records)s: %(new)s new, %(updated)s updated; %(skipped)s rows unchanged."
        ) % {
            "written": written,
            "records": self.opts.verbose_name if written == 1 else self.opts.verbose_name_plural,
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
        }
        messages.success(request, message)
