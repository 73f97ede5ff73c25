"""Full-text search and filters, for SQLite (FTS5) and PostgreSQL (tsvector).

User text never becomes SQL: the parsed query is rendered as an FTS5 MATCH string or tsquery
text in which every term is quoted, and bound as a parameter.

Every hit matches the query and every filter, on both databases. What is bounded, and the
trade-offs that buys (SQLite, 100,000 ISAF releases: p95 ~20 ms where counting and ranking every
match took ~700 ms; ``benchmarks/search.py``):

- **Totals are counted up to COUNT_CAP** (1,000, or as far as the requested page reaches). Past it
  ``SearchPage.total_is_lower_bound`` is set and ``total`` means "at least": "taliban" is in 75%
  of the documents, and counting 75,000 matches (or probing filters for each) costs more than the
  page. Below the cap the total is exact. Both databases.
- **Relevance (SQLite)**: the newest-ingested COUNT_CAP matches are read newest first (FTS5 walks
  its doclists in rowid order and stops at the LIMIT); that read is also the count. When that is
  every match, they are ranked by bm25 (title matches weigh TITLE_WEIGHT). When there are more,
  the query is broad and the window is ordered by "matches in the title" first, then newest:
  bm25 would first run every phrase over the whole index for its IDF (25 ms for a phrase in
  85% of documents), and a term in more than half of the documents gets a near-zero IDF anyway.
  So for broad queries the order is approximate and recent matches are preferred; a page past
  the window widens it. PostgreSQL ranks every match with ts_rank_cd.
- **Filters (SQLite)**: a filter that admits few documents (at most MATERIALIZE_MAX, measured with
  a LIMIT-bounded index scan) is read once into a list; a broad one is probed per candidate with
  an indexed EXISTS (link tables' ``(…, document_pk)`` indexes; a narrow covering index for the
  document's date, source and language), so no statement reads tens of thousands of ids.
- **Prefixes (SQLite)**: ``insurg*`` becomes the OR of the index's terms that start with it (read
  from the ``fts5vocab`` table, at most MAX_PREFIX_TERMS), which streams; FTS5 alone would merge
  every such doclist before its first row. 2-3 letter prefixes use FTS5's prefix index. Prefix
  indexes for longer prefixes were not added: each length costs about one more copy of the index
  and a rebuild, and expansion serves every length.
- **Date order (SQLite)**: few matches are sorted by date; many are found by walking the published
  index newest first and asking FTS5 which of a batch of documents match (one seek each), up to
  DATE_PROBES documents, after which every match is read and sorted. Filter-only queries walk the
  published index with per-document probes once the count shows they are common.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from sitrep.analysis.query import ParsedQuery, Term, fts5_exclusion, fts5_match, parse_query, tsquery
from sitrep.errors import QueryError
from sitrep.store import schema as s
from sitrep.store.records import casefold_key

START_MARK = "\x02"  # before a matched term in a snippet
END_MARK = "\x03"  # after it
MAX_LIMIT = 1000
# Totals are counted up to this many matches; past it a page says "at least COUNT_CAP".
COUNT_CAP = 1000
# A filter admitting at most this many documents is read into a list once per statement (~1 µs a
# document); a broader one is checked per candidate with an indexed probe (~0.5-1 µs each).
MATERIALIZE_MAX = 10_000
# Date order of a common match: the newest documents checked against it before reading every match.
DATE_PROBES = 800
# A prefix with more terms than this (in the index's vocabulary) is left to FTS5 as a prefix.
MAX_PREFIX_TERMS = 64
# Prefix lengths FTS5 has an index for (schema.SQLITE_FTS_DDL, prefix='2 3').
PREFIX_INDEXED = (2, 3)
SNIPPET_TOKENS = 24  # FTS5 snippet length, in tokens
PLAIN_SNIPPET_CHARS = 200  # the opening shown when nothing was matched
# Title matches count five times a body match: a headline names what the story is about.
TITLE_WEIGHT, TEXT_WEIGHT = 5.0, 1.0
PG_HEADLINE_OPTIONS = f"StartSel={START_MARK}, StopSel={END_MARK}, MaxWords=30, MinWords=12, MaxFragments=1"

_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class SearchQuery:
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
    limit: int = 20
    offset: int = 0
    sort: Literal["relevance", "date"] = "relevance"


@dataclass
class SearchHit:
    document_id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    snippet: str  # plain text; matched terms between START_MARK and END_MARK
    score: float


@dataclass
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    # True when the store stopped counting at COUNT_CAP matches: there are at least ``total``.
    total_is_lower_bound: bool = False


def _date_bound(name: str, value: str) -> str:
    value = value.strip()
    if not _ISO_PREFIX.match(value):
        raise QueryError(f"{name} {value!r}: not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(*parts[:3])
    except ValueError as exc:
        raise QueryError(f"{name} {value!r}: {exc}") from None
    return value


def _after(prefix: str) -> str:
    """The first ISO date after every date that starts with ``prefix`` (2013-01-31 -> 2013-02-01).

    ``published < _after(until)`` makes ``until`` inclusive for dates and datetimes alike, with a
    plain indexed comparison instead of a substring.
    """
    parts = [int(p) for p in prefix.split("-")]
    try:
        if len(parts) == 1:
            return f"{parts[0] + 1:04d}"
        if len(parts) == 2:
            y, m = parts
            return f"{y + m // 12:04d}-{m % 12 + 1:02d}"
        return (date(*parts) + timedelta(days=1)).isoformat()
    except ValueError as exc:
        raise QueryError(f"until {prefix!r}: {exc}") from None


def _has_filters(q: SearchQuery) -> bool:
    return any(
        v not in (None, "")
        for v in (q.actor, q.kind, q.country, q.source, q.since, q.until, q.event_type, q.topic, q.language)
    )


@dataclass
class _Filter:
    """Documents having a row in ``table`` whose ``column`` is one of ``values``."""

    table: sa.Table
    column: str
    values: list[str] | set[str]

    def members(self) -> sa.Select[Any]:
        """The documents it admits (document pks, possibly repeated), from its (…, document_pk) index."""
        t = self.table
        return sa.select(t.c.document_pk).where(t.c[self.column].in_(self.values))

    def test(self, key: ColumnElement[Any]) -> ColumnElement[bool]:
        """Whether the document ``key`` passes: one indexed probe per candidate."""
        t = self.table.alias()
        # SELECT 1, not SELECT *: the (column, document_pk) index answers alone
        probe = sa.select(sa.literal(1)).select_from(t)
        return probe.where(t.c.document_pk == key, t.c[self.column].in_(self.values)).exists()


def _actor_ids(conn: Connection, q: SearchQuery) -> dict[str, list[str]]:
    """The actor ids each actor-based filter stands for, looked up once (a handful of rows)."""
    a = s.actors.c
    out: dict[str, list[str]] = {}
    if q.actor:
        wanted = q.actor.strip()
        akey = casefold_key(wanted)
        stmt = sa.union(
            sa.select(a.id).where(sa.or_(a.id.in_({wanted, wanted.casefold()}), a.name_key == akey)),
            sa.select(s.actor_aliases.c.actor_id).where(s.actor_aliases.c.alias_key == akey),
        )
        out["actor"] = sorted(conn.execute(stmt).scalars())
    if q.kind:
        out["kind"] = sorted(conn.execute(sa.select(a.id).where(a.kind == q.kind.strip().lower())).scalars())
    if q.country:
        cc = q.country.strip().upper()
        out["country"] = sorted(conn.execute(sa.select(a.id).where(a.country == cc)).scalars())
    return out


def _document_filters(conn: Connection, q: SearchQuery) -> list[list[_Filter]] | None:
    """The filters on related rows, each a list of alternatives (any one admits a document).

    None when a filter admits nothing (an unknown actor or kind): the result is empty.
    """
    da = s.document_actors
    ids = _actor_ids(conn, q)
    out: list[list[_Filter]] = []
    for name in ("actor", "kind"):
        if name in ids:
            if not ids[name]:
                return None
            out.append([_Filter(da, "actor_id", ids[name])])
    if q.country:
        cc = q.country.strip()
        alternatives = [_Filter(s.places, "country", {cc, cc.upper(), cc.lower()})]
        if ids["country"]:
            alternatives.insert(0, _Filter(da, "actor_id", ids["country"]))
        out.append(alternatives)
    if q.event_type:
        et = q.event_type.strip()
        out.append([_Filter(s.events, "type", {et, et.upper()})])
    if q.topic:
        topic = q.topic.strip()
        out.append([_Filter(s.document_topics, "topic", {topic, topic.lower()})])
    return out


def _members(alternatives: list[_Filter]) -> sa.Select[Any] | sa.CompoundSelect:
    if len(alternatives) == 1:
        return alternatives[0].members()
    return sa.union_all(*(f.members() for f in alternatives))


def _test(alternatives: list[_Filter], key: ColumnElement[Any]) -> ColumnElement[bool]:
    return sa.or_(*(f.test(key) for f in alternatives))


def _probe(conn: Connection, members: sa.Select[Any] | sa.CompoundSelect, cap: int) -> int:
    """How many rows ``members`` has, counting at most ``cap + 1`` (an index range scan)."""
    return int(
        conn.execute(sa.select(sa.func.count()).select_from(members.limit(cap + 1).subquery())).scalar_one()
    )


def _column_filters(q: SearchQuery, d: Any = None) -> list[ColumnElement[bool]]:
    """Conditions on columns of documents itself (of ``d``, by default the documents table's columns)."""
    d = s.documents.c if d is None else d
    conds: list[ColumnElement[bool]] = []
    if q.source:
        conds.append(d.source_key == casefold_key(q.source))
    if q.language:
        conds.append(d.language == q.language.strip().lower())
    if q.since:
        conds.append(d.published >= _date_bound("since", q.since))
    if q.until:
        conds.append(d.published < _after(_date_bound("until", q.until)))
    return conds


def _plain_snippet(text: str) -> str:
    flat = " ".join(text.replace(START_MARK, "").replace(END_MARK, "").split())
    if len(flat) <= PLAIN_SNIPPET_CHARS:
        return flat
    cut = flat[:PLAIN_SNIPPET_CHARS].rsplit(" ", 1)[0]
    return cut + " …"


def _clean_snippet(snippet: str | None) -> str | None:
    if not snippet:
        return None
    return " ".join(snippet.split())


def validate(q: SearchQuery) -> ParsedQuery:
    if q.limit < 1 or q.limit > MAX_LIMIT:
        raise QueryError(f"limit {q.limit}: must be between 1 and {MAX_LIMIT}")
    if q.offset < 0:
        raise QueryError(f"offset {q.offset}: must not be negative")
    if q.sort not in ("relevance", "date"):
        raise QueryError(f"sort {q.sort!r}: must be 'relevance' or 'date'")
    parsed = parse_query(q.text or "")
    if parsed.is_empty and (q.text or "").strip() and not _has_filters(q):
        raise QueryError(f"query {q.text!r}: nothing to search for (only punctuation or operators)")
    # validate dates early so a bad one is reported even on an empty store
    _column_filters(q)
    return parsed


def run_search(conn: Connection, q: SearchQuery) -> SearchPage:
    parsed = validate(q)
    if conn.dialect.name == "postgresql":
        return _search_postgresql(conn, q, parsed)
    return _search_sqlite(conn, q, parsed)


def _hits(
    conn: Connection, ranked: list[tuple[int, float]], snippets: dict[int, str | None]
) -> list[SearchHit]:
    if not ranked:
        return []
    d = s.documents.c
    # the opening of the text only where there is no snippet: reading a whole text costs
    plain = [pk for pk, _ in ranked if not _clean_snippet(snippets.get(pk))]
    opening = sa.func.substr(d.text, 1, 2 * PLAIN_SNIPPET_CHARS)
    rows = conn.execute(
        sa.select(
            d.pk,
            d.id,
            d.title,
            d.published,
            d.source,
            d.url,
            sa.case((d.pk.in_(plain), opening), else_=sa.null()) if plain else sa.null(),
        ).where(d.pk.in_([pk for pk, _ in ranked]))
    ).all()
    by_pk = {r[0]: r for r in rows}
    out = []
    for pk, score in ranked:
        r = by_pk[pk]
        snippet = _clean_snippet(snippets.get(pk)) or _plain_snippet(r[6] or "")
        out.append(SearchHit(r.id, r.title, r.published, r.source, r.url, snippet, float(score)))
    return out


def _date_order(d: Any) -> list[Any]:
    return [d.published.desc().nulls_last(), d.pk.desc()]


# --- SQLite ----------------------------------------------------------------------------------

_FTS: ColumnElement[Any] = sa.literal_column("documents_fts")
_ROWID = s.documents_fts.c.rowid
# "+rowid": the unary plus stops SQLite from handing "rowid IN (…)" to FTS5, which would re-run
# the full-text query once per listed document (~0.2 ms each, far more for a prefix).
_FTS_KEY: ColumnElement[Any] = sa.literal_column("+documents_fts.rowid")


def _expand_prefixes(conn: Connection, parsed: ParsedQuery) -> ParsedQuery:
    """``insurg*`` as ``insurgent OR insurgents OR insurgency``, from the index's vocabulary.

    FTS5 answers a prefix without a prefix index of that exact length by merging the doclists of
    every matching term into one buffer before the first row (~20 ms for a prefix in 90% of
    documents, repeated by every statement). Alternatives stream, so ``LIMIT`` stops early.
    Prefixes of 2-3 letters (indexed) or with too many terms are left to FTS5.
    """

    def expand(t: Term) -> tuple[Term, ...]:
        stem = t.words[-1]
        if not t.prefix or len(stem) in PREFIX_INDEXED or not stem.isascii() or not stem.isalnum():
            return (t,)
        upper = stem[:-1] + chr(ord(stem[-1]) + 1)
        v = s.documents_fts_vocab.c
        found = list(
            conn.execute(
                sa.select(v.term).where(v.term >= stem, v.term < upper).limit(MAX_PREFIX_TERMS + 1)
            ).scalars()
        )
        if not found or len(found) > MAX_PREFIX_TERMS:
            return (t,)
        return tuple(Term((*t.words[:-1], word)) for word in found)

    if not any(t.prefix for t in (*parsed.terms(), *parsed.excluded)):
        return parsed
    groups = tuple(tuple(dict.fromkeys(e for t in g for e in expand(t))) for g in parsed.groups)
    # "-insurg*": excluding each term is excluding any of them
    excluded = tuple(dict.fromkeys(e for t in parsed.excluded for e in expand(t)))
    return ParsedQuery(parsed.text, groups=groups, excluded=excluded)


def _sqlite_conditions(
    conn: Connection, q: SearchQuery, filters: list[list[_Filter]], key: ColumnElement[Any]
) -> list[ColumnElement[bool]]:
    """Filter conditions on the document ``key``, each as a list or as a per-row probe.

    A filter that admits at most MATERIALIZE_MAX documents (counted with a bounded index scan)
    is read once into SQLite's in-memory list (``key IN (…)``); a broader one is probed per
    candidate (``EXISTS``), so no statement reads tens of thousands of ids it will not use.
    """
    d = s.documents.c
    conds: list[ColumnElement[bool]] = []
    for alternatives in filters:
        members = _members(alternatives)
        if _probe(conn, members, MATERIALIZE_MAX) <= MATERIALIZE_MAX:
            conds.append(key.in_(members))
        else:
            conds.append(_test(alternatives, key))
    column_conds = _column_filters(q)
    if column_conds:
        on_documents = sa.select(d.pk).where(*column_conds)
        if _probe(conn, on_documents, MATERIALIZE_MAX) <= MATERIALIZE_MAX:
            conds.append(key.in_(on_documents))
        else:
            conds.append(_columns_test(q, key))
    return conds


def _columns_test(q: SearchQuery, key: ColumnElement[Any]) -> ColumnElement[bool]:
    """Whether the document ``key`` passes the column filters, read from the narrow index on
    (pk, published, source_key, language) rather than from the document's wide row."""
    table = sa.text(f"documents AS dd INDEXED BY {s.DOCUMENT_COLUMNS_INDEX}")
    dd = SimpleNamespace(
        **{c: sa.literal_column(f"dd.{c}") for c in ("pk", "published", "source_key", "language")}
    )
    return sa.select(sa.literal(1)).select_from(table).where(dd.pk == key, *_column_filters(q, dd)).exists()


def _bounded_count(conn: Connection, stmt: sa.Select[Any] | sa.CompoundSelect, cap: int) -> tuple[int, bool]:
    """(count, is_lower_bound): at most ``cap`` rows of ``stmt`` are counted."""
    n = _probe(conn, stmt, cap)
    return (cap, True) if n > cap else (n, False)


def _search_sqlite(conn: Connection, q: SearchQuery, parsed: ParsedQuery) -> SearchPage:
    filters = _document_filters(conn, q)
    if filters is None:
        return SearchPage()
    expanded = _expand_prefixes(conn, parsed)
    match = fts5_match(expanded)
    if not match:
        return _browse_sqlite(conn, q, expanded, filters)
    conds = [_FTS.op("MATCH")(match), *_sqlite_conditions(conn, q, filters, _FTS_KEY)]
    matches = sa.select(_ROWID).select_from(s.documents_fts).where(*conds)
    # The newest matches (FTS5 walks a doclist newest-first natively and stops at the LIMIT): they
    # are both the count, up to the cap, and the window a broad query is ranked in.
    window = max(COUNT_CAP, q.offset + q.limit)
    newest = matches.order_by(_ROWID.desc()).limit(window + 1).subquery()
    # one JSON row instead of a thousand result rows: SQLAlchemy's per-row cost is SQLite's twice
    ids = sorted(json.loads(conn.execute(sa.select(sa.func.json_group_array(newest.c.rowid))).scalar_one()))
    ids.reverse()
    bound = len(ids) > window
    ids = ids[:window]
    total = len(ids)
    if not ids:
        return SearchPage(total=0)
    if q.sort == "date":
        walk = [*_column_filters(q), *(_test(a, s.documents.c.pk) for a in filters)]
        ranked = _date_page(conn, q, match, matches, None if bound else ids, walk)
    elif not bound:
        ranked = _bm25_page(conn, q, match, ids)
    else:
        ranked = _broad_page(conn, q, expanded, ids)
    snippets = _sqlite_snippets(conn, match, [pk for pk, _ in ranked], seek=q.sort == "date")
    return SearchPage(_hits(conn, ranked, snippets), total, bound)


def _id_list(ids: list[int]) -> sa.Select[Any]:
    """``ids`` as a subquery over one JSON parameter: binding hundreds of parameters costs more in
    SQLAlchemy (compiling an expanding IN) than the statement does in SQLite."""
    return sa.select(sa.func.json_each(json.dumps(ids)).table_valued("value").c.value)


def _in_ids(ids: list[int]) -> list[ColumnElement[bool]]:
    """Rows of FTS5 among ``ids``: a rowid range FTS5 seeks to, then the exact list."""
    return [min(ids) <= _ROWID, max(ids) >= _ROWID, _FTS_KEY.in_(_id_list(ids))]


def _bm25_page(conn: Connection, q: SearchQuery, match: str, ids: list[int]) -> list[tuple[int, float]]:
    """Every match is in ``ids``: rank them all with bm25 (title matches weigh more)."""
    rank = sa.func.bm25(_FTS, TITLE_WEIGHT, TEXT_WEIGHT)
    page = conn.execute(
        sa.select(_ROWID, -rank)
        .select_from(s.documents_fts)
        .where(_FTS.op("MATCH")(match), *_in_ids(ids))
        .order_by(rank, _ROWID.desc())
        .limit(q.limit)
        .offset(q.offset)
    ).all()
    return [(int(r[0]), float(r[1])) for r in page]


def _broad_page(
    conn: Connection, q: SearchQuery, expanded: ParsedQuery, ids: list[int]
) -> list[tuple[int, float]]:
    """A broad query: the newest matches, those matching in the title first.

    bm25 would first count every document of every term (FTS5 computes IDF by running each phrase
    over the whole index: 25 ms for a phrase in 85% of documents), and for terms in more than half
    of the documents its IDF is a constant anyway, so the order would be close to arbitrary.
    """
    positive = fts5_match(ParsedQuery(expanded.text, groups=expanded.groups))
    in_title = set(
        conn.execute(
            sa.select(_ROWID)
            .select_from(s.documents_fts)
            .where(_FTS.op("MATCH")("{title} : (" + positive + ")"), *_in_ids(ids))
        ).scalars()
    )
    ordered = [pk for pk in ids if pk in in_title] + [pk for pk in ids if pk not in in_title]
    page = ordered[q.offset : q.offset + q.limit]
    return [(pk, 1.0 if pk in in_title else 0.5) for pk in page]


def _date_page(
    conn: Connection,
    q: SearchQuery,
    match: str,
    matches: sa.Select[Any],
    ids: list[int] | None,
    walk: list[ColumnElement[bool]],
) -> list[tuple[int, float]]:
    """Matches newest published first (undated last).

    ``ids``: every match, when there are at most COUNT_CAP of them; they are sorted by date.
    Otherwise the match is common: walk the published index newest first (with the filters as
    ``walk`` conditions), a batch of documents at a time, and ask FTS5 which of them match (an
    indexed seek each) until the page is full. A match too rare among the newest DATE_PROBES
    documents is read whole instead.
    """
    d = s.documents.c
    if ids is not None:
        return _newest(conn, q, [d.pk.in_(_id_list(ids))])
    need = q.offset + q.limit
    newest = sa.select(d.pk).where(*walk).order_by(d.published.desc(), d.pk.desc())
    found: list[int] = []
    walked, batch = 0, max(50, 2 * need)
    while walked < DATE_PROBES:
        pks = list(conn.execute(newest.limit(batch).offset(walked)).scalars().all())
        if pks:
            hits = set(
                conn.execute(
                    sa.select(_ROWID)
                    .select_from(s.documents_fts)
                    .where(_FTS.op("MATCH")(match), _ROWID.in_(_id_list(pks)))
                ).scalars()
            )
            found += [pk for pk in pks if pk in hits]
        walked += len(pks)
        if len(found) >= need or len(pks) < batch:
            return [(pk, 0.0) for pk in found[q.offset : need]]
        batch = min(2 * batch, DATE_PROBES - walked)
    return _newest(conn, q, [d.pk.in_(matches)])


def _browse_sqlite(
    conn: Connection, q: SearchQuery, parsed: ParsedQuery, filters: list[list[_Filter]]
) -> SearchPage:
    """No text to match (filters, or only exclusions): newest first."""
    d = s.documents.c
    column_conds = _column_filters(q)
    tests = [_test(alternatives, d.pk) for alternatives in filters]
    excluded = None
    if parsed.excluded:
        excluded = (
            sa.select(_ROWID).select_from(s.documents_fts).where(_FTS.op("MATCH")(fts5_exclusion(parsed)))
        )
        tests.append(d.pk.not_in(excluded))
    if not column_conds and not tests:
        total, bound = _bounded_count(conn, sa.select(d.pk), max(COUNT_CAP, q.offset + q.limit))
        return SearchPage(_hits(conn, _newest(conn, q, []), {}), total, bound)
    # Count from the filter that admits the fewest documents (bounded index scans tell which),
    # probing the others per document.
    sizes = sorted((_probe(conn, _members(a), MATERIALIZE_MAX), n) for n, a in enumerate(filters))
    members: sa.Select[Any] | sa.CompoundSelect
    if sizes and (
        not column_conds or sizes[0][0] <= _probe(conn, sa.select(d.pk).where(*column_conds), MATERIALIZE_MAX)
    ):
        first = sizes[0][1]
        branches = []
        for f in filters[first]:
            key = f.table.c.document_pk
            extra = [_test(o, key) for n, o in enumerate(filters) if n != first]
            if column_conds:
                extra.append(_columns_test(q, key))
            if excluded is not None:
                extra.append(key.not_in(excluded))
            branches.append(f.members().where(*extra))
        members = branches[0].distinct() if len(branches) == 1 else sa.union(*branches)
    else:
        members = sa.select(d.pk).where(*column_conds, *tests)
    total, bound = _bounded_count(conn, members, max(COUNT_CAP, q.offset + q.limit))
    # At most COUNT_CAP documents: read their ids and sort them by date. More: they are common,
    # and walking the published index newest first meets a page of them soon.
    ranked = _newest(conn, q, [d.pk.in_(members)] if not bound else [*column_conds, *tests])
    return SearchPage(_hits(conn, ranked, {}), total, bound)


def _newest(conn: Connection, q: SearchQuery, conds: list[ColumnElement[bool]]) -> list[tuple[int, float]]:
    """A page of documents meeting ``conds``, newest published first, undated last."""
    d = s.documents.c
    # SQLite sorts NULL lowest, so plain DESC puts undated documents last and can walk the index
    # on published instead of sorting every candidate.
    page = conn.execute(
        sa.select(d.pk)
        .where(*conds)
        .order_by(d.published.desc(), d.pk.desc())
        .limit(q.limit)
        .offset(q.offset)
    ).all()
    return [(int(r[0]), 0.0) for r in page]


def _sqlite_snippets(
    conn: Connection, match: str, pks: list[int], seek: bool = False
) -> dict[int, str | None]:
    """Snippets of ``pks``: scanning the matches between the first and the last of them, or with
    ``seek`` (documents spread over the whole index, as in date order) one indexed seek each."""
    if not pks:
        return {}
    snippet = sa.func.snippet(_FTS, -1, START_MARK, END_MARK, "…", SNIPPET_TOKENS)
    where = [_ROWID.in_(_id_list(pks))] if seek else _in_ids(pks)
    rows = conn.execute(
        sa.select(_ROWID, snippet).select_from(s.documents_fts).where(_FTS.op("MATCH")(match), *where)
    ).all()
    return {int(r[0]): r[1] for r in rows}


# --- PostgreSQL ------------------------------------------------------------------------------


def _search_postgresql(conn: Connection, q: SearchQuery, parsed: ParsedQuery) -> SearchPage:
    d = s.documents.c
    vector: ColumnElement[Any] = sa.literal_column("documents.search_vector")
    filters = _document_filters(conn, q)
    if filters is None:
        return SearchPage()
    conds = [*_column_filters(q), *(d.pk.in_(_members(a)) for a in filters)]
    expr = tsquery(parsed)
    tsq = sa.func.to_tsquery(s.PG_TS_CONFIG, expr) if expr else None
    if tsq is not None:
        conds.append(vector.op("@@")(tsq))
    elif parsed.excluded:
        excluded = tsquery(ParsedQuery(parsed.text, groups=(parsed.excluded,)))
        conds.append(sa.not_(vector.op("@@")(sa.func.to_tsquery(s.PG_TS_CONFIG, excluded))))
    if tsq is not None and q.sort == "relevance":
        rank: ColumnElement[Any] = sa.func.ts_rank_cd(vector, tsq)
        order = [rank.desc(), d.pk.desc()]
    else:
        rank = sa.literal(0.0)
        order = _date_order(d)
    page = conn.execute(
        sa.select(d.pk, rank)
        .select_from(s.documents)
        .where(*conds)
        .order_by(*order)
        .limit(q.limit)
        .offset(q.offset)
    ).all()
    cap = max(COUNT_CAP, q.offset + q.limit)
    total, bound = _bounded_count(conn, sa.select(d.pk).where(*conds), cap)
    ranked = [(int(r[0]), float(r[1])) for r in page]
    snippets: dict[int, str | None] = {}
    if ranked and tsq is not None:
        headline = sa.func.ts_headline(s.PG_TS_CONFIG, d.text, tsq, PG_HEADLINE_OPTIONS)
        snippets = dict(
            conn.execute(sa.select(d.pk, headline).where(d.pk.in_([pk for pk, _ in ranked]))).all()
        )
        # ts_headline returns the opening words when the match is only in the title
        snippets = {k: v if v and START_MARK in v else None for k, v in snippets.items()}
    return SearchPage(_hits(conn, ranked, snippets), total, bound)


__all__ = ["SearchHit", "SearchPage", "SearchQuery", "parse_query", "run_search"]
