"""The network page (/network) and API (/api/network): actors linked by events and co-mentions.

The layout is computed here, on the server, by a small force-directed simulation in numpy
(Fruchterman-Reingold with gravity), deterministic for a given graph: starting positions come
from the nodes' order, not from a random generator, so the same filters draw the same picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import numpy as np
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sitrep.errors import QueryError
from sitrep.store import Store
from sitrep.store.aggregates import (
    EDGE_KINDS,
    MAX_EDGES,
    MAX_NODES,
    Edge,
    EdgeKind,
    Filters,
    Network,
    Node,
    event_types,
    network,
)
from sitrep.web.api import csv_stream
from sitrep.web.app import store_of, templates_of
from sitrep.web.highlight import actor_url
from sitrep.web.maps import RESPONSES, FiltersDep, Label, filter_query, parse_int, place_labels

router = APIRouter()
StoreDep = Annotated[Store, Depends(store_of)]

WIDTH, HEIGHT, PAD = 960.0, 620.0, 40.0
MIN_R, MAX_R = 4.0, 18.0
LABELS = 18
FONT_PX = 12
TABLE_ROWS = 200
PAGE_MAX_NODES, PAGE_MIN_WEIGHT = 40, 2
EdgesParam = Literal["all", "event", "co-mention"]
EDGE_COLUMNS = ("source", "source_name", "target", "target_name", "kind", "weight", "documents")
NODE_COLUMNS = ("id", "name", "kind", "country", "degree", "weight", "x", "y")


def _kinds(edges: str) -> tuple[EdgeKind, ...]:
    return EDGE_KINDS if edges == "all" else (edges,)  # type: ignore[return-value]


# --- layout ----------------------------------------------------------------------------------


def layout(n: int, edges: list[tuple[int, int, float]], iterations: int = 200) -> np.ndarray:
    """Positions in the unit square for ``n`` nodes linked by (i, j, weight) edges.

    Nodes start on a sunflower spiral in their given order (heaviest first, so the hubs start
    in the middle); repulsion between every pair (k²/d), attraction along edges (d²/k, more for
    heavier edges), a pull to the centre that keeps separate components in view; the step
    shrinks linearly. O(n² · iterations) with n ≤ 300: a few tens of milliseconds.
    """
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.array([[0.5, 0.5]])
    golden = math.pi * (3 - math.sqrt(5))
    idx = np.arange(n, dtype=float)
    radius = np.sqrt((idx + 0.5) / n)
    pos = np.column_stack((radius * np.cos(idx * golden), radius * np.sin(idx * golden)))
    k = math.sqrt(4.0 / n)  # the ideal edge length in a 2×2 box
    if edges:
        src = np.array([e[0] for e in edges])
        dst = np.array([e[1] for e in edges])
        w = np.array([e[2] for e in edges], dtype=float)
        # weights spread over orders of magnitude: attraction grows with their log
        w = 1.0 + np.log(w) / max(1.0, float(np.log(w.max())))
    temperature = 0.2
    for step in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(-1)) + 1e-9
        np.fill_diagonal(dist, np.inf)
        force = (delta * (k * k / dist**2)[:, :, None]).sum(1)
        if edges:
            d = pos[src] - pos[dst]
            length = np.sqrt((d**2).sum(-1)) + 1e-9
            pull = d * (length * w / k)[:, None]
            np.add.at(force, src, -pull)
            np.add.at(force, dst, pull)
        force -= pos * (0.15 * k * n**0.5)  # gravity
        norm = np.sqrt((force**2).sum(-1)) + 1e-9
        step_len = temperature * (1 - step / iterations) + 0.002
        pos += force / norm[:, None] * np.minimum(norm, step_len)[:, None]
    lo, hi = pos.min(0), pos.max(0)
    span = np.where(hi - lo > 1e-9, hi - lo, 1.0)
    out: np.ndarray = (pos - lo) / span
    return out


# --- API -------------------------------------------------------------------------------------


class NodeOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None
    degree: int = Field(description="Edges of this actor in the graph.")
    weight: int = Field(description="Sum of those edges' weights.")
    x: float = Field(description="Layout position, 0 (left) to 1.")
    y: float = Field(description="Layout position, 0 (top) to 1.")


class EdgeOut(BaseModel):
    source: str = Field(description="Actor id: the event's source, or the first of a co-mentioned pair.")
    target: str
    kind: Literal["event", "co-mention"]
    weight: int = Field(description="Events from source to target, or documents naming both.")
    documents: int


class NetworkOut(BaseModel):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool = Field(description="More actors qualified than max_nodes; the weakest were left out.")


@dataclass
class Drawing:
    graph: Network
    positions: dict[str, tuple[float, float]]  # unit square


def draw(graph: Network) -> Drawing:
    index = {n.id: i for i, n in enumerate(graph.nodes)}
    pairs: dict[tuple[int, int], float] = {}
    for e in graph.edges:
        a, b = sorted((index[e.source], index[e.target]))
        pairs[(a, b)] = pairs.get((a, b), 0.0) + e.weight
    pos = layout(len(graph.nodes), [(a, b, w) for (a, b), w in sorted(pairs.items())])
    return Drawing(graph, {n.id: (float(pos[i, 0]), float(pos[i, 1])) for i, n in enumerate(graph.nodes)})


def _graph(
    store: Store, filters: Filters, edges: str, min_weight: int, max_nodes: int, max_edges: int
) -> Network:
    return network(
        store, filters, kinds=_kinds(edges), min_weight=min_weight, max_nodes=max_nodes, max_edges=max_edges
    )


@router.get("/api/network", response_model=NetworkOut, tags=["api"], responses=RESPONSES)
def api_network(
    store: StoreDep,
    filters: FiltersDep,
    edges: Annotated[
        EdgesParam, Query(description="Edge kinds: all, event (source -> target) or co-mention.")
    ] = "all",
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=MAX_NODES)] = 50,
    max_edges: Annotated[int, Query(ge=1, le=MAX_EDGES)] = 1_000,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv.")] = "json",
    table: Annotated[
        Literal["edges", "nodes"], Query(description="Which list a CSV download holds.")
    ] = "edges",
) -> Any:
    """Actors as nodes (with layout positions), events and co-mentions as weighted edges."""
    graph = _graph(store, filters, edges, min_weight, max_nodes, max_edges)
    drawing = draw(graph)
    names = {n.id: n.name for n in graph.nodes}
    if format == "csv":
        if table == "nodes":
            rows: Any = (
                [
                    n.id,
                    n.name,
                    n.kind,
                    n.country,
                    n.degree,
                    n.weight,
                    *(round(v, 4) for v in drawing.positions[n.id]),
                ]
                for n in graph.nodes
            )
            return csv_stream(NODE_COLUMNS, rows, "sitrep-network-nodes.csv")
        rows = (
            [e.source, names[e.source], e.target, names[e.target], e.kind, e.weight, e.documents]
            for e in graph.edges
        )
        return csv_stream(EDGE_COLUMNS, rows, "sitrep-network-edges.csv")
    return NetworkOut(
        nodes=[
            NodeOut(
                id=n.id,
                name=n.name,
                kind=n.kind,
                country=n.country,
                degree=n.degree,
                weight=n.weight,
                x=round(drawing.positions[n.id][0], 4),
                y=round(drawing.positions[n.id][1], 4),
            )
            for n in graph.nodes
        ],
        edges=[
            EdgeOut(source=e.source, target=e.target, kind=e.kind, weight=e.weight, documents=e.documents)
            for e in graph.edges
        ],
        truncated=graph.truncated,
    )


# --- page ------------------------------------------------------------------------------------


@dataclass
class NodeMark:
    node: Node
    x: float
    y: float
    r: float
    href: str
    title: str
    label: Label | None


@dataclass
class EdgeMark:
    edge: Edge
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    title: str


def _node_marks(drawing: Drawing) -> dict[str, NodeMark]:
    nodes = drawing.graph.nodes
    top = max((n.degree for n in nodes), default=1)
    marks = {}
    for n in nodes:
        px, py = drawing.positions[n.id]
        r = MIN_R + (MAX_R - MIN_R) * math.sqrt(n.degree / top)
        title = (
            f"{n.name} ({n.kind}{', ' + n.country if n.country else ''}): "
            f"{n.degree} link{'s' if n.degree != 1 else ''}, weight {n.weight:,}"
        )
        marks[n.id] = NodeMark(
            n, PAD + px * (WIDTH - 2 * PAD), PAD + py * (HEIGHT - 2 * PAD), r, actor_url(n.id), title, None
        )
    # nodes come heaviest first: they get labels first
    ranked = list(marks.values())
    for i, label in place_labels(
        [(m.node.name, m.x, m.y, m.r) for m in ranked], FONT_PX, (0.0, 0.0, WIDTH, HEIGHT), LABELS
    ).items():
        ranked[i].label = label
    return marks


def _edge_marks(drawing: Drawing, nodes: dict[str, NodeMark]) -> list[EdgeMark]:
    edges = drawing.graph.edges
    top = max((e.weight for e in edges), default=1)
    out = []
    for e in sorted(edges, key=lambda e: (e.weight, e.kind, e.source, e.target)):  # heaviest on top
        a, b = nodes[e.source], nodes[e.target]
        x1, y1, x2, y2 = a.x, a.y, b.x, b.y
        if e.kind == "event":
            # the arrow stops at the target's rim instead of under its circle
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            x2 -= (x2 - x1) * (b.r + 1.5) / length
            y2 -= (y2 - y1) * (b.r + 1.5) / length
        width = 0.7 + 3.3 * math.log1p(e.weight) / math.log1p(top)
        verb = "events" if e.kind == "event" else "documents naming both"
        arrow = "→" if e.kind == "event" else "–"
        title = f"{a.node.name} {arrow} {b.node.name}: {e.weight:,} {verb}"
        out.append(EdgeMark(e, x1, y1, x2, y2, width, title))
    return out


@router.get("/network", include_in_schema=False)
def network_page(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    edges: Annotated[str | None, Query()] = None,
    min_weight: Annotated[str | None, Query()] = None,
    max_nodes: Annotated[str | None, Query()] = None,
) -> Response:
    kind = (edges or "").strip() or "all"
    if kind not in ("all", *EDGE_KINDS):
        raise QueryError(f"edges {kind!r}: use all, event or co-mention")
    weight = parse_int(min_weight, "min_weight", PAGE_MIN_WEIGHT, 1, 1_000_000)
    nodes_cap = parse_int(max_nodes, "max_nodes", PAGE_MAX_NODES, 1, MAX_NODES)
    graph = _graph(store, filters, kind, weight, nodes_cap, 1_000)
    drawing = draw(graph)
    marks = _node_marks(drawing)
    names = {n.id: n.name for n in graph.nodes}
    query = filter_query(filters, edges=kind if kind != "all" else "")
    api = urlencode({**query, "min_weight": str(weight), "max_nodes": str(nodes_cap)})
    return templates_of(request).TemplateResponse(
        request,
        "network.html",
        {
            "filters": filters,
            "edges": kind,
            "edge_kinds": ("all", *EDGE_KINDS),
            "min_weight": weight,
            "max_nodes": nodes_cap,
            "event_types": event_types(store),
            "graph": graph,
            "nodes": sorted(marks.values(), key=lambda m: (m.r, m.node.id)),
            "lines": _edge_marks(drawing, marks),
            "names": names,
            "rows": graph.edges[:TABLE_ROWS],
            "table_rows": TABLE_ROWS,
            "width": WIDTH,
            "height": HEIGHT,
            "kinds_shown": sorted({n.kind for n in graph.nodes}),
            "api": api,
        },
    )
