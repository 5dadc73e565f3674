import csv
from pathlib import Path

from django.db import migrations

from core.history import record_existing_rows

COUNTRIES = Path(__file__).resolve().parent.parent / "data" / "countries.csv"


def load_countries(apps, schema_editor):
    Country = apps.get_model("partnerships", "Country")
    with open(COUNTRIES, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Country.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_squashed_0011_data_version_to_core")]

    operations = [
        migrations.RunPython(load_countries, migrations.RunPython.noop),
        # Each country's first history row, as for any record that existed before it was edited.
        migrations.RunPython(record_existing_rows("partnerships", ["Country"]), migrations.RunPython.noop),
    ]
