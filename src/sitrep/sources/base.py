"""What every source shares: the per-item error, read settings and the lazily made HTTP client."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

import httpx

from sitrep import __version__
from sitrep.model import Document

USER_AGENT = f"sitrep/{__version__}"
# Generous read timeout: official sites on slow links are the normal case, not the exception.
HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


@dataclass
class SourceError:
    """One input item (file, corpus line, URL, feed item) that could not be read; iteration goes on."""

    input: str  # "corpus.jsonl:5", "https://...", "path/file.txt"
    message: str  # one line that names the problem

    def __str__(self) -> str:
        return f"{self.input}: {self.message}"


Item: TypeAlias = Document | SourceError


@dataclass
class ReadContext:
    max_bytes: int
    client: httpx.Client | None = None
    _own_client: httpx.Client | None = field(default=None, repr=False)

    def http(self) -> httpx.Client:
        if self.client is not None:
            return self.client
        if self._own_client is None:
            self._own_client = httpx.Client(
                timeout=HTTP_TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
            )
        return self._own_client

    def close(self) -> None:
        if self._own_client is not None:
            self._own_client.close()
            self._own_client = None


def format_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def too_large(what: str, size: int, limit: int) -> str:
    return f"{what} is {format_size(size)}, over the {format_size(limit)} limit (SITREP_MAX_INPUT_BYTES)"
