"""The offline basemap: country outlines from the ``countryinfo`` package, simplified once.

countryinfo ships one GeoJSON outline per country (Natural Earth's coarse shapes, ~10,000
points for 173 countries). They are compiled on first use into a compact JSON file in the user
cache (rings simplified with Douglas-Peucker and rounded to 0.01 degree), keyed by the package
version, and held in memory afterwards: no map data is fetched, and none is committed.

Geometry is kept in plain degrees (x = longitude, y = -latitude); the map page draws the
outlines with an equirectangular projection whose horizontal scale (cos of the view's middle
latitude) is a transform on the group, so each country's SVG path is built once per process and
only the viewBox changes with the zoom.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import math
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError

FORMAT_VERSION = 1
# Douglas-Peucker tolerance in degrees: below what a laptop-sized world or region map can show.
TOLERANCE = 0.05


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    name: str
    # bounding box: west, south, east, north
    bbox: tuple[float, float, float, float]
    path: str  # SVG path data, x = lon, y = -lat


@dataclass(frozen=True)
class Region:
    """A zoom preset: a name and a box (west, south, east, north)."""

    key: str
    label: str
    bbox: tuple[float, float, float, float]


REGIONS: tuple[Region, ...] = (
    Region("world", "World", (-180.0, -60.0, 180.0, 84.0)),
    Region("central-asia", "Central Asia", (46.0, 30.0, 88.0, 56.0)),
    Region("afghanistan", "Afghanistan", (60.0, 29.0, 75.5, 38.8)),
    Region("af-pak", "Afghanistan and Pakistan", (60.0, 23.5, 78.0, 38.8)),
    Region("middle-east", "Middle East", (25.0, 12.0, 63.0, 42.0)),
    Region("caucasus", "Caucasus", (38.0, 38.0, 51.0, 44.5)),
    Region("europe", "Europe", (-12.0, 34.0, 45.0, 71.0)),
    Region("russia", "Russia and neighbours", (20.0, 38.0, 180.0, 78.0)),
)
REGION_BY_KEY = {r.key: r for r in REGIONS}


def _package_dir() -> Path:
    spec = importlib.util.find_spec("countryinfo")
    if spec is None or spec.origin is None:
        raise SitrepError("basemap: the package 'countryinfo' is not installed; pip install countryinfo")
    return Path(spec.origin).parent


def _version() -> str:
    try:
        return f"fmt{FORMAT_VERSION}-countryinfo-{metadata.version('countryinfo')}"
    except metadata.PackageNotFoundError:
        return f"fmt{FORMAT_VERSION}-countryinfo-none"


def cache_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sitrep")) / f"basemap-{_version()}.json"


def simplify(ring: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on a closed ring (iterative, so a long coast cannot overflow the stack)."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # A closed ring's two ends coincide, which makes every chord from them degenerate: split it
    # at its farthest point from the start first.
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        (ax, ay), (bx, by) = ring[a], ring[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, best_d = -1, tolerance
        for i in range(a + 1, b):
            px, py = ring[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep[best] = True
            stack += [(a, best), (best, b)]
    return [p for p, k in zip(ring, keep, strict=True) if k]


def _rings(geometry: dict[str, Any]) -> list[list[tuple[float, float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [[(float(x), float(y)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def compile_outlines(data_dir: Path | None = None) -> dict[str, Any]:
    """The simplified outlines of every country countryinfo gives a shape, by ISO alpha-2."""
    data_dir = data_dir or _package_dir() / "data"
    countries: dict[str, Any] = {}
    for path in sorted(data_dir.glob("*.json")):
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue  # one unreadable file costs one country, not the map
        code = (info.get("ISO") or {}).get("alpha2")
        shape = info.get("geoJSON") or {}
        if not code or not shape:
            continue
        rings = []
        for feature in shape.get("features") or []:
            for ring in _rings(feature.get("geometry") or {}):
                small = [(round(x, 2), round(y, 2)) for x, y in simplify(ring, TOLERANCE)]
                if len(small) >= 3:
                    rings.append(small)
        if rings:
            countries[code] = {"name": info.get("name") or code, "rings": rings}
    return {"version": _version(), "countries": countries}


_lock = threading.Lock()


def _load() -> dict[str, Any]:
    if os.environ.get("SITREP_BASEMAP_CACHE", "on").lower() in ("off", "0", "false", "no"):
        return compile_outlines()
    path = cache_path()
    with _lock:
        with contextlib.suppress(OSError, ValueError):
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == _version():
                return data
        data = compile_outlines()
        # a read-only cache directory only costs a rebuild next time
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as f:
                json.dump(data, f, separators=(",", ":"))
            os.replace(f.name, path)
        return data


def _path(rings: list[list[list[float]]]) -> str:
    def ring_d(ring: list[list[float]]) -> str:
        head, *rest = ring
        return f"M{head[0]:g} {-head[1]:g}" + "".join(f"L{x:g} {-y:g}" for x, y in rest) + "Z"

    return "".join(ring_d(r) for r in rings)


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country outline, its SVG path built once per process."""
    out = []
    for code, c in sorted(_load()["countries"].items()):
        xs = [p[0] for r in c["rings"] for p in r]
        ys = [p[1] for r in c["rings"] for p in r]
        out.append(Country(code, c["name"], (min(xs), min(ys), max(xs), max(ys)), _path(c["rings"])))
    return tuple(out)


@dataclass(frozen=True)
class View:
    """What part of the world a map shows, in SVG units (x = lon * xscale, y = -lat)."""

    west: float
    south: float
    east: float
    north: float

    @property
    def xscale(self) -> float:
        # equirectangular with the standard parallel in the middle of the view: shapes keep their
        # proportions there (at 40°N a degree of longitude is 0.77 of a degree of latitude)
        mid = (self.south + self.north) / 2
        return max(0.2, math.cos(math.radians(mid)))

    @property
    def width(self) -> float:
        return (self.east - self.west) * self.xscale

    @property
    def height(self) -> float:
        return self.north - self.south

    @property
    def viewbox(self) -> str:
        return f"{self.west * self.xscale:.3f} {-self.north:.3f} {self.width:.3f} {self.height:.3f}"

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        return lon * self.xscale, -lat

    def shows(self, bbox: tuple[float, float, float, float]) -> bool:
        w, s, e, n = bbox
        return not (e < self.west or w > self.east or n < self.south or s > self.north)


def core(points: list[tuple[float, float, int]], share: float = 0.9) -> list[tuple[float, float]]:
    """The (lat, lon) points that hold ``share`` of the weight, nearest the weighted median first:
    one story's mention of Washington must not shrink a map of Afghan provinces to a dot."""
    total = sum(w for _, _, w in points)
    if not points or total <= 0:
        return [(lat, lon) for lat, lon, _ in points]

    def median(values: list[tuple[float, int]]) -> float:
        at, half = 0, total / 2
        for value, w in sorted(values):
            at += w
            if at >= half:
                return value
        return values[-1][0]

    mid_lat = median([(lat, w) for lat, _, w in points])
    mid_lon = median([(lon, w) for _, lon, w in points])
    kept: list[tuple[float, float]] = []
    held = 0
    for lat, lon, w in sorted(points, key=lambda p: (p[0] - mid_lat) ** 2 + (p[1] - mid_lon) ** 2):
        if held >= share * total:
            break
        kept.append((lat, lon))
        held += w
    return kept


def fit(points: list[tuple[float, float]], aspect: float = 1.6, margin: float = 0.12) -> View:
    """The smallest view with an ``aspect`` (width / height) ratio that shows every (lat, lon)
    point with a margin; at least 8 degrees tall, so one place is shown with its surroundings."""
    if not points:
        return REGION_VIEWS["world"]
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    height = max(8.0, (north - south) * (1 + 2 * margin))
    mid_lat = (south + north) / 2
    xscale = max(0.2, math.cos(math.radians(mid_lat)))
    width_deg = max((east - west) * (1 + 2 * margin), height * aspect / xscale)
    height = max(height, width_deg * xscale / aspect)
    mid_lon = (west + east) / 2
    south_v = max(-90.0, mid_lat - height / 2)
    north_v = min(90.0, south_v + height)
    west_v = max(-180.0, mid_lon - width_deg / 2)
    east_v = min(180.0, west_v + width_deg)
    return View(west_v, south_v, east_v, north_v)


REGION_VIEWS = {r.key: View(*r.bbox) for r in REGIONS}
