"""Convert world-atlas's Natural Earth TopoJSON into the map's compact geometry file, once.

    python scripts/build_world_map.py WORLD_ATLAS_DIR [ISO_3166_JSON] > world-110m.json

`make world-map` runs it on the npm package world-atlas (unpacked by npm) and on Debian's
iso-codes list (ISO 3166 numeric → alpha-2 codes). The site never needs npm: the output is
committed, and alumni/societies/worldmap.py projects it in Python.

Countries come from the 110m file (Antarctica left out). Countries too small for 110m (e.g.
Singapore) are kept as one point each, the centre of their 50m outline's bounding box, drawn as
a dot only when they have societies. Coordinates are tenths of a degree; consecutive points that
round to the same one are dropped.
"""

import json
import sys
from pathlib import Path

# Natural Earth features that have no ISO numeric code in world-atlas.
BY_NAME = {"Kosovo": "XK"}
LEFT_OUT = {"AQ"}  # Antarctica: a third of the map's height for no society


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The quantized, delta-encoded arcs as (longitude, latitude) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(arcs, geometry: dict) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def unwrap(points):
    """Longitudes made continuous (a ring crossing the antimeridian runs past ±180)."""
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        out.append((lon, lat))
    return out


def clip(points, keep, cross):
    """Sutherland–Hodgman against one edge: KEEP(p) is inside, CROSS(a, b) the crossing."""
    out = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if keep(current):
            if not keep(previous):
                out.append(cross(previous, current))
            out.append(current)
        elif keep(previous):
            out.append(cross(previous, current))
    return out


def at_lon(edge):
    def cross(a, b):
        t = (edge - a[0]) / (b[0] - a[0])
        return (edge, a[1] + t * (b[1] - a[1]))

    return cross


def split_antimeridian(points) -> list[list[tuple[float, float]]]:
    """A ring that crosses ±180° as the pieces either side of it, each within ±180°."""
    points = unwrap(points)
    lons = [p[0] for p in points]
    if min(lons) >= -180 and max(lons) <= 180:
        return [points]
    pieces = []
    for shift in (-360, 0, 360):
        moved = [(lon + shift, lat) for lon, lat in points]
        moved = clip(moved, lambda p: p[0] >= -180, at_lon(-180))
        moved = clip(moved, lambda p: p[0] <= 180, at_lon(180)) if moved else []
        if len(moved) >= 3:
            pieces.append(moved)
    return pieces


def tenths(points) -> list[int]:
    """[lon, lat, lon, lat, …] in tenths of a degree, repeated points dropped."""
    flat: list[int] = []
    for lon, lat in points:
        point = [round(lon * 10), round(lat * 10)]
        if flat[-2:] != point:
            flat.extend(point)
    if len(flat) > 2 and flat[:2] == flat[-2:]:
        flat = flat[:-2]  # the ring is closed by the path's Z
    return flat


def code_of(geometry: dict, alpha2: dict[str, str]) -> str | None:
    if "id" in geometry:
        return alpha2.get(geometry["id"])
    return BY_NAME.get(geometry["properties"]["name"])


def load(path: Path) -> tuple[dict, list]:
    topology = json.loads(path.read_text(encoding="utf-8"))
    return topology, decode_arcs(topology)


def main(atlas: Path, iso_json: Path) -> dict:
    codes = json.loads(iso_json.read_text(encoding="utf-8"))["3166-1"]
    alpha2 = {c["numeric"]: c["alpha_2"] for c in codes}
    topology, arcs = load(atlas / "countries-110m.json")
    countries: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = code_of(geometry, alpha2)
        if code is None or code in LEFT_OUT:
            continue
        rings = [
            tenths(piece)
            for polygon in polygons(arcs, geometry)
            for r in polygon
            for piece in split_antimeridian(r)
        ]
        countries.setdefault(code, []).extend(r for r in rings if len(r) >= 6)
    topology, arcs = load(atlas / "countries-50m.json")
    points = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = code_of(geometry, alpha2)
        if code is None or code in countries or code in LEFT_OUT:
            continue
        every = [p for polygon in polygons(arcs, geometry) for r in polygon for p in r]
        if every:
            lons, lats = [p[0] for p in every], [p[1] for p in every]
            points[code] = tenths([((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)])
    return {
        "source": "world-atlas 2.0.2 (Natural Earth 1:110m and 1:50m countries), "
        "ISO 3166 codes from Debian's iso-codes",
        "unit": "tenths of a degree: [lon, lat, lon, lat, ...] per ring",
        "countries": dict(sorted(countries.items())),
        "points": dict(sorted(points.items())),
    }


if __name__ == "__main__":
    iso = Path(sys.argv[2] if len(sys.argv) > 2 else "/usr/share/iso-codes/json/iso_3166-1.json")
    json.dump(main(Path(sys.argv[1]), iso), sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
