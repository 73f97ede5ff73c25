"""The HTML pages: search, document, actors, actor, and their error pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from sitrep.web.highlight import document_html, snippet_html
from tests.web.conftest import HOSTILE_URL, LINKED_URL


class _Links(HTMLParser):
    """Every src and href in a page, with the rel of the element that has it."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str | None]] = []  # (tag, url, rel)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("src", "href"):
            if a.get(name) is not None:
                self.links.append((tag, a[name] or "", a.get("rel")))


def links(html: str) -> list[tuple[str, str, str | None]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def _pages(client: TestClient, hostile_id: str) -> dict[str, str]:
    actor = next(
        u for _, u, _ in links(client.get(f"/documents/{hostile_id}").text) if u.startswith("/actors/")
    )
    urls = [
        "/",
        "/?text=taliban",
        "/?text=alert&sort=date",
        "/?text=script",
        f"/documents/{hostile_id}",
        "/actors",
        "/actors?name=taliban",
        actor,
        "/events",
        "/events?actor=taliban&bucket=week",
        "/quotes",
        "/quotes?text=script",
        "/commitments",
        "/actors/taliban-insurgency",
        "/?text=%22unclosed",
        "/no/such/page",
    ]
    return {u: client.get(u).text for u in urls}


def test_search_page_highlights_matches(client: TestClient) -> None:
    r = client.get("/", params={"text": "insurgents"})
    assert r.status_code == 200
    assert "<mark>insurgents</mark>" in r.text.lower() or "<mark>insurgent" in r.text.lower()
    assert re.search(r"\d+ documents?", r.text)


def test_search_page_paginates_and_sorts(client: TestClient) -> None:
    first = client.get("/", params={"limit": 5}).text
    assert 'rel="next"' in first
    nxt = next(u for tag, u, rel in links(first) if rel == "next")
    second = client.get(nxt).text
    ids = lambda html: re.findall(r'href="/documents/([0-9a-f]+)"', html)  # noqa: E731
    assert ids(first) and ids(second) and not set(ids(first)) & set(ids(second))
    by_date = client.get("/", params={"text": "taliban", "sort": "date"})
    assert by_date.status_code == 200 and "<strong>date</strong>" in by_date.text


def test_hostile_document_is_text_everywhere(client: TestClient, hostile_id: str) -> None:
    for url, html in _pages(client, hostile_id).items():
        assert "<script>alert" not in html, url
        assert "onerror=alert" not in html or "&lt;img src=x onerror=alert" in html, url
        assert '"><b>' not in html, url
        assert "<i>Evil</i>" not in html, url
    doc = client.get(f"/documents/{hostile_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "&lt;img src=x onerror=alert(1" in doc
    assert "&lt;i&gt;Evil&lt;/i&gt; Wire" in doc
    # a javascript: URL is never a link
    assert HOSTILE_URL not in [u for _, u, _ in links(doc)]
    found = client.get("/", params={"text": "alert"}).text
    assert "Taliban &lt;script&gt;alert(1)&lt;/script&gt;" in found


def test_pages_load_only_local_assets(client: TestClient, hostile_id: str) -> None:
    for url, html in _pages(client, hostile_id).items():
        for tag, target, _ in links(html):
            assert not target.lower().startswith(("http://", "https://", "//", "javascript:")), (
                url,
                tag,
                target,
            )
    hit = client.get("/api/search", params={"text": "commander arrested"}).json()["hits"][0]
    assert hit["url"] == LINKED_URL
    doc = client.get(f"/documents/{hit['document_id']}").text
    external = [(t, u, rel) for t, u, rel in links(doc) if u.startswith(("http://", "https://", "//"))]
    assert external == [("a", LINKED_URL, "noopener noreferrer")]
    assert "default-src 'self'" in client.get("/").headers["content-security-policy"]


def test_document_page_links_mentions_to_actor_pages(client: TestClient, hostile_id: str) -> None:
    html = client.get(f"/documents/{hostile_id}").text
    actor_links = {u for _, u, _ in links(html) if u.startswith("/actors/")}
    assert actor_links
    for u in actor_links:
        assert client.get(u).status_code == 200, u
    assert 'class="hl actor' in html and 'class="hl quote' in html
    assert 'id="quote-0"' in html  # the side panel entry a quote highlight points to


def test_actor_page_shows_profile_and_documents(client: TestClient, hostile_id: str) -> None:
    r = client.get("/actors/taliban-insurgency")
    assert r.status_code == 200
    assert "Taliban" in r.text and "armed group" in r.text
    assert f"/documents/{hostile_id}" in r.text
    assert "Roles over time" in r.text and "Aliases" in r.text


def test_actors_page_filters(client: TestClient) -> None:
    r = client.get("/actors", params={"kind": "country"})
    assert r.status_code == 200 and "Afghanistan" in r.text and "armed group</td>" not in r.text
    assert client.get("/actors", params={"kind": "nonsense"}).status_code == 400


def test_bad_search_syntax_is_a_friendly_400(client: TestClient) -> None:
    r = client.get("/", params={"text": '"unclosed'})
    assert r.status_code == 400
    assert "Cannot run this search" in r.text and "&#34;unclosed" in r.text or "quote" in r.text.lower()
    bad_date = client.get("/", params={"since": "2013-13-01"})
    assert bad_date.status_code == 400 and "since" in bad_date.text
    bad_number = client.get("/", params={"offset": "x"})
    assert bad_number.status_code == 400 and "offset" in bad_number.text


def test_unknown_ids_are_404_pages(client: TestClient) -> None:
    for url in ("/documents/0000000000000000", "/actors/no-such-actor", "/nowhere"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "Not found" in r.text and "<html" in r.text


def test_static_assets_are_served(client: TestClient) -> None:
    assert client.get("/static/sitrep.css").status_code == 200
    assert client.get("/static/sitrep.js").status_code == 200


def test_snippet_markers_become_marks_after_escaping() -> None:
    html = str(snippet_html("a \x02<b>\x03 and \x02x"))
    assert html == "a <mark>&lt;b&gt;</mark> and x"


def test_document_html_escapes_every_piece() -> None:
    from sitrep.model import Actor, Document, Mention, Quote, Record

    text = 'Mr <b>X</b> said "<script>1</script>".'
    record = Record(
        document=Document(id="d", text=text),
        actors=[Actor(id="x/<y>", name='X "<y>"', kind="person")],
        mentions=[Mention(actor="x/<y>", start=3, end=11, text="<b>X</b>")],
        quotes=[
            Quote(speaker="x/<y>", speaker_text="X", cue="said", kind="direct", text="", start=18, end=36)
        ],
    )
    html = str(document_html(record))
    assert "<b>" not in html and "<script>" not in html
    assert 'href="/actors/x%2F%3Cy%3E"' in html
    assert "&lt;script&gt;1&lt;/script&gt;" in html


def test_line_separators_show_as_line_breaks_at_the_same_offsets() -> None:
    """ISAF releases end their lines with U+2028, which HTML does not break on: the words ran
    together ("Afghanistan2011-03-S-022For"). Shown as newlines; the highlights stay on their words."""
    from sitrep.model import Document, Place, Record
    from sitrep.web.highlight import untitled

    text = "ISAF Joint Command - Afghanistan\u20282011-03-S-022\u2029KABUL, Afghanistan"
    kabul = text.index("KABUL")
    record = Record(
        document=Document(id="d", text=text),
        places=[Place(id="k", name="Kabul", kind="city", start=kabul, end=kabul + 5)],
    )
    html = str(document_html(record))
    assert "\u2028" not in html and "\u2029" not in html
    assert "Afghanistan\n2011-03-S-022\n" in html
    assert '">KABUL</a>' in html
    assert untitled(None, None, text) == "ISAF Joint Command - Afghanistan"


def test_untitled_documents_are_named_by_first_line_or_source(client: TestClient) -> None:
    hits = client.get("/api/search", params={"text": "Maiwand"}).json()["hits"]
    untitled = next(h for h in hits if not h["title"])
    listed = client.get("/", params={"text": "Maiwand"}).text
    assert "(untitled)" not in listed and f'<span class="untitled">{untitled["source"]}' in listed
    page = client.get(f"/documents/{untitled['document_id']}").text
    assert '<h1><span class="untitled">' in page


def test_timeline_labels_never_crowd_the_last_one() -> None:
    """29 months: labels every third month, and the last month's label; the regular label one
    month before it would print over it, so it is left out."""
    from sitrep.store.browse import Timeline
    from sitrep.web.pages import _timeline_chart

    months = [f"{2010 + (9 + i) // 12}-{(9 + i) % 12 + 1:02d}" for i in range(29)]
    timeline = Timeline("month", months, ["ASSAULT"], {m: {"ASSAULT": 1} for m in months}, 0)
    labels = [c.label for c in _timeline_chart(timeline, {})["ticks"]]
    assert labels[0] == "2010-10" and labels[-1] == "2013-02"
    positions = [months.index(b) for b in labels]
    assert all(b - a >= 2 for a, b in zip(positions, positions[1:], strict=False))
    few = Timeline("month", months[:5], ["ASSAULT"], {}, 0)
    assert [c.label for c in _timeline_chart(few, {})["ticks"]] == months[:5]
