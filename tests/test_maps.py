"""The world maps (issue 27): the shapes file is what the command draws, every country
shaded opens the projects it counts, and the same numbers are in a table."""

import math
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Sum
from django.http import QueryDict
from django.templatetags.static import static

from partnerships import dashboard, maps, world_shapes
from partnerships.filters import ProjectFilter
from partnerships.models import Country, Participation, Project

pytestmark = pytest.mark.django_db


def listed(url: str) -> int:
    query = QueryDict(urlsplit(url).query)
    return ProjectFilter(query, queryset=Project.objects.all()).qs.count()


def rings(svg: str) -> dict[str, list[list[tuple[float, float]]]]:
    """Each id's rings, as drawn."""
    shapes = {}
    for code, group in re.findall(r'id="(\w+)"( d="[^"]*"|>.*?</g>)', svg):
        for d in re.findall(r'd="([^"]*)"', group):
            for ring in filter(None, d.split("Z")):
                points = [tuple(map(float, point.split())) for point in ring.lstrip("M").split("L")]
                shapes.setdefault(code, []).append(points)
    return shapes


def test_the_shapes_file_is_what_the_command_draws():
    assert world_shapes.SVG.read_text() == world_shapes.draw(), "run manage.py draw_world_map"


def test_every_shape_is_a_country_of_the_portal():
    drawn = rings(world_shapes.SVG.read_text())
    codes = set(drawn) - {world_shapes.UNNAMED}
    assert len(codes) > 230
    assert codes <= set(Country.objects.values_list("code", flat=True))
    # small states are drawn too, with a dot to click
    assert {"SG", "MT", "BH", "FR", "ZA", "LS"} <= codes
    assert '<g id="SG">' in world_shapes.SVG.read_text()


def test_no_shape_runs_across_the_map():
    """Fiji and Wrangel Island cross 180°: drawn whole, they became lines across the world."""
    for code, shapes in rings(world_shapes.SVG.read_text()).items():
        for ring in shapes:
            xs = [x for x, _ in ring]
            assert max(xs) - min(xs) < world_shapes.WIDTH / 2, code


def test_a_ring_across_180_degrees_is_cut_in_two():
    square = [(179.0, 0.0), (-179.0, 0.0), (-179.0, 1.0), (179.0, 1.0), (179.0, 0.0)]
    east, west = world_shapes._cut_at_antimeridian(square)
    assert {lon for lon, _ in east} == {179.0, 180.0}
    assert {lon for lon, _ in west} == {-180.0, -179.0}
    inside = [(10.0, 0.0), (11.0, 0.0), (11.0, 1.0), (10.0, 0.0)]
    assert world_shapes._cut_at_antimeridian(inside) == [inside]


def test_equal_earth_matches_the_published_projection():
    assert world_shapes.equal_earth(0, 0) == (0, 0)
    x, _ = world_shapes.equal_earth(180, 0)
    assert math.isclose(x, 2.7066299836, rel_tol=1e-8)
    _, y = world_shapes.equal_earth(0, 90)
    assert math.isclose(y, 1.3173627591, rel_tol=1e-8)


def test_every_country_on_the_dashboard_map_opens_the_projects_it_counts(viewer_client):
    numbers = dashboard.numbers()
    world = dashboard.country_map(numbers, "projects")
    shaded = world.rows
    assert len(shaded) >= 10
    for area in shaded:
        assert listed(area.url) == area.value == Project.objects.filter(countries=area.code).count(), area.code
        assert area.level >= 1
    with_projects = set(Project.objects.values_list("countries", flat=True)) - {None}
    assert {area.code for area in shaded} == with_projects
    assert [area.value for area in shaded] == sorted((area.value for area in shaded), reverse=True)


def test_the_dashboard_map_by_cash_sums_the_usd_each_country_received(viewer_client):
    world = dashboard.country_map(dashboard.numbers(), "cash")
    assert world.rows
    for area in world.rows:
        code = parse_qs(urlsplit(area.url).query)["country"][0]
        received = Participation.objects.filter(project__countries=code, currency="USD").aggregate(total=Sum("amount"))
        assert area.value == received["total"], code
        assert "cash=true" in area.url
    html = viewer_client.get("/?map=cash").text
    assert 'aria-current="true">Cash (USD)</a>' in html
    assert "up to " in html  # the money legend


def test_the_dashboard_page_draws_the_map_with_its_table(viewer_client):
    html = viewer_client.get("/?map=nonsense").text  # an unknown choice: by projects
    assert 'aria-current="true">Projects</a>' in html
    svg = html.split('<svg class="world-map-shapes"')[1].split("</svg>")[0]
    assert 'aria-hidden="true"' in svg.split(">")[0]
    uses = re.findall(r'<use\s+href="([^"#]+)#(\w+)"', svg)
    assert {path for path, _code in uses} == {static("img/world-map.svg")}  # one cached file
    assert len(uses) == len(maps._shapes()[0]) + 1  # every country, and the land with no code
    links = re.findall(r'<a\s+href="([^"]+)" tabindex="-1"><title>([^<]+)</title>', svg)
    assert ("/projects/?country=ZA", f"South Africa – Projects: {Project.objects.filter(countries='ZA').count()}") in [
        (url.replace("&amp;", "&"), title) for url, title in links
    ]
    table = html.split('class="map-table')[1].split("</details>")[0]
    for url, _title in links:
        assert f'href="{url}"' in table


def test_a_country_too_small_to_draw_is_named_under_the_map():
    drawn = set(maps._shapes()[0])
    world = maps.world_map({"TV": 2, "FR": 5}, caption="c", column="Projects", url=lambda code: f"?country={code}")
    assert "TV" not in drawn  # Tuvalu: not in Natural Earth's 1:50m countries
    assert [area.code for area in world.not_drawn] == ["TV"]
    assert [area.code for area in world.rows] == ["FR", "TV"]


def test_shades_split_the_countries_evenly_and_the_legend_says_what_each_means():
    values = {"FR": 1, "DE": 1, "IT": 2, "ES": 3, "PT": 5, "BE": 8, "NL": 40, "AT": 400}
    world = maps.world_map(values, caption="c", column="Projects", url=lambda code: "")
    levels = {area.code: area.level for area in world.rows}
    assert levels == {"FR": 1, "DE": 1, "IT": 2, "ES": 2, "PT": 3, "BE": 3, "NL": 4, "AT": 4}
    assert world.legend == [(0, "none"), (1, "1"), (2, "2–3"), (3, "4–8"), (4, "9–400")]
    money = maps.world_map({"FR": Decimal(1000), "DE": Decimal(5000)}, caption="c", column="USD", url=str, money=True)
    assert money.legend[-1] == (2, "up to 5,000")


@pytest.mark.parametrize("query", ["", "theme=health", "theme=health&country=ID", "kind=company&role=funding"])
def test_the_list_map_counts_each_country_with_the_other_filters(viewer_client, query):
    response = viewer_client.get(f"/projects/?{query}")
    world = response.context["listing"].world_map
    base = QueryDict(query)
    for area in world.rows:
        opened = QueryDict(urlsplit(area.url).query)
        assert opened.getlist("country") == [area.code]  # narrowed to that country alone
        for key in base:
            if key != "country":
                assert opened.getlist(key) == base.getlist(key)
        assert listed(area.url) == area.value, (query, area.code)
    assert world.selected == set(base.getlist("country"))
    selected = re.findall(r'#(\w+)" class="map-\d map-selected"', response.text)
    assert set(selected) == set(base.getlist("country"))
    assert 'class="map-' in response.text and 'id="map"' in response.text
