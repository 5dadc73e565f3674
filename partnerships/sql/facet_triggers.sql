-- The triggers' functions that keep the facet tables (models.ProjectFacets,
-- models.OrganisationFacets) and their partners' rows up to date, in the same statement as
-- the change they follow (facet_tables.py installs them, and the triggers, after every
-- migrate). Bulk writes cost one refresh per statement: the statement triggers get the
-- rows it touched as transition tables (new_rows, old_rows).
--
-- partnerships_refresh_project_facets(ids) and partnerships_refresh_organisation_facets(ids)
-- write the rows of sql/facet_rows.sql for those records (facet_tables.py makes them,
-- from the facet tables' column names). Setting partnerships.facets_suspended to 'on' in
-- a transaction skips every refresh until a rebuild (bulk loads: facet_tables.suspended()).

-- Partners' rows whose projects changed: refreshed now, or, in a long write that defers
-- them (facet_tables.partners_deferred()), kept for the end of it, so that a partner of thousands
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
    SELECT coalesce(array_agg(DISTINCT organisation_id), '{}')
      FROM partnerships_participation WHERE project_id = ANY(projects)
$$;

-- A statement changed which projects are in these rows: refresh them and their partners.
CREATE OR REPLACE FUNCTION partnerships_facets_after_project_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    projects bigint[] := '{}';
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
    projects bigint[] := '{}';
    organisations bigint[] := '{}';
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
    records text[] := '{}';  -- content type id:object id
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
        SELECT t.model, CASE WHEN r.id ~ '^[0-9]{1,18}$' THEN r.id::bigint END AS id
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
    organisations bigint[] := '{}';
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

-- A fact recorded as not stated passes the quality check of its project or organisation.
CREATE OR REPLACE FUNCTION partnerships_facets_after_unstated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    projects bigint[] := '{}';
    organisations bigint[] := '{}';
BEGIN
    IF current_setting('partnerships.facets_suspended', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT projects || array_agg(project_id), organisations || array_agg(organisation_id)
          INTO projects, organisations FROM new_rows;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT projects || array_agg(project_id), organisations || array_agg(organisation_id)
          INTO projects, organisations FROM old_rows;
    END IF;
    PERFORM partnerships_refresh_project_facets(array_remove(projects, NULL));
    PERFORM partnerships_refresh_organisation_facets(array_remove(organisations, NULL));
    RETURN NULL;
END $$;

-- The triggers. Rows inserted, updated and deleted in bulk are handled per statement, with
-- the rows the statement touched. A project's or an organisation's own columns change one
-- row at a time (in the admin), and only when a column the facets copy changes: other
-- updates (search vectors, say) cost nothing.
DO $$
DECLARE
    target record;
    event text;
    name text;
BEGIN
    FOR target IN SELECT * FROM (VALUES
        ('partnerships_participation', 'partnerships_facets_after_participation()', 'INSERT UPDATE DELETE'),
        ('partnerships_project_countries', 'partnerships_facets_after_project_link()', 'INSERT UPDATE DELETE'),
        ('partnerships_project_themes', 'partnerships_facets_after_project_link()', 'INSERT UPDATE DELETE'),
        ('partnerships_figure', 'partnerships_facets_after_project_link()', 'INSERT UPDATE DELETE'),
        ('gmg_membership', 'partnerships_facets_after_membership()', 'INSERT UPDATE DELETE'),
        ('core_citation', 'partnerships_facets_after_citation()', 'INSERT UPDATE DELETE'),
        ('partnerships_unstated', 'partnerships_facets_after_unstated()', 'INSERT UPDATE DELETE'),
        ('partnerships_project', 'partnerships_facets_after_project()', 'INSERT DELETE'),
        ('partnerships_organisation', 'partnerships_facets_after_organisation()', 'INSERT DELETE'),
        -- the day's quality counts (sql/quality_counts.sql)
        ('partnerships_projectfacets', 'partnerships_quality_after_facets(''project'')', 'INSERT UPDATE DELETE'),
        ('partnerships_organisationfacets', 'partnerships_quality_after_facets(''organisation'')', 'INSERT UPDATE DELETE')
    ) t(tab, func, events) LOOP
        FOREACH event IN ARRAY string_to_array(target.events, ' ') LOOP
            name := target.tab || '_facets_' || lower(event);
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', name, target.tab);
            EXECUTE format(
                'CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION %s',
                name, event, target.tab,
                CASE event WHEN 'INSERT' THEN 'NEW TABLE AS new_rows'
                           WHEN 'UPDATE' THEN 'OLD TABLE AS old_rows NEW TABLE AS new_rows'
                           ELSE 'OLD TABLE AS old_rows' END,
                target.func);
        END LOOP;
    END LOOP;
END $$;

DROP TRIGGER IF EXISTS partnerships_project_facets_update ON partnerships_project;
CREATE TRIGGER partnerships_project_facets_update AFTER UPDATE OF start, "end", status ON partnerships_project
    FOR EACH ROW WHEN ((OLD.start, OLD."end", OLD.status) IS DISTINCT FROM (NEW.start, NEW."end", NEW.status))
    EXECUTE FUNCTION partnerships_facets_after_project();

DROP TRIGGER IF EXISTS partnerships_organisation_facets_update ON partnerships_organisation;
CREATE TRIGGER partnerships_organisation_facets_update AFTER UPDATE OF kind, hq_country_id ON partnerships_organisation
    FOR EACH ROW WHEN ((OLD.kind, OLD.hq_country_id) IS DISTINCT FROM (NEW.kind, NEW.hq_country_id))
    EXECUTE FUNCTION partnerships_facets_after_organisation();
