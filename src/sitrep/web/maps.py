"""The map page (/map) and the places API (/api/places): events and places on an offline basemap.

The map is inline SVG drawn on the server: country outlines from :mod:`sitrep.web.basemap`,
one circle per place sized by its events (or its mentions where it has none), each a link to
the event list of that place. No script and no tile server.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sitrep.errors import QueryError
from sitrep.store import Store
from sitrep.store.aggregates import MAX_PLACES, Filters, PlaceCount, event_types, place_counts
from sitrep.web import basemap
from sitrep.web.api import csv_stream
from sitrep.web.app import store_of, templates_of
from sitrep.web.queries import province_name
from sitrep.web.schemas import ErrorOut

router = APIRouter()
StoreDep = Annotated[Store, Depends(store_of)]

# The drawing's nominal size in pixels: marker radii and label sizes are given in pixels and
# converted to the view's units, so they look the same at every zoom.
MAP_WIDTH = 960
MAP_ASPECT = 1.6
MIN_RADIUS, MAX_RADIUS = 3.5, 22.0
LABELS = 10
FONT_PX = 12
MAP_PLACES = 500
PLACE_COLUMNS = ("id", "name", "kind", "country", "admin1", "lat", "lon", "events", "mentions", "documents")


def filter_params(
    since: Annotated[
        str | None, Query(description="On or after (YYYY[-MM[-DD]]): an event's date, else its document's.")
    ] = None,
    until: Annotated[str | None, Query(description="On or before (YYYY[-MM[-DD]]), inclusive.")] = None,
    event_type: Annotated[str | None, Query(description="PLOVER event type, e.g. ASSAULT.")] = None,
    actor: Annotated[str | None, Query(description="Actor id, name or alias.")] = None,
    country: Annotated[str | None, Query(description="ISO country code.")] = None,
    province: Annotated[
        str | None,
        Query(
            description="First-level division by name, any case (e.g. Helmand): places in it "
            "(network: events placed there, co-mentions in documents naming such a place)."
        ),
    ] = None,
) -> Filters:
    """The filters the map, the network and their APIs share; blank form fields mean none."""
    return Filters(since, until, event_type, actor, country, province_name(province, country)).normalized()


FiltersDep = Annotated[Filters, Depends(filter_params)]


def filter_query(f: Filters, **extra: str) -> dict[str, str]:
    """The filters that are set, as query parameters for links that keep them."""
    fields = {
        "since": f.since,
        "until": f.until,
        "event_type": f.event_type,
        "actor": f.actor,
        "country": f.country,
        "province": f.province,
    }
    return {k: v for k, v in {**fields, **extra}.items() if v}


def parse_int(value: str | None, name: str, default: int, low: int, high: int) -> int:
    """A whole number from a form field (blank means the default), within [low, high]."""
    if value is None or not value.strip():
        return default
    try:
        n = int(value)
    except ValueError:
        raise QueryError(f"{name} {value!r}: not a whole number") from None
    if not low <= n <= high:
        raise QueryError(f"{name} {n}: use {low} to {high}")
    return n


@dataclass
class Label:
    text: str
    x: float
    y: float
    anchor: Literal["start", "end"]


def place_labels(
    items: list[tuple[str, float, float, float]],
    font: float,
    bounds: tuple[float, float, float, float],
    limit: int,
) -> dict[int, Label]:
    """Labels for (text, x, y, radius) items, most important first, by item index: each goes to
    the right of its circle, else to the left, else is left out, so that no two overlap and
    none runs off ``bounds`` (x0, y0, x1, y1); at most ``limit``. Text width is estimated
    (0.6 em a character)."""
    taken: list[tuple[float, float, float, float]] = []
    out: dict[int, Label] = {}
    x0, y0, x1, y1 = bounds
    for i, (text, x, y, r) in enumerate(items):
        if len(out) >= limit:
            break
        width, gap = 0.6 * font * len(text), r + 0.25 * font
        top, bottom = y - 0.45 * font, y + 0.55 * font
        for anchor, left in (("start", x + gap), ("end", x - gap - width)):
            box = (left, top, left + width, bottom)
            inside = box[0] >= x0 and box[2] <= x1 and box[1] >= y0 and box[3] <= y1
            if inside and not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken
            ):
                taken.append(box)
                out[i] = Label(text, x + gap if anchor == "start" else x - gap, y + 0.35 * font, anchor)  # type: ignore[arg-type]
                break
    return out


# --- API -------------------------------------------------------------------------------------

# a bad filter is a 400 with its reason; format=csv answers 200 with text/csv
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut},
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
}


class PlaceOut(BaseModel):
    id: str = Field(description="Gazetteer id (geonames:…, iso:…).")
    name: str
    kind: str = Field(description="country, admin1, district, city, region, …")
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    events: int = Field(description="Events placed here, under the filters.")
    mentions: int = Field(description="Times documents under the filters name the place.")
    documents: int = Field(description="Documents with such an event or mention.")


class PlaceListOut(BaseModel):
    places: list[PlaceOut]


@router.get("/api/places", response_model=PlaceListOut, tags=["api"], responses=RESPONSES)
def api_places(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PLACES)] = MAX_PLACES,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv.")] = "json",
) -> Any:
    """Places with their event and mention counts, most events first; filters as on the map."""
    found = place_counts(store, filters, limit)
    if format == "csv":
        rows = ([getattr(p, c) for c in PLACE_COLUMNS] for p in found)
        return csv_stream(PLACE_COLUMNS, rows, "sitrep-places.csv")
    return PlaceListOut(places=[PlaceOut(**{c: getattr(p, c) for c in PLACE_COLUMNS}) for p in found])


# --- page ------------------------------------------------------------------------------------


@dataclass
class Marker:
    place: PlaceCount
    x: float
    y: float
    r: float
    href: str
    title: str
    label: Label | None


def _title(p: PlaceCount) -> str:
    where = ", ".join(x for x in (p.kind, p.admin1 if p.admin1 != p.name else None, p.country) if x)
    counts = []
    if p.events:
        counts.append(f"{p.events:,} event{'s' if p.events != 1 else ''}")
    if p.mentions:
        counts.append(f"{p.mentions:,} mention{'s' if p.mentions != 1 else ''}")
    docs = f"{p.documents:,} document{'s' if p.documents != 1 else ''}"
    return f"{p.name} ({where}): {', '.join(counts)} in {docs}"


def markers(places: list[PlaceCount], view: basemap.View, f: Filters) -> list[Marker]:
    """Circles for the placed places, biggest first (so smaller ones are drawn on top)."""
    placed = [p for p in places if p.lat is not None and p.lon is not None]
    if not placed:
        return []
    unit = view.width / MAP_WIDTH  # view units per pixel
    top = max(p.size for p in placed)
    out = []
    for p in sorted(placed, key=lambda p: (-p.size, p.id)):
        x, y = view.point(p.lat, p.lon)  # type: ignore[arg-type]
        # area proportional to the count
        r = (MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(p.size / top)) * unit
        href = "/events?" + urlencode(filter_query(f, place=p.id))
        out.append(Marker(p, x, y, r, href, _title(p), None))
    bounds = (view.west * view.xscale, -view.north, view.east * view.xscale, -view.south)
    labels = place_labels([(m.place.name, m.x, m.y, m.r) for m in out], FONT_PX * unit, bounds, LABELS)
    for i, label in labels.items():
        out[i].label = label
    return out


@router.get("/map", include_in_schema=False)
def map_page(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    region: Annotated[str | None, Query()] = None,
) -> Response:
    region = (region or "").strip() or "fit"
    if region != "fit" and region not in basemap.REGION_VIEWS:
        known = ", ".join(["fit", *basemap.REGION_VIEWS])
        raise QueryError(f"region {region!r}: not a map region; use one of: {known}")
    places = place_counts(store, filters, MAP_PLACES)
    placed = [(p.lat, p.lon, p.size) for p in places if p.lat is not None and p.lon is not None]
    view = basemap.fit(basemap.core(placed), MAP_ASPECT) if region == "fit" else basemap.REGION_VIEWS[region]
    outside = sum(1 for lat, lon, _ in placed if not view.shows((lon, lat, lon, lat)))
    shown = [c for c in basemap.countries() if view.shows(c.bbox)]
    unit = view.width / MAP_WIDTH
    query = filter_query(filters)
    return templates_of(request).TemplateResponse(
        request,
        "map.html",
        {
            "filters": filters,
            "region": region,
            "regions": basemap.REGIONS,
            "event_types": event_types(store),
            "view": view,
            "countries": shown,
            "markers": markers(places, view, filters),
            "places": places,
            "unplaced": len(places) - len(placed),
            "outside": outside,
            "unit": unit,
            "font": FONT_PX * unit,
            "download": urlencode(query),
            "world_query": urlencode({**query, "region": "world"}),
            "events_link": "/events?" + urlencode(query) if query else "/events",
        },
    )
