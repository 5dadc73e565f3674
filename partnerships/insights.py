"""The dashboard's numbers: projects and cash by year and theme, partners by kind, and
the theme x country matrix. Each is one grouped query, kept per data version."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .charts import BarChart, bar_chart
from .models import Country, Organisation, Participation, Project, Theme
from .versioned_cache import cached

# Countries with the most projects shown as matrix columns; the rest are counted.
MATRIX_COUNTRIES = 25
CHART_CURRENCY = "USD"


def projects_by_year() -> list[tuple[int, int]]:
    """Projects by the year they started (undated ones are left out)."""
    rows = (
        Project.objects.filter(start__isnull=False)
        .annotate(year=ExtractYear("start"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return [(row["year"], row["n"]) for row in rows]


def cash_by_year() -> list[tuple[int, Decimal]]:
    """USD contributions to the projects starting each year."""
    rows = (
        Participation.objects.filter(currency=CHART_CURRENCY, amount__isnull=False, project__start__isnull=False)
        .annotate(year=ExtractYear("project__start"))
        .values("year")
        .annotate(total=Sum("amount"))
        .order_by("year")
    )
    return [(row["year"], row["total"]) for row in rows]


def by_theme() -> list[tuple[Theme, int, Decimal]]:
    """Projects per theme and the USD contributed to them (a project on two themes
    counts for both)."""
    projects = dict(Theme.objects.annotate(n=Count("projects")).values_list("pk", "n"))
    cash = dict(
        Participation.objects.filter(currency=CHART_CURRENCY, amount__isnull=False, project__themes__isnull=False)
        .values_list("project__themes")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    themes = Theme.objects.order_by("name")
    return sorted(
        ((theme, projects.get(theme.pk, 0), cash.get(theme.pk, Decimal(0))) for theme in themes),
        key=lambda row: (-row[1], row[0].name),
    )


def partners_by_kind() -> list[tuple[str, str, int]]:
    counts = dict(Organisation.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in Organisation.Kind.choices]


@dataclass(frozen=True)
class Matrix:
    themes: list[Theme]
    countries: list[Country]
    counts: dict[tuple[int, str], int]  # (theme id, country code) -> projects
    largest: int
    countries_left_out: int

    def rows(self):
        """For the template: per theme, its cells in column order as (country, projects,
        shade, title), with 0 projects where there are none. The title's words are looked
        up once, not per cell: a template tag per cell made the dashboard 20% slower."""
        title = _("%(theme)s in %(country)s: %(n)s")
        for theme in self.themes:
            cells = []
            for country in self.countries:
                n = self.counts.get((theme.pk, country.pk), 0)
                cells.append((country, n, self.level(n), title % {"theme": theme, "country": country, "n": n}))
            yield theme, cells

    def level(self, count: int) -> int:
        """Shade 0 (an empty cell: a gap) to 4 (the busiest cell)."""
        if count == 0:
            return 0
        return 1 + min(3, (4 * count - 1) // self.largest)


MATRIX_SQL = """
    SELECT t.theme_id, c.country_id, count(*)
    FROM partnerships_project_themes t
    JOIN partnerships_project_countries c ON c.project_id = t.project_id
    GROUP BY 1, 2
"""


def matrix() -> Matrix:
    with connection.cursor() as cursor:
        cursor.execute(MATRIX_SQL)
        counts = {(theme, country): n for theme, country, n in cursor.fetchall()}
    per_country: dict[str, int] = {}
    for (_theme, country), n in counts.items():
        per_country[country] = per_country.get(country, 0) + n
    busiest = sorted(per_country, key=lambda code: (-per_country[code], code))
    shown = busiest[:MATRIX_COUNTRIES]
    countries = sorted(Country.objects.filter(pk__in=shown), key=lambda country: country.name)
    return Matrix(
        themes=list(Theme.objects.order_by("name")),
        countries=countries,
        counts=counts,
        largest=max(counts.values(), default=1),
        countries_left_out=len(busiest) - len(shown),
    )


def dashboard_numbers() -> dict:
    """Everything the dashboard charts, computed once per data version."""

    def compute():
        return {
            "projects_by_year": projects_by_year(),
            "cash_by_year": cash_by_year(),
            "by_theme": by_theme(),
            "partners_by_kind": partners_by_kind(),
            "matrix": matrix(),
        }

    # Kind labels are kept lazy: they are translated when shown.
    return cached("dashboard-numbers", compute=compute, words=False)


def charts(numbers: dict) -> dict[str, BarChart]:
    """The dashboard's bar charts; every bar opens the records it counts."""
    projects, partners = reverse("partnerships:projects"), reverse("partnerships:organisations")
    return {
        "year_chart": bar_chart(
            _("Projects by start year"),
            _("Each bar counts the projects starting in a year and opens them in the project list."),
            _("Projects"),
            ((str(year), n, f"{projects}?started={year}") for year, n in numbers["projects_by_year"]),
        ),
        "cash_chart": bar_chart(
            _("Cash contributions by year (%(currency)s)") % {"currency": CHART_CURRENCY},
            _("Each bar sums the cash contributions to the projects starting in a year and opens those projects."),
            CHART_CURRENCY,
            ((str(year), total, f"{projects}?started={year}&cash=true") for year, total in numbers["cash_by_year"]),
            fmt=lambda value: number_format(value, 0, force_grouping=True),
        ),
        "theme_chart": bar_chart(
            _("Projects by theme"),
            _("Each bar counts the projects on a theme and opens them in the project list."),
            _("Projects"),
            ((theme.name, n, f"{projects}?theme={theme.slug}") for theme, n, _cash in numbers["by_theme"]),
        ),
        "kind_chart": bar_chart(
            _("Partners by kind"),
            _("Each bar counts the partners of a kind and opens them in the partner list."),
            _("Partners"),
            ((str(label), n, f"{partners}?kind={value}") for value, label, n in numbers["partners_by_kind"]),
        ),
    }
