"""Writers never wait on each other's unrelated writes, and the cache stays never
stale: two connections, one holding a long write open (as an import or a bulk deletion
does), the other saving, reading and keeping pages beside it."""

import contextlib
import datetime

import psycopg2
import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from core.models import DataVersion
from core.versioned_cache import cached
from partnerships.models import (
    Figure,
    Organisation,
    OrganisationFacets,
    Participation,
    PartnerToRefresh,
    Project,
    ProjectFacets,
    QualityCount,
)

from .forms import submitted
from .test_quality import assert_counts_fresh

pytestmark = pytest.mark.django_db

# A save that would wait for the other connection's commit fails this fast instead.
NO_WAITING = "SET lock_timeout = '300ms'"


@contextlib.contextmanager
def other_connection():
    """A second session on the test database, in a transaction it never commits unless told."""
    params = connection.get_connection_params()
    other = psycopg2.connect(**{key: value for key, value in params.items() if key != "cursor_factory"})
    try:
        with other.cursor() as cursor:
            cursor.execute(NO_WAITING)
        yield other
    finally:
        other.rollback()
        other.close()


def long_write(other, projects: int = 200) -> None:
    """What an import does in its transaction: new projects with countries, themes and a
    partner that many projects share, left uncommitted."""
    iom = Organisation.objects.get(slug="iom").pk
    with other.cursor() as cursor:
        cursor.execute(
            """INSERT INTO partnerships_project
                   (title, slug, summary, status, start_precision, end_precision, programme)
               SELECT 'Imported ' || n, 'imported-' || n, 'Water for all', 'active', 'day', 'day', ''
                 FROM generate_series(1, %s) n""",
            [projects],
        )
        cursor.execute(
            """INSERT INTO partnerships_project_countries (project_id, country_id)
               SELECT id, 'KE' FROM partnerships_project WHERE slug LIKE 'imported-%%'"""
        )
        cursor.execute(
            """INSERT INTO partnerships_participation
                   (project_id, organisation_id, role, currency, in_kind, agreement, note,
                    start_precision, end_precision)
               SELECT id, %s, 'implementing', '', '', '', '', 'day', 'day'
                 FROM partnerships_project WHERE slug LIKE 'imported-%%'""",
            [iom],
        )


@pytest.fixture
def no_waiting():
    with connection.cursor() as cursor:
        cursor.execute(NO_WAITING)


def test_an_admin_save_succeeds_beside_a_long_uncommitted_write(editor_client, no_waiting):
    project = Project.objects.get(slug="solar-lanterns-somalia")
    url = reverse("admin:partnerships_project_change", args=[project.pk])
    data = submitted(editor_client.get(url)) | {"title": "Lanterns for Somalia, renamed", "status": "completed"}
    with other_connection() as other:
        long_write(other)
        response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    project.refresh_from_db()
    assert (project.title, project.status) == ("Lanterns for Somalia, renamed", "completed")
    assert ProjectFacets.objects.get(project=project).status == "completed"
    assert_counts_fresh()


def test_new_records_and_their_counts_are_written_beside_a_long_write(no_waiting):
    """Adding a project changes the quality counts and the data version, which every
    writer once shared in one row each."""
    with other_connection() as other:
        long_write(other)
        project = Project.objects.create(title="Beside", slug="beside", summary="-", status="planned")
        project.countries.set(["KE"])
    assert ProjectFacets.objects.get(project=project).countries == ["KE"]
    assert_counts_fresh()


def test_two_writers_add_the_same_new_search_word_without_waiting(no_waiting):
    from partnerships.search import refresh_search

    with other_connection() as other:
        with other.cursor() as cursor:
            cursor.execute(
                "INSERT INTO partnerships_searchword (word) VALUES ('zqxfrobnicate')"
            )  # as its search refresh would
        project = Project.objects.create(title="Zqxfrobnicate", slug="frobnicate", summary="-", status="planned")
        refresh_search(projects=[project.pk])
    assert Project.objects.filter(search_vector="zqxfrobnicate").exists()


def test_each_writing_transaction_raises_a_slot_of_its_own():
    before, slots = DataVersion.current(), []
    with other_connection() as first, other_connection() as second:
        for other, table in ((first, "partnerships_theme"), (second, "partnerships_country")):
            with other.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET name = name")
                cursor.execute(f"UPDATE {table} SET name = name")  # one raise per transaction
                cursor.execute("SELECT current_setting('core.data_version_slot')")
                slots.append(cursor.fetchone()[0])
        assert slots[0] != slots[1]
        assert DataVersion.current() == before  # neither has committed
        first.commit()
        second.commit()
    assert DataVersion.current() == before + 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_between_a_write_and_its_commit_keeps_nothing_old_under_the_new_version():
    """The reader computes and keeps a value while the write is uncommitted: it keeps it
    under the version before the write, and the commit makes a new one."""
    cache.clear()
    Project.objects.create(title="Before the write", slug="watched", summary="-", status="planned")

    def title() -> str:
        return cached("writers-test-title", compute=lambda: Project.objects.get(slug="watched").title)

    version = DataVersion.current()
    with other_connection() as other:
        with other.cursor() as cursor:
            cursor.execute("UPDATE partnerships_project SET title = 'After the write' WHERE slug = 'watched'")
        assert DataVersion.current() == version  # not raised before the commit
        assert title() == "Before the write"  # computed now, kept under `version`
        other.commit()
    assert DataVersion.current() > version
    assert title() == "After the write"
    cache.clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_value_computed_across_a_commit_is_newer_than_its_key_never_older():
    cache.clear()
    Project.objects.create(title="Before the write", slug="watched", summary="-", status="planned")
    version = DataVersion.current()
    with other_connection() as other:
        with other.cursor() as cursor:
            cursor.execute("UPDATE partnerships_project SET title = 'After the write' WHERE slug = 'watched'")

        def compute():
            other.commit()  # the write commits between reading the version and computing
            return Project.objects.get(slug="watched").title

        assert cached("writers-test-title", compute=compute) == "After the write"
    assert DataVersion.current() > version
    cache.clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_quality_counts_of_concurrent_writers_add_up():
    with other_connection() as first, other_connection() as second:
        for other, slug in ((first, "one"), (second, "two")):
            with other.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO partnerships_project (title, slug, summary, status, start_precision, end_precision,"
                    " programme) VALUES (%s, %s, '-', 'planned', 'day', 'day', '')",
                    [slug, slug],
                )
        first.commit()
        second.commit()
    today = QualityCount.objects.filter(day=datetime.date.today(), measure="records", scope="project")
    assert today.values("slot").distinct().count() >= 2
    assert_counts_fresh()


def test_a_save_of_a_record_another_write_holds_says_so_and_keeps_the_form(
    editor_client, no_waiting, django_user_model
):
    alice = django_user_model.objects.create_user("alice")
    project = Project.objects.get(slug="solar-lanterns-somalia")
    url = reverse("admin:partnerships_project_change", args=[project.pk])
    data = submitted(editor_client.get(url)) | {"title": "Typed by the editor"}
    with other_connection() as other:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('application_name', %s, false)", [f"portal:import:partnerships.project:3:{alice.pk}"]
            )
            cursor.execute("UPDATE partnerships_project SET summary = 'imported' WHERE id = %s", [project.pk])
        response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "This project is being changed by an import of 3 projects by alice, still running since" in response.text
    assert "Nothing was saved: try again in a minute." in response.text
    assert 'value="Typed by the editor"' in response.text
    project.refresh_from_db()
    assert project.title != "Typed by the editor"


def test_a_deletion_that_meets_another_write_says_so(superuser_client, no_waiting):
    figure = Figure.objects.filter(project__isnull=False).first()
    url = reverse("admin:partnerships_figure_delete", args=[figure.pk])
    with other_connection() as other:
        with other.cursor() as cursor:
            cursor.execute("UPDATE partnerships_figure SET label = 'held' WHERE id = %s", [figure.pk])
        response = superuser_client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "This figure is being changed by someone else right now." in response.text
    assert Figure.objects.filter(pk=figure.pk).exists()


def test_a_rebuild_of_the_facet_tables_never_shows_empty_lists_and_raises_the_version():
    from partnerships import facet_tables

    def seen_by_others():
        with other_connection() as other, other.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM partnerships_projectfacets")
            rows = cursor.fetchone()[0]
            cursor.execute("SELECT sum(version) FROM core_dataversion")
            return rows, cursor.fetchone()[0]

    before, version = seen_by_others(), DataVersion.current()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM partnerships_projectfacets WHERE project_id IN (SELECT id FROM partnerships_project"
            " WHERE slug = 'solar-lanterns-somalia')"
        )  # a row the rebuild must write again
    facet_tables.rebuild()  # uncommitted here (the test's transaction): others see the rows as they were
    assert seen_by_others() == before
    assert ProjectFacets.objects.filter(project__slug="solar-lanterns-somalia").exists()
    assert DataVersion.current() > version


def test_a_partner_of_a_long_deferred_write_is_not_held_for_its_length(no_waiting):
    """A partner's facet row, refreshed by every statement that changed one of its projects,
    stayed locked from an import's first statement to its commit."""
    iom = Organisation.objects.get(slug="iom")
    with other_connection() as other:
        with other.cursor() as cursor:
            cursor.execute("SELECT set_config('partnerships.partners_deferred', 'on', true)")
        long_write(other)  # participations of IOM in 200 new projects, uncommitted
        project = Project.objects.create(title="Beside the import", slug="beside-import", summary="-", status="active")
        Participation.objects.create(project=project, organisation=iom, role="implementing")
    assert ProjectFacets.objects.get(project=project).partners == [iom.pk]
    assert (
        OrganisationFacets.objects.get(organisation=iom).projects
        == iom.participations.values("project").distinct().count()
    )


def test_an_import_of_contributions_leaves_every_partner_row_right(editor_client):
    from core import imports
    from core.spreadsheets import Table
    from partnerships.imports import PARTICIPATIONS

    from .test_facet_tables import assert_facets_fresh

    projects = Project.objects.order_by("pk")[:6]
    rows = [
        (number + 2, {"project": project.slug, "organisation": slug, "role": "research"})
        for number, (project, slug) in enumerate(
            zip(projects, ["iom", "ubs", "iom", "chevron", "iom", "ubs"], strict=True)
        )
    ]
    table = Table(["project", "organisation", "role"], rows)
    outcome = imports.run(PARTICIPATIONS, table, User.objects.get(username="edgar"), commit=True)
    assert not outcome.has_errors and outcome.count_new == 6
    assert_facets_fresh()
    assert not PartnerToRefresh.objects.exists()
