"""The admin's view of django-simple-history: every record's history with who and
when, reverting to an earlier version, and a list of deleted records to restore."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .changelists import EstimatingPaginator, RangeCheckedLookups
from .conflicts import ConflictsInWords
from .querystrings import whole_number

DELETED_PER_PAGE = 50


def last_known_name(model, pk) -> str:
    """How a record was last shown, from its history if it no longer exists."""
    history = getattr(model, "history", None)
    last = history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date").first() if history else None
    try:
        return str(last.instance if last else pk)
    except ObjectDoesNotExist:
        return str(pk)


def missing_relations(instance) -> list[tuple[str, str]]:
    """The records `instance` points to that no longer exist: (field name, their last name)."""
    missing = []
    for field in instance._meta.concrete_fields:
        key = getattr(instance, field.attname) if field.many_to_one or field.one_to_one else None
        if key is not None and not field.related_model._default_manager.filter(pk=key).exists():
            missing.append((str(field.verbose_name), last_known_name(field.related_model, key)))
    return missing


def describe(instance) -> str:
    """The record's own name, or, when a record it names was deleted, what is known."""
    try:
        return str(instance)
    except ObjectDoesNotExist:
        gone = "; ".join(f"{field} “{name}” (deleted)" for field, name in missing_relations(instance))
        return f"{instance._meta.verbose_name} {instance.pk}: {gone}"


class HistoryAdmin(ConflictsInWords, RangeCheckedLookups, SimpleHistoryAdmin):
    """Every record admin of the portal: history, deleted records to restore, bad filter
    values answered as such, and a conflict with another write said in words; counts
    estimated where an exact one is costly, deep pages read by key (changelists.py)."""

    paginator = EstimatingPaginator
    show_full_result_count = False

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

    def record_key(self, object_id: str):
        """The record's key from an admin address; 404 when it cannot be one."""
        key = unquote(object_id)
        try:
            key = self.opts.pk.to_python(key)
        except ValidationError:
            raise Http404 from None
        if isinstance(key, str) and "\x00" in key:
            raise Http404
        return key

    def deleted_records(self):
        """The last history row of each record that no longer exists, newest first."""
        history, key = self.model.history, self.opts.pk.attname
        last = history.filter(**{key: OuterRef(key)}).order_by("-history_date", "-history_id").values("history_id")[:1]
        # Asked of each deletion (a few, from their own index), not of a million records first.
        gone = ~Exists(self.model._default_manager.filter(pk=OuterRef(key)))
        return (
            history.filter(gone, history_type="-", history_id=Subquery(last))
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )

    def deleted_view(self, request):
        if not self.can_restore(request):
            raise PermissionDenied
        page = Paginator(self.deleted_records(), DELETED_PER_PAGE).get_page(request.GET.get("p"))
        restore = f"admin:{self.opts.app_label}_{self.opts.model_name}_simple_history"
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(records)s") % {"records": self.opts.verbose_name_plural},
            "opts": self.opts,
            "page": page,
            "rows": [
                (record, describe(record.instance), reverse(restore, args=[record.instance.pk, record.history_id]))
                for record in page
            ],
        }
        return TemplateResponse(request, "admin/deleted_records.html", context)

    def history_view(self, request, object_id, extra_context=None):
        self.record_key(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        key = self.record_key(object_id)
        if whole_number(version_id) is None:
            raise Http404
        version = get_object_or_404(self.model.history, **{self.opts.pk.attname: key, "history_id": version_id})
        if not self.has_view_history_or_change_history_permission(request, version.instance):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, version.instance):
            raise PermissionDenied
        # Restoring a deleted record adds it again: that needs the add permission too.
        restoring = request.method == "POST" and not self.model.objects.filter(pk=key).exists()
        if restoring and not self.has_add_permission(request):
            raise PermissionDenied
        if missing := missing_relations(version.instance):
            context = {
                **self.admin_site.each_context(request),
                "title": _("This version cannot be restored"),
                "opts": self.opts,
                "record": describe(version.instance),
                "missing": missing,
            }
            return TemplateResponse(request, "admin/cannot_restore.html", context)
        return super().history_form_view(request, object_id, version_id, extra_context)
