"""Editors at a million records (core):

- the data version becomes the sum of slots, so that writers never wait on each other
  (core/versioned_cache.py): its table takes the core app's name and may hold more than
  one row. The triggers' function is replaced after migrate (sql/data_version.sql); until
  then, the one of earlier releases raises the first slot of the renamed table;
- previewed import files, kept for their uploader's confirmation (spreadsheet_admin.py);
- downloads under way, one per person (downloads.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FIRST_SLOT = """
CREATE OR REPLACE FUNCTION partnerships_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE core_dataversion SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END $$
"""


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0002_sources_and_citations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

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
        migrations.CreateModel(
            name="PendingImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=64, unique=True)),
                ("model", models.CharField(max_length=100)),
                ("binary", models.BooleanField()),
                ("file_name", models.CharField(max_length=255)),
                ("data", models.BinaryField()),
                ("created", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="RunningDownload",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("path", models.CharField(max_length=300)),
                ("started", models.DateTimeField()),
            ],
        ),
    ]
