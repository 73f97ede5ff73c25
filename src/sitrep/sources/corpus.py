"""Corpora of many documents: JSON Lines (files and stdin), CSV and JSON, one record per document.

Each record has ``text`` and optionally ``title``, ``url``, ``published``, ``source`` and
``language``; other fields are ignored. A bad record is one SourceError naming ``file:LINE``
(JSON Lines), ``file:ROW`` (CSV; the header is row 1, as in a spreadsheet) or ``file:N``
(the N-th object of a JSON array), and the other records are still read.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.documents import new_document
from sitrep.errors import InputError
from sitrep.model import Document
from sitrep.sources.base import Item, ReadContext, SourceError, too_large
from sitrep.sources.decoding import DecodeError, decode_text
from sitrep.sources.published import normalize_published

STRING_FIELDS = ("title", "url", "source", "language")
STDIN_LABEL = "<stdin>"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def document_from_record(record: object, label: str, path: str | None = None) -> Document:
    """A Document from one corpus record; raises InputError naming ``label`` when it is unusable."""
    if not isinstance(record, dict):
        raise InputError(label, f"expected a JSON object with a 'text' field, got {_json_type(record)}")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError(label, f"'text' must be a string, not {_json_type(text)}")
    if not text or not text.strip():
        raise InputError(label, "no text: the 'text' field is missing or empty")
    fields: dict[str, str | None] = {}
    for name in STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(label, f"'{name}' must be a string, not {_json_type(value)}")
        fields[name] = (value.strip() or None) if isinstance(value, str) else None
    return new_document(
        text,
        title=fields["title"],
        url=fields["url"],
        source=fields["source"],
        language=fields["language"],
        # a malformed date is noise: the document is kept and dated from its dateline instead
        published=normalize_published(record.get("published")),
        path=path,
    )


def read_jsonl_lines(
    lines: Iterable[bytes | str], name: str, ctx: ReadContext, path: str | None = None
) -> Iterator[Item]:
    for number, raw in enumerate(lines, start=1):
        label = f"{name}:{number}"
        size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", errors="replace"))
        if size > ctx.max_bytes:
            yield SourceError(label, too_large("line", size, ctx.max_bytes))
            continue
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield SourceError(label, "line is not valid UTF-8 (JSON Lines must be UTF-8)")
                continue
        else:
            line = raw
        line = line.rstrip("\r\n")
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceError(label, f"not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        try:
            yield document_from_record(record, label, path)
        except InputError as exc:
            yield SourceError(exc.source, exc.problem)


def read_jsonl_file(path: Path, label: str, ctx: ReadContext) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield SourceError(label, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        yield from read_jsonl_lines(handle, label, ctx, path=label)


def read_stdin(ctx: ReadContext) -> Iterator[Item]:
    # the binary buffer lets us report bad UTF-8 per line; a replaced stdin (tests, embedding)
    # may be a text stream without one
    stream = getattr(sys.stdin, "buffer", None) or sys.stdin
    yield from read_jsonl_lines(stream, STDIN_LABEL, ctx)


def read_json_file(data: bytes, label: str, ctx: ReadContext) -> Iterator[Item]:
    try:
        value = json.loads(decode_text(data))
    except DecodeError as exc:
        yield SourceError(label, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield SourceError(label, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    if isinstance(value, list):
        for number, record in enumerate(value, start=1):
            try:
                yield document_from_record(record, f"{label}:{number}", path=label)
            except InputError as exc:
                yield SourceError(exc.source, exc.problem)
        return
    try:
        yield document_from_record(value, label, path=label)
    except InputError as exc:
        yield SourceError(exc.source, exc.problem)


def read_csv_file(data: bytes, label: str, ctx: ReadContext) -> Iterator[Item]:
    try:
        text = decode_text(data)
    except DecodeError as exc:
        yield SourceError(label, str(exc))
        return
    # articles are longer than csv's default 128 KiB field limit; allow what one document may be
    csv.field_size_limit(max(csv.field_size_limit(), ctx.max_bytes))
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        yield SourceError(label, "empty file")
        return
    except csv.Error as exc:
        yield SourceError(f"{label}:1", f"not valid CSV: {exc}")
        return
    if "text" not in header:
        yield SourceError(label, f"no 'text' column (columns: {', '.join(header) or 'none'})")
        return
    row_number = 1
    while True:
        row_number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # the reader cannot resynchronise after a broken quote; the rest of the file is lost
            yield SourceError(f"{label}:{row_number}", f"not valid CSV: {exc}")
            return
        if not any(cell.strip() for cell in row):
            continue
        record = {name: cell for name, cell in zip(header, row, strict=False) if cell.strip()}
        size = sum(len(cell.encode("utf-8")) for cell in row)
        if size > ctx.max_bytes:
            yield SourceError(f"{label}:{row_number}", too_large("row", size, ctx.max_bytes))
            continue
        try:
            yield document_from_record(record, f"{label}:{row_number}", path=label)
        except InputError as exc:
            yield SourceError(exc.source, exc.problem)
