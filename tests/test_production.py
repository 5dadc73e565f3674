"""What a production set-up relies on (the standby's routing: test_replica.py): exports
streaming without server-side cursors, the embedded
database only where asked for, the timeouts set on the role, probes exempt from the
HTTPS redirect, /metrics guarded, log lines that say which request and whose, Sentry.

deploy/check.py (make deploy-check) tries the whole set-up behind nginx."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from core.db import without_statement_timeout
from partnerships.models import Organisation
from portal import logs

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def named_cursors(monkeypatch):
    """The server-side cursors opened, and whether each was inside a transaction (a
    named cursor is WITH HOLD, outliving its transaction, only in autocommit)."""
    opened = []
    create = connection.create_cursor

    def spy(name=None):
        if name:
            opened.append(connection.in_atomic_block or not connection.get_autocommit())
        return create(name)

    monkeypatch.setattr(connection, "create_cursor", spy)
    return opened


def _export(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_exports_stream_without_server_side_cursors_outliving_a_transaction(
    client, django_user_model, monkeypatch, named_cursors
):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    client.force_login(django_user_model.objects.create_superuser("ops", password="x" * 20))
    with_hold = {path: _export(client, path) for path in ("/projects/export.csv", "/partners/export.csv")}
    # The partners' export: a WITH HOLD cursor, in autocommit. The projects' reads a chunk
    # of keys at a time (list_downloads.project_csv), with no server-side cursor at all.
    assert named_cursors == [False]
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    named_cursors.clear()
    for path, expected in with_hold.items():
        assert _export(client, path) == expected
    assert named_cursors == []  # the partners' reads its keys, then a batch of records at a time
    assert with_hold["/partners/export.csv"].count("\n") == Organisation.objects.count() + 1


def load_settings(**env) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "PORTAL_"))
    }
    environment.update(DJANGO_SECRET_KEY="s" * 50, **env)
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_its_own_database():
    result = load_settings(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr and "PORTAL_EMBEDDED_DATABASE=true" in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"DJANGO_DEBUG": "false", "PORTAL_EMBEDDED_DATABASE": "true"},
        {"DJANGO_DEBUG": "true"},
        {"DJANGO_DEBUG": "false", "DATABASE_URL": "postgres://portal@db.example.org/portal"},
    ],
)
def test_the_embedded_database_starts_where_asked_for(env):
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_the_timeouts_are_the_roles_settings_not_connection_options():
    assert "options" not in connection.settings_dict["OPTIONS"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
            "current_setting('work_mem'), current_setting('jit')"
        )
        assert cursor.fetchone() == ("5s", "3s", "32MB", "off")


def _statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_command_lifts_the_statement_timeout_for_one_transaction_only():
    """Behind a pooler in transaction mode, each transaction may run on another server
    connection: a plain SET would stay behind on one for someone else's statements."""
    before = _statement_timeout()
    with without_statement_timeout():
        assert connection.in_atomic_block and _statement_timeout() == "0"
    assert _statement_timeout() == before == "5s"
    with pytest.raises(RuntimeError), without_statement_timeout():
        raise RuntimeError("the command failed")
    assert _statement_timeout() == "5s"


def test_nginx_marks_an_app_server_down_only_when_it_does_not_answer():
    """A 503 is the app servers' answer while the database is away: every app server
    gives it. Counted as a failed server (proxy_next_upstream http_503 with max_fails=1),
    it took both out of the upstream for fail_timeout, and a half-second restart of the
    primary became 10 s of 502s (make faults, bench/results/faults-topology-*.md)."""
    conf = (ROOT / "deploy" / "nginx-portal.conf").read_text()
    next_upstream = re.search(r"^\s*proxy_next_upstream ([^;]+);", conf, re.M).group(1).split()
    assert set(next_upstream) == {"error", "timeout"}


def test_an_app_server_given_a_metrics_folder_makes_no_other(monkeypatch, tmp_path):
    """Each start used to leave an empty portal-metrics-* folder in /tmp behind."""
    import runpy
    import tempfile

    def refuse(*args, **kwargs):
        raise AssertionError("a temporary folder was made")

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    assert runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["_metrics"] == str(tmp_path)


def test_probes_are_not_redirected_to_https_but_pages_are():
    code = (
        "from django.test import Client; c = Client(); "
        "print([c.get(p).status_code for p in ('/healthz', '/readyz', '/metrics', '/projects/')])"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="true",
        DJANGO_SECRET_KEY="p" * 50,
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:9/portal"),
    )
    script = f"import django; django.setup(); {code}"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses[0] == 200 and statuses[1] in (200, 503) and statuses[2] == 200 and statuses[3] == 301, result


@pytest.mark.django_db
def test_metrics_answer_the_allowed_addresses_and_the_token(client, viewer_client, settings):
    viewer_client.get("/projects/")
    response = client.get("/metrics")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert 'portal_requests_total{method="GET",status="200",view="partnerships:projects"}' in text
    assert "portal_request_sql_seconds_bucket" in text and "portal_cache_seconds" in text
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 404
    # Through the proxy (on this host), the address that counts is the client's.
    settings.BEHIND_PROXY = True
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 404
    assert client.get("/metrics").status_code == 200  # a probe of the app server itself
    settings.METRICS_TOKEN = "t0ken-for-prometheus"
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    ok = client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer t0ken-for-prometheus")
    assert ok.status_code == 200


@pytest.mark.django_db
def test_log_lines_carry_the_request_id_and_user_as_json(editor_client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestContext())
    handler.setFormatter(logs.JsonFormatter())
    security = logging.getLogger("portal.security")
    security.addHandler(handler)
    try:
        response = editor_client.get("/admin/auth/user/", HTTP_X_REQUEST_ID="req-42")  # refused: logged
    finally:
        security.removeHandler(handler)
    assert response.status_code == 403 and response["X-Request-ID"] == "req-42"
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["request_id"] == "req-42" and line["user"] == "edgar" and line["level"] == "WARNING"
    assert line["logger"] == "portal.security" and line["time"].endswith("Z")
    assert "permission denied" in line["message"]
    assert logs.request_id.get() == "-"  # nothing leaks into the next request
    bad = editor_client.get("/healthz", HTTP_X_REQUEST_ID="not an id; rm -rf")["X-Request-ID"]
    assert len(bad) == 32 and bad.isalnum()


def test_sentry_is_set_up_when_a_dsn_is_given():
    code = "import portal.settings, sentry_sdk; print(sentry_sdk.get_client().is_active())"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SECRET_KEY="s" * 50, SENTRY_DSN="https://key@o0.ingest.sentry.io/1")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "True", result.stderr


def test_admins_and_mail_come_from_the_environment():
    code = (
        "import json, portal.settings as s; "
        "print(json.dumps([s.ADMINS, s.EMAIL_HOST, s.EMAIL_PORT, getattr(s, 'EMAIL_BACKEND', None)]))"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "EMAIL_"))}
    env.update(
        DJANGO_SECRET_KEY="s" * 50,
        DJANGO_ADMINS="Ana Pérez <ana@example.org>, ops@example.org",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    admins, host, port, backend = json.loads(result.stdout)
    assert admins == [["Ana Pérez", "ana@example.org"], ["", "ops@example.org"]]
    assert (host, port, backend) == ("smtp.example.org", 2525, None)  # None: Django's SMTP backend


def test_the_sample_environment_lists_every_setting():
    read = set()
    for path in ("portal/settings.py", "deploy/gunicorn.conf.py"):
        source = (ROOT / path).read_text()
        read |= set(re.findall(r'(?:environ\.get|environ\.setdefault|env_bool|env_list)\(\s*"([A-Z_]+)"', source))
    read.add("DATABASE_URL")  # read by database()'s default
    sample = (ROOT / "deploy" / "portal.env.sample").read_text()
    assert len(read) > 20
    assert sorted(name for name in read if not re.search(rf"^#? ?{name}=", sample, re.M)) == []


@pytest.mark.django_db
def test_a_colleague_is_added_with_one_command(capsys):
    call_command("add_user", "nadia", "--role", "editor", "--email", "nadia@example.org")
    password = re.search(r"Password: (\S+)", capsys.readouterr().out).group(1)
    nadia = User.objects.get(username="nadia")
    assert nadia.check_password(password) and nadia.is_staff and nadia.email == "nadia@example.org"
    assert list(nadia.groups.values_list("name", flat=True)) == ["Editors"]
    call_command("add_user", "victor", "--role", "viewer")
    assert not User.objects.get(username="victor").is_staff
    with pytest.raises(CommandError, match="already a user"):
        call_command("add_user", "NADIA", "--role", "viewer")


@pytest.mark.django_db
def test_a_prompted_password_must_be_good_and_typed_twice(monkeypatch):
    answers = iter(["short", "short"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="Nothing was added"):
        call_command("add_user", "olga", "--role", "viewer", "--prompt")
    assert not User.objects.filter(username="olga").exists()


@pytest.mark.django_db
def test_make_run_ends_with_the_address_on_its_port_and_the_login(capsys, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    call_command("ensure_admin")
    password = (tmp_path / ".admin-password").read_text().strip()
    capsys.readouterr()
    call_command("ensure_admin", "--url", "http://127.0.0.1:8123/")
    said = capsys.readouterr().out
    assert "http://127.0.0.1:8123/" in said and f"admin / {password}" in said and "add_user" in said
