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
from sitrep.store.browse import (
    BUCKETS,
    COMMITMENT_KINDS,
    MAX_OFFSET,
    MAX_PAGE,
    QUOTE_KINDS,
    Browser,
    CommitmentQuery,
    CommitmentRow,
    EventQuery,
    EventRow,
    QuoteQuery,
    QuoteRow,
)
from sitrep.store.search import MAX_LIMIT
from sitrep.web.app import store_of
from sitrep.web.highlight import plain_snippet
from sitrep.web.queries import (
    EVENT_TYPES,
    LIST_PAGE,
    PAGE_SIZE,
    SearchParams,
    commitment_query,
    event_query,
    find_actor,
    quote_query,
    search_facets,
)
from sitrep.web.schemas import (
    ActorDetailOut,
    ActorListOut,
    ActorOut,
    ActorRefOut,
    CoActorOut,
    CommitmentOut,
    CommitmentPageOut,
    ErrorOut,
    EventOut,
    EventPageOut,
    FacetValueOut,
    MonthCountOut,
    QuoteOut,
    QuotePageOut,
    SearchHitOut,
    SearchPageOut,
    TimelineBucketOut,
    TimelineOut,
)

router = APIRouter(prefix="/api", tags=["api"])

Format = Annotated[
    Literal["json", "csv"],
    Query(description="json (default), or csv: a download of the same list with the same filters."),
]
StoreDep = Annotated[Store, Depends(store_of)]
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}, 404: {"model": ErrorOut}}
_CSV = {"text/csv": {"schema": {"type": "string"}}}
_JSONL = {"application/x-ndjson": {"schema": {"type": "string"}}}
# what format=csv (and, for lists, format=jsonl) answers, so that the schema tells the truth
WITH_CSV: dict[int | str, dict[str, Any]] = {**ERRORS, 200: {"content": _CSV}}
WITH_DOWNLOADS: dict[int | str, dict[str, Any]] = {**ERRORS, 200: {"content": {**_CSV, **_JSONL}}}

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


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a text
# cell gets a leading apostrophe, which spreadsheets show as text and hide.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as written to a CSV download: None as empty, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_stream(header: Iterable[str], rows: Iterable[Iterable[Any]], filename: str) -> StreamingResponse:
    """CSV written a row at a time, so a long list is never built in memory."""

    def lines() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([csv_cell(h) for h in header])
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
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
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> SearchParams:
    return SearchParams(
        text, actor, kind, country, source, since, until, event_type, topic, language, sort, limit, offset
    )


@router.get("/search", response_model=SearchPageOut, responses=WITH_CSV)
def search(
    store: StoreDep,
    params: Annotated[SearchParams, Depends(search_params)],
    format: Format = "json",
    facets: Annotated[bool, Query(description="Count facets (json only); false skips them.")] = True,
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
    counted, counted_over = search_facets(store, query, page) if facets else (None, None)
    return SearchPageOut(
        total=page.total,
        total_is_lower_bound=page.total_is_lower_bound,
        offset=query.offset,
        limit=query.limit,
        hits=[_hit_out(h) for h in page.hits],
        facets={k: [FacetValueOut(**asdict(v)) for v in vs] for k, vs in counted.items()}
        if counted
        else None,
        facets_counted=counted_over,
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


@router.get("/actors", response_model=ActorListOut, responses=WITH_CSV)
def actors(
    store: StoreDep,
    kind: Annotated[str | None, Query(description=f"One of: {', '.join(ACTOR_KINDS)}.")] = None,
    country: Annotated[str | None, Query(description="ISO country code.")] = None,
    name: Annotated[str | None, Query(description="Part of the id, name or an alias.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_ACTORS)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
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


@router.get("/actors/{actor_id:path}", response_model=ActorDetailOut, responses=ERRORS)
def actor(store: StoreDep, actor_id: str) -> ActorDetailOut:
    """One actor: name, kind, country, aliases, roles, how often the store names it, its events as
    source and target, quotes and commitments (counts; the lists are /api/events?actor=… etc.),
    most frequent co-actors and documents per month."""
    found = find_actor(store, actor_id)
    if found is None:
        raise HTTPException(404, f"actor {actor_id!r}: not in the store")
    a = found[0]
    browse = Browser(store)
    return ActorDetailOut(
        **_actor_out(*found).model_dump(),
        events_as_source=browse.events(EventQuery(actor=a.id, role="source", limit=1)).total,
        events_as_target=browse.events(EventQuery(actor=a.id, role="target", limit=1)).total,
        quotes=browse.quotes(QuoteQuery(speaker=a.id, limit=1)).total,
        commitments=browse.commitments(CommitmentQuery(actor=a.id, limit=1)).total,
        co_actors=[
            CoActorOut(actor=_refs([c.actor])[0], kind=c.kind, documents=c.documents)
            for c in browse.co_actors(a.id)
        ],
        activity=[MonthCountOut(month=m, documents=n) for m, n in browse.activity(a.id)],
    )


@router.get("/stats")
def stats(store: StoreDep) -> dict[str, int]:
    """How many documents, actors, mentions, events, quotes, commitments, places, duplicates."""
    return store.stats()


# --- events, quotes, commitments ---------------------------------------------------------------

ListFormat = Annotated[
    Literal["json", "csv", "jsonl"],
    Query(
        description="json (default): one page. csv or jsonl (JSON Lines): a download of every matching "
        "row from offset on, streamed with no row cap (limit is ignored)."
    ),
]
Since = Annotated[str | None, Query(description="On or after (YYYY[-MM[-DD]]).")]
Until = Annotated[str | None, Query(description="On or before (YYYY[-MM[-DD]]).")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]

EVENT_COLUMNS = (
    "document_id", "ord", "type", "trigger", "date", "when", "source_ids", "source_names", "target_ids",
    "target_names", "place", "place_name", "place_country", "negated", "hypothetical", "counts", "mode",
    "cameo", "quad_class", "sentence_start", "sentence_end", "trigger_start", "trigger_end", "sentence",
    "title", "published",
)  # fmt: skip
QUOTE_COLUMNS = (
    "document_id", "ord", "speaker_id", "speaker_name", "speaker_text", "cue", "kind", "text", "start", "end",
    "via_id", "via_name", "sentence_start", "sentence_end", "title", "published",
)  # fmt: skip
COMMITMENT_COLUMNS = (
    "document_id", "ord", "kind", "by_ids", "by_names", "what", "to_ids", "to_names", "date", "when",
    "sentence_start", "sentence_end", "start", "end", "sentence", "title", "published",
)  # fmt: skip


def _refs(refs: Iterable[Any]) -> list[ActorRefOut]:
    return [ActorRefOut(id=r.id, name=r.name) for r in refs]


def _ids(refs: Iterable[Any]) -> str:
    return "; ".join(r.id for r in refs)


def _names(refs: Iterable[Any]) -> str:
    return "; ".join(r.name for r in refs)


def _link(document_id: str, start: int | None) -> str:
    return f"/documents/{document_id}" + (f"#s-{start}" if start is not None else "")


def event_out(e: EventRow) -> EventOut:
    data = asdict(e)
    data.update(source=_refs(e.source), target=_refs(e.target), link=_link(e.document_id, e.sentence_start))
    return EventOut(**data)


def quote_out(q: QuoteRow) -> QuoteOut:
    data = asdict(q)
    start = q.sentence_start if q.sentence_start is not None else q.start
    data.update(
        speaker=_refs([q.speaker])[0] if q.speaker else None,
        via=_refs([q.via])[0] if q.via else None,
        link=_link(q.document_id, start),
    )
    return QuoteOut(**data)


def commitment_out(c: CommitmentRow) -> CommitmentOut:
    data = asdict(c)
    data.update(by=_refs(c.by), to=_refs(c.to), link=_link(c.document_id, c.sentence_start))
    return CommitmentOut(**data)


def _event_csv(e: EventRow) -> list[Any]:
    counts = "; ".join(f"{k}={v}" for k, v in e.counts.items())
    return [
        e.document_id, e.ord, e.type, e.trigger, e.date, e.when, _ids(e.source), _names(e.source),
        _ids(e.target), _names(e.target), e.place, e.place_name, e.place_country, e.negated, e.hypothetical,
        counts, e.mode, e.cameo, e.quad_class, e.sentence_start, e.sentence_end, e.trigger_start,
        e.trigger_end, e.sentence, e.title, e.published,
    ]  # fmt: skip


def _quote_csv(q: QuoteRow) -> list[Any]:
    sp, via = q.speaker, q.via
    return [
        q.document_id, q.ord, sp.id if sp else None, sp.name if sp else None, q.speaker_text, q.cue, q.kind,
        q.text, q.start, q.end, via.id if via else None, via.name if via else None, q.sentence_start,
        q.sentence_end, q.title, q.published,
    ]  # fmt: skip


def _commitment_csv(c: CommitmentRow) -> list[Any]:
    return [
        c.document_id, c.ord, c.kind, _ids(c.by), _names(c.by), c.what, _ids(c.to), _names(c.to), c.date,
        c.when, c.sentence_start, c.sentence_end, c.start, c.end, c.sentence, c.title, c.published,
    ]  # fmt: skip


def _download(
    browse: Browser, kind: str, query: Any, format: str, columns: tuple[str, ...], csv_row: Any, out: Any
) -> StreamingResponse:
    """Every row of a list, streamed; the first page runs before the response starts, so a bad
    filter is a 400 and not a broken file."""
    getattr(browse, kind)(replace(query, limit=1))
    rows = browse.stream(kind, query)
    if format == "csv":
        return csv_stream(columns, (csv_row(r) for r in rows), f"sitrep-{kind}.csv")

    def lines() -> Iterator[str]:
        for r in rows:
            yield out(r).model_dump_json() + "\n"

    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="sitrep-{kind}.jsonl"'},
    )


def event_params(
    since: Since = None,
    until: Until = None,
    type: Annotated[
        Literal[EVENT_TYPES] | None,  # type: ignore[valid-type]
        Query(description="PLOVER event type, or STATEMENT."),
    ] = None,
    actor: Annotated[str | None, Query(description="Actor id, name or alias.")] = None,
    role: Annotated[Literal["any", "source", "target"], Query(description="The actor's part.")] = "any",
    country: Annotated[str | None, Query(description="ISO code of the event's place or an actor's.")] = None,
    place: Annotated[str | None, Query(description="Place id, e.g. geonames:1138958.")] = None,
    province: Annotated[
        str | None,
        Query(description="First-level division by name, any case (e.g. Helmand): placed there or in it."),
    ] = None,
    topic: Annotated[str | None, Query(description="A topic of the event's document.")] = None,
    event_type: Annotated[
        Literal[EVENT_TYPES] | None,  # type: ignore[valid-type]
        Query(description="Same as type: the name the search, places and network filters use."),
    ] = None,
    limit: Limit = LIST_PAGE,
    offset: Offset = 0,
) -> EventQuery:
    filters = {"since": since, "until": until, "type": type, "event_type": event_type}
    where = {
        "actor": actor,
        "role": role,
        "country": country,
        "province": province,
        "place": place,
        "topic": topic,
    }
    return event_query({**filters, **where}, limit, offset)


@router.get("/events", response_model=EventPageOut, responses=WITH_DOWNLOADS)
def events(
    store: StoreDep, query: Annotated[EventQuery, Depends(event_params)], format: ListFormat = "json"
) -> Any:
    """Events (with source and target actors, place, date, counts and the sentence), newest first.

    Period filters apply to the event's calendar date, else to its document's published date."""
    browse = Browser(store)
    if format != "json":
        return _download(browse, "events", query, format, EVENT_COLUMNS, _event_csv, event_out)
    page = browse.events(query)
    return EventPageOut(
        total=page.total, offset=page.offset, limit=page.limit, items=[event_out(e) for e in page.rows]
    )


@router.get("/events/timeline", response_model=TimelineOut, responses=ERRORS)
def events_timeline(
    store: StoreDep,
    query: Annotated[EventQuery, Depends(event_params)],
    bucket: Annotated[
        Literal["day", "week", "month", "year"] | None,
        Query(description=f"One of {', '.join(BUCKETS)}; by default the finest that fits in ~60 buckets."),
    ] = None,
) -> TimelineOut:
    """Counts of the matching events by type per day, week (ISO, labelled by its Monday), month or
    year, oldest first, empty buckets included (paging is ignored)."""
    t = Browser(store).timeline(query, bucket)
    return TimelineOut(
        bucket=t.bucket,
        types=t.types,
        undated=t.undated,
        buckets=[TimelineBucketOut(bucket=b, counts=t.counts.get(b, {})) for b in t.buckets],
    )


@router.get("/quotes", response_model=QuotePageOut, responses=WITH_DOWNLOADS)
def quotes(
    store: StoreDep,
    speaker: Annotated[str | None, Query(description="Actor id, name or alias of the speaker.")] = None,
    kind: Annotated[Literal[QUOTE_KINDS] | None, Query()] = None,  # type: ignore[valid-type]
    since: Since = None,
    until: Until = None,
    text: Annotated[str | None, Query(description="Part of the quoted words.")] = None,
    limit: Limit = LIST_PAGE,
    offset: Offset = 0,
    format: ListFormat = "json",
) -> Any:
    """Quotes with their speaker, cue and outlet, newest document first."""
    query = quote_query(
        {"speaker": speaker, "kind": kind, "since": since, "until": until, "text": text}, limit, offset
    )
    browse = Browser(store)
    if format != "json":
        return _download(browse, "quotes", query, format, QUOTE_COLUMNS, _quote_csv, quote_out)
    page = browse.quotes(query)
    return QuotePageOut(
        total=page.total, offset=page.offset, limit=page.limit, items=[quote_out(q) for q in page.rows]
    )


@router.get("/commitments", response_model=CommitmentPageOut, responses=WITH_DOWNLOADS)
def commitments(
    store: StoreDep,
    actor: Annotated[str | None, Query(description="Actor id, name or alias.")] = None,
    role: Annotated[
        Literal["any", "by", "to"], Query(description="by: who commits or asks; to: of whom.")
    ] = "any",
    kind: Annotated[Literal[COMMITMENT_KINDS] | None, Query()] = None,  # type: ignore[valid-type]
    since: Since = None,
    until: Until = None,
    limit: Limit = LIST_PAGE,
    offset: Offset = 0,
    format: ListFormat = "json",
) -> Any:
    """Commitments, offers and appeals: who, to whom, what, when, with the source sentence."""
    query = commitment_query(
        {"actor": actor, "role": role, "kind": kind, "since": since, "until": until}, limit, offset
    )
    browse = Browser(store)
    if format != "json":
        return _download(
            browse, "commitments", query, format, COMMITMENT_COLUMNS, _commitment_csv, commitment_out
        )
    page = browse.commitments(query)
    return CommitmentPageOut(
        total=page.total, offset=page.offset, limit=page.limit, items=[commitment_out(c) for c in page.rows]
    )
