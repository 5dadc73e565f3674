"""The dashboard's charts and the theme x country matrix: every number matches the
list it links to, and every chart has its text alternative and its table."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Sum
from django.http import QueryDict

from partnerships import dashboard
from partnerships.charts import bar_chart
from partnerships.filters import ProjectFilter
from partnerships.models import Participation, Project, Theme

pytestmark = pytest.mark.django_db


def listed(url: str) -> int:
    """How many projects the project list shows for `url`."""
    query = QueryDict(urlsplit(url).query)
    return ProjectFilter(query, queryset=Project.objects.all()).qs.count()


@pytest.fixture
def charts():
    return dashboard.charts(dashboard.numbers())


def test_every_bar_counts_what_its_link_lists(charts):
    for name in ("year_chart", "theme_chart"):
        for bar in charts[name].bars:
            assert listed(bar.url) == bar.value, (name, bar.label)


def test_projects_by_start_year():
    years = dict(dashboard.projects_by_year())
    assert sum(years.values()) == Project.objects.count()
    assert years[2008] == Project.objects.filter(start__year=2008).count()
    assert years[None] == Project.objects.filter(start__isnull=True).count() > 0
    assert list(years)[-1] is None  # the undated last


def test_a_year_without_projects_shows_as_zero():
    """Issue 27: 2009, 2011 and 2024 sat side by side."""
    dated = [year for year, _n in dashboard.projects_by_year() if year is not None]
    assert dated == list(range(dated[0], dated[-1] + 1))
    started = set(Project.objects.filter(start__isnull=False).values_list("start__year", flat=True))
    assert all(n == 0 for year, n in dashboard.projects_by_year() if year is not None and year not in started)


def test_the_dashboard_offers_latest_started_and_recently_added(viewer_client):
    html = viewer_client.get("/").text
    assert "Latest started" in html and "Recently added" in html
    newest = Project.objects.order_by("-pk").first()
    added = html.split("Recently added")[1]
    assert newest.get_absolute_url() in added.split("</ul>")[0]


def test_every_chart_accounts_for_all_its_records(charts):
    """Regression: the cash chart showed USD 1.25M while the lists totalled USD 2.25M
    (AIG's USD 1,000,000 has no start year), and the year chart left out 12 projects."""
    assert sum(bar.value for bar in charts["year_chart"].bars) == Project.objects.count()
    usd = Participation.objects.filter(currency="USD").aggregate(total=Sum("amount"))["total"]
    assert sum(bar.value for bar in charts["cash_chart"].bars) == usd
    undated = charts["cash_chart"].bars[-1]
    assert (undated.label, undated.url) == ("No start date", "/projects/?dated=false&cash=true")


def test_cash_by_year_sums_usd_contributions_to_the_projects_of_that_year(charts):
    expected = {}
    for part in Participation.objects.filter(currency="USD").select_related("project"):
        year = part.project.start.year if part.project.start else None
        expected[year] = expected.get(year, 0) + part.amount
    assert {year: cash for year, cash in dashboard.cash_by_year() if cash} == expected
    for bar in charts["cash_chart"].bars:
        projects = ProjectFilter(QueryDict(urlsplit(bar.url).query), queryset=Project.objects.all()).qs
        usd = Participation.objects.filter(project__in=projects, currency="USD").aggregate(total=Sum("amount"))
        assert (usd["total"] or 0) == bar.value


def test_partners_by_kind_add_up(charts):
    assert sum(bar.value for bar in charts["kind_chart"].bars) == 65


def test_matrix_cells_match_the_lists_they_open(viewer_client):
    matrix = dashboard.matrix()
    assert len(matrix.themes) == Theme.objects.count()
    for theme, cells in matrix.rows():
        for country, n, level, title in cells:
            url = f"/projects/?theme={theme.slug}&country={country.code}"
            assert listed(url) == n, (theme.slug, country.code)
            assert (level == 0) == (n == 0)
            assert title == f"{theme.name} in {country.name}: {n}"


def test_matrix_shows_gaps_and_busy_cells(viewer_client):
    html = viewer_client.get("/").text
    assert 'class="matrix-cell level-0"' in html  # gaps stay visible
    assert "/projects/?theme=gender-based-violence&amp;country=SO" in html
    assert 'class="matrix-cell level-4"' in html


def test_charts_are_labelled_lists_of_links_with_their_numbers_as_text(viewer_client, charts):
    html = viewer_client.get("/").text
    for chart_id in ("chart-kinds", "chart-years", "chart-cash", "chart-themes"):
        assert f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"' in html
        assert f'id="{chart_id}-title"' in html
    for bar in charts["kind_chart"].bars:  # whole, not cut to 24 characters
        assert f'<span class="hbar-label">{bar.label}</span>' in html
        assert f'<span class="hbar-value">{bar.value_text}</span>' in html
    assert "<a" not in html.split('class="hbar"')[1].split("</a>")[0]  # no link inside a link


def test_dashboard_query_count(viewer_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(21):
        assert viewer_client.get("/").status_code == 200


def test_the_longest_bar_is_full_width_and_a_zero_has_none():
    chart = bar_chart("t", "d", [("2004", 242_678_293, "/"), ("2005", 0, "/")], fmt=lambda v: f"{v:,}")
    assert [bar.percent for bar in chart.bars] == [100, 0]
    assert chart.bars[0].value_text == "242,678,293"


def test_top_funders_and_cash_by_country_open_what_they_sum(charts):
    """Issue 27: a manager missed the top funders and the money by country."""
    funders = charts["funder_chart"].bars
    assert funders and funders[0].value == max(bar.value for bar in funders)
    for bar in funders[:3]:
        slug = parse_qs(urlsplit(bar.url).query)["organisation"][0]
        given = Participation.objects.filter(organisation__slug=slug, currency="USD").aggregate(total=Sum("amount"))
        assert given["total"] == bar.value
    countries = charts["country_cash_chart"].bars
    for bar in countries[:3]:
        code = parse_qs(urlsplit(bar.url).query)["country"][0]
        to = Participation.objects.filter(project__countries=code, currency="USD").aggregate(total=Sum("amount"))
        assert to["total"] == bar.value


def test_the_matrix_names_its_countries(viewer_client):
    """Issue 27: the matrix showed ISO codes, the names on hover only."""
    html = viewer_client.get("/").text
    head = html.split('class="table table-sm table-bordered matrix')[1].split("</thead>")[0]
    assert '<span class="matrix-country-name">Indonesia</span>' in head and ">ID<" not in head
