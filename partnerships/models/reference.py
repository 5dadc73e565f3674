"""Reference data the records point to: countries, themes, places, crises, and the
currencies and choice labels they use."""

import csv
from pathlib import Path

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import PartialDate, PrecisionField, start_aligned
from core.fields import NamedLinksManyToManyField
from core.i18n import country_name, translated

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _read_codes(filename: str) -> dict[str, str]:
    with open(DATA_DIR / filename, newline="", encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


CURRENCY_NAMES = _read_codes("currencies.csv")  # ISO 4217
CURRENCIES = [(code, f"{code} – {name}") for code, name in CURRENCY_NAMES.items()]


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of `value`; a value that is not a choice (written by SQL, say) as it is."""
    try:
        return choices(value).label
    except ValueError:
        return value


class Country(models.Model):
    """An ISO 3166-1 country, loaded by a migration from data/countries.csv."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2}$"), name="partnerships_country_code_iso"),
        ]

    def __str__(self):
        """The name in the active language (ISO 3166 translations, core/i18n.py)."""
        return country_name(self.code, self.name)


class Theme(models.Model):
    """One entry of the small, managed taxonomy of what a project is about."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_fr = models.CharField(
        _("name in French"), max_length=100, blank=True, help_text=_("Shown in French; the English name where empty.")
    )
    name_es = models.CharField(
        _("name in Spanish"), max_length=100, blank=True, help_text=_("Shown in Spanish; the English name where empty.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        """The name in the active language."""
        return translated(self, "name")


class Place(models.Model):
    """A place within a country (Lampedusa, Banda Aceh), or a region across countries."""

    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True, related_name="places"
    )
    region = models.CharField(
        _("region"), max_length=200, blank=True, help_text=_("Province, state or area, as the source names it.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], nulls_distinct=False, name="partnerships_place_unique_name_per_country"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country_id})" if self.country_id else self.name


class Crisis(PartialDate, models.Model):
    """A disaster or emergency that projects responded to (the 2004 tsunami, Cyclone Nargis)."""

    class Kind(models.TextChoices):
        NATURAL = "natural", _("Natural disaster")
        EPIDEMIC = "epidemic", _("Epidemic")
        VIOLENCE = "violence", _("Violence or conflict")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = PrecisionField(_("date precision"))
    countries = NamedLinksManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="crises")
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        verbose_name = _("crisis")
        verbose_name_plural = _("crises")
        ordering = ["date", "name"]
        constraints = [start_aligned("date", "partnerships_crisis_date_aligned")]

    def __str__(self):
        return self.name
