"""What pages and API share: reading request parameters into store queries, and lookups the store lacks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sitrep.errors import QueryError
from sitrep.model import ACTOR_KINDS, Actor
from sitrep.store import SearchPage, SearchQuery, Store
from sitrep.store.browse import (
    COMMITMENT_KINDS,
    COMMITMENT_ROLES,
    EVENT_ROLES,
    FACET_WINDOW,
    MAX_OFFSET,
    QUOTE_KINDS,
    Browser,
    CommitmentQuery,
    EventQuery,
    FacetValue,
    QuoteQuery,
)
from sitrep.store.search import MAX_LIMIT

if TYPE_CHECKING:
    from sitrep.gazetteer import GazetteerEntry

PAGE_SIZE = 20
SORTS = ("relevance", "date")
FILTER_NAMES = ("actor", "kind", "country", "source", "since", "until", "event_type", "topic", "language")


@dataclass
class SearchParams:
    """The search filters as request parameters; the names are SearchQuery's."""

    text: str = ""
    actor: str | None = None
    kind: str | None = None
    country: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    event_type: str | None = None
    topic: str | None = None
    language: str | None = None
    sort: str = "relevance"
    limit: int = PAGE_SIZE
    offset: int = 0

    def to_query(self) -> SearchQuery:
        """The store query; QueryError for values a user can fix (shown as a 400 with the reason)."""
        if self.sort not in SORTS:
            raise QueryError(f"sort {self.sort!r}: use 'relevance' or 'date'")
        if self.kind and self.kind not in ACTOR_KINDS:
            raise QueryError(f"kind {self.kind!r}: not an actor kind; use one of: {', '.join(ACTOR_KINDS)}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"limit {self.limit}: use 1 to {MAX_LIMIT}")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise QueryError(f"offset {self.offset}: use 0 to {MAX_OFFSET:,}")
        return SearchQuery(
            text=self.text,
            actor=_blank(self.actor),
            kind=_blank(self.kind),
            # upper-cased as the CLI does: codes are stored upper-case
            country=(_blank(self.country) or "").upper() or None,
            source=_blank(self.source),
            since=_blank(self.since),
            until=_blank(self.until),
            event_type=(_blank(self.event_type) or "").upper() or None,
            topic=_blank(self.topic),
            language=_blank(self.language),
            limit=self.limit,
            offset=self.offset,
            sort=self.sort,  # type: ignore[arg-type]
        )

    def filters(self) -> dict[str, str]:
        """The non-empty filters (not paging), for links that keep them."""
        out = {name: value for name in ("text", *FILTER_NAMES) if (value := getattr(self, name))}
        if self.sort != "relevance":
            out["sort"] = self.sort
        return out


def _blank(value: str | None) -> str | None:
    """An empty form field means no filter."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def find_actor(store: Store, actor_id: str) -> tuple[Actor, int, int] | None:
    """The stored actor with this exact id, with its document and mention counts."""
    return Browser(store).actor(actor_id)


# --- events, quotes, commitments ---------------------------------------------------------------

# PLOVER's types plus STATEMENT (the record's vocabulary, model.Event.type), for filter menus.
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "STATEMENT",
)  # fmt: skip
LIST_PAGE = 50
EVENT_FILTERS = ("since", "until", "type", "actor", "role", "country", "province", "place", "topic")
QUOTE_FILTERS = ("speaker", "kind", "since", "until", "text")
COMMITMENT_FILTERS = ("actor", "role", "kind", "since", "until")


def whole_number(value: str | None, name: str, default: int) -> int:
    """A request parameter as an int; QueryError (a 400 naming it) when it is not one."""
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{name} {value!r}: not a whole number") from None


def _choice(value: str | None, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = _blank(value)
    if value is None:
        return default
    if value not in allowed:
        raise QueryError(f"{name} {value!r}: use one of: {', '.join(allowed)}")
    return value


def event_query(params: Mapping[str, str | None], limit: int = LIST_PAGE, offset: int = 0) -> EventQuery:
    """An EventQuery from request parameters (page or API); QueryError for a value a user can fix.

    ``event_type``, the name the search, map and network filters give the event type, is taken
    for ``type`` too, so a filter copied from one page to another keeps working."""
    given = {(_blank(params.get(name)) or "").upper() for name in ("type", "event_type")} - {""}
    if len(given) > 1:
        raise QueryError(f"type and event_type differ ({', '.join(sorted(given))}): give one")
    typ = given.pop() if given else None
    if typ is not None and typ not in EVENT_TYPES:
        raise QueryError(f"type {typ!r}: not an event type; use one of: {', '.join(EVENT_TYPES)}")
    return EventQuery(
        since=_blank(params.get("since")),
        until=_blank(params.get("until")),
        type=typ,
        actor=_blank(params.get("actor")),
        role=_choice(params.get("role"), "role", EVENT_ROLES, "any"),  # type: ignore[arg-type]
        country=(_blank(params.get("country")) or "").upper() or None,
        place=_blank(params.get("place")),
        province=province_name(params.get("province"), params.get("country")),
        topic=_blank(params.get("topic")),
        limit=limit,
        offset=offset,
    )


def province_name(value: str | None, country: str | None = None) -> str | None:
    """The name the store keeps for the province a user typed, in any spelling the gazetteer
    knows: "Khowst", "Vardak", "Paktya" are stored as "Khost", "Wardak", "Paktia" (a store
    analysed before a rename keeps the old name: ``sitrep ingest --reanalyze``); narrowed to
    ``country`` when given. A name the gazetteer does not read as one province is kept as typed
    (the store then matches it in any case). The gazetteer is loaded on the first such lookup,
    not when the server starts."""
    typed = _blank(value)
    if typed is None:
        return None
    from sitrep.gazetteer import load_gazetteer  # 0.1 s to import, 0.8 s to load: only when asked

    gazetteer = load_gazetteer()
    code = (_blank(country) or "").upper()

    def provinces(entries: list[GazetteerEntry]) -> set[str]:
        return {e.name for e in entries if e.kind == "admin1" and (not code or e.country == code)}

    names = provinces([e for e, _ in gazetteer.lookup(typed)]) or provinces(gazetteer.lookup_loose(typed))
    return names.pop() if len(names) == 1 else typed


def quote_query(params: Mapping[str, str | None], limit: int = LIST_PAGE, offset: int = 0) -> QuoteQuery:
    return QuoteQuery(
        speaker=_blank(params.get("speaker")),
        kind=_blank(params.get("kind")) and _choice(params.get("kind"), "kind", QUOTE_KINDS, ""),
        since=_blank(params.get("since")),
        until=_blank(params.get("until")),
        text=_blank(params.get("text")),
        limit=limit,
        offset=offset,
    )


def commitment_query(
    params: Mapping[str, str | None], limit: int = LIST_PAGE, offset: int = 0
) -> CommitmentQuery:
    return CommitmentQuery(
        actor=_blank(params.get("actor")),
        role=_choice(params.get("role"), "role", COMMITMENT_ROLES, "any"),  # type: ignore[arg-type]
        kind=_blank(params.get("kind")) and _choice(params.get("kind"), "kind", COMMITMENT_KINDS, ""),
        since=_blank(params.get("since")),
        until=_blank(params.get("until")),
        limit=limit,
        offset=offset,
    )


def set_filters(params: Mapping[str, str | None], names: tuple[str, ...]) -> dict[str, str]:
    """The non-empty filters among ``names`` (not paging), for links that keep them."""
    out = {}
    for n in names:
        v = _blank(params.get(n))
        if v is not None and not (n == "role" and v == "any"):
            out[n] = v
    return out


# --- search facets -----------------------------------------------------------------------------

FACET_LABELS = {
    "published": "Date",
    "source": "Source",
    "actor": "Actor",
    "kind": "Actor kind",
    "country": "Country",
    "event_type": "Event type",
    "topic": "Topic",
    "language": "Language",
}


def search_facets(
    store: Store, query: SearchQuery, page: SearchPage
) -> tuple[dict[str, list[FacetValue]], int]:
    """Facet counts over the FACET_WINDOW most relevant matches of ``query``, and how many
    documents they were counted over. The page's own hits serve when they are every match."""
    if query.offset == 0 and not page.total_is_lower_bound and len(page.hits) >= page.total:
        ids = [h.document_id for h in page.hits]
    else:
        window = store.search(replace(query, offset=0, limit=FACET_WINDOW, sort="relevance"))
        ids = [h.document_id for h in window.hits]
    return Browser(store).facets(ids), len(ids)


def facet_filters(name: str, value: str) -> dict[str, str]:
    """The search parameters a facet value stands for (a year or month is a since/until pair)."""
    if name == "published":
        return {"since": value, "until": value}
    return {name: value}
