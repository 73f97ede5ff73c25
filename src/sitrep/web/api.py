"""The JSON API under /api/: the same lists as the pages, each also as a CSV or JSON download."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import JSONResponse, StreamingResponse

from sitrep.errors import QueryError
from sitrep.model import ACTOR_KINDS, Actor
from sitrep.store import SearchHit, Store
from sitrep.store.search import MAX_LIMIT
from sitrep.web.app import store_of
from sitrep.web.highlight import plain_snippet
from sitrep.web.queries import PAGE_SIZE, SearchParams, find_actor
from sitrep.web.schemas import ActorListOut, ActorOut, ErrorOut, SearchHitOut, SearchPageOut

router = APIRouter(prefix="/api", tags=["api"])

Format = Annotated[
    Literal["json", "csv"],
    Query(description="json (default), or csv: a download of the same list with the same filters."),
]
StoreDep = Annotated[Store, Depends(store_of)]
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}, 404: {"model": ErrorOut}}

SEARCH_COLUMNS = ("document_id", "title", "published", "source", "url", "snippet", "score")
ACTOR_COLUMNS = (
    "id", "name", "kind", "country", "aliases", "title", "affiliation", "part_of", "documents", "mentions"
)  # fmt: skip
# A download reads the store a page at a time while it streams: one statement per page, not per row.
DOWNLOAD_PAGE = 500
MAX_ACTORS = 10_000


def _hit_out(hit: SearchHit) -> SearchHitOut:
    return SearchHitOut(**{**asdict(hit), "snippet": plain_snippet(hit.snippet)})


def _actor_out(actor: Actor, documents: int, mentions: int) -> ActorOut:
    data = asdict(actor)
    data.pop("registry", None)
    return ActorOut(**data, documents=documents, mentions=mentions)


def csv_stream(header: Iterable[str], rows: Iterable[Iterable[Any]], filename: str) -> StreamingResponse:
    """CSV written a row at a time, so a long list is never built in memory."""

    def lines() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(list(header))
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            if buf.tell() > 16_384:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def search_params(
    text: Annotated[str, Query(description='Words (AND), "a phrase", OR, -exclude, prefix*.')] = "",
    actor: Annotated[str | None, Query(description="Actor id, name or alias.")] = None,
    kind: Annotated[str | None, Query(description="Actor kind, e.g. 'armed group'.")] = None,
    country: Annotated[str | None, Query(description="ISO country code of an actor or place.")] = None,
    source: Annotated[str | None, Query(description="Outlet or publisher.")] = None,
    since: Annotated[str | None, Query(description="Published on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, Query(description="Published on or before (YYYY[-MM[-DD]]).")] = None,
    event_type: Annotated[str | None, Query(description="PLOVER event type, e.g. ASSAULT.")] = None,
    topic: Annotated[str | None, Query(description="Topic, e.g. terrorism.")] = None,
    language: Annotated[str | None, Query(description="ISO 639-1 language code.")] = None,
    sort: Annotated[Literal["relevance", "date"], Query()] = "relevance",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> SearchParams:
    return SearchParams(
        text, actor, kind, country, source, since, until, event_type, topic, language, sort, limit, offset
    )


@router.get("/search", response_model=SearchPageOut, responses=ERRORS)
def search(
    store: StoreDep,
    params: Annotated[SearchParams, Depends(search_params)],
    format: Format = "json",
) -> Any:
    """Documents matching the text and filters. Totals stop at 1,000 (``total_is_lower_bound``)."""
    query = params.to_query()
    if format == "csv":
        # the first page runs now, so that a bad query is a 400 and not a broken download
        first = store.search(replace(query, limit=min(query.limit, DOWNLOAD_PAGE)))

        def rows() -> Iterator[list[Any]]:
            page, done = first, 0
            while True:
                for hit in page.hits:
                    h = _hit_out(hit)
                    yield [getattr(h, c) for c in SEARCH_COLUMNS]
                done += len(page.hits)
                if len(page.hits) < DOWNLOAD_PAGE or done >= query.limit:
                    return
                page = store.search(
                    replace(query, offset=query.offset + done, limit=min(query.limit - done, DOWNLOAD_PAGE))
                )

        return csv_stream(SEARCH_COLUMNS, rows(), "sitrep-search.csv")
    page = store.search(query)
    return SearchPageOut(
        total=page.total,
        total_is_lower_bound=page.total_is_lower_bound,
        offset=query.offset,
        limit=query.limit,
        hits=[_hit_out(h) for h in page.hits],
    )


@router.get(
    "/documents/{document_id}",
    responses={
        **ERRORS,
        200: {"description": "The record as `sitrep analyze --json` prints it (schema/record.schema.json)."},
    },
)
def document(store: StoreDep, document_id: str) -> JSONResponse:
    """One stored record: the document with its actors, mentions, quotes, events, places, topics."""
    record = store.get_record(document_id)
    if record is None:
        raise HTTPException(404, f"document {document_id!r}: not in the store")
    return JSONResponse(record.to_dict())


@router.get("/actors", response_model=ActorListOut, responses=ERRORS)
def actors(
    store: StoreDep,
    kind: Annotated[str | None, Query(description=f"One of: {', '.join(ACTOR_KINDS)}.")] = None,
    country: Annotated[str | None, Query(description="ISO country code.")] = None,
    name: Annotated[str | None, Query(description="Part of the id, name or an alias.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_ACTORS)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Format = "json",
) -> Any:
    """Actors, most documented first."""
    kind = kind or None
    if kind is not None and kind not in ACTOR_KINDS:
        raise QueryError(f"kind {kind!r}: not an actor kind; use one of: {', '.join(ACTOR_KINDS)}")
    country = country.upper() if country else None
    name = name or None
    if format == "csv":

        def rows() -> Iterator[list[Any]]:
            done = 0
            while done < limit:
                batch = store.actors(
                    kind=kind,
                    country=country,
                    name=name,
                    limit=min(DOWNLOAD_PAGE, limit - done),
                    offset=offset + done,
                )
                for r in batch:
                    a = r.actor
                    yield [
                        a.id, a.name, a.kind, a.country, "; ".join(a.aliases), a.title,
                        a.affiliation, a.part_of, r.documents, r.mentions,
                    ]  # fmt: skip
                done += len(batch)
                if len(batch) < DOWNLOAD_PAGE:
                    return

        return csv_stream(ACTOR_COLUMNS, rows(), "sitrep-actors.csv")
    found = store.actors(kind=kind, country=country, name=name, limit=limit, offset=offset)
    return ActorListOut(
        offset=offset, limit=limit, actors=[_actor_out(r.actor, r.documents, r.mentions) for r in found]
    )


@router.get("/actors/{actor_id:path}", response_model=ActorOut, responses=ERRORS)
def actor(store: StoreDep, actor_id: str) -> ActorOut:
    """One actor: name, kind, country, aliases, roles, and how often the store names it."""
    found = find_actor(store, actor_id)
    if found is None:
        raise HTTPException(404, f"actor {actor_id!r}: not in the store")
    return _actor_out(*found)


@router.get("/stats")
def stats(store: StoreDep) -> dict[str, int]:
    """How many documents, actors, mentions, events, quotes, commitments, places, duplicates."""
    return store.stats()
