"""Facet counts beside the filters: for each choice, how many results it would give
with the other filters applied (its own filter left out, as a user changing that
choice would see). Choices with no results stay listed, dimmed by the template."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict

from gmg.models import Membership

from .filters import OrganisationFilter, PortalFilterSet, ProjectFilter
from .models import Country, Organisation, Participation, Project, Theme

TOP_ORGANISATIONS = 10


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    key: str
    label: str
    choices: list[Choice] = field(default_factory=list)


@dataclass
class ActiveFilter:
    label: str
    remove_url: str


def active_filters(filterset: PortalFilterSet, facets: list[Facet]) -> list[ActiveFilter]:
    """Every filter in use, each with a link that removes it."""
    active = [
        ActiveFilter(f"{facet.label}: {choice.label}", choice.url)
        for facet in facets
        for choice in facet.choices
        if choice.selected
    ]
    faceted = {facet.key for facet in facets} | {"sort", "page", "per_page"}
    for key, values in filterset.data.lists():
        if key in faceted or not values[0]:
            continue
        query = filterset.data.copy()
        query.pop(key)
        query.pop("page", None)
        label = filterset.filters[key].label
        active.append(ActiveFilter(f"{label}: {values[0]}", "?" + urlencode(sorted(query.lists()), doseq=True)))
    return active


def toggle_url(data: QueryDict, key: str, value: str) -> str:
    """The list's query string with `value` added to or removed from `key`, on page 1."""
    query = data.copy()
    query.pop("page", None)
    values = query.getlist(key)
    query.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + urlencode(sorted(query.lists()), doseq=True)


def _rebuilt(filterset: PortalFilterSet, drop: set[str]) -> QuerySet:
    """The filterset's results with the filters in `drop` left out."""
    data = filterset.data.copy()
    for key in drop | {"sort", "page", "per_page"}:
        data.pop(key, None)
    if filterset.search_correction:
        data["q"] = filterset.search_correction
    return type(filterset)(data, queryset=filterset.queryset).qs.order_by().values("pk")


def _facet(filterset, key, label, options, counts) -> Facet:
    selected = set(filterset.data.getlist(key))
    choices = [
        Choice(
            str(value),
            str(text),
            counts.get(value, 0),
            str(value) in selected,
            toggle_url(filterset.data, key, str(value)),
        )
        for value, text in options
    ]
    return Facet(key, label, choices)


def _through_counts(through, column: str, projects: QuerySet) -> dict:
    rows = through.objects.filter(project__in=projects).values(column).annotate(n=Count("project", distinct=True))
    return {row[column]: row["n"] for row in rows}


def project_facets(filterset: ProjectFilter) -> list[Facet]:
    if not filterset.is_valid():
        return []
    facets = []

    projects = _rebuilt(filterset, {"theme"})
    counts = _through_counts(Project.themes.through, "theme__slug", projects)
    facets.append(_facet(filterset, "theme", "Theme", Theme.objects.values_list("slug", "name"), counts))

    projects = _rebuilt(filterset, {"country"})
    counts = _through_counts(Project.countries.through, "country", projects)
    used = Country.objects.filter(projects__isnull=False).distinct().values_list("code", "name")
    facets.append(_facet(filterset, "country", "Country", used, counts))

    projects = _rebuilt(filterset, {"status"})
    rows = Project.objects.filter(pk__in=projects).values("status").annotate(n=Count("pk")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    facets.append(_facet(filterset, "status", "Status", Project.Status.choices, counts))

    # Partner facets count projects with one participation matching the other partner filters.
    projects = _rebuilt(filterset, set(ProjectFilter.PARTICIPATION_FILTERS))

    def participation_counts(key, column):
        parts = Participation.objects.filter(project__in=projects)
        conditions = filterset.participation_q(without=key)
        if conditions is not None:
            parts = parts.filter(conditions)
        rows = parts.values(column).annotate(n=Count("project", distinct=True)).order_by("-n")
        return {row[column]: row["n"] for row in rows}

    counts = participation_counts("kind", "organisation__kind")
    facets.append(_facet(filterset, "kind", "Partner kind", Organisation.Kind.choices, counts))
    counts = participation_counts("role", "role")
    facets.append(_facet(filterset, "role", "Role", Participation.Role.choices, counts))

    for key, label, condition in [
        ("cash", "Has a cash contribution", {"amount__isnull": False}),
        ("in_kind", "Has an in-kind contribution", {"in_kind__gt": ""}),
    ]:
        parts = Participation.objects.filter(project__in=projects, **condition)
        conditions = filterset.participation_q(without=key)
        if conditions is not None:
            parts = parts.filter(conditions)
        count = parts.aggregate(n=Count("project", distinct=True))["n"]
        facets.append(_facet(filterset, key, label, [("true", "Yes")], {"true": count}))

    counts = participation_counts("organisation", "organisation__slug")
    top = list(counts)[:TOP_ORGANISATIONS]
    shown = [*top, *(slug for slug in filterset.data.getlist("organisation") if slug not in top)]
    names = dict(Organisation.objects.filter(slug__in=shown).values_list("slug", "name"))
    options = [(slug, names[slug]) for slug in shown if slug in names]
    facets.append(_facet(filterset, "organisation", "Partner (top 10 in these results)", options, counts))
    return facets


def organisation_facets(filterset: OrganisationFilter) -> list[Facet]:
    if not filterset.is_valid():
        return []
    facets = []

    organisations = _rebuilt(filterset, {"kind"})
    rows = Organisation.objects.filter(pk__in=organisations).values("kind").annotate(n=Count("pk")).order_by()
    counts = {row["kind"]: row["n"] for row in rows}
    facets.append(_facet(filterset, "kind", "Kind", Organisation.Kind.choices, counts))

    organisations = _rebuilt(filterset, {"hq"})
    rows = Organisation.objects.filter(pk__in=organisations).values("hq_country").annotate(n=Count("pk")).order_by()
    counts = {row["hq_country"]: row["n"] for row in rows}
    used = Country.objects.filter(headquartered__isnull=False).distinct().values_list("code", "name")
    facets.append(_facet(filterset, "hq", "Headquarters", used, counts))

    def project_counts(key, column):
        organisations = _rebuilt(filterset, {key})
        rows = (
            Participation.objects.filter(organisation__in=organisations)
            .values(column)
            .annotate(n=Count("organisation", distinct=True))
            .order_by()
        )
        return {row[column]: row["n"] for row in rows}

    counts = project_counts("theme", "project__themes__slug")
    facets.append(
        _facet(filterset, "theme", "Theme of their projects", Theme.objects.values_list("slug", "name"), counts)
    )
    counts = project_counts("country", "project__countries")
    used = Country.objects.filter(projects__isnull=False).distinct().values_list("code", "name")
    facets.append(_facet(filterset, "country", "Country of their projects", used, counts))
    counts = project_counts("role", "role")
    facets.append(_facet(filterset, "role", "Role played", Participation.Role.choices, counts))

    organisations = Organisation.objects.filter(pk__in=_rebuilt(filterset, {"gmg"}))
    member = Exists(Membership.objects.filter(organisation=OuterRef("pk")))
    counts = organisations.aggregate(ever=Count("pk", filter=Q(member)), never=Count("pk", filter=~Q(member)))
    facets.append(
        _facet(filterset, "gmg", "GMG member", OrganisationFilter.base_filters["gmg"].extra["choices"], counts)
    )
    return facets
