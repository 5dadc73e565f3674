import operator
from functools import reduce

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import CitationInline, CitedFilter
from core.changelists import ExistsPerRow, estimated_rows
from core.dates import PERIOD_FIELDS
from core.forms import NoOverlapFormSet
from core.history_admin import HistoryAdmin
from core.spreadsheet_admin import ImportAdmin
from gmg.models import ChairTerm, Membership

from . import imports
from .admin_forms import CurrencyField
from .facet_tables import partners_deferred
from .iati_admin import IatiImportAdmin
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
    SearchWord,
    Theme,
    Unstated,
)
from .models.records import UNSTATED_ORGANISATION_FACTS, UNSTATED_PROJECT_FACTS
from .search import (
    ADMIN_WORD,
    MAX_CORRECTED_WORDS,
    any_match,
    clean_text,
    forget_words,
    holding,
    own_text,
    prefix_query,
    refresh_search,
    refresh_search_of,
    suggest,
)


class RefreshesSearch:
    """After a save, revert or delete in the admin, refresh the search text of the
    projects and organisations the record is part of (search.refresh_search_of), and
    forget the words of what was deleted."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        projects, organisations = holding(self.model, [form.instance.pk])
        for name in ("project", "organisation"):
            previous = form.initial.get(name)
            if previous and name in form.changed_data:  # the text leaves where it was too
                (projects if name == "project" else organisations).add(previous)
        refresh_search(projects=projects, organisations=organisations)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:  # reverted or restored
            refresh_search_of(self.model, [self.model._meta.pk.to_python(unquote(object_id))])
        return response

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        touched, text = holding(self.model, pks), " ".join(map(own_text, queryset))
        with partners_deferred():  # a bulk deletion holds no partner's row for as long as it runs
            super().delete_queryset(request, queryset)
            self._refresh_after_delete(touched, text)

    def delete_model(self, request, obj):
        touched, text = holding(self.model, [obj.pk]), own_text(obj)
        super().delete_model(request, obj)
        self._refresh_after_delete(touched, text)

    @staticmethod
    def _refresh_after_delete(touched, text: str):
        projects, organisations = touched
        refresh_search(
            projects=Project.objects.filter(pk__in=projects).values_list("pk", flat=True),
            organisations=Organisation.objects.filter(pk__in=organisations).values_list("pk", flat=True),
        )
        forget_words(text)


FEW_MATCHES = 5_000


class IndexedSearch:
    """The admin's search of a large table, served by indexes at any size. Its
    `search_fields` read as Django's do, with these meanings:

    - "@search_vector": the record's full-text vector (search.py) has every word, each as
      the start of a word ("chev" finds Chevron); words that match no record at all are
      replaced by their closest spelling, and the page says so;
    - "@project", "@organisation": the record's project or partner matches so;
    - "=slug": the whole text, exactly;
    - any other field: each word is in it or in another such field (ILIKE, which trigram
      indexes serve; Django's own `icontains` across joins took seconds at a million).
    """

    def get_search_results(self, request, queryset, search_term):
        text = clean_text(search_term).strip()
        query = prefix_query(text)
        if query is None:
            return queryset, False
        found, words = Q(), Q()
        plain = [field for field in self.get_search_fields(request) if field[0] not in "@="]
        for field in self.get_search_fields(request):
            if field.startswith("="):
                found |= Q(**{field[1:]: text})
            elif field == "@search_vector":
                found |= Q(search_vector=self._corrected(request, query, text))
            elif field.startswith("@"):
                found |= self._related_match(request, field[1:], query)
        for word in ADMIN_WORD.findall(text)[:MAX_CORRECTED_WORDS] if plain else ():
            words &= reduce(operator.or_, (Q(**{f"{field}__ilike": word}) for field in plain))
        return queryset.filter(found | words if plain else found), False

    def _corrected(self, request, query, text: str):
        """The query, or, when its words match no record at all, their closest spelling.
        Words the vocabulary holds as typed need no spelling: nothing is asked of the records."""
        words = {word.lower() for word in ADMIN_WORD.findall(text)[:MAX_CORRECTED_WORDS]}
        if len(SearchWord.objects.filter(word__in=words).values("word").distinct()) == len(words):
            return query
        if any_match(self.model, query) or not (corrected := suggest(text)):
            return query
        if request.resolver_match and request.resolver_match.url_name != "autocomplete":
            message = _("No record has these words: showing the closest, “%(words)s”.")
            self.message_user(request, message % {"words": corrected})
        return prefix_query(corrected)

    def _related_match(self, request, path: str, query) -> Q:
        model = self.model._meta.get_field(path).related_model
        matching = model.objects.filter(search_vector=query).order_by().values_list("pk", flat=True)
        # A few: their keys, which the relation's index serves (also OR-ed with another
        # relation's). Many: the list, read in its order, is asked of each row's record and
        # meets a page of them soon; it is not counted row by row (get_paginator).
        if estimated_rows(matching) <= 2 * FEW_MATCHES:
            few = list(matching[: FEW_MATCHES + 1])
            if len(few) <= FEW_MATCHES:
                return Q(**{f"{path}__in": few})
        request.many_matches = True
        return Q(ExistsPerRow(model.objects.filter(pk=OuterRef(path), search_vector=query)))

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return self.paginator(
            queryset, per_page, orphans, allow_empty_first_page, exact=not getattr(request, "many_matches", False)
        )


# Text fields in table rows stay small, so that a row fits on a screen.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}}


class WithoutNoneChoice(admin.RelatedFieldListFilter):
    """A many-to-many filter without its "(None)" choice: records without any are the
    *missing* filter's (from the facet rows), not a scan of a million records' links."""

    @property
    def include_empty_choice(self):
        return False


class MissingFilter(admin.SimpleListFilter):
    """Records failing a quality check (quality.py), from their facet row."""

    title = _("missing")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return model_admin.model.facets.related.related_model.Gap.choices

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookup_choices):
            return queryset.filter(facets__gaps__contains=[self.value()])
        return queryset


@admin.register(Country)
class CountryAdmin(RefreshesSearch, HistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Theme)
class ThemeAdmin(RefreshesSearch, HistoryAdmin):
    list_display = ["name", "name_fr", "name_es", "slug"]
    search_fields = ["name", "name_fr", "name_es"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(RefreshesSearch, HistoryAdmin):
    list_display = ["name", "region", "country"]
    list_filter = [("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = ["name", "region", "country__name"]
    autocomplete_fields = ["country"]


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


class UnstatedInline(admin.StackedInline):
    """The facts the sources do not state (a funder named with no amount), each with the
    passage that shows it: the quality check is passed, honestly, and counted apart."""

    model = Unstated
    extra = 0
    fields = ["fact", "source", "passage"]
    autocomplete_fields = ["source"]
    facts: tuple[str, ...] = ()  # those of the record's kind

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "fact":
            kwargs["choices"] = [("", "---------")] + [
                (value, label) for value, label in Unstated.Fact.choices if value in self.facts
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class ProjectUnstatedInline(UnstatedInline):
    fk_name = "project"
    facts = UNSTATED_PROJECT_FACTS


class OrganisationUnstatedInline(UnstatedInline):
    fk_name = "organisation"
    facts = UNSTATED_ORGANISATION_FACTS


@admin.register(Unstated)
class UnstatedAdmin(HistoryAdmin):
    """Every fact recorded as not stated (the quality page links here, by fact)."""

    list_display = ["__str__", "fact", "source"]
    list_filter = ["fact"]
    list_select_related = ["project", "organisation", "source"]
    search_fields = ["project__title", "organisation__name", "passage"]
    autocomplete_fields = ["project", "organisation", "source"]
    fields = ["project", "organisation", "fact", "source", "passage"]


@admin.register(Organisation)
class OrganisationAdmin(ImportAdmin, IndexedSearch, RefreshesSearch, HistoryAdmin):
    import_spec = imports.ORGANISATIONS
    list_display = ["name", "acronym", "kind", "hq_country", "parent"]
    list_filter = ["kind", ("hq_country", admin.RelatedOnlyFieldListFilter), CitedFilter, MissingFilter]
    list_select_related = ["hq_country", "parent"]
    # Name, acronym, other names, parent, description, headquarters (search.py), or the slug.
    search_fields = ["@search_vector", "=slug"]
    autocomplete_fields = ["hq_country", "parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, ChairTermInline, CitationInline, OrganisationUnstatedInline]
    readonly_fields = ["participations_link"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("Participations"))
    def participations_link(self, obj):
        # An organisation may have thousands of participations: link to them, don't inline them.
        if obj.pk is None:
            return "—"
        url = reverse("admin:partnerships_participation_changelist") + f"?organisation__id__exact={obj.pk}"
        count = obj.participations.count()
        text = ngettext("%(n)s participation", "%(n)s participations", count) % {"n": count}
        return format_html('<a href="{}">{}</a>', url, text)

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "acronym",
                    "slug",
                    "kind",
                    ("hq_country", "hq_inferred"),
                    ("iati_identifier", "iati_identifier_inferred"),
                    "parent",
                    "description",
                ]
            },
        ),
        (_("Projects"), {"fields": ["participations_link"]}),
        (_("More"), {"fields": ["website", "aliases"], "classes": ["collapse"]}),
    ]


@admin.register(Crisis)
class CrisisAdmin(HistoryAdmin):
    list_display = ["name", "kind", "date"]
    list_filter = ["kind"]
    search_fields = ["name", "summary"]
    autocomplete_fields = ["countries"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", ("date", "date_precision"), "countries", "summary"]


class SearchableCurrency:
    """The currency typed as a code or a name, with every ISO 4217 currency offered as
    one types (admin_forms.CurrencyField), not a select of 180 in every partner row."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "currency":
            return CurrencyField(required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class KnownPartner(AutocompleteSelect):
    """The partner box of a project's rows: the chosen partner's name from the rows, read
    with their partners (`known`), not a query per row as Django's box asks."""

    known: dict = {}

    def optgroups(self, name, value, attr=None):
        chosen = {str(key) for key in value if str(key) not in self.choices.field.empty_values}
        if not chosen or not chosen <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for key in sorted(chosen):
            label = self.choices.field.label_from_instance(self.known[key])
            options.append(self.create_option(name, self.known[key].pk, label, chosen, len(options)))
        return [(None, options, 0)]


class ParticipationInline(SearchableCurrency, admin.StackedInline):
    """The essentials of each partner, a few to a line so that a row fits a laptop's
    screen; dates and notes on the participation's own page."""

    model = Participation
    extra = 0
    formfield_overrides = COMPACT_TEXT
    fields = [("organisation", "role"), ("amount", "currency", "agreement"), "in_kind"]
    show_change_link = True
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        # Each row is titled by its partner and project: read with it, not one query each.
        return super().get_queryset(request).select_related("organisation", "project")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["widget"] = KnownPartner(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class WithPartnersKnown(formset):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                known = {str(form.instance.organisation_id): form.instance.organisation for form in self.initial_forms}
                for form in self.forms:
                    form.fields["organisation"].widget.widget.known = known

        return WithPartnersKnown


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
class ProjectAdmin(IatiImportAdmin, ImportAdmin, IndexedSearch, RefreshesSearch, HistoryAdmin):
    import_spec = imports.PROJECTS
    list_display = ["title", "status", "started", "ended"]
    # No country filter: its 249 links cost more than searching, and the portal's list filters by country.
    list_filter = ["status", ("themes", WithoutNoneChoice), CitedFilter, MissingFilter]
    # Title, partners, programme, summary, places, countries, themes, quotes (search.py), or the slug.
    search_fields = ["@search_vector", "=slug"]
    ordering = ["title", "pk"]  # partnerships_project_title serves it
    autocomplete_fields = ["countries", "places", "themes", "crises", "follows"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline, FigureInline, QuoteInline, CitationInline, ProjectUnstatedInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", *PERIOD_FIELDS]}),
        (_("Where and what"), {"fields": ["countries", "places", "themes", "crises"]}),
        (_("Context"), {"fields": ["programme", "follows"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("start"), ordering="start")
    def started(self, obj):
        return obj.start_display

    @admin.display(description=_("end"), ordering="end")
    def ended(self, obj):
        return obj.end_display


@admin.register(Participation)
class ParticipationAdmin(ImportAdmin, IndexedSearch, SearchableCurrency, RefreshesSearch, HistoryAdmin):
    import_spec = imports.PARTICIPATIONS
    list_display = ["project", "organisation", "role", "amount", "currency", "agreement"]
    list_filter = ["role", "agreement", "currency", "organisation__kind", CitedFilter]
    list_select_related = ["project", "organisation"]
    ordering = ["-pk"]  # newest first; the model's ordering joins three million rows
    search_fields = ["@project", "@organisation"]
    autocomplete_fields = ["project", "organisation"]
    fields = ["project", "organisation", "role", ("amount", "currency"), "in_kind", "agreement", *PERIOD_FIELDS, "note"]
    inlines = [CitationInline]


@admin.register(Figure)
class FigureAdmin(ImportAdmin, IndexedSearch, HistoryAdmin):
    import_spec = imports.FIGURES
    list_display = ["label", "value", "qualifier", "unit", "kind", "project", "organisation", "crisis"]
    list_filter = ["kind", "qualifier", CitedFilter]
    list_select_related = ["project", "organisation", "crisis"]
    search_fields = ["@project", "@organisation", "label", "unit", "source_text"]
    autocomplete_fields = ["project", "organisation", "crisis"]
    inlines = [CitationInline]


@admin.register(Person)
class PersonAdmin(IndexedSearch, RefreshesSearch, HistoryAdmin):
    list_display = ["name", "job_title", "organisation"]
    list_filter = ["organisation__kind", CitedFilter]
    list_select_related = ["organisation"]
    search_fields = ["@organisation", "name", "job_title"]
    autocomplete_fields = ["organisation"]
    inlines = [CitationInline]


@admin.register(Quote)
class QuoteAdmin(IndexedSearch, RefreshesSearch, HistoryAdmin):
    list_display = ["__str__", "person", "organisation", "project"]
    list_filter = ["organisation__kind", CitedFilter]
    list_select_related = ["person", "organisation", "project"]
    search_fields = ["@organisation", "text", "person__name"]
    ordering = ["-pk"]  # newest first; the model's order sorts by project titles, joining a million projects
    autocomplete_fields = ["person", "organisation", "project"]
    inlines = [CitationInline]


@admin.register(Award)
class AwardAdmin(HistoryAdmin):
    list_display = ["name", "year", "person", "project"]
    list_select_related = ["person", "project"]
    search_fields = ["name", "note"]
    autocomplete_fields = ["person", "organisations", "project"]


@admin.register(Publication)
class PublicationAdmin(HistoryAdmin):
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
