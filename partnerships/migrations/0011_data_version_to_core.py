"""The data version now belongs to the core app (core/migrations/0001); its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0010_pending_imports"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="DataVersion")]),
    ]
