"""Inputs to Documents: files, folders, stdin (JSON Lines), web pages, RSS/Atom feeds, OPML.

``read_inputs`` yields, in input order, one ``Document`` (always made by
``sitrep.documents.new_document``) or one ``SourceError`` per item; a bad item never stops the
others. What an input can be:

- ``-``: JSON Lines on stdin, so commands compose with pipes;
- an ``http(s)://`` URL: a page (main text, title, date and site name by trafilatura) or an
  RSS/Atom feed (every item's page fetched and extracted); other schemes are refused;
- a file, by extension: ``.txt`` (title None), ``.md``/``.markdown`` (kept as written; the title
  is the first ``# heading``), ``.html``/``.htm`` (main text), ``.jsonl``/``.ndjson``, ``.csv``,
  ``.json`` (one record per document: ``text``, ``title``, ``url``, ``published``, ``source``,
  ``language``), ``.xml``/``.rss``/``.atom`` (a feed), ``.opml`` (a list of feeds); any other
  extension is read as plain text;
- a folder: its ``.txt .md .markdown .html .htm .xhtml .jsonl .ndjson .csv`` files,
  recursively, sorted by path; hidden files and everything else (``.json`` gold files, feeds,
  images) are skipped silently.

Text files may be UTF-8 (with or without BOM), UTF-16/32 with a BOM, or a legacy encoding
told by detection (cp1251, KOI8-R ...). Files and pages over ``max_bytes`` (default
``SITREP_MAX_INPUT_BYTES``) are refused; for corpora the limit applies to each record. The
publication date comes from metadata, else from the dateline (in ``new_document``), never from
the time of reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx

from sitrep import config
from sitrep.model import Document
from sitrep.sources import corpus, files, web
from sitrep.sources.base import Item, ReadContext, SourceError

__all__ = ["SourceError", "read_inputs", "Item"]

NO_SUCH_INPUT = "no such file, folder or URL"
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def read_inputs(
    inputs: Iterable[str], *, client: httpx.Client | None = None, max_bytes: int | None = None
) -> Iterator[Document | SourceError]:
    """One Document or SourceError per item of every input, in input order.

    ``client`` is used for every fetch when given (tests, proxies); otherwise one is made on the
    first URL and closed when the iteration ends.
    """
    ctx = ReadContext(max_bytes=config.max_input_bytes() if max_bytes is None else max_bytes, client=client)
    try:
        for raw in inputs:
            yield from _read_input(raw, ctx)
    finally:
        ctx.close()


def _read_input(raw: str, ctx: ReadContext) -> Iterator[Item]:
    if raw == "-":
        yield from corpus.read_stdin(ctx)
        return
    if web.is_http_url(raw):
        yield from web.read_url(raw, ctx)
        return
    path = Path(raw)
    try:
        is_dir, exists = path.is_dir(), path.exists()
    except OSError as exc:  # a name the OS refuses (too long, bad characters)
        yield SourceError(raw, f"cannot read: {exc.strerror or exc}")
        return
    if is_dir:
        yield from files.read_folder(path, raw, ctx)
    elif exists:
        yield from files.read_file(path, raw, ctx)
    elif raw.lower().startswith(("http:", "https:")):
        yield SourceError(raw, "not a valid URL")
    elif _URL_SCHEME.match(raw):
        yield SourceError(raw, web.NOT_HTTP)
    else:
        yield SourceError(raw, NO_SUCH_INPUT)
