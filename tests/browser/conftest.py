"""Browser tests: Playwright drives Debian's Chromium against a live test server.

They skip, saying why, when /usr/bin/chromium is missing (install it with
`apt-get install chromium`; `make test` does so when run as root). Screenshots of
each page go to screenshots/ (ignored by git) for people to look at.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PASSWORD = "browser-password-123"

# Playwright's sync API runs an event loop; Django must still allow its ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def migrated_state(django_db_setup):
    """Playwright's event loop gives Django fresh connection objects (asgiref's Local is
    per context): hand them the migrated state that transactional tests restore."""
    from django.db import connections

    from tests.conftest import MIGRATED_STATE

    connection = connections["default"]
    if not hasattr(connection, "_test_serialized_contents") and "default" in MIGRATED_STATE:
        connection._test_serialized_contents = MIGRATED_STATE["default"]


@pytest.fixture
def seeded(browser, migrated_state, transactional_db, django_user_model):
    """Live-server tests commit their writes, so each one loads the seed itself."""
    call_command("load_seed", verbosity=0)
    user = django_user_model.objects.create_user("bea", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Viewers"))
    return user


@pytest.fixture
def page(browser, live_server, seeded, settings):
    # The live server finds static files by their own names, not by the hashed names
    # of the production manifest storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.base = live_server.url
    yield page
    context.close()


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
