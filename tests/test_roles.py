"""The access matrix: for every page the project serves and every admin page, the exact
outcome for each role. The portal's pages come from walking the URL resolver and the
admin's from its registry, so a new page or model cannot escape this test."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client, RequestFactory
from django.urls import reverse
from knox.models import AuthToken

from core.history_admin import HistoryAdmin
from following import notifications
from following.models import SavedSearch
from partnerships.models import Theme

from .forms import submitted
from .urls import OPEN_URLS, OWN_RECORDS, POST_ONLY, portal_url_names, url_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "deactivated", "viewer", "staff viewer", "editor", "admin"]
SIGNED_IN = {"viewer", "staff viewer", "editor", "admin"}
# Pages of the project's own apps: editors keep these records (and the sources they
# cite). The rest (users, groups, login attempts) is for admins only.
EDITORS_APPS = {"partnerships", "gmg", "core"}
ADMIN_PAGES = ["changelist", "add", "change", "delete", "history"]

# What a page answers someone who is not signed in, or whose account is off.
LOGIN = "login"
ADMIN_LOGIN = "admin login"


@pytest.fixture
def clients(django_user_model):
    viewers, editors = Group.objects.get(name="Viewers"), Group.objects.get(name="Editors")
    users = {
        "viewer": django_user_model.objects.create_user("viola", password="viewer-password-123"),
        # A viewer who was given the staff flag: the admin opens, read-only.
        "staff viewer": django_user_model.objects.create_user("stan", password="viewer-password-123", is_staff=True),
        "editor": django_user_model.objects.create_user("edgar", password="editor-password-123", is_staff=True),
        "admin": django_user_model.objects.create_superuser("ada", password="admin-password-123"),
        "deactivated": django_user_model.objects.create_user("dora", password="former-password-123", is_staff=True),
    }
    users["viewer"].groups.add(viewers)
    users["staff viewer"].groups.add(viewers)
    users["editor"].groups.add(editors)
    users["deactivated"].groups.add(editors)
    result = {"anonymous": Client()}
    for role, user in users.items():
        result[role] = Client()
        result[role].force_login(user)
    users["deactivated"].is_active = False
    users["deactivated"].save()
    # The editor's own saved search, follow and notification (OWN_RECORDS).
    search = SavedSearch.objects.create(owner=users["editor"], name="Health", list="projects", query="theme=health")
    notifications.follow(user=users["editor"], kind="search", search=search, language="en")
    return result


def expected_portal_outcome(name: str, role: str):
    if name in OWN_RECORDS and role in SIGNED_IN:
        return 200 if role == "editor" else 404  # nobody else's, not even an admin's
    if name.startswith("api:") and name != "api:docs":
        return 200 if role in SIGNED_IN else 401  # the API answers for itself: no redirect
    if name == "logout" or name in POST_ONLY:
        return 405 if role in SIGNED_IN else LOGIN  # signing out, saving a search, following: POSTs
    if name == "set_language":
        return 302  # anyone may choose a language (a POST); a GET only goes back
    if name in OPEN_URLS:
        return 200
    return 200 if role in SIGNED_IN else LOGIN


def outcome(response):
    if response.status_code == 302:
        if response.url.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if response.url.startswith(reverse("login")):
            return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", portal_url_names())
def test_portal_pages(clients, name):
    url = url_for(name)
    got = {role: outcome(clients[role].get(url)) for role in ROLES}
    assert got == {role: expected_portal_outcome(name, role) for role in ROLES}


def some_object(model):
    if model is AuthToken:
        return AuthToken.objects.create(user=User.objects.create_user("token-holder"))[0]
    if model is AccessAttempt:
        return AccessAttempt.objects.create(username="someone", ip_address="192.0.2.1", failures_since_start=1)
    if model is AccessLog:
        return AccessLog.objects.create(username="someone", ip_address="192.0.2.1")
    if model is AccessFailureLog:
        return AccessFailureLog.objects.create(username="someone", ip_address="192.0.2.1")
    return model._default_manager.order_by("pk").first()


def admin_pages():
    for model, model_admin in admin.site._registry.items():
        for page in ADMIN_PAGES:
            yield pytest.param(model, model_admin, page, id=f"{model._meta.label_lower}-{page}")


def expected_admin_outcome(model, model_admin, page, role):
    if role not in SIGNED_IN:
        return LOGIN
    if role == "viewer":
        return ADMIN_LOGIN  # viewers are not staff: the admin asks for a staff login
    if role in {"editor", "staff viewer"} and model._meta.app_label not in EDITORS_APPS:
        return 403
    if role == "staff viewer" and page not in {"changelist", "change", "history"}:
        return 403  # read-only: view, and the history, but nothing that writes
    if page == "add" and not model_admin.has_add_permission(_superuser_request()):
        return 403
    return 200


def _superuser_request():
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    return request


@pytest.mark.parametrize(("model", "model_admin", "page"), list(admin_pages()))
def test_admin_pages(clients, model, model_admin, page):
    opts = model._meta
    args = [] if page in {"changelist", "add"} else [some_object(model).pk]
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)
    got = {role: outcome(clients[role].get(url)) for role in ROLES}
    assert got == {role: expected_admin_outcome(model, model_admin, page, role) for role in ROLES}


def history_admins():
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, HistoryAdmin):
            yield pytest.param(model, id=model._meta.label_lower)


def expected_history_outcome(model, page, role):
    """The revert form ("version") and the deleted records: who may see them."""
    if role not in SIGNED_IN:
        return LOGIN
    if role == "viewer":
        return ADMIN_LOGIN
    if role in {"editor", "staff viewer"} and model._meta.app_label not in EDITORS_APPS:
        return 403
    if role == "staff viewer" and page == "deleted":
        return 403  # restoring writes
    return 200


def version_url(model) -> str:
    record = model.history.order_by("history_id").first()
    opts = model._meta
    key = getattr(record, opts.pk.attname)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[key, record.history_id])


@pytest.mark.parametrize("model", list(history_admins()))
def test_history_versions_and_deleted_records(clients, model):
    some_object(model)
    opts = model._meta
    urls = {
        "version": version_url(model),
        "deleted": reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted"),
    }
    for page, url in urls.items():
        got = {role: outcome(clients[role].get(url)) for role in ROLES}
        assert got == {role: expected_history_outcome(model, page, role) for role in ROLES}, page


@pytest.mark.parametrize("model", list(history_admins()))
def test_only_those_who_may_change_can_revert(clients, model):
    url = version_url(model)
    data = submitted(clients["admin"].get(url))
    rows = model.history.count()
    refused = {
        role: outcome(clients[role].post(url, data)) for role in ["anonymous", "deactivated", "viewer", "staff viewer"]
    }
    assert refused == {"anonymous": LOGIN, "deactivated": LOGIN, "viewer": ADMIN_LOGIN, "staff viewer": 403}
    assert model.history.count() == rows


def test_the_matrix_covers_every_registered_model():
    labels = {model._meta.label for model in admin.site._registry}
    assert {"partnerships.Project", "gmg.ChairTerm", "auth.User", "auth.Group", "axes.AccessAttempt"} <= labels


@pytest.mark.parametrize("url", ["/admin/auth/user/add/", "/admin/auth/group/add/"])
def test_editors_cannot_create_users_or_groups(clients, django_user_model, url):
    data = {"username": "mallory", "password1": "x-Very-long-pass-1", "password2": "x-Very-long-pass-1", "name": "X"}
    response = clients["editor"].post(url, data)
    assert response.status_code == 403
    assert not django_user_model.objects.filter(username="mallory").exists()
    assert not Group.objects.filter(name="X").exists()


def test_editors_cannot_make_themselves_superusers(clients, django_user_model):
    editor = django_user_model.objects.get(username="edgar")
    response = clients["editor"].post(
        reverse("admin:auth_user_change", args=[editor.pk]), {"username": "edgar", "is_superuser": "on"}
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_viewers_cannot_write_through_the_admin(clients):
    response = clients["viewer"].post(reverse("admin:partnerships_theme_add"), {"name": "Leak", "slug": "leak"})
    assert outcome(response) == ADMIN_LOGIN
    assert not Theme.objects.filter(slug="leak").exists()


def test_anonymous_sees_no_data(clients):
    for name in portal_url_names():
        expected = expected_portal_outcome(name, "anonymous")
        if expected == LOGIN:
            assert clients["anonymous"].get(url_for(name)).content == b""
        elif expected == 401:
            response = clients["anonymous"].get(url_for(name), headers={"accept": "application/json"})
            assert list(response.json()) == ["detail"]
