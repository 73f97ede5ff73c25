"""Web inputs: fetching pages (main text by trafilatura), RSS/Atom feeds and OPML feed lists.

Only http and https are fetched, with a size limit, a timeout and a sitrep User-Agent. Feeds
are parsed from the bytes fetched here (feedparser never fetches), then every item's page is
fetched and extracted; a failing item is one SourceError and the other items go on.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from sitrep.documents import new_document
from sitrep.errors import InputError
from sitrep.model import Document
from sitrep.sources.base import USER_AGENT, Item, ReadContext, SourceError, format_size, too_large
from sitrep.sources.decoding import DecodeError, decode_html
from sitrep.sources.extract import Article, ExtractionError, extract_article
from sitrep.sources.published import normalize_published

NOT_HTTP = "only http and https URLs can be fetched"
NOT_A_FEED = "not a valid RSS/Atom feed"
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_XML_TYPES = ("application/xml", "text/xml")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_ERRNO_PREFIX = re.compile(r"^\[Errno -?\d+\]\s*")


def is_http_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://")) and bool(urlsplit(value).netloc)


@dataclass
class _Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # media type only, lower case
    charset: str | None


def _connect_reason(exc: Exception) -> str:
    reason = _ERRNO_PREFIX.sub("", str(exc).strip()) or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def _fetch(url: str, ctx: ReadContext) -> _Fetched:
    if not is_http_url(url):
        raise InputError(url, NOT_HTTP)
    client = ctx.http()
    # keep a caller's own User-Agent; replace only httpx's default one
    own_agent = not client.headers.get("user-agent", "").startswith("python-httpx")
    headers = {} if own_agent else {"User-Agent": USER_AGENT}
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code >= 400:
                raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > ctx.max_bytes:
                raise InputError(url, too_large("page", int(declared), ctx.max_bytes))
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > ctx.max_bytes:
                    raise InputError(
                        url,
                        f"page is over the {format_size(ctx.max_bytes)} limit (SITREP_MAX_INPUT_BYTES)",
                    )
            media_type, _, params = response.headers.get("content-type", "").partition(";")
            return _Fetched(
                url=str(response.url),
                data=bytes(data),
                content_type=media_type.strip().lower(),
                charset=response.charset_encoding,
            )
    except httpx.TimeoutException as exc:
        raise InputError(url, "timed out") from exc
    except httpx.ConnectError as exc:
        raise InputError(url, f"could not connect ({_connect_reason(exc)})") from exc
    except httpx.TooManyRedirects as exc:
        raise InputError(url, "too many redirects") from exc
    except httpx.UnsupportedProtocol as exc:
        # a redirect to ftp:// or similar
        raise InputError(url, NOT_HTTP) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise InputError(url, f"could not fetch ({_connect_reason(exc)})") from exc


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    if content_type in _FEED_TYPES:
        return True
    head = data[:2048].lstrip()
    if _FEED_ROOT.search(head):
        return True
    # an XML document that is not a feed (a sitemap, say) is still offered to the feed parser so
    # that the user hears "not a valid RSS/Atom feed" rather than "no article text found"
    return content_type in _XML_TYPES or head.startswith(b"<?xml") and b"<html" not in head.lower()


def _article(fetched: _Fetched) -> Article:
    try:
        return extract_article(decode_html(fetched.data, fetched.charset), url=fetched.url)
    except (DecodeError, ExtractionError) as exc:
        raise InputError(fetched.url, str(exc)) from exc


def _page_document(fetched: _Fetched) -> Document:
    article = _article(fetched)
    return new_document(
        article.text,
        title=article.title,
        url=fetched.url,
        source=article.site_name,
        published=article.published,
    )


def read_url(url: str, ctx: ReadContext) -> Iterator[Item]:
    """A page as one Document, or a feed as one Document per item."""
    try:
        fetched = _fetch(url, ctx)
    except InputError as exc:
        yield SourceError(exc.source, exc.problem)
        return
    if looks_like_feed(fetched.data, fetched.content_type):
        yield from read_feed(fetched.data, url, ctx, base_url=fetched.url)
        return
    try:
        yield _page_document(fetched)
    except InputError as exc:
        yield SourceError(url, exc.problem)


def _entry_published(entry: Any) -> str | None:
    for key in ("published", "updated"):
        if entry.get(key):
            value = normalize_published(entry.get(key))
            if value:
                return value
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            value = normalize_published(parsed)
            if value:
                return value
    return None


def read_feed(data: bytes, label: str, ctx: ReadContext, base_url: str | None = None) -> Iterator[Item]:
    """Every item of an RSS/Atom feed given as bytes; items' pages are fetched and extracted."""
    headers = {"content-location": base_url} if base_url else {}
    try:
        # bytes, never a string: given a string feedparser would treat it as a URL and fetch it
        feed = feedparser.parse(data, response_headers=headers)
    except Exception:  # feedparser's own errors on hostile input; the feed is unusable either way
        yield SourceError(label, NOT_A_FEED)
        return
    # feedparser recovers what it can from broken XML; a broken feed that yielded no items is
    # unusable, whereas an encoding or content-type complaint alone is harmless
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    broken = feed.get("bozo") and not isinstance(feed.get("bozo_exception"), benign)
    if not feed.get("version") or (broken and not feed.entries):
        yield SourceError(label, NOT_A_FEED)
        return
    feed_title = (feed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(feed.entries, start=1):
        link = (entry.get("link") or "").strip()
        if not link:
            yield SourceError(f"{label} item {number}", "feed item has no link")
            continue
        link = urljoin(base_url or "", link)
        try:
            fetched = _fetch(link, ctx)
            article = _article(fetched)
        except InputError as exc:
            yield SourceError(link, exc.problem)
            continue
        entry_title = " ".join(str(entry.get("title") or "").split()) or None
        yield new_document(
            article.text,
            title=article.title or entry_title,
            url=fetched.url,
            source=feed_title or article.site_name,
            # the page's own date first; the feed's is still metadata, better than a dateline
            published=article.published or _entry_published(entry),
        )


def read_opml(data: bytes, label: str, ctx: ReadContext) -> Iterator[Item]:
    """Every feed listed in an OPML file (``outline`` elements with an ``xmlUrl``)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        yield SourceError(label, f"not a valid OPML file ({exc})")
        return
    if root.tag.lower() != "opml":
        yield SourceError(label, f"not a valid OPML file (root element is <{root.tag}>, not <opml>)")
        return
    urls = [o.get("xmlUrl", "").strip() for o in root.iter("outline") if o.get("xmlUrl", "").strip()]
    if not urls:
        yield SourceError(label, "the OPML file lists no feeds (no outline has an xmlUrl)")
        return
    for url in urls:
        yield from read_url(url, ctx)
