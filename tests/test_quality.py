"""Data quality: each check against a record built to fail it, the counts of /quality/
against the lists they open, the counts kept right by every kind of write, a record's
completeness on its page and in the lists, and the trend from the days before."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from core.citations import cite
from core.models import Citation, Source
from gmg.models import Membership
from partnerships import quality
from partnerships.models import (
    Country,
    Figure,
    Organisation,
    OrganisationFacets,
    Participation,
    Project,
    ProjectFacets,
    QualityCount,
    Quote,
    Theme,
    Unstated,
)

from .forms import submitted
from .test_facet_tables import assert_facets_fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.get(slug="iom-partner-pages")


def _today() -> dict[tuple[str, str], int]:
    latest = quality._latest()
    return {(scope, measure): value for scope, measures in latest.items() for measure, value in measures.items()}


def _recounted() -> dict[tuple[str, str], int]:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT partnerships_quality_recount()")
        counted = _today()
        transaction.set_rollback(True)
    return counted


def assert_counts_fresh():
    """Today's counts are what counting the facet tables afresh gives."""
    assert_facets_fresh()
    assert _today() == _recounted()


@pytest.fixture
def complete(source):
    """A project that passes every check: dated, on a theme, in a country, with a funder
    that gave an amount, and every fact cited."""
    project = Project.objects.create(
        title="Complete", slug="complete", summary="-", status="active", start=datetime.date(2020, 1, 1)
    )
    project.themes.set(Theme.objects.all()[:1])
    project.countries.set(Country.objects.filter(code="KE"))
    funder = Participation.objects.create(
        project=project, organisation=Organisation.objects.get(slug="ubs"), role="funding", amount=10, currency="USD"
    )
    for record in (project, funder):
        cite(record, source, "UBS")
    return project


def gaps(project) -> list[str]:
    return ProjectFacets.objects.get(project=project).gaps


def test_a_complete_project_passes_every_check(complete):
    facets = ProjectFacets.objects.get(project=complete)
    assert (facets.gaps, facets.checks, facets.completeness) == ([], 6, 100)


@pytest.mark.parametrize(
    ("gap", "spoil"),
    [
        ("start", lambda p: Project.objects.filter(pk=p.pk).update(start=None, start_precision="")),
        ("theme", lambda p: p.themes.clear()),
        ("country", lambda p: p.countries.clear()),
        ("amount", lambda p: Participation.objects.filter(project=p).update(amount=None, currency="")),
        ("citation", lambda p: Citation.objects.of(p).delete()),
        ("citation", lambda p: Citation.objects.of(p.participations.get()).delete()),
        ("citation", lambda p: Figure.objects.create(project=p, kind="other", value=3, unit="x", label="uncited")),
    ],
)
def test_each_project_check_finds_the_project_that_fails_it(complete, gap, spoil, viewer_client):
    spoil(complete)
    assert gaps(complete) == [gap]
    assert ProjectFacets.objects.get(project=complete).completeness == 83  # 5 of 6
    html = viewer_client.get(f"/projects/?missing={gap}").text
    assert 'href="/projects/complete/"' in html
    assert 'href="/projects/complete/"' not in viewer_client.get("/projects/?missing=partner").text
    assert_counts_fresh()


def test_a_project_without_partners_fails_that_check_and_has_no_funding_to_check(complete):
    Participation.objects.filter(project=complete).delete()
    facets = ProjectFacets.objects.get(project=complete)
    assert (facets.gaps, facets.checks, facets.completeness) == (["partner"], 5, 80)


def test_the_funding_amount_is_checked_only_where_a_partner_funds(complete):
    Participation.objects.filter(project=complete).update(role="in_kind", amount=None, currency="", in_kind="Trucks")
    facets = ProjectFacets.objects.get(project=complete)
    assert (facets.gaps, facets.checks) == ([], 5)


def test_a_cited_fact_leaves_the_check(complete, source):
    figure = Figure.objects.create(project=complete, kind="other", value=3, unit="x", label="uncited")
    assert gaps(complete) == ["citation"]
    cite(figure, source, "UBS")
    assert gaps(complete) == []
    assert_counts_fresh()


def test_an_amount_without_a_currency_cannot_be_stored(complete):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.filter(project=complete).update(currency="")


def test_a_member_without_a_join_date_cannot_be_stored():
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=Membership.objects.first().pk).update(start=None)


@pytest.mark.parametrize(
    ("gap", "spoil"),
    [
        ("kind", lambda org: Organisation.objects.filter(pk=org.pk).update(kind="")),
        ("hq", lambda org: Organisation.objects.filter(pk=org.pk).update(hq_country=None)),
        ("citation", lambda org: Citation.objects.of(org).delete()),
    ],
)
def test_each_partner_check_finds_the_partner_that_fails_it(gap, spoil, viewer_client):
    org = Organisation.objects.get(slug="ubs")
    assert OrganisationFacets.objects.get(organisation=org).gaps == []
    spoil(org)
    facets = OrganisationFacets.objects.get(organisation=org)
    assert (facets.gaps, facets.completeness) == ([gap], 67)
    assert 'href="/partners/ubs/"' in viewer_client.get(f"/partners/?missing={gap}").text
    assert_counts_fresh()


def _listed_count(html: str, kind: str) -> int:
    if kind == "project":
        return int(re.search(r"<dt>Projects</dt><dd class=\"mb-0\">([\d,]+)</dd>", html)[1].replace(",", ""))
    return int(re.search(r"([\d,]+) found", html)[1].replace(",", ""))


def test_every_count_on_the_quality_page_is_the_count_of_the_list_it_opens(complete, viewer_client):
    # something to find for every check
    Project.objects.create(title="Bare", slug="bare", summary="-", status="planned")
    Citation.objects.of(Organisation.objects.get(slug="ubs")).delete()
    Organisation.objects.filter(slug="ubs").update(kind="")
    html = viewer_client.get("/quality/").text
    links = re.findall(
        r'<td class="text-end card-inline"[^>]*>([\d,]+)</td>.*?<a href="(/(?:projects|partners)/\?missing=\w+)"',
        html,
        re.S,
    )
    assert len(links) == len(ProjectFacets.Gap) + len(OrganisationFacets.Gap)
    for count, url in links:
        kind = "project" if url.startswith("/projects/") else "organisation"
        assert int(count.replace(",", "")) == _listed_count(viewer_client.get(url).text, kind) > 0, url


def test_the_quality_page_counts_uncited_facts_of_other_kinds(viewer_client, editor_client):
    quote = Quote.objects.first()
    Citation.objects.of(quote).delete()
    html = viewer_client.get("/quality/").text
    assert re.search(r"Quotes</th>\s*<td[^>]*>1</td>", html)
    assert 'href="/quotes/?cited=false"' in html
    listed = viewer_client.get("/quotes/?cited=false").text
    assert quote.text[:40] in listed and "1 found" in listed
    assert "/admin/partnerships/quote/?cited=no" in html  # viewers may view the admin's lists
    admin = editor_client.get("/admin/partnerships/quote/?cited=no").text
    assert f"/admin/partnerships/quote/{quote.pk}/change/" in admin


def test_editors_get_admin_links_and_viewers_do_not(viewer_client, editor, client):
    assert "Edit in admin" not in viewer_client.get("/projects/?missing=start").text
    client.force_login(editor)
    html = client.get("/projects/?missing=start").text  # the same address: kept apart per role
    project = Project.objects.filter(start__isnull=True).first()
    assert f'href="/admin/partnerships/project/{project.pk}/change/">Edit in admin' in html
    assert "Edit in admin" in client.get("/partners/?missing=hq").text


def test_the_admin_lists_what_is_missing(editor_client):
    html = editor_client.get("/admin/partnerships/project/?missing=start").text
    undated, dated = Project.objects.filter(start__isnull=True).first(), Project.objects.filter(start__isnull=False)
    assert f"/admin/partnerships/project/{undated.pk}/change/" in html
    assert f"/admin/partnerships/project/{dated.first().pk}/change/" not in html


def test_a_record_page_shows_its_completeness(viewer_client):
    html = viewer_client.get("/projects/solar-lanterns-somalia/").text
    facets = ProjectFacets.objects.get(project__slug="solar-lanterns-somalia")
    assert f"{facets.completeness}% complete" in html
    assert "missing: " + ", ".join(map(str, facets.missing)) in html
    Organisation.objects.filter(slug="ubs").update(hq_country=None)
    assert "67% complete" in viewer_client.get("/partners/ubs/").text
    assert "missing: Headquarters" in viewer_client.get("/partners/ubs/").text


@pytest.mark.parametrize(("path", "model"), [("/projects/", ProjectFacets), ("/partners/", OrganisationFacets)])
def test_the_lists_sort_by_completeness(viewer_client, path, model):
    for order in ("completeness", "-completeness"):
        html = viewer_client.get(f"{path}?sort={order}&per_page=100").text
        shown = [int(n) for n in re.findall(r'data-label="Complete">(\d+)%</td>', html)]
        assert shown == sorted(shown, reverse=order.startswith("-"))
        assert len(shown) == model.objects.count() and len(set(shown)) > 1


def test_the_missing_facet_counts_within_the_other_filters(viewer_client):
    html = viewer_client.get("/projects/?country=SO").text
    somali = ProjectFacets.objects.filter(countries__contains=["SO"])
    for gap, label in ProjectFacets.Gap.choices:
        n = somali.filter(gaps__contains=[gap]).count()
        option = rf'name="missing" value="{gap}"[^>]*>\s*<label[^>]*>{label}</label>\s*<span[^>]*>{n}<'
        assert re.search(option, html), gap


def test_counts_stay_right_through_bulk_and_sql_writes(source):
    projects = Project.objects.bulk_create(
        [Project(title=f"Bulk {i}", slug=f"bulk-{i}", summary="-", status="active") for i in range(30)]
    )
    Project.themes.through.objects.bulk_create([Project.themes.through(project=p, theme_id=1) for p in projects[:10]])
    ct = ContentType.objects.get_for_model(Project)
    Citation.objects.bulk_create(
        [Citation(source=source, content_type=ct, object_id=str(p.pk), passage="UBS") for p in projects[:5]]
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partnerships_project SET start = '2001-01-01' WHERE slug LIKE 'bulk-1%%'")
        gone = "SELECT id FROM partnerships_project WHERE slug IN ('bulk-2', 'bulk-3')"
        cursor.execute(f"DELETE FROM partnerships_project_themes WHERE project_id IN ({gone})")
        cursor.execute(f"DELETE FROM partnerships_project WHERE id IN ({gone})")
        cursor.execute(
            "UPDATE core_citation SET object_id = %s WHERE object_id = %s", [str(projects[9].pk), str(projects[0].pk)]
        )
    assert_counts_fresh()
    before = _today()[("project", "records")]
    Project.objects.filter(slug__startswith="bulk-").delete()
    assert _today()[("project", "records")] == before - 28
    assert_counts_fresh()


def test_the_days_before_are_kept_and_today_adds_its_changes(complete):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    QualityCount.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT partnerships_quality_recount()")
    QualityCount.objects.update(day=yesterday)
    before = _today()
    complete.themes.clear()
    now = _today()
    assert set(now) == set(before)
    assert now[("project", "gap:theme")] == before[("project", "gap:theme")] + 1
    assert now[("project", "passed")] == before[("project", "passed")] - 1
    kept = QualityCount.objects.filter(day=yesterday).values_list("scope", "measure", "value")
    kept = dict.fromkeys(before, 0) | {(scope, measure): value for scope, measure, value in kept}
    assert kept == before  # the day before is kept
    assert_counts_fresh()


def test_the_dashboard_shows_the_share_and_its_trend(viewer_client):
    today = datetime.date.today()
    first = today.replace(day=1)
    months_ago = [(first - datetime.timedelta(days=40 * n)).replace(day=1) for n in (3, 1)]
    for day, passed, checks in zip(months_ago, (50, 25), (100, 0), strict=True):  # changes: 50 of 100, then 75
        QualityCount.objects.bulk_create(
            [
                QualityCount(day=day, scope="project", measure="passed", value=passed),
                QualityCount(day=day, scope="project", measure="checks", value=checks),
            ]
        )
    points = quality.trend(today)
    shares = [share.percent for _month, share in points]
    # the months between carry the share in force; a scope without counts yet is left out
    assert shares[:1] == [50] and 75 in shares
    assert points[-1][0] == first and shares[-1] == quality.overall(quality.scopes(AnonymousUser())).percent
    html = viewer_client.get("/").text
    assert "Completeness by month" in html and f"{shares[-1]}%" in html
    assert "of the quality checks pass" in html


def test_the_share_groups_large_numbers():
    html = render_to_string("partnerships/quality_share.html", {"share": quality.Share(4_675_174, 5_858_838)})
    assert "<strong>80%</strong> of the quality checks pass (4,675,174 of 5,858,838)." in html


def test_the_api_gives_each_records_completeness_and_gaps(viewer_client):
    project = viewer_client.get("/api/projects/solar-lanterns-somalia/").json()
    facets = ProjectFacets.objects.get(project__slug="solar-lanterns-somalia")
    assert (project["completeness"], project["missing"]) == (facets.completeness, facets.gaps)
    undated = viewer_client.get("/api/projects/?missing=start&sort=completeness").json()
    assert undated["count"] == Project.objects.filter(start__isnull=True).count()
    assert all("start" in row["missing"] for row in undated["results"])
    Organisation.objects.filter(slug="ubs").update(hq_country=None)
    assert viewer_client.get("/api/organisations/ubs/").json()["missing"] == ["hq"]


def test_in_the_admin_links_only_for_those_who_may_follow_them(viewer_client, editor):
    """Issue 27: viewers got "In the admin" links that ended on "not authorized"."""
    assert "In the admin" not in viewer_client.get(reverse("partnerships:quality")).text
    editor_view = Client()
    editor_view.force_login(editor)
    assert "In the admin" in editor_view.get(reverse("partnerships:quality")).text


def test_checks_everyone_passes_fold_on_a_phone(viewer_client):
    html = viewer_client.get(reverse("partnerships:quality")).text
    passed = re.findall(r'<tr class="check-passed">\s*<th[^>]*>([^<]+)<span class="d-md-none', html)
    assert "Theme" in passed and "Quotes" in passed


# Facts not stated in the sources (issue 27): the check is passed honestly, and counted apart.

SPOIL_PROJECT = {
    "start": lambda p: Project.objects.filter(pk=p.pk).update(start=None, start_precision=""),
    "theme": lambda p: p.themes.clear(),
    "country": lambda p: p.countries.clear(),
    "amount": lambda p: Participation.objects.filter(project=p).update(amount=None, currency=""),
    "partner": lambda p: Participation.objects.filter(project=p).delete(),
}


@pytest.mark.parametrize("fact", list(SPOIL_PROJECT))
def test_a_fact_not_stated_in_the_sources_passes_its_check(complete, source, fact, viewer_client):
    SPOIL_PROJECT[fact](complete)
    assert gaps(complete) == [fact]
    before = quality.scopes(AnonymousUser(), unstated=True)["project"]
    unstated = Unstated.objects.create(project=complete, fact=fact, source=source, passage="UBS")
    assert gaps(complete) == []
    assert_counts_fresh()
    after = quality.scopes(AnonymousUser(), unstated=True)["project"]
    check = next(check for check in after.checks if check.url.endswith(f"missing={fact}"))
    was = next(check for check in before.checks if check.url.endswith(f"missing={fact}"))
    assert (check.count, check.unstated) == (was.count - 1, was.unstated + 1)
    assert after.share.passed == before.share.passed + 1
    quality_page = viewer_client.get("/quality/").text
    assert f"and {check.unstated} not stated in the sources" in quality_page
    record_page = viewer_client.get("/projects/complete/").text
    assert "Not stated in the sources" in record_page and "<q>UBS</q>" in record_page
    assert f'href="{source.get_absolute_url()}"' in record_page.split("Not stated in the sources")[1]
    unstated.delete()
    assert gaps(complete) == [fact]
    assert quality.scopes(AnonymousUser(), unstated=True)["project"] == before
    assert_counts_fresh()


@pytest.mark.parametrize(
    ("fact", "spoil"),
    [
        ("kind", lambda org: Organisation.objects.filter(pk=org.pk).update(kind="")),
        ("hq", lambda org: Organisation.objects.filter(pk=org.pk).update(hq_country=None)),
    ],
)
def test_a_partner_fact_not_stated_passes_its_check(source, fact, spoil, viewer_client):
    org = Organisation.objects.get(slug="ubs")
    spoil(org)
    Unstated.objects.create(organisation=org, fact=fact, source=source, passage="UBS")
    assert OrganisationFacets.objects.get(organisation=org).gaps == []
    assert "<q>UBS</q>" in viewer_client.get("/partners/ubs/").text
    assert_counts_fresh()


@pytest.mark.parametrize(
    "fields",
    [
        {"fact": "hq"},  # an organisation's fact, of a project
        {"fact": "start", "organisation": "ubs"},  # of two records
        {"fact": "start", "project": None},  # of none
        {"fact": "start", "passage": ""},
        {"fact": "citation"},  # a source is cited, or not: never "not stated"
    ],
)
def test_the_database_refuses_a_not_stated_fact_that_makes_no_sense(complete, source, fields):
    values = {"project": complete, "source": source, "passage": "UBS", **fields}
    if values.get("organisation"):
        values["organisation"] = Organisation.objects.get(slug=values["organisation"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Unstated.objects.create(**values)


def test_a_fact_is_recorded_as_not_stated_once(complete, source):
    Unstated.objects.create(project=complete, fact="start", source=source, passage="UBS")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unstated.objects.create(project=complete, fact="start", source=source, passage="UBS again")


def test_a_fact_the_record_has_cannot_be_called_not_stated(complete, source):
    unstated = Unstated(project=complete, fact="start", source=source, passage="UBS")
    with pytest.raises(ValidationError) as refused:
        unstated.full_clean()
    assert "already has this fact" in str(refused.value)
    Project.objects.filter(pk=complete.pk).update(start=None, start_precision="")
    Unstated(project=Project.objects.get(pk=complete.pk), fact="start", source=source, passage="UBS").full_clean()


def test_an_editor_records_a_fact_not_stated_in_the_project_admin(complete, source, editor_client):
    SPOIL_PROJECT["amount"](complete)
    url = reverse("admin:partnerships_project_change", args=[complete.pk])
    page = editor_client.get(url)
    facts = re.search(r'<select name="unstated-__prefix__-fact"[^>]*>(.*?)</select>', page.text, re.S)[1]
    assert re.findall(r'<option value="(\w*)"', facts) == ["", "start", "theme", "country", "partner", "amount"]
    data = submitted(page)
    data.update(
        {
            "unstated-TOTAL_FORMS": "1",
            "unstated-0-fact": "amount",
            "unstated-0-source": str(source.pk),
            "unstated-0-passage": "UBS",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert gaps(complete) == []
    quality_page = editor_client.get("/quality/").text
    assert "/admin/partnerships/unstated/?fact__exact=amount" in quality_page
