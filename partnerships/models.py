import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import MD5, Mod
from django.db.models.lookups import Exact
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .dates import PartialPeriod, PrecisionField, format_partial, period_start, start_aligned

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read_codes(filename: str) -> list[tuple[str, str]]:
    with open(DATA_DIR / filename, newline="", encoding="utf-8") as handle:
        return [(row["code"], f"{row['code']} – {row['name']}") for row in csv.DictReader(handle)]


CURRENCIES = _read_codes("currencies.csv")
# Facets over very many rows are estimated from the rows whose id is a multiple of this.
SAMPLE_MODULUS = 50


def sampled() -> Q:
    """The condition of that sample, written once: queries and partial indexes share it."""
    return Q(Exact(Mod(F("id"), SAMPLE_MODULUS), 0))


class Country(models.Model):
    """An ISO 3166-1 country, loaded by a migration from data/countries.csv."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2}$"), name="partnerships_country_code_iso"),
        ]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """One entry of the small, managed taxonomy of what a project is about."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Place(models.Model):
    """A place within a country (Lampedusa, Banda Aceh), or a region across countries."""

    name = models.CharField(max_length=200)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="places")
    region = models.CharField(max_length=200, blank=True, help_text="Province, state or area, as the source names it.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], nulls_distinct=False, name="partnerships_place_unique_name_per_country"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country_id})" if self.country_id else self.name


class OrganisationQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UN = "un", "UN agency or intergovernmental body"
        NGO = "ngo", "NGO or civil-society organisation"
        FOUNDATION = "foundation", "Foundation"
        COMPANY = "company", "Private company"
        ACADEMIC = "academic", "Academic institution"
        GOVERNMENT = "government", "Government or public body"
        MEDIA = "media", "Media"

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=50, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    hq_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headquartered",
        verbose_name="country of headquarters",
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The organisation this one is part of (a country mission, a foundation of a company).",
    )
    aliases = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="Other names the sources use, comma-separated.",
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OrganisationQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["name"]
        indexes = [
            # WHERE search_vector @@ websearch_to_tsquery(...) on the partners list
            GinIndex(fields=["search_vector"], name="partnerships_org_search"),
            # WHERE mod(id, 50) = 0: the sample that estimates facets over many partners
            models.Index(fields=["id"], condition=sampled(), name="partnerships_org_sample"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="partnerships_organisation_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation", args=[self.slug])

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "An organisation cannot be part of itself."})
            ancestor = ancestor.parent


class Crisis(models.Model):
    """A disaster or emergency that projects responded to (the 2004 tsunami, Cyclone Nargis)."""

    class Kind(models.TextChoices):
        NATURAL = "natural", "Natural disaster"
        EPIDEMIC = "epidemic", "Epidemic"
        VIOLENCE = "violence", "Violence or conflict"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = PrecisionField()
    countries = models.ManyToManyField(Country, blank=True, related_name="crises")
    summary = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        ordering = ["date", "name"]
        verbose_name_plural = "crises"
        constraints = [start_aligned("date", "partnerships_crisis_date_aligned")]

    def __str__(self):
        return self.name

    @property
    def date_display(self) -> str:
        return format_partial(self.date, self.date_precision)

    def clean(self):
        super().clean()
        if self.date:
            self.date = period_start(self.date, self.date_precision)


@dataclass(frozen=True)
class Totals:
    projects: int
    cash: dict[str, Decimal]
    in_kind: int
    people_reached: Decimal
    people_reached_approximate: bool
    estimated: bool = False

    def scaled(self, factor: float, *, projects: int) -> "Totals":
        """Totals of a random sample, scaled up to all `projects`: estimates."""
        return Totals(
            projects=projects,
            cash={currency: round(amount * Decimal(factor), -3) for currency, amount in self.cash.items()},
            in_kind=round(self.in_kind * factor),
            people_reached=round(self.people_reached * Decimal(factor), -3),
            people_reached_approximate=True,
            estimated=True,
        )


class ProjectQuerySet(models.QuerySet):
    def active_during(self, first_year: int | None, last_year: int | None):
        """Projects whose known dates overlap the years given (either may be open).

        A project without an end is taken as going on from its start; projects with
        no date at all are left out, since nothing says when they ran.
        """
        if first_year is not None and last_year is not None and first_year > last_year:
            first_year, last_year = last_year, first_year
        condition = Q(start__isnull=False) | Q(end__isnull=False)
        if last_year is not None:
            condition &= Q(start__isnull=True) | Q(start__lte=datetime.date(last_year, 12, 31))
        if first_year is not None:
            condition &= Q(end__isnull=True) | Q(end__gte=datetime.date(first_year, 1, 1))
        return self.filter(condition)

    def with_lists(self):
        """Everything a list of projects shows, in a fixed number of queries."""
        return self.prefetch_related(
            "themes",
            "countries",
            models.Prefetch("participations", Participation.objects.select_related("organisation")),
        )

    def totals(self, participations: Q | None = None) -> "Totals":
        """Totals for these projects; money counts only the participations matching `participations`."""
        projects = self.order_by().values("pk")
        parts = Participation.objects.filter(project__in=projects)
        if participations is not None:
            parts = parts.filter(participations)
        cash = parts.filter(amount__isnull=False).values("currency").annotate(total=Sum("amount")).order_by("currency")
        reached = Figure.objects.filter(project__in=projects, kind=Figure.Kind.PEOPLE_REACHED).aggregate(
            total=Sum("value"), approximate=Count("pk", filter=~Q(qualifier=Figure.Qualifier.EXACT))
        )
        return Totals(
            projects=self.count(),
            cash={row["currency"]: row["total"] for row in cash},
            in_kind=parts.exclude(in_kind="").count(),
            people_reached=reached["total"] or 0,
            people_reached_approximate=bool(reached["approximate"]),
        )


class Project(PartialPeriod):
    """A partnership activity: what was done together, where, when and about what."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        SUSPENDED = "suspended", "Suspended"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    programme = models.CharField(
        max_length=200, blank=True, help_text="The wider programme it belongs to, as the source names it."
    )
    summary = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices)
    countries = models.ManyToManyField(Country, blank=True, related_name="projects")
    places = models.ManyToManyField(Place, blank=True, related_name="projects")
    themes = models.ManyToManyField(Theme, blank=True, related_name="projects")
    crises = models.ManyToManyField(Crisis, blank=True, related_name="projects")
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="The earlier project this one builds on.",
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProjectQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_vector"], m2m_fields=[countries, places, themes, crises])

    class Meta:
        ordering = ["title"]
        indexes = [
            # WHERE search_vector @@ websearch_to_tsquery(...) on the projects list
            GinIndex(fields=["search_vector"], name="partnerships_project_search"),
            # ORDER BY start DESC NULLS LAST, id LIMIT 50: the projects list, newest first
            models.Index(F("start").desc(nulls_last=True), "id", name="partnerships_project_newest"),
            # ORDER BY title, id LIMIT 100: the admin changelist and the list sorted by title
            models.Index(fields=["title", "id"], name="partnerships_project_title"),
            # WHERE status = 'planned': counting a status filter (an index-only scan)
            models.Index(fields=["status"], name="partnerships_project_status"),
            # WHERE mod(id, 50) = 0: the sample that estimates facets over many projects
            models.Index(fields=["id"], condition=sampled(), name="partnerships_project_sample"),
        ]
        constraints = PartialPeriod.period_constraints("partnerships_project")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:project", args=[self.slug])


class Participation(PartialPeriod):
    """An organisation's part in a project: its role, what it gave and under which agreement.

    Roles, with the IATI organisation role they map to:

    - funding: gives money (IATI 1, Funding)
    - in_kind: gives goods, services, airtime, expertise or discounts (IATI 1, Funding)
    - implementing: carries out the work (IATI 4, Implementing)
    - coordinating: leads or coordinates other partners' work (IATI 3, Extending)
    - research: studies or evaluates the work (IATI 4, Implementing)
    - government: a government party to the agreement or host authority (IATI 2, Accountable)
    - community: a local organisation working directly with the people reached (IATI 4)
    - private_sector: joins through its business: employs, sells or buys (IATI 4)
    """

    class Role(models.TextChoices):
        FUNDING = "funding", "Funding partner"
        IN_KIND = "in_kind", "In-kind provider"
        IMPLEMENTING = "implementing", "Implementing partner"
        COORDINATING = "coordinating", "Coordinating partner"
        RESEARCH = "research", "Research partner"
        GOVERNMENT = "government", "Government counterpart"
        COMMUNITY = "community", "Beneficiary-facing partner"
        PRIVATE_SECTOR = "private_sector", "Private-sector partner"

    class Agreement(models.TextChoices):
        MOU = "mou", "Memorandum of Understanding"
        BILATERAL = "bilateral", "Bilateral agreement"
        TRILATERAL = "trilateral", "Trilateral agreement (incl. a government)"
        MULTILATERAL = "multilateral", "Agreement of several parties"
        AGREEMENT = "agreement", "Agreement (type not stated)"
        GRANT = "grant", "Grant"
        DONATION = "donation", "Donation"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices)
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, choices=CURRENCIES, blank=True)
    in_kind = models.TextField(blank=True, verbose_name="in-kind contribution")
    agreement = models.CharField(max_length=20, choices=Agreement.choices, blank=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="partnerships_participation_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="partnerships_participation_amount_positive",
                violation_error_message="The amount cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="") | (Q(amount__isnull=False) & ~Q(currency="")),
                name="partnerships_participation_amount_has_currency",
                violation_error_message="An amount needs a currency, and a currency needs an amount.",
            ),
            *PartialPeriod.period_constraints("partnerships_participation"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()} – {self.project}"

    def clean(self):
        super().clean()
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": "Give the currency of the amount."})
        if self.amount is None and self.currency:
            raise ValidationError({"amount": "Give the amount, or leave the currency empty."})


class Figure(models.Model):
    """A number the sources report about a project, an organisation or a crisis."""

    class Kind(models.TextChoices):
        PEOPLE_REACHED = "people_reached", "People reached"
        PEOPLE_AFFECTED = "people_affected", "People affected"
        DEATHS = "deaths", "Deaths"
        ITEMS = "items", "Items provided"
        SITES = "sites", "Sites or facilities"
        ACTIVITIES = "activities", "Activities held"
        GROUPS = "groups", "Groups or organisations"
        MONEY = "money", "Money"
        OTHER = "other", "Other"

    class Qualifier(models.TextChoices):
        EXACT = "exact", "Exact"
        ABOUT = "about", "About"
        MORE_THAN = "more_than", "More than"
        RANGE = "range", "Range"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="figures")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, null=True, blank=True, related_name="figures")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    value = models.DecimalField(max_digits=20, decimal_places=2)
    value_max = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, help_text="Upper bound, for a range."
    )
    unit = models.CharField(max_length=100, help_text="What is counted: people, solar lanterns, stores, EUR…")
    label = models.CharField(max_length=300, help_text="What the number says, in a few words.")
    source_text = models.TextField(blank=True, help_text="The source's own words for this figure.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-value"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False, organisation__isnull=True, crisis__isnull=True)
                | Q(project__isnull=True, organisation__isnull=False, crisis__isnull=True)
                | Q(project__isnull=True, organisation__isnull=True, crisis__isnull=False),
                name="partnerships_figure_has_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="partnerships_figure_value_positive",
                violation_error_message="A figure cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(qualifier="range", value_max__gte=F("value")) | (~Q(qualifier="range") & Q(value_max=None)),
                name="partnerships_figure_range_has_upper_bound",
            ),
        ]

    def __str__(self):
        return f"{self.value_display} {self.unit}: {self.label}"

    @property
    def is_approximate(self) -> bool:
        return self.qualifier != self.Qualifier.EXACT

    @property
    def value_display(self) -> str:
        number = f"{self.value:,.2f}".removesuffix(".00")
        if self.qualifier == self.Qualifier.RANGE:
            return f"{number}–{self.value_max:,.2f}".removesuffix(".00")
        if self.qualifier == self.Qualifier.EXACT:
            return number
        return f"{self.get_qualifier_display().lower()} {number}"

    def clean(self):
        super().clean()
        subjects = [self.project_id, self.organisation_id, self.crisis_id]
        if sum(subject is not None for subject in subjects) != 1:
            raise ValidationError("A figure belongs to exactly one project, organisation or crisis.")
        if self.qualifier == self.Qualifier.RANGE and self.value_max is None:
            raise ValidationError({"value_max": "A range needs an upper bound."})
        if self.qualifier != self.Qualifier.RANGE and self.value_max is not None:
            raise ValidationError({"value_max": "Only a range has an upper bound."})
        if self.value_max is not None and self.value is not None and self.value_max < self.value:
            raise ValidationError({"value_max": "The upper bound cannot be below the value."})


class Person(models.Model):
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=300, blank=True, help_text="As the source gives it.")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "organisation"],
                nulls_distinct=False,
                name="partnerships_person_unique_per_organisation",
            ),
        ]

    def __str__(self):
        return self.name


class Quote(models.Model):
    """Words someone said, kept verbatim (typographic quotes and accents included)."""

    text = models.TextField(help_text="Verbatim; do not correct or tidy.")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="The organisation speaking, when the source says.",
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes", help_text="What it speaks of."
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="partnerships_quote_has_text"),
            models.UniqueConstraint(
                MD5("text"), "person", "project", nulls_distinct=False, name="partnerships_quote_unique_text"
            ),
        ]

    def __str__(self):
        speaker = self.person or self.organisation or "Unattributed"
        return f"{speaker}: “{self.text[:60]}…”" if len(self.text) > 60 else f"{speaker}: “{self.text}”"


class Award(models.Model):
    name = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="awards")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="awards")
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="awards")
    note = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        ordering = ["year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], nulls_distinct=False, name="partnerships_award_unique"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__range=(1900, 2100)), name="partnerships_award_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})" if self.year else self.name


class Publication(models.Model):
    """Something published about the partnerships: a news story, a film, a study, an advert."""

    class Kind(models.TextChoices):
        NEWS = "news", "News item"
        STORY = "story", "Story"
        PUBLICATION = "publication", "Publication"
        STUDY = "study", "Study"
        FILM = "film", "Film"
        ADVERT = "advert", "TV advertisement"
        PERFORMANCE = "performance", "Performance"
        PHOTO = "photo", "Photograph"

    title = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = PrecisionField()
    summary = models.TextField(blank=True)
    credit = models.CharField(max_length=300, blank=True, help_text="Copyright or credit line, verbatim.")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="publications")
    people = models.ManyToManyField(Person, blank=True, related_name="publications")
    projects = models.ManyToManyField(Project, blank=True, related_name="publications")
    countries = models.ManyToManyField(Country, blank=True, related_name="publications")

    history = HistoricalRecords(m2m_fields=[organisations, people, projects, countries])

    class Meta:
        ordering = ["title"]
        constraints = [start_aligned("date", "partnerships_publication_date_aligned")]

    def __str__(self):
        return self.title

    @property
    def date_display(self) -> str:
        return format_partial(self.date, self.date_precision)

    def clean(self):
        super().clean()
        if self.date:
            self.date = period_start(self.date, self.date_precision)


class SearchWord(models.Model):
    """A word that occurs in the searchable text, to suggest spellings ("trafficing")."""

    word = models.CharField(max_length=100, primary_key=True)

    class Meta:
        indexes = [
            # WHERE word % 'panasonik' ORDER BY similarity(word, 'panasonik') DESC
            GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="partnerships_searchword_trgm"),
        ]

    def __str__(self):
        return self.word


class DataVersion(models.Model):
    """A counter that database triggers raise on every write to the records that lists
    count (see migration 0005). Cached counts are keyed by it, so a cached count is
    never older than the data: any committed change makes a new key."""

    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="partnerships_dataversion_single_row")]

    def __str__(self):
        return f"data version {self.version}"

    @classmethod
    def current(cls) -> int:
        return cls.objects.values_list("version", flat=True).get(pk=1)
