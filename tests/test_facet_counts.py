"""Facet counts from the facet tables equal what the records say, counted the slow way
with the ORM; long facets show their top choices and lead to the rest; on a large
table, counts come from the sample and say so, while small sets stay exact."""

import operator
from functools import reduce

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.http import QueryDict

from core.models import Citation
from partnerships import facet_counts
from partnerships.filters import ProjectFilter
from partnerships.models import SAMPLE_MODULUS, Figure, Participation, Project, Unstated

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "theme=health",
    "country=ID&theme=shelter",
    "kind=company&role=funding",
    "kind=company&theme=counter-trafficking",
    "organisation=chevron&role=funding",
    "organisation=iom&kind=un",
    "role=implementing&cash=true",
    "in_kind=true&kind=company",
    "status=completed&role=funding&amount_min=100000",
    "q=lanterns",
    "active_from=2004&active_to=2006&kind=ngo",
    "missing=start&missing=amount&kind=company",
]


def _uncited(model):
    return ~Exists(
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=Cast(OuterRef("pk"), CharField())
        )
    )


def _missing() -> dict[str, Q]:
    """What each quality check finds, asked of the records themselves: a fact missing and
    not recorded as not stated in the sources."""
    funders = Participation.objects.filter(project=OuterRef("pk"), role="funding")

    def stated(fact: str) -> Q:
        return ~Exists(Unstated.objects.filter(project=OuterRef("pk"), fact=fact))

    return {
        "start": Q(start__isnull=True) & stated("start"),
        "theme": ~Exists(Project.themes.through.objects.filter(project=OuterRef("pk"))) & stated("theme"),
        "country": ~Exists(Project.countries.through.objects.filter(project=OuterRef("pk"))) & stated("country"),
        "partner": ~Exists(Participation.objects.filter(project=OuterRef("pk"))) & stated("partner"),
        "amount": Exists(funders) & ~Exists(funders.filter(amount__isnull=False)) & stated("amount"),
        "citation": _uncited(Project)
        | Exists(Participation.objects.filter(_uncited(Participation), project=OuterRef("pk")))
        | Exists(Figure.objects.filter(_uncited(Figure), project=OuterRef("pk"))),
    }


def oracle(data: QueryDict) -> int:
    """The projects matching the filters, counted with plain ORM queries."""
    projects = Project.objects.all()
    if data.get("q"):
        projects = projects.filter(search_vector=ProjectFilter(data, queryset=projects).search.query)
    if data.getlist("theme"):
        projects = projects.filter(themes__slug__in=data.getlist("theme"))
    if data.getlist("country"):
        projects = projects.filter(countries__code__in=data.getlist("country"))
    if data.getlist("status"):
        projects = projects.filter(status__in=data.getlist("status"))
    if data.get("active_from") or data.get("active_to"):
        first, last = data.get("active_from"), data.get("active_to")
        projects = projects.active_during(int(first) if first else None, int(last) if last else None)
    if data.getlist("missing"):
        missing = _missing()
        projects = projects.filter(reduce(operator.or_, [missing[gap] for gap in data.getlist("missing")]))
    part = Q()
    if data.getlist("organisation"):
        part &= Q(organisation__slug__in=data.getlist("organisation"))
    if data.getlist("kind"):
        part &= Q(organisation__kind__in=data.getlist("kind"))
    if data.getlist("role"):
        part &= Q(role__in=data.getlist("role"))
    if data.get("cash"):
        part &= Q(amount__isnull=data["cash"] != "true")
    if data.get("in_kind"):
        part &= ~Q(in_kind="") if data["in_kind"] == "true" else Q(in_kind="")
    if data.get("amount_min"):
        part &= Q(currency="USD", amount__gte=data["amount_min"])
    if part:
        projects = projects.filter(Exists(Participation.objects.filter(part, project=OuterRef("pk"))))
    return projects.distinct().count()


@pytest.fixture
def sampled(monkeypatch):
    """The facet tables taken for large ones, with statistics (the planner's and pg_class's)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_projectfacets")
    monkeypatch.setattr("partnerships.facet_counts.SAMPLE_ABOVE", 0)


@pytest.mark.parametrize("query", QUERIES)
def test_every_count_is_what_the_records_say(query):
    data = QueryDict(query)
    counted = facet_counts.count(ProjectFilter(data, queryset=Project.objects.all()))
    assert counted.count == oracle(data)
    for facet in counted.facets:
        for choice in facet.choices:
            other = data.copy()
            other.setlist(facet.key, [choice.value])
            assert choice.count == oracle(other), (query, facet.key, choice.value)


def test_totals_sum_the_matching_contributions():
    data = QueryDict("kind=company&role=funding")
    totals = facet_counts.count(ProjectFilter(data, queryset=Project.objects.all())).totals
    parts = Participation.objects.filter(organisation__kind="company", role="funding", amount__isnull=False)
    assert totals.cash == {"USD": sum(part.amount for part in parts)}


def test_a_long_facet_shows_the_chosen_and_the_top_choices(monkeypatch, viewer_client):
    monkeypatch.setattr(ProjectFilter.base_filters["country"], "top", 2)
    response = viewer_client.get("/projects/", {"country": "GB"})
    shown = next(facet for facet in response.context["listing"].facets if facet.key == "country")
    values = [choice.value for choice in shown.choices]
    assert "GB" in values and len(values) == 3
    in_use = Project.countries.through.objects.values("country").distinct().count()
    assert shown.more == in_use - sum(1 for choice in shown.choices if choice.count) > 0
    assert f"{shown.more} more" in response.text
    assert all(facet.more == 0 for facet in response.context["listing"].facets if facet.key != "country")
    # a button of the filter form, so that the boxes ticked and not yet applied go along
    assert 'formaction="/projects/choices/country/"' in response.text


def test_the_choices_page_lists_every_country_in_use_with_its_count(viewer_client):
    response = viewer_client.get("/projects/choices/country/", {"theme": "health"})
    assert response.status_code == 200
    facet = response.context["facet"]
    through = Project.countries.through.objects
    assert {choice.value for choice in facet.choices} == set(through.values_list("country", flat=True))
    with_results = set(through.filter(project__themes__slug="health").values_list("country", flat=True))
    assert {choice.value for choice in facet.choices if choice.count} == with_results
    myanmar = next(choice for choice in facet.choices if choice.value == "MM")
    assert myanmar.url == "?country=MM&theme=health"
    assert 'href="/projects/?country=MM&amp;theme=health"' in response.text


def test_only_long_facets_have_a_choices_page(viewer_client):
    assert viewer_client.get("/projects/choices/status/").status_code == 404
    assert viewer_client.get("/partners/choices/hq/").status_code == 200


def test_a_sampled_table_keeps_small_sets_exact(sampled, monkeypatch):
    """With the sample forced on the seed, whose ids are all below the sample modulus:
    every set looks small in the sample, so each is counted exactly."""
    monkeypatch.setattr("partnerships.facet_counts.EXACT_UP_TO", 0)
    data = QueryDict("kind=company")
    counted = facet_counts.count(ProjectFilter(data, queryset=Project.objects.all()))
    assert counted.estimated and counted.count == 0  # the sample holds no project at all
    monkeypatch.setattr("partnerships.facet_counts.EXACT_UP_TO", 10_000)
    counted = facet_counts.count(ProjectFilter(data, queryset=Project.objects.all()))
    assert not counted.estimated and counted.count == oracle(data)


def test_estimates_say_so(sampled, monkeypatch, viewer_client):
    monkeypatch.setattr("partnerships.facet_counts.EXACT_UP_TO", 0)
    html = viewer_client.get("/projects/").text
    assert "(≈ estimated)" in html
    assert f"&lt;{SAMPLE_MODULUS}" in html  # a zero in the sample is not shown as an exact zero


def test_a_page_is_the_same_whether_its_rows_are_few_or_not(monkeypatch, viewer_client):
    def page(query):
        return [project.slug for project in viewer_client.get("/projects/", query).context["listing"].page]

    query = {"theme": "health", "per_page": 25, "sort": "-start"}
    few = page(query)
    monkeypatch.setattr("partnerships.lists.NARROW_UP_TO", 0)
    assert page(query) == few and len(few) > 1


def test_a_search_with_too_many_matches_to_rank_says_so(monkeypatch, viewer_client):
    monkeypatch.setattr("partnerships.lists.RANK_UP_TO", 0)
    response = viewer_client.get("/projects/", {"q": "lanterns"})
    assert "Too many records match to rank them by relevance" in response.text
    assert "Too many records" not in viewer_client.get("/projects/", {"theme": "health"}).text
