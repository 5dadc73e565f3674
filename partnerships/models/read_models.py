"""Read models: tables written by the database from the records (triggers, facet_tables.py),
never edited by hand, that make lists, search and the quality report fast at any size."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from .records import Organisation, Project
from .reference import Country

# Counts over very many rows are estimated from the rows whose id is a multiple of this:
# a fixed 0.5% sample (5,000 rows of a million).
SAMPLE_MODULUS = 200


def sampled(field: str) -> Q:
    """The condition of that sample, written once: queries and partial indexes share it."""
    return Q(Exact(Mod(F(field), SAMPLE_MODULUS), 0))


class SearchWord(models.Model):
    """A word that occurs in the searchable text, to suggest spellings ("trafficing").

    Not unique: two transactions adding the same new word would otherwise wait on each
    other's commit (an insert checks a unique index against uncommitted rows). A word
    added by both is kept twice, which changes no suggestion."""

    word = models.CharField(_("word"), max_length=100)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        indexes = [
            # WHERE word IN (...): the words of a search that are known
            models.Index(fields=["word"], name="partnerships_searchword_word"),
            # WHERE word % 'panasonik' ORDER BY similarity(word, 'panasonik') DESC
            GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="partnerships_searchword_trgm"),
        ]

    def __str__(self):
        return self.word


class ProjectFacets(models.Model):
    """What the project list filters, counts, sorts and totals by, one narrow row per
    project, so that one table answers the filter, the count, every facet and the
    totals: the project's dates and status, its countries, themes and partners as
    arrays (GIN-indexed), and one token per participation (`participations`, see
    sql/facet_rows.sql) for the partner filters that apply together to one participation.

    Written only by database triggers, in the same transaction as the rows it copies
    (facet_tables.py); never edited by hand.
    """

    # The database keeps these rows (a trigger removes a deleted project's): Django need
    # not collect them, nor list them on the admin's delete confirmation.
    project = models.OneToOneField(Project, on_delete=models.DO_NOTHING, primary_key=True, related_name="facets")
    start = models.DateField(null=True)
    end = models.DateField(null=True)
    status = models.CharField(max_length=20)
    countries = ArrayField(models.CharField(max_length=2), default=list)
    themes = ArrayField(models.BigIntegerField(), default=list)
    partners = ArrayField(models.BigIntegerField(), default=list)
    kinds = ArrayField(models.CharField(max_length=20), default=list)
    roles = ArrayField(models.CharField(max_length=20), default=list)
    kind_roles = ArrayField(models.CharField(max_length=41), default=list)
    participations = ArrayField(models.CharField(max_length=100), default=list)
    cash = models.BooleanField(default=False)
    in_kind = models.BooleanField(default=False)
    people_reached = models.DecimalField(max_digits=22, decimal_places=2, default=0)
    people_reached_approximate = models.BooleanField(default=False)
    search_vector = SearchVectorField(null=True)
    # The quality checks the project fails (Gap values), how many apply to it, and the
    # share it passes, in percent.
    gaps = ArrayField(models.CharField(max_length=20), default=list)
    checks = models.PositiveSmallIntegerField(default=0)
    completeness = models.PositiveSmallIntegerField(default=100)

    class Gap(models.TextChoices):
        """What a complete project has: the quality checks, whose conditions are in
        sql/facet_rows.sql (a test holds the two to each other). `amount` applies only
        where a partner has the funding role; the others apply to every project."""

        START = "start", _("Start date")
        THEME = "theme", _("Theme")
        COUNTRY = "country", _("Country")
        PARTNER = "partner", _("Partner")
        AMOUNT = "amount", _("Funding amount")
        CITATION = "citation", _("Source of a fact")

    class Meta:
        verbose_name = verbose_name_plural = "project facets"
        indexes = [
            # WHERE search_vector @@ websearch_to_tsquery(...) AND the other filters, in one bitmap
            GinIndex(fields=["search_vector"], name="partnerships_pfacets_search"),
            # WHERE countries && '{KE}' (and so for themes, partners, kind:role pairs). Partner
            # kinds and roles alone have no index: each of their few values is in so many
            # rows that a bitmap of it costs more than checking the rows other indexes find.
            GinIndex(fields=["countries"], name="partnerships_pfacets_country"),
            GinIndex(fields=["themes"], name="partnerships_pfacets_themes"),
            GinIndex(fields=["partners"], name="partnerships_pfacets_partners"),
            GinIndex(fields=["kind_roles"], name="partnerships_pfacets_kindroles"),
            GinIndex(fields=["gaps"], name="partnerships_pfacets_gaps"),
            # ORDER BY completeness [DESC NULLS LAST], project_id LIMIT 25: the list by completeness
            models.Index("completeness", "project", name="partnerships_pfacets_complete"),
            models.Index(F("completeness").desc(nulls_last=True), "project", name="partnerships_pfacets_lacking"),
            # WHERE status IN (...)
            models.Index(fields=["status"], name="partnerships_pfacets_status"),
            # ORDER BY start DESC NULLS LAST, project_id LIMIT 25: the projects list, newest first
            models.Index(F("start").desc(nulls_last=True), "project", name="partnerships_pfacets_newest"),
            # WHERE mod(project_id, 200) = 0: the sample that sizes and estimates facets of large
            # selections, read by an index-only scan (every column it needs is included)
            models.Index(
                fields=["project"],
                include=[
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
                ],
                condition=sampled("project"),
                name="partnerships_pfacets_sample",
            ),
        ]

    def __str__(self):
        return str(self.project_id)

    @property
    def missing(self) -> list[str]:
        """The checks the project fails, in words."""
        return [self.Gap(gap).label for gap in self.gaps]


class OrganisationFacets(models.Model):
    """What the partner list filters and counts by, one narrow row per organisation: its
    kind, headquarters and GMG membership, and the themes, countries and roles of its
    projects (GIN-indexed arrays). Written only by database triggers, in the same
    transaction as the rows it copies (facet_tables.py)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.DO_NOTHING,  # as ProjectFacets.project
        primary_key=True,
        related_name="facets",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(max_length=20)
    hq = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, related_name="+")
    gmg = models.BooleanField(default=False)
    projects = models.IntegerField(default=0)
    themes = ArrayField(models.BigIntegerField(), default=list)
    countries = ArrayField(models.CharField(max_length=2), default=list)
    roles = ArrayField(models.CharField(max_length=20), default=list)
    search_vector = SearchVectorField(null=True)
    gaps = ArrayField(models.CharField(max_length=20), default=list)  # as ProjectFacets'
    checks = models.PositiveSmallIntegerField(default=0)
    completeness = models.PositiveSmallIntegerField(default=100)

    class Gap(models.TextChoices):
        """What a complete organisation has (conditions in sql/facet_rows.sql)."""

        KIND = "kind", _("Kind")
        HQ = "hq", _("Headquarters")
        CITATION = "citation", _("Source")

    class Meta:
        verbose_name = verbose_name_plural = "organisation facets"
        indexes = [
            # WHERE search_vector @@ websearch_to_tsquery(...) AND the other filters
            GinIndex(fields=["search_vector"], name="partnerships_ofacets_search"),
            # WHERE themes && '{3}' (and so for countries and roles)
            GinIndex(fields=["themes"], name="partnerships_ofacets_themes"),
            GinIndex(fields=["countries"], name="partnerships_ofacets_country"),
            GinIndex(fields=["roles"], name="partnerships_ofacets_roles"),
            GinIndex(fields=["gaps"], name="partnerships_ofacets_gaps"),
            models.Index("completeness", "organisation", name="partnerships_ofacets_complete"),
            models.Index(F("completeness").desc(nulls_last=True), "organisation", name="partnerships_ofacets_lacking"),
            # WHERE kind IN (...) (hq, a foreign key, has its index)
            models.Index(fields=["kind"], name="partnerships_ofacets_kind"),
            # WHERE mod(organisation_id, 200) = 0: the sample of large selections (index-only)
            models.Index(
                fields=["organisation"],
                include=["kind", "hq", "gmg", "projects", "themes", "countries", "roles", "gaps"],
                condition=sampled("organisation"),
                name="partnerships_ofacets_sample",
            ),
        ]

    def __str__(self):
        return str(self.organisation_id)

    @property
    def missing(self) -> list[str]:
        return [self.Gap(gap).label for gap in self.gaps]


class PartnerToRefresh(models.Model):
    """A partner whose facet row a long write refreshes at its end (facet_tables.py:
    partners_deferred), by the writing transaction's id: no two writers share a row."""

    xid = models.BigIntegerField()
    organisation_id = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "partners to refresh"
        constraints = [
            models.UniqueConstraint(fields=["xid", "organisation_id"], name="partnerships_partnertorefresh_once")
        ]

    def __str__(self):
        return f"{self.organisation_id} (transaction {self.xid})"


class QualityCount(models.Model):
    """What changed in the quality of the records on a day: for each scope ("project",
    "organisation"), the change in how many records there are (`records`), how many
    checks apply (`checks`) and pass (`passed`), and how many records fail each check
    (`gap:<Gap>`). The counts at the end of a day are the sums of the changes up to it.

    Kept by database triggers on the facet tables (facet_tables.py): every statement adds
    what it changed to the rows of its transaction's data-version slot
    (core.DataVersion), which no other transaction holds, so that writers never wait on
    each other for these rows. A rebuild of the facet tables adds what corrects the sums
    to the recount, and folds the slots of the days before into one row each."""

    day = models.DateField()
    scope = models.CharField(max_length=20)
    measure = models.CharField(max_length=40)
    slot = models.BigIntegerField(default=0)  # the writing transaction's data-version slot; 0 once folded
    value = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "quality counts"
        constraints = [
            models.UniqueConstraint(fields=["day", "scope", "measure", "slot"], name="partnerships_quality_day_slot")
        ]

    def __str__(self):
        return f"{self.day} {self.scope} {self.measure}: {self.value:+}"
