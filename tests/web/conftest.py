"""One store for the web tests, filled once: the sample articles, some ISAF releases, a hostile one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.ingest import ingest
from sitrep.pipeline.analyze import default_pipeline
from sitrep.store import open_store
from sitrep.web import create_app

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
ISAF_RELEASES = 30

# Markup in every field a page shows: it must come out as text, never as elements or attributes.
HOSTILE_TITLE = 'Taliban <script>alert(1)</script> "><b>bold</b>'
HOSTILE_TEXT = (
    "KABUL, Afghanistan (Jan. 25, 2013)\n"
    "The Taliban said <script>alert(1)</script> and <img src=x onerror=alert(1)> were posted. "
    '"><b>NATO</b> forces killed two insurgents in Kandahar province, officials said.\n\n'
    'Zabihullah Mujahid, a Taliban spokesman, said: "<script>alert(2)</script> we will fight."'
)
HOSTILE_URL = "javascript:alert(1)"
# A document with an ordinary original URL: the one link to another host a page may have.
LINKED_URL = "https://news.example.org/2013/01/kandahar?id=1&src=feed"
LINKED = {
    "text": "KANDAHAR, Afghanistan (Jan. 26, 2013)\nAfghan forces arrested a Taliban commander in Kandahar.",
    "title": "Taliban commander arrested in Kandahar",
    "url": LINKED_URL,
}


@pytest.fixture(scope="session")
def web_store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    corpus = folder / "corpus.jsonl"
    # split on newlines only: splitlines() would also cut at U+2028 inside JSON strings
    lines = (SAMPLES / "isaf_press_releases.jsonl").read_text(encoding="utf-8").split("\n")[:ISAF_RELEASES]
    hostile = {"text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "url": HOSTILE_URL, "source": "<i>Evil</i> Wire"}
    corpus.write_text("\n".join([*lines, json.dumps(hostile), json.dumps(LINKED)]) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'web.sqlite3'}"
    store = open_store(url)
    report = ingest([*map(str, sorted(SAMPLES.glob("*.txt"))), str(corpus)], store, default_pipeline())
    store.close()
    assert report.failed == 0, report.errors
    return url


@pytest.fixture(scope="session")
def client(web_store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_store_url)) as c:
        yield c


@pytest.fixture(scope="session")
def hostile_id(client: TestClient) -> str:
    hits = client.get("/api/search", params={"text": "onerror"}).json()["hits"]
    assert len(hits) == 1
    return str(hits[0]["document_id"])


@pytest.fixture(scope="session")
def province_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Hand-built records (tests.store.builders.province_records): events in a town of Helmand,
    in Helmand itself, in other provinces; for the province filters of the events, map and network."""
    from tests.store.builders import province_records

    url = f"sqlite:///{tmp_path_factory.mktemp('provinces') / 'provinces.sqlite3'}"
    with open_store(url) as store:
        for record in province_records():
            store.add(record)
    with TestClient(create_app(url)) as c:
        yield c
