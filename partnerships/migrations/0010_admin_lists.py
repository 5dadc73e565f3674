"""The admin's lists at scale: the figures' order and the search of their own words; the
participations' filters by currency and agreement, in their order."""

import django.contrib.postgres.indexes
import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0009_pending_imports_to_core")]

    operations = [
        migrations.AddIndex(
            model_name="figure",
            index=models.Index(
                models.F("kind"),
                django.db.models.expressions.OrderBy(models.F("value"), descending=True),
                django.db.models.expressions.OrderBy(models.F("id"), descending=True),
                name="partnerships_figure_listed",
            ),
        ),
        migrations.AddIndex(
            model_name="figure",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["label"], name="partnerships_figure_label_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="figure",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["unit"], name="partnerships_figure_unit_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="figure",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["source_text"], name="partnerships_figure_text_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(
                models.F("currency"),
                django.db.models.expressions.OrderBy(models.F("id"), descending=True),
                name="partnerships_participation_cur",
            ),
        ),
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(
                models.F("agreement"),
                django.db.models.expressions.OrderBy(models.F("id"), descending=True),
                name="partnerships_participation_agr",
            ),
        ),
    ]
