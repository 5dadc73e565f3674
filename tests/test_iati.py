"""The IATI export: valid against the official IATI 2.03 activity schema (copied into
tests/data/iati-2.03 from the IATI-Schemas repository), and faithful to the records."""

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from knox.models import AuthToken
from lxml import etree

from core.models import Citation, Source
from partnerships import iati_codes
from partnerships.iati import REPORTING_ORG, ROLE_CODES, THEME_SECTORS
from partnerships.models import Country, Organisation, Participation, Project, Theme

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "data" / "iati-2.03" / "iati-activities-schema.xsd")))
URL = "/projects/export.iati.xml"


def export(client, query="") -> etree._Element:
    """The export, checked against the schema and the Standard's ruleset."""
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(b"".join(response.streaming_content))
    SCHEMA.assertValid(document)
    assert broken_rules(document) == []
    return document


IDENTIFIER = re.compile(r"[^/&|?\s]+")


def broken_rules(document: etree._Element) -> list[str]:
    """What breaks the IATI Standard's ruleset (IATI-Rulesets, standard.json, for 2.03),
    its non-machine-readable rules for what the export writes, and the codelists: each
    finding names the activity."""
    return [
        f"{activity.findtext('iati-identifier')}: {rule}"
        for activity in document.iter("iati-activity")
        for rule in activity_rules(activity)
    ]


def activity_rules(activity: etree._Element) -> Iterator[str]:
    today = datetime.date.today().isoformat()
    agencies = iati_codes.active("OrganisationRegistrationAgency")

    def dates(kind):
        return [d.get("iso-date") for d in activity.findall(f"activity-date[@type='{kind}']")]

    if not dates("1") + dates("2"):
        yield "no planned or actual start"
    if not activity.findall("sector") and not activity.findall("transaction/sector"):
        yield "no sector"
    if not any(s.get("vocabulary") in ("1", "2") for s in activity.findall("sector")):
        yield "no DAC sector"
    for less, more in (("1", "3"), ("2", "4")):
        if any(a > b for a in dates(less) for b in dates(more)):
            yield f"date {less} after date {more}"
    if any(day > today for day in dates("2") + dates("4")):
        yield "an actual date in the future"
    for path in ("transaction/transaction-date", "transaction/value"):
        if any((node.get("iso-date") or node.get("value-date")) > today for node in activity.findall(path)):
            yield f"{path} in the future"
    countries = activity.findall("recipient-country")
    if len(countries) > 1 and sum(Decimal(c.get("percentage", "0")) for c in countries) != 100:
        yield "country percentages do not add up to 100"
    for vocabulary in {s.get("vocabulary") for s in activity.findall("sector")}:
        shares = [s.get("percentage") for s in activity.findall(f"sector[@vocabulary='{vocabulary}']")]
        if len(shares) > 1 and sum(Decimal(share or "0") for share in shares) != 100:
            yield f"sector percentages of vocabulary {vocabulary} do not add up to 100"
    for sector in activity.findall("sector[@vocabulary='1']"):
        if sector.get("code") not in iati_codes.active("Sector"):
            yield f"sector {sector.get('code')} is not an active DAC code"
    if not activity.findtext("iati-identifier").startswith(activity.find("reporting-org").get("ref") + "-"):
        yield "the identifier does not start with the reporting organisation's"
    for path in ("reporting-org", "participating-org", "transaction/provider-org", "planned-disbursement/provider-org"):
        for org in activity.findall(path):
            ref = org.get("ref")
            if ref is not None and not (IDENTIFIER.fullmatch(ref) and iati_codes.agency_of(ref) in agencies):
                yield f"{path} ref {ref!r} is not an organisation identifier"
            if ref is None and not org.findtext("narrative"):
                yield f"{path} has neither a ref nor a name"
    if activity.find("activity-status").get("code") not in iati_codes.active("ActivityStatus"):
        yield "unknown status"
    for attribute in ("default-currency", "hierarchy", "last-updated-datetime"):
        if not activity.get(attribute):
            yield f"no @{attribute}"


def test_the_whole_export_is_valid_iati_2_03_and_keeps_the_standard_s_rules(viewer_client):
    document = export(viewer_client)
    assert document.get("version") == "2.03"
    assert len(document.findall("iati-activity")) == Project.objects.filter(start__isnull=False).count()


def test_projects_without_a_start_are_left_out_and_counted(viewer_client):
    """One seed project had only an end date: an IATI activity needs a start."""
    Project.objects.filter(slug="chevron-cyclone-myanmar").update(start=None, start_precision="")
    response = viewer_client.get(URL)
    text = b"".join(response.streaming_content).decode()
    undated = Project.objects.filter(start__isnull=True).count()
    assert f"- {undated} matching projects have no start date and are left out" in text
    assert "chevron-cyclone-myanmar" not in text


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
    themes = set(project.themes.values_list("slug", flat=True))
    assert {s.get("code") for s in activity.findall("sector[@vocabulary='99']")} == themes
    assert {s.get("code") for s in activity.findall("sector[@vocabulary='1']")} == {
        THEME_SECTORS[slug] for slug in themes if slug in THEME_SECTORS
    }
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


# Each rule of the Standard, with a record built to break it (issue 28). `export()` checks
# the whole file against the schema and broken_rules().


def activity_of(document, slug):
    return next(a for a in document.iter("iati-activity") if a.findtext("iati-identifier").endswith(f"-{slug}"))


@pytest.fixture
def built():
    """A project to bend into each shape: started in 2020, active, with one funder."""
    project = Project.objects.create(
        title="Built", slug="built", summary="-", status="active", start=datetime.date(2020, 3, 1)
    )
    project.themes.set(Theme.objects.filter(slug="health"))
    Participation.objects.create(
        project=project, organisation=Organisation.objects.get(slug="ubs"), role="funding", amount=10, currency="EUR"
    )
    return project


def test_several_countries_share_one_hundred_percent(viewer_client, built):
    built.countries.set(Country.objects.filter(code__in=["KE", "UG", "TZ"]))
    activity = activity_of(export(viewer_client, "organisation=ubs"), "built")
    assert [c.get("percentage") for c in activity.findall("recipient-country")] == ["33.33", "33.33", "33.34"]


def test_every_theme_is_a_dac_sector_and_a_sector_of_its_own_vocabulary(viewer_client, built):
    built.themes.set(Theme.objects.filter(slug__in=["health", "shelter", "emergency-response", "research"]))
    activity = activity_of(export(viewer_client, "organisation=ubs"), "built")
    dac = {(s.get("code"), s.get("percentage")) for s in activity.findall("sector[@vocabulary='1']")}
    assert dac == {("12220", "50.00"), ("72010", "50.00")}  # shelter and relief share 72010
    own = [s.get("code") for s in activity.findall("sector[@vocabulary='99']")]
    assert sorted(own) == ["emergency-response", "health", "research", "shelter"]


def test_a_project_about_how_not_what_for_is_sectors_not_specified(viewer_client, built):
    built.themes.set(Theme.objects.filter(slug__in=["research", "capacity-building"]))
    activity = activity_of(export(viewer_client, "organisation=ubs"), "built")
    assert [(s.get("code"), s.get("percentage")) for s in activity.findall("sector[@vocabulary='1']")] == [
        ("99810", "100.00")
    ]


def test_every_theme_maps_to_an_active_dac_code():
    assert set(THEME_SECTORS.values()) <= iati_codes.active("Sector")
    assert set(THEME_SECTORS) <= set(Theme.objects.values_list("slug", flat=True))


def test_a_planned_project_puts_no_money_or_actual_date_in_the_future(viewer_client, built):
    next_year = datetime.date.today().year + 1
    Project.objects.filter(pk=built.pk).update(
        status="planned", start=datetime.date(next_year, 1, 1), start_precision="year", end=None
    )
    activity = activity_of(export(viewer_client, "organisation=ubs"), "built")
    assert activity.find("activity-date").get("type") == "1"
    assert activity.findall("transaction") == []
    (planned,) = activity.findall("planned-disbursement")
    assert planned.find("period-start").get("iso-date") == f"{next_year}-01-01"
    assert planned.findtext("value") == "10.00" and planned.find("value").get("currency") == "EUR"


def test_an_active_project_starting_later_has_a_planned_start(viewer_client, built):
    Project.objects.filter(pk=built.pk).update(start=datetime.date.today() + datetime.timedelta(days=30))
    activity = activity_of(export(viewer_client, "organisation=ubs"), "built")
    assert [d.get("type") for d in activity.findall("activity-date")] == ["1"]


def test_a_completed_project_ending_this_year_ended_by_today(viewer_client, built):
    this_year = datetime.date.today().year
    Project.objects.filter(pk=built.pk).update(
        status="completed", end=datetime.date(this_year, 12, 31), end_precision="year"
    )
    activity = activity_of(export(viewer_client, "organisation=ubs"), "built")
    end = activity.find("activity-date[@type='4']")
    assert end.get("iso-date") == datetime.date.today().isoformat()
    assert end.findtext("narrative") == f"Known to the year: {this_year}"


def test_a_completed_project_without_an_end_is_counted_not_given_one(viewer_client, built):
    Project.objects.filter(pk=built.pk).update(status="completed", end=None)
    response = viewer_client.get(f"{URL}?organisation=ubs")
    text = b"".join(response.streaming_content).decode()
    over = Project.objects.filter(participations__organisation__slug="ubs", status__in=["completed", "cancelled"])
    count = over.filter(end__isnull=True, start__isnull=False).distinct().count()
    assert f"- {count} completed or cancelled activities have no actual end date" in text
    activity = activity_of(etree.fromstring(text.encode()), "built")
    assert activity.find("activity-status").get("code") == "4"
    assert activity.findall("activity-date[@type='4']") == []


def test_organisations_carry_their_iati_identifier_or_their_parent_s(viewer_client):
    document = export(viewer_client, "organisation=iom-pakistan")
    for activity in document.iter("iati-activity"):
        refs = {org.findtext("narrative"): org.get("ref") for org in activity.findall("participating-org")}
        assert refs["IOM Pakistan"] == "XM-DAC-47066"  # a mission of IOM
    document = export(viewer_client, "organisation=chevron")
    refs = {org.findtext("narrative"): org.get("ref") for org in document.iter("participating-org")}
    assert refs["Chevron"] is None  # no public IATI identifier: left out
    assert document.find(".//transaction/provider-org").get("ref") is None


def test_every_activity_says_when_it_changed_its_currency_and_its_level(viewer_client, built):
    before = activity_of(export(viewer_client, "organisation=ubs"), "built").get("last-updated-datetime")
    part = built.participations.get()
    part.amount = 20
    part.save()
    activity = activity_of(export(viewer_client, "organisation=ubs"), "built")
    assert activity.get("last-updated-datetime") >= before
    assert (activity.get("default-currency"), activity.get("hierarchy")) == ("EUR", "1")


@pytest.mark.parametrize(
    ("identifier", "error"),
    [
        ("XM-DAC-41301", None),
        ("GB-COH-03732267", None),
        ("XX-FOO-1", "does not start with a registration agency"),
        ("XM-DAC-", "does not start with a registration agency"),
        ("47066", "does not start with a registration agency"),
        ("XM-DAC-47 066", "no spaces"),
        ("XM-DAC-47/066", "no spaces"),
    ],
)
def test_an_organisation_identifier_is_checked_against_iati_s_agencies(identifier, error):
    org = Organisation.objects.get(slug="ubs")
    org.iati_identifier = identifier
    if error is None:
        org.full_clean()
    else:
        with pytest.raises(ValidationError, match=error):
            org.full_clean()


def test_two_organisations_cannot_share_an_identifier():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(slug="ubs").update(iati_identifier="XM-DAC-47066")


def test_a_script_fetches_the_export_with_its_api_token(client, viewer):
    """Issue 28: the export refused the API token and sent the script to the login page."""
    _instance, token = AuthToken.objects.create(viewer)
    response = client.get(URL, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    SCHEMA.assertValid(etree.fromstring(b"".join(response.streaming_content)))
    assert client.get("/projects/export.csv", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    refused = client.get(URL, HTTP_AUTHORIZATION="Token not-a-token")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
    assert client.get(URL).status_code == 302  # a browser without a session logs in first


def test_a_partner_s_page_and_the_api_give_its_iati_identifier(viewer_client):
    html = viewer_client.get("/partners/iom/").text
    assert "<code>XM-DAC-47066</code>" in html and "(public registers, not stated in the sources)" in html
    assert viewer_client.get("/api/organisations/iom/").json()["iati_identifier"] == "XM-DAC-47066"
