"""Europe's country shapes, from the vendored Natural Earth borders in `data/countries-50m.json` (world-atlas 2.0.2;
see `data/README.md`): decoded and projected once per process, for the demo's map pictures (`demo/images.py`) and
the country index's clickable map (`countries/map.py`).

Projection: Lambert azimuthal equal-area centred at 10°E 52°N, on the unit sphere with y up.
"""

import functools
import json
import math
from pathlib import Path

MAP_DATA = Path(__file__).resolve().parent / "data" / "countries-50m.json"
MAP_CENTRE = (10.0, 52.0)

# How world-atlas names a country: its ISO 3166-1 numeric code, or its name when it has none (Kosovo).
WORLD_ATLAS_KEYS = {
    "AL": "008", "AD": "020", "AM": "051", "AT": "040", "AZ": "031", "BE": "056", "BA": "070", "BG": "100",
    "HR": "191", "CY": "196", "CZ": "203", "DK": "208", "EE": "233", "FI": "246", "FR": "250", "GE": "268",
    "DE": "276", "GR": "300", "HU": "348", "IS": "352", "IE": "372", "IT": "380", "XK": "Kosovo", "LV": "428",
    "LI": "438", "LT": "440", "LU": "442", "MT": "470", "MD": "498", "MC": "492", "ME": "499", "NL": "528",
    "MK": "807", "NO": "578", "PL": "616", "PT": "620", "RO": "642", "SM": "674", "RS": "688", "SK": "703",
    "SI": "705", "ES": "724", "SE": "752", "CH": "756", "TR": "792", "UA": "804", "GB": "826",
    "CA": "124", "JP": "392", "US": "840",
}  # fmt: skip

# Natural Earth draws Crimea as Russia's; CEP follows the Council of Europe, for which it is Ukraine's.
RUSSIA, UKRAINE = "643", "804"
CRIMEA = {"west": 32.0, "east": 37.0, "south": 44.0, "north": 46.5}

_SIN0, _COS0 = math.sin(math.radians(MAP_CENTRE[1])), math.cos(math.radians(MAP_CENTRE[1]))

Point = tuple[float, float]
Ring = tuple[Point, ...]


def project(lon: float, lat: float) -> Point | None:
    """Lambert azimuthal equal-area centred at 10°E 52°N, on the unit sphere (y up); None at the antipode."""
    lam = math.radians(lon - MAP_CENTRE[0])
    phi = math.radians(lat)
    cos_phi, sin_phi, cos_lam = math.cos(phi), math.sin(phi), math.cos(lam)
    denominator = 1 + _SIN0 * sin_phi + _COS0 * cos_phi * cos_lam
    if denominator < 1e-9:
        return None
    k = math.sqrt(2 / denominator)
    return k * cos_phi * math.sin(lam), k * (_COS0 * sin_phi - _SIN0 * cos_phi * cos_lam)


def topology_decode(topology: dict, name: str) -> list[tuple[str, list[list[list[tuple[float, float]]]]]]:
    """The geometries of one TopoJSON object as (key, polygons), each polygon a list of rings of (lon, lat).

    Arcs are quantised and delta-encoded: each point is the sum of the ones before it, then scaled and translated.
    A geometry refers to arc i by i, and to it reversed by ~i. The key is the geometry's id, or its name if none.
    """
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    geometries = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        key = geometry.get("id") or geometry.get("properties", {}).get("name", "")
        geometries.append((key, [[ring(indexes) for indexes in polygon] for polygon in polygons]))
    return geometries


def ring_area(points) -> float:
    edges = zip(points, [*points[1:], *points[:1]], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in edges)) / 2


@functools.cache
def europe_countries() -> tuple[tuple[str, tuple[tuple[Ring, ...], ...]], ...]:
    """The countries around Europe, projected: (world-atlas key, polygons), each polygon its outer ring then its
    holes. Far enough around Europe to fill a wide picture; the rest of the world never shows."""
    topology = json.loads(MAP_DATA.read_text(encoding="utf-8"))
    countries = {}
    for key, polygons in topology_decode(topology, "countries"):
        for rings in polygons:
            lons, lats = [lon for lon, _ in rings[0]], [lat for _, lat in rings[0]]
            if max(lons) < -45 or min(lons) > 80 or max(lats) < 20:
                continue
            owner = UKRAINE if key == RUSSIA and within(lons, lats, CRIMEA) else key
            projected = (tuple(point for point in (project(lon, lat) for lon, lat in ring) if point) for ring in rings)
            countries.setdefault(owner, []).append(tuple(projected))
    return tuple((key, tuple(polygons)) for key, polygons in countries.items())


def within(lons, lats, frame: dict) -> bool:
    return (
        frame["west"] <= min(lons)
        and max(lons) <= frame["east"]
        and frame["south"] <= min(lats) <= max(lats) <= frame["north"]
    )


@functools.cache
def europe_polygons() -> tuple[tuple[str, tuple[float, float, float, float], Ring], ...]:
    """The outer rings of the countries' polygons around Europe, projected, largest first (so that enclaves such as
    San Marino are painted over the country around them): (key, bounding box, points)."""
    polygons = []
    for key, country in europe_countries():
        for outer, *_holes in country:
            xs, ys = [x for x, _ in outer], [y for _, y in outer]
            polygons.append((ring_area(outer), key, (min(xs), min(ys), max(xs), max(ys)), outer))
    polygons.sort(key=lambda polygon: -polygon[0])
    return tuple((key, bbox, points) for _area, key, bbox, points in polygons)


@functools.cache
def frame_bounds(west: float, east: float, south: float, north: float) -> tuple[float, float, float, float]:
    """The projected bounding box (min x, min y, max x, max y) of a frame of longitudes and latitudes, its edges
    curves and all."""
    steps = 90
    edge = [(west + (east - west) * i / steps, lat) for i in range(steps + 1) for lat in (south, north)]
    edge += [(lon, south + (north - south) * i / steps) for i in range(steps + 1) for lon in (west, east)]
    points = [project(lon, lat) for lon, lat in edge]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)
