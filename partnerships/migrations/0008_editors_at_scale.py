"""Editors at a million records (partnerships):

- writers never wait on each other (core/versioned_cache.py): a quality count row is the
  change a transaction's slot made on a day, no longer the day's total (the totals are the
  sums of the changes; the rows before are turned into the changes they hold, in slot 0);
  a search word may be kept twice, so that two transactions adding the same new word do
  not wait on each other's commit; a long write refreshes its partners' facet rows at its
  end (PartnerToRefresh, facet_tables.py);
- previewed import files are kept by the core app now (core/spreadsheet_admin.py);
- the admin's lists at scale: the figures' order and the search of their own words; the
  participations' filters by currency and agreement, in their order."""

import django.contrib.postgres.indexes
import django.db.models.expressions
from django.db import migrations, models

TOTALS_TO_CHANGES = """
WITH changes AS (
    SELECT id, value - coalesce(lag(value) OVER (PARTITION BY scope, measure ORDER BY day), 0) AS change
      FROM partnerships_qualitycount
)
UPDATE partnerships_qualitycount q SET value = changes.change FROM changes WHERE q.id = changes.id
"""

CHANGES_TO_TOTALS = [
    """INSERT INTO partnerships_qualitycount (day, scope, measure, slot, value)
       SELECT day, scope, measure, 0, sum(value) FROM partnerships_qualitycount GROUP BY day, scope, measure
       ON CONFLICT (day, scope, measure, slot) DO UPDATE SET value = excluded.value""",
    "DELETE FROM partnerships_qualitycount WHERE slot <> 0",
    """WITH totals AS (
           SELECT id, sum(value) OVER (PARTITION BY scope, measure ORDER BY day) AS total FROM partnerships_qualitycount
       )
       UPDATE partnerships_qualitycount q SET value = totals.total FROM totals WHERE q.id = totals.id""",
]


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0007_quality_checks"), ("core", "0003_editors_at_scale")]

    operations = [
        migrations.RemoveConstraint(model_name="qualitycount", name="partnerships_quality_day"),
        migrations.AddField(model_name="qualitycount", name="slot", field=models.BigIntegerField(default=0)),
        migrations.AddConstraint(
            model_name="qualitycount",
            constraint=models.UniqueConstraint(
                fields=("day", "scope", "measure", "slot"), name="partnerships_quality_day_slot"
            ),
        ),
        migrations.RunSQL(TOTALS_TO_CHANGES, CHANGES_TO_TOTALS),
        migrations.AlterField(
            model_name="searchword",
            name="word",
            field=models.CharField(max_length=100, verbose_name="word"),
        ),
        migrations.AddField(
            model_name="searchword",
            name="id",
            field=models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
        ),
        migrations.AddIndex(
            model_name="searchword",
            index=models.Index(fields=["word"], name="partnerships_searchword_word"),
        ),
        migrations.DeleteModel(name="PendingImport"),
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
        migrations.CreateModel(
            name="PartnerToRefresh",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("xid", models.BigIntegerField()),
                ("organisation_id", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "partners to refresh",
                "verbose_name_plural": "partners to refresh",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("xid", "organisation_id"), name="partnerships_partnertorefresh_once"
                    )
                ],
            },
        ),
    ]
