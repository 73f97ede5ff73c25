"""Scoring the pipeline against gold data made by others (``../shared/data``, ``../shared/seeds``).

Each data set has a module with ``evaluate(shared_dir) -> EvaluationResult``; figures are
pinned as floors in ``evaluation/baseline.json`` at the repository root, and a test fails when
one falls below its floor.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError


@dataclass
class Measure:
    name: str
    right: int
    total: int
    goal: float | None = None

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class EvaluationResult:
    dataset: str
    measures: list[Measure]
    notes: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def measure(self, name: str) -> Measure:
        return next(m for m in self.measures if m.name == name)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for m, raw in zip(self.measures, d["measures"], strict=True):
            raw["value"] = round(m.value, 4)
        return d


def find_shared_dir(explicit: str | None = None) -> Path | None:
    """The ``shared`` folder with ``data/`` and ``seeds/``: given, from SITREP_SHARED_DATA, or
    next to the repository (``../shared``) or the current directory."""
    candidates = [explicit, os.environ.get("SITREP_SHARED_DATA")]
    here = Path(__file__).resolve()
    candidates += [str(p / "shared") for p in here.parents] + [
        str(Path.cwd().parent / "shared"),
        str(Path.cwd() / "shared"),
    ]
    for c in candidates:
        if c and ((Path(c) / "seeds").is_dir() or (Path(c) / "data").is_dir()):
            return Path(c)
    return None


def _evaluators() -> dict[str, Callable[[Path], EvaluationResult]]:
    from sitrep.evaluation import conflibert, geo, isaf, plover, polnear, seeds

    return {
        "seeds": seeds.evaluate,
        "isaf": isaf.evaluate,
        "plover": plover.evaluate,
        "conflibert": conflibert.evaluate,
        "polnear": polnear.evaluate,
        "geo": geo.evaluate,
    }


def run_evaluations(dataset: str, shared_dir: str | None = None) -> list[EvaluationResult]:
    evaluators = _evaluators()
    names = list(evaluators) if dataset == "all" else [dataset]
    unknown = [n for n in names if n not in evaluators]
    if unknown:
        raise SitrepError(
            f"evaluate {unknown[0]!r}: unknown data set; use one of: all, {', '.join(evaluators)}"
        )
    shared = find_shared_dir(shared_dir)
    if shared is None:
        raise SitrepError("evaluate: gold data folder not found; pass --data-dir or set SITREP_SHARED_DATA")
    return [evaluators[n](shared) for n in names]
