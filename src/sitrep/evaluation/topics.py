"""Topics against the seeds' gold ``topics`` lists.

The gold lists use informal names ("displacement", "economic crisis"); the taxonomy's aliases
map them to topic ids (``Taxonomy.resolve``). A gold name no topic answers to counts as not
found, so a gap in the aliases shows as a miss rather than disappearing.

The gold lists name each article's main topics only, so "assigned topics that are gold" is a
lower bound of precision: an assigned topic missing from gold may still be right (the CSTO
ministers' statement is also diplomacy).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sitrep.evaluation import Measure
from sitrep.model import Record
from sitrep.pipeline.topics import load_taxonomy


def check_topics(record: Record, gold_names: Sequence[str]) -> tuple[set[str], set[str], list[str]]:
    """(gold topic ids found, gold topic ids, assigned ids not in the gold list)."""
    taxonomy = load_taxonomy()
    expected = {taxonomy.resolve(name) or name for name in gold_names}
    found = expected & set(record.topics)
    return found, expected, [t for t in record.topics if t not in expected]


def seed_topic_measures(pairs: Sequence[tuple[dict[str, Any], Record]]) -> tuple[list[Measure], list[str]]:
    """Recall of gold topics and the share of assigned topics that are gold, with the misses."""
    found = expected = gold_assigned = assigned = 0
    misses: list[str] = []
    for gold, record in pairs:
        if "topics" not in gold:
            continue
        hit, wanted, extra = check_topics(record, gold["topics"])
        found += len(hit)
        expected += len(wanted)
        gold_assigned += len(record.topics) - len(extra)
        assigned += len(record.topics)
        doc = gold["document"][:3]
        misses += [f"{doc} topic {t!r}: not found (assigned {record.topics})" for t in sorted(wanted - hit)]
    return [
        Measure("gold topics found", found, expected, goal=1.0),
        Measure("assigned topics that are gold", gold_assigned, assigned),
    ], misses
