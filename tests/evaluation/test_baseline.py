"""The evaluation gate: measured accuracy on gold data never falls below its pinned floor.

Floors live in evaluation/baseline.json; a data set whose gold folder is absent is skipped
with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import shared_dir_or_skip

from sitrep.evaluation import EvaluationResult, run_evaluations

BASELINE = json.loads((Path(__file__).resolve().parents[2] / "evaluation" / "baseline.json").read_text())
GOLD_PATHS = {
    "seeds": ("seeds",),
    "isaf": ("data", "isaf", "dev.jsonl"),
    "plover": ("data", "plover", "PLOVER_GSR_CAMEO.txt"),
    "conflibert": ("data", "cameo", "train.tsv"),
    "polnear": ("data", "quotes", "polnear-dev"),
    "geo": ("data", "geo", "GWN.xml"),
}


@pytest.fixture(scope="module", params=sorted(BASELINE["accuracy"]))
def result(request: pytest.FixtureRequest) -> EvaluationResult:
    dataset = request.param
    shared_dir_or_skip(*GOLD_PATHS[dataset])
    return run_evaluations(dataset)[0]


def test_no_figure_falls_below_its_floor(result: EvaluationResult) -> None:
    floors = BASELINE["accuracy"][result.dataset]
    below = []
    for name, floor in floors.items():
        measure = result.measure(name)
        if measure.value + 1e-9 < floor:
            below.append(f"{result.dataset} {name}: {measure.value:.3f} < floor {floor}")
    assert not below, "\n".join(below + result.misses[:20])


def test_every_measure_has_a_floor(result: EvaluationResult) -> None:
    """A new measure must be pinned, or it could silently regress."""
    assert {m.name for m in result.measures} <= set(BASELINE["accuracy"][result.dataset])
