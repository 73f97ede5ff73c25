"""Fixtures for the sources tests: a local HTTP server with pages and feeds, and the seeds folder."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.sources.local_site import Site, routes


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    holder: dict[str, Site] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            served = holder["site"]
            served.requests.append((self.path, self.headers.get("User-Agent", "")))
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/article.html")
                self.end_headers()
                return
            if self.path == "/slow":
                time.sleep(1.5)
            if self.path == "/big-unannounced.html":
                # no Content-Length: the reader must stop on its own once over the limit
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html><body>" + b"y " * 150_000 + b"</body></html>")
                self.close_connection = True
                return
            route = routes(served.base).get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            status, content_type, body = route
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            # clients in these tests hang up on purpose (size limit, timeout); nothing to report
            pass

    server = QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    holder["site"] = Site(base=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder["site"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    # trust_env off: a proxy from the environment must not see requests to 127.0.0.1
    with httpx.Client(trust_env=False, follow_redirects=True, timeout=5.0) as c:
        yield c


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing"


@pytest.fixture
def seeds_dir() -> Path:
    env = os.environ.get("SITREP_SHARED_DATA")
    candidates = [Path(env) / "seeds", Path(env).parent / "seeds"] if env else []
    # the shared folder is a sibling of the repository root
    candidates.append(Path(__file__).resolve().parents[2].parent / "shared" / "seeds")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    pytest.skip("seeds folder ../shared/seeds not found next to the repository (set SITREP_SHARED_DATA)")
