"""The Store: records in, records and search results out. The only code that knows SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from types import TracebackType
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from sitrep.errors import StoreError
from sitrep.model import Actor, Document, Record
from sitrep.store import co_mentions, dedup
from sitrep.store import engine as eng
from sitrep.store import records as rec
from sitrep.store import schema as s
from sitrep.store.search import SearchPage, SearchQuery, run_search

# Order in which the per-document tables are written: parents before the link tables that
# refer to them.
_CHILD_TABLES: tuple[sa.Table, ...] = (
    s.document_actors,
    s.mentions,
    s.quotes,
    s.events,
    s.event_actors,
    s.commitments,
    s.commitment_actors,
    s.places,
    s.document_topics,
)


# Forget the actor cache past this many entries (a registry plus what a large corpus names).
_MAX_KNOWN_ACTORS = 200_000

# Statements used on every add, built once: building SQLAlchemy expressions costs more than
# executing their cached compiled form.
_SELECT_STORED = sa.select(s.documents.c.pk, s.documents.c.duplicate_of).where(
    s.documents.c.id == sa.bindparam("id")
)
_INSERT_DOCUMENT = s.documents.insert().returning(s.documents.c.pk)
_INSERTS = {t.name: t.insert() for t in (*_CHILD_TABLES, s.lsh_bands)}
# Deleting a document's facts goes the other way: link tables before the parents they refer to.
_DELETES = tuple(t.delete().where(t.c.document_pk == sa.bindparam("pk")) for t in reversed(_CHILD_TABLES))


@lru_cache(maxsize=4)
def _candidates_statement(n_bands: int) -> sa.Select[Any]:
    """Stored documents sharing any of the first ``n_bands`` LSH bands (params h0, h1, ...), oldest first."""
    lb = s.lsh_bands.c
    d = s.documents.c
    shared = sa.select(lb.document_pk).where(
        sa.or_(*(sa.and_(lb.band == b, lb.hash == sa.bindparam(f"h{b}")) for b in range(n_bands)))
    )
    return sa.select(d.id, d.fingerprint).where(d.pk.in_(shared)).order_by(d.pk)


@dataclass
class AddOutcome:
    document_id: str
    status: Literal["added", "unchanged", "replaced"]
    duplicate_of: str | None


@dataclass
class ActorSummary:
    actor: Actor
    documents: int  # documents that list the actor
    mentions: int  # spans linked to the actor, over all documents


class Store:
    """A sitrep database. Open it with :func:`open_store`; use it as a context manager."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self._engine = engine
        self.url = url
        # Actors as this process last stored them. Stored actors only ever grow (merges are
        # unions), so an incoming actor that adds nothing to this copy adds nothing to the
        # database either and needs no statement: most mentions are of actors already known.
        self._known_actors: dict[str, Actor] = {}

    @property
    def display_url(self) -> str:
        """The URL as messages may show it: password replaced by ***."""
        return eng.masked(self.url)

    # --- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"

    def _fail(self, doing: str, exc: BaseException) -> StoreError:
        return StoreError(f"{self.display_url}: cannot {doing}: {eng.one_line(exc)}")

    def _read(self) -> Connection:
        try:
            return self._engine.connect()
        except SQLAlchemyError as exc:
            raise self._fail("connect", exc) from None

    # --- writing -----------------------------------------------------------------------------

    def add(self, record: Record, *, replace: bool = False) -> AddOutcome:
        """Store ``record`` in one transaction; adding the same document again changes nothing.

        With ``replace``, a document already stored keeps its row (id, text, ingest time,
        duplicate-of link) and has its facts replaced by the record's in the same transaction
        (status "replaced"): the re-analysis after an upgrade of the pipeline."""
        doc = record.document
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**{eng.WRITE: True})
                with conn.begin():
                    outcome, stored_actors = self._add(conn, record, replace)
            # only what was committed may be trusted later
            if len(self._known_actors) > _MAX_KNOWN_ACTORS:
                self._known_actors.clear()
            self._known_actors.update(stored_actors)
            return outcome
        except IntegrityError as exc:
            # Another process stored the same document between our check and our insert.
            found, duplicate_of = self._existing(doc.id)
            if found:
                return AddOutcome(doc.id, "unchanged", duplicate_of)
            raise self._fail(f"store document {doc.id}", exc) from None
        except (DBAPIError, SQLAlchemyError) as exc:
            raise self._fail(f"store document {doc.id}", exc) from None

    def _existing(self, document_id: str) -> tuple[bool, str | None]:
        with self._read() as conn:
            row = conn.execute(
                sa.select(s.documents.c.duplicate_of).where(s.documents.c.id == document_id)
            ).first()
        return (False, None) if row is None else (True, row.duplicate_of)

    def _add(self, conn: Connection, record: Record, replace: bool) -> tuple[AddOutcome, dict[str, Actor]]:
        doc = record.document
        row = conn.execute(_SELECT_STORED, {"id": doc.id}).first()
        if row is not None:
            if not replace:
                return AddOutcome(doc.id, "unchanged", row.duplicate_of), {}
            self._remove_facts(conn, row.pk)
            stored_actors = self._add_facts(conn, row.pk, record)
            return AddOutcome(doc.id, "replaced", row.duplicate_of), stored_actors
        signature = record.fingerprint
        bands = dedup.bands(signature) if signature else []
        duplicate_of = self._find_duplicate(conn, signature, bands) if signature else None
        pk = conn.execute(
            _INSERT_DOCUMENT,
            {
                "id": doc.id,
                "url": doc.url,
                "source": doc.source,
                "source_key": rec.casefold_key(doc.source) if doc.source else None,
                "title": doc.title,
                "published": doc.published,
                "published_from": doc.published_from,
                "language": doc.language.lower() if doc.language else None,
                "path": doc.path,
                "text": doc.text,
                "ingested_at": datetime.now(UTC).isoformat(timespec="microseconds"),
                "duplicate_of": duplicate_of,
                "fingerprint": rec.pack_fingerprint(signature),
            },
        ).scalar_one()
        if bands:
            conn.execute(_INSERTS["lsh_bands"], [{"band": b, "hash": h, "document_pk": pk} for b, h in bands])
        stored_actors = self._add_facts(conn, pk, record)
        return AddOutcome(doc.id, "added", duplicate_of), stored_actors

    def _add_facts(self, conn: Connection, pk: int, record: Record) -> dict[str, Actor]:
        """Write the record's facts for the stored document ``pk`` and count it in the network."""
        stored_actors = self._upsert_actors(conn, record.actors)
        rows = rec.child_rows(pk, record)
        for table in _CHILD_TABLES:
            if rows[table.name]:
                conn.execute(_INSERTS[table.name], rows[table.name])  # one executemany per table
        if rows["document_actors"]:
            co_mentions.count_documents(conn, [pk])  # the network's counts, from the rows just written
        return stored_actors

    @staticmethod
    def _remove_facts(conn: Connection, pk: int) -> None:
        """Take the stored document ``pk``'s facts off the network's counts, then delete them.
        Actors stay: other documents or the registry may name them."""
        co_mentions.count_documents(conn, [pk], sign=-1)  # from the rows still there
        for delete in _DELETES:
            conn.execute(delete, {"pk": pk})

    def _find_duplicate(
        self, conn: Connection, signature: list[int], bands: list[tuple[int, int]]
    ) -> str | None:
        """The earliest-ingested stored document whose signature is close enough, if any."""
        if not bands:
            return None
        params = {f"h{b}": h for b, h in bands}
        for row in conn.execute(_candidates_statement(len(bands)), params):
            other = rec.unpack_fingerprint(row.fingerprint)
            if other and dedup.similarity(signature, other) >= dedup.DUPLICATE_THRESHOLD:
                return str(row.id)
        return None

    def _upsert_actors(self, conn: Connection, actors: list[Actor]) -> dict[str, Actor]:
        """Insert or merge the record's actors; returns their stored state after the merge."""
        incoming: dict[str, Actor] = {}
        for a in actors:
            incoming[a.id] = rec.merge_actor(incoming[a.id], a) if a.id in incoming else a
        known = self._known_actors
        incoming = {
            i: a for i, a in incoming.items() if i not in known or rec.merge_actor(known[i], a) != known[i]
        }
        if not incoming:
            return {}
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        # Insert the new ones as they are; existing ones are left to the merge below. Doing the
        # insert first makes the merge race-free on PostgreSQL: the rows exist and get locked.
        conn.execute(
            insert(s.actors).on_conflict_do_nothing(index_elements=["id"]),
            [rec.actor_row(a) for a in incoming.values()],
        )
        ids = list(incoming)
        stored_rows = conn.execute(
            sa.select(s.actors).where(s.actors.c.id.in_(ids)).order_by(s.actors.c.id).with_for_update()
        ).all()
        aliases: dict[str, list[str]] = {}
        for r in conn.execute(
            sa.select(s.actor_aliases.c.actor_id, s.actor_aliases.c.alias)
            .where(s.actor_aliases.c.actor_id.in_(ids))
            .order_by(s.actor_aliases.c.actor_id, s.actor_aliases.c.ord)
        ):
            aliases.setdefault(r.actor_id, []).append(r.alias)
        updates: list[dict[str, Any]] = []
        new_aliases: list[dict[str, Any]] = []
        alias_changed: list[str] = []
        result: dict[str, Actor] = {}
        for r in stored_rows:
            stored = rec.actor_from_row(r, aliases.get(r.id, []))
            merged = rec.merge_actor(stored, incoming[r.id])
            result[r.id] = merged
            if rec.actor_row(merged) != rec.actor_row(stored):
                updates.append(
                    {"b_id": r.id, **{k: v for k, v in rec.actor_row(merged).items() if k != "id"}}
                )
            if merged.aliases != stored.aliases:
                alias_changed.append(r.id)
                new_aliases += rec.alias_rows(merged)
        if updates:
            conn.execute(
                s.actors.update()
                .where(s.actors.c.id == sa.bindparam("b_id"))
                .values({k: sa.bindparam(k) for k in updates[0] if k != "b_id"}),
                updates,
            )
        if alias_changed:
            conn.execute(s.actor_aliases.delete().where(s.actor_aliases.c.actor_id.in_(alias_changed)))
            conn.execute(s.actor_aliases.insert(), new_aliases)
        return result

    # --- reading -----------------------------------------------------------------------------

    def get_record(self, document_id: str) -> Record | None:
        """The record as it was added (with ingested_at and duplicate_of set), or None."""
        d = s.documents.c
        try:
            with self._read() as conn:
                row = conn.execute(sa.select(s.documents).where(d.id == document_id)).first()
                if row is None:
                    return None
                pk = row.pk

                def rows(table: sa.Table, *order: str) -> list[Any]:
                    cols = [table.c[o] for o in (order or ("ord",))]
                    return list(
                        conn.execute(sa.select(table).where(table.c.document_pk == pk).order_by(*cols)).all()
                    )

                document = Document(
                    id=row.id,
                    text=row.text,
                    title=row.title,
                    url=row.url,
                    source=row.source,
                    published=row.published,
                    published_from=row.published_from,
                    language=row.language,
                    path=row.path,
                    ingested_at=row.ingested_at,
                    duplicate_of=row.duplicate_of,
                )
                return Record(
                    document=document,
                    actors=[rec.actor_from_data(r.data) for r in rows(s.document_actors)],
                    mentions=[rec.mention_from_row(r) for r in rows(s.mentions)],
                    quotes=[rec.quote_from_row(r) for r in rows(s.quotes)],
                    events=rec.events_from_rows(
                        rows(s.events), rows(s.event_actors, "event_ord", "role", "ord")
                    ),
                    commitments=rec.commitments_from_rows(
                        rows(s.commitments), rows(s.commitment_actors, "commitment_ord", "role", "ord")
                    ),
                    places=[rec.place_from_row(r) for r in rows(s.places)],
                    topics=[r.topic for r in rows(s.document_topics)],
                    fingerprint=rec.unpack_fingerprint(row.fingerprint),
                )
        except SQLAlchemyError as exc:
            raise self._fail(f"read document {document_id}", exc) from None

    def find_documents(self, prefix: str) -> list[str]:
        """Ids of the documents whose id starts with ``prefix``, sorted."""
        d = s.documents.c
        with self._read() as conn:
            return [
                r[0]
                for r in conn.execute(
                    sa.select(d.id).where(d.id.startswith(prefix.strip(), autoescape=True)).order_by(d.id)
                )
            ]

    def search(self, query: SearchQuery) -> SearchPage:
        """Documents matching ``query``'s text and filters; raises QueryError for a bad query."""
        try:
            with self._read() as conn:
                return run_search(conn, query)
        except SQLAlchemyError as exc:
            raise self._fail("search", exc) from None

    def actors(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        name: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ActorSummary]:
        """Actors, most documented first; ``name`` matches part of the id, name or an alias."""
        a = s.actors.c
        docs = (
            sa.select(
                s.document_actors.c.actor_id,
                sa.func.count(sa.distinct(s.document_actors.c.document_pk)).label("n"),
            )
            .group_by(s.document_actors.c.actor_id)
            .subquery()
        )
        ments = (
            sa.select(s.mentions.c.actor_id, sa.func.count().label("n"))
            .group_by(s.mentions.c.actor_id)
            .subquery()
        )
        stmt = (
            sa.select(
                s.actors,
                sa.func.coalesce(docs.c.n, 0).label("n_docs"),
                sa.func.coalesce(ments.c.n, 0).label("n_mentions"),
            )
            .outerjoin(docs, docs.c.actor_id == a.id)
            .outerjoin(ments, ments.c.actor_id == a.id)
        )
        if kind:
            stmt = stmt.where(a.kind == kind.strip().lower())
        if country:
            stmt = stmt.where(a.country == country.strip().upper())
        if name:
            needle = rec.casefold_key(name)
            stmt = stmt.where(
                sa.or_(
                    a.name_key.contains(needle, autoescape=True),
                    sa.func.lower(a.id).contains(needle, autoescape=True),
                    a.id.in_(
                        sa.select(s.actor_aliases.c.actor_id).where(
                            s.actor_aliases.c.alias_key.contains(needle, autoescape=True)
                        )
                    ),
                )
            )
        stmt = stmt.order_by(sa.desc("n_docs"), sa.desc("n_mentions"), a.name).limit(limit).offset(offset)
        with self._read() as conn:
            rows = conn.execute(stmt).all()
            ids = [r.id for r in rows]
            aliases: dict[str, list[str]] = {}
            if ids:
                for r in conn.execute(
                    sa.select(s.actor_aliases.c.actor_id, s.actor_aliases.c.alias)
                    .where(s.actor_aliases.c.actor_id.in_(ids))
                    .order_by(s.actor_aliases.c.actor_id, s.actor_aliases.c.ord)
                ):
                    aliases.setdefault(r.actor_id, []).append(r.alias)
        return [
            ActorSummary(rec.actor_from_row(r, aliases.get(r.id, [])), int(r.n_docs), int(r.n_mentions))
            for r in rows
        ]

    def stats(self) -> dict[str, int]:
        """Row counts: documents, actors, mentions, events, quotes, commitments, places, duplicates, ..."""
        counts = {
            "documents": s.documents,
            "actors": s.actors,
            "mentions": s.mentions,
            "events": s.events,
            "quotes": s.quotes,
            "commitments": s.commitments,
            "places": s.places,
            "topics": s.document_topics,
        }
        with self._read() as conn:
            out = {
                name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for name, t in counts.items()
            }
            out["duplicates"] = int(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(s.documents)
                    .where(s.documents.c.duplicate_of.is_not(None))
                ).scalar_one()
            )
        return out

    def table_counts(self) -> dict[str, int]:
        """Rows in every table of the schema (for tests and diagnostics)."""
        with self._read() as conn:
            return {
                t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for t in s.metadata.sorted_tables
            }


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``url``, by default the configured one."""
    from sitrep.config import database_url

    url = url or database_url()
    engine = eng.create_engine(url)
    try:
        eng.migrate(engine)
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise StoreError(f"cannot open store {eng.masked(url)}: {eng.one_line(exc)}") from None
    return Store(engine, url)
