"""The GMG schema, squashed (see `replaces`)."""

import datetime

import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
import django.db.models.deletion
import django.db.models.expressions
import django.db.models.functions.datetime
import django.db.models.lookups
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import core.dates
import gmg.models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("gmg", "0001_initial"),
        ("gmg", "0002_data_version"),
        ("gmg", "0003_history"),
        ("gmg", "0004_translated_labels"),
    ]

    dependencies = [
        ("partnerships", "0001_squashed_0011_data_version_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkingGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=300, unique=True, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[("working_group", "Long-term working group"), ("task_force", "Time-bound task force")],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
            ],
            options={
                "verbose_name": "working group",
                "verbose_name_plural": "working groups",
                "ordering": ["kind", "name"],
            },
        ),
        migrations.CreateModel(
            name="CouncilInteraction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(unique=True, verbose_name="date")),
                (
                    "date_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
            ],
            options={
                "verbose_name": "IOM Council interaction",
                "verbose_name_plural": "IOM Council interactions",
                "ordering": ["date"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date__isnull", True),
                            ("date_precision", "day"),
                            models.Q(("date__day", 1), ("date_precision", "month")),
                            models.Q(("date__day", 1), ("date__month", 1), ("date_precision", "year")),
                            _connector="OR",
                        ),
                        name="gmg_councilinteraction_date_aligned",
                    )
                ],
            },
            bases=(core.dates.PartialDate, models.Model),
        ),
        migrations.CreateModel(
            name="GroupName",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("acronym", models.CharField(blank=True, max_length=20, verbose_name="acronym")),
                ("start", models.DateField(unique=True, verbose_name="start")),
                (
                    "start_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="start precision",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
            ],
            options={
                "verbose_name": "group name",
                "verbose_name_plural": "group names",
                "ordering": ["start"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start__isnull", True),
                            ("start_precision", "day"),
                            models.Q(("start__day", 1), ("start_precision", "month")),
                            models.Q(("start__day", 1), ("start__month", 1), ("start_precision", "year")),
                            _connector="OR",
                        ),
                        name="gmg_groupname_start_aligned",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalChairTerm",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "start_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="start precision",
                    ),
                ),
                ("end", models.DateField(blank=True, null=True, verbose_name="end")),
                (
                    "end_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="end precision",
                    ),
                ),
                ("start", models.DateField(verbose_name="start")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical chair term",
                "verbose_name_plural": "historical chair terms",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCouncilInteraction",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("date", models.DateField(db_index=True, verbose_name="date")),
                (
                    "date_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical IOM Council interaction",
                "verbose_name_plural": "historical IOM Council interactions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalGroupName",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("acronym", models.CharField(blank=True, max_length=20, verbose_name="acronym")),
                ("start", models.DateField(db_index=True, verbose_name="start")),
                (
                    "start_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="start precision",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical group name",
                "verbose_name_plural": "historical group names",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMembership",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "start_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="start precision",
                    ),
                ),
                ("end", models.DateField(blank=True, null=True, verbose_name="end")),
                (
                    "end_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="end precision",
                    ),
                ),
                ("start", models.DateField(verbose_name="start")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "in_published_list",
                    models.BooleanField(
                        default=True,
                        help_text="Named in the source's bullet list of GMG members (which omits WHO and the World Bank).",
                        verbose_name="in published list",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical membership",
                "verbose_name_plural": "historical memberships",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalWorkingGroup",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=300, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[("working_group", "Long-term working group"), ("task_force", "Time-bound task force")],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical working group",
                "verbose_name_plural": "historical working groups",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalWorkingGroupLead",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("role", models.CharField(help_text="co-chair, co-convener…", max_length=50, verbose_name="role")),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Order in which the source names them.", verbose_name="position"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "group",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="gmg.workinggroup",
                        verbose_name="group",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical working group lead",
                "verbose_name_plural": "historical working group leads",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ChairTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "start_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="start precision",
                    ),
                ),
                ("end", models.DateField(blank=True, null=True, verbose_name="end")),
                (
                    "end_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="end precision",
                    ),
                ),
                ("start", models.DateField(verbose_name="start")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="gmg_chair_terms",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "chair term",
                "verbose_name_plural": "chair terms",
                "ordering": ["start"],
                "constraints": [
                    django.contrib.postgres.constraints.ExclusionConstraint(
                        expressions=[
                            (
                                gmg.models.DateRange(
                                    "start",
                                    "end",
                                    django.contrib.postgres.fields.ranges.RangeBoundary(
                                        inclusive_lower=True, inclusive_upper=True
                                    ),
                                ),
                                "&&",
                            )
                        ],
                        name="gmg_chairterm_no_overlap",
                        violation_error_message="Another organisation chairs the group during part of this period.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start__isnull", True),
                            ("end__isnull", True),
                            ("start__lte", models.F("end")),
                            _connector="OR",
                        ),
                        name="gmg_chairterm_start_before_end",
                        violation_error_message="The end cannot be before the start.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start__isnull", True),
                            ("start_precision", "day"),
                            models.Q(("start__day", 1), ("start_precision", "month")),
                            models.Q(("start__day", 1), ("start__month", 1), ("start_precision", "year")),
                            _connector="OR",
                        ),
                        name="gmg_chairterm_start_aligned",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end__isnull", True),
                            ("end_precision", "day"),
                            models.Q(
                                django.db.models.lookups.Exact(
                                    django.db.models.functions.datetime.ExtractDay(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("end"), "+", models.Value(datetime.timedelta(days=1))
                                        )
                                    ),
                                    1,
                                ),
                                ("end_precision", "month"),
                            ),
                            models.Q(
                                django.db.models.lookups.Exact(
                                    django.db.models.functions.datetime.ExtractDay(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("end"), "+", models.Value(datetime.timedelta(days=1))
                                        )
                                    ),
                                    1,
                                ),
                                django.db.models.lookups.Exact(
                                    django.db.models.functions.datetime.ExtractMonth(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("end"), "+", models.Value(datetime.timedelta(days=1))
                                        )
                                    ),
                                    1,
                                ),
                                ("end_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                        name="gmg_chairterm_end_aligned",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "start_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="start precision",
                    ),
                ),
                ("end", models.DateField(blank=True, null=True, verbose_name="end")),
                (
                    "end_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="end precision",
                    ),
                ),
                ("start", models.DateField(verbose_name="start")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "in_published_list",
                    models.BooleanField(
                        default=True,
                        help_text="Named in the source's bullet list of GMG members (which omits WHO and the World Bank).",
                        verbose_name="in published list",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="gmg_memberships",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "ordering": ["start", "organisation__name"],
                "constraints": [
                    django.contrib.postgres.constraints.ExclusionConstraint(
                        expressions=[
                            ("organisation", "="),
                            (
                                gmg.models.DateRange(
                                    "start",
                                    "end",
                                    django.contrib.postgres.fields.ranges.RangeBoundary(
                                        inclusive_lower=True, inclusive_upper=True
                                    ),
                                ),
                                "&&",
                            ),
                        ],
                        name="gmg_membership_no_overlap",
                        violation_error_message="This organisation is already a member during that period.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start__isnull", True),
                            ("end__isnull", True),
                            ("start__lte", models.F("end")),
                            _connector="OR",
                        ),
                        name="gmg_membership_start_before_end",
                        violation_error_message="The end cannot be before the start.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start__isnull", True),
                            ("start_precision", "day"),
                            models.Q(("start__day", 1), ("start_precision", "month")),
                            models.Q(("start__day", 1), ("start__month", 1), ("start_precision", "year")),
                            _connector="OR",
                        ),
                        name="gmg_membership_start_aligned",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end__isnull", True),
                            ("end_precision", "day"),
                            models.Q(
                                django.db.models.lookups.Exact(
                                    django.db.models.functions.datetime.ExtractDay(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("end"), "+", models.Value(datetime.timedelta(days=1))
                                        )
                                    ),
                                    1,
                                ),
                                ("end_precision", "month"),
                            ),
                            models.Q(
                                django.db.models.lookups.Exact(
                                    django.db.models.functions.datetime.ExtractDay(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("end"), "+", models.Value(datetime.timedelta(days=1))
                                        )
                                    ),
                                    1,
                                ),
                                django.db.models.lookups.Exact(
                                    django.db.models.functions.datetime.ExtractMonth(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("end"), "+", models.Value(datetime.timedelta(days=1))
                                        )
                                    ),
                                    1,
                                ),
                                ("end_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                        name="gmg_membership_end_aligned",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="WorkingGroupLead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("role", models.CharField(help_text="co-chair, co-convener…", max_length=50, verbose_name="role")),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Order in which the source names them.", verbose_name="position"
                    ),
                ),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="leads",
                        to="gmg.workinggroup",
                        verbose_name="group",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="gmg_group_leads",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "working group lead",
                "verbose_name_plural": "working group leads",
                "ordering": ["group", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("group", "organisation"), name="gmg_workinggrouplead_unique")
                ],
            },
        ),
    ]
