"""The pages and feeds the local test HTTP server serves."""

from __future__ import annotations

from dataclasses import dataclass, field

ARTICLE_TEXT = (
    "Foreign ministers from the Collective Security Treaty Organization (CSTO) expressed readiness "
    "to contribute to global efforts to promote peace and development in Afghanistan."
)


def article_html(title: str, body: str, published: str | None = None, site: str = "Example News") -> str:
    date_meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (
        f"<!DOCTYPE html><html><head><title>{title} | {site}</title>"
        f'<meta property="og:site_name" content="{site}"><meta property="og:title" content="{title}">'
        f"{date_meta}</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1><p>{body}</p>"
        "<p>In a joint statement issued following their annual meeting in Bishkek, the ministers said "
        "they are committed to helping Afghanistan become a peaceful and stable nation.</p></article>"
        "<footer>Copyright Example News</footer></body></html>"
    )


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Security Wire</title><link>{base}/</link>
<description>Regional security news</description>
<item><title>CSTO ministers meet</title><link>{base}/article.html</link>
<pubDate>Wed, 05 Nov 2025 10:00:00 GMT</pubDate></item>
<item><title>Border talks without a date on the page</title><link>/undated.html</link>
<pubDate>Thu, 06 Nov 2025 08:30:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/missing</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom Desk</title><id>urn:x</id>
<updated>2025-11-06T00:00:00Z</updated>
<entry><title>Undated page via Atom</title><id>urn:1</id><link href="{base}/undated.html"/>
<updated>2025-11-07T09:00:00Z</updated></entry>
</feed>"""

BAD_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><link>"""


@dataclass
class Site:
    base: str
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def routes(base: str) -> dict[str, tuple[int, str, bytes]]:
    html = "text/html; charset=utf-8"
    ru_body = "Министр иностранных дел России заявил, что ОДКБ готова помочь Афганистану. " * 3
    return {
        "/article.html": (
            200,
            html,
            article_html("CSTO ministers meet in Bishkek", ARTICLE_TEXT, "2025-11-05T10:00+03:00").encode(),
        ),
        "/undated.html": (
            200,
            html,
            article_html("Border talks", ARTICLE_TEXT.replace("CSTO", "SCO")).encode(),
        ),
        "/ru.html": (
            200,
            "text/html; charset=windows-1251",
            article_html("Заявление МИД", ru_body, "2025-11-05", site="ТАСС").encode("cp1251"),
        ),
        "/empty.html": (200, html, b"<html><head><title>Nothing here</title></head><body></body></html>"),
        "/rss.xml": (200, "application/rss+xml", RSS.format(base=base).encode()),
        "/feed-served-as-html": (200, "text/html", RSS.format(base=base).encode()),
        "/atom.xml": (200, "application/atom+xml", ATOM.format(base=base).encode()),
        "/bad-feed.xml": (200, "application/rss+xml", BAD_FEED.encode()),
        "/big.html": (200, html, b"<html><body><p>" + b"x " * 150_000 + b"</p></body></html>"),
    }
