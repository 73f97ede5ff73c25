"""Counts over the store for maps and networks: events and mentions per place, actor edges.

Every figure is one aggregated statement (GROUP BY in the database), bounded by a top-N, so a
page costs the same whether the store holds a hundred documents or a hundred thousand rows
of the kind it does not ask for. Co-mentions are summed from the counts the store keeps per
month (``sitrep.store.co_mentions``), not from every pair of every document of the period
(but with a province, which those counts do not know: from the documents naming a place in it).
Results are the same on SQLite and PostgreSQL: ties are broken by id in byte order (``COLLATE
"C"`` on PostgreSQL, SQLite's own binary order), and unordered actor pairs are put in order in
Python, not by the database's collation.

Periods: an event counts by its own date when the text gave one, else by its document's
publication date; a mention, a co-mention or a document by the publication date. ``since`` and
``until`` are ISO prefixes (2013, 2013-01, 2013-01-25), both inclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from sitrep.store import co_mentions
from sitrep.store import schema as s
from sitrep.store.conditions import in_province, placed_in_province
from sitrep.store.records import casefold_key
from sitrep.store.search import _after, _date_bound
from sitrep.store.store import Store

EdgeKind = Literal["event", "co-mention"]
EDGE_KINDS: tuple[EdgeKind, ...] = ("event", "co-mention")

MAX_PLACES = 2_000
MAX_NODES = 300
MAX_EDGES = 5_000
# Co-mentions are counted among this many of the most named actors at least (more when more
# nodes are asked for): a document's pairs grow with the square of its actors.
CO_MENTION_CANDIDATES = 100


@dataclass(frozen=True)
class Filters:
    """What the map and the network are restricted to; None means no restriction."""

    since: str | None = None
    until: str | None = None
    event_type: str | None = None
    actor: str | None = None  # id, name or alias
    country: str | None = None  # ISO code of the place (map) or of the actors (network)
    # first-level division by name, any case: the place is the province or lies in it (map); the
    # events are placed there and the co-mentions are in documents naming such a place (network)
    province: str | None = None

    def normalized(self) -> Filters:
        """Blank fields dropped, dates checked (QueryError names a bad one), codes upper-cased."""

        def blank(v: str | None) -> str | None:
            return (v or "").strip() or None

        since, until = blank(self.since), blank(self.until)
        return Filters(
            since=_date_bound("since", since) if since else None,
            until=_date_bound("until", until) if until else None,
            event_type=(blank(self.event_type) or "").upper() or None,
            actor=blank(self.actor),
            country=(blank(self.country) or "").upper() or None,
            province=blank(self.province),
        )


@dataclass
class PlaceCount:
    id: str
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    events: int  # events placed here
    mentions: int  # times documents name the place
    documents: int  # documents naming the place (with an event type: with such events there)

    @property
    def size(self) -> int:
        """What a marker is sized by: events, or mentions where the place has none."""
        return self.events or self.mentions


@dataclass
class Edge:
    source: str  # actor id; for co-mentions the smaller id of the pair
    target: str
    kind: EdgeKind
    weight: int  # events (source -> target), or documents naming both
    documents: int


@dataclass
class Node:
    id: str
    name: str
    kind: str
    country: str | None
    degree: int = 0  # edges kept
    weight: int = 0  # sum of the kept edges' weights


@dataclass
class Network:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    # more actors qualified than max_nodes: the weakest were left out
    truncated: bool = False


# --- shared pieces ---------------------------------------------------------------------------


def _ordered(conn: Connection, column: Any) -> Any:
    """``column`` in byte order on both dialects, for deterministic tie-breaking."""
    return co_mentions.in_byte_order(conn.dialect.name, column)


def _unindexed(conn: Connection, column: Any) -> Any:
    """``column`` as SQLite's planner may not use an index for: likely(x) is x. For the second
    actor of a pair counted from documents, SQLite would otherwise probe (actor, document) once
    per candidate actor for every first actor's row, instead of reading the document's few
    actors."""
    return sa.func.likely(column) if conn.dialect.name == "sqlite" else column


def _actor_ids(conn: Connection, actor: str) -> list[str]:
    a = s.actors.c
    key = casefold_key(actor)
    stmt = sa.union(
        sa.select(a.id).where(sa.or_(a.id.in_({actor, actor.casefold()}), a.name_key == key)),
        sa.select(s.actor_aliases.c.actor_id).where(s.actor_aliases.c.alias_key == key),
    )
    return sorted(conn.execute(stmt).scalars())


def _period(column: ColumnElement[Any], f: Filters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.since:
        conds.append(column >= f.since)
    if f.until:
        conds.append(column < _after(f.until))
    return conds


def _run(store: Store, doing: str, work: Any) -> Any:
    try:
        with store._read() as conn:
            return work(conn)
    except SQLAlchemyError as exc:
        raise store._fail(doing, exc) from None


# --- places ----------------------------------------------------------------------------------


def place_counts(store: Store, filters: Filters = Filters(), limit: int = 500) -> list[PlaceCount]:
    """Places with their event and mention counts under ``filters``, most events first.

    A place counts its events (those placed there, of the type, with the actor as source or
    target, in the period) and its mentions (in documents of the period that name the actor),
    and the documents with those mentions. With an event type, only places with such events
    are listed, and the documents are those with such events there.
    """
    f = filters.normalized()
    limit = max(1, min(limit, MAX_PLACES))
    return list(_run(store, "count places", lambda conn: _place_counts(conn, f, limit)))


def _place_counts(conn: Connection, f: Filters, limit: int) -> list[PlaceCount]:
    e, d, p = s.events.c, s.documents.c, s.places.c
    ids: list[str] | None = None
    if f.actor:
        ids = _actor_ids(conn, f.actor)
        if not ids:
            return []
    in_country = (
        sa.select(p.place_id).where(p.country.in_({f.country, f.country.lower()})) if f.country else None
    )

    # (place, document) of each event and each mention under the filters
    # the documents table is joined only when a period needs its publication dates
    dated = bool(f.since or f.until)
    event_rows = sa.select(e.place.label("place"), e.document_pk.label("doc")).where(e.place.is_not(None))
    if dated:
        event_rows = event_rows.join(s.documents, d.pk == e.document_pk).where(
            *_period(sa.func.coalesce(e.date, d.published), f)
        )
    if f.event_type:
        event_rows = event_rows.where(e.type == f.event_type)
    if ids is not None:
        ea = s.event_actors.c
        event_rows = event_rows.where(
            sa.select(sa.literal(1))
            .where(ea.document_pk == e.document_pk, ea.event_ord == e.ord, ea.actor_id.in_(ids))
            .exists()
        )
    if in_country is not None:
        event_rows = event_rows.where(e.place.in_(in_country))
    if f.province:
        event_rows = event_rows.where(placed_in_province(e, f.province))
    mention_rows = sa.select(p.place_id.label("place"), p.document_pk.label("doc"))
    if dated:
        mention_rows = mention_rows.join(s.documents, d.pk == p.document_pk).where(*_period(d.published, f))
    if ids is not None:
        da = s.document_actors.c
        mention_rows = mention_rows.where(
            p.document_pk.in_(sa.select(da.document_pk).where(da.actor_id.in_(ids)))
        )
    if f.country:
        mention_rows = mention_rows.where(p.country.in_({f.country, f.country.lower()}))
    if f.province:
        mention_rows = mention_rows.where(in_province(p, f.province))

    def top(rows: sa.Select[Any], only: list[str] | None = None) -> dict[str, tuple[int, int]]:
        """(count, documents) per place: of the ``limit`` places with most rows, or of ``only``."""
        sub = rows.subquery()
        stmt = sa.select(
            sub.c.place, sa.func.count().label("n"), sa.func.count(sa.distinct(sub.c.doc)).label("docs")
        ).group_by(sub.c.place)
        if only is None:
            stmt = stmt.order_by(sa.desc("n"), _ordered(conn, sub.c.place)).limit(limit)
        else:
            stmt = stmt.where(sub.c.place.in_(only))
        return {r.place: (int(r.n), int(r.docs)) for r in conn.execute(stmt)}

    def n(counts: dict[str, tuple[int, int]], place: str, i: int = 0) -> int:
        return counts.get(place, (0, 0))[i]

    event_counts = top(event_rows)
    # mentions are not asked for when the map shows one event type
    mention_counts = top(mention_rows) if not f.event_type else {}
    events = {k: v[0] for k, v in event_counts.items()}
    mentions = {k: v[0] for k, v in mention_counts.items()}
    wanted = sorted(set(events) | set(mentions), key=lambda i: (-events.get(i, 0), -mentions.get(i, 0), i))
    wanted = sorted(wanted[:limit])
    if not wanted:
        return []
    # a place among the most evented need not be among the most mentioned, nor the reverse:
    # count both for every place listed, or its other figure would read 0
    event_counts = top(event_rows, wanted)
    mention_counts = top(mention_rows, wanted) if not f.event_type else {}

    # one row per place: the places table has one per mention, all with the same gazetteer data
    info = conn.execute(
        sa.select(
            p.place_id,
            sa.func.max(p.name).label("name"),
            sa.func.max(p.kind).label("kind"),
            sa.func.max(p.country).label("country"),
            sa.func.max(p.admin1).label("admin1"),
            sa.func.max(p.lat).label("lat"),
            sa.func.max(p.lon).label("lon"),
        )
        .where(p.place_id.in_(wanted))
        .group_by(p.place_id)
    )
    out = [
        PlaceCount(
            r.place_id,
            r.name,
            r.kind,
            r.country,
            r.admin1,
            r.lat,
            r.lon,
            n(event_counts, r.place_id),
            n(mention_counts, r.place_id),
            # documents naming the place; with an event type, documents with such events there
            n(event_counts if f.event_type else mention_counts, r.place_id, 1),
        )
        for r in info
    ]
    out.sort(key=lambda c: (-c.events, -c.mentions, c.id))
    return out


# --- network ---------------------------------------------------------------------------------


def network(
    store: Store,
    filters: Filters = Filters(),
    *,
    kinds: tuple[EdgeKind, ...] = EDGE_KINDS,
    min_weight: int = 1,
    max_nodes: int = 50,
    max_edges: int = 1_000,
) -> Network:
    """Actors linked by events (source -> target, negated events left out) and by co-mentions
    (named in the same document), each edge weighed by how often.

    The graph keeps up to ``max_nodes`` actors, taken edge by edge from the heaviest, and the
    edges among them (at most ``max_edges``, heaviest first). Co-mentions are counted only among
    the actors most often named in the period's documents (a bound: pairs grow with the square
    of a document's actors). ``actor`` keeps the actor's own edges; ``country`` keeps actors of
    that country and their edges to each other; ``province`` keeps the events placed in it and
    the co-mentions in documents naming a place in it (counted from those documents, not from
    the stored monthly counts).
    """
    f = filters.normalized()
    max_nodes = max(1, min(max_nodes, MAX_NODES))
    max_edges = max(1, min(max_edges, MAX_EDGES))
    min_weight = max(1, min_weight)
    return Network(
        *_run(
            store,
            "build the actor network",
            lambda conn: _network(conn, f, kinds, min_weight, max_nodes, max_edges),
        )
    )


def _network(
    conn: Connection,
    f: Filters,
    kinds: tuple[EdgeKind, ...],
    min_weight: int,
    max_nodes: int,
    max_edges: int,
) -> tuple[list[Node], list[Edge], bool]:
    d, a = s.documents.c, s.actors.c
    focus: list[str] | None = None
    if f.actor:
        focus = _actor_ids(conn, f.actor)
        if not focus:
            return [], [], False
    in_country = sa.select(a.id).where(a.country == f.country) if f.country else None
    edges: list[Edge] = []

    if "event" in kinds:
        src, tgt = s.event_actors.alias("src"), s.event_actors.alias("tgt")
        e = s.events.c
        weight = sa.func.count().label("w")
        stmt = (
            sa.select(
                src.c.actor_id.label("a"),
                tgt.c.actor_id.label("b"),
                weight,
                sa.func.count(sa.distinct(src.c.document_pk)).label("docs"),
            )
            .select_from(
                src.join(
                    tgt,
                    sa.and_(
                        tgt.c.document_pk == src.c.document_pk,
                        tgt.c.event_ord == src.c.event_ord,
                        tgt.c.role == "target",
                    ),
                ).join(s.events, sa.and_(e.document_pk == src.c.document_pk, e.ord == src.c.event_ord))
            )
            .where(src.c.role == "source", src.c.actor_id != tgt.c.actor_id, e.negated.is_(False))
        )
        if f.since or f.until:
            stmt = stmt.join(s.documents, d.pk == src.c.document_pk).where(
                *_period(sa.func.coalesce(e.date, d.published), f)
            )
        if f.event_type:
            stmt = stmt.where(e.type == f.event_type)
        if focus is not None:
            stmt = stmt.where(sa.or_(src.c.actor_id.in_(focus), tgt.c.actor_id.in_(focus)))
        if in_country is not None:
            stmt = stmt.where(src.c.actor_id.in_(in_country), tgt.c.actor_id.in_(in_country))
        if f.province:
            stmt = stmt.where(placed_in_province(e, f.province))
        stmt = (
            stmt.group_by(src.c.actor_id, tgt.c.actor_id)
            .having(sa.func.count() >= min_weight)
            .order_by(sa.desc("w"), _ordered(conn, src.c.actor_id), _ordered(conn, tgt.c.actor_id))
            .limit(max_edges)
        )
        edges += [Edge(r.a, r.b, "event", int(r.w), int(r.docs)) for r in conn.execute(stmt)]

    if "co-mention" in kinds:
        edges += _co_mentions(conn, f, focus, in_country, min_weight, max_nodes, max_edges)

    # The actors of the heaviest edges, edge by edge while both ends fit (ranking actors by
    # weight alone could keep actors with no edge among them); the focus actors come first.
    edges.sort(key=lambda x: (-x.weight, x.kind, x.source, x.target))
    linked = {end for x in edges for end in (x.source, x.target)}
    kept: set[str] = set(sorted(linked & set(focus or []))[:max_nodes])
    for x in edges:
        new = {x.source, x.target} - kept
        if len(kept) + len(new) <= max_nodes:
            kept |= new
    edges = [x for x in edges if x.source in kept and x.target in kept][:max_edges]

    nodes = {
        r.id: Node(r.id, r.name, r.kind, r.country)
        for r in conn.execute(sa.select(a.id, a.name, a.kind, a.country).where(a.id.in_(sorted(kept))))
    }
    edges = [x for x in edges if x.source in nodes and x.target in nodes]
    for edge in edges:
        for end in (edge.source, edge.target):
            nodes[end].degree += 1
            nodes[end].weight += edge.weight
    ordered = sorted((n for n in nodes.values() if n.degree), key=lambda n: (-n.weight, n.id))
    return ordered, edges, len(linked) > len(kept)


def _co_mentions(
    conn: Connection,
    f: Filters,
    focus: list[str] | None,
    in_country: sa.Select[Any] | None,
    min_weight: int,
    max_nodes: int,
    max_edges: int,
) -> list[Edge]:
    """Co-mentions summed from the monthly counts (``co_mentions``): whole months of the period
    from the stored rows, the parts of months a day-precise bound cuts from their documents.

    The stored counts know months, not places: with a province every count is made from the
    documents of the period that name a place in it (as the network counted before the store
    kept counts; a province's documents are a small share of the store)."""
    d = s.documents.c
    dialect = conn.dialect.name
    event_type = f.event_type or co_mentions.ALL_TYPES
    m, p = s.actor_months.c, s.actor_pair_months.c
    stored_actors: sa.Select[Any] | None = None
    stored_pairs: sa.Select[Any] | None = None
    grain: co_mentions.Grain
    if f.province:
        pl = s.places.c
        naming = sa.select(pl.document_pk).where(in_province(pl, f.province))
        counted = [sa.select(d.pk).where(d.pk.in_(naming), *_period(d.published, f))]
        grain = "all time"
    else:
        period = co_mentions.cover(f.since, _after(f.until) if f.until else None)
        counted = [sa.select(d.pk).where(d.published >= lo, d.published < hi) for lo, hi in period.partial]
        grain = "month"
        stored_actors = sa.select(m.event_type, m.actor_id, m.period, m.documents).where(
            m.event_type == event_type, *period.months(conn, m.period)
        )
        stored_pairs = sa.select(p.event_type, p.actor_a, p.actor_b, p.period, p.documents).where(
            p.event_type == event_type, *period.months(conn, p.period)
        )

    def summed(rows: list[sa.Select[Any]], keys: tuple[str, ...]) -> sa.Subquery:
        """The rows (stored, and made from documents), summed per ``keys``."""
        union = sa.union_all(*rows).subquery() if len(rows) > 1 else rows[0].subquery()
        total = sa.func.sum(union.c.documents)
        return (
            sa.select(*(union.c[k] for k in keys), total.label("n"))
            .group_by(*(union.c[k] for k in keys))
            .subquery()
        )

    # the candidates: the actors named in most of the period's documents
    actor_rows = [stored_actors] if stored_actors is not None else []
    actor_rows += [co_mentions.actor_rows(docs, event_type, grain) for docs in counted]
    if in_country is not None:
        actor_rows = [q.where(q.selected_columns.actor_id.in_(in_country)) for q in actor_rows]
    counts = summed(actor_rows, ("actor_id",))
    stmt = (
        sa.select(counts.c.actor_id)
        .order_by(sa.desc(counts.c.n), _ordered(conn, counts.c.actor_id))
        .limit(max(2 * max_nodes, CO_MENTION_CANDIDATES))
    )
    candidates = set(conn.execute(stmt).scalars())
    if focus is not None:
        candidates |= set(focus)
    if not candidates:
        return []

    among = sorted(candidates)
    pair_rows = (
        [stored_pairs.where(p.actor_a.in_(among), p.actor_b.in_(among))] if stored_pairs is not None else []
    )
    for docs in counted:
        part = co_mentions.pair_rows(dialect, docs, event_type, grain)
        cols = part.selected_columns
        pair_rows.append(part.where(cols.actor_a.in_(among), _unindexed(conn, cols.actor_b).in_(among)))
    if focus is not None:
        pair_rows = [
            q.where(sa.or_(q.selected_columns.actor_a.in_(focus), q.selected_columns.actor_b.in_(focus)))
            for q in pair_rows
        ]
    pairs = summed(pair_rows, ("actor_a", "actor_b"))
    stmt = (
        sa.select(pairs.c.actor_a, pairs.c.actor_b, pairs.c.n)
        .where(pairs.c.n >= min_weight)
        .order_by(sa.desc(pairs.c.n), _ordered(conn, pairs.c.actor_a), _ordered(conn, pairs.c.actor_b))
        .limit(max_edges)
    )
    out = []
    for r in conn.execute(stmt):
        # the pair in Python's order (byte order too: the counts keep actor_a < actor_b)
        lo, hi = sorted((r.actor_a, r.actor_b))
        out.append(Edge(lo, hi, "co-mention", int(r.n), int(r.n)))
    return out


def event_types(store: Store) -> list[str]:
    """The event types the store holds, for filter menus (read from the type index)."""
    e = s.events.c
    return list(
        _run(
            store,
            "list event types",
            lambda conn: sorted(conn.execute(sa.select(e.type).distinct()).scalars()),
        )
    )
