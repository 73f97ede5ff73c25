from __future__ import annotations

import pytest

from sitrep.pipeline.analyze import Pipeline, default_pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return default_pipeline()
