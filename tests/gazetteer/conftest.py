from __future__ import annotations

import pytest

from sitrep.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    # builds the index on first use when no cached copy exists (about a minute), else loads it
    return load_gazetteer()
