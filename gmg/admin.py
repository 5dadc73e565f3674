from django.contrib import admin

from core.admin import CitationInline, CitedFilter
from core.dates import PERIOD_FIELDS
from core.history_admin import HistoryAdmin

from .models import ChairTerm, CouncilInteraction, GroupName, Membership, WorkingGroup, WorkingGroupLead


@admin.register(GroupName)
class GroupNameAdmin(HistoryAdmin):
    list_display = ["name", "acronym", "start_display"]
    list_filter = [CitedFilter]
    search_fields = ["name", "acronym"]
    fields = ["name", "acronym", ("start", "start_precision"), "note"]
    inlines = [CitationInline]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["organisation", "start_display", "end_display", "in_published_list"]
    list_filter = ["in_published_list", "start", CitedFilter]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "organisation__acronym", "note"]
    autocomplete_fields = ["organisation"]
    fields = ["organisation", *PERIOD_FIELDS, "in_published_list", "note", "note_fr", "note_es"]
    inlines = [CitationInline]


@admin.register(ChairTerm)
class ChairTermAdmin(HistoryAdmin):
    list_display = ["organisation", "start_display", "end_display"]
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter), CitedFilter]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "organisation__acronym", "note"]
    autocomplete_fields = ["organisation"]
    fields = ["organisation", *PERIOD_FIELDS, "note"]
    inlines = [CitationInline]


class WorkingGroupLeadInline(admin.TabularInline):
    model = WorkingGroupLead
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(HistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "leads__organisation__name"]
    inlines = [WorkingGroupLeadInline]


@admin.register(WorkingGroupLead)
class WorkingGroupLeadAdmin(HistoryAdmin):
    list_display = ["group", "organisation", "role"]
    list_filter = ["role", "group__kind"]
    list_select_related = ["group", "organisation"]
    search_fields = ["group__name", "organisation__name"]
    autocomplete_fields = ["group", "organisation"]


@admin.register(CouncilInteraction)
class CouncilInteractionAdmin(HistoryAdmin):
    list_display = ["__str__", "date"]
    search_fields = ["note"]
    fields = [("date", "date_precision"), "note"]
