"""The data version becomes the sum of slots, so that writers never wait on each other
(core/versioned_cache.py): its table takes the core app's name and may hold more than
one row. The triggers' function is replaced after migrate (sql/data_version.sql); until
then, the one of earlier releases raises the first slot of the renamed table."""

from django.db import migrations

FIRST_SLOT = """
CREATE OR REPLACE FUNCTION partnerships_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE core_dataversion SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END $$
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0002_sources_and_citations")]

    operations = [
        migrations.RemoveConstraint(model_name="dataversion", name="partnerships_dataversion_single_row"),
        migrations.AlterModelTable(name="dataversion", table=None),
        migrations.RunSQL(
            "ALTER SEQUENCE IF EXISTS partnerships_dataversion_id_seq RENAME TO core_dataversion_id_seq",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "SELECT setval(pg_get_serial_sequence('core_dataversion', 'id'), (SELECT max(id) FROM core_dataversion))",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(FIRST_SLOT, migrations.RunSQL.noop),
    ]
