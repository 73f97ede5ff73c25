"""Writing records: round trip, idempotency, shared actors, transactions, stats."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from sitrep.errors import StoreError
from sitrep.model import Actor, Mention, Record, Role
from sitrep.store import Store, open_store
from sitrep.store import records as store_records
from tests.store.builders import CSTO_TEXT, full_record, plain_record


def test_full_record_round_trips(store: Store) -> None:
    record = full_record()
    outcome = store.add(record)
    assert outcome.status == "added" and outcome.document_id == record.document.id
    assert outcome.duplicate_of is None

    got = store.get_record(record.document.id)
    assert got is not None
    assert got.document.ingested_at  # set by the store
    assert got.document.duplicate_of is None
    expected = dataclasses.replace(
        record, document=dataclasses.replace(record.document, ingested_at=got.document.ingested_at)
    )
    assert got == expected
    assert got.to_dict() == expected.to_dict()


def test_missing_record_is_none(store: Store) -> None:
    assert store.get_record("0123456789abcdef") is None


def test_adding_the_same_document_again_changes_nothing(store: Store) -> None:
    record = full_record()
    store.add(record)
    before = store.table_counts()
    again = store.add(full_record())
    assert again.status == "unchanged" and again.document_id == record.document.id
    assert store.table_counts() == before


def test_find_documents_by_id_prefix(store: Store) -> None:
    a = plain_record("First report about the border.")
    b = plain_record("Second report about the border.")
    store.add(a)
    store.add(b)
    assert store.find_documents(a.document.id[:6]) == [a.document.id]
    assert sorted(store.find_documents("")) == sorted([a.document.id, b.document.id])
    assert store.find_documents("%") == []  # LIKE wildcards are literal
    assert store.find_documents("zz") == []


def test_actors_are_shared_and_merged_across_documents(store: Store) -> None:
    first = full_record()
    store.add(first)
    text2 = "Tasmagambetov met the CSTO ministers in Minsk on Friday."
    second = plain_record(text2, published="2024-04-01")
    second.actors = [
        Actor(
            id="imangali-tasmagambetov",
            name="I. Tasmagambetov",  # a differing name from text becomes an alias
            kind="person",
            aliases=["Tasmagambetov", "Тасмагамбетов"],
            member_of=["csto", "kz-government"],
            roles=[
                Role(
                    title="Secretary General",
                    affiliation="csto",
                    since="2024-03-12",
                    document=first.document.id,
                ),
                Role(title="former Akim of Astana", since="2024-04-01"),
            ],
        )
    ]
    second.mentions = [Mention("imangali-tasmagambetov", 0, 13, "Tasmagambetov")]
    store.add(second)

    summaries = {s.actor.id: s for s in store.actors(name="tasmag")}
    merged = summaries["imangali-tasmagambetov"]
    assert merged.documents == 2 and merged.mentions == 2
    actor = merged.actor
    assert actor.name == "Imangali Tasmagambetov"  # first known name kept
    assert actor.aliases == ["Tasmagambetov", "Тасмагамбетов", "I. Tasmagambetov"]
    assert actor.member_of == ["csto", "kz-government"]
    assert [r.title for r in actor.roles] == ["Secretary General", "former Akim of Astana"]
    assert actor.country == "KZ" and actor.title == "Secretary General"  # kept, not erased by None
    # each document keeps its own view of the actor
    got1 = store.get_record(first.document.id)
    assert got1 is not None and got1.actors == first.actors
    got2 = store.get_record(second.document.id)
    assert got2 is not None and got2.actors == second.actors
    # the merged alias is searchable
    from sitrep.store import SearchQuery

    assert store.search(SearchQuery(actor="тасмагамбетов")).total == 2


def test_registry_actor_overrides_text_actor(store: Store) -> None:
    a = plain_record("The Organization met.")
    a.actors = [Actor(id="csto", name="the Organization", kind="organization")]
    store.add(a)
    b = plain_record("CSTO met again.")
    b.actors = [
        Actor(
            id="csto", name="Collective Security Treaty Organization", kind="intergovernmental", registry=True
        )
    ]
    store.add(b)
    (summary,) = store.actors(name="csto")
    assert summary.actor.name == "Collective Security Treaty Organization"
    assert summary.actor.kind == "intergovernmental"
    assert "the Organization" in summary.actor.aliases
    assert summary.actor.registry


def test_actor_listing_filters(store: Store) -> None:
    store.add(full_record())
    assert [s.actor.id for s in store.actors(kind="media")] == ["amu-tv"]
    assert {s.actor.id for s in store.actors(country="tj")} == {"tajikistan"}
    assert [s.actor.id for s in store.actors(name="ОДКБ")] == ["csto"]
    assert len(store.actors(limit=2)) == 2
    assert len(store.actors(limit=100, offset=3)) == 1


def test_stats_count_everything(store: Store) -> None:
    store.add(full_record())
    store.add(plain_record("An unrelated report about wheat prices in Kazakhstan and Uzbekistan."))
    stats = store.stats()
    assert stats["documents"] == 2
    assert stats["actors"] == 4
    assert stats["mentions"] == 3
    assert stats["events"] == 2
    assert stats["quotes"] == 2
    assert stats["commitments"] == 1
    assert stats["places"] == 2
    assert stats["duplicates"] == 0


def test_a_failure_midway_stores_nothing_of_the_document(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add(plain_record("An earlier report that must survive."))
    before = store.table_counts()
    original = store_records.child_rows

    def broken_rows(pk, record):  # type: ignore[no-untyped-def]
        rows = original(pk, record)
        # the second event violates NOT NULL on events.type after the document, actors and
        # mentions were already written in this transaction
        rows["events"][1]["type"] = None
        return rows

    monkeypatch.setattr(store_records, "child_rows", broken_rows)
    record = full_record()
    with pytest.raises(StoreError) as info:
        store.add(record)
    assert record.document.id in str(info.value)
    assert "\n" not in str(info.value)
    assert store.table_counts() == before
    assert store.get_record(record.document.id) is None
    # FTS index untouched as well: the failed document is not searchable
    from sitrep.store import SearchQuery

    assert store.search(SearchQuery(text="Tasmagambetov")).total == 0
    monkeypatch.setattr(store_records, "child_rows", original)
    assert store.add(record).status == "added"


def test_rerun_after_a_crash_completes_the_rest(store_url: str) -> None:
    records = [
        plain_record(f"Report number {n} about a different district and a different day.") for n in range(5)
    ]
    with open_store(store_url) as first_run:
        for r in records[:3]:
            first_run.add(r)
    # the process "dies" here; a new one re-ingests everything
    with open_store(store_url) as second_run:
        outcomes = [second_run.add(r).status for r in records]
        assert outcomes == ["unchanged"] * 3 + ["added"] * 2
        assert second_run.stats()["documents"] == 5
        counts = second_run.table_counts()
    assert counts["documents"] == 5
    assert counts["lsh_bands"] == 5 * 20


def test_record_without_fingerprint_skips_duplicate_check(store: Store) -> None:
    store.add(plain_record(CSTO_TEXT))
    copy = plain_record(CSTO_TEXT + " ", fingerprint=False, title="copy")
    copy.document.id = "f" * 16
    outcome = store.add(copy)
    assert outcome.status == "added" and outcome.duplicate_of is None
    got = store.get_record("f" * 16)
    assert got is not None and got.fingerprint is None


def test_open_store_reports_unusable_locations(tmp_path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError) as info:
        open_store(f"sqlite:///{blocker}/sub/sitrep.sqlite3")
    assert str(blocker) in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(StoreError) as info:
        open_store("postgresql+psycopg://analyst:s3cret@127.0.0.1:1/nowhere?connect_timeout=2")
    message = str(info.value)
    assert "127.0.0.1:1/nowhere" in message and "s3cret" not in message and "***" in message
    with pytest.raises(StoreError):
        open_store("mysql://somewhere/db")


def test_store_uses_the_configured_url_by_default(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    monkeypatch.setenv("SITREP_HOME", str(tmp_path / "home"))
    with open_store() as store:
        assert store.url.endswith("sitrep.sqlite3")
    assert (tmp_path / "home" / "sitrep.sqlite3").exists()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}") as store:
        engine = store._engine
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_empty_record_lists_round_trip(store: Store) -> None:
    record = Record(document=plain_record("Just a sentence.").document)
    store.add(record)
    got = store.get_record(record.document.id)
    assert got is not None
    assert got.actors == [] and got.events == [] and got.topics == [] and got.fingerprint is None


def test_schema_tables_exist(store: Store) -> None:
    inspector = sa.inspect(store._engine)
    assert {"documents", "actors", "mentions", "events", "lsh_bands", "alembic_version"} <= set(
        inspector.get_table_names()
    )
