-- The quality counts (models.QualityCount): each statement that writes a facet table adds
-- the difference it made to today's changes, in the rows of its transaction's data-version
-- slot (core/sql/data_version.sql), which no other transaction holds, so that writers never
-- wait on each other for these rows. Installed after every migrate (facet_tables.py).

-- What one facet row adds to the counts (`sign` 1), or takes from them (-1): a record, its
-- checks, those it passes, and one for each check it fails (`gap:<key>`).
CREATE OR REPLACE FUNCTION partnerships_quality_measures(sign integer, checks integer, gaps varchar[])
RETURNS TABLE (measure text, value bigint) LANGUAGE sql IMMUTABLE AS $$
    SELECT 'records', sign
    UNION ALL SELECT 'checks', sign * checks
    UNION ALL SELECT 'passed', sign * (checks - cardinality(gaps))
    UNION ALL SELECT 'gap:' || gap, sign FROM unnest(gaps) gap
$$;

-- After each statement on a facet table (the scope, "project" or "organisation", is the
-- trigger's argument): its new rows added, its old rows taken away.
CREATE OR REPLACE FUNCTION partnerships_quality_after_facets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    slot_id bigint;
BEGIN
    IF current_setting('partnerships.facets_suspended', true) = 'on' THEN RETURN NULL; END IF;
    slot_id := core_data_version_slot();
    IF TG_OP = 'INSERT' THEN
        INSERT INTO partnerships_qualitycount AS q (day, scope, measure, slot, value)
        SELECT current_date, TG_ARGV[0], m.measure, slot_id, sum(m.value)
          FROM new_rows r, partnerships_quality_measures(1, r.checks, r.gaps) m
         GROUP BY m.measure HAVING sum(m.value) <> 0
        ON CONFLICT (day, scope, measure, slot) DO UPDATE SET value = q.value + excluded.value;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO partnerships_qualitycount AS q (day, scope, measure, slot, value)
        SELECT current_date, TG_ARGV[0], m.measure, slot_id, sum(m.value)
          FROM old_rows r, partnerships_quality_measures(-1, r.checks, r.gaps) m
         GROUP BY m.measure HAVING sum(m.value) <> 0
        ON CONFLICT (day, scope, measure, slot) DO UPDATE SET value = q.value + excluded.value;
    ELSE
        INSERT INTO partnerships_qualitycount AS q (day, scope, measure, slot, value)
        SELECT current_date, TG_ARGV[0], m.measure, slot_id, sum(m.value)
          FROM (SELECT 1 AS sign, checks, gaps FROM new_rows
                UNION ALL SELECT -1, checks, gaps FROM old_rows) r,
               partnerships_quality_measures(r.sign, r.checks, r.gaps) m
         GROUP BY m.measure HAVING sum(m.value) <> 0
        ON CONFLICT (day, scope, measure, slot) DO UPDATE SET value = q.value + excluded.value;
    END IF;
    RETURN NULL;
END $$;

-- The counts afresh, from the facet tables (after a rebuild): today's changes get what
-- corrects the sums. The slots of the days before are folded into one row each (slot 0),
-- so that the rows stay few.
CREATE OR REPLACE FUNCTION partnerships_quality_recount() RETURNS void LANGUAGE sql AS $$
    WITH folded AS (
        DELETE FROM partnerships_qualitycount WHERE day < current_date AND slot <> 0
        RETURNING day, scope, measure, value
    )
    INSERT INTO partnerships_qualitycount AS q (day, scope, measure, slot, value)
    SELECT day, scope, measure, 0, sum(value) FROM folded GROUP BY day, scope, measure
    ON CONFLICT (day, scope, measure, slot) DO UPDATE SET value = q.value + excluded.value;

    INSERT INTO partnerships_qualitycount AS q (day, scope, measure, slot, value)
    SELECT current_date, c.scope, c.measure, core_data_version_slot(), sum(c.value) FROM (
        SELECT 'project' AS scope, m.measure, m.value
          FROM partnerships_projectfacets f, partnerships_quality_measures(1, f.checks, f.gaps) m
        UNION ALL
        SELECT 'organisation', m.measure, m.value
          FROM partnerships_organisationfacets f, partnerships_quality_measures(1, f.checks, f.gaps) m
        UNION ALL
        SELECT scope, measure, -value FROM partnerships_qualitycount
    ) c GROUP BY c.scope, c.measure HAVING sum(c.value) <> 0
    ON CONFLICT (day, scope, measure, slot) DO UPDATE SET value = q.value + excluded.value;
$$;
