"""Co-mention counts by month: how the store keeps them, and which of them a period reads.

The network's co-mentions (``aggregates.network``) count the documents naming an actor, and
those naming both actors of a pair, in a period. Joining ``document_actors`` with itself over a
period's documents makes every pair of every document (1.5 million rows for 100,000 documents,
seconds per page). Instead the store keeps the counts per month of publication in
``actor_months`` and ``actor_pair_months`` (``schema``), and a page sums the rows of the months
it covers (100,000 documents over five years: 96,000 pair-month rows; 13-20 ms a page on
either dialect, against 2.5-3.2 s).

Kept in step with the documents by one function, :func:`count_documents`: ``Store.add`` calls it
in the transaction that adds a document (a document already stored is not added again, so it is
never counted twice; a near-duplicate counts like any document, as the network always did);
``Store.add(replace=True)`` (re-analysis) takes a document's counts off before deleting its facts
and counts the new ones, in one transaction;
revision 0003 calls it for every stored document; a delete must call it with ``sign=-1`` before
the document's rows go. Its counts are those the network used to make from the raw tables: a
document counts once per actor (and per pair: ``actor_a < actor_b`` in byte order), under its
publication month and, besides '' (all documents), under each event type it has an event of,
negated ones included, as the event-type filter reads them.

Besides the months, each count has a row for all time (``period`` ALL_TIME, undated documents
included): the network with no period, the page's first view, reads one row per pair (5,800
for 100,000 documents) instead of one per pair and month (100,000). A period (``since``, and
``upper``: the first date after ``until``; ISO prefixes) reads whole months where it covers
them and, where a day-precise bound cuts a month, the documents of that part of the month:
:func:`cover` says which.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from sitrep.store import schema as s

# ``period`` of the counts over all time, undated documents included. Longer than PERIOD_CHARS,
# so no month's period equals it.
ALL_TIME = "(all time)"
PERIOD_CHARS = 7  # YYYY-MM
Grain = Literal["month", "all time"]
ALL_TYPES = ""  # ``event_type`` of the counts over all documents


def in_byte_order(dialect: str, column: Any) -> Any:
    """``column`` compared and sorted in byte order on both dialects (SQLite's own order)."""
    return column.collate("C") if dialect == "postgresql" else column


# --- which rows a period reads ---------------------------------------------------------------


def _past(prefix: str) -> str:
    """The first string after every string that starts with ``prefix`` (2013-01 -> 2013-02)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@dataclass(frozen=True)
class Cover:
    """How counts for a period are read: the stored months ``since <= period < months_before``
    (None: no such bound; ``dated`` False: the all-time rows instead), and the documents
    published in each ``[lo, hi)`` of ``partial``: the parts of months a day-precise bound cuts,
    counted document by document."""

    dated: bool
    since: str | None
    months_before: str | None
    partial: tuple[tuple[str, str], ...]

    def months(self, conn: Connection, period: Any) -> list[ColumnElement[bool]]:
        """Conditions on a count table's ``period`` column for the whole months."""
        if not self.dated:
            return [period == ALL_TIME]
        column = in_byte_order(conn.dialect.name, period)
        conds: list[ColumnElement[bool]] = [period != ALL_TIME]
        if self.since is not None:
            conds.append(column >= self.since)
        if self.months_before is not None:
            conds.append(column < self.months_before)
        return conds


def cover(since: str | None, upper: str | None) -> Cover:
    """The months and month parts that make up ``since <= published < upper``.

    A month (all dates starting YYYY-MM) is wholly inside when its period is >= ``since`` and
    < ``upper`` cut to a month (2013-01-26 -> 2013-01: January is then only partly inside). A
    day-precise ``since`` cuts its own month: its dates from ``since`` on are read one by one,
    and so are those of ``upper``'s month before ``upper``; both in one range when they are the
    same month.
    """
    if since is None and upper is None:
        return Cover(False, None, None, ())
    months_before = upper[:PERIOD_CHARS] if upper is not None else None
    ranges: list[tuple[str, str]] = []
    if since is not None and len(since) > PERIOD_CHARS:
        ranges.append((since, _past(since[:PERIOD_CHARS])))
    if upper is not None and len(upper) > PERIOD_CHARS:
        ranges.append((upper[:PERIOD_CHARS], upper))
    clipped = []
    for lo, hi in ranges:
        lo, hi = max(lo, since or lo), min(hi, upper or hi)
        if lo < hi and (lo, hi) not in clipped:
            clipped.append((lo, hi))
    if len(clipped) == 2 and clipped[0][1] > clipped[1][0]:  # since and upper in the same month
        clipped = [(clipped[0][0], clipped[1][1])]
    return Cover(True, since, months_before, tuple(clipped))


# --- counting documents ----------------------------------------------------------------------


def _scopes(documents: sa.Select[Any] | None, event_type: str | None) -> sa.Subquery:
    """(document_pk, event_type): each document under '' and under each type it has an event
    of; only ``documents`` (a select of pks) when given, only ``event_type`` when given."""
    d, e = s.documents.c, s.events.c
    parts: list[sa.Select[Any]] = []
    if event_type in (None, ALL_TYPES):
        pks = documents.subquery().c[0] if documents is not None else d.pk
        parts.append(
            sa.select(pks.label("document_pk"), sa.literal(ALL_TYPES, sa.String(40)).label("event_type"))
        )
    if event_type != ALL_TYPES:
        typed = sa.select(e.document_pk.label("document_pk"), e.type.label("event_type")).distinct()
        if event_type is not None:
            typed = typed.where(e.type == event_type)
        parts.append(typed.where(e.document_pk.in_(documents)) if documents is not None else typed)
    return (parts[0] if len(parts) == 1 else sa.union_all(*parts)).subquery("scope")


def _period(grain: Grain) -> ColumnElement[str]:
    d = s.documents.c
    if grain == "all time":
        return sa.literal(ALL_TIME, sa.String(16))
    return sa.func.substr(d.published, 1, PERIOD_CHARS)


def actor_rows(
    documents: sa.Select[Any] | None = None, event_type: str | None = None, grain: Grain = "month"
) -> sa.Select[Any]:
    """Rows of ``actor_months`` made from the stored documents (those of ``documents``, a select
    of pks; of ``event_type`` only when given), by month of the dated ones or over all time:
    event_type, actor_id, period, documents."""
    scope = _scopes(documents, event_type)
    d, da = s.documents.c, s.document_actors.c
    period = _period(grain)
    stmt = sa.select(
        scope.c.event_type,
        da.actor_id,
        period.label("period"),
        sa.func.count(sa.distinct(da.document_pk)).label("documents"),
    ).select_from(
        scope.join(s.document_actors, da.document_pk == scope.c.document_pk).join(
            s.documents, d.pk == scope.c.document_pk
        )
    )
    return _by_period(stmt, period, grain, scope.c.event_type, da.actor_id)


def pair_rows(
    dialect: str,
    documents: sa.Select[Any] | None = None,
    event_type: str | None = None,
    grain: Grain = "month",
) -> sa.Select[Any]:
    """Rows of ``actor_pair_months`` made from the stored documents, as :func:`actor_rows`:
    event_type, actor_a, actor_b, period, documents."""
    scope = _scopes(documents, event_type)
    d = s.documents.c
    x, y = s.document_actors.alias("x"), s.document_actors.alias("y")
    period = _period(grain)
    stmt = sa.select(
        scope.c.event_type,
        x.c.actor_id.label("actor_a"),
        y.c.actor_id.label("actor_b"),
        period.label("period"),
        sa.func.count(sa.distinct(x.c.document_pk)).label("documents"),
    ).select_from(
        scope.join(x, x.c.document_pk == scope.c.document_pk)
        .join(
            y,
            sa.and_(
                y.c.document_pk == scope.c.document_pk,
                in_byte_order(dialect, y.c.actor_id) > in_byte_order(dialect, x.c.actor_id),
            ),
        )
        .join(s.documents, d.pk == scope.c.document_pk)
    )
    return _by_period(stmt, period, grain, scope.c.event_type, x.c.actor_id, y.c.actor_id)


def _by_period(stmt: sa.Select[Any], period: Any, grain: Grain, *keys: Any) -> sa.Select[Any]:
    """``stmt`` grouped by ``keys`` and ``period``, the month (of dated documents only), or by
    ``keys`` alone over all time."""
    if grain == "all time":
        # the WHERE also keeps SQLite from reading ON CONFLICT after the SELECT as a join's ON
        return stmt.where(sa.true()).group_by(*keys)
    return stmt.where(s.documents.c.published.is_not(None)).group_by(*keys, period)


def count_documents(conn: Connection, document_pks: Iterable[int] | None = None, sign: int = 1) -> None:
    """Add the stored documents ``document_pks`` (None: all) to the counts, or take them off
    (``sign=-1``, before their rows are deleted). Rows are written in key order, so concurrent
    writers on PostgreSQL lock shared rows in the same order and never deadlock."""
    if sign not in (1, -1):
        raise ValueError("sign is 1 or -1")
    params: dict[str, Any] = {}
    if document_pks is not None:
        params["pks"] = sorted(set(document_pks))
        if not params["pks"]:
            return
    for stmt in _upserts(conn.dialect.name, document_pks is not None, sign):
        conn.execute(stmt, params)


@lru_cache(maxsize=8)
def _upserts(dialect: str, some: bool, sign: int) -> tuple[sa.Executable, ...]:
    """The statements of :func:`count_documents`, built once (building costs more than running
    them for one document): all documents, or those of the expanding parameter ``pks``."""
    d = s.documents.c
    documents = sa.select(d.pk).where(d.pk.in_(sa.bindparam("pks", expanding=True))) if some else None
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    out: list[sa.Executable] = []
    grains: tuple[Grain, ...] = ("all time", "month")
    for table, rows in (
        (s.actor_months, sa.union_all(*(actor_rows(documents, grain=g) for g in grains))),
        (s.actor_pair_months, sa.union_all(*(pair_rows(dialect, documents, grain=g) for g in grains))),
    ):
        keys = [c.name for c in table.primary_key.columns]
        source = rows.subquery()
        select = (
            sa.select(*(source.c[k] for k in keys), (source.c.documents * sign).label("documents"))
            .where(sa.true())
            .order_by(*(in_byte_order(dialect, source.c[k]) for k in keys))
        )
        stmt = insert(table).from_select([*keys, "documents"], select)
        out.append(
            stmt.on_conflict_do_update(
                index_elements=keys, set_={"documents": table.c.documents + stmt.excluded.documents}
            )
        )
        if sign < 0:
            out.append(table.delete().where(table.c.documents <= 0))
    return tuple(out)
