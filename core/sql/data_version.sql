-- The data version (core.DataVersion, core/versioned_cache.py): the sum of the slots of
-- core_dataversion. Installed after every migrate.

-- The slot this transaction raised, raising one on its first call: the lowest slot that
-- no other transaction holds (SKIP LOCKED: never waits), or a new one when all are held.
-- The row stays locked by this transaction until it ends, so the slot is its own: the
-- quality counts (partnerships) use it to keep their own rows too.
CREATE OR REPLACE FUNCTION core_data_version_slot() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    slot_id bigint := nullif(current_setting('core.data_version_slot', true), '')::bigint;
BEGIN
    IF slot_id IS NOT NULL THEN
        RETURN slot_id;
    END IF;
    UPDATE core_dataversion SET version = version + 1
     WHERE id = (SELECT id FROM core_dataversion ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id INTO slot_id;
    IF slot_id IS NULL THEN
        INSERT INTO core_dataversion (version) VALUES (1) RETURNING id INTO slot_id;
    END IF;
    -- Local to the transaction (and undone with a rolled-back savepoint, as the raise is).
    PERFORM set_config('core.data_version_slot', slot_id::text, true);
    RETURN slot_id;
END $$;

CREATE OR REPLACE FUNCTION core_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM core_data_version_slot();
    RETURN NULL;
END $$;
