"""The facet tables (partnerships/facet_tables.py) always equal what their definition
gives from the records, whatever wrote to the records: the admin, the ORM, bulk
statements, plain SQL, deletions."""

import datetime
import re

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


def _named_rows(sql: str) -> list[dict]:
    """The rows of `sql`, each as {column name: value}, in the order of their first column."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) r ORDER BY 1")
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def assert_facets_fresh():
    """Every facet row is what a rebuild would write, and every record has one: compared
    column by column name, so that values written into the wrong column would show."""
    for model, rows in facet_tables.ROWS.items():
        kept = _named_rows(f"SELECT * FROM {model._meta.db_table}")
        assert kept == _named_rows(f"SELECT * FROM {rows}(NULL, true)"), model.__name__


@pytest.mark.parametrize("model", list(facet_tables.ROWS))
def test_the_rows_are_named_as_the_facet_tables_fields(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {facet_tables.ROWS[model]}(NULL, true) LIMIT 0")
        named = [column.name for column in cursor.description]
    assert sorted(named) == sorted(facet_tables.columns(model))


@pytest.mark.parametrize("model", list(facet_tables.ROWS))
def test_every_quality_check_has_its_condition_and_its_label(model):
    """The conditions are in sql/facet_rows.sql, the labels in the model's Gap choices."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_get_functiondef('{facet_tables.ROWS[model]}'::regproc)")
        definition = cursor.fetchone()[0]
    gaps = definition[definition.index("array_remove(ARRAY[") : definition.index("]::varchar[]")]
    assert re.findall(r"THEN '(\w+)' END", gaps) == list(model.Gap.values)


def test_the_seed_has_its_facets():
    assert ProjectFacets.objects.count() == Project.objects.count() > 20
    assert_facets_fresh()
    chevron = ProjectFacets.objects.get(project__slug="chevron-cyclone-myanmar")
    assert chevron.countries == ["MM"]
    assert any(
        part.startswith(f"{Organisation.objects.get(slug='chevron').pk}:company:funding:USD:400000")
        for part in chevron.participations
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
