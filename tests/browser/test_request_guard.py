"""The guards every browser test relies on catch what they are for: a request to another host is
recorded and never sent, markup the Content-Security-Policy refuses is reported, a dialog is
seen. Without these, a silent watch would prove nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import Watch, watched_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# TEST-NET-1 (RFC 5737): never routed, so even a guard that failed could not reach anyone
ELSEWHERE = "http://192.0.2.1/asset.png"


def test_a_request_to_another_host_is_recorded_and_blocked(browser: Browser, server: str) -> None:
    from playwright.sync_api import Error

    watch = Watch()
    with watched_page(browser, watch) as page:
        page.goto(server + "/")
        with pytest.raises(Error):
            page.goto(ELSEWHERE)
    assert watch.foreign == [ELSEWHERE]
    assert any(u.startswith(server) for u in watch.requests)
    assert watch.problems() == [f"request left 127.0.0.1: {ELSEWHERE}"]


def test_markup_the_csp_refuses_and_dialogs_are_reported(browser: Browser, server: str) -> None:
    watch = Watch()
    with watched_page(browser, watch) as page:
        page.goto(server + "/")
        # what an escaping bug would let through: an inline handler and an image from elsewhere
        page.evaluate(
            """(src) => {
                const div = document.createElement("div");
                div.innerHTML = `<img src="${src}"><script>alert(1)<\\/script>`;
                document.body.appendChild(div);
                const s = document.createElement("script");
                s.textContent = "alert('inline')";
                document.body.appendChild(s);
            }""",
            ELSEWHERE,
        )
        page.wait_for_timeout(300)
        assert watch.refused, "the CSP refusals were not reported"
        assert watch.foreign == []  # the CSP stopped the image before any request
        page.evaluate("() => setTimeout(() => alert('from the test'), 0)")  # what a guard must see
        page.wait_for_timeout(300)
    assert watch.dialogs == ["alert: from the test"]
