"""Smoke test of benchmarks/web.py: on a tiny store it starts a real server, requests every
endpoint group and reports percentiles of the right shape. No timing is asserted: speed is what
the benchmark measures.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
GOAL_GROUPS = {
    "search page",
    "/api/search",
    "document page",
    "/api/documents/<id>",
    "actor page",
    "/api/actors/<id>",
    "network page",
    "/api/network",
}


@pytest.fixture(scope="module")
def web() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sitrep_benchmarks_web", BENCHMARKS / "web.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.network
def test_web_benchmark_times_every_goal_endpoint_on_a_small_store(web: ModuleType, tmp_path: Path) -> None:
    result = web.run_benchmark(
        n_docs=300, repeats=1, store_path=tmp_path / "web.sqlite", n_documents=5, n_actors=3, base_limit=10
    )
    assert result.build.documents == 300
    measured = {e.name: e for e in result.endpoints}
    assert set(measured) >= GOAL_GROUPS
    for name in GOAL_GROUPS:
        e = measured[name]
        assert e.in_goal and e.errors == [], (name, e.errors)
        assert e.urls > 0 and e.samples == e.urls
        assert 0 < e.p50_ms <= e.p95_ms <= e.max_ms
        assert e.mean_kib > 0
        assert len(e.slowest) == min(web.SLOWEST, e.urls)
        assert all(0 < ms <= e.max_ms for _url, ms in e.slowest)
    assert measured["search page"].urls == len(web.search.QUERIES)
    # the pages being built are measured once they exist and never count toward the goal
    assert all(not e.in_goal for n, e in measured.items() if n not in GOAL_GROUPS)
    assert isinstance(result.passed, bool)
    json.dumps(result.to_dict())  # the --json output is serialisable


def test_web_benchmark_reads_its_goal_from_the_baseline(web: ModuleType) -> None:
    baseline = json.loads((BENCHMARKS.parent / "evaluation" / "baseline.json").read_text(encoding="utf-8"))
    assert float(baseline["speed"]["web_p95_ms_max"]) == web.GOAL_P95_MS
