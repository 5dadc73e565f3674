from django.contrib import admin
from django.contrib.contenttypes.admin import GenericStackedInline

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
