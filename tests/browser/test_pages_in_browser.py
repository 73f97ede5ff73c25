"""The analyst's path through the web UI in a real browser: search, read, follow an actor, use the
keyboard, survive hostile text and bad queries, see the map and the network draw.
Each test also passes only if its pages made no request beyond 127.0.0.1, opened no dialog and
had nothing refused by the Content-Security-Policy (see conftest.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from tests.browser.conftest import HOSTILE, focus_ring, page_status, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.browser.conftest import Watch

TIMEOUT_MS = 30_000
MAX_TABS = 40


def assert_fits_the_width(page: Page, label: str) -> None:
    """Readable on a laptop or a narrow window: nothing makes the page scroll sideways."""
    for width in (1366, 1024, 800):
        page.set_viewport_size({"width": width, "height": 800})
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"{label} scrolls sideways at {width} px: {scroll} > {client}"
    page.set_viewport_size({"width": 1366, "height": 800})


def _search(page: Page, server: str, text: str) -> None:
    page.goto(server + "/")
    page.fill("#text", text)
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.press("#text", "Enter")


def test_search_shows_highlighted_hits(page: Page, server: str, watch: Watch) -> None:
    _search(page, server, "Taliban")
    # the recorder sees what the page loads (so its silence about other hosts means something)
    assert {server + "/static/sitrep.css", server + "/static/sitrep.js"} <= set(watch.requests)
    assert page.url.startswith(server + "/?") and "text=Taliban" in page.url
    hits = page.locator("ol.hits li.hit")
    assert hits.count() > 0
    marks = page.locator("ol.hits .snippet mark")
    assert marks.count() > 0
    assert all(m.lower() == "taliban" for m in marks.all_inner_texts())
    assert page.locator("#text").input_value() == "Taliban"
    screenshot(page, "search-taliban")


def test_document_highlights_actors_and_quotes_and_links_to_the_actor(page: Page, server: str) -> None:
    _search(page, server, '"Collective Security Treaty Organization"')
    first = page.locator("ol.hits li.hit h2 a").first
    with page.expect_navigation(timeout=TIMEOUT_MS):
        first.click()
    assert "/documents/" in page.url
    text = page.locator("article.document .text")
    actors = text.locator(".hl.actor")
    assert actors.count() > 0
    assert text.locator(".hl.quote").count() > 0
    # each quote highlight has its record in the side panel
    assert page.locator("aside.panel li[id^=quote-]").count() == text.locator(".hl.quote").count()
    screenshot(page, "document-csto")
    assert_fits_the_width(page, "the CSTO document")

    name = actors.first.inner_text().strip()
    with page.expect_navigation(timeout=TIMEOUT_MS):
        actors.first.click()
    assert "/actors/" in page.url
    assert page.locator("h1").count() == 1
    heading = page.locator("h1").inner_text()
    # the page is the actor's: the highlighted name is its canonical name or one of its aliases
    assert name.lower() in page.locator("main").inner_text().lower(), (name, heading)
    screenshot(page, "actor-from-document")


def test_a_quote_highlight_opens_its_record(page: Page, server: str) -> None:
    _search(page, server, '"Collective Security Treaty Organization"')
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.locator("ol.hits li.hit h2 a").first.click()
    quote_mark = page.locator("article.document .text .hl.quote").first
    ref = quote_mark.get_attribute("data-ref")
    assert ref and ref.startswith("quote-")
    # click the quote's own words, not a link to an actor or event highlighted inside it
    point = quote_mark.evaluate(
        """(span) => {
            const walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (node.parentElement.closest("a") || !node.textContent.trim()) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                const r = range.getClientRects()[0];
                if (r) return {x: r.left + r.width / 2, y: r.top + r.height / 2};
            }
            return null;
        }"""
    )
    assert point, "the quote has no words of its own outside links"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function(f"location.hash === '#{ref}'", timeout=TIMEOUT_MS)
    assert page.locator(f"#{ref}").is_visible()


def test_keyboard_reaches_the_search_box_and_a_result_with_visible_focus(page: Page, server: str) -> None:
    page.goto(server + "/?text=" + quote("insurgents"))
    # start from the top of the page, as after arriving by a link (the box has autofocus): a
    # click on the header's empty right end moves the sequential focus start there
    box = page.locator("header.top").bounding_box()
    assert box
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + 3)
    assert focus_ring(page)["tag"] is None
    seen: list[dict[str, object]] = []
    search_box = result = None
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focus_ring(page)
        seen.append(now)
        if now["id"] == "text" and search_box is None:
            search_box = now
            screenshot(page, "keyboard-search-box")
        if now["inHit"] and now["tag"] == "a":
            result = now
            screenshot(page, "keyboard-result-link")
            break
    assert search_box is not None, f"Tab never reached the search box: {seen}"
    assert result is not None, f"Tab never reached a result link: {seen}"
    for focused in (search_box, result):
        assert focused["visible"] and focused["ring"], f"no visible focus on {focused}"
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.keyboard.press("Enter")
    assert "/documents/" in page.url


def test_hostile_article_is_shown_as_text_everywhere(page: Page, server: str, watch: Watch) -> None:
    _search(page, server, "onerror")
    hit = page.locator("ol.hits li.hit")
    assert hit.count() == 1
    title = hit.locator("h2").inner_text()
    assert "<script>" in title and "onerror=" in title
    screenshot(page, "hostile-search")
    with page.expect_navigation(timeout=TIMEOUT_MS):
        hit.locator("h2 a").click()
    assert page.locator("h1").inner_text().strip() == HOSTILE["title"]
    body = page.locator("article.document .text").inner_text()
    for fragment in ('<script>alert("body")</script>', "<img src=x onerror=", "<b>bold</b>", "<svg onload="):
        assert fragment in body
    assert "<i onmouseover=" in page.locator("main").inner_text()  # the source, as text
    # the only elements are the page's own: no script, image, svg or bold came from the text
    counts = page.evaluate(
        """() => ({
            scripts: [...document.scripts].map(s => s.getAttribute("src")),
            injected: document.querySelectorAll("main img, main svg, main b, main i[onmouseover]").length,
            handlers: [...document.querySelectorAll("*")].filter(
                el => [...el.attributes].some(a => a.name.startsWith("on"))).length,
            jsLinks: [...document.querySelectorAll("a[href]")].filter(
                a => a.getAttribute("href").trim().toLowerCase().startsWith("javascript:")).length,
        })"""
    )
    assert counts == {"scripts": ["/static/sitrep.js"], "injected": 0, "handlers": 0, "jsLinks": 0}
    for highlight in page.locator("article.document .text .hl").all()[:10]:
        highlight.hover()
    screenshot(page, "hostile-document")
    assert_fits_the_width(page, "the hostile document")
    page.goto(server + "/actors")  # the hostile source may reach the lists too
    assert not watch.dialogs


def test_search_syntax_error_is_a_friendly_message(page: Page, server: str) -> None:
    _search(page, server, '"unclosed phrase')
    assert page.locator("section.error h1").inner_text() == "Cannot run this search"
    message = page.locator("section.error .message").inner_text()
    assert message and "Traceback" not in page.content()
    # the bad query stays in a search box to be corrected in place
    assert page.locator("#text").input_value() == '"unclosed phrase'
    screenshot(page, "search-syntax-error")
    page.fill("#text", "unclosed phrase")
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.press("#text", "Enter")
    assert page.locator("section.error").count() == 0


def test_map_draws_markers_that_open_events(page: Page, server: str) -> None:
    if page_status(server, "/map") == 404:
        pytest.skip("/map is not built yet (issue 5, in progress): this test goes live when it lands")
    page.goto(server + "/map")
    markers = page.locator("svg#map .marker")
    assert markers.count() > 0
    link = markers.first.locator("xpath=ancestor-or-self::*[local-name()='a'][1]")
    href = link.get_attribute("href") or link.get_attribute("xlink:href")
    assert href and "/events?place=" in href
    screenshot(page, "map")
    # the marker is a link a keyboard reaches: open the place's events with Enter
    place = (markers.first.locator("title").text_content() or "").split(" (")[0].strip()
    assert place
    link.focus()
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.keyboard.press("Enter")
    assert "/events?" in page.url and "place=" in page.url
    assert place in page.locator("main").inner_text()
    screenshot(page, "map-place-events")


def test_network_draws_nodes_that_open_actors(page: Page, server: str) -> None:
    if page_status(server, "/network") == 404:
        pytest.skip("/network is not built yet (issue 5, in progress): this test goes live when it lands")
    page.goto(server + "/network")
    nodes = page.locator("svg#network .node")
    assert nodes.count() > 0
    link = nodes.first.locator("xpath=ancestor-or-self::*[local-name()='a'][1]")
    href = link.get_attribute("href") or link.get_attribute("xlink:href")
    assert href and "/actors/" in href
    screenshot(page, "network")
    title = nodes.first.locator("title").text_content() or ""
    link.focus()
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.keyboard.press("Enter")
    assert "/actors/" in page.url
    name = page.locator("h1").inner_text().strip()
    assert name and name in title, (name, title)


PAGES = ("/", "/actors", "/events", "/quotes", "/commitments", "/map", "/network")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_locally(page: Page, server: str, path: str) -> None:
    if page_status(server, path) == 404:
        pytest.skip(f"{path} is not built yet (issue 5, in progress)")
    response = page.goto(server + path)
    assert response is not None and response.status == 200
    assert page.locator("main").inner_text().strip()
    # every asset the page asked for was served
    broken = page.evaluate(
        """() => [...document.querySelectorAll("link[rel=stylesheet], script[src], img[src]")]
                 .map(el => el.href || el.src).filter(Boolean)"""
    )
    for url in broken:
        assert page.request.get(url).status == 200, url
    screenshot(page, "page" + path.replace("/", "-").rstrip("-") if path != "/" else "page-search")
    assert_fits_the_width(page, path)


def test_keyboard_reaches_a_highlighted_actor_in_a_document_and_opens_it(page: Page, server: str) -> None:
    _search(page, server, '"Collective Security Treaty Organization"')
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.locator("ol.hits li.hit h2 a").first.click()
    box = page.locator("header.top").bounding_box()
    assert box
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + 3)
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focus_ring(page)
        seen.append(now)
        in_text = page.evaluate("() => !!document.activeElement.closest('article.document .text .hl.actor')")
        if in_text:
            break
    else:
        pytest.fail(f"Tab never reached an actor highlight in the text: {seen}")
    assert now["visible"] and now["ring"], f"no visible focus on {now}"
    screenshot(page, "keyboard-document-actor")
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.keyboard.press("Enter")
    assert "/actors/" in page.url and page.locator("h1").inner_text().strip()
