"""Only a member can chair the group: a chair term must lie within its organisation's
memberships, on every day. Checked by the database after every write to either table
(ChairTerm.clean and Membership.clean give the editor a message first)."""

from django.db import migrations

CHECK = """
CREATE FUNCTION gmg_chair_is_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT FROM gmg_chairterm c
        WHERE c.organisation_id IN (
            CASE WHEN TG_OP <> 'INSERT' THEN OLD.organisation_id END,
            CASE WHEN TG_OP <> 'DELETE' THEN NEW.organisation_id END
        )
        AND NOT coalesce(
            (SELECT range_agg(daterange(m.start, m."end", '[]')) FROM gmg_membership m
             WHERE m.organisation_id = c.organisation_id) @> daterange(c.start, c."end", '[]'),
            false
        )
    ) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'integrity_constraint_violation',
            CONSTRAINT = 'gmg_chair_is_member',
            MESSAGE = 'gmg_chair_is_member: a chair term lies outside its organisation''s GMG membership';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER gmg_chair_is_member AFTER INSERT OR UPDATE ON gmg_chairterm
    FOR EACH ROW EXECUTE FUNCTION gmg_chair_is_member();
CREATE CONSTRAINT TRIGGER gmg_chair_is_member AFTER UPDATE OR DELETE ON gmg_membership
    FOR EACH ROW EXECUTE FUNCTION gmg_chair_is_member();
"""

UNDO = """
DROP TRIGGER gmg_chair_is_member ON gmg_membership;
DROP TRIGGER gmg_chair_is_member ON gmg_chairterm;
DROP FUNCTION gmg_chair_is_member();
"""


class Migration(migrations.Migration):
    dependencies = [("gmg", "0001_squashed_0004_translated_labels")]

    operations = [migrations.RunSQL(CHECK, UNDO)]
