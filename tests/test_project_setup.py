"""Settings fail loudly on bad values; the schema matches the models; the embedded
PostgreSQL is managed by `manage.py pg`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    """Import the settings module in a fresh interpreter with `env`; return (exit code, stderr)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false"),
        ({"DJANGO_ALLOWED_HOSTS": "example.org,,"}, "DJANGO_ALLOWED_HOSTS must be a comma-separated list"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY must be at least 32 characters"),
        ({"DATABASE_URL": "mysql://root@localhost/portal"}, "DATABASE_URL must point at PostgreSQL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
    ],
)
def test_malformed_settings_fail_loudly(env, message):
    code, stderr = load_settings(**env)
    assert code != 0
    assert "ImproperlyConfigured" in stderr
    assert message in stderr


def test_good_settings_load():
    code, stderr = load_settings(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL="postgres://user:secret@db.example.org:5432/portal",
    )
    assert code == 0, stderr


def test_tests_run_on_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] in {"portal.db_backend", "django.db.backends.postgresql"}


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="the embedded PostgreSQL is used only without DATABASE_URL")
def test_pg_status_reports_the_running_embedded_server():
    result = subprocess.run(
        [sys.executable, "manage.py", "pg", "status"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "PostgreSQL is running" in result.stdout
    assert "XDG_RUNTIME_DIR" not in result.stderr


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root: only root can own a folder as another user")
def test_data_folder_of_another_user_gets_instructions(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from portal import embedded_pg

    (tmp_path / "global").mkdir()
    (tmp_path / "global" / "pg_control").write_bytes(b"")
    with pytest.raises(ImproperlyConfigured, match="chown -R embedded_postgres"):
        embedded_pg.start(tmp_path)
