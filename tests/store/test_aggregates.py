"""Place counts and actor networks: exact figures on a small hand-built store, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.errors import QueryError
from sitrep.model import Actor, Document, Event, Place, Record, Span, document_id
from sitrep.store import Store
from sitrep.store.aggregates import Filters, event_types, network, place_counts

ACTORS = {
    "taliban": Actor(
        id="taliban", name="Taliban", kind="armed group", country="AF", aliases=["Islamic Emirate"]
    ),
    "ansf": Actor(id="ansf", name="Afghan forces", kind="government", country="AF"),
    "isaf": Actor(id="isaf", name="ISAF", kind="intergovernmental"),
    "csto": Actor(id="csto", name="CSTO", kind="intergovernmental"),
    "tajikistan": Actor(id="tajikistan", name="Tajikistan", kind="country", country="TJ"),
}
KABUL = Place("geonames:1138958", "Kabul", "city", "AF", "Kabul", 34.53, 69.17)
KANDAHAR = Place("iso:AF-KAN", "Kandahar", "admin1", "AF", "Kandahar", 31.32, 65.82)
DUSHANBE = Place("geonames:1221874", "Dushanbe", "city", "TJ", "Dushanbe", 38.54, 68.78)
NOWHERE = Place("geonames:0", "Somewhere", "city", None, None, None, None)


def _event(kind: str, source: list[str], target: list[str], place: Place | None, **extra: Any) -> Event:
    return Event(
        kind, "did", Span(0, 10), source=source, target=target, place=place.id if place else None, **extra
    )  # type: ignore[arg-type]


def _record(n: int, published: str, actors: list[str], places: list[Place], events: list[Event]) -> Record:
    text = f"Report {n}: " + " ".join(ACTORS[a].name for a in actors) + " " + " ".join(p.name for p in places)
    doc = Document(id=document_id(text), text=text, title=f"Report {n}", published=published, language="en")
    placed = [Place(p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, 0, 1) for p in places]
    return Record(document=doc, actors=[ACTORS[a] for a in actors], places=placed, events=events)


def _fill(store: Store) -> None:
    records = [
        # 1: two ASSAULTs in Kandahar, ISAF and Afghan forces against the Taliban; Kabul named twice
        _record(1, "2013-01-10", ["isaf", "ansf", "taliban"], [KANDAHAR, KABUL, KABUL], [
            _event("ASSAULT", ["isaf", "ansf"], ["taliban"], KANDAHAR),
            _event("ASSAULT", ["ansf"], ["taliban"], KANDAHAR, date="2013-01-09"),
        ]),
        # 2: a negated event (not an edge) and one in Kabul dated before its publication
        _record(2, "2013-02-01", ["taliban", "ansf"], [KABUL], [
            _event("ASSAULT", ["taliban"], ["ansf"], KABUL, negated=True),
            _event("COERCE", ["ansf"], ["taliban"], KABUL, date="2013-01-30"),
        ]),
        # 3: CSTO and Tajikistan in Dushanbe, no events; a place with no coordinates
        _record(3, "2013-03-05", ["csto", "tajikistan"], [DUSHANBE, NOWHERE], []),
        # 4: CSTO consults Tajikistan in Dushanbe; ISAF named alongside
        _record(4, "2014-06-01", ["csto", "tajikistan", "isaf"], [DUSHANBE], [
            _event("CONSULT", ["csto"], ["tajikistan"], DUSHANBE),
        ]),
    ]  # fmt: skip
    for r in records:
        store.add(r)


@pytest.fixture
def filled(store: Store) -> Store:
    _fill(store)
    return store


def _counts(store: Store, **filters: str) -> dict[str, tuple[int, int, int]]:
    return {p.id: (p.events, p.mentions, p.documents) for p in place_counts(store, Filters(**filters))}


def test_place_counts_events_and_mentions(filled: Store) -> None:
    found = place_counts(filled)
    # most events first, then most mentions
    assert [p.id for p in found] == [KABUL.id, KANDAHAR.id, DUSHANBE.id, NOWHERE.id]
    assert _counts(filled) == {
        KANDAHAR.id: (2, 1, 1),
        KABUL.id: (2, 3, 2),  # both document 2 events count (the list shows negated ones too)
        DUSHANBE.id: (1, 2, 2),
        NOWHERE.id: (0, 1, 1),
    }
    kabul = found[0]
    assert (kabul.name, kabul.kind, kabul.country, kabul.lat, kabul.lon) == (
        "Kabul",
        "city",
        "AF",
        34.53,
        69.17,
    )
    assert found[3].lat is None and found[3].size == 1


def test_place_counts_filters(filled: Store) -> None:
    # an event type lists only places with such events
    assert _counts(filled, event_type="assault") == {KANDAHAR.id: (2, 0, 1), KABUL.id: (1, 0, 1)}
    # the period reads an event's own date: the 2013-01-30 event is in January, its document is not
    assert _counts(filled, since="2013-01", until="2013-01") == {
        KANDAHAR.id: (2, 1, 1),
        KABUL.id: (1, 2, 1),  # named twice in one January document
    }
    assert _counts(filled, since="2014") == {DUSHANBE.id: (1, 1, 1)}
    # an actor by alias: events it is party to, places in documents naming it
    assert _counts(filled, actor="islamic emirate") == {KANDAHAR.id: (2, 1, 1), KABUL.id: (2, 3, 2)}
    assert _counts(filled, actor="csto", event_type="CONSULT") == {DUSHANBE.id: (1, 0, 1)}
    assert _counts(filled, country="tj") == {DUSHANBE.id: (1, 2, 2)}
    assert _counts(filled, actor="nobody at all") == {}


def test_place_counts_bad_period_names_the_field(filled: Store) -> None:
    with pytest.raises(QueryError, match="since 'last week'"):
        place_counts(filled, Filters(since="last week"))
    with pytest.raises(QueryError, match="until '2013-02-30'"):
        place_counts(filled, Filters(until="2013-02-30"))


def test_place_counts_limit_keeps_the_most_events(filled: Store) -> None:
    assert [p.id for p in place_counts(filled, limit=2)] == [KABUL.id, KANDAHAR.id]


def test_a_listed_place_outside_the_most_mentioned_keeps_its_mentions(filled: Store) -> None:
    """Kandahar is among the two most evented places but not the two most mentioned (Kabul,
    Dushanbe): its mention and document figures are still its own, not 0."""
    found = {p.id: (p.events, p.mentions, p.documents) for p in place_counts(filled, limit=2)}
    assert found == {KABUL.id: (2, 3, 2), KANDAHAR.id: (2, 1, 1)}


def _edges(store: Store, **kw: object) -> set[tuple[str, str, str, int, int]]:
    graph = network(store, **kw)  # type: ignore[arg-type]
    return {(e.source, e.target, e.kind, e.weight, e.documents) for e in graph.edges}


def test_network_event_edges_are_directed_and_skip_negated(filled: Store) -> None:
    assert _edges(filled, kinds=("event",)) == {
        ("ansf", "taliban", "event", 3, 2),
        ("isaf", "taliban", "event", 1, 1),
        ("csto", "tajikistan", "event", 1, 1),
    }


def test_network_co_mentions_count_documents(filled: Store) -> None:
    assert _edges(filled, kinds=("co-mention",)) == {
        ("ansf", "taliban", "co-mention", 2, 2),
        ("ansf", "isaf", "co-mention", 1, 1),
        ("isaf", "taliban", "co-mention", 1, 1),
        ("csto", "tajikistan", "co-mention", 2, 2),
        ("csto", "isaf", "co-mention", 1, 1),
        ("isaf", "tajikistan", "co-mention", 1, 1),
    }


def test_network_filters(filled: Store) -> None:
    assert _edges(filled, kinds=("event",), filters=Filters(event_type="coerce")) == {
        ("ansf", "taliban", "event", 1, 1)
    }
    assert _edges(filled, min_weight=2) == {
        ("ansf", "taliban", "event", 3, 2),
        ("ansf", "taliban", "co-mention", 2, 2),
        ("csto", "tajikistan", "co-mention", 2, 2),
    }
    assert _edges(filled, filters=Filters(since="2014")) == {
        ("csto", "tajikistan", "event", 1, 1),
        ("csto", "tajikistan", "co-mention", 1, 1),
        ("csto", "isaf", "co-mention", 1, 1),
        ("isaf", "tajikistan", "co-mention", 1, 1),
    }
    # an actor keeps its own edges only
    assert {e[:3] for e in _edges(filled, filters=Filters(actor="Tajikistan"))} == {
        ("csto", "tajikistan", "event"),
        ("csto", "tajikistan", "co-mention"),
        ("isaf", "tajikistan", "co-mention"),
    }
    # a country keeps its actors' edges among themselves
    assert _edges(filled, filters=Filters(country="af"), kinds=("co-mention",)) == {
        ("ansf", "taliban", "co-mention", 2, 2)
    }


def test_network_nodes_ranked_and_capped(filled: Store) -> None:
    graph = network(filled)
    by_id = {n.id: n for n in graph.nodes}
    assert set(by_id) == set(ACTORS)
    # taliban: event edges 3 + 1, co-mentions 2 + 1
    assert (by_id["taliban"].degree, by_id["taliban"].weight) == (4, 7)
    assert [n.id for n in graph.nodes[:2]] == ["taliban", "ansf"]
    assert by_id["taliban"].name == "Taliban" and by_id["taliban"].kind == "armed group"
    assert not graph.truncated
    small = network(filled, max_nodes=2)
    assert {n.id for n in small.nodes} == {"ansf", "taliban"} and small.truncated
    assert all({e.source, e.target} == {"ansf", "taliban"} for e in small.edges)


def test_empty_store_has_no_places_and_no_network(store: Store) -> None:
    assert place_counts(store) == []
    graph = network(store)
    assert graph.nodes == [] and graph.edges == [] and not graph.truncated
    assert event_types(store) == []


def test_event_types(filled: Store) -> None:
    assert event_types(filled) == ["ASSAULT", "COERCE", "CONSULT"]


# --- a province ------------------------------------------------------------------------------

# a town of Helmand, Helmand itself, a town of Kandahar (a province carries its own name in admin1)
LASHKAR_GAH = Place("geonames:1134720", "Lashkar Gah", "city", "AF", "Helmand", 31.59, 64.37)
HELMAND = Place("iso:AF-HEL", "Helmand", "admin1", "AF", "Helmand", 31.0, 64.0)
KANDAHAR_TOWN = Place("geonames:1138336", "Kandahar", "city", "AF", "Kandahar", 31.61, 65.71)


@pytest.fixture
def provinces(store: Store) -> Store:
    records = [
        # 1: an attack in Lashkar Gah (named twice), a raid in Kandahar's town
        _record(1, "2013-01-10", ["isaf", "ansf", "taliban"], [LASHKAR_GAH, LASHKAR_GAH, KANDAHAR_TOWN], [
            _event("ASSAULT", ["isaf"], ["taliban"], LASHKAR_GAH),
            _event("COERCE", ["ansf"], ["taliban"], KANDAHAR_TOWN),
        ]),
        # 2: in Helmand itself, one event negated (listed on the map, no network edge)
        _record(2, "2013-02-01", ["ansf", "taliban"], [HELMAND], [
            _event("ASSAULT", ["ansf"], ["taliban"], HELMAND),
            _event("ASSAULT", ["taliban"], ["ansf"], HELMAND, negated=True),
        ]),
        # 3: Kandahar's town only
        _record(3, "2013-03-05", ["csto", "tajikistan", "isaf"], [KANDAHAR_TOWN], [
            _event("CONSULT", ["csto"], ["tajikistan"], KANDAHAR_TOWN),
        ]),
    ]  # fmt: skip
    for r in records:
        store.add(r)
    return store


def test_place_counts_in_a_province(provinces: Store) -> None:
    # the province's town and the province itself, with their own figures; not Kandahar's town
    for name in ("Helmand", "helmand", " HELMAND "):
        assert [p.id for p in place_counts(provinces, Filters(province=name))] == [HELMAND.id, LASHKAR_GAH.id]
        assert _counts(provinces, province=name) == {HELMAND.id: (2, 1, 1), LASHKAR_GAH.id: (1, 2, 1)}
    assert _counts(provinces, province="kandahar") == {KANDAHAR_TOWN.id: (2, 2, 2)}
    assert _counts(provinces, province="helmand", event_type="assault") == {
        HELMAND.id: (2, 0, 1),
        LASHKAR_GAH.id: (1, 0, 1),
    }
    assert _counts(provinces, province="helmand", since="2013-02") == {HELMAND.id: (2, 1, 1)}
    assert _counts(provinces, province="Helmand", actor="isaf") == {LASHKAR_GAH.id: (1, 2, 1)}
    assert _counts(provinces, province="Helmand", country="tj") == {}
    # no such province, or part of a name: nothing, and no error; blank: no filter
    assert _counts(provinces, province="Helm") == {} and _counts(provinces, province="Atlantis") == {}
    assert _counts(provinces, province="  ") == _counts(provinces)


def test_network_in_a_province(provinces: Store) -> None:
    helmand = Filters(province="HELMAND")
    # events placed there (the negated one is no edge); co-mentions in documents 1 and 2
    assert _edges(provinces, filters=helmand) == {
        ("isaf", "taliban", "event", 1, 1),
        ("ansf", "taliban", "event", 1, 1),
        ("ansf", "taliban", "co-mention", 2, 2),
        ("ansf", "isaf", "co-mention", 1, 1),
        ("isaf", "taliban", "co-mention", 1, 1),
    }
    # Kandahar's town is named in documents 1 and 3
    assert _edges(provinces, filters=Filters(province="kandahar")) == {
        ("ansf", "taliban", "event", 1, 1),
        ("csto", "tajikistan", "event", 1, 1),
        ("ansf", "taliban", "co-mention", 1, 1),
        ("ansf", "isaf", "co-mention", 1, 1),
        ("isaf", "taliban", "co-mention", 1, 1),
        ("csto", "tajikistan", "co-mention", 1, 1),
        ("csto", "isaf", "co-mention", 1, 1),
        ("isaf", "tajikistan", "co-mention", 1, 1),
    }
    # with the other filters: a period, an actor, an event type (co-mentions in documents with one)
    assert _edges(provinces, filters=Filters(province="helmand", since="2013-02")) == {
        ("ansf", "taliban", "event", 1, 1),
        ("ansf", "taliban", "co-mention", 1, 1),
    }
    assert _edges(provinces, filters=Filters(province="helmand", actor="isaf")) == {
        ("isaf", "taliban", "event", 1, 1),
        ("ansf", "isaf", "co-mention", 1, 1),
        ("isaf", "taliban", "co-mention", 1, 1),
    }
    assert _edges(provinces, filters=Filters(province="kandahar", event_type="consult")) == {
        ("csto", "tajikistan", "event", 1, 1),
        ("csto", "tajikistan", "co-mention", 1, 1),
        ("csto", "isaf", "co-mention", 1, 1),
        ("isaf", "tajikistan", "co-mention", 1, 1),
    }
    graph = network(provinces, Filters(province="Atlantis"))
    assert graph.nodes == [] and graph.edges == []
