"""The records people keep: organisations, projects and their participations, figures,
people, quotes, awards and publications."""

import datetime
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import MD5
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import PartialDate, PartialPeriod, PrecisionField, start_aligned
from core.fields import NamedLinksManyToManyField
from core.numbers import decimal_display

from ..iati_codes import validate_organisation_identifier
from .reference import CURRENCIES, Country, Crisis, Place, Theme, choice_label


class OrganisationQuerySet(models.QuerySet):
    def quoted(self, selected: list[str] = ()):
        """The organisations someone was quoted for, and those with the `selected` slugs."""
        # The ids first: "id IN (subquery) OR slug IN (...)" would read every organisation.
        ids = list(Quote.objects.filter(organisation__isnull=False).values_list("organisation", flat=True).distinct())
        return self.filter(Q(pk__in=ids) | Q(slug__in=selected)).order_by("name")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UN = "un", _("UN agency or intergovernmental body")
        NGO = "ngo", _("NGO or civil-society organisation")
        FOUNDATION = "foundation", _("Foundation")
        COMPANY = "company", _("Private company")
        ACADEMIC = "academic", _("Academic institution")
        GOVERNMENT = "government", _("Government or public body")
        MEDIA = "media", _("Media")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hq_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headquartered",
        verbose_name=_("country of headquarters"),
    )
    hq_inferred = models.BooleanField(
        _("headquarters inferred"),
        default=False,
        db_default=False,  # rows written by SQL (the synthetic loader's COPY) too
        help_text=_("Known from general knowledge, not stated by a source (so not cited)."),
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        db_default="",
        validators=[validate_organisation_identifier],
        help_text=_(
            "As the organisation is known in IATI: a registration agency's prefix from IATI's list, then its "
            "number there (XM-DAC-47066 for IOM). The IATI export and import match organisations by it."
        ),
    )
    iati_identifier_inferred = models.BooleanField(
        _("identifier from public knowledge"),
        default=False,
        db_default=False,
        help_text=_("Known from public registers, not stated by a source (so not cited)."),
    )

    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The organisation this one is part of (a country mission, a foundation of a company)."),
    )
    aliases = ArrayField(
        models.CharField(max_length=200),
        verbose_name=_("aliases"),
        default=list,
        blank=True,
        help_text=_("Other names the sources use, comma-separated."),
    )
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            # WHERE search_vector @@ websearch_to_tsquery(...) on the partners list
            GinIndex(fields=["search_vector"], name="partnerships_org_search"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="partnerships_organisation_not_own_parent"),
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~Q(iati_identifier=""),
                name="partnerships_organisation_iati_identifier_unique",
                violation_error_message=_("Another organisation has this IATI identifier."),
            ),
            models.CheckConstraint(
                condition=Q(iati_identifier="")
                | Q(iati_identifier__regex=r"^[A-Z0-9]{2}-[A-Z0-9]+-[^/&|?[:space:]]+$"),
                name="partnerships_organisation_iati_identifier_form",
                violation_error_message=_("An IATI identifier is an agency's prefix, a hyphen and a number."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation", args=[self.slug])

    @property
    def kind_label(self) -> str:
        """As get_kind_display(), without hashing every choice on every call."""
        return choice_label(self.Kind, self.kind)

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
            ancestor = ancestor.parent


def active_during(first_year: int | None, last_year: int | None) -> Q:
    """Records whose known `start` and `end` overlap the years given (either may be open).

    A project without an end is taken as going on from its start; projects with no
    date at all are left out, since nothing says when they ran.
    """
    if first_year is not None and last_year is not None and first_year > last_year:
        first_year, last_year = last_year, first_year
    condition = Q(start__isnull=False) | Q(end__isnull=False)
    if last_year is not None:
        condition &= Q(start__isnull=True) | Q(start__lte=datetime.date(last_year, 12, 31))
    if first_year is not None:
        condition &= Q(end__isnull=True) | Q(end__gte=datetime.date(first_year, 1, 1))
    return condition


# The quotes list offers this many projects to filter by: the most quoted.
QUOTED_PROJECTS = 50


class ProjectQuerySet(models.QuerySet):
    def most_quoted(self, selected: list[str] = ()):
        """The QUOTED_PROJECTS projects with most quotes, and those with the `selected` slugs."""
        most = (
            Quote.objects.filter(project__isnull=False)
            .values("project")
            .annotate(n=models.Count("pk"))
            .order_by("-n", "project")[:QUOTED_PROJECTS]
        )
        ids = list(most.values_list("project", flat=True))  # as in quoted(): two index scans, not a table scan
        return self.filter(Q(pk__in=ids) | Q(slug__in=selected)).order_by("title")

    def active_during(self, first_year: int | None, last_year: int | None):
        """Projects whose known dates overlap the years given (see active_during())."""
        return self.filter(active_during(first_year, last_year))

    def with_lists(self):
        """Everything a list of projects shows, in a fixed number of queries (without the
        search vectors and descriptions it does not show)."""
        partners = Participation.objects.select_related("organisation").defer(
            "organisation__search_vector", "organisation__description", "note", "in_kind"
        )
        return (
            self.select_related("facets")
            .defer("search_vector", "summary", *(f"facets__{name}" for name in FACETS_NOT_LISTED))
            .prefetch_related("themes", "countries", models.Prefetch("participations", partners))
        )


# What a list of projects does not show of their facet rows (it shows their completeness).
FACETS_NOT_LISTED = [
    "search_vector",
    "participations",
    "kind_roles",
    "partners",
    "kinds",
    "roles",
    "countries",
    "themes",
]


class Project(PartialPeriod):
    """A partnership activity: what was done together, where, when and about what."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        SUSPENDED = "suspended", _("Suspended")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    iati_identifier = models.CharField(
        _("IATI activity identifier"),
        max_length=150,
        blank=True,
        db_default="",
        help_text=_("The activity it was imported from (its publisher's identifier); empty for the portal's own."),
    )
    programme = models.CharField(
        _("programme"),
        max_length=200,
        blank=True,
        help_text=_("The wider programme it belongs to, as the source names it."),
    )
    summary = models.TextField(_("summary"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    countries = NamedLinksManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="projects")
    places = NamedLinksManyToManyField(Place, verbose_name=_("places"), blank=True, related_name="projects")
    themes = NamedLinksManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="projects")
    crises = NamedLinksManyToManyField(Crisis, verbose_name=_("crises"), blank=True, related_name="projects")
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follows"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text=_("The earlier project this one builds on."),
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProjectQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_vector"], m2m_fields=[countries, places, themes, crises])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
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
        ]
        constraints = [
            *PartialPeriod.period_constraints("partnerships_project"),
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~Q(iati_identifier=""),
                name="partnerships_project_iati_identifier_unique",
                violation_error_message=_("Another project was imported from this IATI activity."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def cash(self) -> dict[str, Decimal]:
        """The cash contributions by currency (from the participations, prefetched by a list)."""
        totals: dict[str, Decimal] = {}
        for part in self.participations.all():
            if part.amount is not None:
                totals[part.currency] = totals.get(part.currency, Decimal(0)) + part.amount
        return totals

    def get_absolute_url(self):
        return reverse("partnerships:project", args=[self.slug])

    @property
    def status_label(self) -> str:
        """As get_status_display(), which hashes every choice on every call (lists show
        hundreds of labels)."""
        return choice_label(self.Status, self.status)


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
        FUNDING = "funding", _("Funding partner")
        IN_KIND = "in_kind", _("In-kind provider")
        IMPLEMENTING = "implementing", _("Implementing partner")
        COORDINATING = "coordinating", _("Coordinating partner")
        RESEARCH = "research", _("Research partner")
        GOVERNMENT = "government", _("Government counterpart")
        COMMUNITY = "community", _("Beneficiary-facing partner")
        PRIVATE_SECTOR = "private_sector", _("Private-sector partner")

    class Agreement(models.TextChoices):
        MOU = "mou", _("Memorandum of Understanding")
        BILATERAL = "bilateral", _("Bilateral agreement")
        TRILATERAL = "trilateral", _("Trilateral agreement (incl. a government)")
        MULTILATERAL = "multilateral", _("Agreement of several parties")
        AGREEMENT = "agreement", _("Agreement (type not stated)")
        GRANT = "grant", _("Grant")
        DONATION = "donation", _("Donation")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, blank=True)
    in_kind = models.TextField(blank=True, verbose_name=_("in-kind contribution"))
    agreement = models.CharField(_("agreement"), max_length=20, choices=Agreement.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["project", "role", "organisation__name"]
        indexes = [
            # WHERE currency = 'EUR' (or agreement = 'mou') ORDER BY id DESC LIMIT 100: the admin's
            # filters, whose rare values a scan of three million rows would look for in vain
            models.Index("currency", F("id").desc(), name="partnerships_participation_cur"),
            models.Index("agreement", F("id").desc(), name="partnerships_participation_agr"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="partnerships_participation_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="partnerships_participation_amount_positive",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="") | (Q(amount__isnull=False) & ~Q(currency="")),
                name="partnerships_participation_amount_has_currency",
                violation_error_message=_("An amount needs a currency, and a currency needs an amount."),
            ),
            *PartialPeriod.period_constraints("partnerships_participation"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()} – {self.project}"

    @property
    def role_label(self) -> str:
        """As get_role_display(), without hashing every choice on every call."""
        return choice_label(self.Role, self.role)

    def clean(self):
        super().clean()
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the amount.")})
        if self.amount is None and self.currency:
            raise ValidationError({"amount": _("Give the amount, or leave the currency empty.")})


class Figure(models.Model):
    """A number the sources report about a project, an organisation or a crisis."""

    class Kind(models.TextChoices):
        PEOPLE_REACHED = "people_reached", _("People reached")
        PEOPLE_AFFECTED = "people_affected", _("People affected")
        DEATHS = "deaths", _("Deaths")
        ITEMS = "items", _("Items provided")
        SITES = "sites", _("Sites or facilities")
        ACTIVITIES = "activities", _("Activities held")
        GROUPS = "groups", _("Groups or organisations")
        MONEY = "money", _("Money")
        OTHER = "other", _("Other")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("Exact")
        ABOUT = "about", _("About")
        MORE_THAN = "more_than", _("More than")
        RANGE = "range", _("Range")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("organisation"),
    )
    crisis = models.ForeignKey(
        Crisis, verbose_name=_("crisis"), on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    qualifier = models.CharField(_("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    value_max = models.DecimalField(
        _("value max"), max_digits=20, decimal_places=2, null=True, blank=True, help_text=_("Upper bound, for a range.")
    )
    unit = models.CharField(
        _("unit"), max_length=100, help_text=_("What is counted: people, solar lanterns, stores, EUR…")
    )
    label = models.CharField(_("label"), max_length=300, help_text=_("What the number says, in a few words."))
    source_text = models.TextField(_("source text"), blank=True, help_text=_("The source's own words for this figure."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["kind", "-value"]
        indexes = [
            # ORDER BY kind, value DESC, id DESC LIMIT 100: the admin's list, filtered or searched
            models.Index("kind", F("value").desc(), F("id").desc(), name="partnerships_figure_listed"),
            # label ILIKE '%water%' OR unit ILIKE ... OR source_text ILIKE ...: the admin's search
            GinIndex(fields=["label"], opclasses=["gin_trgm_ops"], name="partnerships_figure_label_trgm"),
            GinIndex(fields=["unit"], opclasses=["gin_trgm_ops"], name="partnerships_figure_unit_trgm"),
            GinIndex(fields=["source_text"], opclasses=["gin_trgm_ops"], name="partnerships_figure_text_trgm"),
        ]
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
                violation_error_message=_("A figure cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(qualifier="range", value_max__gte=F("value")) | (~Q(qualifier="range") & Q(value_max=None)),
                name="partnerships_figure_range_has_upper_bound",
            ),
        ]

    def __str__(self):
        return f"{self.value_display} {self.unit}: {self.label}"

    @property
    def value_display(self) -> str:
        number = decimal_display(self.value)
        if self.qualifier == self.Qualifier.RANGE:
            return f"{number}–{decimal_display(self.value_max)}"
        if self.qualifier == self.Qualifier.EXACT:
            return number
        return f"{self.get_qualifier_display().lower()} {number}"

    def clean(self):
        super().clean()
        subjects = [self.project_id, self.organisation_id, self.crisis_id]
        if sum(subject is not None for subject in subjects) != 1:
            raise ValidationError(_("A figure belongs to exactly one project, organisation or crisis."))
        if self.qualifier == self.Qualifier.RANGE and self.value_max is None:
            raise ValidationError({"value_max": _("A range needs an upper bound.")})
        if self.qualifier != self.Qualifier.RANGE and self.value_max is not None:
            raise ValidationError({"value_max": _("Only a range has an upper bound.")})
        if self.value_max is not None and self.value is not None and self.value_max < self.value:
            raise ValidationError({"value_max": _("The upper bound cannot be below the value.")})


class PersonQuerySet(models.QuerySet):
    def of(self, organisation):
        """Everyone employed by the organisation or quoted speaking for it."""
        return self.filter(
            Q(organisation=organisation)
            | Q(Exists(Quote.objects.filter(person=OuterRef("pk"), organisation=organisation)))
        )


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=300, blank=True, help_text=_("As the source gives it."))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
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

    text = models.TextField(_("text"), help_text=_("Verbatim; do not correct or tidy."))
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text=_("The organisation speaking, when the source says."),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text=_("What it speaks of."),
        verbose_name=_("project"),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["project", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="partnerships_quote_has_text"),
            models.UniqueConstraint(
                MD5("text"), "person", "project", nulls_distinct=False, name="partnerships_quote_unique_text"
            ),
        ]

    def __str__(self):
        speaker = self.person or self.organisation or _("Unattributed")
        return f"{speaker}: “{self.text[:60]}…”" if len(self.text) > 60 else f"{speaker}: “{self.text}”"


class Award(models.Model):
    name = models.CharField(_("name"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="awards"
    )
    organisations = NamedLinksManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="awards"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.SET_NULL, null=True, blank=True, related_name="awards"
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], nulls_distinct=False, name="partnerships_award_unique"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__range=(1900, 2100)), name="partnerships_award_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})" if self.year else self.name


class Publication(PartialDate, models.Model):
    """Something published about the partnerships: a news story, a film, a study, an advert."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News item")
        STORY = "story", _("Story")
        PUBLICATION = "publication", _("Publication")
        STUDY = "study", _("Study")
        FILM = "film", _("Film")
        ADVERT = "advert", _("TV advertisement")
        PERFORMANCE = "performance", _("Performance")
        PHOTO = "photo", _("Photograph")

    title = models.CharField(_("title"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = PrecisionField(_("date precision"))
    summary = models.TextField(_("summary"), blank=True)
    credit = models.CharField(
        _("credit"), max_length=300, blank=True, help_text=_("Copyright or credit line, verbatim.")
    )
    organisations = NamedLinksManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="publications"
    )
    people = NamedLinksManyToManyField(Person, verbose_name=_("people"), blank=True, related_name="publications")
    projects = NamedLinksManyToManyField(Project, verbose_name=_("projects"), blank=True, related_name="publications")
    countries = NamedLinksManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="publications")

    history = HistoricalRecords(m2m_fields=[organisations, people, projects, countries])

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["title"]
        constraints = [start_aligned("date", "partnerships_publication_date_aligned")]

    def __str__(self):
        return self.title


# The facts that may be recorded as not stated, by the record they are of.
UNSTATED_PROJECT_FACTS = ("start", "theme", "country", "partner", "amount")
UNSTATED_ORGANISATION_FACTS = ("kind", "hq")


class Unstated(models.Model):
    """A fact the sources do not state, recorded as such by an editor with the passage
    that shows it (a funder named with no amount, say): the record's quality check for it
    is passed, honestly, and the quality page counts these apart. A record that has the
    fact needs no such note, so one cannot be added for it."""

    class Fact(models.TextChoices):
        START = "start", _("Start date")
        THEME = "theme", _("Theme")
        COUNTRY = "country", _("Country")
        PARTNER = "partner", _("Partner")
        AMOUNT = "amount", _("Funding amount")
        KIND = "kind", _("Kind")
        HQ = "hq", _("Headquarters")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, null=True, blank=True, related_name="unstated"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unstated",
    )
    fact = models.CharField(_("fact not stated"), max_length=20, choices=Fact.choices)
    source = models.ForeignKey("core.Source", verbose_name=_("source"), on_delete=models.PROTECT, related_name="+")
    passage = models.TextField(
        _("passage"),
        help_text=_("The words of the source, verbatim, where the fact would be: they show that it is not stated."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fact not stated in the source")
        verbose_name_plural = _("facts not stated in the source")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False, organisation__isnull=True, fact__in=UNSTATED_PROJECT_FACTS)
                | Q(project__isnull=True, organisation__isnull=False, fact__in=UNSTATED_ORGANISATION_FACTS),
                name="partnerships_unstated_fact_of_its_record",
                violation_error_message=_("A project's fact or an organisation's, one record each."),
            ),
            models.UniqueConstraint(fields=["project", "fact"], name="partnerships_unstated_project_fact"),
            models.UniqueConstraint(fields=["organisation", "fact"], name="partnerships_unstated_organisation_fact"),
            models.CheckConstraint(
                condition=~Q(passage=""),
                name="partnerships_unstated_has_passage",
                violation_error_message=_("Paste the passage of the source that shows the fact is not stated."),
            ),
        ]

    def __str__(self):
        return f"{self.project or self.organisation}: {choice_label(self.Fact, self.fact)}"

    def clean(self):
        super().clean()
        record = self.project or self.organisation
        if record is None or self.fact not in (UNSTATED_PROJECT_FACTS if self.project else UNSTATED_ORGANISATION_FACTS):
            return  # the constraint's message says it
        if record.pk and self._stated(record):
            raise ValidationError({"fact": _("The record already has this fact: it needs no “not stated” note.")})

    def _stated(self, record) -> bool:
        """Whether the saved record has the fact (what the quality check looks for)."""
        if self.fact == "start":
            return record.start is not None
        if self.fact in ("theme", "country", "partner"):
            related = {"theme": record.themes, "country": record.countries, "partner": record.participations}
            return related[self.fact].exists()
        if self.fact == "amount":
            return record.participations.filter(role="funding", amount__isnull=False).exists()
        if self.fact == "kind":
            return record.kind != ""
        return record.hq_country_id is not None
