"""Once created the data-version trigger of gmg_membership. The triggers of every table
that pages show are now declared in core/versioned_cache.py and installed after
every migrate; this migration is kept so that the migration graph stays unchanged."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("gmg", "0001_initial"),
        ("partnerships", "0005_data_version"),
    ]

    operations = []
