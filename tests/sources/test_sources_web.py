"""Fetching pages and feeds from a local HTTP server on 127.0.0.1; nothing else is reached."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from sitrep import __version__
from sitrep.model import Document
from sitrep.sources import SourceError, read_inputs
from tests.sources.local_site import RSS, Site

pytestmark = pytest.mark.network


def read(
    *inputs: str | Path, client: httpx.Client, max_bytes: int | None = None
) -> list[Document | SourceError]:
    return list(read_inputs([str(i) for i in inputs], client=client, max_bytes=max_bytes))


def test_page_gives_main_text_title_date_and_site(site: Site, client: httpx.Client) -> None:
    [doc] = read(site.url("/article.html"), client=client)
    assert isinstance(doc, Document)
    assert doc.url == site.url("/article.html")
    assert doc.title == "CSTO ministers meet in Bishkek"
    assert doc.source == "Example News"
    assert doc.published == "2025-11-05" and doc.published_from == "metadata"
    assert "Collective Security Treaty Organization" in doc.text
    assert "Copyright Example News" not in doc.text


def test_redirect_is_followed_and_final_url_kept(site: Site, client: httpx.Client) -> None:
    [doc] = read(site.url("/redirect"), client=client)
    assert isinstance(doc, Document) and doc.url == site.url("/article.html")


def test_declared_charset_decodes_a_cp1251_page(site: Site, client: httpx.Client) -> None:
    [doc] = read(site.url("/ru.html"), client=client)
    assert isinstance(doc, Document)
    assert "Министр иностранных дел России" in doc.text
    assert doc.language == "ru"


def test_default_client_sends_sitrep_user_agent(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    [doc] = list(read_inputs([site.url("/article.html")]))
    assert isinstance(doc, Document)
    assert ("/article.html", f"sitrep/{__version__}") in site.requests


def test_rss_feed_items_are_fetched_and_a_failing_item_is_reported(site: Site, client: httpx.Client) -> None:
    items = read(site.url("/rss.xml"), client=client)
    assert [type(i).__name__ for i in items] == ["Document", "Document", "SourceError"]
    first, second, gone = items
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.source == second.source == "Example Security Wire"
    assert first.published == "2025-11-05"  # the page's own date wins over the feed's
    assert second.url == site.url("/undated.html")  # relative link resolved against the feed
    assert second.published == "2025-11-06T08:30:00+00:00"  # the page has none: the feed entry's
    assert second.published_from == "metadata"
    assert str(gone) == f"{site.url('/missing')}: HTTP 404 Not Found"


def test_atom_feed(site: Site, client: httpx.Client) -> None:
    [doc] = read(site.url("/atom.xml"), client=client)
    assert isinstance(doc, Document)
    assert doc.source == "Example Atom Desk"
    assert doc.published == "2025-11-07T09:00:00+00:00"


def test_feed_is_sniffed_whatever_the_content_type(site: Site, client: httpx.Client) -> None:
    items = read(site.url("/feed-served-as-html"), client=client)
    assert [type(i).__name__ for i in items] == ["Document", "Document", "SourceError"]


def test_malformed_feed(site: Site, client: httpx.Client) -> None:
    [error] = read(site.url("/bad-feed.xml"), client=client)
    assert isinstance(error, SourceError)
    assert str(error) == f"{site.url('/bad-feed.xml')}: not a valid RSS/Atom feed"


def test_feed_file_and_opml_file(site: Site, client: httpx.Client, tmp_path: Path) -> None:
    feed = tmp_path / "wire.rss"
    feed.write_text(RSS.format(base=site.base), encoding="utf-8")
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>'
        f'<outline text="Atom" type="rss" xmlUrl="{site.url("/atom.xml")}"/>'
        f'<outline text="Broken" type="rss" xmlUrl="{site.url("/bad-feed.xml")}"/></body></opml>',
        encoding="utf-8",
    )
    from_file = read(feed, client=client)
    # a feed file has no address of its own: only absolute item links can be fetched
    assert [type(i).__name__ for i in from_file] == ["Document", "SourceError", "SourceError"]
    from_opml = read(opml, client=client)
    assert [type(i).__name__ for i in from_opml] == ["Document", "SourceError"]
    assert isinstance(from_opml[1], SourceError) and from_opml[1].message == "not a valid RSS/Atom feed"


def test_not_found(site: Site, client: httpx.Client) -> None:
    [error] = read(site.url("/missing"), client=client)
    assert isinstance(error, SourceError) and error.message == "HTTP 404 Not Found"


def test_page_without_article_text(site: Site, client: httpx.Client) -> None:
    [error] = read(site.url("/empty.html"), client=client)
    assert isinstance(error, SourceError) and error.message == "no article text found"


def test_oversized_page(site: Site, client: httpx.Client) -> None:
    announced, unannounced = read(
        site.url("/big.html"), site.url("/big-unannounced.html"), client=client, max_bytes=100_000
    )
    assert isinstance(announced, SourceError)
    assert announced.message == "page is 300.0 kB, over the 100.0 kB limit (SITREP_MAX_INPUT_BYTES)"
    assert isinstance(unannounced, SourceError)
    assert unannounced.message == "page is over the 100.0 kB limit (SITREP_MAX_INPUT_BYTES)"


def test_unreachable_url(closed_port_url: str, client: httpx.Client) -> None:
    [error] = read(closed_port_url, client=client)
    assert isinstance(error, SourceError)
    assert error.input == closed_port_url
    assert error.message.startswith("could not connect (") and "refused" in error.message.lower()


def test_timeout(site: Site) -> None:
    with httpx.Client(trust_env=False, timeout=0.3) as quick:
        [error] = read(site.url("/slow"), client=quick)
    assert isinstance(error, SourceError) and error.message == "timed out"


def test_ids_stable_across_fetches(site: Site, client: httpx.Client) -> None:
    first = read(site.url("/article.html"), client=client)[0]
    second = read(site.url("/article.html"), client=client)[0]
    assert isinstance(first, Document) and isinstance(second, Document) and first.id == second.id
