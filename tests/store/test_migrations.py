"""Migrations: a fresh database reaches head; opening an up-to-date one changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from sitrep.store import open_store
from sitrep.store.engine import current_revision, head_revision
from sitrep.store.schema import metadata
from tests.store.builders import downgrade_to, full_record


def _schema_snapshot(engine: sa.Engine) -> dict[str, list[str]]:
    inspector = sa.inspect(engine)
    return {
        t: sorted(c["name"] for c in inspector.get_columns(t))
        + sorted(str(i["name"]) for i in inspector.get_indexes(t))
        for t in inspector.get_table_names()
    }


def test_fresh_database_reaches_head(store_url: str) -> None:
    with open_store(store_url) as store:
        engine = store._engine
        assert head_revision() == "0003"
        assert current_revision(engine) == head_revision()
        tables = set(sa.inspect(engine).get_table_names())
        assert {t.name for t in metadata.sorted_tables} <= tables


def test_opening_an_existing_database_is_a_no_op(store_url: str) -> None:
    record = full_record()
    with open_store(store_url) as store:
        store.add(record)
        before = _schema_snapshot(store._engine)
        counts = store.table_counts()
    with open_store(store_url) as store:
        assert _schema_snapshot(store._engine) == before
        assert store.table_counts() == counts
        with store._engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        got = store.get_record(record.document.id)
        assert got is not None and got.document.text == record.document.text


def test_downgrade_and_upgrade_again(store_url: str) -> None:
    with open_store(store_url) as store:
        engine = store._engine
        downgrade_to(engine, "base")
        assert current_revision(engine) is None
        assert "documents" not in sa.inspect(engine).get_table_names()
    with open_store(store_url) as store:
        store.add(full_record())
        assert store.stats()["documents"] == 1


def test_revision_0002_on_an_existing_store_keeps_data_and_results(store_url: str) -> None:
    """A store taken back to 0001 gains the vocabulary (SQLite) again and searches the same."""
    from sitrep.store import SearchQuery
    from tests.store.builders import plain_record

    with open_store(store_url) as store:
        store.add(full_record())
        for n in range(3):
            store.add(plain_record(f"Insurgents attacked checkpoint {n} near the border crossing."))
        counts = store.table_counts()
        before = store.search(SearchQuery(text="border", limit=10))
        downgrade_to(store._engine, "0001")
        assert current_revision(store._engine) == "0001"
        assert "documents_fts_vocab" not in sa.inspect(store._engine).get_table_names()
    with open_store(store_url) as store:
        assert current_revision(store._engine) == head_revision()
        assert store.table_counts() == counts
        after = store.search(SearchQuery(text="border", limit=10))
        assert [h.document_id for h in after.hits] == [h.document_id for h in before.hits]
        assert after.total == before.total == 4
        assert store.search(SearchQuery(text="insurg*")).total == 3
        assert store.search(SearchQuery(text="check* border")).total == 3
