"""The network's world map: Natural Earth outlines in the Equal Earth projection, as SVG paths.

The geometry (alumni/societies/data/world-110m.json, made once by scripts/build_world_map.py
from the npm package world-atlas) is in degrees; it is projected here, read and projected once
per process on first use. Equal Earth (Šavrič, Patterson & Jenny, 2018) is equal-area, so a
large country does not look larger than it is, and it keeps the continents' familiar shapes.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

WIDTH = 1000
NORTH, SOUTH = 84.0, -57.0  # latitudes shown: Antarctica is left out
DOT_RADIUS = 4

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth (x, y) of a point in degrees, on the unit sphere, y growing northwards."""
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    slope = _A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)
    x = math.radians(lon) * math.cos(theta) / (_M * slope)
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_X_MAX = equal_earth(180, 0)[0]
_SCALE = WIDTH / (2 * _X_MAX)
_TOP = equal_earth(0, NORTH)[1]
HEIGHT = round((_TOP - equal_earth(0, SOUTH)[1]) * _SCALE)


def to_pixels(lon: float, lat: float) -> tuple[int, int]:
    x, y = equal_earth(lon, lat)
    return round((x + _X_MAX) * _SCALE), round((_TOP - y) * _SCALE)


@dataclass(frozen=True)
class Shape:
    code: str
    path: str  # the `d` of an SVG path; empty for a country drawn as a dot
    dot: tuple[int, int] | None = None


@cache
def _geometry() -> dict:
    data = resources.files("alumni.societies").joinpath("data", "world-110m.json")
    return json.loads(data.read_text(encoding="utf-8"))


def _ring_path(flat: list[int]) -> str:
    """One ring as "M x y l dx dy … z", relative whole pixels, zero steps dropped."""
    points = [to_pixels(flat[i] / 10, flat[i + 1] / 10) for i in range(0, len(flat), 2)]
    (x, y), steps = points[0], []
    for px, py in points[1:]:
        if (px, py) != (x, y):
            steps.append(f"{px - x} {py - y}")
            x, y = px, py
    if len(steps) < 2:
        return ""
    return f"M{points[0][0]} {points[0][1]}l" + " ".join(steps).replace(" -", "-") + "z"


@cache
def shapes() -> tuple[Shape, ...]:
    """Every country of the map, in code order: outlines, then the dots of small countries."""
    geometry = _geometry()
    outlines = [
        Shape(code, "".join(_ring_path(ring) for ring in rings))
        for code, rings in geometry["countries"].items()
    ]
    dots = [
        Shape(code, "", to_pixels(lon / 10, lat / 10))
        for code, (lon, lat) in geometry["points"].items()
    ]
    return tuple(outlines + dots)
