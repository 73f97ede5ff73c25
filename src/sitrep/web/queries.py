"""What pages and API share: reading request parameters into store queries, and lookups the store lacks."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.errors import QueryError
from sitrep.model import ACTOR_KINDS, Actor
from sitrep.store import SearchQuery, Store
from sitrep.store.search import MAX_LIMIT

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
        if self.offset < 0:
            raise QueryError(f"offset {self.offset}: must not be negative")
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
        out = {
            k: v
            for k, v in (
                ("text", self.text),
                ("actor", self.actor),
                ("kind", self.kind),
                ("country", self.country),
                ("source", self.source),
                ("since", self.since),
                ("until", self.until),
                ("event_type", self.event_type),
                ("topic", self.topic),
                ("language", self.language),
            )
            if v
        }
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
    """The stored actor with this exact id, with its document and mention counts.

    The store has no lookup by id (``Store.get_actor`` would be the place for one); its ``name``
    filter matches part of the id, so the exact id is picked out of those rows.
    """
    for row in store.actors(name=actor_id, limit=MAX_LIMIT):
        if row.actor.id == actor_id:
            return row.actor, row.documents, row.mentions
    return None
