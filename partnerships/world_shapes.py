"""The world map's country shapes: Natural Earth's countries (TopoJSON from the npm
package world-atlas 2.0.2, in data/), drawn once into static SVG paths, one per country
with its ISO 3166 alpha-2 code as id (`manage.py draw_world_map`). Pages shade them with
`<use>` (maps.py), so that a page carries only links and classes, never the shapes.

The projection is Equal Earth (Šavrič, Patterson and Jenny, 2018): areas keep their
proportions, so a large shaded country is a large country, not one near a pole."""

import json
import math
from pathlib import Path

import pycountry

DATA = Path(__file__).resolve().parent / "data" / "world-atlas-2.0.2"
ATLAS = DATA / "countries-50m.json"
SVG = Path(__file__).resolve().parent.parent / "static" / "img" / "world-map.svg"
WIDTH = 1000  # of the view box; the height follows from the projection
PRECISION = 1  # decimals kept: a tenth of a unit is a fraction of a pixel on any screen
TOLERANCE = 0.25  # how far (in units) a simplified border may stray from the drawn one
DOT = 4  # a country smaller than this across is shown as a dot as well
LEFT_OUT = {"010"}  # Antarctica: no partnership project, and a quarter of the map's height
UNNAMED = "rest"  # the id of the land with no ISO 3166 code (Kosovo, Northern Cyprus, ...)

# Equal Earth's constants.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    """Degrees to the projection's plane (y upwards)."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Each arc's points in degrees (the file's are quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for encoded in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in encoded:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    """A ring's points: its arcs in turn (a negative index is an arc read backwards),
    each arc's first point being the previous one's last."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def _alpha_2(numeric: str | None) -> str | None:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_2 if country else None


def draw(atlas: Path = ATLAS) -> str:
    """The SVG file: a path per country, its id the alpha-2 code, and a dot over each
    country too small to see or to click. Holes (Lesotho in South Africa) need
    `fill-rule: evenodd`, which the page's stylesheet sets."""
    topology = json.loads(atlas.read_text())
    geometries = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") not in LEFT_OUT]
    used = {i if i >= 0 else ~i for g in geometries for p in _polygons(g) for ring in p for i in ring}
    arcs = {i: arc for i, arc in enumerate(_arcs(topology)) if i in used}
    points = [equal_earth(lon, lat) for arc in arcs.values() for lon, lat in arc]
    left, right = min(x for x, _ in points), max(x for x, _ in points)
    bottom, top = min(y for _, y in points), max(y for _, y in points)
    scale = WIDTH / (right - left)
    height = round((top - bottom) * scale)

    def plotted(lon: float, lat: float) -> tuple[float, float]:
        x, y = equal_earth(lon, lat)
        return (x - left) * scale, (top - y) * scale

    # Each arc is simplified once, so that two neighbours keep the same border.
    arcs = {i: [arc[k] for k in _simplified([plotted(*point) for point in arc])] for i, arc in arcs.items()}
    rings = {}
    for geometry in geometries:
        code = _alpha_2(geometry.get("id")) or UNNAMED
        for polygon in _polygons(geometry):
            for indexes in polygon:
                pieces = _cut_at_antimeridian(_ring(arcs, indexes))
                rings.setdefault(code, []).extend([plotted(*point) for point in piece] for piece in pieces)
    paths = "\n".join(_shape(code, shapes) for code, shapes in sorted(rings.items()))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}">\n'
        "<!-- Drawn by `manage.py draw_world_map` from world-atlas 2.0.2 (ISC licence), "
        "Natural Earth 1:50m countries (public domain); Equal Earth projection. -->\n"
        f"{paths}\n</svg>\n"
    )


def _cut_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses 180° (Fiji, Wrangel Island), as its pieces on either side;
    drawn whole, it would run across the map. Its longitudes are first made continuous
    (179 then 181, not -179), then it is clipped to each side of the line."""
    continuous = [ring[0]]
    for lon, lat in ring[1:]:
        previous = continuous[-1][0]
        lon += 360 * round((previous - lon) / 360)
        continuous.append((lon, lat))
    lons = [lon for lon, _ in continuous]
    if min(lons) >= -180 and max(lons) <= 180:
        return [continuous]
    edge = 180 if max(lons) > 180 else -180
    inside = _clipped(continuous, edge, keep_below=edge == 180)
    outside = _clipped(continuous, edge, keep_below=edge != 180)
    shift = -360 if edge == 180 else 360
    return [piece for piece in (inside, [(lon + shift, lat) for lon, lat in outside]) if len(piece) >= 3]


def _clipped(ring: list[tuple[float, float]], edge: float, keep_below: bool) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the ring's part on one side of the meridian `edge`."""

    def kept(point) -> bool:
        return point[0] <= edge if keep_below else point[0] >= edge

    def crossing(a, b) -> tuple[float, float]:
        t = (edge - a[0]) / (b[0] - a[0])
        return edge, a[1] + t * (b[1] - a[1])

    result = []
    for i, point in enumerate(ring):
        previous = ring[i - 1]
        if kept(point) != kept(previous):
            result.append(crossing(previous, point))
        if kept(point):
            result.append(point)
    return result


def _shape(code: str, rings: list) -> str:
    """A country's path; a country smaller than DOT across also gets a dot, so that it
    can be seen and clicked."""
    d = ""
    for ring in rings:
        plotted = [(round(x, PRECISION), round(y, PRECISION)) for x, y in ring]
        plotted = [point for i, point in enumerate(plotted) if i == 0 or point != plotted[i - 1]]
        if len(plotted) >= 3:
            d += "M" + "L".join(f"{_number(x)} {_number(y)}" for x, y in plotted) + "Z"
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    if max(xs) - min(xs) >= DOT and max(ys) - min(ys) >= DOT:
        return f'<path id="{code}" d="{d}"/>'
    cx, cy = _number((max(xs) + min(xs)) / 2), _number((max(ys) + min(ys)) / 2)
    return f'<g id="{code}"><path d="{d}"/><circle cx="{cx}" cy="{cy}" r="{DOT / 2}"/></g>'


def _simplified(points: list[tuple[float, float]]) -> list[int]:
    """Douglas-Peucker: the indexes of the points that move the line by more than
    TOLERANCE, and of both ends."""
    if len(points) < 3:
        return list(range(len(points)))
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, distance = None, TOLERANCE
        for i in range(first + 1, last):
            x, y = points[i]
            # From the chord, or from its one point when the arc closes on itself.
            d = abs(dy * (x - x1) - dx * (y - y1)) / length if length else math.hypot(x - x1, y - y1)
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [i for i, kept in enumerate(keep) if kept]


def _number(value: float) -> str:
    return f"{value:.{PRECISION}f}".rstrip("0").rstrip(".")
