"""The data version moves here from the partnerships app, its table and row as they
are (partnerships/migrations/0005 made them): only Django's idea of its owner changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("partnerships", "0010_pending_imports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("version", models.BigIntegerField(default=0, verbose_name="version")),
                    ],
                    options={
                        "verbose_name": "data version",
                        "verbose_name_plural": "data versions",
                        "db_table": "partnerships_dataversion",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("id", 1)), name="partnerships_dataversion_single_row"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
