"""Every write leaves a history row with who and when: from the admin, from commands
and from the synthetic loader. Admins can revert a change and restore a deletion."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from gmg.models import CouncilInteraction, WorkingGroup, WorkingGroupLead
from partnerships import synthetic
from partnerships.models import Organisation, Participation, Project, Theme
from partnerships.search import search

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


def submitted(response) -> dict:
    """The POST data a browser would send back for an admin change page, unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


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
