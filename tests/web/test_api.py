"""The JSON API and the CSV/JSON downloads."""

from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient

from tests.web.conftest import HOSTILE_TITLE


def test_api_search_returns_hits_and_totals(client: TestClient) -> None:
    body = client.get("/api/search", params={"text": "taliban", "limit": 5}).json()
    assert set(body) == {
        "total",
        "total_is_lower_bound",
        "offset",
        "limit",
        "hits",
        "facets",
        "facets_counted",
    }
    assert body["total"] >= len(body["hits"]) > 0
    assert all("\x02" not in h["snippet"] and "\x03" not in h["snippet"] for h in body["hits"])


def test_api_search_errors(client: TestClient) -> None:
    r = client.get("/api/search", params={"text": '"unclosed'})
    assert r.status_code == 400 and r.json()["detail"]
    assert client.get("/api/search", params={"sort": "size"}).status_code == 422


def test_api_document_is_the_record_json(client: TestClient, hostile_id: str) -> None:
    record = client.get(f"/api/documents/{hostile_id}").json()
    assert record["document"]["title"] == HOSTILE_TITLE
    assert {"actors", "mentions", "quotes", "events", "places", "topics"} <= set(record)
    assert client.get("/api/documents/nope").status_code == 404


def test_api_actors_list_and_one(client: TestClient) -> None:
    body = client.get("/api/actors", params={"kind": "armed group", "limit": 5}).json()
    assert body["actors"] and all(a["kind"] == "armed group" for a in body["actors"])
    one = client.get(f"/api/actors/{body['actors'][0]['id']}").json()
    assert one["id"] == body["actors"][0]["id"] and one["documents"] >= 1
    assert client.get("/api/actors/no-such-actor").status_code == 404
    assert client.get("/api/actors", params={"kind": "nonsense"}).status_code == 400


def test_api_stats(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] >= 3 and stats["actors"] > 0


def test_search_csv_download_has_header_and_rows(client: TestClient) -> None:
    r = client.get("/api/search", params={"text": "taliban", "format": "csv", "limit": 1000})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["document_id", "title", "published", "source", "url", "snippet", "score"]
    total = client.get("/api/search", params={"text": "taliban"}).json()["total"]
    assert len(rows) - 1 == total
    assert HOSTILE_TITLE in [row[1] for row in rows]  # data, unaltered


def test_search_csv_with_bad_query_is_400_not_a_broken_file(client: TestClient) -> None:
    assert client.get("/api/search", params={"text": '"x', "format": "csv"}).status_code == 400


def test_actors_csv_download_keeps_filters(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/api/actors?kind=country&format=csv").text)))
    assert rows and all(r["kind"] == "country" for r in rows)
    as_json = client.get("/api/actors?kind=country").json()["actors"]
    assert [r["id"] for r in rows] == [a["id"] for a in as_json]


def test_openapi_schema_describes_the_api(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/search", "/api/actors", "/api/actors/{actor_id}", "/api/stats"} <= set(schema["paths"])
    assert "SearchPageOut" in schema["components"]["schemas"]
    assert not any(p == "/" or p.startswith("/documents") for p in schema["paths"])  # pages are not API


def test_api_events_quotes_commitments_pages(client: TestClient) -> None:
    events = client.get("/api/events", params={"limit": 3}).json()
    assert set(events) == {"total", "offset", "limit", "items"} and len(events["items"]) == 3
    e = events["items"][0]
    assert e["link"] == f"/documents/{e['document_id']}#s-{e['sentence_start']}"
    record = client.get(f"/api/documents/{e['document_id']}").json()
    assert record["document"]["text"][e["sentence_start"] : e["sentence_end"]] == e["sentence"]
    nxt = client.get("/api/events", params={"limit": 3, "offset": 3}).json()["items"]
    assert {(x["document_id"], x["ord"]) for x in events["items"]}.isdisjoint(
        (x["document_id"], x["ord"]) for x in nxt
    )
    quotes = client.get("/api/quotes", params={"speaker": "taliban-insurgency"}).json()
    assert all(q["speaker"]["id"] == "taliban-insurgency" for q in quotes["items"])
    assert client.get("/api/commitments", params={"kind": "appeal"}).json()["total"] >= 0


def test_api_list_errors_are_4xx_with_a_message(client: TestClient) -> None:
    for url, params in (
        ("/api/events", {"type": "PARTY"}),
        ("/api/events", {"role": "victim"}),
        ("/api/events", {"limit": 0}),
        ("/api/events/timeline", {"bucket": "decade"}),
        ("/api/quotes", {"kind": "rumour"}),
        ("/api/commitments", {"offset": -1}),
        # found by the fuzz test: past a database integer, once a 500
        ("/api/commitments", {"offset": 9223372036854775808, "format": "csv"}),
        ("/api/search", {"offset": 10**12}),
    ):
        r = client.get(url, params=params)
        assert r.status_code == 422 and r.json()["detail"], (url, params)
    r = client.get("/api/events", params={"since": "2013-13-01"})
    assert r.status_code == 400 and "since" in r.json()["detail"]
    assert client.get("/api/events", params={"since": "2013-13", "format": "csv"}).status_code == 400


def test_api_timeline_matches_the_list(client: TestClient) -> None:
    t = client.get("/api/events/timeline", params={"bucket": "year", "type": "ASSAULT"}).json()
    assert t["bucket"] == "year" and t["types"] == ["ASSAULT"]
    for b in t["buckets"]:
        n = b["counts"].get("ASSAULT", 0)
        listed = client.get(
            "/api/events", params={"type": "ASSAULT", "since": b["bucket"], "until": b["bucket"]}
        )
        assert listed.json()["total"] == n, b


def test_list_downloads_stream_every_row(client: TestClient) -> None:
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    r = client.get("/api/events", params={"format": "csv", "limit": 1})  # limit does not cap a download
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total > 50
    first = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert (rows[0]["document_id"], rows[0]["type"]) == (first["document_id"], first["type"])
    lines = client.get("/api/events", params={"format": "jsonl", "type": "ASSAULT"}).text.split("\n")[:-1]
    assert len(lines) == client.get("/api/events", params={"type": "ASSAULT"}).json()["total"]
    assert json.loads(lines[0])["type"] == "ASSAULT"
    for kind in ("quotes", "commitments"):
        n = client.get(f"/api/{kind}").json()["total"]
        assert len(list(csv.DictReader(io.StringIO(client.get(f"/api/{kind}?format=csv").text)))) == n


def test_csv_cells_that_look_like_formulas_are_neutralised() -> None:
    from sitrep.web.api import csv_cell

    assert [csv_cell(v) for v in ("=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx", "ok", -5, None)] == [
        "'=cmd|' /C calc'!A0", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "ok", -5, "",
    ]  # fmt: skip


def test_api_actor_detail(client: TestClient) -> None:
    a = client.get("/api/actors/taliban-insurgency").json()
    assert (
        a["events_as_target"]
        == client.get("/api/events", params={"actor": "taliban-insurgency", "role": "target"}).json()["total"]
    )
    assert a["co_actors"] and all(c["documents"] >= 1 for c in a["co_actors"])
    assert sum(m["documents"] for m in a["activity"]) <= a["documents"]


def test_openapi_lists_the_browse_endpoints(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/events/timeline", "/api/quotes", "/api/commitments"} <= set(schema["paths"])
    assert {"EventPageOut", "TimelineOut", "QuotePageOut", "CommitmentPageOut", "ActorDetailOut"} <= set(
        schema["components"]["schemas"]
    )


def test_api_search_facets_count_what_their_filter_finds(client: TestClient) -> None:
    body = client.get("/api/search", params={"text": "taliban"}).json()
    assert body["facets_counted"] == body["total"] and not body["total_is_lower_bound"]
    facets = body["facets"]
    assert set(facets) == {
        "published",
        "source",
        "actor",
        "kind",
        "country",
        "event_type",
        "topic",
        "language",
    }
    for name in ("actor", "kind", "country", "event_type", "language"):
        assert facets[name], name
        top = facets[name][0]
        narrowed = {"text": "taliban", ("since" if name == "published" else name): top["value"]}
        assert client.get("/api/search", params=narrowed).json()["total"] == top["count"], (name, top)
    year = facets["published"][0]
    period = {"text": "taliban", "since": year["value"], "until": year["value"]}
    assert client.get("/api/search", params=period).json()["total"] == year["count"]
    assert "facets" not in client.get("/api/search", params={"facets": "false"}).json() or (
        client.get("/api/search", params={"facets": "false"}).json()["facets"] is None
    )


def test_events_take_event_type_as_the_other_filters_name_it(client: TestClient) -> None:
    """The search, places and network filters say event_type; the events list answers to it too."""
    by_type = client.get("/api/events", params={"type": "ASSAULT"}).json()
    by_event_type = client.get("/api/events", params={"event_type": "ASSAULT"}).json()
    assert 0 < by_type["total"] == by_event_type["total"] < client.get("/api/events").json()["total"]
    both = client.get("/api/events", params={"type": "ASSAULT", "event_type": "ASSAULT"})
    assert both.json()["total"] == by_type["total"]
    differ = client.get("/api/events", params={"type": "ASSAULT", "event_type": "AID"})
    assert differ.status_code == 400 and "event_type" in differ.json()["detail"]
    page = client.get("/events", params={"event_type": "ASSAULT"})
    assert page.status_code == 200 and f"{by_type['total']:,} event" in page.text
