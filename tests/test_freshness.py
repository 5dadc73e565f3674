"""Nothing stale: a change saved anywhere shows on the next request, whatever the
cache holds. Every table that a page, an export or the API shows raises the data
version that every cache key carries."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from rest_framework import serializers

from core import versioned_cache
from core.api_pagination import CachedCountPagination
from core.imports import Spec
from core.models import DataVersion
from core.versioned_cache import TRIGGER_SUFFIX, VERSIONED_MODELS, cached, code_fingerprint, versioned_tables
from gmg.models import ChairTerm, GroupName, WorkingGroup
from partnerships import imports
from partnerships.models import Award, Crisis, Organisation, Publication
from portal.api_urls import router


def _serialized_models(serializer) -> set:
    """The models a serializer shows, its nested serializers' included."""
    serializer = getattr(serializer, "child", serializer)
    found = {serializer.Meta.model} if hasattr(serializer, "Meta") else set()
    for field in serializer.fields.values():
        if isinstance(field, serializers.BaseSerializer):
            found |= _serialized_models(field)
    return found


def shown_models() -> set:
    """What the admin edits, the API serializes and imports write, with every model
    they point to (a project shows its countries, a quote its person)."""
    found = {model for model in admin.site._registry if model._meta.app_label in {"partnerships", "gmg"}}
    for _prefix, viewset, _basename in router.registry:
        if viewset.pagination_class is not CachedCountPagination:
            continue  # a user's own rows (following/api.py), counted each time, never kept in the cache
        found |= _serialized_models(viewset.serializer_class())
    found |= {spec.model for spec in vars(imports).values() if isinstance(spec, Spec)}
    pending = list(found)
    while pending:
        model = pending.pop()
        for field in model._meta.get_fields():
            target = field.related_model
            shown = field.is_relation and not field.auto_created and target not in found
            if shown and target and target._meta.app_label in {"partnerships", "gmg"}:
                found.add(target)
                pending.append(target)
    return found


def shown_tables() -> set[str]:
    tables = set()
    for model in shown_models():
        tables.add(model._meta.db_table)
        tables |= {field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many}
    return tables


@pytest.mark.django_db
def test_every_table_that_pages_show_raises_the_data_version():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s AND tgenabled = 'O'",
            [f"%{TRIGGER_SUFFIX}"],
        )
        triggered = {row[0] for row in cursor.fetchall()}
    assert shown_tables() - triggered == set()
    assert {"gmg_chairterm", "gmg_groupname", "partnerships_award_organisations"} <= triggered


def _declared_tables() -> list[tuple[str, str]]:
    """(table, primary key column) of every declared model and its many-to-many tables."""
    tables = []
    for label in VERSIONED_MODELS:
        model = apps.get_model(label)
        tables.append((model._meta.db_table, model._meta.pk.column))
        tables += [(field.remote_field.through._meta.db_table, "id") for field in model._meta.local_many_to_many]
    return tables


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "pk"), _declared_tables())
def test_a_write_to_each_declared_table_raises_the_version(table, pk):
    before = DataVersion.current()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {pk} = {pk}")
    assert DataVersion.current() == before + 1


def test_the_declared_tables_are_those_installed():
    assert sorted(table for table, _pk in _declared_tables()) == sorted(versioned_tables())


@pytest.fixture
def warm_cache(transactional_db, viewer_client):
    """The cache really keeps pages here: these tests commit, as real requests do (and
    so load the seed themselves, as transactional tests start from the migrated state)."""
    call_command("load_seed", verbosity=0)
    cache.clear()
    yield viewer_client
    cache.clear()


fresh = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def page(client, url: str) -> str:
    """The page without its per-request CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).text)


def seen_twice(client, url: str, change) -> tuple[str, str]:
    """The page before and after a change, the first answer having been kept."""
    before = page(client, url)
    assert page(client, url) == before
    change()
    return before, page(client, url)


@fresh
def test_a_changed_chair_term_shows_on_the_next_request(warm_cache):
    """Regression: after an edit of a chair term, /gmg/?on= showed the old chair for 10 minutes."""
    term = ChairTerm.objects.get(start=datetime.date(2014, 1, 1))
    unhcr = Organisation.objects.get(slug="unhcr")
    before, after = seen_twice(
        warm_cache, "/gmg/?on=2014-05-01", lambda: ChairTerm.objects.filter(pk=term.pk).update(organisation=unhcr)
    )
    assert "International Labour Organization" in before.split('id="group-chair"')[1][:300]
    assert unhcr.name in after.split('id="group-chair"')[1][:300]


@fresh
def test_a_renamed_group_shows_on_the_next_request(warm_cache):
    name = GroupName.objects.get(start=datetime.date(2006, 1, 1))
    before, after = seen_twice(
        warm_cache, "/gmg/?on=2010-01-01", lambda: GroupName.objects.filter(pk=name.pk).update(name="Renamed Group")
    )
    assert "Renamed Group" not in before
    assert "Renamed Group" in after.split('id="group-name"')[1][:100]


@fresh
def test_a_renamed_working_group_shows_on_its_leads_page(warm_cache):
    group = WorkingGroup.objects.get(name="Task Force on Capacity Development")
    before, after = seen_twice(
        warm_cache,
        "/partners/unitar/",
        lambda: WorkingGroup.objects.filter(pk=group.pk).update(name="Renamed task force"),
    )
    assert group.name in before
    assert "Renamed task force" in after


@fresh
def test_a_renamed_crisis_shows_on_its_projects_page(warm_cache):
    before, after = seen_twice(
        warm_cache,
        "/projects/dow-school-units-pakistan/",
        lambda: Crisis.objects.filter(name="Pakistan earthquake").update(name="Kashmir earthquake"),
    )
    assert "Pakistan earthquake" in before
    assert "Kashmir earthquake" in after


@fresh
def test_an_award_given_to_a_partner_shows_on_its_page(warm_cache):
    def give():
        award = Award.objects.create(name="Freshness Prize", year=2020)
        award.organisations.add(Organisation.objects.get(slug="iom-colombia"))

    before, after = seen_twice(warm_cache, "/partners/iom-colombia/", give)
    assert "Freshness Prize" not in before
    assert "Freshness Prize" in after


@fresh
def test_a_retitled_publication_shows_on_its_partners_page(warm_cache):
    publication = Publication.objects.get(title="A Drama of Hope in Viet Nam")
    before, after = seen_twice(
        warm_cache,
        "/partners/iom/",
        lambda: Publication.objects.filter(pk=publication.pk).update(title="A Drama of Hope, retitled"),
    )
    assert "A Drama of Hope in Viet Nam" in before
    assert "A Drama of Hope, retitled" in after


@fresh
def test_an_admin_edit_of_a_chair_term_shows_on_the_gmg_page(warm_cache, superuser_client):
    term = ChairTerm.objects.get(start=datetime.date(2014, 1, 1))
    warm_cache.get("/gmg/?on=2014-05-01")
    url = f"/admin/gmg/chairterm/{term.pk}/change/"
    page = superuser_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for inline in page.context["inline_admin_formsets"]:  # its citations, unchanged
        formset = inline.formset
        data |= {f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()}
        for row in formset.forms:
            data |= {row[name].html_name: row[name].value() or "" for name in row.fields if name != "DELETE"}
    data["organisation"] = Organisation.objects.get(slug="unhcr").pk
    data["note"] = "Changed in the admin"
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    chair = warm_cache.get("/gmg/?on=2014-05-01").text.split('id="group-chair"')[1][:300]
    assert "United Nations High Commissioner for Refugees" in chair


def test_the_release_fingerprint_follows_the_code(tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>old</p>")
    old = code_fingerprint(tmp_path)
    assert code_fingerprint(tmp_path) == old
    page.write_text("<p>new</p>")
    assert code_fingerprint(tmp_path) != old


@fresh
def test_what_one_release_kept_is_not_served_by_the_next(transactional_db, monkeypatch):
    """Regression: the cache outlives a restart (it is a table), so after a deploy the
    lists showed the old templates' HTML until the data next changed."""
    cache.clear()
    assert cached("page", compute=lambda: "rendered by the old code") == "rendered by the old code"
    assert cached("page", compute=lambda: "not asked") == "rendered by the old code"
    monkeypatch.setattr(versioned_cache, "RELEASE", "the next release")
    assert cached("page", compute=lambda: "rendered by the new code") == "rendered by the new code"
    cache.clear()
