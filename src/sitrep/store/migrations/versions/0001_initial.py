"""Initial schema: documents, actors, per-document facts, LSH bands, full-text index.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Creates the tables of ``sitrep.store.schema`` that this revision holds (``TABLES_0001``; tables
added later come with their own revisions). When one of these tables changes, the change goes
into a new revision (and this one must then be given a frozen copy of the tables it creates, so
that old databases and new ones end up identical).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sitrep.store import schema

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tables() -> list[sa.Table]:
    return [schema.metadata.tables[name] for name in schema.TABLES_0001]


def upgrade() -> None:
    bind = op.get_bind()
    schema.metadata.create_all(bind, tables=_tables())
    ddl = schema.PG_FTS_DDL if bind.dialect.name == "postgresql" else schema.SQLITE_FTS_DDL
    for statement in ddl:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    drop = schema.PG_FTS_DROP if bind.dialect.name == "postgresql" else schema.SQLITE_FTS_DROP
    for statement in drop:
        op.execute(statement)
    schema.metadata.drop_all(bind, tables=_tables())
