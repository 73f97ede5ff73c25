"""The HTML pages: search, document, actors, actor. Rendered on the server; no script needed."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from sitrep.errors import QueryError
from sitrep.model import ACTOR_KINDS, Quote, Record
from sitrep.store.search import MAX_LIMIT
from sitrep.web.app import store_of, templates_of
from sitrep.web.highlight import actor_url, document_html, safe_external_url, snippet_html
from sitrep.web.queries import FILTER_NAMES, PAGE_SIZE, SORTS, SearchParams, find_actor

router = APIRouter(include_in_schema=False)

ACTORS_PAGE = 50
# Documents of an actor read in full for its latest quotes: bounded, each is one record read.
QUOTE_DOCUMENTS = 10


def _int(value: str | None, name: str, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)  # type: ignore[arg-type]
    except ValueError:
        raise QueryError(f"{name} {value!r}: not a whole number") from None


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
    return templates_of(request).TemplateResponse(
        request,
        "search.html",
        {
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
    # Latest quotes: the store has no quote query, so the newest documents are read whole.
    quotes: list[tuple[Quote, Any, int]] = []
    names: dict[str, str] = {}
    for hit in page.hits[:QUOTE_DOCUMENTS] if offset == 0 else []:
        record = store.get_record(hit.document_id)
        if record is None:
            continue
        names.update(_actor_names(record))
        quotes += [(q, hit, i) for i, q in enumerate(record.quotes) if q.speaker == actor.id]
    return templates_of(request).TemplateResponse(
        request,
        "actor.html",
        {
            "actor": actor,
            "n_documents": n_documents,
            "n_mentions": n_mentions,
            "page": page,
            "quotes": quotes[:10],
            "names": names,
            "pager": _pager(actor_url(actor.id), {}, offset, PAGE_SIZE, len(page.hits), more),
            "search_link": "/?" + urlencode({"actor": actor.id, "sort": "date"}),
        },
    )
