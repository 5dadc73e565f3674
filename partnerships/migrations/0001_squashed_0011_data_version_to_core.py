"""The partnerships schema, squashed (see `replaces`)."""

import datetime

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.expressions
import django.db.models.functions.datetime
import django.db.models.functions.math
import django.db.models.functions.text
import django.db.models.lookups
import simple_history.models
from django.conf import settings
from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension, UnaccentExtension
from django.db import migrations, models

import core.dates


class Migration(migrations.Migration):
    initial = True

    # What the first eleven migrations made, in one. The data ones stay separate:
    # 0002_countries and 0003_roles; the data version's row is core's.
    replaces = [
        ("partnerships", "0001_initial"),
        ("partnerships", "0004_search"),
        ("partnerships", "0005_data_version"),
        ("partnerships", "0006_list_indexes"),
        ("partnerships", "0007_history"),
        ("partnerships", "0008_translated_labels"),
        ("partnerships", "0009_facet_tables"),
        ("partnerships", "0010_pending_imports"),
        ("partnerships", "0011_data_version_to_core"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        BtreeGistExtension(),
        TrigramExtension(),
        UnaccentExtension(),
        migrations.CreateModel(
            name="Award",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=300, verbose_name="name")),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year")),
                ("note", models.TextField(blank=True, verbose_name="note")),
            ],
            options={
                "verbose_name": "award",
                "verbose_name_plural": "awards",
                "ordering": ["year", "name"],
            },
        ),
        migrations.CreateModel(
            name="Organisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                ("acronym", models.CharField(blank=True, max_length=50, verbose_name="acronym")),
                ("slug", models.SlugField(max_length=200, unique=True, verbose_name="slug")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("un", "UN agency or intergovernmental body"),
                            ("ngo", "NGO or civil-society organisation"),
                            ("foundation", "Foundation"),
                            ("company", "Private company"),
                            ("academic", "Academic institution"),
                            ("government", "Government or public body"),
                            ("media", "Media"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("website", models.URLField(blank=True, verbose_name="website")),
                (
                    "aliases",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=200),
                        blank=True,
                        default=list,
                        help_text="Other names the sources use, comma-separated.",
                        size=None,
                        verbose_name="aliases",
                    ),
                ),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Project",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("start", models.DateField(blank=True, null=True, verbose_name="start")),
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
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("slug", models.SlugField(max_length=200, unique=True, verbose_name="slug")),
                (
                    "programme",
                    models.CharField(
                        blank=True,
                        help_text="The wider programme it belongs to, as the source names it.",
                        max_length=200,
                        verbose_name="programme",
                    ),
                ),
                ("summary", models.TextField(verbose_name="summary")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("active", "Active"),
                            ("completed", "Completed"),
                            ("suspended", "Suspended"),
                            ("cancelled", "Cancelled"),
                        ],
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={
                "verbose_name": "project",
                "verbose_name_plural": "projects",
                "ordering": ["title"],
            },
        ),
        migrations.CreateModel(
            name="Theme",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                ("description", models.TextField(blank=True, verbose_name="description")),
            ],
            options={
                "verbose_name": "theme",
                "verbose_name_plural": "themes",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Country",
            fields=[
                ("code", models.CharField(max_length=2, primary_key=True, serialize=False, verbose_name="code")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
            ],
            options={
                "verbose_name": "country",
                "verbose_name_plural": "countries",
                "ordering": ["name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("code__regex", "^[A-Z]{2}$")), name="partnerships_country_code_iso"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Crisis",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                ("slug", models.SlugField(max_length=200, unique=True, verbose_name="slug")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("natural", "Natural disaster"),
                            ("epidemic", "Epidemic"),
                            ("violence", "Violence or conflict"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                (
                    "date_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "countries",
                    models.ManyToManyField(
                        blank=True, related_name="crises", to="partnerships.country", verbose_name="countries"
                    ),
                ),
            ],
            options={
                "verbose_name": "crisis",
                "verbose_name_plural": "crises",
                "ordering": ["date", "name"],
            },
            bases=(core.dates.PartialDate, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAward",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=300, verbose_name="name")),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year")),
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
                "verbose_name": "historical award",
                "verbose_name_plural": "historical awards",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCountry",
            fields=[
                ("code", models.CharField(db_index=True, max_length=2, verbose_name="code")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
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
                "verbose_name": "historical country",
                "verbose_name_plural": "historical countries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCrisis",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=200, verbose_name="name")),
                ("slug", models.SlugField(max_length=200, verbose_name="slug")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("natural", "Natural disaster"),
                            ("epidemic", "Epidemic"),
                            ("violence", "Violence or conflict"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                (
                    "date_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
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
                "verbose_name": "historical crisis",
                "verbose_name_plural": "historical crises",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCrisis_countries",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.country",
                    ),
                ),
                (
                    "crisis",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.crisis",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalcrisis",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalCrisis_countries",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPlace",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "region",
                    models.CharField(
                        blank=True,
                        help_text="Province, state or area, as the source names it.",
                        max_length=200,
                        verbose_name="region",
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
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.country",
                        verbose_name="country",
                    ),
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
                "verbose_name": "historical place",
                "verbose_name_plural": "historical places",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProject",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("start", models.DateField(blank=True, null=True, verbose_name="start")),
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
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("slug", models.SlugField(max_length=200, verbose_name="slug")),
                (
                    "programme",
                    models.CharField(
                        blank=True,
                        help_text="The wider programme it belongs to, as the source names it.",
                        max_length=200,
                        verbose_name="programme",
                    ),
                ),
                ("summary", models.TextField(verbose_name="summary")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("active", "Active"),
                            ("completed", "Completed"),
                            ("suspended", "Suspended"),
                            ("cancelled", "Cancelled"),
                        ],
                        max_length=20,
                        verbose_name="status",
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
            ],
            options={
                "verbose_name": "historical project",
                "verbose_name_plural": "historical projects",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPublication",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("title", models.CharField(db_index=True, max_length=300, verbose_name="title")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("news", "News item"),
                            ("story", "Story"),
                            ("publication", "Publication"),
                            ("study", "Study"),
                            ("film", "Film"),
                            ("advert", "TV advertisement"),
                            ("performance", "Performance"),
                            ("photo", "Photograph"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                (
                    "date_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "credit",
                    models.CharField(
                        blank=True,
                        help_text="Copyright or credit line, verbatim.",
                        max_length=300,
                        verbose_name="credit",
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
            ],
            options={
                "verbose_name": "historical publication",
                "verbose_name_plural": "historical publications",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTheme",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=100, verbose_name="name")),
                ("slug", models.SlugField(max_length=100, verbose_name="slug")),
                ("description", models.TextField(blank=True, verbose_name="description")),
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
                "verbose_name": "historical theme",
                "verbose_name_plural": "historical themes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="OrganisationFacets",
            fields=[
                (
                    "organisation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="facets",
                        serialize=False,
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("gmg", models.BooleanField(default=False)),
                ("projects", models.IntegerField(default=0)),
                (
                    "themes",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), default=list, size=None
                    ),
                ),
                (
                    "countries",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=2), default=list, size=None
                    ),
                ),
                (
                    "roles",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=20), default=list, size=None
                    ),
                ),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "verbose_name": "organisation facets",
                "verbose_name_plural": "organisation facets",
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="hq_country",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="headquartered",
                to="partnerships.country",
                verbose_name="country of headquarters",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="The organisation this one is part of (a country mission, a foundation of a company).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="partnerships.organisation",
                verbose_name="parent",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalPerson",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "job_title",
                    models.CharField(
                        blank=True, help_text="As the source gives it.", max_length=300, verbose_name="job title"
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
                "verbose_name": "historical person",
                "verbose_name_plural": "historical people",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOrganisation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=200, verbose_name="name")),
                ("acronym", models.CharField(blank=True, max_length=50, verbose_name="acronym")),
                ("slug", models.SlugField(max_length=200, verbose_name="slug")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("un", "UN agency or intergovernmental body"),
                            ("ngo", "NGO or civil-society organisation"),
                            ("foundation", "Foundation"),
                            ("company", "Private company"),
                            ("academic", "Academic institution"),
                            ("government", "Government or public body"),
                            ("media", "Media"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("website", models.URLField(blank=True, verbose_name="website")),
                (
                    "aliases",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=200),
                        blank=True,
                        default=list,
                        help_text="Other names the sources use, comma-separated.",
                        size=None,
                        verbose_name="aliases",
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
                    "hq_country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.country",
                        verbose_name="country of headquarters",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The organisation this one is part of (a country mission, a foundation of a company).",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.organisation",
                        verbose_name="parent",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical organisation",
                "verbose_name_plural": "historical organisations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAward_organisations",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "award",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.award",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalaward",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAward_organisations",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="award",
            name="organisations",
            field=models.ManyToManyField(
                blank=True, related_name="awards", to="partnerships.organisation", verbose_name="organisations"
            ),
        ),
        migrations.CreateModel(
            name="PendingImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=64, unique=True)),
                ("model", models.CharField(max_length=100)),
                ("format", models.PositiveSmallIntegerField()),
                ("resource", models.CharField(blank=True, max_length=10)),
                ("file_name", models.CharField(max_length=255)),
                ("data", models.BinaryField()),
                ("created", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Person",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "job_title",
                    models.CharField(
                        blank=True, help_text="As the source gives it.", max_length=300, verbose_name="job title"
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="people",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "person",
                "verbose_name_plural": "people",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="historicalaward",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partnerships.person",
                verbose_name="person",
            ),
        ),
        migrations.AddField(
            model_name="award",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="awards",
                to="partnerships.person",
                verbose_name="person",
            ),
        ),
        migrations.CreateModel(
            name="Place",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "region",
                    models.CharField(
                        blank=True,
                        help_text="Province, state or area, as the source names it.",
                        max_length=200,
                        verbose_name="region",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="places",
                        to="partnerships.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={
                "verbose_name": "place",
                "verbose_name_plural": "places",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="ProjectFacets",
            fields=[
                (
                    "project",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="facets",
                        serialize=False,
                        to="partnerships.project",
                    ),
                ),
                ("start", models.DateField(null=True)),
                ("end", models.DateField(null=True)),
                ("status", models.CharField(max_length=20)),
                (
                    "countries",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=2), default=list, size=None
                    ),
                ),
                (
                    "themes",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), default=list, size=None
                    ),
                ),
                (
                    "partners",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), default=list, size=None
                    ),
                ),
                (
                    "kinds",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=20), default=list, size=None
                    ),
                ),
                (
                    "roles",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=20), default=list, size=None
                    ),
                ),
                (
                    "kind_roles",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=41), default=list, size=None
                    ),
                ),
                (
                    "parts",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=100), default=list, size=None
                    ),
                ),
                ("cash", models.BooleanField(default=False)),
                ("in_kind", models.BooleanField(default=False)),
                ("people_reached", models.DecimalField(decimal_places=2, default=0, max_digits=22)),
                ("people_reached_approximate", models.BooleanField(default=False)),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "verbose_name": "project facets",
                "verbose_name_plural": "project facets",
            },
        ),
        migrations.AddField(
            model_name="project",
            name="countries",
            field=models.ManyToManyField(
                blank=True, related_name="projects", to="partnerships.country", verbose_name="countries"
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="crises",
            field=models.ManyToManyField(
                blank=True, related_name="projects", to="partnerships.crisis", verbose_name="crises"
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="follows",
            field=models.ForeignKey(
                blank=True,
                help_text="The earlier project this one builds on.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="follow_ups",
                to="partnerships.project",
                verbose_name="follows",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="places",
            field=models.ManyToManyField(
                blank=True, related_name="projects", to="partnerships.place", verbose_name="places"
            ),
        ),
        migrations.CreateModel(
            name="Participation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("start", models.DateField(blank=True, null=True, verbose_name="start")),
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
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("funding", "Funding partner"),
                            ("in_kind", "In-kind provider"),
                            ("implementing", "Implementing partner"),
                            ("coordinating", "Coordinating partner"),
                            ("research", "Research partner"),
                            ("government", "Government counterpart"),
                            ("community", "Beneficiary-facing partner"),
                            ("private_sector", "Private-sector partner"),
                        ],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name="amount"),
                ),
                (
                    "currency",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("AED", "AED – UAE Dirham"),
                            ("AFN", "AFN – Afghani"),
                            ("ALL", "ALL – Lek"),
                            ("AMD", "AMD – Armenian Dram"),
                            ("ANG", "ANG – Netherlands Antillean Guilder"),
                            ("AOA", "AOA – Kwanza"),
                            ("ARS", "ARS – Argentine Peso"),
                            ("AUD", "AUD – Australian Dollar"),
                            ("AWG", "AWG – Aruban Florin"),
                            ("AZN", "AZN – Azerbaijan Manat"),
                            ("BAM", "BAM – Convertible Mark"),
                            ("BBD", "BBD – Barbados Dollar"),
                            ("BDT", "BDT – Taka"),
                            ("BGN", "BGN – Bulgarian Lev"),
                            ("BHD", "BHD – Bahraini Dinar"),
                            ("BIF", "BIF – Burundi Franc"),
                            ("BMD", "BMD – Bermudian Dollar"),
                            ("BND", "BND – Brunei Dollar"),
                            ("BOB", "BOB – Boliviano"),
                            ("BOV", "BOV – Mvdol"),
                            ("BRL", "BRL – Brazilian Real"),
                            ("BSD", "BSD – Bahamian Dollar"),
                            ("BTN", "BTN – Ngultrum"),
                            ("BWP", "BWP – Pula"),
                            ("BYN", "BYN – Belarusian Ruble"),
                            ("BZD", "BZD – Belize Dollar"),
                            ("CAD", "CAD – Canadian Dollar"),
                            ("CDF", "CDF – Congolese Franc"),
                            ("CHE", "CHE – WIR Euro"),
                            ("CHF", "CHF – Swiss Franc"),
                            ("CHW", "CHW – WIR Franc"),
                            ("CLF", "CLF – Unidad de Fomento"),
                            ("CLP", "CLP – Chilean Peso"),
                            ("CNY", "CNY – Yuan Renminbi"),
                            ("COP", "COP – Colombian Peso"),
                            ("COU", "COU – Unidad de Valor Real"),
                            ("CRC", "CRC – Costa Rican Colon"),
                            ("CUC", "CUC – Peso Convertible"),
                            ("CUP", "CUP – Cuban Peso"),
                            ("CVE", "CVE – Cabo Verde Escudo"),
                            ("CZK", "CZK – Czech Koruna"),
                            ("DJF", "DJF – Djibouti Franc"),
                            ("DKK", "DKK – Danish Krone"),
                            ("DOP", "DOP – Dominican Peso"),
                            ("DZD", "DZD – Algerian Dinar"),
                            ("EGP", "EGP – Egyptian Pound"),
                            ("ERN", "ERN – Nakfa"),
                            ("ETB", "ETB – Ethiopian Birr"),
                            ("EUR", "EUR – Euro"),
                            ("FJD", "FJD – Fiji Dollar"),
                            ("FKP", "FKP – Falkland Islands Pound"),
                            ("GBP", "GBP – Pound Sterling"),
                            ("GEL", "GEL – Lari"),
                            ("GHS", "GHS – Ghana Cedi"),
                            ("GIP", "GIP – Gibraltar Pound"),
                            ("GMD", "GMD – Dalasi"),
                            ("GNF", "GNF – Guinean Franc"),
                            ("GTQ", "GTQ – Quetzal"),
                            ("GYD", "GYD – Guyana Dollar"),
                            ("HKD", "HKD – Hong Kong Dollar"),
                            ("HNL", "HNL – Lempira"),
                            ("HRK", "HRK – Kuna"),
                            ("HTG", "HTG – Gourde"),
                            ("HUF", "HUF – Forint"),
                            ("IDR", "IDR – Rupiah"),
                            ("ILS", "ILS – New Israeli Sheqel"),
                            ("INR", "INR – Indian Rupee"),
                            ("IQD", "IQD – Iraqi Dinar"),
                            ("IRR", "IRR – Iranian Rial"),
                            ("ISK", "ISK – Iceland Krona"),
                            ("JMD", "JMD – Jamaican Dollar"),
                            ("JOD", "JOD – Jordanian Dinar"),
                            ("JPY", "JPY – Yen"),
                            ("KES", "KES – Kenyan Shilling"),
                            ("KGS", "KGS – Som"),
                            ("KHR", "KHR – Riel"),
                            ("KMF", "KMF – Comorian Franc"),
                            ("KPW", "KPW – North Korean Won"),
                            ("KRW", "KRW – Won"),
                            ("KWD", "KWD – Kuwaiti Dinar"),
                            ("KYD", "KYD – Cayman Islands Dollar"),
                            ("KZT", "KZT – Tenge"),
                            ("LAK", "LAK – Lao Kip"),
                            ("LBP", "LBP – Lebanese Pound"),
                            ("LKR", "LKR – Sri Lanka Rupee"),
                            ("LRD", "LRD – Liberian Dollar"),
                            ("LSL", "LSL – Loti"),
                            ("LYD", "LYD – Libyan Dinar"),
                            ("MAD", "MAD – Moroccan Dirham"),
                            ("MDL", "MDL – Moldovan Leu"),
                            ("MGA", "MGA – Malagasy Ariary"),
                            ("MKD", "MKD – Denar"),
                            ("MMK", "MMK – Kyat"),
                            ("MNT", "MNT – Tugrik"),
                            ("MOP", "MOP – Pataca"),
                            ("MRU", "MRU – Ouguiya"),
                            ("MUR", "MUR – Mauritius Rupee"),
                            ("MVR", "MVR – Rufiyaa"),
                            ("MWK", "MWK – Malawi Kwacha"),
                            ("MXN", "MXN – Mexican Peso"),
                            ("MXV", "MXV – Mexican Unidad de Inversion (UDI)"),
                            ("MYR", "MYR – Malaysian Ringgit"),
                            ("MZN", "MZN – Mozambique Metical"),
                            ("NAD", "NAD – Namibia Dollar"),
                            ("NGN", "NGN – Naira"),
                            ("NIO", "NIO – Cordoba Oro"),
                            ("NOK", "NOK – Norwegian Krone"),
                            ("NPR", "NPR – Nepalese Rupee"),
                            ("NZD", "NZD – New Zealand Dollar"),
                            ("OMR", "OMR – Rial Omani"),
                            ("PAB", "PAB – Balboa"),
                            ("PEN", "PEN – Sol"),
                            ("PGK", "PGK – Kina"),
                            ("PHP", "PHP – Philippine Peso"),
                            ("PKR", "PKR – Pakistan Rupee"),
                            ("PLN", "PLN – Zloty"),
                            ("PYG", "PYG – Guarani"),
                            ("QAR", "QAR – Qatari Rial"),
                            ("RON", "RON – Romanian Leu"),
                            ("RSD", "RSD – Serbian Dinar"),
                            ("RUB", "RUB – Russian Ruble"),
                            ("RWF", "RWF – Rwanda Franc"),
                            ("SAR", "SAR – Saudi Riyal"),
                            ("SBD", "SBD – Solomon Islands Dollar"),
                            ("SCR", "SCR – Seychelles Rupee"),
                            ("SDG", "SDG – Sudanese Pound"),
                            ("SEK", "SEK – Swedish Krona"),
                            ("SGD", "SGD – Singapore Dollar"),
                            ("SHP", "SHP – Saint Helena Pound"),
                            ("SLE", "SLE – Leone"),
                            ("SLL", "SLL – Leone"),
                            ("SOS", "SOS – Somali Shilling"),
                            ("SRD", "SRD – Surinam Dollar"),
                            ("SSP", "SSP – South Sudanese Pound"),
                            ("STN", "STN – Dobra"),
                            ("SVC", "SVC – El Salvador Colon"),
                            ("SYP", "SYP – Syrian Pound"),
                            ("SZL", "SZL – Lilangeni"),
                            ("THB", "THB – Baht"),
                            ("TJS", "TJS – Somoni"),
                            ("TMT", "TMT – Turkmenistan New Manat"),
                            ("TND", "TND – Tunisian Dinar"),
                            ("TOP", "TOP – Pa’anga"),
                            ("TRY", "TRY – Turkish Lira"),
                            ("TTD", "TTD – Trinidad and Tobago Dollar"),
                            ("TWD", "TWD – New Taiwan Dollar"),
                            ("TZS", "TZS – Tanzanian Shilling"),
                            ("UAH", "UAH – Hryvnia"),
                            ("UGX", "UGX – Uganda Shilling"),
                            ("USD", "USD – US Dollar"),
                            ("USN", "USN – US Dollar (Next day)"),
                            ("UYI", "UYI – Uruguay Peso en Unidades Indexadas (UI)"),
                            ("UYU", "UYU – Peso Uruguayo"),
                            ("UYW", "UYW – Unidad Previsional"),
                            ("UZS", "UZS – Uzbekistan Sum"),
                            ("VED", "VED – Bolívar Soberano"),
                            ("VES", "VES – Bolívar Soberano"),
                            ("VND", "VND – Dong"),
                            ("VUV", "VUV – Vatu"),
                            ("WST", "WST – Tala"),
                            ("XAF", "XAF – CFA Franc BEAC"),
                            ("XAG", "XAG – Silver"),
                            ("XAU", "XAU – Gold"),
                            ("XBA", "XBA – Bond Markets Unit European Composite Unit (EURCO)"),
                            ("XBB", "XBB – Bond Markets Unit European Monetary Unit (E.M.U.-6)"),
                            ("XBC", "XBC – Bond Markets Unit European Unit of Account 9 (E.U.A.-9)"),
                            ("XBD", "XBD – Bond Markets Unit European Unit of Account 17 (E.U.A.-17)"),
                            ("XCD", "XCD – East Caribbean Dollar"),
                            ("XDR", "XDR – SDR (Special Drawing Right)"),
                            ("XOF", "XOF – CFA Franc BCEAO"),
                            ("XPD", "XPD – Palladium"),
                            ("XPF", "XPF – CFP Franc"),
                            ("XPT", "XPT – Platinum"),
                            ("XSU", "XSU – Sucre"),
                            ("XTS", "XTS – Codes specifically reserved for testing purposes"),
                            ("XUA", "XUA – ADB Unit of Account"),
                            ("XXX", "XXX – The codes assigned for transactions where no currency is involved"),
                            ("YER", "YER – Yemeni Rial"),
                            ("ZAR", "ZAR – Rand"),
                            ("ZMW", "ZMW – Zambian Kwacha"),
                            ("ZWL", "ZWL – Zimbabwe Dollar"),
                        ],
                        max_length=3,
                        verbose_name="currency",
                    ),
                ),
                ("in_kind", models.TextField(blank=True, verbose_name="in-kind contribution")),
                (
                    "agreement",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("mou", "Memorandum of Understanding"),
                            ("bilateral", "Bilateral agreement"),
                            ("trilateral", "Trilateral agreement (incl. a government)"),
                            ("multilateral", "Agreement of several parties"),
                            ("agreement", "Agreement (type not stated)"),
                            ("grant", "Grant"),
                            ("donation", "Donation"),
                        ],
                        max_length=20,
                        verbose_name="agreement",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="partnerships.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "participation",
                "verbose_name_plural": "participations",
                "ordering": ["project", "role", "organisation__name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalQuote",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("text", models.TextField(help_text="Verbatim; do not correct or tidy.", verbose_name="text")),
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
                        help_text="The organisation speaking, when the source says.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.person",
                        verbose_name="person",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="What it speaks of.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical quote",
                "verbose_name_plural": "historical quotes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProject_places",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalproject",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.place",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalProject_places",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProject_crises",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "crisis",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.crisis",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalproject",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalProject_crises",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProject_countries",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.country",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalproject",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalProject_countries",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="follows",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The earlier project this one builds on.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partnerships.project",
                verbose_name="follows",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalParticipation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("start", models.DateField(blank=True, null=True, verbose_name="start")),
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
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("funding", "Funding partner"),
                            ("in_kind", "In-kind provider"),
                            ("implementing", "Implementing partner"),
                            ("coordinating", "Coordinating partner"),
                            ("research", "Research partner"),
                            ("government", "Government counterpart"),
                            ("community", "Beneficiary-facing partner"),
                            ("private_sector", "Private-sector partner"),
                        ],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name="amount"),
                ),
                (
                    "currency",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("AED", "AED – UAE Dirham"),
                            ("AFN", "AFN – Afghani"),
                            ("ALL", "ALL – Lek"),
                            ("AMD", "AMD – Armenian Dram"),
                            ("ANG", "ANG – Netherlands Antillean Guilder"),
                            ("AOA", "AOA – Kwanza"),
                            ("ARS", "ARS – Argentine Peso"),
                            ("AUD", "AUD – Australian Dollar"),
                            ("AWG", "AWG – Aruban Florin"),
                            ("AZN", "AZN – Azerbaijan Manat"),
                            ("BAM", "BAM – Convertible Mark"),
                            ("BBD", "BBD – Barbados Dollar"),
                            ("BDT", "BDT – Taka"),
                            ("BGN", "BGN – Bulgarian Lev"),
                            ("BHD", "BHD – Bahraini Dinar"),
                            ("BIF", "BIF – Burundi Franc"),
                            ("BMD", "BMD – Bermudian Dollar"),
                            ("BND", "BND – Brunei Dollar"),
                            ("BOB", "BOB – Boliviano"),
                            ("BOV", "BOV – Mvdol"),
                            ("BRL", "BRL – Brazilian Real"),
                            ("BSD", "BSD – Bahamian Dollar"),
                            ("BTN", "BTN – Ngultrum"),
                            ("BWP", "BWP – Pula"),
                            ("BYN", "BYN – Belarusian Ruble"),
                            ("BZD", "BZD – Belize Dollar"),
                            ("CAD", "CAD – Canadian Dollar"),
                            ("CDF", "CDF – Congolese Franc"),
                            ("CHE", "CHE – WIR Euro"),
                            ("CHF", "CHF – Swiss Franc"),
                            ("CHW", "CHW – WIR Franc"),
                            ("CLF", "CLF – Unidad de Fomento"),
                            ("CLP", "CLP – Chilean Peso"),
                            ("CNY", "CNY – Yuan Renminbi"),
                            ("COP", "COP – Colombian Peso"),
                            ("COU", "COU – Unidad de Valor Real"),
                            ("CRC", "CRC – Costa Rican Colon"),
                            ("CUC", "CUC – Peso Convertible"),
                            ("CUP", "CUP – Cuban Peso"),
                            ("CVE", "CVE – Cabo Verde Escudo"),
                            ("CZK", "CZK – Czech Koruna"),
                            ("DJF", "DJF – Djibouti Franc"),
                            ("DKK", "DKK – Danish Krone"),
                            ("DOP", "DOP – Dominican Peso"),
                            ("DZD", "DZD – Algerian Dinar"),
                            ("EGP", "EGP – Egyptian Pound"),
                            ("ERN", "ERN – Nakfa"),
                            ("ETB", "ETB – Ethiopian Birr"),
                            ("EUR", "EUR – Euro"),
                            ("FJD", "FJD – Fiji Dollar"),
                            ("FKP", "FKP – Falkland Islands Pound"),
                            ("GBP", "GBP – Pound Sterling"),
                            ("GEL", "GEL – Lari"),
                            ("GHS", "GHS – Ghana Cedi"),
                            ("GIP", "GIP – Gibraltar Pound"),
                            ("GMD", "GMD – Dalasi"),
                            ("GNF", "GNF – Guinean Franc"),
                            ("GTQ", "GTQ – Quetzal"),
                            ("GYD", "GYD – Guyana Dollar"),
                            ("HKD", "HKD – Hong Kong Dollar"),
                            ("HNL", "HNL – Lempira"),
                            ("HRK", "HRK – Kuna"),
                            ("HTG", "HTG – Gourde"),
                            ("HUF", "HUF – Forint"),
                            ("IDR", "IDR – Rupiah"),
                            ("ILS", "ILS – New Israeli Sheqel"),
                            ("INR", "INR – Indian Rupee"),
                            ("IQD", "IQD – Iraqi Dinar"),
                            ("IRR", "IRR – Iranian Rial"),
                            ("ISK", "ISK – Iceland Krona"),
                            ("JMD", "JMD – Jamaican Dollar"),
                            ("JOD", "JOD – Jordanian Dinar"),
                            ("JPY", "JPY – Yen"),
                            ("KES", "KES – Kenyan Shilling"),
                            ("KGS", "KGS – Som"),
                            ("KHR", "KHR – Riel"),
                            ("KMF", "KMF – Comorian Franc"),
                            ("KPW", "KPW – North Korean Won"),
                            ("KRW", "KRW – Won"),
                            ("KWD", "KWD – Kuwaiti Dinar"),
                            ("KYD", "KYD – Cayman Islands Dollar"),
                            ("KZT", "KZT – Tenge"),
                            ("LAK", "LAK – Lao Kip"),
                            ("LBP", "LBP – Lebanese Pound"),
                            ("LKR", "LKR – Sri Lanka Rupee"),
                            ("LRD", "LRD – Liberian Dollar"),
                            ("LSL", "LSL – Loti"),
                            ("LYD", "LYD – Libyan Dinar"),
                            ("MAD", "MAD – Moroccan Dirham"),
                            ("MDL", "MDL – Moldovan Leu"),
                            ("MGA", "MGA – Malagasy Ariary"),
                            ("MKD", "MKD – Denar"),
                            ("MMK", "MMK – Kyat"),
                            ("MNT", "MNT – Tugrik"),
                            ("MOP", "MOP – Pataca"),
                            ("MRU", "MRU – Ouguiya"),
                            ("MUR", "MUR – Mauritius Rupee"),
                            ("MVR", "MVR – Rufiyaa"),
                            ("MWK", "MWK – Malawi Kwacha"),
                            ("MXN", "MXN – Mexican Peso"),
                            ("MXV", "MXV – Mexican Unidad de Inversion (UDI)"),
                            ("MYR", "MYR – Malaysian Ringgit"),
                            ("MZN", "MZN – Mozambique Metical"),
                            ("NAD", "NAD – Namibia Dollar"),
                            ("NGN", "NGN – Naira"),
                            ("NIO", "NIO – Cordoba Oro"),
                            ("NOK", "NOK – Norwegian Krone"),
                            ("NPR", "NPR – Nepalese Rupee"),
                            ("NZD", "NZD – New Zealand Dollar"),
                            ("OMR", "OMR – Rial Omani"),
                            ("PAB", "PAB – Balboa"),
                            ("PEN", "PEN – Sol"),
                            ("PGK", "PGK – Kina"),
                            ("PHP", "PHP – Philippine Peso"),
                            ("PKR", "PKR – Pakistan Rupee"),
                            ("PLN", "PLN – Zloty"),
                            ("PYG", "PYG – Guarani"),
                            ("QAR", "QAR – Qatari Rial"),
                            ("RON", "RON – Romanian Leu"),
                            ("RSD", "RSD – Serbian Dinar"),
                            ("RUB", "RUB – Russian Ruble"),
                            ("RWF", "RWF – Rwanda Franc"),
                            ("SAR", "SAR – Saudi Riyal"),
                            ("SBD", "SBD – Solomon Islands Dollar"),
                            ("SCR", "SCR – Seychelles Rupee"),
                            ("SDG", "SDG – Sudanese Pound"),
                            ("SEK", "SEK – Swedish Krona"),
                            ("SGD", "SGD – Singapore Dollar"),
                            ("SHP", "SHP – Saint Helena Pound"),
                            ("SLE", "SLE – Leone"),
                            ("SLL", "SLL – Leone"),
                            ("SOS", "SOS – Somali Shilling"),
                            ("SRD", "SRD – Surinam Dollar"),
                            ("SSP", "SSP – South Sudanese Pound"),
                            ("STN", "STN – Dobra"),
                            ("SVC", "SVC – El Salvador Colon"),
                            ("SYP", "SYP – Syrian Pound"),
                            ("SZL", "SZL – Lilangeni"),
                            ("THB", "THB – Baht"),
                            ("TJS", "TJS – Somoni"),
                            ("TMT", "TMT – Turkmenistan New Manat"),
                            ("TND", "TND – Tunisian Dinar"),
                            ("TOP", "TOP – Pa’anga"),
                            ("TRY", "TRY – Turkish Lira"),
                            ("TTD", "TTD – Trinidad and Tobago Dollar"),
                            ("TWD", "TWD – New Taiwan Dollar"),
                            ("TZS", "TZS – Tanzanian Shilling"),
                            ("UAH", "UAH – Hryvnia"),
                            ("UGX", "UGX – Uganda Shilling"),
                            ("USD", "USD – US Dollar"),
                            ("USN", "USN – US Dollar (Next day)"),
                            ("UYI", "UYI – Uruguay Peso en Unidades Indexadas (UI)"),
                            ("UYU", "UYU – Peso Uruguayo"),
                            ("UYW", "UYW – Unidad Previsional"),
                            ("UZS", "UZS – Uzbekistan Sum"),
                            ("VED", "VED – Bolívar Soberano"),
                            ("VES", "VES – Bolívar Soberano"),
                            ("VND", "VND – Dong"),
                            ("VUV", "VUV – Vatu"),
                            ("WST", "WST – Tala"),
                            ("XAF", "XAF – CFA Franc BEAC"),
                            ("XAG", "XAG – Silver"),
                            ("XAU", "XAU – Gold"),
                            ("XBA", "XBA – Bond Markets Unit European Composite Unit (EURCO)"),
                            ("XBB", "XBB – Bond Markets Unit European Monetary Unit (E.M.U.-6)"),
                            ("XBC", "XBC – Bond Markets Unit European Unit of Account 9 (E.U.A.-9)"),
                            ("XBD", "XBD – Bond Markets Unit European Unit of Account 17 (E.U.A.-17)"),
                            ("XCD", "XCD – East Caribbean Dollar"),
                            ("XDR", "XDR – SDR (Special Drawing Right)"),
                            ("XOF", "XOF – CFA Franc BCEAO"),
                            ("XPD", "XPD – Palladium"),
                            ("XPF", "XPF – CFP Franc"),
                            ("XPT", "XPT – Platinum"),
                            ("XSU", "XSU – Sucre"),
                            ("XTS", "XTS – Codes specifically reserved for testing purposes"),
                            ("XUA", "XUA – ADB Unit of Account"),
                            ("XXX", "XXX – The codes assigned for transactions where no currency is involved"),
                            ("YER", "YER – Yemeni Rial"),
                            ("ZAR", "ZAR – Rand"),
                            ("ZMW", "ZMW – Zambian Kwacha"),
                            ("ZWL", "ZWL – Zimbabwe Dollar"),
                        ],
                        max_length=3,
                        verbose_name="currency",
                    ),
                ),
                ("in_kind", models.TextField(blank=True, verbose_name="in-kind contribution")),
                (
                    "agreement",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("mou", "Memorandum of Understanding"),
                            ("bilateral", "Bilateral agreement"),
                            ("trilateral", "Trilateral agreement (incl. a government)"),
                            ("multilateral", "Agreement of several parties"),
                            ("agreement", "Agreement (type not stated)"),
                            ("grant", "Grant"),
                            ("donation", "Donation"),
                        ],
                        max_length=20,
                        verbose_name="agreement",
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
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical participation",
                "verbose_name_plural": "historical participations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalFigure",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("people_reached", "People reached"),
                            ("people_affected", "People affected"),
                            ("deaths", "Deaths"),
                            ("items", "Items provided"),
                            ("sites", "Sites or facilities"),
                            ("activities", "Activities held"),
                            ("groups", "Groups or organisations"),
                            ("money", "Money"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exact"),
                            ("about", "About"),
                            ("more_than", "More than"),
                            ("range", "Range"),
                        ],
                        default="exact",
                        max_length=10,
                        verbose_name="qualifier",
                    ),
                ),
                ("value", models.DecimalField(decimal_places=2, max_digits=20, verbose_name="value")),
                (
                    "value_max",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Upper bound, for a range.",
                        max_digits=20,
                        null=True,
                        verbose_name="value max",
                    ),
                ),
                (
                    "unit",
                    models.CharField(
                        help_text="What is counted: people, solar lanterns, stores, EUR…",
                        max_length=100,
                        verbose_name="unit",
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="What the number says, in a few words.", max_length=300, verbose_name="label"
                    ),
                ),
                (
                    "source_text",
                    models.TextField(
                        blank=True, help_text="The source's own words for this figure.", verbose_name="source text"
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
                    "crisis",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.crisis",
                        verbose_name="crisis",
                    ),
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
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical figure",
                "verbose_name_plural": "historical figures",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="historicalaward",
            name="project",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partnerships.project",
                verbose_name="project",
            ),
        ),
        migrations.CreateModel(
            name="Figure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("people_reached", "People reached"),
                            ("people_affected", "People affected"),
                            ("deaths", "Deaths"),
                            ("items", "Items provided"),
                            ("sites", "Sites or facilities"),
                            ("activities", "Activities held"),
                            ("groups", "Groups or organisations"),
                            ("money", "Money"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exact"),
                            ("about", "About"),
                            ("more_than", "More than"),
                            ("range", "Range"),
                        ],
                        default="exact",
                        max_length=10,
                        verbose_name="qualifier",
                    ),
                ),
                ("value", models.DecimalField(decimal_places=2, max_digits=20, verbose_name="value")),
                (
                    "value_max",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Upper bound, for a range.",
                        max_digits=20,
                        null=True,
                        verbose_name="value max",
                    ),
                ),
                (
                    "unit",
                    models.CharField(
                        help_text="What is counted: people, solar lanterns, stores, EUR…",
                        max_length=100,
                        verbose_name="unit",
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="What the number says, in a few words.", max_length=300, verbose_name="label"
                    ),
                ),
                (
                    "source_text",
                    models.TextField(
                        blank=True, help_text="The source's own words for this figure.", verbose_name="source text"
                    ),
                ),
                (
                    "crisis",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="figures",
                        to="partnerships.crisis",
                        verbose_name="crisis",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="figures",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="figures",
                        to="partnerships.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "figure",
                "verbose_name_plural": "figures",
                "ordering": ["kind", "-value"],
            },
        ),
        migrations.AddField(
            model_name="award",
            name="project",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="awards",
                to="partnerships.project",
                verbose_name="project",
            ),
        ),
        migrations.CreateModel(
            name="Publication",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=300, unique=True, verbose_name="title")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("news", "News item"),
                            ("story", "Story"),
                            ("publication", "Publication"),
                            ("study", "Study"),
                            ("film", "Film"),
                            ("advert", "TV advertisement"),
                            ("performance", "Performance"),
                            ("photo", "Photograph"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                (
                    "date_precision",
                    core.dates.PrecisionField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "credit",
                    models.CharField(
                        blank=True,
                        help_text="Copyright or credit line, verbatim.",
                        max_length=300,
                        verbose_name="credit",
                    ),
                ),
                (
                    "countries",
                    models.ManyToManyField(
                        blank=True, related_name="publications", to="partnerships.country", verbose_name="countries"
                    ),
                ),
                (
                    "organisations",
                    models.ManyToManyField(
                        blank=True,
                        related_name="publications",
                        to="partnerships.organisation",
                        verbose_name="organisations",
                    ),
                ),
                (
                    "people",
                    models.ManyToManyField(
                        blank=True, related_name="publications", to="partnerships.person", verbose_name="people"
                    ),
                ),
                (
                    "projects",
                    models.ManyToManyField(
                        blank=True, related_name="publications", to="partnerships.project", verbose_name="projects"
                    ),
                ),
            ],
            options={
                "verbose_name": "publication",
                "verbose_name_plural": "publications",
                "ordering": ["title"],
            },
            bases=(core.dates.PartialDate, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPublication_projects",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalpublication",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.project",
                    ),
                ),
                (
                    "publication",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.publication",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPublication_projects",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPublication_people",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalpublication",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.person",
                    ),
                ),
                (
                    "publication",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.publication",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPublication_people",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPublication_organisations",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalpublication",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.organisation",
                    ),
                ),
                (
                    "publication",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.publication",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPublication_organisations",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPublication_countries",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.country",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalpublication",
                    ),
                ),
                (
                    "publication",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.publication",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPublication_countries",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Quote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(help_text="Verbatim; do not correct or tidy.", verbose_name="text")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        help_text="The organisation speaking, when the source says.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="quotes",
                        to="partnerships.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="quotes",
                        to="partnerships.person",
                        verbose_name="person",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        help_text="What it speaks of.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="quotes",
                        to="partnerships.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "quote",
                "verbose_name_plural": "quotes",
                "ordering": ["project", "id"],
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=100, primary_key=True, serialize=False, verbose_name="word")),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["word"], name="partnerships_searchword_trgm", opclasses=["gin_trgm_ops"]
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="project",
            name="themes",
            field=models.ManyToManyField(
                blank=True, related_name="projects", to="partnerships.theme", verbose_name="themes"
            ),
        ),
        migrations.CreateModel(
            name="HistoricalProject_themes",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="partnerships.historicalproject",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.project",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalProject_themes",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name="crisis",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("date__isnull", True),
                    ("date_precision", "day"),
                    models.Q(("date__day", 1), ("date_precision", "month")),
                    models.Q(("date__day", 1), ("date__month", 1), ("date_precision", "year")),
                    _connector="OR",
                ),
                name="partnerships_crisis_date_aligned",
            ),
        ),
        migrations.AddField(
            model_name="organisationfacets",
            name="hq",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="partnerships.country"
            ),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="partnerships_org_search"),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(("parent", models.F("id")), _negated=True),
                name="partnerships_organisation_not_own_parent",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                fields=("name", "organisation"),
                name="partnerships_person_unique_per_organisation",
                nulls_distinct=False,
            ),
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.UniqueConstraint(
                fields=("name", "country"), name="partnerships_place_unique_name_per_country", nulls_distinct=False
            ),
        ),
        migrations.AddIndex(
            model_name="projectfacets",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="partnerships_pfacets_search"
            ),
        ),
        migrations.AddIndex(
            model_name="projectfacets",
            index=django.contrib.postgres.indexes.GinIndex(fields=["countries"], name="partnerships_pfacets_country"),
        ),
        migrations.AddIndex(
            model_name="projectfacets",
            index=django.contrib.postgres.indexes.GinIndex(fields=["themes"], name="partnerships_pfacets_themes"),
        ),
        migrations.AddIndex(
            model_name="projectfacets",
            index=django.contrib.postgres.indexes.GinIndex(fields=["partners"], name="partnerships_pfacets_partners"),
        ),
        migrations.AddIndex(
            model_name="projectfacets",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["kind_roles"], name="partnerships_pfacets_kindroles"
            ),
        ),
        migrations.AddIndex(
            model_name="projectfacets",
            index=models.Index(fields=["status"], name="partnerships_pfacets_status"),
        ),
        migrations.AddIndex(
            model_name="projectfacets",
            index=models.Index(
                models.OrderBy(models.F("start"), descending=True, nulls_last=True),
                models.F("project"),
                name="partnerships_pfacets_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="projectfacets",
            index=models.Index(
                condition=models.Q(
                    django.db.models.lookups.Exact(django.db.models.functions.math.Mod(models.F("project"), 200), 0)
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
                    "parts",
                    "cash",
                    "in_kind",
                    "people_reached",
                    "people_reached_approximate",
                ),
                name="partnerships_pfacets_sample",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                fields=("project", "organisation", "role"), name="partnerships_participation_unique_role"
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__isnull", True), ("amount__gte", 0), _connector="OR"),
                name="partnerships_participation_amount_positive",
                violation_error_message="The amount cannot be negative.",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("amount__isnull", True), ("currency", "")),
                    models.Q(("amount__isnull", False), models.Q(("currency", ""), _negated=True)),
                    _connector="OR",
                ),
                name="partnerships_participation_amount_has_currency",
                violation_error_message="An amount needs a currency, and a currency needs an amount.",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start__isnull", True), ("end__isnull", True), ("start__lte", models.F("end")), _connector="OR"
                ),
                name="partnerships_participation_start_before_end",
                violation_error_message="The end cannot be before the start.",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start__isnull", True),
                    ("start_precision", "day"),
                    models.Q(("start__day", 1), ("start_precision", "month")),
                    models.Q(("start__day", 1), ("start__month", 1), ("start_precision", "year")),
                    _connector="OR",
                ),
                name="partnerships_participation_start_aligned",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
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
                name="partnerships_participation_end_aligned",
            ),
        ),
        migrations.AddConstraint(
            model_name="figure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("crisis__isnull", True), ("organisation__isnull", True), ("project__isnull", False)),
                    models.Q(("crisis__isnull", True), ("organisation__isnull", False), ("project__isnull", True)),
                    models.Q(("crisis__isnull", False), ("organisation__isnull", True), ("project__isnull", True)),
                    _connector="OR",
                ),
                name="partnerships_figure_has_one_subject",
            ),
        ),
        migrations.AddConstraint(
            model_name="figure",
            constraint=models.CheckConstraint(
                condition=models.Q(("value__gte", 0)),
                name="partnerships_figure_value_positive",
                violation_error_message="A figure cannot be negative.",
            ),
        ),
        migrations.AddConstraint(
            model_name="figure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("qualifier", "range"), ("value_max__gte", models.F("value"))),
                    models.Q(models.Q(("qualifier", "range"), _negated=True), ("value_max", None)),
                    _connector="OR",
                ),
                name="partnerships_figure_range_has_upper_bound",
            ),
        ),
        migrations.AddConstraint(
            model_name="award",
            constraint=models.UniqueConstraint(
                fields=("name", "year"), name="partnerships_award_unique", nulls_distinct=False
            ),
        ),
        migrations.AddConstraint(
            model_name="award",
            constraint=models.CheckConstraint(
                condition=models.Q(("year__isnull", True), ("year__range", (1900, 2100)), _connector="OR"),
                name="partnerships_award_year_plausible",
            ),
        ),
        migrations.AddConstraint(
            model_name="publication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("date__isnull", True),
                    ("date_precision", "day"),
                    models.Q(("date__day", 1), ("date_precision", "month")),
                    models.Q(("date__day", 1), ("date__month", 1), ("date_precision", "year")),
                    _connector="OR",
                ),
                name="partnerships_publication_date_aligned",
            ),
        ),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.CheckConstraint(
                condition=models.Q(("text", ""), _negated=True), name="partnerships_quote_has_text"
            ),
        ),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.MD5("text"),
                models.F("person"),
                models.F("project"),
                name="partnerships_quote_unique_text",
                nulls_distinct=False,
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="partnerships_project_search"
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                models.OrderBy(models.F("start"), descending=True, nulls_last=True),
                models.F("id"),
                name="partnerships_project_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["title", "id"], name="partnerships_project_title"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["status"], name="partnerships_project_status"),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start__isnull", True), ("end__isnull", True), ("start__lte", models.F("end")), _connector="OR"
                ),
                name="partnerships_project_start_before_end",
                violation_error_message="The end cannot be before the start.",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start__isnull", True),
                    ("start_precision", "day"),
                    models.Q(("start__day", 1), ("start_precision", "month")),
                    models.Q(("start__day", 1), ("start__month", 1), ("start_precision", "year")),
                    _connector="OR",
                ),
                name="partnerships_project_start_aligned",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
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
                name="partnerships_project_end_aligned",
            ),
        ),
        migrations.AddIndex(
            model_name="organisationfacets",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="partnerships_ofacets_search"
            ),
        ),
        migrations.AddIndex(
            model_name="organisationfacets",
            index=django.contrib.postgres.indexes.GinIndex(fields=["themes"], name="partnerships_ofacets_themes"),
        ),
        migrations.AddIndex(
            model_name="organisationfacets",
            index=django.contrib.postgres.indexes.GinIndex(fields=["countries"], name="partnerships_ofacets_country"),
        ),
        migrations.AddIndex(
            model_name="organisationfacets",
            index=django.contrib.postgres.indexes.GinIndex(fields=["roles"], name="partnerships_ofacets_roles"),
        ),
        migrations.AddIndex(
            model_name="organisationfacets",
            index=models.Index(fields=["kind"], name="partnerships_ofacets_kind"),
        ),
        migrations.AddIndex(
            model_name="organisationfacets",
            index=models.Index(
                condition=models.Q(
                    django.db.models.lookups.Exact(
                        django.db.models.functions.math.Mod(models.F("organisation"), 200), 0
                    )
                ),
                fields=["organisation"],
                include=("kind", "hq", "gmg", "projects", "themes", "countries", "roles"),
                name="partnerships_ofacets_sample",
            ),
        ),
    ]
