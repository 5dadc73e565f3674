"""The data version: one row that database triggers raise on every write to what pages
show (core/versioned_cache.py installs them after every migrate). Its table keeps the
name it was first made with, in the partnerships app."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=0, verbose_name="version")),
            ],
            options={
                "verbose_name": "data version",
                "verbose_name_plural": "data versions",
                "db_table": "partnerships_dataversion",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("id", 1)), name="partnerships_dataversion_single_row")
                ],
            },
        ),
        migrations.RunSQL(
            "INSERT INTO partnerships_dataversion (id, version) VALUES (1, 0)",
            "DELETE FROM partnerships_dataversion",
        ),
    ]
