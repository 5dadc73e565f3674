"""The facet tables (models.ProjectFacets, models.OrganisationFacets): one narrow row per
project and per organisation holding what the lists filter, count and total by, so that
one table answers a list's filter, its count, every facet and the totals.

They are written by PostgreSQL triggers on the tables they copy from, in the same
transaction and the same statement as the change: a save in the admin, an import, a
command or plain SQL is in the facet tables when it commits, never later. Bulk writes
cost one refresh per statement (statement triggers with transition tables), not one
per row.

The SQL is in sql/: the rows (facet_rows.sql, with the quality checks each record fails),
the day's quality counts (quality_counts.sql), and the triggers and their functions
(facet_triggers.sql). Only the INSERTs are made here, from the column names. Each row
also carries a copy of its record's search vector (written with the record's by
search.refresh_search()), so that a search and the other filters meet in one table's
indexes.

Everything here is installed after every `migrate` (apps.py). When the definition changes,
the tables are rebuilt then (its hash is kept as the table's comment).
"""

import hashlib
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from core.conflicts import Write, announce
from core.db import without_statement_timeout

from .models import OrganisationFacets, ProjectFacets

SQL = Path(__file__).resolve().parent / "sql"
# In the order they run: a trigger is made after its function.
FILES = [SQL / "facet_rows.sql", SQL / "quality_counts.sql", SQL / "facet_triggers.sql"]
# Each facet table, and the function of facet_rows.sql that computes its rows by column name.
ROWS = {
    ProjectFacets: "partnerships_project_facet_rows",
    OrganisationFacets: "partnerships_organisation_facet_rows",
}
REFRESH = {
    ProjectFacets: "partnerships_refresh_project_facets",
    OrganisationFacets: "partnerships_refresh_organisation_facets",
}


def columns(model) -> list[str]:
    """The facet table's columns: the names the rows function gives its own."""
    return [field.column for field in model._meta.concrete_fields]


def _insert(model, ids: str, every: str) -> str:
    """INSERT of the rows function's rows into the table, column by column name."""
    names = ", ".join(f'"{column}"' for column in columns(model))
    table = model._meta.db_table
    return f"INSERT INTO {table} AS f ({names}) SELECT {names} FROM {ROWS[model]}({ids}, {every})"


def _refresh_function(model) -> str:
    """Writes the rows of the records whose ids are given (updating only those that
    changed), and deletes those whose record is gone."""
    key, *values = columns(model)
    table, source = model._meta.db_table, model._meta.pk.related_model._meta.db_table
    old = ", ".join(f'f."{column}"' for column in values)
    new = ", ".join(f'excluded."{column}"' for column in values)
    return f"""
    DROP FUNCTION IF EXISTS {REFRESH[model]}(bigint[]);
    CREATE FUNCTION {REFRESH[model]}(refresh_ids bigint[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM {table}
         WHERE {key} = ANY(refresh_ids) AND {key} NOT IN (SELECT id FROM {source} WHERE id = ANY(refresh_ids));
        {_insert(model, "refresh_ids", "false")}
        ON CONFLICT ({key}) DO UPDATE SET ({", ".join(f'"{column}"' for column in values)}) = ROW({new})
         WHERE ({old}) IS DISTINCT FROM ({new});
    $$;"""


def _definition() -> str:
    """All the SQL installed, in the order it runs."""
    functions = [_refresh_function(model) for model in ROWS]
    return "\n".join([FILES[0].read_text(), *functions, *(path.read_text() for path in FILES[1:])])


DEFINITION = hashlib.sha256(_definition().encode()).hexdigest()[:16]

REBUILD = [
    # Writers wait (and get the admin's conflict message after the lock timeout); readers don't.
    "LOCK TABLE partnerships_projectfacets, partnerships_organisationfacets IN SHARE ROW EXCLUSIVE MODE",
    "DELETE FROM partnerships_projectfacets",
    "DELETE FROM partnerships_organisationfacets",
    # The projects' rows first: the organisations' rows read their themes and countries.
    _insert(ProjectFacets, "NULL", "true"),
    _insert(OrganisationFacets, "NULL", "true"),
    "SELECT partnerships_quality_recount()",
    # The lists change with the rows: cached pages must not outlive them.
    "SELECT core_data_version_slot()",
    f"COMMENT ON TABLE partnerships_projectfacets IS '{DEFINITION}'",
]


def install(using: str) -> None:
    """Create the functions and triggers, and rebuild the rows if the definition changed
    since they were written (or they never were)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if "partnerships_projectfacets" not in connection.introspection.table_names():
            # migrated back to before the facet tables: their triggers must go
            cursor.execute("SELECT tgname, tgrelid::regclass FROM pg_trigger WHERE tgname LIKE '%\\_facets\\_%'")
            for name, table in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON {table}')
            return
        cursor.execute(_definition())
        cursor.execute("SELECT obj_description('partnerships_projectfacets'::regclass, 'pg_class')")
        current = cursor.fetchone()[0] == DEFINITION
    if not current:
        rebuild(using)


@contextmanager
def suspended(using: str = DEFAULT_DB_ALIAS):
    """Bulk loads and deletions (synthetic.py): the triggers skip their refresh until the
    end of the block, then one rebuild writes both tables. Only inside a transaction
    (the setting lasts until it ends), so that no one sees the tables out of date."""
    connection = connections[using]
    assert connection.in_atomic_block, "suspend the facet triggers inside a transaction"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL partnerships.facets_suspended = 'on'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL partnerships.facets_suspended = 'off'")
    rebuild(using)


@contextmanager
def partners_deferred(using: str = DEFAULT_DB_ALIAS):
    """A long write (an import, a bulk deletion) refreshes the partners' rows of the
    projects it changes at its end, not statement by statement: otherwise a partner of
    many projects stays locked from the write's first statement to its commit, and every
    editor saving one of that partner's projects meanwhile waits for it."""
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('partnerships.partners_deferred', 'on', true)")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT partnerships_refresh_deferred_partners()")


def rebuild(using: str = DEFAULT_DB_ALIAS) -> None:
    """Write every row of both facet tables afresh (a minute or two at a million projects),
    in one transaction: until it commits, readers see the rows as they were (never an
    empty or half-written list); then the new rows and a new data version, together.
    Writers of the records wait for it, and the admin tells them why."""
    connection = connections[using]
    with without_statement_timeout(connection), connection.cursor() as cursor:
        announce(Write(Write.REBUILD), using)
        cursor.execute("SET LOCAL lock_timeout = 0")
        for statement in REBUILD:
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_projectfacets")
        cursor.execute("ANALYZE partnerships_organisationfacets")
