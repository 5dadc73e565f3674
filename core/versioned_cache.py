"""A cache that is never older than the data.

Every write to a table that pages show raises `DataVersion` (a database trigger per
table, so admin edits, imports, commands and plain SQL all count), and every key here
includes the version read when the value is asked for: after any committed change,
the next request computes afresh. Inside a transaction, which may hold uncommitted
writes (as in tests), nothing is kept. Keys of anything with words in it also carry
the active language (en, fr or es).

What raises the version is declared once, below (`VERSIONED_MODELS`); the triggers are
created from that list after every `migrate` (`install_version_triggers`), and
tests/test_freshness.py fails if a model that a page, export or the API shows is not
covered. Every cached value of the portal goes through `cached()`.

The cache is a table, so it outlives a restart: keys also carry `RELEASE`, a
fingerprint of the code, templates, translations and static files this process
started with, so that a deploy never serves what the previous code rendered.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import translation

from .models import DataVersion

CACHE_SECONDS = 600

# What a kept page depends on besides the data: code, templates, translations, assets.
RELEASE_FOLDERS = ("core", "gmg", "partnerships", "portal", "templates", "locale", "static")
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"}


def code_fingerprint(root: Path) -> str:
    """A short hash of the files under `root` that rendering depends on."""
    digest = hashlib.sha256()
    for folder in RELEASE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


RELEASE = code_fingerprint(Path(settings.BASE_DIR))

# The records that pages, exports, the API and the dashboard show. Their tables, and
# the many-to-many tables they declare, raise the data version on every write.
VERSIONED_MODELS = [
    "partnerships.Country",
    "partnerships.Theme",
    "partnerships.Place",
    "partnerships.Organisation",
    "partnerships.Crisis",
    "partnerships.Project",
    "partnerships.Participation",
    "partnerships.Figure",
    "partnerships.Person",
    "partnerships.Quote",
    "partnerships.Award",
    "partnerships.Publication",
    "partnerships.SearchWord",  # spelling suggestions
    "gmg.GroupName",
    "gmg.Membership",
    "gmg.ChairTerm",
    "gmg.WorkingGroup",
    "gmg.WorkingGroupLead",
    "gmg.CouncilInteraction",
    "core.Source",
    "core.Citation",
]

TRIGGER_SUFFIX = "_bumps_data_version"

BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION partnerships_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE partnerships_dataversion SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END $$
"""

BUMP_TRIGGER = """
CREATE TRIGGER {trigger}
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION partnerships_bump_data_version()
"""


def versioned_tables() -> list[str]:
    """The tables of VERSIONED_MODELS and of their many-to-many fields."""
    tables = []
    for label in VERSIONED_MODELS:
        model = apps.get_model(label)
        tables.append(model._meta.db_table)
        tables += [field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many]
    return tables


def install_version_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    """Make the database's version triggers match VERSIONED_MODELS: create the missing
    ones, drop those of tables no longer listed. Safe to run again."""
    db = connections[using]
    existing = set(db.introspection.table_names())
    wanted = {table for table in versioned_tables() if table in existing}
    with db.cursor() as cursor:
        cursor.execute(BUMP_FUNCTION)
        cursor.execute(
            "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s",
            [f"%{TRIGGER_SUFFIX}"],
        )
        present = {table: name for name, table in cursor.fetchall()}
        for table, name in present.items():
            if table not in wanted:
                cursor.execute(f"DROP TRIGGER {name} ON {table}")
        for table in sorted(wanted - set(present)):
            cursor.execute(BUMP_TRIGGER.format(trigger=f"{table}{TRIGGER_SUFFIX}", table=table))


def current_version() -> int | None:
    """The data version, or None inside a transaction (nothing may be kept then)."""
    return None if connection.in_atomic_block else DataVersion.current()


def version_key(*parts, version: int | None = None, words: bool = True) -> str | None:
    """A cache key for `parts` at the data version (read now unless given); with
    `words`, for the active language too (bare numbers need not be kept thrice)."""
    version = version if version is not None else current_version()
    if version is None:
        return None
    if words:
        parts = (translation.get_language(), *parts)
    text = ":".join(str(part) for part in parts)
    if len(text) > 200:
        text = hashlib.sha256(text.encode()).hexdigest()
    return f"v{version}:{RELEASE}:{text}"


T = TypeVar("T")


def cached(*parts, compute: Callable[[], T], words: bool = True) -> T:
    """`compute()`, kept under `parts` at the current data version (and language, with
    `words`). The one way the portal caches anything."""
    key = version_key(*parts, words=words)
    if key is None:
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
