"""Writers never wait on each other (core/versioned_cache.py):

- a quality count row is the change a transaction's slot made on a day, no longer the
  day's total (the totals are the sums of the changes; the rows before are turned into
  the changes they hold, folded into slot 0);
- a search word may be kept twice, so that two transactions adding the same new word
  do not wait on each other's commit."""

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
    dependencies = [("partnerships", "0007_quality_checks"), ("core", "0003_data_version_slots")]

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
    ]
