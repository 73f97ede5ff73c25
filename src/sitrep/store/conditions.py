"""SQL conditions the event lists (``browse``) and the aggregates (map, network) share, so that
one filter means one thing on every page."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from sitrep.store import schema as s


def in_province(p: Any, province: str) -> ColumnElement[bool]:
    """A ``places`` row (columns ``p``) of a place in the province, by name in any case (as the
    event list's ``province``): one whose admin1 is the name, or the province's own place, matched
    by its name too (a province may be stored without admin1). lower() folds only ASCII letters on
    SQLite."""
    name = province.lower()
    return sa.or_(
        sa.func.lower(p.admin1) == name,
        sa.and_(p.kind == "admin1", sa.func.lower(p.name) == name),
    )


def placed_in_province(e: Any, province: str) -> ColumnElement[bool]:
    """An event (columns ``e`` of ``events``) placed in the province: its place as its document
    stores it lies there."""
    p = s.places.alias("p_province").c
    return (
        sa.select(sa.literal(1))
        .where(p.document_pk == e.document_pk, p.place_id == e.place, in_province(p, province))
        .exists()
    )
