"""The admin's IATI import (on the projects' list): a file is uploaded and previewed (read,
written and rolled back: everything checked), kept as a PendingImport for its uploader,
and imported when they confirm (iati_import.py; `manage.py import_iati` does the same)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.models import PendingImport
from core.spreadsheet_admin import ConfirmImport, forget_expired_previews, keep_for_confirmation

from . import iati_import

KEPT_AS = "partnerships.iati"


class IatiUploadForm(forms.Form):
    iati_file = forms.FileField(label=gettext_lazy("IATI 2.03 activity file (XML)"))


class IatiImportAdmin:
    """A ModelAdmin (projects) with *Import IATI* on its list."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("iati-import/", view(self.iati_import_view), name="partnerships_project_iati_import"),
            path("iati-import/confirm/", view(self.iati_confirm_view), name="partnerships_project_iati_confirm"),
            *super().get_urls(),
        ]

    def has_iati_import_permission(self, request) -> bool:
        user = request.user
        return all(user.has_perm(f"partnerships.add_{name}") for name in ("project", "organisation", "participation"))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_iati": self.has_iati_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def iati_import_view(self, request):
        if not self.has_iati_import_permission(request):
            raise PermissionDenied
        form = IatiUploadForm(request.POST or None, request.FILES or None)
        context = {}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["iati_file"]
            if upload.size > iati_import.MAX_BYTES:
                form.add_error(
                    "iati_file",
                    _("The file is larger than %(mb)s MB: split it, as publishers do.")
                    % {"mb": iati_import.MAX_BYTES >> 20},
                )
            else:
                data = upload.read()
                try:
                    context["preview"] = iati_import.import_file(data, upload.name, dry_run=True)
                except iati_import.Refused as refused:
                    context["problems"] = refused.problems
                else:
                    kept = keep_for_confirmation(request.user, data, upload.name, model=KEPT_AS, binary=True)
                    context["confirm_form"] = ConfirmImport(initial={"token": kept.token})
        return self._iati_page(request, form, context)

    def iati_confirm_view(self, request):
        if not self.has_iati_import_permission(request):
            raise PermissionDenied
        return require_POST(self._iati_confirm)(request)

    def _iati_confirm(self, request):
        forget_expired_previews()
        form = ConfirmImport(request.POST)
        with transaction.atomic():
            pending = None
            if form.is_valid():
                found = PendingImport.objects.select_for_update().filter(
                    token=form.cleaned_data["token"], user=request.user
                )
                pending = found.filter(model=KEPT_AS).first()
            if pending is None:
                messages.error(request, _("This preview has expired or was confirmed already: upload the file again."))
                return self._iati_page(request, IatiUploadForm(), {})
            try:
                written = iati_import.import_file(bytes(pending.data), pending.file_name)
            except iati_import.Refused as refused:
                pending.delete()
                messages.error(request, _("Nothing was imported: the file has problems now, shown below."))
                return self._iati_page(request, IatiUploadForm(), {"problems": refused.problems})
            pending.delete()
        messages.success(
            request,
            _("Imported %(file)s: %(new)s projects new, %(changed)s changed, %(partners)s partners new.")
            % {
                "file": pending.file_name,
                "new": written.projects_created,
                "changed": written.projects_updated,
                "partners": written.partners_created,
            },
        )
        return HttpResponseRedirect(reverse("admin:partnerships_project_changelist"))

    def _iati_page(self, request, form, context):
        context = {
            **self.admin_site.each_context(request),
            **context,
            "title": _("Import an IATI activity file"),
            "form": form,
            "opts": self.opts,
            "limits": {"mb": iati_import.MAX_BYTES >> 20, "activities": iati_import.MAX_ACTIVITIES},
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/iati_import.html", context)
