"""The map page and /api/places: markers drawn from the store's counts, links, filters, escaping."""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from sitrep.model import Actor, Document, Event, Place, Record, Span, document_id
from sitrep.store import open_store
from sitrep.web import basemap, create_app
from tests.store.builders import HELMAND, LASHKAR_GAH

MARKER = re.compile(
    r'<a href="(?P<href>[^"]*)"><circle class="marker (?P<kind>events|mentions)" cx="(?P<cx>[-\d.]+)" '
    r'cy="(?P<cy>[-\d.]+)" r="(?P<r>[\d.]+)"><title>(?P<title>[^<]*)</title></circle></a>'
)


def _svg(page: str) -> str:
    match = re.search(r'<svg id="map".*?</svg>', page, re.S)
    assert match, "no map drawn"
    return match.group(0)


def _viewbox(svg: str) -> tuple[float, float, float, float]:
    match = re.search(r'viewBox="([^"]+)"', svg)
    assert match
    x, y, w, h = (float(v) for v in match.group(1).split())
    return x, y, w, h


def test_map_draws_a_marker_per_placed_place(client: TestClient) -> None:
    response = client.get("/map")
    assert response.status_code == 200
    svg = _svg(response.text)
    markers = list(MARKER.finditer(svg))
    api = client.get("/api/places").json()["places"]
    placed = [p for p in api if p["lat"] is not None]
    assert len(markers) == len(placed) > 5
    assert svg.count('class="marker ') == len(markers)
    # each marker links to the event list of its place
    by_place = {parse_qs(urlsplit(m["href"].replace("&amp;", "&")).query)["place"][0]: m for m in markers}
    assert set(by_place) == {p["id"] for p in placed}
    for p in placed:
        m = by_place[p["id"]]
        assert m["kind"] == ("events" if p["events"] else "mentions")
        assert m["title"].startswith(p["name"])
    # the place with most events has the biggest circle and says how many
    top = placed[0]
    assert top["events"] == max(p["events"] for p in placed)
    assert float(by_place[top["id"]]["r"]) == max(float(m["r"]) for m in markers)
    assert f"{top['events']} events" in by_place[top["id"]]["title"]
    # the view fits the markers that hold most of the weight; the page says how many lie outside
    x, y, w, h = _viewbox(svg)
    inside = [m for m in markers if x <= float(m["cx"]) <= x + w and y <= float(m["cy"]) <= y + h]
    weight = {p["id"]: p["events"] or p["mentions"] for p in placed}
    held = sum(weight[i] for i, m in by_place.items() if m in inside)
    assert held >= 0.9 * sum(weight.values())
    assert by_place[top["id"]] in inside
    if len(inside) < len(markers):
        assert f"{len(markers) - len(inside)} outside this view" in response.text
        assert 'href="/map?region=world"' in response.text


def test_fit_view_leaves_out_a_far_outlier_of_little_weight() -> None:
    """Forty Afghan places and one mention of Washington: the view is Afghanistan, not the world."""
    afghan = [(31.0 + i * 0.1, 64.0 + i * 0.1, 5) for i in range(40)]
    kept = basemap.core([*afghan, (38.9, -77.0, 1)])
    assert (38.9, -77.0) not in kept and len(kept) >= 36
    view = basemap.fit(kept)
    assert view.width < 60 and view.shows((65.0, 33.0, 65.0, 33.0))
    # with the weight spread evenly, nothing is left out
    assert len(basemap.core([(0.0, 0.0, 1), (10.0, 10.0, 1)], share=1.0)) == 2


def test_map_draws_country_outlines_for_its_view(client: TestClient) -> None:
    world = _svg(client.get("/map", params={"region": "world"}).text)
    assert _viewbox(world)[2] == pytest.approx(basemap.REGION_VIEWS["world"].width, abs=0.01)
    assert world.count("<path ") > 150  # every country
    afghanistan = _svg(client.get("/map", params={"region": "afghanistan"}).text)
    n = afghanistan.count("<path ")
    assert 4 <= n < 40  # Afghanistan and its neighbours only
    assert "<title>Afghanistan</title>" in afghanistan and "<title>Brazil</title>" not in afghanistan


def test_map_filters_match_the_api(client: TestClient) -> None:
    params = {"event_type": "COERCE", "since": "2000", "until": "2030-12-31"}
    svg = _svg(client.get("/map", params=params).text)
    api = client.get("/api/places", params=params).json()["places"]
    assert api and all(p["events"] > 0 and p["mentions"] == 0 for p in api)
    assert len(MARKER.findall(svg)) == len([p for p in api if p["lat"] is not None])
    # the marker links keep the filters
    href = MARKER.search(svg)["href"].replace("&amp;", "&")  # type: ignore[index]
    assert parse_qs(urlsplit(href).query)["event_type"] == ["COERCE"]
    # an actor narrows to places in its documents and events
    taliban = client.get("/api/places", params={"actor": "Taliban"}).json()["places"]
    everything = client.get("/api/places").json()["places"]
    assert 0 < len(taliban) < len(everything)
    nothing = client.get("/map", params={"actor": "no such actor anywhere"})
    assert nothing.status_code == 200 and "No places match" in nothing.text
    assert not MARKER.findall(_svg(nothing.text))


def test_places_csv_and_json_agree(client: TestClient) -> None:
    data = client.get("/api/places", params={"country": "af"}).json()["places"]
    assert data and all(p["country"] == "AF" for p in data)
    response = client.get("/api/places", params={"country": "af", "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == [p["id"] for p in data]
    assert [int(r["events"]) for r in rows] == [p["events"] for p in data]


def test_openapi_describes_places(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/places" in schema["paths"]
    assert "PlaceOut" in schema["components"]["schemas"]
    names = {p["name"] for p in schema["paths"]["/api/places"]["get"]["parameters"]}
    assert {"since", "until", "event_type", "actor", "country", "province", "format"} <= names


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"region": "mars"}, "region &#39;mars&#39;: not a map region"),
        ({"since": "yesterday"}, "since &#39;yesterday&#39;: not an ISO date"),
        ({"until": "2013-13"}, "until &#39;2013-13&#39;"),
    ],
)
def test_map_bad_input_is_a_clear_400(client: TestClient, query: dict[str, str], message: str) -> None:
    response = client.get("/map", params=query)
    assert response.status_code == 400
    assert message in response.text and "Traceback" not in response.text


def test_api_places_bad_input(client: TestClient) -> None:
    response = client.get("/api/places", params={"since": "soon"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("since 'soon'")
    assert client.get("/api/places", params={"limit": 0}).status_code == 422


def test_map_page_is_offline_and_fast(client: TestClient) -> None:
    response = client.get("/map")
    assert "Content-Security-Policy" in response.headers
    assert not re.search(r'(?:src|href)="(?:https?:)?//', response.text)
    best = min(_cpu(client, "/map"), _cpu(client, "/map"), _cpu(client, "/map?region=world"))
    assert best < 0.2


def _cpu(client: TestClient, url: str) -> float:
    started = time.process_time()
    assert client.get(url).status_code == 200
    return time.process_time() - started


def test_map_is_linked_from_every_page(client: TestClient) -> None:
    assert '<a href="/map" aria-current="page">Map</a>' in client.get("/map").text
    assert '<a href="/map"' in client.get("/actors").text


# --- a province ------------------------------------------------------------------------------


def test_map_filters_by_province(province_client: TestClient) -> None:
    # the town of Helmand and Helmand itself, one event and one mention each; any case
    for name in ("Helmand", "hELMAND"):
        places = province_client.get("/api/places", params={"province": name}).json()["places"]
        assert [(p["id"], p["events"], p["mentions"], p["documents"]) for p in places] == [
            (LASHKAR_GAH.id, 1, 1, 1),
            (HELMAND.id, 1, 1, 1),
        ]
    page = province_client.get("/map", params={"province": "hELMAND"}).text
    # the field shows the province matched, under the name the places keep
    assert '<input name="province" value="Helmand"' in page
    svg = _svg(page)
    assert sorted(m["title"].split(" (")[0] for m in MARKER.finditer(svg)) == ["Helmand", "Lashkar Gah"]
    # the event list, the markers and the downloads keep the province
    events_link = re.search(r'<a href="([^"]*)">event list</a>', page)
    assert events_link and events_link.group(1) == "/events?province=Helmand"
    listed = province_client.get(events_link.group(1)).text
    assert "2 events, newest first" in listed
    for marker in MARKER.finditer(svg):
        query = parse_qs(urlsplit(marker["href"].replace("&amp;", "&")).query)
        assert query["province"] == ["Helmand"] and query["place"][0] in (HELMAND.id, LASHKAR_GAH.id)
    csv_link = re.search(r'<a href="(/api/places\?[^"]*)">CSV</a>', page)
    assert csv_link
    rows = list(
        csv.DictReader(io.StringIO(province_client.get(csv_link.group(1).replace("&amp;", "&")).text))
    )
    assert [r["id"] for r in rows] == [LASHKAR_GAH.id, HELMAND.id]
    # a name that is no province: nothing, shown as text
    evil = province_client.get("/map", params={"province": '"><script>alert(1)</script>'})
    assert evil.status_code == 200 and "No places match" in evil.text
    assert "<script>alert(1)" not in evil.text and 'value="&#34;&gt;&lt;script&gt;' in evil.text


# --- markup in names -------------------------------------------------------------------------

EVIL = '<script>alert(1)</script>"><b>x</b>'


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A store whose place and actor names are markup (a hand-built record, as a crafted corpus
    or a future gazetteer could give)."""
    folder: Path = tmp_path_factory.mktemp("hostile-map")
    url = f"sqlite:///{folder / 'map.sqlite3'}"
    text = "Evil town was attacked by the evil group."
    doc = Document(id=document_id(text), text=text, title="t", published="2013-01-02")
    place = Place("geonames:666", f"Town {EVIL}", "city", "AF", f"Province {EVIL}", 34.0, 68.0, 0, 9)
    group = Actor(id="evil", name=f"Group {EVIL}", kind="armed group")
    event = Event("ASSAULT", "attacked", Span(0, len(text)), source=["evil"], place=place.id)
    with open_store(url) as store:
        store.add(Record(document=doc, actors=[group], places=[place], events=[event]))
    with TestClient(create_app(url)) as c:
        yield c


def test_place_names_are_escaped_in_the_map(hostile_client: TestClient) -> None:
    page = hostile_client.get("/map").text
    assert "<script>alert(1)" not in page and "<b>x</b>" not in page
    assert "Town &lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;b&gt;x&lt;/b&gt;" in page
    svg = _svg(page)
    assert "<text " in svg and "&lt;script&gt;" in svg  # the label and the tooltip, as text
    marker = MARKER.search(svg)
    assert marker and "&lt;b&gt;" in marker["title"]
