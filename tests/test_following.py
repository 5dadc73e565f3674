"""Following records and saved searches, and the notifications that tell of their changes:
from every way of writing (the admin, the ORM, SQL with history, a bulk load without),
to the reader only, field by field."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.history import record_rows
from following.models import Change, Delivery, Follow, Notification, SavedSearch, Subscriber
from following.notifications import MANY, collect
from gmg.models import Membership
from partnerships.models import Organisation, Participation, Project, Theme

from .forms import submitted

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("following:notifications")
FOLLOW = reverse("following:follow")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viola(viewer):
    viewer.email = "viola@example.org"
    viewer.save()
    return viewer


def follow(client, kind: str, record_id=None, **extra):
    data = {"kind": kind, **({"id": record_id} if record_id else {}), **extra}
    return client.post(FOLLOW, data)


def told(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user).exclude(kind=Notification.Kind.WELCOME).order_by("at", "pk"))


def a_project(**filters) -> Project:
    return Project.objects.filter(**filters).order_by("pk").first()


def page_text(client, url: str = NOTIFICATIONS) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(url).text))


# Following


def test_a_first_follow_starts_on_the_daily_digest_and_says_how_to_change_it(viola):
    client = signed_in(viola)
    project = a_project()
    response = follow(client, "project", project.pk, next=project.get_absolute_url())
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert Follow.objects.get(user=viola).title == project.title
    assert Subscriber.objects.get(user=viola).delivery == Delivery.DAILY
    welcome = Notification.objects.get(user=viola)
    assert welcome.kind == Notification.Kind.WELCOME
    text = page_text(client)
    assert "daily email digest" in text and "What you follow" in text
    assert "Following" in client.get(project.get_absolute_url()).text  # the button shows the follow


def test_without_an_email_address_the_portal_only(viewer):
    follow(signed_in(viewer), "gmg")
    assert Subscriber.objects.get(user=viewer).delivery == Delivery.PORTAL


def test_following_twice_is_one_follow_and_stop_ends_it(viola):
    client = signed_in(viola)
    partner = Organisation.objects.get(slug="chevron")
    follow(client, "partner", partner.pk)
    follow(client, "partner", partner.pk)
    assert Follow.objects.filter(user=viola).count() == 1
    follow(client, "partner", partner.pk, stop="on")
    assert not Follow.objects.filter(user=viola).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "planet", "id": "1"},
        {"kind": "project", "id": "999999999"},
        {"kind": "project", "id": "abc"},
        {"kind": "project"},
        {"kind": "search", "id": "1"},
        {"kind": "project", "id": str(2**70)},
    ],
)
def test_following_nothing_is_refused_in_words(viola, data):
    response = signed_in(viola).post(FOLLOW, data)
    assert response.status_code == 400
    assert "Nothing was changed" in response.text
    assert not Follow.objects.exists()


def test_next_stays_on_the_portal(viola):
    response = follow(signed_in(viola), "gmg", next="//evil.example.org/")
    assert response.url == reverse("following:following")


def test_a_search_someone_else_keeps_private_cannot_be_followed(viola, editor):
    private = SavedSearch.objects.create(owner=editor, name="Mine", list="projects", query="theme=health")
    assert follow(signed_in(viola), "search", private.pk).status_code == 400
    shared = SavedSearch.objects.create(owner=editor, name="Ours", list="projects", query="theme=health", shared=True)
    assert follow(signed_in(viola), "search", shared.pk).status_code == 302


# What followers are told


def test_a_change_to_a_followed_project_is_told_field_by_field(viola, editor):
    project = a_project(status="completed")
    follow(signed_in(viola), "project", project.pk)
    was = project.title
    project.title, project._history_user = "A new title", editor
    project.save()
    collect()
    (note,) = told(viola)
    assert (note.kind, note.by, note.about) == ("changed", editor, was)  # as it was called when followed
    assert note.url == project.get_absolute_url()
    assert note.changes == [["title", was, "A new title"]]
    text = page_text(signed_in(viola))
    assert "Title" in text and "A new title" in text and "by edgar" in text


def test_nobody_is_told_of_their_own_changes(viola):
    project = a_project()
    follow(signed_in(viola), "project", project.pk)
    project.summary, project._history_user = "Mine", viola
    project.save()
    collect()
    assert told(viola) == []


def test_a_contribution_changed_tells_the_followers_of_its_partner_and_project(viola, editor):
    part = Participation.objects.select_related("organisation", "project").order_by("pk").first()
    follow(signed_in(viola), "partner", part.organisation_id)
    follow(signed_in(editor), "project", part.project_id)
    part.note, part._history_user = "Checked against the agreement", None
    part.save()
    collect()
    (to_viola,) = told(viola)
    (to_editor,) = told(editor)
    assert to_viola.about == part.organisation.name and to_editor.about == part.project.title
    assert to_viola.subject_model == "partnerships.participation"
    assert [field for field, _old, _new in to_viola.changes] == ["note"]


def test_the_gmg_is_followed_as_a_whole(viola):
    follow(signed_in(viola), "gmg")
    membership = Membership.objects.order_by("pk").first()
    membership.note = "Confirmed by the secretariat"
    membership.save()
    collect()
    (note,) = told(viola)
    assert note.url == reverse("gmg:on")


def test_a_followed_project_deleted_ends_the_follow_and_says_so(viola, editor):
    project = Project.objects.create(title="Short-lived", slug="short-lived", summary="-", status="planned")
    follow(signed_in(viola), "project", project.pk)
    project._history_user = editor
    project.delete()
    collect()
    (note,) = told(viola)
    assert note.kind == "deleted" and note.url == ""
    assert not Follow.objects.filter(user=viola).exists()
    assert "“Short-lived” was deleted. You no longer follow it." in page_text(signed_in(viola))


def test_a_record_deleted_without_history_ends_its_follow_too(viola):
    project = Project.objects.create(title="Gone quietly", slug="gone-quietly", summary="-", status="planned")
    follow(signed_in(viola), "project", project.pk)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM partnerships_project WHERE id = %s", [project.pk])
    collect()
    (note,) = told(viola)
    assert note.kind == "ended" and not Follow.objects.filter(user=viola).exists()


# Followed searches


@pytest.fixture
def health(editor):
    return SavedSearch.objects.create(owner=editor, name="Health", list="projects", query="theme=health", shared=True)


def new_project(slug: str, theme: str | None) -> Project:
    project = Project.objects.create(title=slug.title(), slug=slug, summary="-", status="planned")
    if theme:
        project.themes.add(Theme.objects.get(slug=theme))
    return project


def test_a_followed_search_tells_of_new_matches_only(viola, health):
    follow(signed_in(viola), "search", health.pk)
    matching, other = new_project("clinic", "health"), new_project("bridge", None)
    collect()
    assert [(note.kind, note.record) for note in told(viola)] == [("matched", matching.title)]
    assert other.title not in page_text(signed_in(viola))


def test_a_batch_loaded_without_history_still_matches(viola, health):
    follow(signed_in(viola), "search", health.pk)
    theme = Theme.objects.get(slug="health")
    projects = Project.objects.bulk_create(
        Project(title=f"Bulk {n}", slug=f"bulk-{n}", summary="-", status="planned") for n in range(3)
    )
    Project.themes.through.objects.bulk_create(Project.themes.through(project=p, theme=theme) for p in projects)
    assert not Change.objects.exists()  # no history row: only the data tells
    collect()
    assert sorted(note.record for note in told(viola)) == ["Bulk 0", "Bulk 1", "Bulk 2"]


def test_many_new_matches_are_one_notification_with_their_number(viola, health):
    follow(signed_in(viola), "search", health.pk)
    for n in range(MANY + 5):
        new_project(f"many-{n}", "health")
    collect()
    (note,) = told(viola)
    assert (note.kind, note.count) == ("matches", MANY + 5)
    assert f"{MANY + 5} new records match your search “Health”" in page_text(signed_in(viola))


def test_a_followed_search_tells_of_changes_to_records_it_matches(viola, health, editor):
    follow(signed_in(viola), "search", health.pk)
    inside, outside = a_project(themes__slug="health"), Project.objects.exclude(themes__slug="health").first()
    for project in (inside, outside):
        project.summary, project._history_user = "Revised", editor
        project.save()
    collect()
    (note,) = told(viola)
    assert (note.kind, note.about, note.record) == ("changed", "Health", inside.title)


def test_records_loaded_with_sql_and_history_are_told(viola, editor):
    project = a_project()
    follow(signed_in(viola), "project", project.pk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partnerships_project SET summary = 'By SQL' WHERE id = %s", [project.pk])
    record_rows(Project, Project.history.model, "id = %s", "~", "A script", params=[project.pk], user=editor)
    collect()
    (note,) = told(viola)
    assert note.by == editor and ["summary", project.summary, "By SQL"] in note.changes


def test_a_search_no_longer_shared_ends_the_follows_of_others(viola, health):
    follow(signed_in(viola), "search", health.pk)
    health.shared = False
    health.save()
    collect()
    (note,) = told(viola)
    assert note.kind == "ended"
    assert "You no longer follow “Health”" in page_text(signed_in(viola))


def test_a_deleted_search_ends_its_follows(viola, health):
    follow(signed_in(viola), "search", health.pk)
    health.delete()
    collect()
    assert [note.kind for note in told(viola)] == ["ended"]


# The writer's request tells the followers; the reader sees their own only


def test_an_admin_save_is_told_once_its_response_is_sent(viola, editor):
    partner = Organisation.objects.get(slug="chevron")
    follow(signed_in(viola), "partner", partner.pk)
    admin = signed_in(editor)
    url = reverse("admin:partnerships_organisation_change", args=[partner.pk])
    data = submitted(admin.get(url)) | {"description": "Updated in the admin"}
    assert admin.post(url, data).status_code == 302
    assert not Change.objects.exists()  # taken after the response, with no run of the command
    (note,) = told(viola)
    assert note.by == editor and ["description", partner.description, "Updated in the admin"] in note.changes


def test_the_header_counts_unread_and_marking_read_clears_it(viola, editor):
    project = a_project()
    client = signed_in(viola)
    follow(client, "project", project.pk)
    assert re.search(r"Notifications\s*<span[^>]*>1<", client.get(NOTIFICATIONS).text)  # the welcome
    project.summary, project._history_user = "Again", editor
    project.save()
    collect()
    assert re.search(r"Notifications\s*<span[^>]*>2<", client.get(NOTIFICATIONS).text)
    first = told(viola)[0]
    client.post(reverse("following:read"), {"id": first.pk})
    assert Notification.objects.get(pk=first.pk).read is not None
    client.post(reverse("following:read"))
    assert not Notification.objects.filter(user=viola, read__isnull=True).exists()
    assert not re.search(r"Notifications\s*<span", client.get(NOTIFICATIONS).text)


def test_nobody_reads_or_marks_the_notifications_of_another(viola, editor):
    project = a_project()
    follow(signed_in(viola), "project", project.pk)
    project.title, project._history_user = "Secret new title", None
    project.save()
    collect()
    mine = told(viola)[0]
    other = signed_in(editor)
    assert "Secret new title" not in other.get(NOTIFICATIONS).text
    other.post(reverse("following:read"), {"id": mine.pk})
    assert Notification.objects.get(pk=mine.pk).read is None


def test_a_field_of_a_record_the_reader_may_not_view_is_not_told(viola):
    from django.utils import timezone

    Notification.objects.create(
        user=viola, key="k", kind="changed", about="Accounts", record="Accounts", subject="ada",
        subject_model="auth.user", changes=[["email", "old@example.org", "new@example.org"]],
        at=timezone.now(), delivery="portal",
    )  # fmt: skip
    text = page_text(signed_in(viola))
    assert "“Accounts” was changed." in text and "new@example.org" not in text


def test_delivery_is_chosen_overall_and_per_follow(viola):
    client = signed_in(viola)
    follow(client, "gmg")
    followed = Follow.objects.get(user=viola)
    client.post(reverse("following:delivery"), {"delivery": "weekly"})
    client.post(reverse("following:delivery"), {"id": followed.pk, "delivery": "portal"})
    assert Subscriber.objects.get(user=viola).delivery == "weekly"
    assert Follow.objects.get(pk=followed.pk).delivery == "portal"
    assert client.post(reverse("following:delivery"), {"delivery": "hourly"}).status_code == 400
    assert client.post(reverse("following:delivery"), {"id": 10**6, "delivery": "daily"}).status_code == 400


def test_changes_of_state_need_post_and_the_csrf_token(viola):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viola)
    assert client.get(FOLLOW + "?kind=gmg").status_code == 405
    assert client.post(FOLLOW, {"kind": "gmg"}).status_code == 403
    assert not Follow.objects.exists()


# The JSON API: the user's own only


def test_the_api_gives_each_user_their_own(viola, editor, health):
    project = a_project()
    follow(signed_in(viola), "project", project.pk)
    follow(signed_in(editor), "search", health.pk)
    SavedSearch.objects.create(owner=editor, name="Editor's own", list="partners", query="kind=company")
    was = project.summary
    project.summary, project._history_user = "Told by the API", editor
    project.save()
    collect()
    client = signed_in(viola)
    notes = client.get("/api/notifications/").json()["results"]
    assert [note["kind"] for note in notes] == ["changed", "welcome"]
    assert notes[0]["changes"] == [{"field": "summary", "old": was, "new": "Told by the API"}]
    assert notes[0]["by"] == "edgar" and notes[0]["url"].endswith(project.get_absolute_url())
    assert [f["title"] for f in client.get("/api/follows/").json()["results"]] == [project.title]
    assert [s["name"] for s in client.get("/api/saved-searches/").json()["results"]] == ["Health"]  # shared only
    others = Notification.objects.filter(user=editor).first()
    assert client.get(f"/api/notifications/{others.pk}/").status_code == 404


def test_the_api_schema_describes_them(viola):
    paths = signed_in(viola).get("/api/schema/?format=json").json()["paths"]
    assert {"/api/notifications/", "/api/follows/", "/api/saved-searches/"} <= set(paths)


def test_a_search_is_asked_once_however_many_follow_it(
    django_user_model, health, editor, django_assert_max_num_queries
):
    followers = [django_user_model.objects.create_user(f"follower-{n}") for n in range(30)]
    for user in followers:
        follow(signed_in(user), "search", health.pk)
    new_project("new-clinic", "health")
    project = a_project(themes__slug="health")
    project.summary, project._history_user = "Revised", editor
    project.save()
    with django_assert_max_num_queries(50):  # 46, as for 3 followers: one question per search, not per follow
        collect()
    assert Notification.objects.filter(kind="changed", record=project.title).count() == 30
    assert Notification.objects.filter(kind="matched", record="New-Clinic").count() == 30


def test_the_following_page_links_each_followed_thing(viola, health):
    client = signed_in(viola)
    project, partner = a_project(), Organisation.objects.get(slug="chevron")
    follow(client, "project", project.pk)
    follow(client, "partner", partner.pk)
    follow(client, "gmg")
    follow(client, "search", health.pk)
    page = client.get(reverse("following:following")).text
    for url in (project.get_absolute_url(), partner.get_absolute_url(), reverse("gmg:on"), "/projects/?theme=health"):
        assert f'href="{url}"' in page


def test_a_write_request_tells_every_change_it_queued_not_one_batch(viola, editor, monkeypatch):
    monkeypatch.setattr("following.notifications.BATCH", 1)
    projects = list(Project.objects.order_by("pk")[:3])
    for project in projects:
        follow(signed_in(viola), "project", project.pk)
        project.summary, project._history_user = "Batch", editor
        project.save()
    signed_in(editor).post(reverse("following:read"))  # any write request tells followers after its response
    assert not Change.objects.exists()
    assert len(told(viola)) == 3


def test_many_changes_to_a_search_s_records_are_one_notification(viola, editor):
    everything = SavedSearch.objects.create(owner=editor, name="All", list="projects", query="", shared=True)
    follow(signed_in(viola), "search", everything.pk)
    changed = list(Project.objects.order_by("pk")[: MANY + 1])
    assert len(changed) == MANY + 1
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partnerships_project SET summary = 'Checked' WHERE id = ANY(%s)", [[p.pk for p in changed]]
        )
    record_rows(Project, Project.history.model, "id = ANY(%s)", "~", "A script", params=[[p.pk for p in changed]])
    collect()
    assert [(n.kind, n.count) for n in told(viola)] == [("changes", MANY + 1)]
    (note,) = told(viola)
    assert note.url == "/projects/"
    assert f"{MANY + 1} records that match your search “All” changed." in page_text(signed_in(viola))
