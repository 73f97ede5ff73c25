"""The HTML pages: search, document, actors, actor, events, quotes, commitments. Rendered on the
server; no script needed (charts are inline SVG with links)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from sitrep.errors import QueryError
from sitrep.model import ACTOR_KINDS, Record
from sitrep.store.browse import (
    BUCKETS,
    CO_ACTOR_DOCUMENTS,
    COMMITMENT_KINDS,
    FACET_WINDOW,
    MAX_OFFSET,
    QUOTE_KINDS,
    Browser,
    CommitmentQuery,
    EventQuery,
    FacetValue,
    QuoteQuery,
    Timeline,
)
from sitrep.store.search import MAX_LIMIT
from sitrep.web.app import store_of, templates_of
from sitrep.web.highlight import actor_url, document_html, safe_external_url, snippet_html
from sitrep.web.queries import (
    COMMITMENT_FILTERS,
    EVENT_FILTERS,
    EVENT_TYPES,
    FACET_LABELS,
    FILTER_NAMES,
    LIST_PAGE,
    PAGE_SIZE,
    QUOTE_FILTERS,
    SORTS,
    SearchParams,
    commitment_query,
    event_query,
    facet_filters,
    find_actor,
    quote_query,
    search_facets,
    set_filters,
    whole_number,
)

router = APIRouter(include_in_schema=False)

ACTORS_PAGE = 50
# Documents of an actor read in full for its latest quotes: bounded, each is one record read.
QUOTE_DOCUMENTS = 10


def _int(value: str | None, name: str, default: int) -> int:
    n = whole_number(value, name, default)
    if name == "offset" and n > MAX_OFFSET:
        raise QueryError(f"offset {n}: use 0 to {MAX_OFFSET:,}")
    return n


def _pager(
    base: str, filters: dict[str, str], offset: int, limit: int, shown: int, more: bool
) -> dict[str, Any]:
    """Links to the previous and next pages, keeping the filters."""

    def link(at: int) -> str:
        params = {**filters, **({"offset": str(at)} if at else {})}
        if limit != PAGE_SIZE and base == "/":
            params["limit"] = str(limit)
        return base + ("?" + urlencode(params) if params else "")

    return {
        "prev": link(max(0, offset - limit)) if offset > 0 else None,
        "next": link(offset + limit) if more else None,
        "first": offset + 1 if shown else 0,
        "last": offset + shown,
    }


@router.get("/")
def search_page(request: Request) -> Response:
    q = request.query_params
    params = SearchParams(
        text=q.get("text", ""),
        **{k: q.get(k) for k in FILTER_NAMES},
        sort=q.get("sort") or "relevance",
        limit=_int(q.get("limit"), "limit", PAGE_SIZE),
        offset=_int(q.get("offset"), "offset", 0),
    )
    page = store_of(request).search(params.to_query())
    filters = params.filters()
    hits = [{"hit": h, "snippet": snippet_html(h.snippet)} for h in page.hits]
    more = params.offset + len(page.hits) < page.total or (
        page.total_is_lower_bound and len(page.hits) == params.limit
    )
    download = urlencode({**filters, "limit": str(MAX_LIMIT)})
    facets, counted = search_facets(store_of(request), params.to_query(), page)
    return templates_of(request).TemplateResponse(
        request,
        "search.html",
        {
            "facets": _facet_links(filters, facets),
            "facets_counted": counted,
            "facet_window": FACET_WINDOW,
            "params": params,
            "page": page,
            "hits": hits,
            "kinds": ACTOR_KINDS,
            "sorts": SORTS,
            "sort_links": {s: "/?" + urlencode({**filters, "sort": s}) for s in SORTS},
            "pager": _pager("/", filters, params.offset, params.limit, len(page.hits), more),
            "download": download,
            "advanced": any(k not in ("text", "sort") for k in filters),
        },
    )


def _facet_links(filters: dict[str, str], facets: dict[str, list[FacetValue]]) -> list[dict[str, Any]]:
    """Each facet's values with a link that adds the value's filter (or, when set, removes it)."""
    out = []
    base = {k: v for k, v in filters.items() if k != "offset"}
    for name, values in facets.items():
        items = []
        for v in values:
            adds = facet_filters(name, v.value)
            on = all((base.get(k) or "").casefold() == x.casefold() for k, x in adds.items())
            params = {k: x for k, x in base.items() if k not in adds} if on else {**base, **adds}
            items.append({"value": v, "on": on, "href": "/?" + urlencode(params)})
        if items:
            out.append({"name": name, "label": FACET_LABELS[name], "values": items})
    return out


def _actor_names(record: Record) -> dict[str, str]:
    return {a.id: a.name for a in record.actors}


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str) -> Response:
    record = store_of(request).get_record(document_id)
    if record is None:
        raise HTTPException(404, f"document {document_id!r}: not in the store")
    mentions = Counter(m.actor for m in record.mentions)
    return templates_of(request).TemplateResponse(
        request,
        "document.html",
        {
            "record": record,
            "doc": record.document,
            "body": document_html(record),
            "original_url": safe_external_url(record.document.url),
            "names": _actor_names(record),
            "place_names": {p.id: p.name for p in record.places},
            "mention_counts": mentions,
            "actors": sorted(record.actors, key=lambda a: (-mentions[a.id], a.name)),
        },
    )


@router.get("/actors")
def actors_page(request: Request) -> Response:
    q = request.query_params
    kind = q.get("kind") or None
    if kind is not None and kind not in ACTOR_KINDS:
        raise QueryError(f"kind {kind!r}: not an actor kind; use one of: {', '.join(ACTOR_KINDS)}")
    country = (q.get("country") or "").strip().upper() or None
    name = (q.get("name") or "").strip() or None
    offset = _int(q.get("offset"), "offset", 0)
    if offset < 0:
        raise QueryError(f"offset {offset}: must not be negative")
    # one row more than shown tells whether there is a next page
    rows = store_of(request).actors(
        kind=kind, country=country, name=name, limit=ACTORS_PAGE + 1, offset=offset
    )
    more = len(rows) > ACTORS_PAGE
    rows = rows[:ACTORS_PAGE]
    filters = {k: v for k, v in (("kind", kind), ("country", country), ("name", name)) if v}
    return templates_of(request).TemplateResponse(
        request,
        "actors.html",
        {
            "rows": rows,
            "kind": kind,
            "country": country or "",
            "name": name or "",
            "kinds": ACTOR_KINDS,
            "pager": _pager("/actors", filters, offset, ACTORS_PAGE, len(rows), more),
            "download": urlencode({**filters, "limit": "10000"}),
        },
    )


# How many rows each section of an actor's page shows; each links to the full, filtered list.
ACTOR_SECTION = 8
# Colours of the most frequent event types in a timeline (the rest are drawn as "other").
PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d")
OTHER = "#9ca3af"


@router.get("/actors/{actor_id:path}")
def actor_page(request: Request, actor_id: str) -> Response:
    store = store_of(request)
    found = find_actor(store, actor_id)
    if found is None:
        raise HTTPException(404, f"actor {actor_id!r}: not in the store")
    actor, n_documents, n_mentions = found
    offset = _int(request.query_params.get("offset"), "offset", 0)
    if offset < 0:
        raise QueryError(f"offset {offset}: must not be negative")
    params = SearchParams(actor=actor.id, sort="date", offset=offset)
    page = store.search(params.to_query())
    more = offset + len(page.hits) < page.total or (page.total_is_lower_bound and len(page.hits) == PAGE_SIZE)
    browse = Browser(store)
    as_source = browse.events(EventQuery(actor=actor.id, role="source", limit=ACTOR_SECTION))
    as_target = browse.events(EventQuery(actor=actor.id, role="target", limit=ACTOR_SECTION))
    commitments = browse.commitments(CommitmentQuery(actor=actor.id, limit=ACTOR_SECTION))
    quotes = browse.quotes(QuoteQuery(speaker=actor.id, limit=ACTOR_SECTION))
    activity = browse.activity(actor.id)
    # names of the bodies the profile links to (affiliation, part of, member of, roles)
    linked = {actor.affiliation, actor.part_of, *actor.member_of, *(r.affiliation for r in actor.roles)}
    names = browse.names({i for i in linked if i})
    ids = urlencode({"actor": actor.id})
    return templates_of(request).TemplateResponse(
        request,
        "actor.html",
        {
            "actor": actor,
            "n_documents": n_documents,
            "n_mentions": n_mentions,
            "page": page,
            "as_source": as_source,
            "as_target": as_target,
            "commitments": commitments,
            "quotes": quotes,
            "co_actors": browse.co_actors(actor.id),
            "co_actor_window": CO_ACTOR_DOCUMENTS,
            "activity": _activity_chart(activity),
            "names": names,
            "links": {
                "source": f"/events?{ids}&role=source",
                "target": f"/events?{ids}&role=target",
                "commitments": f"/commitments?{ids}",
                "quotes": "/quotes?" + urlencode({"speaker": actor.id}),
            },
            "pager": _pager(actor_url(actor.id), {}, offset, PAGE_SIZE, len(page.hits), more),
            "search_link": "/?" + urlencode({"actor": actor.id, "sort": "date"}),
        },
    )


# --- charts: geometry here, markup (inline SVG, autoescaped) in the templates ----------------------


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str  # what a tooltip and a screen reader say


@dataclass
class Column:
    label: str
    href: str
    x: float
    width: float
    total: int
    bars: list[Bar]


def _period_end(label: str, bucket: str) -> str:
    if bucket == "week":
        return (date.fromisoformat(label) + timedelta(days=6)).isoformat()
    return label


def _timeline_chart(
    timeline: Timeline, filters: dict[str, str], width: float = 960, height: float = 180
) -> dict[str, Any]:
    """Stacked bars of event counts by type per bucket; each column links to its period's events."""
    n = len(timeline.buckets)
    colours = {typ: PALETTE[i] for i, typ in enumerate(timeline.types[: len(PALETTE)])}
    peak = max((timeline.total(b) for b in timeline.buckets), default=0) or 1
    left, bottom, top = 36.0, 22.0, 8.0
    plot_h = height - bottom - top
    step = (width - left) / n if n else 0
    keep = {k: v for k, v in filters.items() if k not in ("since", "until", "offset", "bucket")}
    columns = []
    for i, b in enumerate(timeline.buckets):
        x = left + i * step
        y = top + plot_h
        bars = []
        counts = timeline.counts.get(b, {})
        for typ in timeline.types:
            c = counts.get(typ, 0)
            if not c:
                continue
            h = plot_h * c / peak
            y -= h
            bars.append(
                Bar(x + step * 0.1, y, max(step * 0.8, 1.0), h, colours.get(typ, OTHER), f"{typ} {c}")
            )
        href = "/events?" + urlencode({**keep, "since": b, "until": _period_end(b, timeline.bucket)})
        columns.append(Column(b, href, x, step, sum(counts.values()), bars))
    # about eight labels along the axis, always the first and the last; a regular label too close
    # before the last one is left out, or the two would print over each other ("2013-012013-02")
    every = max(1, n // 8)
    at = [i for i in range(0, n, every)]
    if n and at[-1] != n - 1:
        if len(at) > 1 and (n - 1 - at[-1]) * 5 < every * 3:
            at.pop()
        at.append(n - 1)
    ticks = [columns[i] for i in at]
    keep_type = {k: v for k, v in filters.items() if k not in ("type", "offset")}
    legend = [
        (typ, colours[typ], "/events?" + urlencode({**keep_type, "type": typ}))
        for typ in timeline.types
        if typ in colours
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "base": top + plot_h,
        "top": top,
        "peak": peak,
        "columns": columns,
        "ticks": ticks,
        "legend": legend,
        "other": len(timeline.types) > len(PALETTE),
    }


def _activity_chart(months: list[tuple[str, int]], width: float = 360, height: float = 70) -> dict[str, Any]:
    """Documents per month as small bars (an actor's activity over time)."""
    if not months:
        return {"columns": [], "width": width, "height": height}
    first, last = months[0][0], months[-1][0]
    counts = dict(months)
    labels: list[str] = []
    y, m = (int(x) for x in first.split("-"))
    while f"{y:04d}-{m:02d}" <= last and len(labels) < 600:
        labels.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    peak = max(counts.values()) or 1
    step = width / len(labels)
    base = height - 14
    columns = [
        Column(
            lab,
            "",
            i * step,
            step,
            counts.get(lab, 0),
            [
                Bar(
                    i * step,
                    base - (base - 2) * counts.get(lab, 0) / peak,
                    max(step * 0.85, 1.0),
                    (base - 2) * counts.get(lab, 0) / peak,
                    "#2563eb",
                    f"{lab}: {counts.get(lab, 0)}",
                )
            ],
        )
        for i, lab in enumerate(labels)
    ]
    return {
        "columns": columns,
        "width": width,
        "height": height,
        "base": base,
        "peak": peak,
        "first": labels[0],
        "last": labels[-1],
    }


def _list_context(request: Request, path: str, names: tuple[str, ...], page: Any, api: str) -> dict[str, Any]:
    filters = set_filters(request.query_params, names)
    return {
        "filters": filters,
        "params": request.query_params,
        "page": page,
        "pager": _pager(path, filters, page.offset, page.limit, len(page.rows), page.more),
        "download": {
            "csv": f"{api}?" + urlencode({**filters, "format": "csv"}),
            "json": f"{api}?" + urlencode({**filters, "format": "json", "limit": str(MAX_LIMIT)}),
        },
    }


def _offset(request: Request) -> int:
    offset = _int(request.query_params.get("offset"), "offset", 0)
    if offset < 0:
        raise QueryError(f"offset {offset}: must not be negative")
    return offset


@router.get("/events")
def events_page(request: Request) -> Response:
    q = request.query_params
    query = event_query(q, LIST_PAGE, _offset(request))
    bucket = (q.get("bucket") or "").strip() or None
    if bucket is not None and bucket not in BUCKETS:
        raise QueryError(f"bucket {bucket!r}: use one of: {', '.join(BUCKETS)}")
    browse = Browser(store_of(request))
    timeline = browse.timeline(query, bucket)
    page = browse.events(query)
    context = _list_context(request, "/events", (*EVENT_FILTERS, "bucket"), page, "/api/events")
    context.update(
        {
            "timeline": timeline,
            "chart": _timeline_chart(timeline, context["filters"]),
            "bucket": bucket or "",
            "buckets": BUCKETS,
            "types": EVENT_TYPES,
            # the place filter is shown by its name (the id is for links, not for reading)
            "place_name": next((e.place_name for e in page.rows if e.place == query.place), None),
            "without_place": "/events?"
            + urlencode({k: v for k, v in context["filters"].items() if k != "place"}),
        }
    )
    return templates_of(request).TemplateResponse(request, "events.html", context)


@router.get("/quotes")
def quotes_page(request: Request) -> Response:
    page = Browser(store_of(request)).quotes(quote_query(request.query_params, LIST_PAGE, _offset(request)))
    context = _list_context(request, "/quotes", QUOTE_FILTERS, page, "/api/quotes")
    context["kinds"] = QUOTE_KINDS
    return templates_of(request).TemplateResponse(request, "quotes.html", context)


@router.get("/commitments")
def commitments_page(request: Request) -> Response:
    query = commitment_query(request.query_params, LIST_PAGE, _offset(request))
    page = Browser(store_of(request)).commitments(query)
    context = _list_context(request, "/commitments", COMMITMENT_FILTERS, page, "/api/commitments")
    context["kinds"] = COMMITMENT_KINDS
    return templates_of(request).TemplateResponse(request, "commitments.html", context)
