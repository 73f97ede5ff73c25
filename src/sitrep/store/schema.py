"""The database schema: SQLAlchemy Core tables, plus the full-text DDL each dialect needs.

One module, used both by the store's queries and by the initial Alembic migration.

Layout choices (why):

- ``documents.pk`` is an integer surrogate key: it is the FTS5 rowid, the ingest order (the
  earliest-ingested near-duplicate wins) and a compact key for every per-document child table.
  ``documents.id`` is the public id (hash of the text) and is unique.
- Child tables (mentions, quotes, events, ...) have composite primary keys
  ``(document_pk, ord)``: rows keep the record's order, and link tables can refer to their parent
  without a database-generated id, so each table is written with one executemany.
- Actors are shared: ``actors`` holds the merged view over all documents (upserted by id), while
  ``document_actors`` keeps each document's own snapshot (so ``get_record`` returns exactly what
  was added) and is the index "which documents mention actor X" that filters use.
- Lists that filters use (event/commitment actors, actor aliases, topics) are rows in link
  tables with indexes; lists nobody filters on (roles, member_of, event context, counts) are JSON.
- ``*_key`` columns hold the casefolded form for case-insensitive equality that can use an index
  on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

# Child rows die with their document; nothing deletes documents today, but a future "forget"
# command must not leave orphans behind.
_CASCADE = "CASCADE"

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(64), nullable=False, unique=True),
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("source_key", sa.Text, index=True),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(40), index=True),
    sa.Column("published_from", sa.String(20)),
    sa.Column("language", sa.String(16), index=True),
    sa.Column("path", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.String(40), nullable=False),
    sa.Column("duplicate_of", sa.String(64), sa.ForeignKey("documents.id"), index=True),
    # MinHash signature packed as little-endian uint64s; NULL when the pipeline gave none
    sa.Column("fingerprint", sa.LargeBinary),
)

# LSH bands of each fingerprint: documents that share any (band, hash) are near-duplicate
# candidates, found with one indexed lookup instead of comparing against every stored signature.
lsh_bands = sa.Table(
    "lsh_bands",
    metadata,
    sa.Column("band", sa.SmallInteger, primary_key=True),
    sa.Column("hash", sa.BigInteger, primary_key=True),
    sa.Column("document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete=_CASCADE), primary_key=True),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False, index=True),
    sa.Column("kind", sa.String(40), nullable=False, index=True),
    sa.Column("country", sa.String(8), index=True),
    sa.Column("title", sa.Text),
    sa.Column("affiliation", sa.String(200)),
    sa.Column("part_of", sa.String(200)),
    sa.Column("member_of", sa.JSON, nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("registry", sa.Boolean, nullable=False),
)

actor_aliases = sa.Table(
    "actor_aliases",
    metadata,
    sa.Column("actor_id", sa.String(200), sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("alias", sa.Text, nullable=False),
    sa.Column("alias_key", sa.Text, nullable=False, index=True),
)

document_actors = sa.Table(
    "document_actors",
    metadata,
    sa.Column("document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete=_CASCADE), primary_key=True),
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("actor_id", sa.String(200), sa.ForeignKey("actors.id"), nullable=False),
    # the actor as this document's record had it (Record.actors round-trips exactly)
    sa.Column("data", sa.JSON, nullable=False),
    sa.Index("ix_document_actors_actor_id_document_pk", "actor_id", "document_pk"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete=_CASCADE), primary_key=True),
    sa.Column("ord", sa.Integer, primary_key=True),
    # no FK to actors: a mention is evidence from the text and is kept even if the pipeline
    # linked it to an actor it did not list
    sa.Column("actor_id", sa.String(200), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index("ix_mentions_actor_id_document_pk", "actor_id", "document_pk"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    sa.Column("document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete=_CASCADE), primary_key=True),
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("speaker", sa.String(200), index=True),
    sa.Column("speaker_text", sa.Text),
    sa.Column("cue", sa.Text),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("via", sa.String(200)),
    sa.Column("sentence_start", sa.Integer),
    sa.Column("sentence_end", sa.Integer),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete=_CASCADE), primary_key=True),
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("trigger", sa.Text, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("sentence_end", sa.Integer, nullable=False),
    sa.Column("mode", sa.String(80)),
    sa.Column("context", sa.JSON, nullable=False),
    sa.Column("place", sa.String(200)),
    sa.Column("place_precision", sa.String(40)),
    sa.Column("date", sa.String(40), index=True),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("hypothetical", sa.Boolean, nullable=False),
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("cameo", sa.String(16)),
    sa.Column("quad_class", sa.SmallInteger),
    sa.Column("trigger_start", sa.Integer),
    sa.Column("trigger_end", sa.Integer),
    sa.Index("ix_events_type_document_pk", "type", "document_pk"),
)

# source / target actors of events
event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column("document_pk", sa.Integer, primary_key=True),
    sa.Column("event_ord", sa.Integer, primary_key=True),
    sa.Column("role", sa.String(8), primary_key=True),  # "source" | "target"
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("actor_id", sa.String(200), nullable=False),
    sa.ForeignKeyConstraint(
        ["document_pk", "event_ord"], ["events.document_pk", "events.ord"], ondelete="CASCADE"
    ),
    sa.Index("ix_event_actors_actor_id_role", "actor_id", "role"),
)

commitments = sa.Table(
    "commitments",
    metadata,
    sa.Column("document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete=_CASCADE), primary_key=True),
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("sentence_end", sa.Integer, nullable=False),
    sa.Column("date", sa.String(40)),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
)

# "by" / "to" actors of commitments
commitment_actors = sa.Table(
    "commitment_actors",
    metadata,
    sa.Column("document_pk", sa.Integer, primary_key=True),
    sa.Column("commitment_ord", sa.Integer, primary_key=True),
    sa.Column("role", sa.String(8), primary_key=True),  # "by" | "to"
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("actor_id", sa.String(200), nullable=False),
    sa.ForeignKeyConstraint(
        ["document_pk", "commitment_ord"],
        ["commitments.document_pk", "commitments.ord"],
        ondelete="CASCADE",
    ),
    sa.Index("ix_commitment_actors_actor_id_role", "actor_id", "role"),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete=_CASCADE), primary_key=True),
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("place_id", sa.String(200), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("country", sa.String(8)),
    sa.Column("admin1", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Index("ix_places_country_document_pk", "country", "document_pk"),
)

document_topics = sa.Table(
    "document_topics",
    metadata,
    sa.Column("document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete=_CASCADE), primary_key=True),
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("topic", sa.String(80), nullable=False),
    sa.Index("ix_document_topics_topic_document_pk", "topic", "document_pk"),
)

# --- co-mention counts (revision 0003) -------------------------------------------------------
#
# Documents naming an actor, and naming both actors of a pair, per month of publication: what
# the network's co-mentions are counted from (see ``sitrep.store.co_mentions``), instead of
# joining ``document_actors`` with itself over every document of the period. Written in the
# transaction that adds a document. ``period`` is the first 7 characters of ``published``
# (YYYY-MM), or ALL_TIME for the counts over every document, dated or not; ``event_type`` is ''
# for all documents, else a type the document has an event of (a document counts under '' and
# under each of its types). ``actor_a < actor_b`` in byte order. Primary keys lead with what
# every read fixes (type, then actors): a read seeks each candidate actor (pair) and sums its
# months.
actor_months = sa.Table(
    "actor_months",
    metadata,
    sa.Column("event_type", sa.String(40), primary_key=True),
    sa.Column("actor_id", sa.String(200), primary_key=True),
    sa.Column("period", sa.String(16), primary_key=True),
    sa.Column("documents", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
)

actor_pair_months = sa.Table(
    "actor_pair_months",
    metadata,
    sa.Column("event_type", sa.String(40), primary_key=True),
    sa.Column("actor_a", sa.String(200), primary_key=True),
    sa.Column("actor_b", sa.String(200), primary_key=True),
    sa.Column("period", sa.String(16), primary_key=True),
    sa.Column("documents", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
)

# The tables revision 0001 creates (the rest of ``metadata`` came with later revisions).
TABLES_0001: tuple[str, ...] = (
    "documents",
    "lsh_bands",
    "actors",
    "actor_aliases",
    "document_actors",
    "mentions",
    "quotes",
    "events",
    "event_actors",
    "commitments",
    "commitment_actors",
    "places",
    "document_topics",
)
TABLES_0003: tuple[str, ...] = ("actor_months", "actor_pair_months")

# --- full text -------------------------------------------------------------------------------
#
# SQLite: an FTS5 index over documents(title, text) with external content (the text is stored
# once, in documents) kept in sync by triggers inside the writing transaction. unicode61 splits
# on anything but letters and digits, like the query parser; no stemming, so both dialects
# match the same words. prefix='2 3' indexes short prefixes so ``ka*`` does not scan the whole
# vocabulary.
SQLITE_FTS_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "title, text, content='documents', content_rowid='pk', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.pk, old.title, old.text); END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.pk, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
)
SQLITE_FTS_DROP: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS documents_fts_update",
    "DROP TRIGGER IF EXISTS documents_fts_delete",
    "DROP TRIGGER IF EXISTS documents_fts_insert",
    "DROP TABLE IF EXISTS documents_fts",
)

DOCUMENT_COLUMNS_INDEX = "ix_documents_pk_published_source_key_language"
# The index's vocabulary (revision 0002): one row per distinct term, so a prefix query can be
# answered as the OR of the terms that start with it (see search._expand_prefixes).
SQLITE_VOCAB_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE documents_fts_vocab USING fts5vocab(documents_fts, row)",
    # A narrow copy of the columns filters test, by pk: checking one document's date, source and
    # language reads this index instead of the document's wide row (twice as fast). Searches
    # name it (INDEXED BY): SQLite would otherwise prefer the rowid.
    f"CREATE INDEX {DOCUMENT_COLUMNS_INDEX} ON documents (pk, published, source_key, language)",
)
# Merges the index's segments into one: a lookup of one document (snippets, date order) then
# reads one b-tree instead of one per segment (3-4 times faster on a store built document by
# document). Rewrites the index: ~3.5 s per 100,000 documents. Later inserts add segments again,
# which FTS5's automerge keeps few.
SQLITE_FTS_OPTIMIZE = "INSERT INTO documents_fts(documents_fts) VALUES ('optimize')"
SQLITE_VOCAB_DROP: tuple[str, ...] = (
    f"DROP INDEX IF EXISTS {DOCUMENT_COLUMNS_INDEX}",
    "DROP TABLE IF EXISTS documents_fts_vocab",
)

# PostgreSQL: a generated tsvector column (always in sync, computed in the inserting statement)
# with a GIN index. 'simple' = lower-casing without stemming or stop words, as in SQLite; the
# title weighs more (A) than the body (B) in ranking.
PG_TS_CONFIG = "simple"
PG_FTS_DDL: tuple[str, ...] = (
    "ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple', text), 'B')) STORED",
    "CREATE INDEX ix_documents_search_vector ON documents USING gin (search_vector)",
)
PG_FTS_DROP: tuple[str, ...] = (
    "DROP INDEX IF EXISTS ix_documents_search_vector",
    "ALTER TABLE documents DROP COLUMN IF EXISTS search_vector",
)

# Lightweight handles for the dialect-specific full-text objects, which are not in ``metadata``.
documents_fts = sa.table("documents_fts", sa.column("rowid", sa.Integer))
documents_fts_vocab = sa.table("documents_fts_vocab", sa.column("term", sa.Text))
documents_search = sa.table("documents", sa.column("pk", sa.Integer), sa.column("search_vector"))
