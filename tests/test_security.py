"""Production settings, response headers, error pages, logins and sessions."""

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.test import Client, RequestFactory, override_settings
from django.urls import path, reverse
from django.utils import timezone

from portal import errors

from .urls import POST_ONLY, portal_url_names, url_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="production-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        **extra,
    )
    return env


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_are_host_only_secure_and_http_only():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        *["True"] * 4,
        "31536000",
        "True",
        "True",
    ]


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("anonymous", "/accounts/login/"),
        ("viewer", "/"),
        ("viewer", "/projects/?theme=health"),
        ("viewer", "/projects/no-such-project/"),
        ("viewer", "/projects/export.csv"),
        ("editor", "/admin/"),
        ("editor", "/admin/partnerships/project/"),
        ("editor", "/admin/auth/user/"),
        ("anonymous", "/healthz"),
    ],
)
def test_security_headers_on_every_kind_of_response(viewer_client, editor, who, url):
    client = viewer_client
    if who == "anonymous":
        client = Client()
    elif who == "editor":
        client = Client()
        client.force_login(editor)
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


# Error pages


@pytest.mark.parametrize(
    ("handler", "status"),
    [
        (errors.bad_request, 400),
        (errors.permission_denied, 403),
        (errors.page_not_found, 404),
        (errors.csrf_failure, 403),
    ],
)
def test_error_pages_touch_no_database(django_assert_num_queries, handler, status):
    request = RequestFactory().get("/secret/path/?q=<script>")
    with django_assert_num_queries(0):
        response = handler(request, Exception("internal detail"))
    assert response.status_code == status
    html = response.content.decode()
    assert "internal detail" not in html and "secret/path" not in html and "<script>" not in html


def test_server_error_page_reveals_nothing(django_assert_num_queries):
    request = RequestFactory().get("/")
    try:
        raise ValueError("password=hunter2 in /srv/portal/views.py")
    except ValueError:
        with django_assert_num_queries(0):
            response = errors.server_error(request)
    assert response.status_code == 500
    assert "hunter2" not in response.text and "views.py" not in response.text
    assert "Something went wrong" in response.text


def test_a_missing_page_gets_the_portal_404(viewer_client):
    response = viewer_client.get("/projects/no-such-project/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_a_bad_host_gets_a_400():
    response = Client().get("/healthz", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "Bad request" in response.text


def test_database_down_answers_503_with_retry_after(viewer_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server on socket "/tmp/.s.PGSQL.5432" failed')

    monkeypatch.setattr(connection, "cursor", refuse)
    viewer_client.raise_request_exception = False
    response = viewer_client.get("/projects/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(errors.RETRY_AFTER)
    assert "Temporarily unavailable" in response.text
    assert "PGSQL" not in response.text


def test_readyz_reports_the_database(client, monkeypatch):
    assert client.get("/readyz").status_code == 200

    def refuse(*args, **kwargs):
        raise OperationalError("no server")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert client.get("/healthz").status_code == 200


def test_an_unreachable_server_gets_503():
    """A real unreachable PostgreSQL (a closed port), through the whole middleware stack."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(raise_request_exception=False, HTTP_HOST='localhost'); c.cookies['sessionid'] = 'a' * 32; "
        "r = c.get('/projects/'); print(r.status_code, r.headers.get('Retry-After'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DATABASE_URL="postgres://postgres@127.0.0.1:9/portal", DJANGO_SETTINGS_MODULE="tests.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["503", str(errors.RETRY_AFTER)], result.stderr[-2000:]


# Logins


def fail_login(client, username="viola", password="wrong-password-000"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failed_logins_lock_out_that_username_from_that_address(client, viewer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert fail_login(client).status_code == 200
    locked = fail_login(client)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    # Even the right password is refused during the cool-off ...
    right = client.post(reverse("login"), {"username": "viola", "password": "viewer-password-123"})
    assert right.status_code == 429
    # ... but the same username from another address may log in.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(reverse("login"), {"username": "viola", "password": "viewer-password-123"}).status_code == 302


def test_the_lockout_ends_after_15_minutes(client, viewer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post(reverse("login"), {"username": "viola", "password": "viewer-password-123"})
    assert response.status_code == 302


def test_another_username_is_not_locked(client, viewer, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, username="viola")
    response = client.post(reverse("login"), {"username": "edgar", "password": "editor-password-123"})
    assert response.status_code == 302


def lock_out(client, username="viola"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, username=username)
    return AccessAttempt.objects.get(username=username)


def test_attempts_during_a_lock_neither_count_nor_extend_it(client, viewer):
    locked = lock_out(client)
    for password in ["viewer-password-123", "wrong-password-000"]:
        assert client.post(reverse("login"), {"username": "viola", "password": password}).status_code == 429
    after = AccessAttempt.objects.get(pk=locked.pk)
    assert (after.failures_since_start, after.attempt_time) == (locked.failures_since_start, locked.attempt_time)


def test_the_locked_page_says_when_the_lock_ends(client, viewer):
    attempt = lock_out(client)
    response = fail_login(client)
    ends = attempt.attempt_time + settings.AXES_COOLOFF_TIME
    assert response.status_code == 429
    assert f"until {ends:%H:%M} UTC" in response.text


def test_the_user_page_shows_the_lock_and_an_admin_lifts_it(client, viewer, superuser_client, editor):
    for _ in range(3):
        fail_login(client)
    user_page = reverse("admin:auth_user_change", args=[viewer.pk])
    assert "3 failed logins; 2 more lock this account" in superuser_client.get(user_page).text
    attempt = lock_out(client)
    ends = attempt.attempt_time + settings.AXES_COOLOFF_TIME
    assert f"Locked until {ends:%H:%M} UTC" in superuser_client.get(user_page).text

    unlock = reverse("admin:auth_user_unlock", args=[viewer.pk])
    assert superuser_client.get(unlock).status_code == 405
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.post(unlock).status_code == 403
    assert superuser_client.post(unlock).status_code == 302
    assert not AccessAttempt.objects.filter(username="viola").exists()
    assert client.post(reverse("login"), {"username": "viola", "password": "viewer-password-123"}).status_code == 302


@pytest.mark.parametrize("password", ["short-pw-1", "password1234", "123456789012345"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("lantern-harbour-quietly-94")


def test_sessions_last_8_hours(viewer_client):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert viewer_client.session.get_expiry_age() == 8 * 60 * 60


def test_an_expired_session_is_signed_out(viewer_client):
    session = viewer_client.session
    session.set_expiry(timezone.now() - timedelta(seconds=1))
    session.save()
    assert viewer_client.get("/").status_code == 302


def test_logout_ends_the_session_for_good(viewer_client):
    stolen = viewer_client.cookies[settings.SESSION_COOKIE_NAME].value
    viewer_client.post(reverse("logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert replay.get("/").status_code == 302


def test_deactivating_a_user_ends_their_sessions(viewer_client, viewer):
    assert viewer_client.get("/").status_code == 200
    viewer.is_active = False
    viewer.save()
    response = viewer_client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logins_logouts_failures_and_denials_are_logged(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    fail_login(client, username="edgar", password="guess-number-1")
    client.post(reverse("login"), {"username": "edgar", "password": "editor-password-123"})
    client.get("/admin/auth/user/")
    client.post(reverse("logout"))
    lines = [record.getMessage() for record in caplog.records if record.name == "portal.security"]
    assert lines == [
        "login failed user=edgar ip=127.0.0.1",
        "login user=edgar ip=127.0.0.1",
        "permission denied user=edgar ip=127.0.0.1 path=/admin/auth/user/",
        "logout user=edgar ip=127.0.0.1",
    ]
    assert "guess-number-1" not in caplog.text and "editor-password-123" not in caplog.text


def test_the_database_cancels_long_statements_and_lock_waits():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        statement = cursor.fetchone()[0]
        cursor.execute("SHOW lock_timeout")
        lock = cursor.fetchone()[0]
    assert (statement, lock) == ("5s", "3s")
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_a_form_without_its_csrf_token_is_refused_and_logged(viewer, caplog):
    client = Client(enforce_csrf_checks=True)
    caplog.set_level(logging.WARNING, logger="portal.security")
    response = client.post(reverse("login"), {"username": "viola", "password": "viewer-password-123"})
    assert response.status_code == 403
    assert "Access denied" in response.text
    assert [r.getMessage() for r in caplog.records if r.name == "portal.security"] == [
        "csrf failure ip=127.0.0.1 path=/accounts/login/ reason=CSRF cookie not set."
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_statement_that_runs_too_long_says_so(viewer_client, monkeypatch, caplog):
    """Regression: a statement cancelled by statement_timeout was answered with the page
    saying the database could not be reached."""

    def slow(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 50")
            try:
                cursor.execute("SELECT pg_sleep(2)")
            finally:
                cursor.execute("RESET statement_timeout")

    monkeypatch.setattr("partnerships.views.faceted_list", slow)
    viewer_client.raise_request_exception = False
    response = viewer_client.get("/projects/", {"theme": "health", "q": "lanterns"})
    assert response.status_code == 503
    assert "took too long" in response.text
    assert "cannot reach its database" not in response.text
    assert "/projects/?theme=health&q=lanterns" in caplog.text


# What the review found (issue 12)


def test_there_is_no_password_reset_by_email(client):
    for url in ["/accounts/password_reset/", "/accounts/reset/MQ/set-password/"]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/", "/projects/?theme=health", "/projects/export.csv", "/projects/export.iati.xml", "/api/projects/", "/gmg/"],
)
def test_signed_in_answers_are_never_stored(viewer_client, url):
    response = viewer_client.get(url)
    assert response.status_code == 200
    assert set(response.headers["Cache-Control"].replace(" ", "").split(",")) >= {"private", "no-store"}


def test_the_language_cookie_is_same_site_lax(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_portal_pages_answer_only_get_and_head(viewer_client, method):
    names = [name for name in portal_url_names() if not name.startswith("api:")]
    names = [name for name in names if name not in {"logout", "login", "set_language", "password_change", *POST_ONLY}]
    got = {name: getattr(viewer_client, method)(url_for(name)).status_code for name in names}
    assert got == dict.fromkeys(names, 405)
    assert viewer_client.head(reverse("partnerships:projects")).status_code == 200


def test_a_query_string_with_thousands_of_keys_gets_a_400(client):
    query = "&".join(f"k{i}=v" for i in range(5000))
    response = client.get(f"/accounts/login/?{query}")
    assert response.status_code == 400
    assert "Content-Security-Policy" in response.headers


def boom(request):
    raise RuntimeError("internal detail")


urlpatterns = [path("boom/", boom)]
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("url", "status"), [("/no-such-page/", 404), ("/boom/", 500)])
def test_error_pages_carry_the_security_headers(viewer, url, status):
    client = Client(raise_request_exception=False)
    client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == status
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "internal detail" not in response.text


def test_make_run_serves_without_debug(live_database_url, tmp_path):
    """`make run` serves with `make serve`: DEBUG off, plain HTTP, whitenoise."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": live_database_url, "PORT": str(port)}
    server = subprocess.Popen(["make", "-s", "serve"], cwd=ROOT, env=env, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/accounts/no-such-page/")
        page = missing.value.read().decode()
        assert missing.value.code == 404
        assert "URLconf" not in page and "urlpatterns" not in page.lower()
        assert "default-src 'self'" in missing.value.headers["Content-Security-Policy"]
        assert urllib.request.urlopen(f"{base}/static/css/portal.css").status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


@pytest.fixture
def live_database_url(django_db_blocker):
    """The test database, for a server in another process."""
    database = connection.settings_dict
    host = urllib.parse.quote(database["HOST"] or "", safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{database['USER']}@{host}{port}/{database['NAME']}"


def test_a_record_held_by_another_write_is_said_so_not_taken_for_a_database_down(django_assert_num_queries):
    """A lock wait that ran out outside the admin's forms answered 503 "temporarily unavailable"."""

    class LockNotAvailable(Exception):
        pgcode = "55P03"

    request = RequestFactory().post("/")
    try:
        raise OperationalError("canceling statement due to lock timeout") from LockNotAvailable()
    except OperationalError:
        with django_assert_num_queries(0):
            response = errors.server_error(request)
    assert response.status_code == 409
    assert "being changed by someone else" in response.text
    assert "Temporarily unavailable" not in response.text
