"""Facet counts beside the filters: for each choice, how many results it would give
with the other filters applied (its own filter left out, as a user changing that
choice would see). Choices with no results stay listed, dimmed by the template."""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from gmg.models import Membership

from .filters import OrganisationFilter, PortalFilterSet, ProjectFilter
from .models import SAMPLE_MODULUS, Country, Organisation, Participation, Project, Theme, sampled

TOP_ORGANISATIONS = 10
# Up to this many results, facets count exactly; above it they are estimated from a
# fixed sample of the rows (see Sample), and shown as estimates.
EXACT_UP_TO = 10_000


@dataclass(frozen=True)
class Sample:
    """A fixed, evenly spread sample of rows: those whose id is a multiple of MODULUS.

    Ids say nothing about a record's content, so every facet is sampled alike; a
    partial index on each big table finds the sampled rows at once.
    """

    MODULUS = SAMPLE_MODULUS

    @classmethod
    def for_results(cls, filterset: PortalFilterSet, total: int) -> "Sample | None":
        return cls() if total > EXACT_UP_TO else None

    @property
    def scale(self) -> int:
        return self.MODULUS

    def restrict(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(sampled())

    def estimate(self, count: int | float) -> int:
        return round(count * self.scale)


def estimate_display(count: int, sample: Sample | None) -> str:
    if sample is None:
        return f"{count:,}"
    if count == 0:
        return f"<{round(sample.scale):,}"
    estimate = sample.estimate(count)
    return f"≈{round(estimate, -len(str(estimate)) + 2):,}"


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    display: str = ""

    @property
    def empty(self) -> bool:
        """No result for sure (an estimate of zero may still hide a few)."""
        return self.display == "0"


@dataclass
class Facet:
    key: str
    label: str
    choices: list[Choice] = field(default_factory=list)
    estimated: bool = False


@dataclass
class ActiveFilter:
    label: str
    remove_url: str


def _in_use(label, value) -> str:
    return _("%(filter)s: %(value)s") % {"filter": label, "value": value}


def active_filters(filterset: PortalFilterSet, facets: list[Facet]) -> list[ActiveFilter]:
    """Every filter in use, each with a link that removes it."""
    active = [
        ActiveFilter(_in_use(facet.label, choice.label), choice.url)
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
        active.append(ActiveFilter(_in_use(label, values[0]), "?" + urlencode(sorted(query.lists()), doseq=True)))
    return active


def toggle_url(data: QueryDict, key: str, value: str) -> str:
    """The list's query string with `value` added to or removed from `key`, on page 1."""
    query = data.copy()
    query.pop("page", None)
    values = query.getlist(key)
    query.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + urlencode(sorted(query.lists()), doseq=True)


def _rebuilt(filterset: PortalFilterSet, drop: set[str], sample: Sample | None) -> tuple[QuerySet, Sample | None]:
    """The filterset's results with the filters in `drop` left out, and the sample used.

    Leaving a filter out can make the set much larger than the results: if the
    planner expects more than EXACT_UP_TO rows, this facet is sampled too.
    """
    data = filterset.data.copy()
    for key in drop | {"sort", "page", "per_page"}:
        data.pop(key, None)
    if filterset.search_correction:
        data["q"] = filterset.search_correction
    queryset = type(filterset)(data, queryset=filterset.queryset).qs.order_by()
    if sample is None and _planned_rows(queryset) > EXACT_UP_TO:
        sample = Sample()
    if sample is not None:
        queryset = sample.restrict(queryset)
    return queryset.values("pk"), sample


def _planned_rows(queryset: QuerySet) -> float:
    """How many rows PostgreSQL's planner expects the query to return (no execution)."""
    plan = json.loads(queryset.explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"]


def _facet(filterset, key, label, options, counts, sample: Sample | None = None) -> Facet:
    selected = set(filterset.data.getlist(key))
    choices = []
    for value, text in options:
        count = counts.get(value, 0)
        choices.append(
            Choice(
                value=str(value),
                label=str(text),
                count=sample.estimate(count) if sample else count,
                selected=str(value) in selected,
                url=toggle_url(filterset.data, key, str(value)),
                display=estimate_display(count, sample),
            )
        )
    return Facet(key, label, choices, estimated=sample is not None)


def _through_counts(through, column: str, projects: QuerySet) -> dict:
    rows = through.objects.filter(project__in=projects).values(column).annotate(n=Count("project", distinct=True))
    return {row[column]: row["n"] for row in rows}


def project_facets(filterset: ProjectFilter, total: int) -> list[Facet]:
    """The facets of a projects list whose filters give `total` projects."""
    if not filterset.is_valid():
        return []
    sample = Sample.for_results(filterset, total)
    facets = []

    projects, used = _rebuilt(filterset, {"theme"}, sample)
    counts = _through_counts(Project.themes.through, "theme__slug", projects)
    facets.append(_facet(filterset, "theme", _("Theme"), Theme.objects.values_list("slug", "name"), counts, used))

    projects, used = _rebuilt(filterset, {"country"}, sample)
    counts = _through_counts(Project.countries.through, "country", projects)
    facets.append(_facet(filterset, "country", _("Country"), _countries_in_use(), counts, used))

    projects, used = _rebuilt(filterset, {"status"}, sample)
    rows = Project.objects.filter(pk__in=projects).values("status").annotate(n=Count("pk")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    facets.append(_facet(filterset, "status", _("Status"), Project.Status.choices, counts, used))

    # Partner facets count projects with one participation matching the other partner filters.
    projects, used = _rebuilt(filterset, set(ProjectFilter.PARTICIPATION_FILTERS), sample)

    def participation_counts(key, column):
        parts = Participation.objects.filter(project__in=projects)
        conditions = filterset.participation_q(without=key)
        if conditions is not None:
            parts = parts.filter(conditions)
        rows = parts.values(column).annotate(n=Count("project", distinct=True)).order_by("-n")
        return {row[column]: row["n"] for row in rows}

    counts = participation_counts("kind", "organisation__kind")
    facets.append(_facet(filterset, "kind", _("Partner kind"), Organisation.Kind.choices, counts, used))
    counts = participation_counts("role", "role")
    facets.append(_facet(filterset, "role", _("Role"), Participation.Role.choices, counts, used))

    for key, label, condition in [
        ("cash", _("Has a cash contribution"), {"amount__isnull": False}),
        ("in_kind", _("Has an in-kind contribution"), {"in_kind__gt": ""}),
    ]:
        parts = Participation.objects.filter(project__in=projects, **condition)
        conditions = filterset.participation_q(without=key)
        if conditions is not None:
            parts = parts.filter(conditions)
        count = parts.aggregate(n=Count("project", distinct=True))["n"]
        facets.append(_facet(filterset, key, label, [("true", _("Yes"))], {"true": count}, used))

    counts = participation_counts("organisation", "organisation__slug")
    top = list(counts)[:TOP_ORGANISATIONS]
    shown = [*top, *(slug for slug in filterset.data.getlist("organisation") if slug not in top)]
    names = dict(Organisation.objects.filter(slug__in=shown).values_list("slug", "name"))
    options = [(slug, names[slug]) for slug in shown if slug in names]
    facets.append(_facet(filterset, "organisation", _("Partner (top 10 in these results)"), options, counts, used))
    return facets


def _countries_in_use():
    """The countries that have projects (a short query on the country side)."""
    through = Project.countries.through
    return Country.objects.filter(Exists(through.objects.filter(country=OuterRef("pk")))).values_list("code", "name")


def organisation_facets(filterset: OrganisationFilter, total: int) -> list[Facet]:
    """The facets of a partners list whose filters give `total` organisations."""
    if not filterset.is_valid():
        return []
    sample = Sample.for_results(filterset, total)
    facets = []

    organisations, used = _rebuilt(filterset, {"kind"}, sample)
    rows = Organisation.objects.filter(pk__in=organisations).values("kind").annotate(n=Count("pk")).order_by()
    counts = {row["kind"]: row["n"] for row in rows}
    facets.append(_facet(filterset, "kind", _("Kind"), Organisation.Kind.choices, counts, used))

    organisations, used = _rebuilt(filterset, {"hq"}, sample)
    rows = Organisation.objects.filter(pk__in=organisations).values("hq_country").annotate(n=Count("pk")).order_by()
    counts = {row["hq_country"]: row["n"] for row in rows}
    hq = Organisation.objects.filter(hq_country=OuterRef("pk"))
    countries = Country.objects.filter(Exists(hq)).values_list("code", "name")
    facets.append(_facet(filterset, "hq", _("Headquarters"), countries, counts, used))

    def project_counts(key, column):
        organisations, used = _rebuilt(filterset, {key}, sample)
        rows = (
            Participation.objects.filter(organisation__in=organisations)
            .values(column)
            .annotate(n=Count("organisation", distinct=True))
            .order_by()
        )
        return {row[column]: row["n"] for row in rows}, used

    counts, used = project_counts("theme", "project__themes__slug")
    themes = Theme.objects.values_list("slug", "name")
    facets.append(_facet(filterset, "theme", _("Theme of their projects"), themes, counts, used))
    counts, used = project_counts("country", "project__countries")
    facets.append(_facet(filterset, "country", _("Country of their projects"), _countries_in_use(), counts, used))
    counts, used = project_counts("role", "role")
    facets.append(_facet(filterset, "role", _("Role played"), Participation.Role.choices, counts, used))

    organisations, used = _rebuilt(filterset, {"gmg"}, sample)
    organisations = Organisation.objects.filter(pk__in=organisations)
    member = Exists(Membership.objects.filter(organisation=OuterRef("pk")))
    counts = organisations.aggregate(ever=Count("pk", filter=Q(member)), never=Count("pk", filter=~Q(member)))
    choices = OrganisationFilter.base_filters["gmg"].extra["choices"]
    facets.append(_facet(filterset, "gmg", _("GMG member"), choices, counts, used))
    return facets
