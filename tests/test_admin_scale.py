"""The admin's changelists at any size: searches served by indexes (full-text vectors,
trigram-friendly ILIKE), counts estimated and said to be where an exact one is costly,
and deep pages that hold what Django's own paging would."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import changelists
from partnerships.models import Figure, Organisation, Participation, Project

pytestmark = pytest.mark.django_db


def changelist(client, model, **query):
    return client.get(reverse(f"admin:partnerships_{model._meta.model_name}_changelist"), query)


def listed(response) -> list:
    return list(response.context["cl"].result_list)


@pytest.fixture(params=["few", "many"])
def matches(request, monkeypatch):
    """A search through a relation takes two ways: a few related records by their keys,
    very many by asking each listed row (partnerships/admin.py: IndexedSearch)."""
    from partnerships import admin as partnerships_admin

    if request.param == "many":
        monkeypatch.setattr(partnerships_admin, "FEW_MATCHES", 0)
    return request.param


def test_a_few_letters_find_a_partner_and_its_participations(editor_client, matches):
    chevron = Organisation.objects.get(slug="chevron")
    assert chevron in listed(changelist(editor_client, Organisation, q="chev"))
    found = listed(changelist(editor_client, Participation, q="Chevron"))
    assert found and {p.organisation for p in found} >= {chevron}
    assert set(found) >= set(Participation.objects.filter(organisation=chevron))


def test_a_project_is_found_by_its_partner_its_words_or_its_slug(editor_client):
    project = Project.objects.get(slug="solar-lanterns-somalia")
    for words in ("Panasonic lanterns", "lantern somal", "solar-lanterns-somalia"):
        assert project in listed(changelist(editor_client, Project, q=words)), words


def test_a_misspelt_search_shows_the_closest_words_and_says_so(editor_client):
    response = changelist(editor_client, Organisation, q="panasonik")
    assert Organisation.objects.get(slug="panasonic") in listed(response)
    assert "showing the closest" in response.text


def test_figures_are_found_by_their_own_words_and_their_project(editor_client, matches):
    figure = Figure.objects.filter(project__isnull=False).exclude(label="").first()
    word = figure.label.split()[0]
    assert figure in listed(changelist(editor_client, Figure, q=word))
    assert figure in listed(changelist(editor_client, Figure, q=figure.project.title))


@pytest.mark.parametrize("model", [Project, Organisation, Participation, Figure])
def test_no_admin_search_compares_upper_case_text_across_tables(editor_client, model):
    """Django's icontains (UPPER(x) LIKE UPPER(y)) across joins took seconds at 1M rows."""
    with CaptureQueriesContext(connection) as queries:
        assert changelist(editor_client, model, q="water health").status_code == 200
    assert not [query["sql"] for query in queries if "LIKE UPPER" in query["sql"]]


def test_a_large_selection_is_counted_as_an_estimate_and_says_so(editor_client, monkeypatch):
    monkeypatch.setattr(changelists, "EXACT_UP_TO", 5)
    response = changelist(editor_client, Project)
    paginator = response.context["cl"].paginator
    assert paginator.is_estimate
    assert "about" in response.text
    small = changelist(editor_client, Project, q="solar-lanterns-somalia")
    assert not small.context["cl"].paginator.is_estimate


def test_a_deep_page_holds_what_django_would_show_there(editor_client, monkeypatch):
    from partnerships.admin import ProjectAdmin

    monkeypatch.setattr(ProjectAdmin, "list_per_page", 3)
    page = listed(changelist(editor_client, Project, p=4))
    expected = list(Project.objects.order_by("title", "pk")[9:12])
    assert page == expected


def test_a_project_form_costs_the_same_queries_for_three_partners_or_twelve(editor_client):
    """Each partner row asked for its partner, its project and its box's label: 132 queries for 40 partners."""

    counts = []
    partners = list(Organisation.objects.order_by("pk")[:12])
    for n in (3, 12):
        project = Project.objects.create(title=f"{n} partners", slug=f"partners-{n}", summary="-", status="active")
        for partner in partners[:n]:
            Participation.objects.create(project=project, organisation=partner, role="implementing")
        url = reverse("admin:partnerships_project_change", args=[project.pk])
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(url)
        assert response.status_code == 200
        assert all(partner.name in response.text for partner in partners[:n])
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("model", [Project, Organisation, Participation, Figure])
def test_a_search_that_matches_nothing_lists_nothing(editor_client, model):
    """A search of partners and projects that matched neither answered 500 (a query known empty cannot be explained)."""
    response = changelist(editor_client, model, q="zqxwvjk")
    assert response.status_code == 200
    assert listed(response) == []


@pytest.mark.parametrize("few_cited", [10_000, 0])
def test_the_records_that_cite_a_source_are_listed_by_their_keys_or_asked_each(editor_client, monkeypatch, few_cited):
    """Asking each of three million participations whether it cites a source took 3 s."""
    from core import citations
    from core.models import Citation

    monkeypatch.setattr(citations, "FEW_CITED", few_cited)
    cited = {
        int(key)
        for key in Citation.objects.filter(content_type__model="participation").values_list("object_id", flat=True)
    }
    response = changelist(editor_client, Participation, cited="yes", all="")
    assert {participation.pk for participation in listed(response)} == cited
