from django import forms
from django.contrib import admin
from django.db import models

from gmg.forms import NoOverlapFormSet
from gmg.models import ChairTerm, Membership

from .models import (
    Award,
    Country,
    Crisis,
    Figure,
    Organisation,
    Participation,
    Person,
    Place,
    Project,
    Publication,
    Quote,
    Theme,
)
from .search import refresh_search

PERIOD_FIELDS = (("start", "start_precision"), ("end", "end_precision"))


class RefreshesSearch:
    """After a save or delete in the admin, refresh the search text of the projects and
    organisations the record is part of (see search.py)."""

    def searched_by(self, obj) -> tuple[set[int], set[int]]:
        """(project ids, organisation ids) whose search text includes `obj`."""
        return set(), set()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        projects, organisations = self.searched_by(form.instance)
        for name in ("project", "organisation"):
            previous = form.initial.get(name)
            if previous and name in form.changed_data:
                (projects if name == "project" else organisations).add(previous)
        refresh_search(projects=projects, organisations=organisations)

    def delete_queryset(self, request, queryset):
        touched = [self.searched_by(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        self._refresh_after_delete(touched)

    def delete_model(self, request, obj):
        touched = [self.searched_by(obj)]
        super().delete_model(request, obj)
        self._refresh_after_delete(touched)

    @staticmethod
    def _refresh_after_delete(touched):
        projects = set().union(*(p for p, _ in touched))
        organisations = set().union(*(o for _, o in touched))
        refresh_search(
            projects=Project.objects.filter(pk__in=projects).values_list("pk", flat=True),
            organisations=Organisation.objects.filter(pk__in=organisations).values_list("pk", flat=True),
        )


def _project_ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


# Text fields in table rows stay small, so that a row fits on a screen.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}}


@admin.register(Country)
class CountryAdmin(RefreshesSearch, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def searched_by(self, obj):
        return _project_ids(obj.projects.all()), _project_ids(obj.headquartered.all())


@admin.register(Theme)
class ThemeAdmin(RefreshesSearch, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def searched_by(self, obj):
        return _project_ids(obj.projects.all()), set()


@admin.register(Place)
class PlaceAdmin(RefreshesSearch, admin.ModelAdmin):
    list_display = ["name", "region", "country"]
    list_filter = [("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = ["name", "region", "country__name"]
    autocomplete_fields = ["country"]

    def searched_by(self, obj):
        return _project_ids(obj.projects.all()), set()


class MembershipInline(admin.TabularInline):
    formfield_overrides = COMPACT_TEXT
    model = Membership
    formset = NoOverlapFormSet
    extra = 0
    fields = ["start", "start_precision", "end", "end_precision", "in_published_list", "note"]


class ChairTermInline(admin.TabularInline):
    formfield_overrides = COMPACT_TEXT
    model = ChairTerm
    formset = NoOverlapFormSet
    extra = 0
    fields = ["start", "start_precision", "end", "end_precision", "note"]


class OrganisationParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["project", "role", "amount", "currency", "agreement"]
    autocomplete_fields = ["project"]
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(RefreshesSearch, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "hq_country", "parent"]
    list_filter = ["kind", ("hq_country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["hq_country", "parent"]
    search_fields = ["name", "acronym", "slug", "aliases"]
    autocomplete_fields = ["hq_country", "parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationParticipationInline, MembershipInline, ChairTermInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def searched_by(self, obj):
        projects = _project_ids(Project.objects.filter(participations__organisation=obj))
        return projects, {obj.pk, *obj.children.values_list("pk", flat=True)}

    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind", "hq_country", "parent", "description"]}),
        ("More", {"fields": ["website", "aliases"], "classes": ["collapse"]}),
    ]


@admin.register(Crisis)
class CrisisAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "date"]
    list_filter = ["kind"]
    search_fields = ["name", "summary"]
    autocomplete_fields = ["countries"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", ("date", "date_precision"), "countries", "summary"]


class ParticipationInline(admin.StackedInline):
    model = Participation
    extra = 0
    formfield_overrides = COMPACT_TEXT
    fields = [("organisation", "role"), ("amount", "currency", "agreement"), "in_kind", *PERIOD_FIELDS, "note"]
    autocomplete_fields = ["organisation"]


class FigureInline(admin.TabularInline):
    model = Figure
    fk_name = "project"
    extra = 0
    formfield_overrides = COMPACT_TEXT
    fields = ["kind", "qualifier", "value", "value_max", "unit", "label", "source_text"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    fields = ["text", ("person", "organisation"), "note"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Project)
class ProjectAdmin(RefreshesSearch, admin.ModelAdmin):
    list_display = ["title", "status", "started", "ended"]
    list_filter = ["status", "themes", ("countries", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "slug", "summary", "programme", "participations__organisation__name"]
    autocomplete_fields = ["countries", "places", "themes", "crises", "follows"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start"
    inlines = [ParticipationInline, FigureInline, QuoteInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", *PERIOD_FIELDS]}),
        ("Where and what", {"fields": ["countries", "places", "themes", "crises"]}),
        ("Context", {"fields": ["programme", "follows"], "classes": ["collapse"]}),
    ]

    def searched_by(self, obj):
        return {obj.pk}, set()

    @admin.display(description="start", ordering="start")
    def started(self, obj):
        return obj.start_display

    @admin.display(description="end", ordering="end")
    def ended(self, obj):
        return obj.end_display

    def get_search_results(self, request, queryset, search_term):
        queryset, _ = super().get_search_results(request, queryset, search_term)
        # Searching across participations joins many rows per project; show each once.
        return queryset.distinct(), False


@admin.register(Participation)
class ParticipationAdmin(RefreshesSearch, admin.ModelAdmin):
    list_display = ["project", "organisation", "role", "amount", "currency", "agreement"]
    list_filter = ["role", "agreement", "currency", "organisation__kind"]
    list_select_related = ["project", "organisation"]
    search_fields = ["project__title", "organisation__name", "organisation__acronym", "in_kind", "note"]
    autocomplete_fields = ["project", "organisation"]
    fields = ["project", "organisation", "role", ("amount", "currency"), "in_kind", "agreement", *PERIOD_FIELDS, "note"]

    def searched_by(self, obj):
        return {obj.project_id}, set()


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "qualifier", "unit", "kind", "project", "organisation", "crisis"]
    list_filter = ["kind", "qualifier"]
    list_select_related = ["project", "organisation", "crisis"]
    search_fields = ["label", "unit", "source_text", "project__title", "organisation__name", "crisis__name"]
    autocomplete_fields = ["project", "organisation", "crisis"]


@admin.register(Person)
class PersonAdmin(RefreshesSearch, admin.ModelAdmin):
    list_display = ["name", "job_title", "organisation"]
    list_filter = ["organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["name", "job_title", "organisation__name"]
    autocomplete_fields = ["organisation"]

    def searched_by(self, obj):
        return _project_ids(Project.objects.filter(quotes__person=obj)), set()


@admin.register(Quote)
class QuoteAdmin(RefreshesSearch, admin.ModelAdmin):
    list_display = ["__str__", "person", "organisation", "project"]
    list_filter = ["organisation__kind"]
    list_select_related = ["person", "organisation", "project"]
    search_fields = ["text", "person__name", "organisation__name", "project__title"]
    autocomplete_fields = ["person", "organisation", "project"]

    def searched_by(self, obj):
        return ({obj.project_id} if obj.project_id else set()), set()


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "person", "project"]
    list_select_related = ["person", "project"]
    search_fields = ["name", "note"]
    autocomplete_fields = ["person", "organisations", "project"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date"]
    list_filter = ["kind"]
    search_fields = ["title", "summary", "credit"]
    autocomplete_fields = ["organisations", "people", "projects", "countries"]
    fields = [
        "title",
        "kind",
        ("date", "date_precision"),
        "summary",
        "credit",
        "organisations",
        "people",
        "projects",
        "countries",
    ]
