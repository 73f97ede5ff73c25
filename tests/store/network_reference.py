"""The actor network computed the slow, obvious way: in Python, from the records themselves.

What ``sitrep.store.aggregates.network`` must return, read off its documentation, with no SQL
and no stored counts: the tests compare the two on small stores. Actors are given by id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sitrep.model import Actor, Place, Record
from sitrep.store.aggregates import CO_MENTION_CANDIDATES, EDGE_KINDS, Edge, EdgeKind, Filters, Node
from sitrep.store.search import _after

Graph = tuple[list[tuple[str, int, int]], list[tuple[str, str, str, int, int]], bool]


def _in_period(date: str | None, f: Filters) -> bool:
    if f.since is None and f.until is None:
        return True
    if date is None:
        return False
    return (f.since is None or date >= f.since) and (f.until is None or date < _after(f.until))


def _in_province(place: Place, f: Filters) -> bool:
    """The place is the province or lies in it (names compared in any case)."""
    name = (f.province or "").lower()
    return (place.admin1 or "").lower() == name or (place.kind == "admin1" and place.name.lower() == name)


def _placed_in_province(r: Record, place_id: str | None, f: Filters) -> bool:
    return f.province is None or any(p.id == place_id and _in_province(p, f) for p in r.places)


def _names_province(r: Record, f: Filters) -> bool:
    return f.province is None or any(_in_province(p, f) for p in r.places)


def reference_network(
    records: Iterable[Record],
    filters: Filters | None = None,
    *,
    kinds: tuple[EdgeKind, ...] = EDGE_KINDS,
    min_weight: int = 1,
    max_nodes: int = 50,
    max_edges: int = 1_000,
    candidates_at_least: int = CO_MENTION_CANDIDATES,
) -> Graph:
    """(nodes as (id, degree, weight), edges as (source, target, kind, weight, documents),
    truncated), in the order ``network`` gives them."""
    f = (filters or Filters()).normalized()
    records = list(records)
    actors: dict[str, Actor] = {a.id: a for r in records for a in r.actors}
    focus = {f.actor} if f.actor else None
    in_country = {i for i, a in actors.items() if a.country == f.country} if f.country else None
    edges: list[Edge] = []

    if "event" in kinds:
        weight: Counter[tuple[str, str]] = Counter()
        documents: dict[tuple[str, str], set[str]] = {}
        for r in records:
            for e in r.events:
                if e.negated or (f.event_type and e.type != f.event_type):
                    continue
                if not _in_period(e.date or r.document.published, f):
                    continue
                if not _placed_in_province(r, e.place, f):
                    continue
                for a in e.source:
                    for b in e.target:
                        if a == b or (focus and a not in focus and b not in focus):
                            continue
                        if in_country is not None and not {a, b} <= in_country:
                            continue
                        weight[a, b] += 1
                        documents.setdefault((a, b), set()).add(r.document.id)
        kept = sorted((k for k, w in weight.items() if w >= min_weight), key=lambda k: (-weight[k], k))
        edges += [Edge(a, b, "event", weight[a, b], len(documents[a, b])) for a, b in kept[:max_edges]]

    if "co-mention" in kinds:
        named: list[set[str]] = [
            {a.id for a in r.actors}
            for r in records
            if _in_period(r.document.published, f)
            and _names_province(r, f)
            and (not f.event_type or any(e.type == f.event_type for e in r.events))
        ]
        counts = Counter(a for ids in named for a in ids if in_country is None or a in in_country)
        ranked = sorted(counts, key=lambda a: (-counts[a], a))
        candidates = set(ranked[: max(2 * max_nodes, candidates_at_least)]) | (focus or set())
        pairs: Counter[tuple[str, str]] = Counter()
        for ids in named:
            among = sorted(ids & candidates)
            for i, a in enumerate(among):
                for b in among[i + 1 :]:
                    if not focus or a in focus or b in focus:
                        pairs[a, b] += 1
        kept = sorted((k for k, w in pairs.items() if w >= min_weight), key=lambda k: (-pairs[k], k))
        edges += [Edge(a, b, "co-mention", pairs[a, b], pairs[a, b]) for a, b in kept[:max_edges]]

    # the nodes: actors of the heaviest edges while both ends fit, the focus first
    edges.sort(key=lambda x: (-x.weight, x.kind, x.source, x.target))
    linked = {end for x in edges for end in (x.source, x.target)}
    chosen = set(sorted(linked & (focus or set()))[:max_nodes])
    for x in edges:
        new = {x.source, x.target} - chosen
        if len(chosen) + len(new) <= max_nodes:
            chosen |= new
    edges = [x for x in edges if x.source in chosen and x.target in chosen][:max_edges]
    nodes = {i: Node(i, actors[i].name, actors[i].kind, actors[i].country) for i in chosen}
    for x in edges:
        for end in (x.source, x.target):
            nodes[end].degree += 1
            nodes[end].weight += x.weight
    ordered = sorted((n for n in nodes.values() if n.degree), key=lambda n: (-n.weight, n.id))
    return (
        [(n.id, n.degree, n.weight) for n in ordered],
        [(x.source, x.target, x.kind, x.weight, x.documents) for x in edges],
        len(linked) > len(chosen),
    )
