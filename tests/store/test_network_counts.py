"""The network from the stored co-mention counts equals the slow reference, on SQLite and PostgreSQL.

A small random store (dates by day, by time of day and missing; events of a few types, negated
ones, dated ones; near-duplicates; ids whose byte order is not their alphabetical order) and
every kind of filter: whole years and months, days that cut months at either end or both,
event types, an actor, a country, a province (events placed there, co-mentions in documents
naming a place there: counted from the documents), small caps. The counts are kept in step when a document is
added again (nothing changes), taken off (as a delete must), and when an old store upgrades.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
import sqlalchemy as sa

from sitrep.model import Actor, Document, Event, Place, Record, Span, document_id
from sitrep.store import Store, aggregates, co_mentions, open_store
from sitrep.store import schema as s
from sitrep.store.aggregates import EDGE_KINDS, EdgeKind, Filters, network
from sitrep.store.engine import current_revision, head_revision
from tests.store.builders import downgrade_to
from tests.store.network_reference import Graph, reference_network

ACTORS = [
    Actor(id=i, name=i.title(), kind=kind, country=country)
    for i, kind, country in [
        ("taliban", "armed group", "AF"),
        ("ansf", "government", "AF"),
        ("Kabul-police", "government", "AF"),  # upper case sorts before every lower-case id
        ("isaf", "intergovernmental", None),
        ("nato", "intergovernmental", None),
        ("csto", "intergovernmental", None),
        ("tajikistan", "country", "TJ"),
        ("tj/border-guards", "government", "TJ"),
        ("émigrés", "collective", None),  # after every ASCII id in byte order
        ("un", "intergovernmental", None),
        ("haqqani", "armed group", "AF"),
        ("iskp", "armed group", "AF"),
    ]
]
TYPES = ("ASSAULT", "CONSULT", "COERCE", "STATEMENT")
# towns carry their province in admin1; a province its own name, or none (an older record)
PLACES = [
    Place("geonames:1134720", "Lashkar Gah", "city", "AF", "Helmand", 31.59, 64.37, 0, 1),
    Place("iso:AF-HEL", "Helmand", "admin1", "AF", "Helmand", 31.0, 64.0, 0, 1),
    Place("geonames:1138336", "Kandahar", "city", "AF", "Kandahar", 31.61, 65.71, 0, 1),
    Place("iso:AF-URU", "Uruzgan", "admin1", "AF", None, 32.9, 66.6, 0, 1),
    Place("geonames:1221874", "Dushanbe", "city", "TJ", "Dushanbe", 38.54, 68.78, 0, 1),
]


def _published(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.08:
        return None
    day = date(rng.choice((2012, 2013, 2014)), rng.randint(1, 12), rng.choice((1, 2, 14, 15, 16, 28)))
    return f"{day.isoformat()}T{rng.randint(0, 23):02d}:30:00+00:00" if roll < 0.25 else day.isoformat()


def _records(seed: int = 7, n: int = 240) -> list[Record]:
    rng = random.Random(seed)
    placing = random.Random(seed + 1)  # its own generator: the rest of the store stays as it was
    records = []
    for i in range(n):
        actors = rng.sample(ACTORS, rng.randint(0, 6))
        ids = [a.id for a in actors]
        events = []
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            events.append(
                Event(
                    rng.choice(TYPES),
                    "did",
                    Span(0, 5),
                    source=rng.sample(ids, min(len(ids), rng.randint(0, 2))),
                    target=rng.sample(ids, min(len(ids), rng.randint(0, 2))),
                    negated=rng.random() < 0.15,
                    date=_published(rng) if rng.random() < 0.3 else None,
                )
            )
        places = placing.sample(PLACES, placing.randint(0, 3))
        for event in events:
            event.place = placing.choice([None, *(p.id for p in places)])
        text = f"Report {i}: " + ", ".join(ids)
        doc = Document(id=document_id(text), text=text, title=f"Report {i}", published=_published(rng))
        # every tenth report is a near-duplicate of the one before (same fingerprint)
        fingerprint = list(range(1000 * (i - i % 10 // 9), 1000 * (i - i % 10 // 9) + 120))
        records.append(
            Record(document=doc, actors=actors, places=places, events=events, fingerprint=fingerprint)
        )
    return records


RECORDS = _records()

FILTERS = [
    Filters(),
    Filters(since="2013"),
    Filters(until="2013"),
    Filters(since="2013-02", until="2014-05"),
    Filters(since="2012-03-15"),  # cuts March 2012 at the start
    Filters(until="2013-07-14"),  # cuts July 2013 at the end
    Filters(since="2012-05-02", until="2013-11-15"),  # cuts a month at each end
    Filters(since="2013-06-02", until="2013-06-15"),  # both cuts in one month
    Filters(since="2014-12-31"),
    Filters(since="2015"),
    Filters(event_type="assault"),
    Filters(event_type="CONSULT", since="2012-06-16", until="2014-02"),
    Filters(actor="isaf"),
    Filters(actor="émigrés", since="2013-01-15"),
    Filters(country="AF"),
    Filters(country="TJ", since="2012-02-14", until="2014-08-28"),
    Filters(country="AF", actor="csto"),
    Filters(province="helmand"),
    Filters(province="URUZGAN", since="2012-05-02", until="2013-11-15"),
    Filters(province="Kandahar", event_type="assault", actor="isaf"),
    Filters(province="Helmand", country="AF"),
]
CAPS: list[dict[str, object]] = [
    {},
    {"min_weight": 2, "max_nodes": 4},
    {"kinds": ("co-mention",), "max_nodes": 2, "max_edges": 5},
]


def _graph(store: Store, f: Filters, **kw: object) -> Graph:
    g = network(store, f, **kw)  # type: ignore[arg-type]
    return (
        [(n.id, n.degree, n.weight) for n in g.nodes],
        [(e.source, e.target, e.kind, e.weight, e.documents) for e in g.edges],
        g.truncated,
    )


def _counts(store: Store) -> dict[str, list[tuple[object, ...]]]:
    with store._engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(sa.select(t)))
            for t in (s.actor_months, s.actor_pair_months)
        }


@pytest.fixture
def filled(store: Store) -> Store:
    for r in RECORDS:
        store.add(r)
    return store


def test_the_random_store_has_what_the_filters_need(filled: Store) -> None:
    stats = filled.stats()
    assert stats["duplicates"] >= 5 and stats["events"] > 50
    assert any(r.document.published is None for r in RECORDS)


@pytest.mark.parametrize("caps", CAPS)
def test_network_equals_the_reference(
    filled: Store, caps: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    # few candidates, so the candidate ranking decides which pairs are counted
    monkeypatch.setattr(aggregates, "CO_MENTION_CANDIDATES", 5)
    for f in FILTERS:
        want = reference_network(RECORDS, f, candidates_at_least=5, **caps)  # type: ignore[arg-type]
        assert _graph(filled, f, **caps) == want, f
        # the filters find edges (but past the last date)
        assert bool(want[1]) is (f.since not in ("2014-12-31", "2015")), f


def test_the_default_candidates_cover_every_actor(filled: Store) -> None:
    for f in FILTERS[:8]:
        assert _graph(filled, f) == reference_network(RECORDS, f), f


def test_cover_cuts_months_only_where_a_day_cuts_them() -> None:
    cover = co_mentions.cover
    assert cover(None, None) == co_mentions.Cover(False, None, None, ())
    assert cover("2013", "2014") == co_mentions.Cover(True, "2013", "2014", ())
    assert cover("2013-02", "2013-05") == co_mentions.Cover(True, "2013-02", "2013-05", ())
    assert cover("2013-02-10", "2013-05-16").partial == (("2013-02-10", "2013-03"), ("2013-05", "2013-05-16"))
    assert cover("2013-02-10", "2013-05-16").months_before == "2013-05"
    assert cover("2013-02-10", "2013-02-20").partial == (("2013-02-10", "2013-02-20"),)
    assert cover("2013-12-10", None).partial == (("2013-12-10", "2013-13"),)
    assert cover("2013-03-10", "2013-03").partial == ()  # an empty period


def test_adding_a_stored_document_again_counts_nothing(filled: Store) -> None:
    before = _counts(filled)
    for r in RECORDS[:20]:
        assert filled.add(r).status == "unchanged"
    assert _counts(filled) == before


def test_counts_taken_off_before_a_delete_match_the_documents_left(filled: Store) -> None:
    gone = [r for r in RECORDS if r.document.id in {RECORDS[3].document.id, RECORDS[40].document.id}]
    with filled._engine.begin() as conn:
        d = s.documents.c
        pks = list(conn.execute(sa.select(d.pk).where(d.id.in_([r.document.id for r in gone]))).scalars())
        co_mentions.count_documents(conn, pks, sign=-1)
        conn.execute(
            s.documents.update()
            .where(d.duplicate_of.in_([r.document.id for r in gone]))
            .values(duplicate_of=None)
        )
        conn.execute(s.documents.delete().where(d.pk.in_(pks)))
    left = [r for r in RECORDS if r not in gone]
    for f in FILTERS[:8]:
        assert _graph(filled, f) == reference_network(left, f), f
    after_delete = _counts(filled)
    with filled._engine.begin() as conn:  # the same counts as made from scratch
        for t in (s.actor_months, s.actor_pair_months):
            conn.execute(t.delete())
        co_mentions.count_documents(conn)
    assert _counts(filled) == after_delete


def test_an_old_store_upgrades_to_the_same_counts_and_network(store_url: str) -> None:
    """A store taken back to 0002 (no counts) is filled by 0003 exactly as ingest fills it."""
    with open_store(store_url) as store:
        for r in RECORDS:
            store.add(r)
        written = _counts(store)
        graphs = {f: _graph(store, f) for f in FILTERS}
        downgrade_to(store._engine, "0002")
        assert current_revision(store._engine) == "0002"
        assert "actor_pair_months" not in sa.inspect(store._engine).get_table_names()
    with open_store(store_url) as store:
        assert current_revision(store._engine) == head_revision() == "0003"
        assert _counts(store) == written
        for f in FILTERS:
            assert _graph(store, f) == graphs[f] == reference_network(RECORDS, f), f


@pytest.mark.parametrize("kinds", [("event",), ("co-mention",), EDGE_KINDS])
def test_edge_kinds_alone(filled: Store, kinds: tuple[EdgeKind, ...]) -> None:
    for f in (Filters(), Filters(since="2013-04-15", event_type="COERCE")):
        assert _graph(filled, f, kinds=kinds) == reference_network(RECORDS, f, kinds=kinds), f


def test_a_province_narrows_both_kinds_of_edge() -> None:
    """The reference the province filters are checked against is no trivial one: in Helmand both
    kinds of edge are found, and fewer than in the whole store."""
    helmand = reference_network(RECORDS, Filters(province="Helmand"), min_weight=1)[1]
    everywhere = reference_network(RECORDS, Filters(), min_weight=1)[1]
    for kind in EDGE_KINDS:
        here = {e[:2] + (e[3],) for e in helmand if e[2] == kind}
        there = {e[:2] + (e[3],) for e in everywhere if e[2] == kind}
        assert here and here != there, kind
