"""Imports run one way: gmg and partnerships use core; partnerships may use gmg, never
the reverse; following uses the lists of partnerships, and nothing uses it; core uses
no app; portal (the project: settings, URLs, security) wires the apps' URLs and API
together and uses nothing else of theirs."""

import ast
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q

from partnerships.facet_filters import FacetChoices, FacetYear
from partnerships.filters import OrganisationFilter, ProjectFilter, QuoteFilter
from partnerships.models import QUOTED_PROJECTS, Project, Quote

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "gmg", "partnerships", "following", "portal"]
MAY_USE = {
    "core": set(),
    "gmg": {"core"},
    "partnerships": {"core", "gmg"},
    "following": {"core", "gmg", "partnerships"},
    "portal": {"core"},
}
# The project's URL configuration includes the apps' pages and API.
WIRING = {
    "portal/urls.py": {"partnerships.urls", "gmg.urls", "following.urls"},
    "portal/api_urls.py": {"partnerships.api", "gmg.api", "following.api"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield pytest.param(package, path, id=str(path.relative_to(ROOT)))


@pytest.mark.parametrize(("package", "path"), list(modules()))
def test_imports_run_one_way(package, path):
    relative = str(path.relative_to(ROOT))
    wired = WIRING.get(relative, set())
    used = {
        name
        for name in imported_modules(path)
        if name.split(".")[0] in PACKAGES and name.split(".")[0] != package and name not in wired
    }
    assert {name for name in used if name.split(".")[0] not in MAY_USE[package]} == set()


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits 1 on a missing migration


@pytest.mark.parametrize(
    ("url", "filter_class"),
    [("/projects/", ProjectFilter), ("/partners/", OrganisationFilter), ("/quotes/", QuoteFilter)],
)
def test_every_filter_of_a_list_has_a_control_on_its_page(viewer_client, url, filter_class):
    """The sidebars are rendered from the FilterSets: a filter added there shows up."""
    controls = set(re.findall(r'name="([^"]+)"', _part(viewer_client.get(url).text, 'id="filters"', "</form>")))
    assert set(filter_class.base_filters) - {"sort"} <= controls


def test_a_new_filter_is_one_declaration(monkeypatch, viewer_client):
    """Declared on the FilterSet and nowhere else, a filter filters the list, the export
    and the API, has its control in the sidebar and, counted, its choices with counts."""
    ended = FacetYear(condition=lambda year, given: Q(end__year=year), label="Ended in")
    again = FacetChoices(column="status", counted=True, choices=Project.Status.choices, label="Status, again")
    for name, filter_ in {"ended": ended, "status_again": again}.items():
        filter_.field_name = name
        monkeypatch.setitem(ProjectFilter.base_filters, name, filter_)

    year = Project.objects.filter(end__isnull=False).order_by("end").values_list("end__year", flat=True)[0]
    html = viewer_client.get("/projects/", {"ended": year, "per_page": 100}).text
    expected = set(Project.objects.filter(end__year=year).values_list("slug", flat=True))
    results = _part(html, '<table class="table table-striped', "</table>")
    assert expected and set(re.findall(r'href="/projects/([\w-]+)/', results)) == expected
    assert 'name="ended"' in _part(html, 'id="filters"', "</form>")
    exported = viewer_client.get("/projects/export.csv", {"ended": year})
    assert len(b"".join(exported.streaming_content).decode().splitlines()) == len(expected) + 1
    assert viewer_client.get("/api/projects/", {"ended": year}).json()["count"] == len(expected)

    facets = viewer_client.get("/projects/", {"status": "completed"}).context["listing"].facets
    counted = {
        choice.value: choice.count for facet in facets if facet.key == "status_again" for choice in facet.choices
    }
    assert counted["completed"] == Project.objects.filter(status="completed").count() > 0
    assert counted["active"] == 0


def test_the_quotes_list_offers_the_most_quoted_projects_and_the_selected_one(viewer_client):
    rare = Project.objects.exclude(pk__in=Project.objects.most_quoted()).first()
    html = viewer_client.get("/quotes/", {"project": rare.slug}).text
    offered = re.findall(r'name="project" value="([^"]+)"', html)  # tick boxes, as on the other lists
    assert rare.slug in offered and f'name="project" value="{rare.slug}" class="form-check-input" id' in html
    assert len(offered) == min(QUOTED_PROJECTS, Quote.objects.values("project").distinct().count()) + 1


def _part(html: str, start: str, end: str) -> str:
    """The HTML from `start` to the next `end`."""
    begin = html.index(start)
    return html[begin : html.index(end, begin)]
