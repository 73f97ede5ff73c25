"""The seed articles against their expected extraction (``../shared/seeds/*.gold.json``).

Required actors must be found with the gold kind, country, title and affiliation. Quotes,
events, commitments and places are scored as those stages land.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from sitrep.documents import new_document
from sitrep.evaluation import EvaluationResult, Measure
from sitrep.evaluation.events import seed_event_measures
from sitrep.evaluation.matching import actor_names, find_actor, kind_matches, norm
from sitrep.evaluation.quotes import seed_quote_measures
from sitrep.evaluation.topics import seed_topic_measures
from sitrep.model import Actor, Record
from sitrep.pipeline.analyze import default_pipeline
from sitrep.registry import Registry


@lru_cache(maxsize=2)
def load_seed_records(seeds_dir: Path) -> tuple[tuple[dict, Record], ...]:  # type: ignore[type-arg]
    """Each seed's gold with its record, analysed once per process for every scorer."""
    gold_files = sorted(seeds_dir.glob("*.gold.json"))
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in gold_files]
    documents = [
        new_document(
            (seeds_dir / g["document"]).read_text(encoding="utf-8"), path=str(seeds_dir / g["document"])
        )
        for g in golds
    ]
    records = list(default_pipeline().analyze_many(documents))
    return tuple(zip(golds, records, strict=True))


def check_actor(record: Record, gold: dict) -> str | None:  # type: ignore[type-arg]
    """None when the gold actor is found as specified, else what is wrong."""
    actor = find_actor(record, {gold["name"], *gold.get("aliases", [])})
    if actor is None:
        return "not found"
    if gold.get("kind") and not kind_matches(actor.kind, gold["kind"]):
        return f"kind {actor.kind!r}, expected {gold['kind']!r}"
    if gold.get("country") and actor.country != gold["country"]:
        return f"country {actor.country!r}, expected {gold['country']!r}"
    if gold.get("title"):
        titles = [actor.title or ""] + [r.title for r in actor.roles]
        if not any(norm(gold["title"]) in norm(t) for t in titles):
            return f"title {actor.title!r}, expected {gold['title']!r}"
    if gold.get("affiliation"):
        affiliation = record.actor(actor.affiliation) if actor.affiliation else None
        if affiliation is None or norm(gold["affiliation"]) not in actor_names(affiliation):
            return f"affiliation {actor.affiliation!r}, expected {gold['affiliation']!r}"
    if gold.get("member_of"):
        registry = default_pipeline().registry
        groups = [record.actor(m) or _registry_actor(registry, m) for m in actor.member_of]
        if not any(g is not None and norm(gold["member_of"]) in actor_names(g) for g in groups):
            return f"member_of {actor.member_of!r}, expected {gold['member_of']!r}"
    return None


def _registry_actor(registry: Registry, actor_id: str) -> Actor | None:
    entry = registry.get(actor_id)
    return entry.to_actor() if entry else None


def evaluate(shared_dir: Path) -> EvaluationResult:
    seeds_dir = shared_dir / "seeds"
    right = total = 0
    misses = []
    pairs = load_seed_records(seeds_dir)
    for gold, record in pairs:
        for g in gold.get("actors", {}).get("required", []):
            total += 1
            problem = check_actor(record, g)
            if problem is None:
                right += 1
            else:
                misses.append(f"{gold['document'][:3]} actor {g['name']}: {problem}")
    event_measures, event_misses = seed_event_measures(pairs)
    misses += event_misses
    topic_measures, topic_misses = seed_topic_measures(pairs)
    misses += topic_misses
    quote_measures, quote_misses = seed_quote_measures(pairs)
    misses += quote_misses
    return EvaluationResult(
        dataset="seeds",
        measures=[
            Measure("required actors found", right, total, goal=1.0),
            *event_measures,
            *topic_measures,
            *quote_measures,
        ],
        notes=misses,
        misses=misses,
    )
