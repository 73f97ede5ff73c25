"""Publication dates from metadata (corpus fields, feeds, HTML) normalised to ISO 8601."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # 05.11.2025 is day first wherever it is used
_RFC_2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}")
_MIN_YEAR, _MAX_YEAR = 1900, 2100
# Languages of the region's press; trying every locale dateparser knows costs seconds per value.
_DATEPARSER_LANGUAGES = ["en", "ru", "uk", "kk", "uz", "fa", "fr", "de"]
# Absolute dates only: a relative parse ("yesterday") would be computed from the ingest time.
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def _iso(value: datetime) -> str | None:
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    if value.tzinfo is None and value.time() == datetime.min.time():
        # midnight with no zone is how a bare date parses; keep it a date
        return value.date().isoformat()
    return value.isoformat()


def normalize_published(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) or datetime for ``value``; None when it is not a date.

    A malformed date is metadata noise, never a reason to drop a document.
    """
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return _iso(datetime(value.year, value.month, value.day))
    if isinstance(value, time.struct_time):
        return _iso(datetime(*value[:6], tzinfo=UTC))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if _ISO_DATE.match(text):
        try:
            return _iso(datetime.fromisoformat(text))
        except ValueError:
            return None
    if _ISO_DATETIME.match(text):
        try:
            return _iso(datetime.fromisoformat(text.replace("z", "Z")))
        except ValueError:
            pass
    dotted = _DOTTED.match(text)
    if dotted:
        day, month, year = (int(g) for g in dotted.groups())
        try:
            return _iso(datetime(year, month, day))
        except ValueError:
            return None
    if _RFC_2822.match(text):
        try:
            return _iso(parsedate_to_datetime(text))
        except (TypeError, ValueError):
            pass
    return _parse_free_text(text)


def _parse_free_text(text: str) -> str | None:
    # dateparser is slow to import; only free-text dates ("5 November 2025") need it
    import dateparser

    try:
        parsed = dateparser.parse(text, languages=_DATEPARSER_LANGUAGES, settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; a bad date is just absent
        return None
    return _iso(parsed) if parsed is not None else None
