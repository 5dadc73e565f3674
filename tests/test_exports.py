"""CSV exports hold exactly the rows of the list, with formula cells neutralised."""

import csv
import io

import pytest
from django.urls import reverse

from core.downloads import neutralise
from partnerships.models import Project

pytestmark = pytest.mark.django_db


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"theme": "counter-trafficking"},
        {"kind": "company", "role": "funding"},
        {"q": "trafficing"},
        {"country": "ID"},
    ],
)
def test_project_export_equals_the_list(viewer_client, query):
    listed = viewer_client.get(reverse("partnerships:projects"), {**query, "per_page": 100})
    exported = viewer_client.get(reverse("partnerships:project_export"), query)
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in exported["Content-Disposition"]
    rows = read_csv(exported)
    assert [row["slug"] for row in rows] == [p.slug for p in listed.context["listing"].page]


def test_project_export_spans_all_pages(viewer_client):
    rows = read_csv(viewer_client.get(reverse("partnerships:project_export"), {"per_page": 25, "page": 2}))
    assert len(rows) == Project.objects.count()


def test_partner_export_equals_the_list(viewer_client):
    query = {"kind": "company"}
    listed = viewer_client.get(reverse("partnerships:organisations"), {**query, "per_page": 100})
    rows = read_csv(viewer_client.get(reverse("partnerships:organisation_export"), query))
    assert [row["slug"] for row in rows] == [org.slug for org in listed.context["listing"].page]


def test_export_content(viewer_client):
    rows = read_csv(viewer_client.get(reverse("partnerships:project_export"), {"organisation": "chevron"}))
    myanmar = next(row for row in rows if row["slug"] == "chevron-cyclone-myanmar")
    assert myanmar["start"] == "May 2008"
    assert "Chevron: USD 400000.00" in myanmar["cash contributions"]
    assert "Chevron (Funding partner)" in myanmar["partners"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+CMD", "'+CMD"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("Plain", "Plain"), (None, "")],
)
def test_formula_cells_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_a_formula_in_the_data_is_neutralised_in_the_file(viewer_client):
    Project.objects.filter(slug="ubs-care-home-nias").update(title='=HYPERLINK("http://evil")')
    rows = read_csv(viewer_client.get(reverse("partnerships:project_export"), {"organisation": "ubs"}))
    assert '\'=HYPERLINK("http://evil")' in [row["title"] for row in rows]
