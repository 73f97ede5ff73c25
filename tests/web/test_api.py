"""The JSON API and the CSV/JSON downloads."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.web.conftest import HOSTILE_TITLE


def test_api_search_returns_hits_and_totals(client: TestClient) -> None:
    body = client.get("/api/search", params={"text": "taliban", "limit": 5}).json()
    assert set(body) == {"total", "total_is_lower_bound", "offset", "limit", "hits"}
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
