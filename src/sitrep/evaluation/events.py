"""Seed events and commitments against ``../shared/seeds/*.gold.json``, by the rules of
``../shared/tools/seedcheck.py``.

- an event matches when its type is the gold type, its sentence starts with the gold
  ``sentence_starts_with`` (first 30 characters, normalised), and every gold source and target
  is referred to by the event's actors (name or alias, or the body the actor is an organ,
  member or officer of: "CSTO Council of Foreign Ministers" counts for the CSTO);
- a commitment matches on kind, ``by`` and its gold ``starts_with`` (first 30 characters)
  anywhere in the commitment's JSON.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sitrep.evaluation import Measure
from sitrep.evaluation.matching import actor_names, norm
from sitrep.model import Record


def refers_to(record: Record, refs: list[str], gold_name: str) -> bool:
    """Does one of the actor ids (or literal names) in ``refs`` name ``gold_name``?"""
    wanted = norm(gold_name)
    for ref in refs:
        actor = record.actor(ref)
        names = actor_names(actor) if actor else {norm(ref)}
        extra: set[str] = set()
        if actor is not None:
            for other in (actor.affiliation, actor.part_of, *actor.member_of):
                if other:
                    b = record.actor(other)
                    extra |= actor_names(b) if b else {norm(other)}
        if wanted in names | extra or any(wanted in n for n in names):
            return True
    return False


def check_event(record: Record, text: str, gold: dict[str, Any]) -> str | None:
    """None when an event as the gold describes it is in the record, else the nearest miss."""
    prefix = norm(gold["sentence_starts_with"])[:30]
    same_sentence = [
        e for e in record.events if norm(text[e.sentence.start : e.sentence.end]).startswith(prefix)
    ]
    typed = [e for e in same_sentence if e.type == gold["type"]]
    for e in typed:
        if all(refers_to(record, e.source, x) for x in gold.get("source", [])) and all(
            refers_to(record, e.target, x) for x in gold.get("target", [])
        ):
            return None
    if not typed:
        return f"no {gold['type']} in the sentence (found {sorted({e.type for e in same_sentence})})"
    e = typed[0]
    return f"{gold['type']} with source {e.source} target {e.target}"


def check_commitment(record: Record, gold: dict[str, Any]) -> str | None:
    prefix = norm(gold["starts_with"])[:30]
    kinds = []
    for c in record.commitments:
        blob = norm(json.dumps(asdict(c), ensure_ascii=False))
        if prefix in blob:
            kinds.append(c.kind)
            if refers_to(record, c.by, gold["by"]) and c.kind == gold["kind"]:
                return None
    return f"found as {kinds}" if kinds else "not found"


def seed_event_measures(pairs: Sequence[tuple[dict[str, Any], Record]]) -> tuple[list[Measure], list[str]]:
    """Required events and commitments found, over all seeds; misses say what is wrong."""
    ev_right = ev_total = cm_right = cm_total = 0
    misses: list[str] = []
    for gold, record in pairs:
        text = record.document.text
        for g in (gold.get("events") or {}).get("required", []):
            ev_total += 1
            problem = check_event(record, text, g)
            ev_right += problem is None
            if problem:
                misses.append(f"{gold['document'][:3]} event {g['type']} ({g.get('trigger')}): {problem}")
        for g in (gold.get("commitments") or {}).get("required", []):
            cm_total += 1
            problem = check_commitment(record, g)
            cm_right += problem is None
            if problem:
                misses.append(
                    f"{gold['document'][:3]} commitment {g['kind']} “{g['starts_with']}”: {problem}"
                )
    return [
        Measure("required events found", ev_right, ev_total, goal=1.0),
        Measure("required commitments found", cm_right, cm_total, goal=1.0),
    ], misses
