"""Main text, title, date and site name of an HTML page, by trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import trafilatura

from sitrep.sources.published import normalize_published

NO_TEXT = "no article text found"
# Fewer letters than this is a menu or a cookie banner that trafilatura kept, not an article.
_MIN_LETTERS = 20


@dataclass
class Article:
    text: str
    title: str | None
    published: str | None
    site_name: str | None


class ExtractionError(ValueError):
    """No article in the page; the message is user-facing."""


def extract_article(html: str, url: str | None = None) -> Article:
    try:
        result = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup; one page's problem
        raise ExtractionError(f"could not parse the HTML ({type(exc).__name__})") from exc
    if result is None or isinstance(result, dict):
        raise ExtractionError(NO_TEXT)
    text = result.text or ""
    if sum(c.isalpha() for c in text) < _MIN_LETTERS:
        raise ExtractionError(NO_TEXT)
    site_name = result.sitename or None
    if not site_name and url:
        # the host is the best outlet name a page without metadata offers
        host = urlsplit(url).hostname or ""
        site_name = host.removeprefix("www.") or None
    return Article(
        text=text,
        title=result.title or None,
        published=normalize_published(result.date),
        site_name=site_name,
    )
