"""What keeps pages fast at a million rows: counts cached by data version, estimated
counts in the admin (said to be estimates), summarised timelines."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory

from core import changelists
from core.models import DataVersion
from partnerships.filters import ProjectFilter
from partnerships.lists import cached_for_filters
from partnerships.models import Organisation, Participation, Project
from partnerships.timeline import timeline


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cached_counts_follow_every_committed_write():
    cache.clear()
    active = Project.objects.filter(status="active").count()
    before = DataVersion.current()
    project = Project.objects.create(title="Cache probe", slug="cache-probe", summary="-", status="active")
    assert DataVersion.current() > before
    request = RequestFactory().get("/projects/", {"status": "active"})
    filterset = ProjectFilter(request.GET, queryset=Project.objects.all())
    assert cached_for_filters("count", filterset, filterset.qs.count) == active + 1
    Project.objects.filter(pk=project.pk).update(status="planned")
    filterset = ProjectFilter(request.GET, queryset=Project.objects.all())
    assert cached_for_filters("count", filterset, filterset.qs.count) == active


@pytest.mark.django_db
def test_nothing_is_cached_inside_a_transaction():
    calls = []
    filterset = ProjectFilter({}, queryset=Project.objects.all())
    cached_for_filters("count", filterset, lambda: calls.append(1) or 1)
    cached_for_filters("count", filterset, lambda: calls.append(1) or 1)
    assert len(calls) == 2


@pytest.mark.django_db
def test_admin_estimates_whole_table_counts_and_says_so(editor_client, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_project")
    active = Project.objects.filter(status="active").count()
    monkeypatch.setattr(changelists, "EXACT_UP_TO", active)  # counted up to this many rows, estimated beyond
    response = editor_client.get("/admin/partnerships/project/")
    assert response.context["cl"].paginator.is_estimate
    assert "about 27 projects" in " ".join(response.text.split())
    response = editor_client.get("/admin/partnerships/project/", {"status__exact": "active"})
    assert not response.context["cl"].paginator.is_estimate
    assert response.context["cl"].result_count == active


@pytest.mark.django_db
def test_a_busy_partners_timeline_counts_projects_per_year(monkeypatch):
    monkeypatch.setattr("partnerships.timeline.SUMMARY_THRESHOLD", 5)
    iom = Organisation.objects.get(slug="iom")
    entries = timeline(iom)
    per_year = [entry for entry in entries if entry.kind == "projects"]
    assert (
        sum(int(entry.title.split()[0]) for entry in per_year)
        == Participation.objects.filter(organisation=iom).values("project").distinct().count()
    )
    assert all("organisation=iom" in entry.url for entry in per_year)
    assert any(entry.kind == "gmg" for entry in entries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_page_of_a_search_whose_counts_are_kept(viewer):
    """Regression: with the counts of a search kept, its next page raised AttributeError."""
    cache.clear()
    call_command("load_seed", verbosity=0)
    client = Client()
    client.force_login(viewer)
    assert client.get("/projects/", {"q": "lanterns", "per_page": 25}).status_code == 200
    assert client.get("/projects/", {"q": "lanterns", "per_page": 25, "page": 2}).status_code == 200
    assert client.get("/partners/", {"q": "foundation", "page": 2}).status_code == 200
