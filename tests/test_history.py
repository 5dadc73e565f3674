"""Every write leaves a history row with who and when: from the admin, from commands
and from the synthetic loader. Admins can revert a change and restore a deletion."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from gmg.models import ChairTerm, CouncilInteraction, Membership, WorkingGroup, WorkingGroupLead
from partnerships import synthetic
from partnerships.models import Country, Organisation, Participation, Project, Quote, Theme
from partnerships.search import search

from .forms import submitted

pytestmark = pytest.mark.django_db


def theme_form(theme, **changes):
    return {"name": theme.name, "slug": theme.slug, "description": theme.description, **changes}


def test_admin_create_change_and_delete_record_who_did_it(editor_client, editor):
    editor_client.post(reverse("admin:partnerships_theme_add"), {"name": "Climate", "slug": "climate"})
    theme = Theme.objects.get(slug="climate")
    editor_client.post(
        reverse("admin:partnerships_theme_change", args=[theme.pk]), theme_form(theme, name="Climate mobility")
    )
    editor_client.post(reverse("admin:partnerships_theme_delete", args=[theme.pk]), {"post": "yes"})

    assert not Theme.objects.filter(pk=theme.pk).exists()
    rows = Theme.history.filter(id=theme.pk).order_by("history_date")
    assert [(row.history_type, row.name, row.history_user) for row in rows] == [
        ("+", "Climate", editor),
        ("~", "Climate mobility", editor),
        ("-", "Climate mobility", editor),
    ]
    assert all(row.history_date for row in rows)


def test_an_inline_edit_in_the_admin_records_who_did_it(editor_client, editor):
    group = WorkingGroup.objects.filter(leads__isnull=False).first()
    url = reverse("admin:gmg_workinggroup_change", args=[group.pk])
    data = submitted(editor_client.get(url))
    data["leads-0-role"] = "co-convener (edited)"
    assert editor_client.post(url, data).status_code == 302
    lead = WorkingGroupLead.objects.get(role="co-convener (edited)")
    latest = lead.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", editor)


def test_a_save_from_code_leaves_history(superuser):
    meeting = CouncilInteraction.objects.order_by("pk").first()
    meeting.note = "Edited from a script"
    meeting.save()
    latest = meeting.history.latest()
    assert (latest.history_type, latest.note, latest.history_user) == ("~", "Edited from a script", None)


def test_the_seed_command_leaves_history():
    assert Project.history.filter(history_type="+").count() == Project.objects.count()
    project = Project.objects.get(slug="chevron-cyclone-myanmar")
    Project.objects.filter(pk=project.pk).update(title="Tampered")  # a write that bypasses history
    call_command("load_seed", verbosity=0)
    latest = project.history.latest()
    assert (latest.history_type, latest.title, latest.history_user) == ("~", project.title, None)


def test_the_synthetic_loader_leaves_history_for_what_it_adds_and_removes():
    counts = synthetic.generate(projects=50, organisations=10, seed=3, log=lambda _: None)
    synthetic_projects = Project.history.filter(slug__startswith="synthetic-")
    assert synthetic_projects.filter(history_type="+").count() == counts.projects
    assert Organisation.history.filter(slug__startswith="synthetic-", history_type="+").count() == 10
    participations = Participation.history.filter(history_type="+", history_change_reason="generate_synthetic")
    assert participations.count() == counts.participations
    synthetic.delete(log=lambda _: None)
    assert synthetic_projects.filter(history_type="-").count() == counts.projects


def test_history_page_shows_who_changed_what(superuser_client, editor_client, editor):
    theme = Theme.objects.get(slug="health")
    editor_client.post(
        reverse("admin:partnerships_theme_change", args=[theme.pk]), theme_form(theme, name="Health care")
    )
    page = superuser_client.get(reverse("admin:partnerships_theme_history", args=[theme.pk]))
    assert page.status_code == 200
    assert "edgar" in page.text and "Health care" in page.text


def test_admin_reverts_a_change(superuser_client):
    theme = Theme.objects.get(slug="health")
    before = theme.history.latest()
    superuser_client.post(reverse("admin:partnerships_theme_change", args=[theme.pk]), theme_form(theme, name="Oops"))
    url = reverse("admin:partnerships_theme_simple_history", args=[theme.pk, before.history_id])
    assert superuser_client.get(url).status_code == 200
    response = superuser_client.post(url, theme_form(before))
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == before.name
    assert theme.history.latest().history_type == "~"


def test_admin_restores_a_deleted_record(superuser_client, editor_client):
    theme = Theme.objects.get(slug="health")
    editor_client.post(reverse("admin:partnerships_theme_delete", args=[theme.pk]), {"post": "yes"})
    assert not Theme.objects.filter(pk=theme.pk).exists()

    listing = superuser_client.get(reverse("admin:partnerships_theme_deleted"))
    deleted = theme.history.latest()
    restore_url = reverse("admin:partnerships_theme_simple_history", args=[theme.pk, deleted.history_id])
    assert restore_url in listing.text

    response = superuser_client.post(restore_url, theme_form(deleted))
    assert response.status_code == 302
    restored = Theme.objects.get(pk=theme.pk)
    assert (restored.name, restored.slug) == (theme.name, theme.slug)
    assert "No deleted themes" in superuser_client.get(reverse("admin:partnerships_theme_deleted")).text


def test_restoring_needs_the_add_permission(superuser_client, editor_client, editor):
    theme = Theme.objects.get(slug="health")
    editor_client.post(reverse("admin:partnerships_theme_delete", args=[theme.pk]), {"post": "yes"})
    deleted = theme.history.latest()
    editor.groups.get().permissions.remove(*editor.groups.get().permissions.filter(codename="add_theme"))
    url = reverse("admin:partnerships_theme_simple_history", args=[theme.pk, deleted.history_id])
    assert editor_client.post(url, theme_form(deleted)).status_code == 403
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_a_revert_refreshes_the_search_text(superuser_client):
    theme = Theme.objects.get(slug="health")
    before = theme.history.latest()
    superuser_client.post(reverse("admin:partnerships_theme_change", args=[theme.pk]), theme_form(theme, name="Zzyzx"))
    assert search(Project.objects.all(), "Zzyzx").queryset.exists()
    url = reverse("admin:partnerships_theme_simple_history", args=[theme.pk, before.history_id])
    superuser_client.post(url, theme_form(before))
    assert not search(Project.objects.all(), "Zzyzx").queryset.exists()
    assert search(Project.objects.all(), "health").queryset.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/partnerships/project/{pk}/history/abc/",
        "/admin/partnerships/project/abc/history/1/",
        "/admin/partnerships/project/%00/history/",
        "/admin/partnerships/project/{pk}/history/99999999999999999999/",
        "/admin/partnerships/country/%00/history/",
    ],
)
def test_a_malformed_history_address_is_not_found(superuser_client, url):
    project = Project.objects.first()
    assert superuser_client.get(url.format(pk=project.pk)).status_code == 404


def test_deleted_countries_are_listed_by_their_code(superuser_client):
    country = Country.objects.create(code="ZZ", name="Zedland")
    country.delete()
    response = superuser_client.get(reverse("admin:partnerships_country_deleted"))
    assert response.status_code == 200
    version = Country.history.filter(code="ZZ").latest()
    restore_url = reverse("admin:partnerships_country_simple_history", args=["ZZ", version.history_id])
    assert restore_url in response.text
    assert superuser_client.post(restore_url, {"code": "ZZ", "name": "Zedland"}).status_code == 302
    assert Country.objects.filter(code="ZZ").exists()


def deleted_with_its_organisation(model, **fields):
    """A record of `model` that was deleted, and then the organisation it named."""
    organisation = Organisation.objects.create(name="Gone Foundation", slug="gone-foundation", kind="foundation")
    # Only a member can chair the group.
    membership = (
        Membership.objects.create(organisation=organisation, start=date(2030, 1, 1)) if model is ChairTerm else None
    )
    record = model.objects.create(organisation=organisation, **fields)
    pk = record.pk
    record.delete()
    if membership:
        membership.delete()
    organisation.delete()
    return pk


def related_records():
    project, group = Project.objects.first(), WorkingGroup.objects.first()
    return {
        Participation: {"project": project, "role": "donor"},
        Quote: {"text": "We were proud to help."},
        Membership: {"start": date(2020, 1, 1)},
        ChairTerm: {"start": date(2030, 1, 1), "end": date(2030, 6, 30)},
        WorkingGroupLead: {"group": group, "role": "co-chair"},
    }


@pytest.mark.parametrize("model", [Participation, Quote, Membership, ChairTerm, WorkingGroupLead])
def test_records_whose_organisation_was_deleted_are_listed_and_say_why_they_cannot_come_back(superuser_client, model):
    pk = deleted_with_its_organisation(model, **related_records()[model])
    opts = model._meta
    listing = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted"))
    assert listing.status_code == 200
    version = model.history.filter(id=pk).latest()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[pk, version.history_id])
    assert url in listing.text
    assert "Gone Foundation" in listing.text

    page = superuser_client.get(url)
    assert page.status_code == 200
    assert "Restore the organisation first" in page.text
    assert superuser_client.post(url, {}).status_code == 200
    assert not model.objects.filter(pk=pk).exists()
