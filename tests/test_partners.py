"""The partners list and an organisation's page."""

import pytest
from django.urls import reverse

from partnerships.models import Organisation
from partnerships.timeline import timeline as build_timeline
from partnerships.timeline import works_with

pytestmark = pytest.mark.django_db

URL = reverse("partnerships:organisations")


def slugs(response):
    return [org.slug for org in response.context["listing"].page]


def test_filter_by_kind(viewer_client):
    response = viewer_client.get(URL, {"kind": "media", "per_page": 100})
    assert sorted(slugs(response)) == ["etv", "fresh-eye-productions", "media-go", "sabc"]


def test_private_companies_in_counter_trafficking(viewer_client):
    response = viewer_client.get(URL, {"kind": "company", "theme": "counter-trafficking"})
    assert sorted(slugs(response)) == ["galnaftogas", "saatchi-saatchi", "ubs"]


def test_partners_in_indonesia(viewer_client):
    response = viewer_client.get(URL, {"country": "ID", "per_page": 100})
    assert {"americares", "dow-chemical", "standard-chartered", "ubs", "iom-indonesia"} <= set(slugs(response))


@pytest.mark.parametrize(("day", "count"), [("2005-06-01", 6), ("2008-01-01", 14), ("2010-12-31", 16)])
def test_gmg_members_on_a_date(viewer_client, day, count):
    response = viewer_client.get(URL, {"gmg_on": day, "per_page": 100})
    assert response.context["listing"].page.paginator.count == count


def test_gmg_ever_and_never(viewer_client):
    ever = viewer_client.get(URL, {"gmg": "ever"}).context["listing"].page.paginator.count
    never = viewer_client.get(URL, {"gmg": "never"}).context["listing"].page.paginator.count
    total = viewer_client.get(URL).context["listing"].page.paginator.count
    assert (ever, ever + never) == (16, total)


def test_role_they_played(viewer_client):
    response = viewer_client.get(URL, {"role": "research", "per_page": 100})
    assert sorted(slugs(response)) == ["iom", "university-of-nairobi", "university-of-tokyo"]


def test_search_partners_with_a_typo(viewer_client):
    response = viewer_client.get(URL, {"q": "Panasonik"})
    assert slugs(response) == ["panasonic"]


def test_organisation_page_timeline_in_date_order(viewer_client):
    response = viewer_client.get(reverse("partnerships:organisation", args=["iom"]))
    timeline = build_timeline(Organisation.objects.get(slug="iom"))
    dated = [entry.date for entry in timeline if entry.date]
    assert dated == sorted(dated)
    kinds = {entry.kind for entry in timeline}
    assert {"project", "gmg", "chair", "group", "publication"} <= kinds
    html = response.text
    assert "April 2003" in html and "Joined the Global Migration Group" in html
    assert "January 2007" in html and "Chair of the GMG" in html
    assert "Working Group on Data and Research" in html


def test_organisation_page_shows_contributions_and_quotes(viewer_client):
    response = viewer_client.get(reverse("partnerships:organisation", args=["chevron"]))
    html = response.text
    assert "USD 850,000" in html and "USD 400,000" in html
    assert "We have enjoyed working with IOM and are impressed with its support for returnees in Angola," in html
    assert "Chevron Asia Pacific Exploration &amp; Production" in html  # its child


def test_works_with_counts_shared_projects(viewer_client):
    partners = {org.slug: org.shared for org in works_with(Organisation.objects.get(slug="ubs"))}
    assert partners == {"iom-indonesia": 2}
    html = viewer_client.get(reverse("partnerships:organisation", args=["ubs"])).text
    assert "/partners/iom-indonesia/" in html


def test_parent_and_children(viewer_client):
    html = viewer_client.get(reverse("partnerships:organisation", args=["aig-disaster-relief-fund"])).text
    assert "/partners/aig/" in html
    html = viewer_client.get(reverse("partnerships:organisation", args=["iom"])).text
    for child in ["iom-serbia", "iom-colombia", "iom-indonesia", "iom-pakistan", "iom-ukraine", "iom-budapest"]:
        assert f"/partners/{child}/" in html


def test_quotes_filter_by_organisation_and_theme(viewer_client):
    url = reverse("partnerships:quotes")
    response = viewer_client.get(url, {"organisation": "chevron"})
    assert response.context["listing"].page.paginator.count == 3
    response = viewer_client.get(url, {"theme": "labour-migration"})
    assert response.context["listing"].page.paginator.count == 4  # both Susans of Maple Leaf, and Galnaftogas
    response = viewer_client.get(url, {"q": "Beres"})
    assert response.context["listing"].page.paginator.count == 1


def test_a_partners_people_are_those_it_employs_and_those_quoted_for_it(viewer_client):
    """Regression: Chevron's page listed Dennis Flemming (employed by Chevron) but not
    Jim Blackwell (of Chevron Asia Pacific, quoted for Chevron on the same page)."""
    response = viewer_client.get(reverse("partnerships:organisation", args=["chevron"]))
    people = response.text.split(">People<")[1].split("</ul>")[0]
    assert "Dennis Flemming" in people and "Jim Blackwell" in people
    assert people.count("Jim Blackwell") == 1  # quoted twice, listed once
