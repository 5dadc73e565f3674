"""The admin's view of django-simple-history: every record's history with who and
when, reverting to an earlier version, and a list of deleted records to restore."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .admin import RangeCheckedLookups

DELETED_PER_PAGE = 50


class HistoryAdmin(RangeCheckedLookups, SimpleHistoryAdmin):
    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_deleted"
        deleted = path("deleted/", self.admin_site.admin_view(self.deleted_view), name=name)
        return [deleted, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.can_restore(request):
            extra_context["deleted_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_deleted", current_app=self.admin_site.name
            )
        return super().changelist_view(request, extra_context)

    def can_restore(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def deleted_records(self):
        """The last history row of each record that no longer exists, newest first."""
        history = self.model.history
        last = history.filter(id=OuterRef("id")).order_by("-history_date", "-history_id").values("history_id")[:1]
        return (
            history.filter(history_type="-", history_id=Subquery(last))
            .exclude(id__in=self.model.objects.values("pk"))
            .select_related("history_user")
            .order_by("-history_date")
        )

    def deleted_view(self, request):
        if not self.can_restore(request):
            raise PermissionDenied
        page = Paginator(self.deleted_records(), DELETED_PER_PAGE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(records)s") % {"records": self.opts.verbose_name_plural},
            "opts": self.opts,
            "page": page,
            "restore_url": f"admin:{self.opts.app_label}_{self.opts.model_name}_simple_history",
        }
        return TemplateResponse(request, "admin/deleted_records.html", context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Restoring a deleted record adds it again: that needs the add permission too.
        restoring = request.method == "POST" and not self.model.objects.filter(pk=unquote(object_id)).exists()
        if restoring and not self.has_add_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
