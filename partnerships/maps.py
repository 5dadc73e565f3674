"""World maps: each country shaded by a number (projects, or cash), linking to its
projects. The shapes are a static file (world_shapes.py) that the browser caches once; a
page holds only a `<use>` per country, with its shade, title and link, and a table of the
same numbers. No script and nothing from outside: it works under the portal's CSP and
offline."""

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.templatetags.static import static
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.numbers import grouped

from .models import Country
from .world_shapes import SVG, UNNAMED

SHADES = 4  # levels of a country with something to show; 0 is none


@cache
def _shapes() -> tuple[tuple[str, ...], str]:
    """The countries the shapes file draws (alpha-2 codes), and its view box."""
    drawn = SVG.read_text()
    codes = tuple(code for code in re.findall(r' id="([A-Za-z0-9]+)"', drawn) if code != UNNAMED)
    return codes, re.search(r'viewBox="([^"]+)"', drawn).group(1)


@dataclass(frozen=True)
class Area:
    """A country with something to show: on the map, and in its table."""

    code: str
    name: str
    value: int | Decimal
    text: str  # the value as shown (grouped, an estimate marked)
    url: str  # its projects
    level: int  # 1 to SHADES


@dataclass(frozen=True)
class WorldMap:
    caption: str
    column: str  # what the value is, the table's heading
    rows: list[Area]  # every country with a value, most first (the table)
    not_drawn: list[Area]  # those of them too small for Natural Earth's shapes
    legend: list[tuple[int, str]]  # (level, the values it stands for)
    view_box: str
    selected: frozenset = frozenset()  # the countries the list is filtered by, outlined
    estimated: bool = False

    @property
    def drawing(self) -> str:
        """The SVG's content: a `<use>` of each country's shape, shaded, and for a country
        with a value a link to its projects with a title saying what it counts. Written
        here, not in a template loop: a map has some 240 countries, and the loop took
        longer than the rest of the project list's page."""
        shapes = static("img/world-map.svg")
        by_code = {area.code: area for area in self.rows}
        parts = [f'<use href="{shapes}#{UNNAMED}" class="map-0"/>']
        for code in _shapes()[0]:
            marked = " map-selected" if code in self.selected else ""
            area = by_code.get(code)
            if area is None:
                parts.append(f'<use href="{shapes}#{code}" class="map-0{marked}"/>')
                continue
            title = escape(f"{area.name} – {self.column}: {area.text}")
            parts.append(
                f'<a href="{escape(area.url)}" tabindex="-1"><title>{title}</title>'
                f'<use href="{shapes}#{code}" class="map-{area.level}{marked}"/></a>'
            )
        return mark_safe("".join(parts))  # every value is escaped above


def world_map(
    values: dict[str, int | Decimal],
    *,
    caption: str,
    column: str,
    url,
    fmt=grouped,
    selected=(),
    money: bool = False,
    estimated: bool = False,
    countries: dict[str, Country] | None = None,
) -> WorldMap:
    """A map of `values` (country code -> a number); `url(code)` opens a country's
    projects, `fmt(value)` shows a value; `countries` by code, when already loaded."""
    drawn, view_box = _shapes()
    uppers = _breaks(values.values())
    countries = countries if countries is not None else Country.objects.in_bulk()
    rows = [
        Area(
            code=code,
            name=str(countries[code]),
            value=value,
            text=fmt(value),
            url=url(code),
            level=_level(value, uppers),
        )
        for code, value in values.items()
        if value and code in countries
    ]
    rows.sort(key=lambda row: (-row.value, row.name))
    on_map = set(drawn)
    return WorldMap(
        caption=caption,
        column=column,
        rows=rows,
        not_drawn=[row for row in rows if row.code not in on_map],
        legend=_legend(uppers, fmt, money),
        view_box=view_box,
        selected=frozenset(selected),
        estimated=estimated,
    )


def _breaks(values) -> list:
    """The upper bound of each shade: quantiles of the values above zero, so that each
    shade holds about as many countries (a few busy countries do not pale the rest)."""
    ordered = sorted(value for value in values if value > 0)
    if not ordered:
        return []
    return sorted({ordered[math.ceil(len(ordered) * k / SHADES) - 1] for k in range(1, SHADES + 1)})


def _level(value, uppers: list) -> int:
    if value <= 0:
        return 0
    return 1 + next((i for i, upper in enumerate(uppers) if value <= upper), len(uppers) - 1)


def _legend(uppers: list, fmt, money: bool) -> list[tuple[int, str]]:
    """What each shade stands for: "4–10" for counts, "up to USD 50,000" for money."""
    legend = [(0, _("none"))]
    lower = 1
    for level, upper in enumerate(uppers, start=1):
        if money:
            legend.append((level, _("up to %(amount)s") % {"amount": fmt(upper)}))
        else:
            legend.append((level, fmt(upper) if lower == upper else f"{fmt(lower)}–{fmt(upper)}"))
        lower = upper + 1
    return legend
