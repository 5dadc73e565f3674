import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections
from django.utils import translation

# The database as migrated, before the seed: what transactional tests return to.
MIGRATED_STATE: dict[str, str] = {}


@pytest.fixture(autouse=True)
def in_english():
    """Every test starts in English: a request in another language leaves its language
    active in the thread (Django's LocaleMiddleware does not reset it)."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the seed data, loaded once into the test database."""
    serialized = getattr(connections["default"], "_test_serialized_contents", None)
    if serialized is not None:
        MIGRATED_STATE["default"] = serialized
    with django_db_blocker.unblock():
        call_command("configure_database", verbosity=0)
        call_command("load_seed", verbosity=0)


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user("viola", password="viewer-password-123")
    user.groups.add(Group.objects.get(name="Viewers"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("edgar", password="editor-password-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("ada", password="admin-password-123")


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After a fuzz run: examples per URL, 5xx answers and the slowest query string."""
    from .fuzz import RECORDS, report

    if RECORDS:
        terminalreporter.write_line(report(RECORDS))
