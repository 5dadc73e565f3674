"""The IATI export: valid against the official IATI 2.03 activity schema (copied into
tests/data/iati-2.03 from the IATI-Schemas repository), and faithful to the records."""

import datetime
from pathlib import Path

import pytest
from lxml import etree

from core.models import Citation, Source
from partnerships.iati import REPORTING_ORG, ROLE_CODES
from partnerships.models import Participation, Project

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "data" / "iati-2.03" / "iati-activities-schema.xsd")))
URL = "/projects/export.iati.xml"


def export(client, query="") -> etree._Element:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(b"".join(response.streaming_content))
    SCHEMA.assertValid(document)
    return document


def test_the_whole_export_is_valid_iati_2_03(viewer_client):
    document = export(viewer_client)
    assert document.get("version") == "2.03"
    dated = Project.objects.exclude(start__isnull=True, end__isnull=True)
    assert len(document.findall("iati-activity")) == dated.count()


def test_undated_projects_are_left_out_and_counted(viewer_client):
    response = viewer_client.get(URL)
    text = b"".join(response.streaming_content).decode()
    undated = Project.objects.filter(start__isnull=True, end__isnull=True).count()
    if undated:
        assert f"<!-- {undated} matching projects have no date" in text


def test_the_export_follows_the_list_filters(viewer_client):
    document = export(viewer_client, "theme=health&country=MM")
    identifiers = {node.text for node in document.iter("iati-identifier")}
    assert identifiers == {
        f"{REPORTING_ORG['ref']}-{slug}"
        for slug in Project.objects.filter(themes__slug="health", countries__code="MM").values_list("slug", flat=True)
    }


def test_an_activity_carries_partners_roles_dates_countries_themes_and_money(viewer_client):
    project = Project.objects.get(slug="chevron-cyclone-myanmar")
    document = export(viewer_client, "q=Chevron cyclone Myanmar")
    activity = next(a for a in document.iter("iati-activity") if a.findtext("iati-identifier").endswith(project.slug))
    assert activity.findtext("title/narrative") == project.title
    parts = Participation.objects.filter(project=project).select_related("organisation")
    assert {(p.get("role"), p.findtext("narrative")) for p in activity.findall("participating-org")} == {
        (ROLE_CODES[part.role], part.organisation.name) for part in parts
    }
    assert activity.find("activity-status").get("code") == "4"  # completed: closed
    assert activity.find("activity-date[@type='2']").get("iso-date") == project.start.isoformat()
    assert [c.get("code") for c in activity.findall("recipient-country")] == ["MM"]
    assert {t.get("code") for t in activity.findall("tag")} == set(project.themes.values_list("slug", flat=True))
    (transaction,) = activity.findall("transaction")
    assert transaction.find("transaction-type").get("code") == "11"
    assert transaction.findtext("value") == "400000.00"
    assert transaction.find("value").get("currency") == "USD"
    assert transaction.findtext("provider-org/narrative") == "Chevron"


def test_dates_known_to_the_month_say_so(viewer_client):
    document = export(viewer_client, "q=Chevron cyclone Myanmar")
    date = document.find(".//activity-date[@type='2']")
    assert date.get("iso-date") == "2008-05-01"
    assert date.findtext("narrative") == "Known to the month: May 2008"


def test_text_that_xml_cannot_carry_is_dropped(viewer_client):
    Project.objects.filter(slug="chevron-cyclone-myanmar").update(title="Cyclone \x0b\x1fresponse")
    document = export(viewer_client, "q=Chevron")
    titles = [node.text for node in document.iter("narrative")]
    assert "Cyclone response" in titles


def test_a_cited_source_with_an_address_is_a_document_link(viewer_client):
    project = Project.objects.get(slug="chevron-cyclone-myanmar")
    source = Source.objects.create(
        title="Chevron donates to cyclone relief",
        slug="chevron-cyclone-news",
        url="https://example.org/chevron-myanmar",
        published=datetime.date(2008, 5, 10),
    )
    Citation.objects.create(source=source, record=project, passage="a donation of USD 400,000")
    document = export(viewer_client, "organisation=chevron")  # valid against the schema, links included
    links = document.findall("iati-activity/document-link")
    assert [(link.get("url"), link.find("title/narrative").text) for link in links] == [
        ("https://example.org/chevron-myanmar", "Chevron donates to cyclone relief")
    ]
    assert links[0].find("category").get("code") == "A12"
    assert links[0].find("document-date").get("iso-date") == "2008-05-10"
