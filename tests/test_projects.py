"""The projects list answers staff questions in a few clicks."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import Project

pytestmark = pytest.mark.django_db

URL = reverse("partnerships:projects")


def slugs(response):
    return [project.slug for project in response.context["listing"].page]


def facet(response, key):
    return {choice.value: choice for f in response.context["listing"].facets if f.key == key for choice in f.choices}


def test_private_companies_that_funded_counter_trafficking(viewer_client):
    response = viewer_client.get(URL, {"kind": "company", "role": "funding", "theme": "counter-trafficking"})
    assert sorted(slugs(response)) == ["ubs-care-home-nias", "ubs-trafficking-prevention-indonesia"]


def test_how_much_private_companies_gave_in_cash(viewer_client):
    response = viewer_client.get(URL, {"kind": "company", "role": "funding"})
    totals = response.context["listing"].totals
    assert totals.cash == {"USD": 1_250_000}  # Chevron: 400,000 for Myanmar and 850,000 for Angola


def test_partners_filters_apply_to_one_participation(viewer_client):
    """A company in one role and a funder of another kind do not add up to a funding company."""
    response = viewer_client.get(URL, {"kind": "media", "role": "funding"})
    assert slugs(response) == []


def test_who_worked_in_indonesia_after_the_tsunami(viewer_client):
    response = viewer_client.get(URL, {"country": "ID", "active_from": "2004", "active_to": "2006"})
    assert sorted(slugs(response)) == [
        "americares-tsunami-banda-aceh",
        "dow-modular-housing-nias",
        "standard-chartered-health-aceh-barat",
        "ubs-trafficking-prevention-indonesia",
    ]


def test_active_during_means_overlapping(viewer_client):
    """A project from 2004 to 2005 is active during 2005-2010."""
    response = viewer_client.get(URL, {"active_from": "2005", "active_to": "2010"})
    assert "angola-community-revitalization" in slugs(response)
    response = viewer_client.get(URL, {"active_from": "2006", "active_to": "2010"})
    assert "angola-community-revitalization" not in slugs(response)


def test_everything_with_chevron(viewer_client):
    response = viewer_client.get(URL, {"organisation": "chevron"})
    assert sorted(slugs(response)) == ["angola-community-revitalization", "chevron-cyclone-myanmar"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("lantern", "solar-lanterns-somalia"),
        ("Panasonik", "solar-lanterns-somalia"),
        ("trafficing", "galnaftogas-counter-trafficking-campaign"),
        ("Narino", "narino-coffee-growing-families"),
        ("Béres", "media-go-counter-trafficking-budapest"),
        ("Beres", "media-go-counter-trafficking-budapest"),
        ("Lampedusa", "praesidium-lampedusa"),
        ("nights have become days", "solar-lanterns-somalia"),
    ],
)
def test_search(viewer_client, q, expected):
    assert expected in slugs(viewer_client.get(URL, {"q": q, "per_page": 100}))


def test_a_misspelling_says_what_was_searched_instead(viewer_client):
    response = viewer_client.get(URL, {"q": "Panasonik"})
    assert "showing results for “panasonic”" in response.text


def test_search_is_ranked(viewer_client):
    response = viewer_client.get(URL, {"q": "solar lanterns"})
    assert set(slugs(response)[:2]) == {"solar-lanterns-somalia", "solar-lanterns-sgbv-study-garowe"}


def test_facet_counts_leave_their_own_filter_out(viewer_client):
    response = viewer_client.get(URL, {"theme": "health", "country": "ID"})
    themes = facet(response, "theme")
    assert themes["health"].selected
    assert themes["health"].count == 2  # Banda Aceh health care, Aceh Barat health infrastructure
    assert themes["shelter"].count == 1  # Nias modular housing: choosing shelter instead would give 1
    countries = facet(response, "country")
    assert countries["MM"].count == 2  # health projects in Myanmar, if Myanmar were chosen instead


def test_empty_choices_stay_listed(viewer_client):
    response = viewer_client.get(URL, {"country": "ID"})
    themes = facet(response, "theme")
    assert themes["labour-migration"].count == 0
    assert 'class="facet-empty"' in response.text


def test_totals_mark_approximate_people_reached(viewer_client):
    response = viewer_client.get(URL, {"country": "SO"})
    totals = response.context["listing"].totals
    assert totals.people_reached == 600_000 + 1_400 * 0 + 16_000
    assert totals.people_reached_approximate
    assert "some figures are approximate" in response.text


def test_sorting_by_an_allowed_column(viewer_client):
    response = viewer_client.get(URL, {"sort": "-start", "per_page": 100})
    dated = [p for p in response.context["listing"].page if p.start]
    assert [p.start for p in dated] == sorted((p.start for p in dated), reverse=True)
    assert response.context["listing"].page[len(response.context["listing"].page) - 1].start is None


def test_pagination_keeps_the_filters(viewer_client):
    response = viewer_client.get(URL, {"status": "completed", "per_page": 25})
    listing = response.context["listing"]
    assert listing.page.paginator.count == Project.objects.filter(status="completed").count()
    assert listing.per_page == 25
    assert "status=completed" in listing.page_url(1)


def test_list_state_lives_in_the_query_string(viewer_client):
    response = viewer_client.get(URL, {"theme": "health", "sort": "title", "per_page": 50})
    html = response.text
    assert 'name="sort" value="title"' in html
    assert 'name="per_page" value="50"' in html
    assert "per_page=50" in html and "theme=health" in html


def test_project_page_shows_everything(viewer_client):
    response = viewer_client.get(reverse("partnerships:project", args=["chevron-cyclone-myanmar"]))
    html = response.text
    for fact in [
        "Chevron",
        "Funding partner",
        "USD 400,000",
        "Donation",
        "May 2008",
        "Irrawaddy delta",
        "Chevron’s contribution represents our commitment to the people of Myanmar,",
        "Jim Blackwell",
        "/partners/chevron/",
    ]:
        assert fact in html, fact


def test_project_page_shows_figures_with_qualifiers(viewer_client):
    html = viewer_client.get(reverse("partnerships:project", args=["solar-lanterns-somalia"])).text
    assert "more than 1,400" in html


def test_the_list_shows_each_projects_cash_by_currency(viewer_client):
    response = viewer_client.get("/projects/", {"organisation": "chevron"})
    rows = {project.slug: project.cash for project in response.context["listing"].page}
    assert rows["chevron-cyclone-myanmar"] == {"USD": Decimal("400000")}
    assert "USD 400,000" in response.text


@pytest.mark.parametrize(
    ("referer", "back"),
    [
        ("http://testserver/projects/?theme=health&page=2", "/projects/?theme=health&amp;page=2"),
        ("http://testserver/projects/", "/projects/"),
        ("http://testserver/partners/?kind=company", "/projects/"),  # another list: not the way back
        ("https://elsewhere.example/projects/?theme=health", "/projects/"),
        ("not a url", "/projects/"),
        (None, "/projects/"),
    ],
)
def test_the_breadcrumb_returns_to_the_list_the_person_came_from(viewer_client, referer, back):
    headers = {"HTTP_REFERER": referer} if referer else {}
    html = viewer_client.get("/projects/chevron-cyclone-myanmar/", **headers).text
    crumb = html.split('class="breadcrumb"')[1]
    assert f'<a href="{back}">Projects</a>' in crumb


def test_a_partners_breadcrumb_returns_to_the_filtered_partner_list(viewer_client):
    html = viewer_client.get("/partners/chevron/", HTTP_REFERER="http://testserver/partners/?kind=company").text
    assert '<a href="/partners/?kind=company">Partners</a>' in html.split('class="breadcrumb"')[1]
