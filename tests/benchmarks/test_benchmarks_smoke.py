"""Smoke tests of the benchmarks: their core functions run on a tiny corpus and store and return
results of the right shape. No timing is asserted here: speed is what the benchmarks measure.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"sitrep_benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def throughput() -> ModuleType:
    return _load("throughput")


@pytest.fixture(scope="module")
def search() -> ModuleType:
    return _load("search")


def test_throughput_reports_rates_ratios_and_goals_for_every_stage(throughput: ModuleType) -> None:
    result = throughput.run_benchmark(min_bytes=20_000, batch_size=8, in_process=True)
    assert result.corpus.bytes >= 20_000
    assert set(result.stages) == {"spacy", "analyze", "ingest"}
    for stage in result.stages.values():
        assert stage.documents == result.corpus.documents
        assert stage.docs_per_s > 0 and stage.words_per_s > 0
        assert stage.peak_rss_bytes > 0
    assert result.ratios["spacy"] == pytest.approx(1.0)
    assert all(math.isfinite(r) and r > 0 for r in result.ratios.values())
    assert len(result.goals) == 3
    assert result.stages["ingest"].details["report"]["added"] == result.corpus.documents
    json.dumps(result.to_dict())  # the --json output is serialisable


def test_throughput_corpus_copies_are_distinct_documents(throughput: ModuleType) -> None:
    docs, info = throughput.build_corpus(200_000)  # more than the samples: copies are needed
    assert info.copies >= 2 and len({d.id for d in docs}) == len(docs) == info.documents
    assert any(d.text.endswith("Ref. copy 1.") for d in docs)


def test_search_reports_latency_percentiles_on_a_small_store(search: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    result = search.run_benchmark(n_docs=500, repeats=1, store_path=path, base_limit=20)
    assert result.build.documents == 500 and not result.build.reused
    assert result.queries == len(search.QUERIES) >= 50
    assert 0 < result.overall.p50_ms <= result.overall.p95_ms <= result.overall.max_ms
    assert set(result.by_kind) == {"word", "phrase", "and", "or", "prefix", "not", "filter", "date"}
    assert isinstance(result.passed, bool)
    json.dumps(result.to_dict())
    again = search.run_benchmark(n_docs=500, repeats=1, store_path=path, base_limit=20)
    assert again.build.reused


def test_search_variants_keep_mentions_valid(search: ModuleType, tmp_path: Path) -> None:
    from sitrep.store import SearchQuery, open_store

    path = tmp_path / "search.sqlite"
    search.build_store(path, n_docs=300, base_limit=10)
    with open_store(f"sqlite:///{path}") as store:
        hits = store.search(SearchQuery(text="afghan*", limit=50)).hits
        assert hits
        records = [store.get_record(h.document_id) for h in hits]
    mentions = [(r.document.text, m) for r in records if r for m in r.mentions]
    assert mentions
    assert all(text[m.start : m.end] == m.text for text, m in mentions)
