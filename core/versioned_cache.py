"""A cache that is never older than the data.

Every write to a table that pages show raises the data version (a database trigger per
table, so admin edits, imports, commands and plain SQL all count), and every key here
includes the version read when the value is asked for: after any committed change,
the next request computes afresh. Inside a transaction, which may hold uncommitted
writes (as in tests), nothing is cached. Keys of anything with words in it also carry
the active language (en, fr or es).

The version is the sum of a few counters, its slots (core.DataVersion, sql/data_version.sql).
Each transaction that writes raises one slot by one, once: the lowest slot that no other
transaction holds (FOR UPDATE SKIP LOCKED), or a new slot when all are held. So no writer
ever waits for another to commit, however long it runs (an import, a bulk delete). And
no reader keeps a value older than its key says, because:

1. A transaction's raised slot becomes visible at the same instant as its writes: at its
   commit, all at once. Between a write's statements and its commit, a reader sees
   neither the new rows nor the raised version.
2. Every commit of a writing transaction adds at least one to the sum, and nothing takes
   from it (a rolled-back transaction's raise never counted). So two readers that read the
   same version saw the same committed writes: the version names one state of the data.
3. A reader reads the version first, in a statement of its own, and computes the value
   with later statements, whose snapshots are no older (READ COMMITTED). So a value cached
   under a version holds at least every write that version counts; a write committed
   meanwhile makes it newer, never older, and the next reader reads a new version.

tests/test_writers.py shows both with two connections: a save beside an uncommitted long
write, and a reader between that write and its commit.

With a streaming standby (portal/replica.py), a request reads the version from the
server it reads the data from, and the key names that server: a value computed on the
standby is kept under the standby's versions, one computed on the primary under the
primary's. Both halves matter:

- On its own, each server keeps 1-3: the standby replays the primary's commits one at a
  time, each making its writes and its raised slot visible together, in order, so a
  version read on it is no newer than the data read after it.
- Across the two, a version does not name one state. A version read on the primary and
  a page computed on a standby that is behind would keep old data under the newest key,
  for every reader until the next write (the reverse mix keeps new data under an old
  key, which readers of that key have not seen committed yet). And two transactions
  that commit at the same moment can become visible on the primary in one order and on
  the standby in the other, so the same sum may count different writes on each.
  Separate keys rule out both; the price is one computation per server per version.
  tests/test_replica.py shows it, deploy/check.py with a paused standby.

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

from .db import reading
from .models import DataVersion

CACHE_SECONDS = 600

# What a cached page depends on besides the data: code, templates, translations, assets.
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
    "partnerships.Unstated",
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
BUMP_FUNCTION = "core_bump_data_version"
FUNCTIONS = Path(__file__).resolve().parent / "sql" / "data_version.sql"

BUMP_TRIGGER = """
CREATE TRIGGER {trigger}
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION core_bump_data_version()
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
    ones, drop those of tables no longer listed (or calling another function). Safe to
    run again."""
    db = connections[using]
    existing = set(db.introspection.table_names())
    wanted = {table for table in versioned_tables() if table in existing}
    with db.cursor() as cursor:
        cursor.execute(FUNCTIONS.read_text())
        cursor.execute(
            "SELECT t.tgname, t.tgrelid::regclass::text, p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
            " WHERE t.tgname LIKE %s",
            [f"%{TRIGGER_SUFFIX}"],
        )
        present = set()
        for name, table, function in cursor.fetchall():
            if table in wanted and function == BUMP_FUNCTION:
                present.add(table)
            else:
                cursor.execute(f"DROP TRIGGER {name} ON {table}")
        for table in sorted(wanted - present):
            cursor.execute(BUMP_TRIGGER.format(trigger=f"{table}{TRIGGER_SUFFIX}", table=table))
        # The single-row counter of earlier releases.
        cursor.execute("DROP FUNCTION IF EXISTS partnerships_bump_data_version()")


def data_state() -> str | None:
    """The data version, read where this request reads the records, with the server it
    was read on unless that is the primary ("412", or "409@replica"); None inside a
    transaction."""
    reader = reading(DataVersion)
    if connection.in_atomic_block or reader.in_atomic_block:
        return None
    version = DataVersion.current()
    return str(version) if reader.alias == DEFAULT_DB_ALIAS else f"{version}@{reader.alias}"


def version_key(*parts, version: int | None = None, per_language: bool = True) -> str | None:
    """A cache key for `parts` at the data state (read now unless a version is given);
    `per_language`, for the active language too (bare numbers need not be cached thrice)."""
    state = str(version) if version is not None else data_state()
    if state is None:
        return None
    if per_language:
        parts = (translation.get_language(), *parts)
    text = ":".join(str(part) for part in parts)
    if len(text) > 200:
        text = hashlib.sha256(text.encode()).hexdigest()
    return f"v{state}:{RELEASE}:{text}"


T = TypeVar("T")


def cached(*parts, compute: Callable[[], T], per_language: bool = True) -> T:
    """`compute()`, cached under `parts` at the current data version (and language,
    `per_language`). The one way the portal caches anything."""
    key = version_key(*parts, per_language=per_language)
    if key is None:
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
