"""The store: schema, migrations, SQLite and PostgreSQL. The only code in sitrep that knows SQL.

with open_store() as store:            # SITREP_DATABASE_URL, or a SQLite file in SITREP_HOME
    store.add(record)                  # one transaction per document; idempotent
    page = store.search(SearchQuery(text='"security operation" taliban', country="AF"))
"""

from sitrep.store.search import SearchHit, SearchPage, SearchQuery
from sitrep.store.store import ActorSummary, AddOutcome, Store, open_store

__all__ = [
    "ActorSummary",
    "AddOutcome",
    "SearchHit",
    "SearchPage",
    "SearchQuery",
    "Store",
    "open_store",
]
