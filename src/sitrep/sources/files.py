"""Files and folders: plain text, Markdown, HTML, corpora (JSONL, CSV, JSON), feed files, OPML."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from sitrep.documents import new_document
from sitrep.errors import InputError
from sitrep.sources import corpus, web
from sitrep.sources.base import Item, ReadContext, SourceError, too_large
from sitrep.sources.decoding import DecodeError, decode_html, decode_text
from sitrep.sources.extract import ExtractionError, extract_article

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
# A folder is read for documents and corpora only. JSON files there are usually gold data or
# settings (the seeds' *.gold.json), and feed files would start fetching from the web.
FOLDER_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | {".csv"}

_MARKDOWN_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _read_bytes(path: Path, label: str, ctx: ReadContext) -> bytes:
    try:
        size = path.stat().st_size
        if size > ctx.max_bytes:
            raise InputError(label, too_large("file", size, ctx.max_bytes))
        return path.read_bytes()
    except OSError as exc:
        raise InputError(label, f"cannot read: {exc.strerror or exc}") from exc


def _text_item(data: bytes, label: str, markdown: bool) -> Item:
    try:
        text = decode_text(data)
    except DecodeError as exc:
        return SourceError(label, str(exc))
    title = None
    if markdown:
        # offsets refer to the stored text, so the Markdown is kept as written; only the title is read
        heading = _MARKDOWN_TITLE.search(text)
        title = heading.group(1) if heading else None
    return new_document(text, title=title, path=label)


def _html_item(data: bytes, label: str) -> Item:
    try:
        article = extract_article(decode_html(data))
    except (DecodeError, ExtractionError) as exc:
        return SourceError(label, str(exc))
    return new_document(
        article.text, title=article.title, published=article.published, source=article.site_name, path=label
    )


def read_file(path: Path, label: str, ctx: ReadContext) -> Iterator[Item]:
    """The documents in one file, by its extension; an unknown extension is read as plain text."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        # streamed line by line: the size limit applies to each line, not to the corpus
        yield from corpus.read_jsonl_file(path, label, ctx)
        return
    if suffix == ".csv":
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield SourceError(label, f"cannot read: {exc.strerror or exc}")
            return
        yield from corpus.read_csv_file(data, label, ctx)
        return
    try:
        data = _read_bytes(path, label, ctx)
    except InputError as exc:
        yield SourceError(exc.source, exc.problem)
        return
    if suffix == ".json":
        yield from corpus.read_json_file(data, label, ctx)
    elif suffix == ".opml":
        yield from web.read_opml(data, label, ctx)
    elif suffix in FEED_SUFFIXES:
        yield from web.read_feed(data, label, ctx)
    elif suffix in HTML_SUFFIXES:
        yield _html_item(data, label)
    else:
        yield _text_item(data, label, markdown=suffix in MARKDOWN_SUFFIXES)


def folder_files(folder: Path) -> list[Path]:
    """Readable files under ``folder``, recursively, sorted by path; hidden ones left out."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or name.endswith("~"):
                continue
            path = Path(root) / name
            if path.suffix.lower() in FOLDER_SUFFIXES:
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def read_folder(folder: Path, label: str, ctx: ReadContext) -> Iterator[Item]:
    files = folder_files(folder)
    if not files:
        kinds = ", ".join(sorted(FOLDER_SUFFIXES))
        yield SourceError(label, f"no files to read in this folder (looked for {kinds})")
        return
    for path in files:
        yield from read_file(path, str(path), ctx)
