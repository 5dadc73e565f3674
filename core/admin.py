from django.contrib import admin
from django.contrib.contenttypes.admin import GenericStackedInline
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .citations import cited, cited_keys
from .history_admin import HistoryAdmin
from .models import Citation, Source


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["title", "publisher", "published", "retrieved"]
    search_fields = ["title", "publisher", "url", "reference"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "publisher", "url", "reference", ("published", "retrieved"), "text"]


class CitationInline(GenericStackedInline):
    """The sources of a record, each with the passage that supports it: an editor cites
    as they edit (pick the source, or add one with the +, and paste the passage)."""

    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "passage"]


class CitedFilter(admin.SimpleListFilter):
    """Records that cite a source, or none (the data-quality page links to the latter)."""

    title = _("source cited")
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            keys = cited_keys(queryset.model)
            return queryset.filter(cited(queryset.model) if keys is None else Q(pk__in=keys))
        if self.value() == "no":
            return queryset.filter(~cited(queryset.model))
        return queryset
