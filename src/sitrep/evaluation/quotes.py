"""Seed quotes against their gold entries: the rules of ``../shared/tools/seedcheck.py``.

A gold quote is found when a quote of the record contains the first 40 characters of its
``starts_with`` (after name normalisation), has the gold ``kind``, and its speaker refers to the
gold speaker: by name or alias, or through the body it belongs to (the CSTO Council of Foreign
Ministers speaks for the CSTO). Where the gold names an outlet (``via``), it must match too —
stricter than seedcheck, which ignores it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sitrep.evaluation import Measure
from sitrep.evaluation.matching import actor_names, norm
from sitrep.model import Actor, Quote, Record


def refers_to(record: Record, actor_id: str | None, gold_name: str) -> bool:
    """Does the actor (or the body it is part of, affiliated with or a member of) bear the name?"""
    actor = record.actor(actor_id) if actor_id else None
    if actor is None:
        return False
    wanted = norm(gold_name)
    names = set(actor_names(actor))
    for ref in (actor.affiliation, actor.part_of, *actor.member_of):
        body: Actor | None = record.actor(ref) if ref else None
        names |= actor_names(body) if body else {norm(ref)} if ref else set()
    return wanted in names or any(wanted in n for n in actor_names(actor))


def quote_matches(record: Record, quote: Quote, gold: dict[str, Any]) -> bool:
    if norm(gold["starts_with"])[:40] not in norm(quote.text):
        return False
    if gold.get("kind") and quote.kind != gold["kind"]:
        return False
    if gold.get("via") and not refers_to(record, quote.via, gold["via"]):
        return False
    return refers_to(record, quote.speaker, gold["speaker"])


def check_quote(record: Record, gold: dict[str, Any]) -> str | None:
    """None when the gold quote is found as specified, else what is wrong."""
    if any(quote_matches(record, q, gold) for q in record.quotes):
        return None
    near = [q for q in record.quotes if norm(gold["starts_with"])[:40] in norm(q.text)]
    if not near:
        return "not found"
    q = near[0]
    return f"found with speaker {q.speaker!r} ({q.speaker_text!r}), kind {q.kind!r}, via {q.via!r}"


def seed_quote_measures(pairs: Sequence[tuple[dict[str, Any], Record]]) -> tuple[list[Measure], list[str]]:
    """Required and optional seed quotes found with their speakers, over all seeds."""
    measures = []
    misses = []
    for part in ("required", "optional"):
        right = total = 0
        for gold, record in pairs:
            for g in gold.get("quotes", {}).get(part, []):
                total += 1
                problem = check_quote(record, g)
                right += problem is None
                if problem:
                    misses.append(f"{gold['document'][:3]} {part} quote “{g['starts_with']}”: {problem}")
        goal = 1.0 if part == "required" else None
        measures.append(Measure(f"{part} quotes found", right, total, goal=goal))
    return measures, misses
