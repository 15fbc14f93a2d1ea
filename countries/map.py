"""The country index's map of Europe: an inline SVG in which each country with a profile is a link.

The shapes are clipped to the frame, simplified and rounded once per process (`country_outlines`); the links are
added per content generation (`CountryIndexPage.get_context` caches `europe_map_svg`). It needs no JavaScript.
"""

import functools
import math
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .shapes import WORLD_ATLAS_KEYS, europe_countries, frame_bounds, ring_area

# Longitudes and latitudes shown: Iceland to the Caucasus, the North Cape to Malta and Cyprus.
FRAME = {"west": -24.0, "east": 47.0, "south": 34.0, "north": 71.5}
WIDTH = 1000  # of the viewBox; the map is scaled to its box by CSS
# In viewBox units (about 4 km each): detail finer than this is invisible at the sizes the map is shown at.
TOLERANCE = 0.7
# Islands smaller than this (in square units) are left out, unless they are all there is of a country (Malta).
SMALLEST_ISLAND = 4.0

MAP_TITLE = "Map of Europe"
MAP_DESCRIPTION = "Countries with a profile are links to it; the list of countries has every profile."

Point = tuple[float, float]


@dataclass(frozen=True)
class Outlines:
    width: int
    height: int
    # (world-atlas key, path data), in the order they are drawn.
    paths: tuple[tuple[str, str], ...]


def clip(ring: list[Point], left: float, top: float, right: float, bottom: float) -> list[Point]:
    """A ring clipped to a rectangle (Sutherland–Hodgman): what lies outside the frame costs no bytes."""
    edges = (
        (lambda p: p[0] >= left, lambda a, b: a[1] + (b[1] - a[1]) * (left - a[0]) / (b[0] - a[0]), "x", left),
        (lambda p: p[0] <= right, lambda a, b: a[1] + (b[1] - a[1]) * (right - a[0]) / (b[0] - a[0]), "x", right),
        (lambda p: p[1] >= top, lambda a, b: a[0] + (b[0] - a[0]) * (top - a[1]) / (b[1] - a[1]), "y", top),
        (lambda p: p[1] <= bottom, lambda a, b: a[0] + (b[0] - a[0]) * (bottom - a[1]) / (b[1] - a[1]), "y", bottom),
    )
    points = ring
    for inside, crossing, axis, value in edges:
        if not points:
            break
        clipped = []
        for index, current in enumerate(points):
            previous = points[index - 1]
            if inside(current):
                if not inside(previous):
                    clipped.append(crossing_point(previous, current, crossing, axis, value))
                clipped.append(current)
            elif inside(previous):
                clipped.append(crossing_point(previous, current, crossing, axis, value))
        points = clipped
    return points


def crossing_point(a: Point, b: Point, crossing, axis: str, value: float) -> Point:
    other = crossing(a, b)
    return (value, other) if axis == "x" else (other, value)


def simplified(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the points that keep the line within `tolerance` of the original."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        length = math.hypot(x1 - x0, y1 - y0)
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            x, y = points[index]
            # The distance to the chord, or to its first end where the ring closes on itself.
            away = abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length if length else math.hypot(x - x0, y - y0)
            if away > distance:
                farthest, distance = index, away
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    """SVG path data in relative moves and lines of whole units: the shortest text for the shapes."""
    parts = []
    x = y = 0
    for ring in rings:
        (start_x, start_y), rest = ring[0], ring[1:]
        parts.append(f"m{start_x - x},{start_y - y}" if parts else f"M{start_x},{start_y}")
        x, y = start_x, start_y
        steps = []
        for next_x, next_y in rest:
            steps.append(f"{next_x - x},{next_y - y}")
            x, y = next_x, next_y
        parts.append("l" + " ".join(steps).replace(" -", "-") + "z")
        x, y = start_x, start_y  # `z` goes back to the ring's start
    return "".join(parts)


@functools.cache
def country_outlines() -> Outlines:
    """Every country in the frame as one path (islands and enclaves included: holes are drawn with the even-odd
    rule), the largest first. Computed once per process."""
    west, south, east, north = frame_bounds(FRAME["west"], FRAME["east"], FRAME["south"], FRAME["north"])
    scale = WIDTH / (east - west)
    height = round((north - south) * scale)
    margin = 2  # past the edge, so that no border is drawn along it

    countries = []
    for key, polygons in europe_countries():
        rings = []
        for polygon in polygons:
            for ring in polygon:
                placed = [((x - west) * scale, (north - y) * scale) for x, y in ring]
                placed = clip(placed, -margin, -margin, WIDTH + margin, height + margin)
                if len(placed) < 3:
                    continue
                rings.append(placed)
        if not rings:
            continue
        areas = [ring_area(ring) for ring in rings]
        largest = max(areas)
        kept = []
        for ring, area in zip(rings, areas, strict=True):
            if area < SMALLEST_ISLAND and area != largest:
                continue
            points = simplified([*ring, ring[0]], TOLERANCE)[:-1]
            rounded = [(round(x), round(y)) for x, y in points]
            rounded = [point for index, point in enumerate(rounded) if point != rounded[index - 1]] or rounded[:1]
            if len(rounded) >= 3 or area == largest:
                kept.append(rounded if len(rounded) >= 3 else tiny_square(ring))
        countries.append((sum(areas), key, path_data(kept)))
    countries.sort(key=lambda country: -country[0])
    return Outlines(width=WIDTH, height=height, paths=tuple((key, data) for _area, key, data in countries))


def tiny_square(ring: list[Point]) -> list[tuple[int, int]]:
    """A country smaller than a unit (Monaco, San Marino) as a 2×2 square where it is, so that it still shows."""
    x = round(sum(point[0] for point in ring) / len(ring))
    y = round(sum(point[1] for point in ring) / len(ring))
    return [(x - 1, y - 1), (x + 1, y - 1), (x + 1, y + 1), (x - 1, y + 1)]


def europe_map_svg(profiles: list[tuple[str, str, str]]) -> SafeString:
    """The map as inline SVG: `profiles`, (country code, name, address) in alphabetical order, are links, so that Tab
    goes through them as through the list; the other countries are drawn, not focusable."""
    outlines = country_outlines()
    drawn = dict(outlines.paths)
    linked = {}
    for code, name, url in profiles:
        key = WORLD_ATLAS_KEYS.get(code)
        if key in drawn and key not in linked:
            linked[key] = (name, url)
    land = format_html_join("", '<path d="{}"/>', ((data,) for key, data in outlines.paths if key not in linked))
    links = format_html_join(
        "",
        '<a href="{}" class="country-map__country" aria-label="{}"><path d="{}"/></a>',
        ((url, name, drawn[key]) for key, (name, url) in linked.items()),
    )
    return format_html(
        '<svg class="country-map__svg" viewBox="0 0 {} {}" role="group" aria-labelledby="country-map-title '
        'country-map-description"><title id="country-map-title">{}</title><desc id="country-map-description">{}'
        '</desc><g class="country-map__land" aria-hidden="true">{}</g><g class="country-map__profiles">{}</g></svg>',
        outlines.width,
        outlines.height,
        MAP_TITLE,
        MAP_DESCRIPTION,
        land,
        links,
    )
