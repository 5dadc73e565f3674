"""The facet tables (models.ProjectFacets, models.OrganisationFacets): one narrow row per
project and per organisation holding what the lists filter, count and total by, so that
one table answers a list's filter, its count, every facet and the totals.

They are written by PostgreSQL triggers on the tables they copy from, in the same
transaction and the same statement as the change: a save in the admin, an import, a
command or plain SQL is in the facet tables when it commits, never later. Bulk writes
cost one refresh per statement (statement triggers with transition tables), not one
per row.

Each row also carries a copy of its record's search vector (written with the record's by
search.refresh_search()), so that a search and the other filters meet in one table's
indexes. A project's `parts` hold one token per participation,
`<organisation id>:<kind>:<role>:<currency>:<amount>:<in kind 0/1>` (for example
`812:company:funding:USD:400000.00:0`), so that the partner filters that apply together
to one participation ("a private company in the funding role"), their facets and the
totals of the matching contributions are answered from the same row.

Each row also holds the record's data-quality checks (`gaps`: the checks it fails,
`checks`: how many apply, `completeness`: the share passed; see PROJECT_GAPS), so that
"missing a theme" is one more filter and facet; a citation added or removed refreshes
the rows of the records it cites. The day's totals (QualityCount) are kept by a
statement trigger on each facet table, from the rows each statement changed.

Everything here is installed after every `migrate` (apps.py). When the definition
below changes, the tables are rebuilt then (its hash is kept as the table's comment).
"""

import hashlib
import re
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from core.conflicts import Write, announce
from core.db import without_statement_timeout

from .models import OrganisationFacets, ProjectFacets


def _columns(model) -> list[str]:
    """The table's columns, in the order of the SELECTs below (the fields' order)."""
    return [f'"{field.column}"' for field in model._meta.concrete_fields]


PROJECT_COLUMNS = _columns(ProjectFacets)


def _cited(model: str, key: str) -> str:
    """SQL true when the record of `model` (partnerships' model name) whose id is `key`
    cites a source (core.Citation: a generic relation, its object id as text)."""
    return (
        "EXISTS (SELECT FROM core_citation ci WHERE ci.content_type_id = (SELECT id FROM django_content_type "
        f"WHERE app_label = 'partnerships' AND model = '{model}') AND ci.object_id = {key}::text)"
    )


def _gaps(checks: dict[str, str]) -> str:
    """The array of the keys whose SQL condition holds (the checks a record fails)."""
    cases = ", ".join(f"CASE WHEN {condition} THEN '{key}' END" for key, condition in checks.items())
    return f"array_remove(ARRAY[{cases}]::varchar[], NULL)"


# What a complete record has (ProjectFacets.Gap, OrganisationFacets.Gap): the condition
# under which it fails each check. A project's funding amount is checked only where a
# partner has the funding role.
PROJECT_GAPS = {
    "start": "p.start IS NULL",
    "theme": "t.theme_ids IS NULL",
    "country": "c.codes IS NULL",
    "partner": "pa.partners IS NULL",
    "amount": "pa.funded AND NOT pa.funded_amount",
    "citation": f"NOT {_cited('project', 'p.id')} OR pa.uncited OR fc.uncited",
}
ORGANISATION_GAPS = {
    "kind": "o.kind = ''",
    "hq": "o.hq_country_id IS NULL",
    "citation": f"NOT {_cited('organisation', 'o.id')}",
}


def _completeness(checks: str) -> str:
    """The gaps, the number of checks and the share passed (percent) of each row, as
    columns of a lateral subquery `q`."""
    return f"""CROSS JOIN LATERAL (SELECT g.gaps, g.checks,
                                 round(100.0 * (g.checks - cardinality(g.gaps)) / g.checks)::smallint AS share
                            FROM (SELECT {{gaps}} AS gaps, {checks} AS checks) g) q"""


# The rows of both tables, for the records whose ids pass `ONLY(...)` (all records, or
# those of a refresh), grouped set-wise: as fast for one record as for a million.
PROJECT_ROWS = f"""
SELECT p.id, p.start, p."end", p.status,
       coalesce(c.codes, '{{}}'), coalesce(t.theme_ids, '{{}}'),
       coalesce(pa.partners, '{{}}'), coalesce(pa.kinds, '{{}}'), coalesce(pa.roles, '{{}}'),
       coalesce(pa.kind_roles, '{{}}'), coalesce(pa.parts, '{{}}'),
       coalesce(pa.cash, false), coalesce(pa.in_kind, false),
       coalesce(fi.reached, 0), coalesce(fi.approximate, false), p.search_vector, q.gaps, q.checks, q.share
  FROM partnerships_project p
  LEFT JOIN (SELECT project_id, array_agg(country_id ORDER BY country_id) AS codes
               FROM partnerships_project_countries WHERE ONLY(project_id) GROUP BY project_id) c
         ON c.project_id = p.id
  LEFT JOIN (SELECT project_id, array_agg(theme_id ORDER BY theme_id) AS theme_ids
               FROM partnerships_project_themes WHERE ONLY(project_id) GROUP BY project_id) t
         ON t.project_id = p.id
  LEFT JOIN (SELECT x.project_id,
                    array_agg(DISTINCT x.organisation_id) AS partners,
                    array_agg(DISTINCT o.kind) AS kinds,
                    array_agg(DISTINCT x.role) AS roles,
                    array_agg(DISTINCT o.kind || ':' || x.role) AS kind_roles,
                    array_agg(x.organisation_id || ':' || o.kind || ':' || x.role || ':' || x.currency || ':'
                              || coalesce(x.amount::text, '') || ':' || (x.in_kind <> '')::int ORDER BY x.id) AS parts,
                    bool_or(x.amount IS NOT NULL) AS cash,
                    bool_or(x.in_kind <> '') AS in_kind,
                    bool_or(x.role = 'funding') AS funded,
                    bool_or(x.role = 'funding' AND x.amount IS NOT NULL) AS funded_amount,
                    bool_or(NOT {_cited("participation", "x.id")}) AS uncited
               FROM partnerships_participation x
               JOIN partnerships_organisation o ON o.id = x.organisation_id
              WHERE ONLY(x.project_id)
              GROUP BY x.project_id) pa
         ON pa.project_id = p.id
  LEFT JOIN (SELECT project_id, sum(value) AS reached, bool_or(qualifier <> 'exact') AS approximate
               FROM partnerships_figure WHERE kind = 'people_reached' AND ONLY(project_id) GROUP BY project_id) fi
         ON fi.project_id = p.id
  LEFT JOIN (SELECT f.project_id, bool_or(NOT {_cited("figure", "f.id")}) AS uncited
               FROM partnerships_figure f WHERE ONLY(f.project_id) GROUP BY f.project_id) fc
         ON fc.project_id = p.id
  {_completeness("5 + coalesce(pa.funded, false)::int").format(gaps=_gaps(PROJECT_GAPS))}
 WHERE ONLY(p.id)
"""

ORGANISATION_COLUMNS = _columns(OrganisationFacets)

ORGANISATION_ROWS = f"""
SELECT o.id, o.kind, o.hq_country_id,
       EXISTS (SELECT FROM gmg_membership m WHERE m.organisation_id = o.id),
       coalesce(pa.projects, 0), coalesce(t.themes, '{{}}'), coalesce(c.countries, '{{}}'), coalesce(pa.roles, '{{}}'),
       o.search_vector, q.gaps, q.checks, q.share
  FROM partnerships_organisation o
  LEFT JOIN (SELECT organisation_id, count(DISTINCT project_id) AS projects, array_agg(DISTINCT role) AS roles
               FROM partnerships_participation WHERE ONLY(organisation_id) GROUP BY organisation_id) pa
         ON pa.organisation_id = o.id
  LEFT JOIN (SELECT x.organisation_id, array_agg(DISTINCT theme) AS themes
               FROM partnerships_participation x
               JOIN partnerships_projectfacets f ON f.project_id = x.project_id, unnest(f.themes) theme
              WHERE ONLY(x.organisation_id) GROUP BY x.organisation_id) t
         ON t.organisation_id = o.id
  LEFT JOIN (SELECT x.organisation_id, array_agg(DISTINCT country) AS countries
               FROM partnerships_participation x
               JOIN partnerships_projectfacets f ON f.project_id = x.project_id, unnest(f.countries) country
              WHERE ONLY(x.organisation_id) GROUP BY x.organisation_id) c
         ON c.organisation_id = o.id
  {_completeness(str(len(ORGANISATION_GAPS))).format(gaps=_gaps(ORGANISATION_GAPS))}
 WHERE ONLY(o.id)
"""


def _rows(rows: str, condition: str = "true") -> str:
    """The SELECT with each `ONLY(column)` replaced by `condition` on that column."""
    return re.sub(r"ONLY\(([\w.]+)\)", lambda match: condition.format(column=match[1]), rows)


def _refresh(table: str, columns: list[str], rows: str, source: str) -> str:
    """Write the rows of `rows` whose ids are in `refresh_ids` (updating only those that
    changed), and delete those whose source row is gone."""
    key, values = columns[0], columns[1:]
    old, new = ", ".join(f"f.{column}" for column in values), ", ".join(f"excluded.{column}" for column in values)
    return f"""
    DELETE FROM {table}
     WHERE {key} = ANY(refresh_ids) AND {key} NOT IN (SELECT id FROM {source} WHERE id = ANY(refresh_ids));
    INSERT INTO {table} AS f ({", ".join(columns)})
    {_rows(rows, "{column} = ANY(refresh_ids)")}
    ON CONFLICT ({key}) DO UPDATE SET ({", ".join(values)}) = ROW({new}) WHERE ({old}) IS DISTINCT FROM ({new});
    """


FUNCTIONS = f"""
DROP FUNCTION IF EXISTS partnerships_refresh_project_facets(bigint[]);
DROP FUNCTION IF EXISTS partnerships_refresh_organisation_facets(bigint[]);

CREATE OR REPLACE FUNCTION partnerships_refresh_project_facets(refresh_ids bigint[]) RETURNS void LANGUAGE sql AS $$
{_refresh("partnerships_projectfacets", PROJECT_COLUMNS, PROJECT_ROWS, "partnerships_project")}
$$;

CREATE OR REPLACE FUNCTION partnerships_refresh_organisation_facets(refresh_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
{_refresh("partnerships_organisationfacets", ORGANISATION_COLUMNS, ORGANISATION_ROWS, "partnerships_organisation")}
$$;

-- Partners' rows whose projects changed: refreshed now, or, in a long write that defers
-- them (partners_deferred() below), kept for the end of it, so that a partner of thousands
-- of projects is not held locked by an import for as long as it runs.
CREATE OR REPLACE FUNCTION partnerships_refresh_partners(organisations bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('partnerships.partners_deferred', true) = 'on' THEN
        INSERT INTO partnerships_partnertorefresh (xid, organisation_id)
        SELECT DISTINCT txid_current(), unnest(organisations)
        ON CONFLICT DO NOTHING;
    ELSE
        PERFORM partnerships_refresh_organisation_facets(organisations);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION partnerships_refresh_deferred_partners() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('partnerships.partners_deferred', 'off', true);
    PERFORM partnerships_refresh_organisation_facets(
        ARRAY(SELECT organisation_id FROM partnerships_partnertorefresh WHERE xid = txid_current()));
    DELETE FROM partnerships_partnertorefresh WHERE xid = txid_current();
END $$;

-- The organisations taking part in these projects.
CREATE OR REPLACE FUNCTION partnerships_partners_of(projects bigint[]) RETURNS bigint[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT organisation_id), '{{}}')
      FROM partnerships_participation WHERE project_id = ANY(projects)
$$;

-- A statement changed which projects are in these rows: refresh them and their partners.
CREATE OR REPLACE FUNCTION partnerships_facets_after_project_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    projects bigint[] := '{{}}';
BEGIN
    IF current_setting('partnerships.facets_suspended', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT projects || array_agg(DISTINCT project_id) INTO projects FROM new_rows;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT projects || array_agg(DISTINCT project_id) INTO projects FROM old_rows;
    END IF;
    PERFORM partnerships_refresh_project_facets(projects);
    IF TG_TABLE_NAME <> 'partnerships_figure' THEN
        PERFORM partnerships_refresh_partners(partnerships_partners_of(projects));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION partnerships_facets_after_participation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    projects bigint[] := '{{}}';
    organisations bigint[] := '{{}}';
BEGIN
    IF current_setting('partnerships.facets_suspended', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT projects || array_agg(DISTINCT project_id), organisations || array_agg(DISTINCT organisation_id)
          INTO projects, organisations FROM new_rows;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT projects || array_agg(DISTINCT project_id), organisations || array_agg(DISTINCT organisation_id)
          INTO projects, organisations FROM old_rows;
    END IF;
    PERFORM partnerships_refresh_project_facets(projects);
    PERFORM partnerships_refresh_partners(organisations);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION partnerships_facets_after_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('partnerships.facets_suspended', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_LEVEL = 'ROW' THEN
        PERFORM partnerships_refresh_project_facets(ARRAY[NEW.id]);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM partnerships_refresh_project_facets(ARRAY(SELECT id FROM new_rows));
    ELSE
        PERFORM partnerships_refresh_project_facets(ARRAY(SELECT id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION partnerships_facets_after_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('partnerships.facets_suspended', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_LEVEL = 'ROW' THEN
        IF OLD.kind IS DISTINCT FROM NEW.kind THEN
            -- a partner's kind is part of its projects' facets
            PERFORM partnerships_refresh_project_facets(
                ARRAY(SELECT DISTINCT project_id FROM partnerships_participation WHERE organisation_id = NEW.id));
        END IF;
        PERFORM partnerships_refresh_organisation_facets(ARRAY[NEW.id]);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM partnerships_refresh_organisation_facets(ARRAY(SELECT id FROM new_rows));
    ELSE
        PERFORM partnerships_refresh_organisation_facets(ARRAY(SELECT id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;

-- A citation of a project, or of one of its contributions or figures, is part of the
-- project's facets (a quality check); one of an organisation, of the organisation's.
CREATE OR REPLACE FUNCTION partnerships_facets_after_citation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    records text[] := '{{}}';  -- content type id:object id
    projects bigint[];
    organisations bigint[];
BEGIN
    IF current_setting('partnerships.facets_suspended', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT records || array_agg(content_type_id || ':' || object_id) INTO records FROM new_rows;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT records || array_agg(content_type_id || ':' || object_id) INTO records FROM old_rows;
    END IF;
    WITH cited AS (
        SELECT t.model, CASE WHEN r.id ~ '^[0-9]{{1,18}}$' THEN r.id::bigint END AS id
          FROM (SELECT split_part(k, ':', 1)::int AS ct, substr(k, strpos(k, ':') + 1) AS id FROM unnest(records) k) r
          JOIN django_content_type t ON t.id = r.ct AND t.app_label = 'partnerships'
    )
    SELECT ARRAY(SELECT id FROM cited WHERE model = 'project'
                 UNION SELECT x.project_id FROM cited JOIN partnerships_participation x ON x.id = cited.id
                  WHERE cited.model = 'participation'
                 UNION SELECT f.project_id FROM cited JOIN partnerships_figure f ON f.id = cited.id
                  WHERE cited.model = 'figure' AND f.project_id IS NOT NULL),
           ARRAY(SELECT id FROM cited WHERE model = 'organisation')
      INTO projects, organisations;
    PERFORM partnerships_refresh_project_facets(projects);
    PERFORM partnerships_refresh_organisation_facets(organisations);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION partnerships_facets_after_membership() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    organisations bigint[] := '{{}}';
BEGIN
    IF current_setting('partnerships.facets_suspended', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT organisations || array_agg(organisation_id) INTO organisations FROM new_rows;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT organisations || array_agg(organisation_id) INTO organisations FROM old_rows;
    END IF;
    PERFORM partnerships_refresh_organisation_facets(organisations);
    RETURN NULL;
END $$;
"""


def _measures(rows: str) -> str:
    """(measure, value) rows of the QualityCount measures over the facet rows `rows`."""
    return f"""
    SELECT 'records', count(*) FROM {rows}
    UNION ALL SELECT 'checks', coalesce(sum(checks), 0) FROM {rows}
    UNION ALL SELECT 'passed', coalesce(sum(checks - cardinality(gaps)), 0) FROM {rows}
    UNION ALL SELECT 'gap:' || g, count(*) FROM {rows}, unnest(gaps) g GROUP BY g"""


def _removed(rows: str) -> str:
    """The measures of `rows`, negated: what their removal takes off."""
    return f"SELECT m.measure, -m.value FROM ({_measures(rows)}) m(measure, value)"


def _add_to_today(delta: str) -> str:
    """Add the (measure, value) rows of `delta` to today's changes of the trigger's scope,
    in the rows of this transaction's slot (`slot_id`), which no other transaction holds."""
    return f"""INSERT INTO partnerships_qualitycount AS q (day, scope, measure, slot, value)
        SELECT current_date, TG_ARGV[0], d.measure, slot_id, sum(d.value) FROM ({delta}) d(measure, value)
         GROUP BY d.measure HAVING sum(d.value) <> 0
        ON CONFLICT (day, scope, measure, slot) DO UPDATE SET value = q.value + excluded.value;"""


def _gap_measures(scope: str, gaps: dict) -> str:
    return ", ".join(f"('{scope}', 'gap:{key}')" for key in gaps)


# QualityCount: each statement adds the difference it made to today's changes, in its
# transaction's data-version slot (core/sql/data_version.sql): no two writers share a row.
QUALITY = f"""
CREATE OR REPLACE FUNCTION partnerships_quality_after_facets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    slot_id bigint;
BEGIN
    IF current_setting('partnerships.facets_suspended', true) = 'on' THEN RETURN NULL; END IF;
    slot_id := core_data_version_slot();
    IF TG_OP = 'INSERT' THEN
        {_add_to_today(_measures("new_rows"))}
    ELSIF TG_OP = 'DELETE' THEN
        {_add_to_today(_removed("old_rows"))}
    ELSE
        {_add_to_today(f"{_measures('new_rows')} UNION ALL {_removed('old_rows')}")}
    END IF;
    RETURN NULL;
END $$;

-- The counts afresh, from the facet tables (after a rebuild, which TRUNCATE skips triggers
-- for): today's changes get what corrects the sums. The slots of the days before are
-- folded into one row each (slot 0), so that the rows stay few.
CREATE OR REPLACE FUNCTION partnerships_quality_recount() RETURNS void LANGUAGE sql AS $$
    WITH folded AS (
        DELETE FROM partnerships_qualitycount WHERE day < current_date AND slot <> 0
        RETURNING day, scope, measure, value
    )
    INSERT INTO partnerships_qualitycount AS q (day, scope, measure, slot, value)
    SELECT day, scope, measure, 0, sum(value) FROM folded GROUP BY day, scope, measure
    ON CONFLICT (day, scope, measure, slot) DO UPDATE SET value = q.value + excluded.value;

    INSERT INTO partnerships_qualitycount AS q (day, scope, measure, slot, value)
    SELECT current_date, m.scope, m.measure, core_data_version_slot(), sum(m.value) FROM (
        SELECT 'project' AS scope, measure, value FROM ({_measures("partnerships_projectfacets")}) p(measure, value)
        UNION ALL
        SELECT 'organisation', measure, value FROM ({_measures("partnerships_organisationfacets")}) o(measure, value)
        UNION ALL
        SELECT scope, measure, 0 FROM (VALUES {_gap_measures("project", PROJECT_GAPS)},
                                              {_gap_measures("organisation", ORGANISATION_GAPS)}) z(scope, measure)
        UNION ALL
        SELECT scope, measure, -value FROM partnerships_qualitycount
    ) m GROUP BY m.scope, m.measure HAVING sum(m.value) <> 0
    ON CONFLICT (day, scope, measure, slot) DO UPDATE SET value = q.value + excluded.value;
$$;
"""

TRANSITIONS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _statement_triggers(table: str, function: str, events=tuple(TRANSITIONS)) -> list[tuple[str, str, str]]:
    """(name, table, SQL) of triggers after every such statement, with the rows it touched."""
    return [
        (
            name := f"{table}_facets_{event.lower()}",
            table,
            f"CREATE TRIGGER {name} AFTER {event} ON {table} {TRANSITIONS[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function if '(' in function else function + '()'}",
        )
        for event in events
    ]


# Rows inserted and deleted in bulk are handled per statement. A project's or an
# organisation's own columns change one row at a time (in the admin), and only when a
# column the facets copy changes: other updates (search vectors, say) cost nothing.
TRIGGERS = [
    *_statement_triggers("partnerships_participation", "partnerships_facets_after_participation"),
    *_statement_triggers("partnerships_project_countries", "partnerships_facets_after_project_link"),
    *_statement_triggers("partnerships_project_themes", "partnerships_facets_after_project_link"),
    *_statement_triggers("partnerships_figure", "partnerships_facets_after_project_link"),
    *_statement_triggers("gmg_membership", "partnerships_facets_after_membership"),
    *_statement_triggers("core_citation", "partnerships_facets_after_citation"),
    *_statement_triggers("partnerships_project", "partnerships_facets_after_project", ("INSERT", "DELETE")),
    *_statement_triggers("partnerships_organisation", "partnerships_facets_after_organisation", ("INSERT", "DELETE")),
    (
        "partnerships_project_facets_update",
        "partnerships_project",
        """CREATE TRIGGER partnerships_project_facets_update AFTER UPDATE OF start, "end", status
           ON partnerships_project FOR EACH ROW
           WHEN ((OLD.start, OLD."end", OLD.status) IS DISTINCT FROM (NEW.start, NEW."end", NEW.status))
           EXECUTE FUNCTION partnerships_facets_after_project()""",
    ),
    (
        "partnerships_organisation_facets_update",
        "partnerships_organisation",
        """CREATE TRIGGER partnerships_organisation_facets_update AFTER UPDATE OF kind, hq_country_id
           ON partnerships_organisation FOR EACH ROW
           WHEN ((OLD.kind, OLD.hq_country_id) IS DISTINCT FROM (NEW.kind, NEW.hq_country_id))
           EXECUTE FUNCTION partnerships_facets_after_organisation()""",
    ),
]

TRIGGERS += [
    *_statement_triggers("partnerships_projectfacets", "partnerships_quality_after_facets('project')"),
    *_statement_triggers("partnerships_organisationfacets", "partnerships_quality_after_facets('organisation')"),
]

# Any change above means the rows already written may be wrong: rebuild them.
DEFINITION = hashlib.sha256((PROJECT_ROWS + ORGANISATION_ROWS + FUNCTIONS + QUALITY).encode()).hexdigest()[:16]

REBUILD = [
    # Writers wait (and get the admin's conflict message after the lock timeout); readers don't.
    "LOCK TABLE partnerships_projectfacets, partnerships_organisationfacets IN SHARE ROW EXCLUSIVE MODE",
    "DELETE FROM partnerships_projectfacets",
    "DELETE FROM partnerships_organisationfacets",
    f"INSERT INTO partnerships_projectfacets ({', '.join(PROJECT_COLUMNS)}) {_rows(PROJECT_ROWS)}",
    f"INSERT INTO partnerships_organisationfacets ({', '.join(ORGANISATION_COLUMNS)}) {_rows(ORGANISATION_ROWS)}",
    "SELECT partnerships_quality_recount()",
    # The lists change with the rows: cached pages must not outlive them.
    "SELECT core_data_version_slot()",
    f"COMMENT ON TABLE partnerships_projectfacets IS '{DEFINITION}'",
]


def install(using: str) -> None:
    """Create the functions and triggers, and rebuild the rows if the definition changed
    since they were written (or they never were)."""
    connection = connections[using]
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for name, table, _sql in TRIGGERS:
            if table in tables:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        if "partnerships_projectfacets" not in tables:
            return  # migrated back to before the facet tables
        cursor.execute(FUNCTIONS)
        cursor.execute(QUALITY)
        for _name, _table, sql in TRIGGERS:
            cursor.execute(sql)
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
    with transaction.atomic(using=using), without_statement_timeout(connection), connection.cursor() as cursor:
        announce(Write(Write.REBUILD), using)
        cursor.execute("SET LOCAL lock_timeout = 0")
        for statement in REBUILD:
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_projectfacets")
        cursor.execute("ANALYZE partnerships_organisationfacets")
