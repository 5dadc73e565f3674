"""The project facet table's participation tokens are named for what they hold:
`parts` becomes `participations`. PostgreSQL keeps the sample index through the rename
(an index refers to the column, not its name), so only Django's picture of it changes."""

import django.db.models.functions.math
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0008_editors_at_scale")]

    operations = [
        migrations.RenameField(model_name="projectfacets", old_name="parts", new_name="participations"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="projectfacets", name="partnerships_pfacets_sample"),
                migrations.AddIndex(
                    model_name="projectfacets",
                    index=models.Index(
                        condition=models.Q(
                            django.db.models.lookups.Exact(
                                django.db.models.functions.math.Mod(models.F("project"), 200), 0
                            )
                        ),
                        fields=["project"],
                        include=(
                            "start",
                            "end",
                            "status",
                            "countries",
                            "themes",
                            "partners",
                            "kinds",
                            "roles",
                            "kind_roles",
                            "participations",
                            "cash",
                            "in_kind",
                            "people_reached",
                            "people_reached_approximate",
                            "gaps",
                        ),
                        name="partnerships_pfacets_sample",
                    ),
                ),
            ]
        ),
    ]
