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
# charset_normalizer reads short single-byte Cyrillic as one of these multi-byte East Asian
# encodings ("Привет" in cp1251 comes out as big5); for our inputs cp1251 is far likelier.
_EAST_ASIAN = re.compile(r"^(big5|cp9[0-9]{2}|euc|gb|hz|iso2022|johab|shift_jis)")
_CYRILLIC_TEXT = re.compile(r"[\u0400-\u04ff\s\d\W]*")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell; the message is user-facing."""


def _plausible_cp1251(data: bytes) -> str | None:
    text = data.decode("cp1251", errors="replace")
    non_ascii = "".join(c for c in text if ord(c) > 127)
    if non_ascii and _CYRILLIC_TEXT.fullmatch(non_ascii):
        return text
    return None


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
    best = charset_normalizer.from_bytes(data).best()
    if best is None or _EAST_ASIAN.match(best.encoding):
        cyrillic = _plausible_cp1251(data)
        if cyrillic is not None:
            return _checked(cyrillic)
    if best is None:
        raise DecodeError(BINARY)
    return _checked(str(best))


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
