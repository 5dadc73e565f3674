"""The dashboard's numbers: projects and cash by year and theme, partners by kind, and
the theme x country matrix, all from one pass over the project facet table
(facet_tables.py). On a large table that pass reads its fixed 0.5% sample and the
numbers are estimates, said so on the page; the lists they open count exactly."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.db import reading
from core.numbers import grouped
from core.versioned_cache import cached

from .charts import BarChart, bar_chart
from .facet_counts import large
from .maps import WorldMap, world_map
from .models import SAMPLE_MODULUS, Country, Organisation, OrganisationFacets, ProjectFacets, Theme

# Countries with the most projects shown as matrix columns; the rest are counted.
MATRIX_COUNTRIES = 25
TOP = 10  # funders and countries by cash shown
CHART_CURRENCY = "USD"

TALLY_SQL = """
WITH s AS MATERIALIZED (
    SELECT start, themes, countries, participations FROM partnerships_projectfacets {sample}
),
usd AS (
    SELECT s.start, s.themes, s.countries, split_part(x, ':', 1) AS partner, split_part(x, ':', 5)::numeric AS amount
      FROM (SELECT start, themes, countries, unnest(participations) AS x FROM s) s
     WHERE split_part(x, ':', 4) = %(currency)s
)
SELECT 'projects', NULL::text, NULL::text, count(*), NULL::numeric FROM s
UNION ALL
SELECT 'year', extract(year FROM start)::int::text, NULL, count(*), NULL FROM s GROUP BY 2
UNION ALL
SELECT 'cash', extract(year FROM start)::int::text, NULL, count(*), sum(amount) FROM usd GROUP BY 2
UNION ALL
SELECT 'theme', t::text, NULL, count(*), NULL FROM (SELECT unnest(themes) AS t FROM s) u GROUP BY 2
UNION ALL
SELECT 'theme-cash', t::text, NULL, count(*), sum(amount)
  FROM (SELECT unnest(themes) AS t, amount FROM usd) u GROUP BY 2
UNION ALL
SELECT 'cell', t::text, c, count(*), NULL
  FROM (SELECT unnest(themes) AS t, countries FROM s) u, unnest(u.countries) c GROUP BY 2, 3
UNION ALL
SELECT 'country', c, NULL, count(*), NULL FROM s, unnest(s.countries) c GROUP BY 2
UNION ALL
SELECT 'funder', partner, NULL, count(*), sum(amount) FROM usd GROUP BY 2
UNION ALL
SELECT 'country-cash', c, NULL, count(*), sum(amount) FROM usd, unnest(usd.countries) c GROUP BY 2
"""


@dataclass
class Tally:
    """What the dashboard counts, in one pass; `scale` > 1 for estimates from the sample."""

    scale: int = 1
    projects: int = 0
    years: dict[int | None, int] = field(default_factory=dict)  # None: no start date
    cash: dict[int | None, Decimal] = field(default_factory=dict)
    themes: dict[int, int] = field(default_factory=dict)
    theme_cash: dict[int, Decimal] = field(default_factory=dict)
    cells: dict[tuple[int, str], int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)  # country code -> projects
    funders: dict[int, Decimal] = field(default_factory=dict)  # partner id -> cash given
    country_cash: dict[str, Decimal] = field(default_factory=dict)  # country code -> cash to its projects

    @property
    def estimated(self) -> bool:
        return self.scale > 1


def tally() -> Tally:
    scale = SAMPLE_MODULUS if large(ProjectFacets) else 1
    sample = f"WHERE mod(project_id, {SAMPLE_MODULUS}) = 0" if scale > 1 else ""
    result = Tally(scale=scale)
    into = defaultdict(dict, {"theme": result.themes, "cell": result.cells})
    with reading(ProjectFacets).cursor() as cursor:
        cursor.execute(TALLY_SQL.format(sample=sample), {"currency": CHART_CURRENCY})
        for kind, key, country, n, amount in cursor.fetchall():
            if kind == "projects":
                result.projects = n * scale
            elif kind == "year":
                result.years[_year(key)] = n * scale
            elif kind == "cash":
                result.cash[_year(key)] = _scaled(amount, scale)
            elif kind == "theme-cash":
                result.theme_cash[int(key)] = _scaled(amount, scale)
            elif kind == "cell":
                result.cells[(int(key), country)] = n * scale
            elif kind == "country":
                result.countries[key] = n * scale
            elif kind == "funder":
                result.funders[int(key)] = _scaled(amount, scale)
            elif kind == "country-cash":
                result.country_cash[key] = _scaled(amount, scale)
            else:
                into[kind][int(key)] = n * scale
    return result


def _year(key: str | None) -> int | None:
    return None if key is None else int(key)


def _by_year(counts: dict) -> list:
    """Oldest first, every year between the first and the last (a year with no project
    as zero, so that no gap hides); the projects without a start date last."""
    years = [year for year in counts if year is not None]
    zero = 0 if all(isinstance(value, int) for value in counts.values()) else Decimal(0)
    every = [(year, counts.get(year, zero)) for year in range(min(years), max(years) + 1)] if years else []
    return every + ([(None, counts[None])] if None in counts else [])


def _scaled(amount: Decimal, scale: int) -> Decimal:
    """A sum over the sample, scaled up: an estimate, to the thousand."""
    return amount if scale == 1 else round(amount * scale, -3)


def projects_by_year(numbers: Tally | None = None) -> list[tuple[int | None, int]]:
    """Projects by the year they started, and those without a start date (None) last."""
    return _by_year((numbers or tally()).years)


def cash_by_year(numbers: Tally | None = None) -> list[tuple[int | None, Decimal]]:
    """USD contributions to the projects starting each year, and to those without a start date."""
    return _by_year((numbers or tally()).cash)


def by_theme(numbers: Tally | None = None) -> list[tuple[Theme, int, Decimal]]:
    """Projects per theme and the USD contributed to them (a project on two themes
    counts for both)."""
    numbers = numbers or tally()
    themes = Theme.objects.order_by("name")
    return sorted(
        ((theme, numbers.themes.get(theme.pk, 0), numbers.theme_cash.get(theme.pk, Decimal(0))) for theme in themes),
        key=lambda row: (-row[1], row[0].name),
    )


def top_funders(numbers: Tally, limit: int = TOP) -> list[tuple[Organisation, Decimal]]:
    """The partners who gave most cash (in CHART_CURRENCY), most first."""
    top = sorted(numbers.funders.items(), key=lambda item: (-item[1], item[0]))[:limit]
    partners = Organisation.objects.in_bulk([pk for pk, _amount in top])
    return [(partners[pk], amount) for pk, amount in top if pk in partners]


def cash_by_country(numbers: Tally, limit: int = TOP) -> list[tuple[Country, Decimal]]:
    """The countries whose projects received most cash, most first (a project in two
    countries counts for both)."""
    top = sorted(numbers.country_cash.items(), key=lambda item: (-item[1], item[0]))[:limit]
    countries = Country.objects.in_bulk([code for code, _amount in top])
    return [(countries[code], amount) for code, amount in top if code in countries]


def partners_by_kind() -> list[tuple[str, str, int]]:
    counts = dict(OrganisationFacets.objects.values_list("kind").annotate(n=Count("pk")).order_by())
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


def matrix(numbers: Tally | None = None) -> Matrix:
    counts = (numbers or tally()).cells
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


def numbers() -> dict:
    """Everything the dashboard charts, computed once per data version."""

    def compute():
        tallied = tally()
        return {
            "projects": tallied.projects,
            "estimated": tallied.estimated,
            "projects_by_year": projects_by_year(tallied),
            "cash_by_year": cash_by_year(tallied),
            "by_theme": by_theme(tallied),
            "partners_by_kind": partners_by_kind(),
            "matrix": matrix(tallied),
            "top_funders": top_funders(tallied),
            "cash_by_country": cash_by_country(tallied),
            "country_projects": tallied.countries,
            "country_cash": tallied.country_cash,
            "countries": Country.objects.in_bulk(),  # named in the reader's language when shown
        }

    # Kind labels are kept lazy: they are translated when shown.
    return cached("dashboard-numbers", compute=compute, per_language=False)


def charts(numbers: dict) -> dict[str, BarChart]:
    """The dashboard's bar charts; every bar opens the records it counts, and every
    record is in a bar (projects without a start date have their own)."""
    projects, partners = reverse("partnerships:projects"), reverse("partnerships:organisations")

    def year(value: int | None) -> tuple[str, str]:
        """A year's label, and its projects' filter."""
        return (_("No start date"), "dated=false") if value is None else (str(value), f"started={value}")

    return {
        "year_chart": bar_chart(
            _("Projects by start year"),
            _("Each bar counts the projects starting in a year and opens them in the project list."),
            ((year(value)[0], n, f"{projects}?{year(value)[1]}") for value, n in numbers["projects_by_year"]),
        ),
        "cash_chart": bar_chart(
            _("Cash contributions by year (%(currency)s)") % {"currency": CHART_CURRENCY},
            _("Each bar sums the cash contributions to the projects starting in a year and opens those projects."),
            (
                (year(value)[0], total, f"{projects}?{year(value)[1]}&cash=true")
                for value, total in numbers["cash_by_year"]
            ),
            fmt=lambda value: grouped(value, 0),
        ),
        "theme_chart": bar_chart(
            _("Projects by theme"),
            _("Each bar counts the projects on a theme and opens them in the project list."),
            ((str(theme), n, f"{projects}?theme={theme.slug}") for theme, n, _cash in numbers["by_theme"]),
        ),
        "funder_chart": bar_chart(
            _("Top funders (%(currency)s)") % {"currency": CHART_CURRENCY},
            _("The partners who gave most cash; each bar opens their projects."),
            (
                (partner.name, total, f"{projects}?organisation={partner.slug}&cash=true")
                for partner, total in numbers["top_funders"]
            ),
            fmt=lambda value: grouped(value, 0),
        ),
        "country_cash_chart": bar_chart(
            _("Cash by country (%(currency)s)") % {"currency": CHART_CURRENCY},
            _(
                "The countries whose projects received most cash (a project in several countries counts in each); "
                "each bar opens those projects."
            ),
            (
                (str(country), total, f"{projects}?country={country.pk}&cash=true")
                for country, total in numbers["cash_by_country"]
            ),
            fmt=lambda value: grouped(value, 0),
        ),
        "kind_chart": bar_chart(
            _("Partners by kind"),
            _("Each bar counts the partners of a kind and opens them in the partner list."),
            ((str(label), n, f"{partners}?kind={value}") for value, label, n in numbers["partners_by_kind"]),
        ),
    }


MAP_CHOICES = ("projects", "cash")


def country_map(numbers: dict, by: str) -> WorldMap:
    """The countries shaded by their projects or (`by` "cash") the cash they received,
    each opening those projects."""
    projects = reverse("partnerships:projects")
    if by == "cash":
        return world_map(
            numbers["country_cash"],
            caption=_("Cash by country (%(currency)s)") % {"currency": CHART_CURRENCY},
            column=_("Cash (%(currency)s)") % {"currency": CHART_CURRENCY},
            url=lambda code: f"{projects}?country={code}&cash=true",
            fmt=lambda value: grouped(value, 0),
            money=True,
            estimated=numbers["estimated"],
            countries=numbers["countries"],
        )
    return world_map(
        numbers["country_projects"],
        caption=_("Projects by country"),
        column=_("Projects"),
        url=lambda code: f"{projects}?country={code}",
        estimated=numbers["estimated"],
        countries=numbers["countries"],
    )


def trend_chart(points) -> BarChart:
    """The share of quality checks passed at the end of each month (quality.trend())."""
    url = reverse("partnerships:quality")
    return bar_chart(
        _("Completeness by month"),
        _("The share of quality checks the records passed at the end of each month (this month: today)."),
        ((date_format(month, "YEAR_MONTH_FORMAT"), share.percent or 0, url) for month, share in points),
        fmt=lambda value: f"{value}%",
        full=100,
    )
