"""The facet tables (partnerships/facet_tables.py) always equal what their definition
gives from the records, whatever wrote to the records: the admin, the ORM, bulk
statements, plain SQL, deletions."""

import datetime

import pytest
from django.db import connection

from gmg.models import Membership
from partnerships import facet_tables
from partnerships.models import Country, Figure, Organisation, Participation, Project, ProjectFacets, Theme
from partnerships.search import refresh_search

pytestmark = pytest.mark.django_db


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def assert_facets_fresh():
    """Every facet row is what a rebuild would write, and every record has one."""
    for table, columns, rows in [
        ("partnerships_projectfacets", facet_tables.PROJECT_COLUMNS, facet_tables.PROJECT_ROWS),
        ("partnerships_organisationfacets", facet_tables.ORGANISATION_COLUMNS, facet_tables.ORGANISATION_ROWS),
    ]:
        kept = _rows(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1")
        expected = _rows(f"{facet_tables._rows(rows)} ORDER BY 1")
        assert kept == expected, table


def test_the_seed_has_its_facets():
    assert ProjectFacets.objects.count() == Project.objects.count() > 20
    assert_facets_fresh()
    chevron = ProjectFacets.objects.get(project__slug="chevron-cyclone-myanmar")
    assert chevron.countries == ["MM"]
    assert any(
        part.startswith(f"{Organisation.objects.get(slug='chevron').pk}:company:funding:USD:400000")
        for part in chevron.parts
    )


def test_orm_writes_keep_the_facets_fresh():
    project = Project.objects.create(title="Fresh", slug="fresh", summary="-", status="planned")
    project.countries.set(Country.objects.filter(code__in=["KE", "SO"]))
    project.themes.set(Theme.objects.all()[:2])
    chevron = Organisation.objects.get(slug="chevron")
    part = Participation.objects.create(project=project, organisation=chevron, role="funding", amount=5, currency="EUR")
    Figure.objects.create(project=project, kind="people_reached", value=12, unit="people", label="reached")
    assert_facets_fresh()
    part.role = "in_kind"
    part.amount, part.currency, part.in_kind = None, "", "Trucks"
    part.save()
    project.start = datetime.date(2020, 1, 1)
    project.status = "active"
    project.save()
    project.countries.remove(Country.objects.get(code="KE"))
    assert_facets_fresh()
    part.delete()
    project.delete()
    assert_facets_fresh()


def test_a_partners_kind_and_membership_reach_its_facets():
    chevron = Organisation.objects.get(slug="chevron")
    chevron.kind = "foundation"
    chevron.save()
    Membership.objects.create(organisation=chevron, start=datetime.date(2020, 1, 1))
    assert_facets_fresh()
    assert ProjectFacets.objects.get(project__slug="chevron-cyclone-myanmar").kinds[0] == "foundation"


def test_bulk_and_plain_sql_writes_keep_the_facets_fresh():
    projects = Project.objects.bulk_create(
        [Project(title=f"Bulk {i}", slug=f"bulk-{i}", summary="-", status="active") for i in range(50)]
    )
    Project.themes.through.objects.bulk_create(
        [Project.themes.through(project=p, theme=t) for p in projects for t in Theme.objects.all()[:3]]
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partnerships_project SET status = 'suspended' WHERE slug LIKE 'bulk-%%'")
        cursor.execute(
            "DELETE FROM partnerships_project_themes "
            "WHERE project_id IN (SELECT id FROM partnerships_project WHERE slug = 'bulk-3')"
        )
        cursor.execute("UPDATE partnerships_organisation SET hq_country_id = 'FR' WHERE slug = 'ubs'")
    assert_facets_fresh()


def test_the_facets_carry_the_search_vector():
    project = Project.objects.get(slug="solar-lanterns-somalia")
    refresh_search(projects=[project.pk])
    assert ProjectFacets.objects.get(project=project).search_vector == Project.objects.get(pk=project.pk).search_vector


def test_deleting_a_project_in_the_admin_takes_its_facet_row_along(superuser_client):
    project = Project.objects.create(title="Short-lived", slug="short-lived", summary="-", status="planned")
    url = f"/admin/partnerships/project/{project.pk}/delete/"
    assert "facets" not in superuser_client.get(url).text
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    assert not ProjectFacets.objects.filter(pk=project.pk).exists()
    assert_facets_fresh()
