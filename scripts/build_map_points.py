"""Generate src/tiptiers/data/map-points.csv: where the maps draw a country as a dot.

At the scale of the world map (Natural Earth 1:110m, ``data/world-110m.json``) some twenty
governments the report ranks have no shape at all (Malta, Singapore, Bahrain, the island
states of the Caribbean and the Pacific) and others are a few pixels wide. The maps draw
those as dots (``report/maps.py``), placed and sized from this file, which is computed from
the geometry itself, never typed by hand:

* every country of Natural Earth's 1:50m countries (which has the small states the 1:110m
  leaves out), as the npm package ``world-atlas`` 2.0.2 ships it (``countries-50m.json``,
  the same package and version as the packaged 1:110m file);
* ``key``: the shape's ISO 3166-1 numeric id, or its name where it has none (as
  ``report/maps.py`` joins the 1:110m shapes);
* ``lon``, ``lat``: the centroid of its largest polygon at 1:50m (on land, not in the sea
  between islands), to 0.01 degree;
* ``area_km2``: its area at 1:50m; ``area_110m_km2``: the area of its shape in the packaged
  1:110m file, blank where that file has no shape for it. Areas are computed on a sphere of
  the Earth's mean radius (6,371 km) through the sinusoidal projection, which keeps areas.

Which countries are dots is decided at run time from these areas (``maps.small_states``).

Usage (the npm package is not a dependency of tiptiers; fetch it with npm)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_map_points.py package/            # (re)write map-points.csv
    python scripts/build_map_points.py package/ --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "tiptiers" / "data"
OUTPUT = DATA / "map-points.csv"
PACKAGED_110M = DATA / "world-110m.json"
COLUMNS = ("key", "name", "lon", "lat", "area_km2", "area_110m_km2")
EARTH_RADIUS_KM = 6371.0088

Ring = list[tuple[float, float]]


def _arcs(topo: dict[str, Any]) -> list[Ring]:
    """The TopoJSON arcs as lists of (lon, lat), quantization and delta encoding undone."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    points: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _polygons(arcs: list[Ring], geometry: dict[str, Any]) -> list[list[Ring]]:
    if geometry.get("type") == "Polygon":
        return [[_ring(arcs, r) for r in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[_ring(arcs, r) for r in p] for p in geometry["arcs"]]
    return []


def _unwrapped(ring: Ring) -> Ring:
    """A ring's longitudes made continuous and relative to its first point's, so that a ring
    that crosses the antimeridian (Fiji, Russia's east) does not span the globe."""
    lon0 = ring[0][0]
    out: Ring = []
    prev = 0.0
    for lon, lat in ring:
        d = (lon - lon0 - prev + 180) % 360 - 180
        prev += d
        out.append((prev, lat))
    return out


def _projected(ring: Ring) -> list[tuple[float, float]]:
    """A ring in the sinusoidal projection (equal-area, centred on its first point), in
    radians of the unit sphere."""
    return [
        (math.radians(lon) * math.cos(math.radians(lat)), math.radians(lat))
        for lon, lat in _unwrapped(ring)
    ]


def _signed_area(points: list[tuple[float, float]]) -> float:
    return (
        sum(
            x0 * y1 - x1 * y0
            for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def _polygon_area(polygon: list[Ring]) -> float:
    """Area of a polygon (outer ring less its holes) on the unit sphere."""
    outer, *holes = (abs(_signed_area(_projected(r))) for r in polygon)
    return max(outer - sum(holes), 0.0)


def _centroid(ring: Ring) -> tuple[float, float]:
    """The centroid of a ring, computed in the sinusoidal projection, as (lon, lat)."""
    pts = _projected(ring)
    a = _signed_area(pts)
    if abs(a) < 1e-15:  # a degenerate ring: its first point
        return ring[0]
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    cx, cy = cx / (6 * a), cy / (6 * a)
    lon = ring[0][0] + math.degrees(cx / math.cos(cy))
    return (lon + 180) % 360 - 180, math.degrees(cy)


def _key(g: dict[str, Any]) -> str:
    return str(g["id"]) if g.get("id") else str(g.get("properties", {}).get("name", ""))


def _areas(topo: dict[str, Any]) -> dict[str, float]:
    arcs = _arcs(topo)
    km2 = EARTH_RADIUS_KM**2
    return {
        _key(g): sum(_polygon_area(p) for p in _polygons(arcs, g)) * km2
        for g in topo["objects"]["countries"]["geometries"]
    }


def build(package: Path) -> str:
    fifty = json.loads((package / "countries-50m.json").read_text(encoding="utf-8"))
    packaged = json.loads(PACKAGED_110M.read_text(encoding="utf-8"))
    area_110m = _areas(packaged)
    arcs = _arcs(fifty)
    rows = []
    for g in fifty["objects"]["countries"]["geometries"]:
        polygons = _polygons(arcs, g)
        if not polygons:
            continue
        largest = max(polygons, key=_polygon_area)
        lon, lat = _centroid(largest[0])
        key = _key(g)
        area = sum(_polygon_area(p) for p in polygons) * EARTH_RADIUS_KM**2
        small = area_110m.get(key)
        rows.append(
            {
                "key": key,
                "name": g.get("properties", {}).get("name", ""),
                "lon": f"{lon:.2f}",
                "lat": f"{lat:.2f}",
                "area_km2": f"{area:.0f}",
                "area_110m_km2": "" if small is None else f"{small:.0f}",
            }
        )
    rows.sort(key=lambda r: r["key"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="the unpacked world-atlas 2.0.2 package")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args()
    text = build(args.package)
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.name} is {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({text.count(chr(10)) - 1} shapes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
