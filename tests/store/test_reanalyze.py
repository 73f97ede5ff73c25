"""Adding a stored document again with ``replace`` (``sitrep ingest --reanalyze``): its facts are
replaced in one transaction, its row (id, text, ingest time, duplicate-of link) is kept, and the
counts and network equal those of a store made fresh from the new records. SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from sitrep.model import Record
from sitrep.store import Store, open_store
from sitrep.store import records as rec
from sitrep.store import schema as s
from sitrep.store.search import SearchQuery
from tests.store.builders import full_record
from tests.store.network_reference import reference_network
from tests.store.test_network_counts import FILTERS, RECORDS, _counts, _graph


def _found(store: Store, **query: object) -> list[str]:
    return [h.document_id for h in store.search(SearchQuery(**query)).hits]  # type: ignore[arg-type]


def _facts(record: Record) -> Record:
    """The record without what the store keeps of the document row."""
    return replace(record, document=replace(record.document, ingested_at=None, duplicate_of=None))


def test_replacing_leaves_exactly_the_new_facts(store: Store) -> None:
    old = full_record()
    assert store.add(old).status == "added"
    before = store.get_record(old.document.id)
    assert before is not None and len(before.events) == 2
    # the upgraded pipeline finds one event (the AGREE), one topic and no quotes
    new = replace(old, events=old.events[1:], topics=["diplomacy"], quotes=[])
    outcome = store.add(new, replace=True)
    assert (outcome.status, outcome.duplicate_of) == ("replaced", None)
    after = store.get_record(old.document.id)
    assert after is not None
    assert [e.type for e in after.events] == ["AGREE"]
    assert after.topics == ["diplomacy"] and after.quotes == []
    assert _facts(after) == _facts(new)
    # the document row is kept
    assert after.document.ingested_at == before.document.ingested_at
    assert after.document.text == old.document.text
    assert store.stats()["documents"] == 1
    # search reads the new facts, not the old ones; the text is still indexed
    assert _found(store, event_type="SUPPORT") == []
    assert _found(store, event_type="AGREE") == [old.document.id]
    assert _found(store, topic="border security") == []
    assert _found(store, topic="diplomacy") == [old.document.id]
    assert _found(store, text="strengthen") == [old.document.id]


def test_without_replace_a_stored_document_is_unchanged(store: Store) -> None:
    old = full_record()
    store.add(old)
    assert store.add(replace(old, events=[])).status == "unchanged"
    got = store.get_record(old.document.id)
    assert got is not None and len(got.events) == 2


def test_a_failure_midway_leaves_the_old_facts(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    old = full_record()
    store.add(old)
    counts, co_counts = store.table_counts(), _counts(store)

    def broken(pk: int, record: Record) -> dict[str, list[dict[str, object]]]:
        raise RuntimeError("analysis rows cannot be written")

    monkeypatch.setattr(rec, "child_rows", broken)
    with pytest.raises(RuntimeError):
        store.add(replace(old, events=[]), replace=True)
    monkeypatch.undo()
    got = store.get_record(old.document.id)
    assert got is not None and len(got.events) == 2
    assert store.table_counts() == counts and _counts(store) == co_counts


def _reanalysed(record: Record, i: int) -> Record:
    """What a better pipeline might make of ``record``: an actor fewer, events of other types."""
    actors = record.actors[:-1] if i % 3 else record.actors
    ids = {a.id for a in actors}
    events = [
        replace(
            e,
            type="COERCE" if e.type == "ASSAULT" else e.type,
            source=[x for x in e.source if x in ids],
            target=[x for x in e.target if x in ids],
        )
        for e in record.events[: 1 + i % 2]
    ]
    return replace(record, actors=actors, events=events)


def test_counts_network_and_duplicate_links_equal_a_fresh_stores(store_url: str) -> None:
    new = [_reanalysed(r, i) for i, r in enumerate(RECORDS)]
    with open_store(store_url) as store:
        for r in RECORDS:
            store.add(r)
        links = {r.document.id: store.add(r).duplicate_of for r in RECORDS}
        assert sum(v is not None for v in links.values()) >= 5
        for r in new:
            outcome = store.add(r, replace=True)
            assert outcome.status == "replaced"
            assert outcome.duplicate_of == links[r.document.id]
        replaced_counts = _counts(store)
        graphs = [_graph(store, f) for f in FILTERS]
        for r in RECORDS[:30]:  # the links survive in the rows too
            got = store.get_record(r.document.id)
            assert got is not None and got.document.duplicate_of == links[r.document.id]
        # start again from nothing, with the new records only
        with store._engine.begin() as conn:
            for table in reversed(s.metadata.sorted_tables):
                if table.name not in ("actors", "actor_aliases"):
                    conn.execute(table.delete())
        for r in new:
            assert store.add(r).status == "added"
        assert _counts(store) == replaced_counts
        assert [_graph(store, f) for f in FILTERS] == graphs
        for f in FILTERS[:8]:
            assert _graph(store, f) == reference_network(new, f), f
