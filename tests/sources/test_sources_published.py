"""Normalising publication dates from metadata to ISO 8601."""

from __future__ import annotations

import time

import pytest

from sitrep.sources.published import normalize_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-05", "2025-11-05"),
        ("2025-11-05T10:00:00Z", "2025-11-05T10:00:00+00:00"),
        ("2025-11-05T10:00:00+03:00", "2025-11-05T10:00:00+03:00"),
        ("2025-11-05 10:00", "2025-11-05T10:00:00"),
        ("Wed, 05 Nov 2025 10:00:00 GMT", "2025-11-05T10:00:00+00:00"),
        ("05.11.2025", "2025-11-05"),
        ("5 November 2025", "2025-11-05"),
        ("Nov 5, 2025", "2025-11-05"),
        ("5 ноября 2025 г.", "2025-11-05"),
        (time.struct_time((2025, 11, 5, 8, 30, 0, 2, 309, 0)), "2025-11-05T08:30:00+00:00"),
    ],
)
def test_dates_are_normalised(value: object, expected: str) -> None:
    assert normalize_published(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "not a date", "2025-13-45", "31.02.2025", "November 2025", "yesterday", "2 days ago", 17308, None],
)
def test_malformed_partial_or_relative_dates_are_none(value: object) -> None:
    # a relative date would be computed from the time of reading, which is not when it was published
    assert normalize_published(value) is None
