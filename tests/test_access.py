"""Every page needs a login; the login returns people to where they were going;
only staff see the way into the admin."""

import pytest
from django.urls import reverse

from .urls import OPEN_URLS, portal_url_names

pytestmark = pytest.mark.django_db

PROTECTED = [name for name in portal_url_names() if name not in OPEN_URLS and "password" not in name]


def test_the_walk_finds_the_pages():
    assert {"partnerships:dashboard", "partnerships:projects", "partnerships:project", "gmg:on"} <= set(PROTECTED)


def test_health_endpoint_needs_no_login(client):
    assert client.get(reverse("healthz")).status_code == 200


def test_login_page_needs_no_login(client):
    assert client.get(reverse("login")).status_code == 200


def test_login_returns_to_the_page_asked_for(client, viewer):
    response = client.post(
        reverse("login"), {"username": "viola", "password": "viewer-password-123", "next": "/projects/?theme=health"}
    )
    assert response.status_code == 302
    assert response.url == "/projects/?theme=health"


def test_login_ignores_a_next_to_another_site(client, viewer):
    response = client.post(
        reverse("login"), {"username": "viola", "password": "viewer-password-123", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize(
    "url", [reverse("partnerships:project", args=["chevron-cyclone-myanmar"]), "/partners/chevron/", "/"]
)
def test_viewers_never_see_admin_links(viewer_client, url):
    html = viewer_client.get(url).text
    assert "/admin/" not in html
    assert "Edit in admin" not in html


@pytest.mark.parametrize(
    ("url", "admin_url"),
    [
        ("/projects/chevron-cyclone-myanmar/", "/admin/partnerships/project/"),
        ("/partners/chevron/", "/admin/partnerships/organisation/"),
    ],
)
def test_staff_see_edit_in_admin(editor_client, url, admin_url):
    html = editor_client.get(url).text
    assert "Edit in admin" in html
    assert admin_url in html


def test_unknown_record_is_a_404(viewer_client):
    assert viewer_client.get("/projects/no-such-project/").status_code == 404
    assert viewer_client.get("/partners/no-such-partner/").status_code == 404
