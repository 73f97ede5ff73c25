"""The events, quotes and commitments pages, and the completed actor page."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from tests.web.test_pages import links

SENTENCE_LINK = re.compile(r'href="/documents/([0-9a-f]+)#s-(\d+)"')


def _sentence_links(html: str) -> list[tuple[str, int]]:
    return [(d, int(s)) for d, s in SENTENCE_LINK.findall(html)]


def test_events_page_lists_events_with_links_to_their_sentences(client: TestClient) -> None:
    r = client.get("/events")
    assert r.status_code == 200
    total = int(re.search(r"([\d,]+) events?, newest first", r.text).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert total > 20 and 'rel="next"' in r.text
    found = _sentence_links(r.text)
    assert found
    for document_id, start in found[:5]:
        record = client.get(f"/api/documents/{document_id}").json()
        assert start in {e["sentence"]["start"] for e in record["events"]}
        page = client.get(f"/documents/{document_id}").text
        assert f'<span class="anchor" id="s-{start}"></span>' in page


def test_events_timeline_columns_link_to_their_period(client: TestClient) -> None:
    html = client.get("/events", params={"bucket": "month"}).text
    assert "<svg" in html and "Events per month" in html
    columns = re.findall(r'<a href="(/events\?[^"]+)" aria-label="([\d-]+): (\d+) events">', html)
    assert columns
    href, label, count = next(c for c in columns if int(c[2]) > 0)
    query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    assert query["since"] == [label] and query["until"] == [label]
    period = client.get(href.replace("&amp;", "&")).text
    assert f"{int(count):,} event" in period
    # the counts as a table sum to the page's total
    api = client.get("/api/events/timeline", params={"bucket": "month"}).json()
    assert (
        sum(sum(b["counts"].values()) for b in api["buckets"]) + api["undated"]
        == client.get("/api/events", params={"limit": 1}).json()["total"]
    )


def test_events_filters_narrow_the_list(client: TestClient) -> None:
    html = client.get("/events", params={"type": "assault"}).text
    badges = re.findall(r'<span class="badge ev">(\w+)</span>', html)
    assert badges and set(badges) == {"ASSAULT"}
    target = client.get("/events", params={"actor": "taliban-insurgency", "role": "target"}).text
    assert "Taliban" in target and re.search(r"[1-9][\d,]* events?, newest first", target)
    assert client.get("/events", params={"actor": "nobody-at-all"}).text.count('class="row"') == 0
    for bad in (
        {"type": "PARTY"},
        {"role": "victim"},
        {"since": "2013-13"},
        {"bucket": "decade"},
        {"offset": "x"},
    ):
        r = client.get("/events", params=bad)
        assert r.status_code == 400, bad
        assert next(iter(bad)) in r.text
        # a list page's refusal speaks of its filters, not of a search the user did not run
        assert "Cannot apply these filters" in r.text and "Cannot run this search" not in r.text


def test_quotes_page_shows_speakers_and_escapes_text(client: TestClient) -> None:
    r = client.get("/quotes")
    assert r.status_code == 200 and "<blockquote>" in r.text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in r.text  # the hostile spokesman's quote
    assert "<script>alert" not in r.text
    spoken = client.get("/quotes", params={"text": "we will fight"}).text
    assert spoken.count("<blockquote>") == 1
    assert client.get("/quotes", params={"kind": "rumour"}).status_code == 400


def test_commitments_page_shows_who_what_and_the_sentence(client: TestClient) -> None:
    body = client.get("/api/commitments", params={"limit": 5}).json()
    assert body["total"] > 0
    html = client.get("/commitments").text
    first = body["items"][0]
    assert f'href="/documents/{first["document_id"]}#s-{first["sentence_start"]}"' in html
    assert first["kind"] in html
    appeals = client.get("/commitments", params={"kind": "appeal"}).text
    kinds = re.findall(r'<span class="badge">(\w+)</span>', appeals)
    assert set(kinds) <= {"appeal"}
    assert client.get("/commitments", params={"role": "maybe"}).status_code == 400


def test_actor_page_has_the_full_profile(client: TestClient) -> None:
    html = client.get("/actors/taliban-insurgency").text
    for heading in (
        "Activity",
        "Events as source",
        "Events as target",
        "Latest quotes",
        "Commitments",
        "Most frequent co-actors",
        "Roles over time",
        "Aliases",
    ):
        assert heading in html, heading
    co = re.search(r"Most frequent co-actors.*?</table>", html, re.S)
    assert co and "/actors/" in co.group(0)
    more = [u for _, u, _ in links(html) if u.startswith("/events?actor=taliban-insurgency")]
    assert more and all(client.get(u.replace("&amp;", "&")).status_code == 200 for u in more)


def test_nav_links_to_the_new_pages(client: TestClient) -> None:
    nav = [u for _, u, _ in links(client.get("/").text)]
    assert {"/events", "/quotes", "/commitments"} <= set(nav)


def test_search_page_facets_link_to_narrower_searches(client: TestClient) -> None:
    html = client.get("/", params={"text": "taliban"}).text
    aside = re.search(r'<aside class="facets".*?</aside>', html, re.S)
    assert aside
    for label in ("Date", "Source", "Actor", "Actor kind", "Country", "Event type", "Language"):
        assert f"<h3>{label}</h3>" in aside.group(0), label
    first = re.search(
        r'<h3>Actor kind</h3>\s*<ul><li><a href="([^"]+)" >([^<]+)</a> <span class="n">(\d+)', aside.group(0)
    )
    assert first, aside.group(0)[:500]
    href, kind, count = first.group(1).replace("&amp;", "&"), first.group(2), int(first.group(3))
    assert parse_qs(urlsplit(href).query) == {"text": ["taliban"], "kind": [kind]}
    narrowed = client.get(href).text
    assert f"{count:,} document" in narrowed
    # the chosen value is shown as on, and its link takes the filter off again
    on = re.search(r'<a href="([^"]+)" class="on"', narrowed)
    assert on and parse_qs(urlsplit(on.group(1).replace("&amp;", "&")).query) == {"text": ["taliban"]}


def test_the_place_filter_reads_as_the_place_name_and_can_be_removed(client: TestClient) -> None:
    placed = [e for e in client.get("/api/events", params={"limit": 200}).json()["items"] if e["place"]]
    assert placed
    place, name = placed[0]["place"], placed[0]["place_name"]
    page = client.get("/events", params={"place": place, "type": placed[0]["type"]}).text
    assert f"Place <strong>{name}</strong>" in page
    assert f'type="hidden" name="place" value="{place}"' in page
    remove = re.search(r'<a href="([^"]+)" aria-label="Remove the place filter">', page)
    assert remove is not None
    assert parse_qs(urlsplit(remove.group(1).replace("&amp;", "&")).query) == {"type": [placed[0]["type"]]}


def _badges(html: str) -> list[str]:
    return re.findall(r'<span class="badge ev">(\w+)</span>', html)


def test_events_page_and_api_filter_by_province(province_client: TestClient) -> None:
    page = province_client.get("/events", params={"province": "helmand"})
    assert page.status_code == 200
    # the filter shows in its field, and only the events in Helmand or in a place of it are listed
    assert 'name="province" value="helmand"' in page.text
    assert sorted(_badges(page.text)) == ["ASSAULT", "MOBILIZE"] and "2 events, newest first" in page.text
    # the downloads and the timeline's links keep the filter
    download = re.search(r'<a href="(/api/events\?[^"]+)">CSV</a>', page.text)
    assert download is not None
    csv_url = download.group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(csv_url).query)["province"] == ["helmand"]
    rows = list(csv.DictReader(io.StringIO(province_client.get(csv_url).text)))
    assert sorted(r["type"] for r in rows) == ["ASSAULT", "MOBILIZE"]
    columns = re.findall(r'<a href="(/events\?[^"]+)" aria-label="[\d-]+: \d+ events">', page.text)
    assert columns and all("province=helmand" in href for href in columns)

    api = province_client.get("/api/events", params={"province": "Helmand"}).json()
    assert api["total"] == 2 and {e["place_name"] for e in api["items"]} == {"Lashkar Gah", "Helmand"}
    narrowed = province_client.get("/api/events", params={"province": "PUNJAB", "country": "in"}).json()
    assert [e["place_name"] for e in narrowed["items"]] == ["Ludhiana"]
    jsonl = province_client.get("/api/events", params={"province": "punjab", "format": "jsonl"}).text
    assert sorted(json.loads(line)["place_name"] for line in jsonl.split("\n")[:-1]) == ["Lahore", "Ludhiana"]
    timeline = province_client.get("/api/events/timeline", params={"province": "helmand", "bucket": "year"})
    assert timeline.json()["buckets"] == [{"bucket": "2013", "counts": {"ASSAULT": 1, "MOBILIZE": 1}}]


def test_a_province_is_found_in_any_spelling_the_gazetteer_knows(province_client: TestClient) -> None:
    """The places keep one name for a province ("Khost", "Wardak", "Baghlan", "Paktia"); analysts
    and older stores also write GeoNames' "Khowst", "Vardak", "Wilayat-e Baghlan" or "Paktya".
    The filter reads the name through the gazetteer's spellings."""
    from sitrep.web.queries import province_name

    assert province_name("Khowst") == "Khost" and province_name("vardak") == "Wardak"
    assert province_name("Wilayat-e Baghlan", "af") == "Baghlan" and province_name("Paktya") == "Paktia"
    assert province_name("Atlantis") == "Atlantis" and province_name("  ") is None
    api = province_client.get("/api/events", params={"province": "Hilmand"}).json()
    assert api["total"] == 2 and {e["place_name"] for e in api["items"]} == {"Lashkar Gah", "Helmand"}


def test_an_unknown_province_lists_nothing_and_is_shown_as_text(province_client: TestClient) -> None:
    evil = 'Atlantis"><script>alert(1)</script>'
    page = province_client.get("/events", params={"province": evil})
    assert page.status_code == 200 and _badges(page.text) == [] and "No events match." in page.text
    assert "<script>alert(1)" not in page.text
    assert 'value="Atlantis&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text
    api = province_client.get("/api/events", params={"province": "Atlantis"})
    assert api.status_code == 200 and api.json() == {"total": 0, "offset": 0, "limit": 50, "items": []}
