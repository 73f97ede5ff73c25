"""Locating the shared gold data next to the repository, for tests that need it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.evaluation import find_shared_dir


def shared_dir_or_skip(*parts: str) -> Path:
    """``../shared/<parts>``, or skip the test saying what is missing."""
    shared = find_shared_dir()
    path = shared.joinpath(*parts) if shared else None
    if path is None or not path.exists():
        pytest.skip(
            f"gold data {'/'.join(('shared',) + parts)} not found next to the repository "
            "(set SITREP_SHARED_DATA)"
        )
    return path
