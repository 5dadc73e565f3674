"""One FilterSet per list: projects, organisations, quotes.

A filter is one declaration here: its control, its condition on the list's facet table
and whether the sidebar counts its choices (facet_filters.py says how). The sidebar
shows the filters in the order they are declared.
"""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.citations import cited
from core.filtersets import NullsLastOrderingFilter, PortalFilterSet, SlugsFilter, YesNoAny, search_box, tick_boxes
from gmg.models import Membership

from .facet_filters import (
    FacetAmount,
    FacetChoice,
    FacetChoices,
    FacetDate,
    FacetedFilterSet,
    FacetFlag,
    FacetRecords,
    FacetYear,
)
from .models import (
    Country,
    Organisation,
    OrganisationFacets,
    Participation,
    Project,
    ProjectFacets,
    Quote,
    Theme,
    active_during,
)
from .search import MAX_QUERY_LENGTH

# Long facets show the selected choices and this many more, by count; the rest are
# one click (or a few letters typed) away.
TOP_CHOICES = 10


SEARCH = _("Search")
SEARCH_HINT = _("Words, names, places…")


def search(label=SEARCH, placeholder=SEARCH_HINT, method="filter_search") -> filters.CharFilter:
    """The search box of a list; text beyond what the search reads is cut (with a notice)."""
    return filters.CharFilter(method=method, label=label, widget=search_box(placeholder, MAX_QUERY_LENGTH))


def _active_from(year: int, given: dict) -> Q:
    """The two ends of "active during" make one condition (see active_during())."""
    return active_during(year, given.get("active_to"))


def _active_until(year: int, given: dict) -> Q:
    return Q() if "active_from" in given else active_during(None, year)


def _started_in(year: int, given: dict) -> Q:
    return Q(start__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))


def _dated(known: bool, given: dict) -> Q:
    return Q(start__isnull=not known)


def _gmg_member_on(day: datetime.date, given: dict) -> Q:
    return Q(Exists(Membership.objects.on(day).filter(organisation=OuterRef("organisation"))))


WHEN = _("When")
CONTRIBUTION = _("Contribution (USD)")


def themes(label) -> FacetRecords:
    """Counted themes, read from the facet table's `themes`."""
    return FacetRecords(column="themes", counted=True, queryset=Theme.objects.all(), to_field_name="slug", label=label)


def countries(label, column: str = "countries", mapped: bool = False) -> FacetRecords:
    """Counted countries, a long facet listed by name, by their ISO codes; `mapped`:
    each country counted, for the list's map."""
    return FacetRecords(
        column=column,
        counted=True,
        top=TOP_CHOICES,
        mapped=mapped,
        by_name=True,
        queryset=Country.objects.all(),
        to_field_name="code",
        label=label,
    )


class ProjectFilter(FacetedFilterSet):
    """Projects. The partner filters (partner, kind, role, amounts, cash, in-kind) apply
    together to one participation: "private companies that funded" means a participation
    of a private company in the funding role."""

    q = search()
    active_from = FacetYear(condition=_active_from, label=_("Active from (year)"), placeholder=_("from"), fieldset=WHEN)
    active_to = FacetYear(
        condition=_active_until, label=_("Active until (year)"), placeholder=_("until"), fieldset=WHEN
    )
    started = FacetYear(condition=_started_in, label=_("Started in"), fieldset=WHEN)
    dated = FacetFlag(condition=_dated, label=_("Start date known"), widget=YesNoAny(), fieldset=WHEN)
    amount_min = FacetAmount(
        participation="amount", label=_("Contribution from (USD)"), placeholder=_("min"), fieldset=CONTRIBUTION
    )
    amount_max = FacetAmount(
        participation="amount", label=_("Contribution up to (USD)"), placeholder=_("max"), fieldset=CONTRIBUTION
    )
    theme = themes(_("Theme"))
    country = countries(_("Country"), mapped=True)
    status = FacetChoices(column="status", counted=True, choices=Project.Status.choices, label=_("Status"))
    kind = FacetChoices(
        column="kinds",
        participation="kind",
        counted=True,
        choices=Organisation.Kind.choices,
        label=_("Partner kind"),
    )
    role = FacetChoices(
        column="roles", participation="role", counted=True, choices=Participation.Role.choices, label=_("Role")
    )
    cash = FacetFlag(column="cash", participation="currency", counted=True, label=_("Has a cash contribution"))
    in_kind = FacetFlag(column="in_kind", participation="in_kind", counted=True, label=_("Has an in-kind contribution"))
    organisation = FacetRecords(
        column="partners",
        participation="organisation",
        counted=True,
        top=TOP_CHOICES,
        many_combinations=True,
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        label=_("Partner"),
    )
    missing = FacetChoices(column="gaps", counted=True, choices=ProjectFacets.Gap.choices, label=_("Missing"))
    sort = NullsLastOrderingFilter(
        fields=(
            ("title", "title"),
            ("start", "start"),
            ("end", "end"),
            ("status", "status"),
            ("facets__completeness", "completeness"),
        ),
        field_labels={
            "title": _("Title"),
            "start": _("Start"),
            "end": _("End"),
            "status": _("Status"),
            "facets__completeness": _("Completeness"),
        },
        label=_("Sort by"),
    )

    facet_model = ProjectFacets
    with_totals = True
    facet_ordering = {
        "title": "project__title",
        "start": "start",
        "end": "end",
        "status": "status",
        "completeness": "completeness",
    }
    facet_default_order = (F("start").desc(nulls_last=True), "pk")  # newest first, by an index
    exact_fields = ("title",)

    class Meta:
        model = Project
        fields = []


class OrganisationFilter(FacetedFilterSet):
    q = search()
    gmg_on = FacetDate(
        condition=_gmg_member_on,
        label=_("GMG member on"),
        widget=forms.DateInput(
            format="%Y-%m-%d",  # an ISO day in every language: a link reads the same for all
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "pattern": "[0-9]{4}-[0-9]{2}-[0-9]{2}",
                "placeholder": _("YYYY-MM-DD"),
            },
        ),
        help_text=_("Year-month-day, e.g. 2008-06-01"),
    )
    kind = FacetChoices(column="kind", counted=True, choices=Organisation.Kind.choices, label=_("Kind"))
    hq = countries(_("Headquarters"), column="hq")
    theme = themes(_("Theme of their projects"))
    country = countries(_("Country of their projects"))
    role = FacetChoices(column="roles", counted=True, choices=Participation.Role.choices, label=_("Role played"))
    gmg = FacetChoice(
        column="gmg",
        counted=True,
        column_values={"ever": True, "never": False},
        choices=[("ever", _("Ever a member")), ("never", _("Never a member"))],
        label=_("GMG member"),
    )
    missing = FacetChoices(column="gaps", counted=True, choices=OrganisationFacets.Gap.choices, label=_("Missing"))
    sort = NullsLastOrderingFilter(
        fields=(
            ("name", "name"),
            ("kind", "kind"),
            ("hq_country__name", "hq"),
            ("facets__completeness", "completeness"),
        ),
        field_labels={
            "name": _("Name"),
            "kind": _("Kind"),
            "hq_country__name": _("Headquarters"),
            "facets__completeness": _("Completeness"),
        },
        label=_("Sort by"),
    )

    facet_model = OrganisationFacets
    facet_ordering = {"name": "organisation__name", "kind": "kind", "hq": "hq__name", "completeness": "completeness"}
    facet_default_order = ("organisation__name", "pk")
    exact_fields = ("name", "acronym")

    class Meta:
        model = Organisation
        fields = []


class QuoteFilter(PortalFilterSet):
    q = search(label=_("Words or speaker"), placeholder="", method="filter_text")
    organisation = SlugsFilter(
        field_name="organisation__slug",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        offered=Organisation.objects.quoted,
        widget=tick_boxes(),
        label=_("Organisation"),
    )
    project = SlugsFilter(
        field_name="project__slug",
        queryset=Project.objects.all(),
        to_field_name="slug",
        offered=Project.objects.most_quoted,
        widget=tick_boxes(),
        label=_("Project"),
        help_text=_("The projects quoted most; search the words for others."),
    )
    theme = SlugsFilter(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        widget=tick_boxes(),
        label=_("Theme"),
    )
    cited = filters.BooleanFilter(method="filter_cited", label=_("Source cited"), widget=YesNoAny())

    class Meta:
        model = Quote
        fields = []

    def filter_theme(self, queryset, name, value):
        """An EXISTS on the (project, theme) index: one row per quote, no DISTINCT over the texts."""
        if not value:
            return queryset
        themes = Project.themes.through.objects.filter(project=OuterRef("project"), theme__in=value)
        return queryset.filter(Exists(themes))

    def filter_cited(self, queryset, name, value):
        return queryset.filter(cited(Quote) if value else ~cited(Quote))

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(text__unaccent__icontains=value) | Q(person__name__unaccent__icontains=value))
