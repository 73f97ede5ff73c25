"""Bytes to text: UTF-8/16/32 by BOM, else UTF-8, else a detected legacy encoding (cp1251 ...)."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

BINARY = "binary file, not text"
EMPTY = "empty file"

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset_normalizer alone misreads legacy text: big5 for "Привет" in cp1251, EBCDIC or BOM-less
# UTF-16 for "café", cp1250 for long French in cp1252. Its answer is one candidate among the
# region's common single-byte encodings, and the one whose text looks most like writing wins.
_IMPLAUSIBLE = re.compile(r"^(utf_16|utf_32|cp037|cp273|cp424|cp500|cp875|cp1026|cp1140)")
_LEGACY_ENCODINGS = ("cp1251", "koi8_r", "cp1252")
_SCORED_BYTES = 65_536
_WORD = re.compile(r"\w+")
_USUAL_SYMBOLS = frozenset("«»—–…№“”„‘’•°€ ")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell; the message is user-facing."""


def _script(char: str) -> int:
    if char < "\u0250":
        return 0  # Latin with its accented letters
    if "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af":
        return 1  # Chinese, Japanese, Korean
    return ord(char) >> 8  # otherwise the 256-character block: Cyrillic, Arabic, Greek ...


def _oddness(text: str) -> int:
    """How unlike written language ``text`` looks; a wrong single-byte decoding scores high."""
    odd = sum(1 for c in text if ord(c) > 127 and not c.isalnum() and c not in _USUAL_SYMBOLS)
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if len({_script(c) for c in word if c.isalpha()}) > 1:
            odd += 2
        # a capital after a small letter inside a word: KOI8-R read as cp1251, or the reverse
        odd += sum(1 for a, b in zip(word, word[1:], strict=False) if a.islower() and b.isupper())
        # runs of accented Latin letters: Cyrillic read as cp1252 ("Ïðèâåò")
        if re.search(r"[\u00c0-\u024f]{3}", word):
            odd += 1
    return odd


def _legacy_encoding(data: bytes, detected: str | None) -> str | None:
    candidates = list(_LEGACY_ENCODINGS)
    if detected and detected not in candidates:
        candidates.append(detected)
    # a multi-byte encoding may split a character at the cut; "ignore" keeps the score fair
    sample = data[:_SCORED_BYTES]
    scored: list[tuple[int, int, str]] = []
    for rank, encoding in enumerate(candidates):
        try:
            data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        # ties go to the earlier candidate: cp1251 is the commonest legacy encoding in our sources
        scored.append((_oddness(sample.decode(encoding, errors="ignore")), rank, encoding))
    return min(scored)[2] if scored else None


def decode_text(data: bytes) -> str:
    """The text in ``data``; raises DecodeError for binary data and for empty or blank text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(BINARY) from exc
            return _checked(text)
    if b"\x00" in data:
        # no BOM and NUL bytes: an image, archive or office file, not UTF-16 we could guess
        raise DecodeError(BINARY)
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:_SCORED_BYTES]).best()
    detected = None if best is None or _IMPLAUSIBLE.match(best.encoding) else best.encoding
    legacy = _legacy_encoding(data, detected)
    if legacy is None:
        raise DecodeError(BINARY)
    return _checked(data.decode(legacy))


def decode_html(data: bytes, declared: str | None = None) -> str:
    """HTML bytes to text: the charset the server or a <meta> tag declared, else as ``decode_text``."""
    candidates = [declared] if declared else []
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", errors="ignore"))
    for encoding in candidates:
        try:
            codecs.lookup(encoding)
        except LookupError:
            continue
        # a page that declares utf-8 but has one stray byte is still that page
        return _checked(data.decode(encoding, errors="replace"))
    return decode_text(data)


def _checked(text: str) -> str:
    if not text.strip():
        raise DecodeError(EMPTY)
    sample = text[:4096]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise DecodeError(BINARY)
    return text
