"""Read queries behind the event, quote, commitment and actor pages: lists with filters, timelines,
an actor's profile. Same results on SQLite and PostgreSQL (plain SQL both speak; nothing that only
one dialect has).

Dates. An event or commitment is placed in time by its own date when that is a calendar date
(``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), else by its document's published date: ISO week dates
(``2010-W32``) do not sort with calendar dates as text, and a report is published in or just after
the week it reports. Period bounds compare as text, like search's: ``since=2013-02`` admits
``2013-02-14``; a date of coarser precision than a bound compares as the start of its period.

Every row carries its provenance: document id, the sentence's character offsets and (events) the
trigger's, so a page links back to the sentence (``/documents/<id>#s-<start>``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from sitrep.errors import QueryError
from sitrep.model import Actor
from sitrep.store import schema as s
from sitrep.store.conditions import placed_in_province
from sitrep.store.records import actor_from_row, casefold_key
from sitrep.store.search import _after, _date_bound
from sitrep.store.store import Store

MAX_PAGE = 1000
# Offsets beyond this are refused: far past any store, and past what a database integer holds.
MAX_OFFSET = 1_000_000_000
BUCKETS = ("day", "week", "month", "year")
Bucket = Literal["day", "week", "month", "year"]
# Co-actors are counted over the actor's newest documents only: for an actor named in most of a
# 100,000-document store, pairing every document would cost seconds for a side panel.
CO_ACTOR_DOCUMENTS = 2000

_PREFIX_LENGTH = {"day": 10, "week": 10, "month": 7, "year": 4}
EVENT_ROLES = ("any", "source", "target")
COMMITMENT_ROLES = ("any", "by", "to")


# --- queries and rows --------------------------------------------------------------------------


@dataclass
class EventQuery:
    """Filters of the event list and timeline; None means no filter."""

    since: str | None = None  # on the event's date, else its document's published date
    until: str | None = None
    type: str | None = None  # PLOVER type (STATEMENT included), any case
    actor: str | None = None  # actor id, name or alias
    role: Literal["any", "source", "target"] = "any"  # the actor's part in the event
    country: str | None = None  # ISO code of the event's place or of one of its actors
    place: str | None = None  # place id (geonames:…)
    province: str | None = None  # first-level division by name, any case: the place or a place in it
    topic: str | None = None  # a topic of the event's document
    limit: int = 50
    offset: int = 0


@dataclass
class ActorRef:
    id: str
    name: str  # the stored actor's name; its id when the store has no such actor


@dataclass
class EventRow:
    document_id: str
    title: str | None
    published: str | None
    ord: int  # the event's position in its document's record
    type: str
    trigger: str
    date: str | None  # as extracted (may be a week, a month, a year)
    when: str | None  # the date the lists sort and filter on (see the module docstring)
    sentence_start: int
    sentence_end: int
    sentence: str
    trigger_start: int | None
    trigger_end: int | None
    mode: str | None
    place: str | None
    place_name: str | None
    place_country: str | None
    negated: bool
    hypothetical: bool
    counts: dict[str, int]
    cameo: str | None
    quad_class: int | None
    source: list[ActorRef] = field(default_factory=list)
    target: list[ActorRef] = field(default_factory=list)


@dataclass
class Page:
    """One page of a list: rows, the exact number of matches, and where the page starts."""

    rows: list[Any]
    total: int
    offset: int
    limit: int

    @property
    def more(self) -> bool:
        return self.offset + len(self.rows) < self.total


@dataclass
class Timeline:
    """Event counts by type per period bucket, oldest bucket first, with empty buckets filled."""

    bucket: str
    buckets: list[str]  # labels: 2013-01-25 (day), 2013-01-21 (the Monday of a week), 2013-01, 2013
    types: list[str]  # most frequent first
    counts: dict[str, dict[str, int]]  # bucket -> type -> count
    undated: int  # matching events with no date at the bucket's precision

    def total(self, bucket: str) -> int:
        return sum(self.counts.get(bucket, {}).values())


@dataclass
class QuoteQuery:
    speaker: str | None = None  # actor id, name or alias
    since: str | None = None  # on the document's published date
    until: str | None = None
    text: str | None = None  # part of the quoted words (case-insensitive for ASCII letters)
    kind: str | None = None  # direct | indirect
    limit: int = 50
    offset: int = 0


@dataclass
class QuoteRow:
    document_id: str
    title: str | None
    published: str | None
    ord: int
    speaker: ActorRef | None
    speaker_text: str | None
    cue: str | None
    kind: str
    text: str
    start: int
    end: int
    via: ActorRef | None
    sentence_start: int | None
    sentence_end: int | None


@dataclass
class CommitmentQuery:
    actor: str | None = None
    role: Literal["any", "by", "to"] = "any"
    kind: str | None = None  # commitment | offer | appeal
    since: str | None = None  # on the commitment's date, else its document's published date
    until: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass
class CommitmentRow:
    document_id: str
    title: str | None
    published: str | None
    ord: int
    kind: str
    what: str
    date: str | None
    when: str | None
    sentence_start: int
    sentence_end: int
    sentence: str
    start: int | None
    end: int | None
    by: list[ActorRef] = field(default_factory=list)
    to: list[ActorRef] = field(default_factory=list)


@dataclass
class CoActor:
    actor: ActorRef
    kind: str | None
    documents: int  # documents naming both, among the ones counted (see CO_ACTOR_DOCUMENTS)


# --- helpers -----------------------------------------------------------------------------------


def _check_paging(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise QueryError(f"limit {limit}: use 1 to {MAX_PAGE}")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset {offset}: use 0 to {MAX_OFFSET:,}")


def _when(own: Any, published: Any) -> ColumnElement[Any]:
    """The date a row sorts and filters on: its own date unless missing or a week date."""
    is_week = sa.func.substr(own, 6, 1) == "W"
    return sa.case((sa.or_(own.is_(None), is_week), published), else_=own)


def _period(when: ColumnElement[Any], since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if since and since.strip():
        conds.append(when >= _date_bound("since", since))
    if until and until.strip():
        conds.append(when < _after(_date_bound("until", until)))
    return conds


def resolve_actor(conn: Connection, wanted: str) -> list[str]:
    """Ids of the actors ``wanted`` names: an id, a name or an alias (case-insensitive)."""
    a = s.actors.c
    wanted = wanted.strip()
    key = casefold_key(wanted)
    stmt = sa.union(
        sa.select(a.id).where(sa.or_(a.id.in_({wanted, wanted.casefold()}), a.name_key == key)),
        sa.select(s.actor_aliases.c.actor_id).where(s.actor_aliases.c.alias_key == key),
    )
    return sorted(conn.execute(stmt).scalars())


def _names(conn: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    a = s.actors.c
    return {r.id: r.name for r in conn.execute(sa.select(a.id, a.name).where(a.id.in_(sorted(ids))))}


def _ref(names: dict[str, str], actor_id: str | None) -> ActorRef | None:
    return None if actor_id is None else ActorRef(actor_id, names.get(actor_id, actor_id))


def _sentence(d: Any, start: Any, end: Any) -> ColumnElement[Any]:
    # substr counts characters from 1 on both databases; offsets count characters from 0
    return sa.func.substr(d.text, start + 1, end - start)


def _links(
    conn: Connection, table: sa.Table, parent: str, keys: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], dict[str, list[str]]]:
    """(document_pk, parent ord) -> role -> actor ids in order, for the listed parents."""
    out: dict[tuple[int, int], dict[str, list[str]]] = {}
    if not keys:
        return out
    t = table.c
    wanted = set(keys)
    stmt = (
        sa.select(t.document_pk, t[parent], t.role, t.actor_id)
        .where(t.document_pk.in_(sorted({k[0] for k in keys})))
        .order_by(t.document_pk, t[parent], t.role, t.ord)
    )
    for r in conn.execute(stmt):
        key = (r[0], r[1])
        if key in wanted:
            out.setdefault(key, {}).setdefault(r.role, []).append(r.actor_id)
    return out


# --- events ------------------------------------------------------------------------------------


def _event_conditions(conn: Connection, q: EventQuery, e: Any, when: ColumnElement[Any]) -> list[Any] | None:
    """Conditions on the events row ``e``; None when a filter admits nothing (an unknown actor)."""
    if q.role not in EVENT_ROLES:
        raise QueryError(f"role {q.role!r}: use one of: {', '.join(EVENT_ROLES)}")
    conds: list[Any] = _period(when, q.since, q.until)
    if q.type and q.type.strip():
        conds.append(e.type == q.type.strip().upper())
    if q.actor and q.actor.strip():
        ids = resolve_actor(conn, q.actor)
        if not ids:
            return None
        ea = s.event_actors.alias("ea_actor").c
        roles = ["source", "target"] if q.role == "any" else [q.role]
        conds.append(
            sa.select(sa.literal(1))
            .where(
                ea.document_pk == e.document_pk,
                ea.event_ord == e.ord,
                ea.actor_id.in_(ids),
                ea.role.in_(roles),
            )
            .exists()
        )
    if q.country and q.country.strip():
        cc = q.country.strip().upper()
        p = s.places.alias("p_country").c
        ea_t, a_t = s.event_actors.alias("ea_country"), s.actors.alias("a_country")
        ea2, a = ea_t.c, a_t.c
        conds.append(
            sa.or_(
                sa.select(sa.literal(1))
                .where(p.document_pk == e.document_pk, p.place_id == e.place, p.country == cc)
                .exists(),
                sa.select(sa.literal(1))
                .select_from(ea_t.join(a_t, a.id == ea2.actor_id))
                .where(ea2.document_pk == e.document_pk, ea2.event_ord == e.ord, a.country == cc)
                .exists(),
            )
        )
    if q.place and q.place.strip():
        conds.append(e.place == q.place.strip())
    if q.province and q.province.strip():
        conds.append(placed_in_province(e, q.province.strip()))
    if q.topic and q.topic.strip():
        t = s.document_topics.alias("t_topic").c
        topic = q.topic.strip()
        conds.append(
            sa.select(sa.literal(1))
            .where(t.document_pk == e.document_pk, t.topic.in_({topic, topic.lower()}))
            .exists()
        )
    return conds


def _event_from() -> Any:
    return s.events.join(s.documents, s.documents.c.pk == s.events.c.document_pk)


def _events_select(conn: Connection, q: EventQuery) -> tuple[sa.Select[Any], list[Any]] | None:
    """The ordered statement of the events matching ``q`` (no paging) and its conditions."""
    e, d = s.events.c, s.documents.c
    when = _when(e.date, d.published)
    conds = _event_conditions(conn, q, e, when)
    if conds is None:
        return None
    p = s.places.alias("p_name").c
    at_place = (p.document_pk == e.document_pk, p.place_id == e.place)
    place_name = sa.select(p.name).where(*at_place).limit(1).scalar_subquery()
    place_country = sa.select(p.country).where(*at_place).limit(1).scalar_subquery()
    stmt = (
        sa.select(
            e.document_pk,
            e.ord,
            e.type,
            e.trigger,
            e.date,
            when.label("when"),
            e.sentence_start,
            e.sentence_end,
            _sentence(d, e.sentence_start, e.sentence_end).label("sentence"),
            e.trigger_start,
            e.trigger_end,
            e.mode,
            e.place,
            place_name.label("place_name"),
            place_country.label("place_country"),
            e.negated,
            e.hypothetical,
            e.counts,
            e.cameo,
            e.quad_class,
            d.id.label("document_id"),
            d.title,
            d.published,
        )
        .select_from(_event_from())
        .where(*conds)
        .order_by(when.desc().nulls_last(), e.document_pk.desc(), e.ord)
    )
    return stmt, conds


def _event_rows(conn: Connection, rows: Sequence[Any]) -> list[EventRow]:
    links = _links(conn, s.event_actors, "event_ord", [(r.document_pk, r.ord) for r in rows])
    names = _names(conn, {a for roles in links.values() for ids in roles.values() for a in ids})
    out = []
    for r in rows:
        roles = links.get((r.document_pk, r.ord), {})
        out.append(
            EventRow(
                document_id=r.document_id,
                title=r.title,
                published=r.published,
                ord=r.ord,
                type=r.type,
                trigger=r.trigger,
                date=r.date,
                when=r.when,
                sentence_start=r.sentence_start,
                sentence_end=r.sentence_end,
                sentence=r.sentence or "",
                trigger_start=r.trigger_start,
                trigger_end=r.trigger_end,
                mode=r.mode,
                place=r.place,
                place_name=r.place_name,
                place_country=r.place_country,
                negated=bool(r.negated),
                hypothetical=bool(r.hypothetical),
                counts=dict(r.counts or {}),
                cameo=r.cameo,
                quad_class=r.quad_class,
                source=[ActorRef(a, names.get(a, a)) for a in roles.get("source", [])],
                target=[ActorRef(a, names.get(a, a)) for a in roles.get("target", [])],
            )
        )
    return out


def _count(conn: Connection, stmt: sa.Select[Any]) -> int:
    counted = stmt.order_by(None).with_only_columns(sa.literal(1)).subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(counted)).scalar_one())


def _stream(conn: Connection, stmt: sa.Select[Any], convert: Any, chunk: int = 500) -> Iterator[Any]:
    """Rows of one statement, converted ``chunk`` rows at a time: one read, however many rows."""
    result = conn.execution_options(yield_per=chunk).execute(stmt)
    for part in result.partitions(chunk):
        yield from convert(conn, part)


def list_events(conn: Connection, q: EventQuery) -> Page:
    """Events matching ``q``, newest first (by the date they filter on), a page at a time."""
    _check_paging(q.limit, q.offset)
    built = _events_select(conn, q)
    if built is None:
        return Page([], 0, q.offset, q.limit)
    stmt, _ = built
    total = _count(conn, stmt)
    if total <= q.offset:
        return Page([], total, q.offset, q.limit)
    rows = conn.execute(stmt.limit(q.limit).offset(q.offset)).all()
    return Page(_event_rows(conn, rows), total, q.offset, q.limit)


def iter_events(conn: Connection, q: EventQuery) -> Iterator[EventRow]:
    """Every event matching ``q`` from its offset on, with no cap (``q.limit`` is ignored)."""
    built = _events_select(conn, q)
    if built is not None:
        yield from _stream(conn, built[0].offset(q.offset), _event_rows)


def _bucket_of(day_or_prefix: str, bucket: str) -> str | None:
    """The bucket label of a date prefix; None when the date is too coarse for the bucket."""
    n = _PREFIX_LENGTH[bucket]
    if len(day_or_prefix) < n:
        return None
    key = day_or_prefix[:n]
    if bucket == "week":
        try:
            day = date.fromisoformat(key)
        except ValueError:
            return None
        return (day - timedelta(days=day.weekday())).isoformat()
    return key


def _next_bucket(label: str, bucket: str) -> str:
    if bucket == "year":
        return f"{int(label) + 1:04d}"
    if bucket == "month":
        y, m = (int(x) for x in label.split("-"))
        return f"{y + m // 12:04d}-{m % 12 + 1:02d}"
    step = 7 if bucket == "week" else 1
    return (date.fromisoformat(label) + timedelta(days=step)).isoformat()


MAX_BUCKETS = 400


def event_timeline(conn: Connection, q: EventQuery, bucket: str = "month") -> Timeline:
    """Counts of the events matching ``q`` (paging ignored) by type per bucket.

    Weeks are ISO weeks labelled by their Monday, folded from day counts here rather than by
    each database's own week function, so both give the same buckets.
    """
    if bucket not in BUCKETS:
        raise QueryError(f"bucket {bucket!r}: use one of: {', '.join(BUCKETS)}")
    e, d = s.events.c, s.documents.c
    when = _when(e.date, d.published)
    conds = _event_conditions(conn, q, e, when)
    if conds is None:
        return Timeline(bucket, [], [], {}, 0)
    key = sa.func.substr(when, 1, _PREFIX_LENGTH[bucket]).label("k")
    stmt = (
        sa.select(key, e.type, sa.func.count().label("n"))
        .select_from(_event_from())
        .where(*conds)
        .group_by(key, e.type)
    )
    counts: dict[str, dict[str, int]] = {}
    by_type: dict[str, int] = {}
    undated = 0
    for k, typ, n in conn.execute(stmt):
        label = _bucket_of(k or "", bucket)
        if label is None:
            undated += int(n)
            continue
        slot = counts.setdefault(label, {})
        slot[typ] = slot.get(typ, 0) + int(n)
        by_type[typ] = by_type.get(typ, 0) + int(n)
    labels: list[str] = []
    if counts:
        first, last = min(counts), max(counts)
        label = first
        while label <= last and len(labels) < MAX_BUCKETS:
            labels.append(label)
            label = _next_bucket(label, bucket)
        if labels[-1] != last:  # too many to fill: keep only the buckets that have events
            labels = sorted(counts)
    types = sorted(by_type, key=lambda t: (-by_type[t], t))
    return Timeline(bucket, labels, types, counts, undated)


def pick_bucket(conn: Connection, q: EventQuery, most: int = 60) -> str:
    """The finest bucket that shows the matching events' period in at most ``most`` bars."""
    e, d = s.events.c, s.documents.c
    when = _when(e.date, d.published)
    conds = _event_conditions(conn, q, e, when)
    if conds is None:
        return "month"
    lo, hi = conn.execute(
        sa.select(sa.func.min(when), sa.func.max(when))
        .select_from(_event_from())
        .where(*conds, when.is_not(None))
    ).one()
    if not lo or not hi:
        return "month"
    try:
        a = date.fromisoformat((lo + "-01-01")[:10]) if len(lo) < 10 else date.fromisoformat(lo[:10])
        b = date.fromisoformat((hi + "-01-01")[:10]) if len(hi) < 10 else date.fromisoformat(hi[:10])
    except ValueError:
        return "month"
    days = (b - a).days + 1
    for bucket, size in (("day", 1), ("week", 7), ("month", 30.5)):
        if days / size <= most:
            return bucket
    return "year"


# --- quotes ------------------------------------------------------------------------------------


def _quotes_select(conn: Connection, q: QuoteQuery) -> sa.Select[Any] | None:
    qu, d = s.quotes.c, s.documents.c
    conds: list[Any] = _period(d.published, q.since, q.until)
    if q.speaker and q.speaker.strip():
        ids = resolve_actor(conn, q.speaker)
        if not ids:
            return None
        conds.append(qu.speaker.in_(ids))
    if q.kind and q.kind.strip():
        if q.kind.strip() not in QUOTE_KINDS:
            raise QueryError(f"kind {q.kind!r}: use 'direct' or 'indirect'")
        conds.append(qu.kind == q.kind.strip())
    if q.text and q.text.strip():
        conds.append(sa.func.lower(qu.text).contains(" ".join(q.text.lower().split()), autoescape=True))
    return (
        sa.select(s.quotes, d.id.label("document_id"), d.title, d.published)
        .select_from(s.quotes.join(s.documents, d.pk == qu.document_pk))
        .where(*conds)
        .order_by(d.published.desc().nulls_last(), qu.document_pk.desc(), qu.ord)
    )


def _quote_rows(conn: Connection, rows: Sequence[Any]) -> list[QuoteRow]:
    names = _names(conn, {x for r in rows for x in (r.speaker, r.via) if x})
    return [
        QuoteRow(
            document_id=r.document_id,
            title=r.title,
            published=r.published,
            ord=r.ord,
            speaker=_ref(names, r.speaker),
            speaker_text=r.speaker_text,
            cue=r.cue,
            kind=r.kind,
            text=r.text,
            start=r.start,
            end=r.end,
            via=_ref(names, r.via),
            sentence_start=r.sentence_start,
            sentence_end=r.sentence_end,
        )
        for r in rows
    ]


QUOTE_KINDS = ("direct", "indirect")


def list_quotes(conn: Connection, q: QuoteQuery) -> Page:
    """Quotes matching ``q``, newest document first."""
    _check_paging(q.limit, q.offset)
    stmt = _quotes_select(conn, q)
    if stmt is None:
        return Page([], 0, q.offset, q.limit)
    total = _count(conn, stmt)
    rows = conn.execute(stmt.limit(q.limit).offset(q.offset)).all() if total > q.offset else []
    return Page(_quote_rows(conn, rows), total, q.offset, q.limit)


def iter_quotes(conn: Connection, q: QuoteQuery) -> Iterator[QuoteRow]:
    """Every quote matching ``q`` from its offset on, with no cap."""
    stmt = _quotes_select(conn, q)
    if stmt is not None:
        yield from _stream(conn, stmt.offset(q.offset), _quote_rows)


# --- commitments -------------------------------------------------------------------------------

COMMITMENT_KINDS = ("commitment", "offer", "appeal")


def _commitments_select(conn: Connection, q: CommitmentQuery) -> sa.Select[Any] | None:
    if q.role not in COMMITMENT_ROLES:
        raise QueryError(f"role {q.role!r}: use one of: {', '.join(COMMITMENT_ROLES)}")
    c, d = s.commitments.c, s.documents.c
    when = _when(c.date, d.published)
    conds: list[Any] = _period(when, q.since, q.until)
    if q.kind and q.kind.strip():
        kind = q.kind.strip().lower()
        if kind not in COMMITMENT_KINDS:
            raise QueryError(f"kind {q.kind!r}: use one of: {', '.join(COMMITMENT_KINDS)}")
        conds.append(c.kind == kind)
    if q.actor and q.actor.strip():
        ids = resolve_actor(conn, q.actor)
        if not ids:
            return None
        ca = s.commitment_actors.alias("ca_actor").c
        roles = ["by", "to"] if q.role == "any" else [q.role]
        conds.append(
            sa.select(sa.literal(1))
            .where(
                ca.document_pk == c.document_pk,
                ca.commitment_ord == c.ord,
                ca.actor_id.in_(ids),
                ca.role.in_(roles),
            )
            .exists()
        )
    return (
        sa.select(
            c.document_pk,
            c.ord,
            c.kind,
            c.what,
            c.date,
            when.label("when"),
            c.sentence_start,
            c.sentence_end,
            _sentence(d, c.sentence_start, c.sentence_end).label("sentence"),
            c.start,
            c.end,
            d.id.label("document_id"),
            d.title,
            d.published,
        )
        .select_from(s.commitments.join(s.documents, d.pk == c.document_pk))
        .where(*conds)
        .order_by(when.desc().nulls_last(), c.document_pk.desc(), c.ord)
    )


def _commitment_rows(conn: Connection, rows: Sequence[Any]) -> list[CommitmentRow]:
    links = _links(conn, s.commitment_actors, "commitment_ord", [(r.document_pk, r.ord) for r in rows])
    names = _names(conn, {a for roles in links.values() for ids in roles.values() for a in ids})
    out = []
    for r in rows:
        roles = links.get((r.document_pk, r.ord), {})
        out.append(
            CommitmentRow(
                document_id=r.document_id,
                title=r.title,
                published=r.published,
                ord=r.ord,
                kind=r.kind,
                what=r.what,
                date=r.date,
                when=r.when,
                sentence_start=r.sentence_start,
                sentence_end=r.sentence_end,
                sentence=r.sentence or "",
                start=r.start,
                end=r.end,
                by=[ActorRef(a, names.get(a, a)) for a in roles.get("by", [])],
                to=[ActorRef(a, names.get(a, a)) for a in roles.get("to", [])],
            )
        )
    return out


def list_commitments(conn: Connection, q: CommitmentQuery) -> Page:
    """Commitments, offers and appeals matching ``q``, newest first."""
    _check_paging(q.limit, q.offset)
    stmt = _commitments_select(conn, q)
    if stmt is None:
        return Page([], 0, q.offset, q.limit)
    total = _count(conn, stmt)
    rows = conn.execute(stmt.limit(q.limit).offset(q.offset)).all() if total > q.offset else []
    return Page(_commitment_rows(conn, rows), total, q.offset, q.limit)


def iter_commitments(conn: Connection, q: CommitmentQuery) -> Iterator[CommitmentRow]:
    """Every commitment matching ``q`` from its offset on, with no cap."""
    stmt = _commitments_select(conn, q)
    if stmt is not None:
        yield from _stream(conn, stmt.offset(q.offset), _commitment_rows)


# --- an actor's profile ------------------------------------------------------------------------


def co_actors(conn: Connection, actor_id: str, limit: int = 10) -> list[CoActor]:
    """The actors most often named in the same documents as ``actor_id`` (its newest
    CO_ACTOR_DOCUMENTS documents), most shared documents first."""
    da = s.document_actors.c
    own = (
        sa.select(da.document_pk)
        .where(da.actor_id == actor_id)
        .order_by(da.document_pk.desc())
        .limit(CO_ACTOR_DOCUMENTS)
        .subquery()
    )
    other = s.document_actors.alias("other")
    n = sa.func.count(sa.distinct(other.c.document_pk)).label("n")
    stmt = (
        sa.select(other.c.actor_id, n)
        .where(other.c.document_pk.in_(sa.select(own.c.document_pk)), other.c.actor_id != actor_id)
        .group_by(other.c.actor_id)
        .order_by(n.desc(), other.c.actor_id)
        .limit(limit)
    )
    rows = conn.execute(stmt).all()
    a = s.actors.c
    info = {
        r.id: (r.name, r.kind)
        for r in conn.execute(sa.select(a.id, a.name, a.kind).where(a.id.in_([r[0] for r in rows])))
    } if rows else {}  # fmt: skip
    return [
        CoActor(ActorRef(r[0], info.get(r[0], (r[0], None))[0]), info.get(r[0], (None, None))[1], int(r[1]))
        for r in rows
    ]


def activity(conn: Connection, actor_id: str) -> list[tuple[str, int]]:
    """Documents naming ``actor_id`` per month of publication (YYYY-MM), oldest first; documents
    without a date are left out."""
    da, d = s.document_actors.c, s.documents.c
    month = sa.func.substr(d.published, 1, 7).label("m")
    docs = sa.select(da.document_pk).where(da.actor_id == actor_id)
    stmt = (
        sa.select(month, sa.func.count().label("n"))
        .where(d.pk.in_(docs), d.published.is_not(None), sa.func.length(d.published) >= 7)
        .group_by(month)
        .order_by(month)
    )
    if conn.dialect.name == "sqlite":
        # read each date from the narrow (pk, published, ...) index rather than the wide row:
        # 75 -> 47 ms for an actor in 75,000 of 100,000 documents (SQLAlchemy drops SQLite hints)
        stmt = sa.text(
            f"SELECT substr(published, 1, 7) AS m, count(*) AS n "
            f"FROM documents INDEXED BY {s.DOCUMENT_COLUMNS_INDEX} "
            "WHERE pk IN (SELECT document_pk FROM document_actors WHERE actor_id = :actor) "
            "AND published IS NOT NULL AND length(published) >= 7 GROUP BY m ORDER BY m"
        ).bindparams(actor=actor_id)  # type: ignore[assignment]
    return [(str(r[0]), int(r[1])) for r in conn.execute(stmt)]


def get_actor(conn: Connection, actor_id: str) -> tuple[Actor, int, int] | None:
    """The stored actor with exactly this id, with the documents and mentions that name it
    (counted from the link tables' ``(actor_id, document_pk)`` indexes, for this actor only)."""
    a = s.actors.c
    row = conn.execute(sa.select(s.actors).where(a.id == actor_id)).first()
    if row is None:
        return None
    al = s.actor_aliases.c
    aliases = list(
        conn.execute(sa.select(al.alias).where(al.actor_id == actor_id).order_by(al.ord)).scalars()
    )
    da, m = s.document_actors.c, s.mentions.c
    documents = conn.execute(
        sa.select(sa.func.count(sa.distinct(da.document_pk))).where(da.actor_id == actor_id)
    ).scalar_one()
    mentions = conn.execute(sa.select(sa.func.count()).where(m.actor_id == actor_id)).scalar_one()
    return actor_from_row(row, aliases), int(documents), int(mentions)


# --- search facets -----------------------------------------------------------------------------

# Facets are counted over at most this many matches, the most relevant (search's first page of
# that size in relevance order, whatever order the page shows): exact for a search with fewer
# matches, a sample of the best ones for a broad one. On 100,000 documents 500 costs ~20-40 ms
# (the search plus eight grouped counts); 1,000 cost twice that, and date order twice again.
FACET_WINDOW = 500
FACET_VALUES = 10  # values shown per facet, most frequent first
FACETS = ("published", "source", "actor", "kind", "country", "event_type", "topic", "language")


@dataclass
class FacetValue:
    value: str  # what the filter takes (an actor id, a year, a code)
    label: str  # what a person reads (an actor's name)
    count: int  # matching documents with this value, among those counted


def _top(conn: Connection, stmt: sa.Select[Any], limit: int) -> list[tuple[str, int]]:
    """(value, documents) rows of a ``(value, document_pk)`` statement, most documents first."""
    sub = stmt.subquery()
    value, pk = sub.c[0], sub.c[1]
    n = sa.func.count(sa.distinct(pk)).label("n")
    rows = conn.execute(
        sa.select(value, n).where(value.is_not(None)).group_by(value).order_by(n.desc(), value).limit(limit)
    ).all()
    return [(str(r[0]), int(r[1])) for r in rows]


def search_facets(
    conn: Connection, document_ids: Sequence[str], limit: int = FACET_VALUES
) -> dict[str, list[FacetValue]]:
    """Counts of documents per value of each search filter, over the listed documents."""
    out: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    if not document_ids:
        return out
    d = s.documents.c
    pks = sorted(conn.execute(sa.select(d.pk).where(d.id.in_(list(document_ids)))).scalars())
    da, a = s.document_actors.c, s.actors.c
    in_docs = d.pk.in_(pks)
    year = sa.func.substr(d.published, 1, 4)
    years = _top(conn, sa.select(year, d.pk).where(in_docs, sa.func.length(d.published) >= 4), 100)
    if len(years) == 1:  # one year: by month instead
        month = sa.func.substr(d.published, 1, 7)
        months = _top(conn, sa.select(month, d.pk).where(in_docs, sa.func.length(d.published) >= 7), 100)
        out["published"] = [FacetValue(m, m, n) for m, n in sorted(months)]
    else:
        out["published"] = [FacetValue(y, y, n) for y, n in sorted(years, reverse=True)]
    out["source"] = [
        FacetValue(v, v, n) for v, n in _top(conn, sa.select(d.source, d.pk).where(in_docs), limit)
    ]
    out["language"] = [
        FacetValue(v, v, n) for v, n in _top(conn, sa.select(d.language, d.pk).where(in_docs), limit)
    ]
    actors = _top(conn, sa.select(da.actor_id, da.document_pk).where(da.document_pk.in_(pks)), limit)
    names = _names(conn, {v for v, _ in actors})
    out["actor"] = [FacetValue(v, names.get(v, v), n) for v, n in actors]
    with_actor = s.document_actors.join(s.actors, a.id == da.actor_id)
    kinds = sa.select(a.kind, da.document_pk).select_from(with_actor).where(da.document_pk.in_(pks))
    out["kind"] = [FacetValue(v, v, n) for v, n in _top(conn, kinds, limit)]
    # as the country filter reads it: an actor of the country, or a place in it
    p = s.places.c
    countries = sa.union_all(
        sa.select(a.country.label("v"), da.document_pk.label("pk"))
        .select_from(with_actor)
        .where(da.document_pk.in_(pks)),
        sa.select(p.country.label("v"), p.document_pk.label("pk")).where(p.document_pk.in_(pks)),
    )
    out["country"] = [FacetValue(v, v, n) for v, n in _top(conn, sa.select(countries.subquery()), limit)]
    e = s.events.c
    types = sa.select(e.type, e.document_pk).where(e.document_pk.in_(pks))
    out["event_type"] = [FacetValue(v, v, n) for v, n in _top(conn, types, limit)]
    t = s.document_topics.c
    topics = sa.select(t.topic, t.document_pk).where(t.document_pk.in_(pks))
    out["topic"] = [FacetValue(v, v, n) for v, n in _top(conn, topics, limit)]
    return out


# --- the store's face --------------------------------------------------------------------------


class Browser:
    """The queries above over a Store's connections; database failures become StoreError."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _run(self, doing: str, fn: Any, *args: Any) -> Any:
        try:
            with self._store._read() as conn:
                return fn(conn, *args)
        except SQLAlchemyError as exc:
            raise self._store._fail(doing, exc) from None

    def events(self, q: EventQuery) -> Page:
        return self._run("list events", list_events, q)  # type: ignore[no-any-return]

    def timeline(self, q: EventQuery, bucket: str | None = None) -> Timeline:
        """The timeline; with no bucket, the finest one that fits the period in about 60 bars."""

        def run(conn: Connection) -> Timeline:
            return event_timeline(conn, q, bucket or pick_bucket(conn, q))

        return self._run("count events", run)  # type: ignore[no-any-return]

    def quotes(self, q: QuoteQuery) -> Page:
        return self._run("list quotes", list_quotes, q)  # type: ignore[no-any-return]

    def commitments(self, q: CommitmentQuery) -> Page:
        return self._run("list commitments", list_commitments, q)  # type: ignore[no-any-return]

    def co_actors(self, actor_id: str, limit: int = 10) -> list[CoActor]:
        return self._run("find co-actors", co_actors, actor_id, limit)  # type: ignore[no-any-return]

    def facets(self, document_ids: Sequence[str]) -> dict[str, list[FacetValue]]:
        return self._run("count facets", search_facets, document_ids)  # type: ignore[no-any-return]

    def actor(self, actor_id: str) -> tuple[Actor, int, int] | None:
        return self._run("read actor", get_actor, actor_id)  # type: ignore[no-any-return]

    def names(self, actor_ids: set[str]) -> dict[str, str]:
        """Stored names of these actors (ids the store lacks are left out)."""
        return self._run("read actor names", _names, actor_ids)  # type: ignore[no-any-return]

    def activity(self, actor_id: str) -> list[tuple[str, int]]:
        return self._run("count activity", activity, actor_id)  # type: ignore[no-any-return]

    def stream(self, kind: str, q: Any) -> Iterator[Any]:
        """Every row of a list (``events``, ``quotes``, ``commitments``) from one connection,
        one statement read in chunks, for downloads without a row cap."""
        iters: dict[str, Callable[[Connection, Any], Iterator[Any]]] = {
            "events": iter_events,
            "quotes": iter_quotes,
            "commitments": iter_commitments,
        }
        with self._store._read() as conn:
            try:
                yield from iters[kind](conn, q)
            except SQLAlchemyError as exc:
                raise self._store._fail(f"list {kind}", exc) from None
