"""The full-text index's vocabulary, for prefix queries (SQLite only).

Revision ID: 0002
Revises: 0001
Create Date: 2025-06-01

An ``fts5vocab`` table over ``documents_fts``: search expands ``insurg*`` into the terms of the
index that start with ``insurg`` (a range read of the vocabulary) instead of letting FTS5 merge
every such term's doclist before the first row. The vocabulary is a view of the existing index
(created in milliseconds); the revision also merges the index's segments into one
(``'optimize'``), which makes per-document lookups 3-4 times faster and takes ~3.5 s per
100,000 documents (it rewrites the FTS index, ~130 MB for 100,000 ISAF releases, inside the
migration's transaction). Nothing else is rewritten: no table is rebuilt, and prefix indexes
were measured and not added (see ``sitrep.store.search``). PostgreSQL (``to_tsquery`` prefixes
on the GIN index) needs nothing: a no-op there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from sitrep.store import schema

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in schema.SQLITE_VOCAB_DDL:
            op.execute(statement)
        op.execute(schema.SQLITE_FTS_OPTIMIZE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in schema.SQLITE_VOCAB_DROP:
            op.execute(statement)
