"""GMG membership is a filter of the partners list: its changes raise the data version too."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("gmg", "0001_initial"),
        ("partnerships", "0005_data_version"),
    ]

    operations = [
        migrations.RunSQL(
            """
            CREATE TRIGGER gmg_membership_bumps_data_version
            AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gmg_membership
            FOR EACH STATEMENT EXECUTE FUNCTION partnerships_bump_data_version();
            """,
            "DROP TRIGGER gmg_membership_bumps_data_version ON gmg_membership",
        ),
    ]
