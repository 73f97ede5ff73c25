"""Browser tests: a real ``sitrep serve`` over a fresh store, driven by Debian's chromium.

The store holds the seed articles, the first ``ISAF_RELEASES`` ISAF releases and one hostile
article. The server is the CLI command in a subprocess on a free loopback port. Every request a
page makes is recorded, and anything not addressed to 127.0.0.1 is aborted and fails the test;
so do dialogs (a script that ran) and Content-Security-Policy refusals (markup that tried to).

Playwright drives the system chromium (``executable_path``): its own browser download needs a
CDN, which these machines cannot reach. Without playwright or chromium the folder is skipped,
except under ``CI=true``, where ``.ci/run`` installs chromium and a missing browser is a failure.
Screenshots of every page visited go to ``build/artifacts/screenshots/`` for people to look at.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, Route

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
SCREENSHOTS = REPO / "build" / "artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium"))
ISAF_RELEASES = 60
LOOPBACK = "127.0.0.1"
SERVER_START_SECONDS = 60

# Markup in the title, body and source: it must be shown as text and never run.
HOSTILE = {
    "title": 'Hostile <script>alert("title")</script><img src=x onerror=alert("title-img")> report',
    "text": (
        "KABUL, Afghanistan (Feb. 3, 2013)\n"
        'The Taliban posted <script>alert("body")</script> and <img src=x onerror=alert("img")> '
        'with <a href="javascript:alert(3)" onclick="alert(4)">a link</a> and <b>bold</b> text. '
        "Afghan forces detained two insurgents in Kandahar province, officials said.\n\n"
        'Zabihullah Mujahid, a Taliban spokesman, said: "<svg onload=alert(5)></svg> we will fight."'
    ),
    "source": '<i onmouseover="alert(6)">Evil</i> Wire',
    "url": "javascript:alert(7)",
}


def _missing_browser() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium; .ci/run does it)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing_browser()
    if reason is None:
        return
    here = Path(__file__).parent
    ours = [item for item in items if here in Path(str(item.path)).parents]
    if os.environ.get("CI") == "true":
        return  # under CI a missing browser fails the tests (the browser fixture says why)
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


# --- the store and the server -------------------------------------------------------------------


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from sitrep.ingest import ingest
    from sitrep.pipeline.analyze import default_pipeline
    from sitrep.store import open_store

    folder = tmp_path_factory.mktemp("browser")
    corpus = folder / "corpus.jsonl"
    # split on newlines only: splitlines() would also cut at U+2028 inside JSON strings
    releases = (SAMPLES / "isaf_press_releases.jsonl").read_text(encoding="utf-8").split("\n")
    releases = [line for line in releases if line.strip()][:ISAF_RELEASES]
    corpus.write_text("\n".join([*releases, json.dumps(HOSTILE)]) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'browser.sqlite3'}"
    store = open_store(url)
    try:
        report = ingest([*map(str, sorted(SAMPLES.glob("*.txt"))), str(corpus)], store, default_pipeline())
    finally:
        store.close()
    assert report.failed == 0, report.errors
    return url


def _serve() -> Any:
    """``serve`` of ``benchmarks/web.py``: the one way the project starts ``sitrep serve`` for a
    client (RuntimeError with the server's output when it does not come up)."""
    name = "sitrep_benchmarks_web"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "web.py")
        assert spec and spec.loader
        sys.modules[name] = importlib.util.module_from_spec(spec)  # dataclasses look it up by name
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name].serve


@pytest.fixture(scope="session")
def server(store_url: str) -> Iterator[str]:
    """``sitrep serve`` on a free loopback port, as a user starts it; its base URL."""
    with _serve()(store_url, ready="/api/stats", start_seconds=SERVER_START_SECONDS) as (base, _pid):
        yield base


def page_status(server: str, path: str) -> int:
    """The HTTP status of ``path``, to skip tests of pages that are not built yet."""
    return httpx.get(server + path, timeout=30).status_code


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    reason = _missing_browser()
    if reason:
        # reached only under CI=true (elsewhere the tests were skipped): a broken CI setup
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # --no-sandbox: CI runs as root, where chromium's sandbox refuses to start
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@dataclass
class Watch:
    """What the pages of one test did that they must not: foreign requests, dialogs, CSP refusals."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"request left {LOOPBACK}: {u}" for u in self.foreign]
            + [f"a dialog opened: {d}" for d in self.dialogs]
            + [f"CSP refused: {c}" for c in self.refused]
        )


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    # data: URLs never leave the page; about:blank is the empty page a tab starts on
    return parts.scheme in ("data", "about") or (
        parts.scheme in ("http", "https") and parts.hostname == LOOPBACK
    )


@pytest.fixture()
def watch() -> Watch:
    return Watch()


@contextmanager
def watched_page(browser: Browser, watch: Watch) -> Iterator[Page]:
    """A page in a fresh context whose requests, dialogs and CSP refusals go to ``watch``."""
    context = browser.new_context(viewport={"width": 1366, "height": 800})

    def on_request(request: Request) -> None:
        watch.requests.append(request.url)

    def route(route: Route) -> None:
        # nothing may leave the machine; a request that tries is recorded and never sent
        if _is_local(route.request.url):
            route.continue_()
        else:
            watch.foreign.append(route.request.url)
            route.abort()

    def on_dialog(dialog: Dialog) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            watch.refused.append(message.text)

    context.on("request", on_request)
    context.route("**/*", route)
    pg = context.new_page()
    pg.on("dialog", on_dialog)
    pg.on("console", on_console)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture()
def page(browser: Browser, watch: Watch, server: str) -> Iterator[Page]:
    """A watched page; the test fails if it sent a request off loopback, opened a dialog or had
    anything refused by the Content-Security-Policy."""
    with watched_page(browser, watch) as pg:
        yield pg
    assert not watch.problems(), "\n".join(watch.problems())


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot under build/artifacts/screenshots/, for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def focus_ring(page: Page) -> dict[str, Any]:
    """The focused element and whether the browser draws a visible focus indicator on it."""
    result: dict[str, Any] = page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return {tag: null};
            const s = getComputedStyle(el);
            const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
            return {
                tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute("href"),
                inHit: !!el.closest(".hit"), visible: el.matches(":focus-visible"),
                ring: outline || (s.boxShadow && s.boxShadow !== "none"),
            };
        }"""
    )
    return result
