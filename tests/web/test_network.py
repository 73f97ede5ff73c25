"""The network page and /api/network: nodes and edges from the store, layout, links, escaping."""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pytest
from fastapi.testclient import TestClient

from sitrep.model import Actor, Document, Event, Record, Span, document_id
from sitrep.store import open_store
from sitrep.store.aggregates import Filters
from sitrep.web import create_app
from sitrep.web.network import layout
from tests.store.network_reference import reference_network

NODE = re.compile(
    r'<a href="(?P<href>[^"]*)"><circle class="node kind-(?P<kind>[a-z-]+)" cx="(?P<cx>[-\d.]+)" '
    r'cy="(?P<cy>[-\d.]+)" r="(?P<r>[\d.]+)"><title>(?P<title>[^<]*)</title></circle></a>'
)
PAGE_DEFAULTS = {"min_weight": 2, "max_nodes": 40}


def _svg(page: str) -> str:
    match = re.search(r'<svg id="network".*?</svg>', page, re.S)
    assert match, "no network drawn"
    return match.group(0)


def test_network_draws_the_api_graph(client: TestClient) -> None:
    page = client.get("/network").text
    svg = _svg(page)
    nodes = list(NODE.finditer(svg))
    graph = client.get("/api/network", params=PAGE_DEFAULTS).json()
    assert len(nodes) == len(graph["nodes"]) > 5
    assert svg.count('class="node ') == len(nodes)
    assert svg.count("<line ") == len(graph["edges"])
    # each node links to its actor's page, which exists
    ids = {unquote(m["href"].removeprefix("/actors/")) for m in nodes}
    assert ids == {n["id"] for n in graph["nodes"]}
    assert client.get(nodes[0]["href"]).status_code == 200
    # sized by degree: the actor with most links has the biggest circle
    hub = max(graph["nodes"], key=lambda n: n["degree"])
    by_id = {unquote(m["href"].removeprefix("/actors/")): m for m in nodes}
    assert float(by_id[hub["id"]]["r"]) == max(float(m["r"]) for m in nodes)
    assert by_id[hub["id"]]["kind"] == hub["kind"].replace(" ", "-")
    assert hub["name"] in by_id[hub["id"]]["title"]
    # the biggest ones are labelled
    assert f">{hub['name']}</text>" in svg
    # the edge table lists every edge (fewer than the table's cap here)
    table = page[page.index('<table class="list small edges">') :]
    assert table.count("<tr>") - 1 == len(graph["edges"])


def test_network_api_respects_its_parameters(client: TestClient) -> None:
    graph = client.get("/api/network", params={"min_weight": 3, "max_nodes": 6}).json()
    assert 0 < len(graph["nodes"]) <= 6
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["weight"] >= 3 and {e["source"], e["target"]} <= ids for e in graph["edges"])
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in graph["nodes"])
    events = client.get("/api/network", params={"edges": "event"}).json()
    assert events["edges"] and all(e["kind"] == "event" for e in events["edges"])
    co = client.get("/api/network", params={"edges": "co-mention"}).json()
    assert co["edges"] and all(e["kind"] == "co-mention" for e in co["edges"])
    # an actor's own network
    csto = client.get("/api/network", params={"actor": "CSTO"}).json()
    assert csto["edges"] and all("csto" in (e["source"], e["target"]) for e in csto["edges"])


def test_network_is_deterministic(client: TestClient) -> None:
    first = client.get("/api/network").json()
    assert client.get("/api/network").json() == first
    assert client.get("/network").text == client.get("/network").text


def test_network_api_equals_the_slow_reference(client: TestClient, web_store_url: str) -> None:
    """Edges, weights and nodes as computed in Python from every stored record, for the default
    view, a period cut at a day at both ends, an event type, the province most named (in
    another case), and the page's caps."""
    with open_store(web_store_url) as store:
        records = [r for i in store.find_documents("") if (r := store.get_record(i)) is not None]
    dates = sorted(d for r in records if (d := r.document.published))
    assert len({d[:7] for d in dates}) >= 2, "the sample store spans months"
    cut = {"since": dates[len(dates) // 4][:10], "until": dates[3 * len(dates) // 4][:10]}
    provinces = Counter(p.admin1 for r in records for p in {p.id: p for p in r.places}.values() if p.admin1)
    province = {"province": provinces.most_common(1)[0][0].upper()}
    for params in ({}, cut, {"event_type": "ASSAULT", **cut}, province, {"min_weight": 2, "max_nodes": 40}):
        graph = client.get("/api/network", params=params).json()
        caps = {k: int(v) for k, v in params.items() if k in ("min_weight", "max_nodes")}
        filters = Filters(**{k: v for k, v in params.items() if k not in caps})  # type: ignore[arg-type]
        nodes, edges, truncated = reference_network(records, filters, **caps)  # type: ignore[arg-type]
        assert [
            (e["source"], e["target"], e["kind"], e["weight"], e["documents"]) for e in graph["edges"]
        ] == edges
        assert [(n["id"], n["degree"], n["weight"]) for n in graph["nodes"]] == nodes
        assert graph["truncated"] is truncated
        assert edges, params


def test_network_downloads_agree_with_json(client: TestClient) -> None:
    params = {"min_weight": 2, "max_nodes": 30}
    graph = client.get("/api/network", params=params).json()
    edges = list(
        csv.DictReader(io.StringIO(client.get("/api/network", params={**params, "format": "csv"}).text))
    )
    assert [(r["source"], r["target"], r["kind"], int(r["weight"])) for r in edges] == [
        (e["source"], e["target"], e["kind"], e["weight"]) for e in graph["edges"]
    ]
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    assert all(r["source_name"] == names[r["source"]] for r in edges)
    response = client.get("/api/network", params={**params, "format": "csv", "table": "nodes"})
    nodes = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in nodes] == [n["id"] for n in graph["nodes"]]


def test_openapi_describes_the_network(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/network" in schema["paths"]
    assert {"NetworkOut", "NodeOut", "EdgeOut"} <= set(schema["components"]["schemas"])
    parameters = {p["name"]: p for p in schema["paths"]["/api/network"]["get"]["parameters"]}
    assert {"since", "until", "event_type", "actor", "country", "province"} <= set(parameters)
    assert "First-level division" in parameters["province"]["description"]


def test_network_page_keeps_the_province(client: TestClient) -> None:
    page = client.get("/network", params={"province": "Kandahar", "min_weight": 1}).text
    assert '<input name="province" value="Kandahar"' in page
    downloads = re.findall(r'<a href="(/api/network\?[^"]+)">', page)
    assert downloads and all("province=Kandahar" in href for href in downloads)
    # the page draws what the API gives for the province: fewer actors than everywhere
    graph = client.get(
        "/api/network", params={"province": "kandahar", **PAGE_DEFAULTS, "min_weight": 1}
    ).json()
    everywhere = client.get("/api/network", params={**PAGE_DEFAULTS, "min_weight": 1}).json()
    assert 0 < len(graph["nodes"]) < len(everywhere["nodes"])
    assert len(NODE.findall(_svg(page))) == len(graph["nodes"])
    evil = client.get("/network", params={"province": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in evil and 'value="&#34;&gt;&lt;script&gt;' in evil


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"edges": "friends"}, "edges &#39;friends&#39;: use all, event or co-mention"),
        ({"max_nodes": "0"}, "max_nodes 0: use 1 to 300"),
        ({"min_weight": "many"}, "min_weight &#39;many&#39;: not a whole number"),
        ({"since": "2013-02-30"}, "since &#39;2013-02-30&#39;"),
    ],
)
def test_network_bad_input_is_a_clear_400(client: TestClient, query: dict[str, str], message: str) -> None:
    response = client.get("/network", params=query)
    assert response.status_code == 400
    assert message in response.text and "Traceback" not in response.text


def test_network_with_nothing_to_show(client: TestClient) -> None:
    page = client.get("/network", params={"min_weight": 100000}).text
    assert "No links match" in page and not NODE.findall(_svg(page))
    assert client.get("/api/network", params={"max_nodes": 0}).status_code == 422


def test_network_page_is_fast(client: TestClient) -> None:
    def cpu(url: str) -> float:
        started = time.process_time()
        assert client.get(url).status_code == 200
        return time.process_time() - started

    assert min(cpu("/network"), cpu("/network"), cpu("/network?max_nodes=100&min_weight=1")) < 0.2


def test_layout_keeps_clusters_together() -> None:
    # two triangles joined by one weak edge: each triangle's nodes sit closer to each other
    edges = [(0, 1, 5.0), (1, 2, 5.0), (0, 2, 5.0), (3, 4, 5.0), (4, 5, 5.0), (3, 5, 5.0), (2, 3, 1.0)]
    pos = layout(6, edges)
    assert pos.shape == (6, 2) and pos.min() >= 0 and pos.max() <= 1
    d = np.linalg.norm(pos[:, None] - pos[None], axis=-1)
    within = max(d[0, 1], d[1, 2], d[0, 2], d[3, 4], d[4, 5], d[3, 5])
    across = min(d[i, j] for i in (0, 1) for j in (4, 5))
    assert within < across
    assert np.array_equal(layout(6, edges), pos)  # deterministic
    assert layout(0, []).shape == (0, 2) and layout(1, []).tolist() == [[0.5, 0.5]]


# --- markup in names -------------------------------------------------------------------------

EVIL = '<script>alert(1)</script>"><b>x</b>'


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("hostile-network")
    url = f"sqlite:///{folder / 'net.sqlite3'}"
    text = "The evil group attacked the other group."
    doc = Document(id=document_id(text), text=text, title="t", published="2013-01-02")
    actors = [
        Actor(id="evil", name=f"Group {EVIL}", kind="armed group"),
        Actor(id="other/one", name="Other group", kind="organization"),
    ]
    event = Event("ASSAULT", "attacked", Span(0, len(text)), source=["evil"], target=["other/one"])
    with open_store(url) as store:
        store.add(Record(document=doc, actors=actors, events=[event]))
    with TestClient(create_app(url)) as c:
        yield c


def test_actor_names_are_escaped_in_the_network(hostile_client: TestClient) -> None:
    page = hostile_client.get("/network", params={"min_weight": 1}).text
    assert "<script>alert(1)" not in page and "<b>x</b>" not in page
    svg = _svg(page)
    assert "Group &lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;b&gt;x&lt;/b&gt;</text>" in svg
    titles = [m["title"] for m in NODE.finditer(svg)]
    assert any("&lt;script&gt;" in t for t in titles)
    # an id with a slash still links to its actor page
    assert 'href="/actors/other%2Fone"' in svg
    assert hostile_client.get("/actors/other%2Fone").status_code == 200
