"""Document search: the query checked and run against the store.

Kept apart from the store so the web UI, the API and the CLI share one entry point that can
grow (saved searches, facets) without the store learning about them.
"""

from __future__ import annotations

from sitrep.analysis.query import parse_query
from sitrep.errors import QueryError
from sitrep.store import SearchPage, SearchQuery, Store


def search_documents(store: Store, query: SearchQuery) -> SearchPage:
    """Run a search; a query that cannot be parsed raises QueryError before touching the store."""
    has_filter = any(
        getattr(query, f) for f in ("actor", "kind", "country", "source", "since", "until", "event_type", "topic", "language")
    )
    if query.text.strip():
        parse_query(query.text)
    elif not has_filter:
        raise QueryError("search: give words to search for, or at least one filter (see sitrep search --help)")
    return store.search(query)
