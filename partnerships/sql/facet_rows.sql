-- The rows of the facet tables (models.ProjectFacets, models.OrganisationFacets), computed
-- from the records: for the records whose ids are in `ids`, or for every record. Each
-- column is named after the facet table's column it fills, and nothing reads them by
-- position (facet_tables.py builds the INSERT from these names; a test holds the names
-- to the models' fields). Installed after every migrate; see facet_tables.py.
--
-- Each subquery groups set-wise, so a refresh of one project is as fast as a rebuild is
-- per project. `(every_record OR x = ANY(ids))` folds to one of its sides when the
-- function is inlined into its caller, so each plan filters by the ids or not at all.
--
-- The quality checks (`gaps`: the checks a record fails, `checks`: how many apply,
-- `completeness`: the share passed, in percent): the condition under which a record
-- fails each one is here; their labels are ProjectFacets.Gap and OrganisationFacets.Gap
-- (models/read_models.py), and a test holds the two lists of keys to each other.

-- True when the record of `model` whose id is `id` cites a source (core.Citation: a
-- generic relation, its object id as text).
CREATE OR REPLACE FUNCTION partnerships_cited(model text, id bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT FROM core_citation ci
         WHERE ci.content_type_id = (SELECT ct.id FROM django_content_type ct
                                      WHERE ct.app_label = 'partnerships' AND ct.model = $1)
           AND ci.object_id = $2::text)
$$;

-- True when `fact` is among the facts recorded as not stated in the sources (`facts`,
-- from models.Unstated; NULL when there are none).
CREATE OR REPLACE FUNCTION partnerships_unstated(facts varchar[], fact text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(fact = ANY(facts), false)
$$;

DROP FUNCTION IF EXISTS partnerships_project_facet_rows(bigint[], boolean);
CREATE FUNCTION partnerships_project_facet_rows(ids bigint[], every_record boolean)
RETURNS TABLE (
    project_id bigint,
    start date,
    "end" date,
    status varchar,
    countries varchar[],
    themes bigint[],
    partners bigint[],
    kinds varchar[],
    roles varchar[],
    kind_roles text[],
    participations text[],
    cash boolean,
    in_kind boolean,
    people_reached numeric,
    people_reached_approximate boolean,
    search_vector tsvector,
    gaps varchar[],
    checks integer,
    completeness smallint
)
LANGUAGE sql STABLE AS $$
SELECT p.id AS project_id,
       p.start AS start,
       p."end" AS "end",
       p.status AS status,
       coalesce(c.codes, '{}') AS countries,
       coalesce(t.theme_ids, '{}') AS themes,
       coalesce(pa.partners, '{}') AS partners,
       coalesce(pa.kinds, '{}') AS kinds,
       coalesce(pa.roles, '{}') AS roles,
       coalesce(pa.kind_roles, '{}') AS kind_roles,
       coalesce(pa.tokens, '{}') AS participations,
       coalesce(pa.cash, false) AS cash,
       coalesce(pa.in_kind, false) AS in_kind,
       coalesce(fi.reached, 0) AS people_reached,
       coalesce(fi.approximate, false) AS people_reached_approximate,
       p.search_vector AS search_vector,
       q.gaps AS gaps,
       q.checks AS checks,
       round(100.0 * (q.checks - cardinality(q.gaps)) / q.checks)::smallint AS completeness
  FROM partnerships_project p
  LEFT JOIN (SELECT project_id, array_agg(country_id ORDER BY country_id) AS codes
               FROM partnerships_project_countries
              WHERE (every_record OR project_id = ANY(ids))
              GROUP BY project_id) c
         ON c.project_id = p.id
  LEFT JOIN (SELECT project_id, array_agg(theme_id ORDER BY theme_id) AS theme_ids
               FROM partnerships_project_themes
              WHERE (every_record OR project_id = ANY(ids))
              GROUP BY project_id) t
         ON t.project_id = p.id
  -- A participation token: `<organisation id>:<kind>:<role>:<currency>:<amount>:<in kind 0/1>`
  -- (facet_filters.PARTICIPATION_FIELDS), so that the partner filters that apply together to
  -- one participation, their facets and the totals are answered from this row.
  LEFT JOIN (SELECT x.project_id,
                    array_agg(DISTINCT x.organisation_id) AS partners,
                    array_agg(DISTINCT o.kind) AS kinds,
                    array_agg(DISTINCT x.role) AS roles,
                    array_agg(DISTINCT o.kind || ':' || x.role) AS kind_roles,
                    array_agg(x.organisation_id || ':' || o.kind || ':' || x.role || ':' || x.currency || ':'
                              || coalesce(x.amount::text, '') || ':' || (x.in_kind <> '')::int ORDER BY x.id) AS tokens,
                    bool_or(x.amount IS NOT NULL) AS cash,
                    bool_or(x.in_kind <> '') AS in_kind,
                    bool_or(x.role = 'funding') AS funded,
                    bool_or(x.role = 'funding' AND x.amount IS NOT NULL) AS funded_amount,
                    bool_or(NOT partnerships_cited('participation', x.id)) AS uncited
               FROM partnerships_participation x
               JOIN partnerships_organisation o ON o.id = x.organisation_id
              WHERE (every_record OR x.project_id = ANY(ids))
              GROUP BY x.project_id) pa
         ON pa.project_id = p.id
  LEFT JOIN (SELECT project_id, sum(value) AS reached, bool_or(qualifier <> 'exact') AS approximate
               FROM partnerships_figure
              WHERE kind = 'people_reached' AND (every_record OR project_id = ANY(ids))
              GROUP BY project_id) fi
         ON fi.project_id = p.id
  LEFT JOIN (SELECT f.project_id, bool_or(NOT partnerships_cited('figure', f.id)) AS uncited
               FROM partnerships_figure f
              WHERE (every_record OR f.project_id = ANY(ids))
              GROUP BY f.project_id) fc
         ON fc.project_id = p.id
  -- The facts an editor recorded as not stated in the sources (models.Unstated).
  LEFT JOIN (SELECT project_id, array_agg(fact) AS facts
               FROM partnerships_unstated
              WHERE project_id IS NOT NULL AND (every_record OR project_id = ANY(ids))
              GROUP BY project_id) un
         ON un.project_id = p.id
  -- The checks a project fails: a fact missing, unless recorded as not stated. A funding
  -- amount is checked only where a partner has the funding role.
  CROSS JOIN LATERAL (
      SELECT array_remove(ARRAY[
                 CASE WHEN p.start IS NULL AND NOT partnerships_unstated(un.facts, 'start') THEN 'start' END,
                 CASE WHEN t.theme_ids IS NULL AND NOT partnerships_unstated(un.facts, 'theme') THEN 'theme' END,
                 CASE WHEN c.codes IS NULL AND NOT partnerships_unstated(un.facts, 'country') THEN 'country' END,
                 CASE WHEN pa.partners IS NULL AND NOT partnerships_unstated(un.facts, 'partner') THEN 'partner' END,
                 CASE WHEN pa.funded AND NOT pa.funded_amount AND NOT partnerships_unstated(un.facts, 'amount') THEN 'amount' END,
                 CASE WHEN NOT partnerships_cited('project', p.id) OR pa.uncited OR fc.uncited THEN 'citation' END
             ]::varchar[], NULL) AS gaps,
             5 + coalesce(pa.funded, false)::int AS checks
  ) q
 WHERE (every_record OR p.id = ANY(ids))
$$;

DROP FUNCTION IF EXISTS partnerships_organisation_facet_rows(bigint[], boolean);
CREATE FUNCTION partnerships_organisation_facet_rows(ids bigint[], every_record boolean)
RETURNS TABLE (
    organisation_id bigint,
    kind varchar,
    hq_id varchar,
    gmg boolean,
    projects bigint,
    themes bigint[],
    countries varchar[],
    roles varchar[],
    search_vector tsvector,
    gaps varchar[],
    checks integer,
    completeness smallint
)
LANGUAGE sql STABLE AS $$
SELECT o.id AS organisation_id,
       o.kind AS kind,
       o.hq_country_id AS hq_id,
       EXISTS (SELECT FROM gmg_membership m WHERE m.organisation_id = o.id) AS gmg,
       coalesce(pa.projects, 0) AS projects,
       coalesce(t.themes, '{}') AS themes,
       coalesce(c.countries, '{}') AS countries,
       coalesce(pa.roles, '{}') AS roles,
       o.search_vector AS search_vector,
       q.gaps AS gaps,
       q.checks AS checks,
       round(100.0 * (q.checks - cardinality(q.gaps)) / q.checks)::smallint AS completeness
  FROM partnerships_organisation o
  LEFT JOIN (SELECT organisation_id, count(DISTINCT project_id) AS projects, array_agg(DISTINCT role) AS roles
               FROM partnerships_participation
              WHERE (every_record OR organisation_id = ANY(ids))
              GROUP BY organisation_id) pa
         ON pa.organisation_id = o.id
  -- The themes and countries of an organisation's projects, from their facet rows.
  LEFT JOIN (SELECT x.organisation_id, array_agg(DISTINCT theme) AS themes
               FROM partnerships_participation x
               JOIN partnerships_projectfacets f ON f.project_id = x.project_id, unnest(f.themes) theme
              WHERE (every_record OR x.organisation_id = ANY(ids))
              GROUP BY x.organisation_id) t
         ON t.organisation_id = o.id
  LEFT JOIN (SELECT x.organisation_id, array_agg(DISTINCT country) AS countries
               FROM partnerships_participation x
               JOIN partnerships_projectfacets f ON f.project_id = x.project_id, unnest(f.countries) country
              WHERE (every_record OR x.organisation_id = ANY(ids))
              GROUP BY x.organisation_id) c
         ON c.organisation_id = o.id
  LEFT JOIN (SELECT organisation_id, array_agg(fact) AS facts
               FROM partnerships_unstated
              WHERE organisation_id IS NOT NULL AND (every_record OR organisation_id = ANY(ids))
              GROUP BY organisation_id) un
         ON un.organisation_id = o.id
  -- The checks an organisation fails: a fact missing, unless recorded as not stated.
  CROSS JOIN LATERAL (
      SELECT array_remove(ARRAY[
                 CASE WHEN o.kind = '' AND NOT partnerships_unstated(un.facts, 'kind') THEN 'kind' END,
                 CASE WHEN o.hq_country_id IS NULL AND NOT partnerships_unstated(un.facts, 'hq') THEN 'hq' END,
                 CASE WHEN NOT partnerships_cited('organisation', o.id) THEN 'citation' END
             ]::varchar[], NULL) AS gaps,
             3 AS checks
  ) q
 WHERE (every_record OR o.id = ANY(ids))
$$;
