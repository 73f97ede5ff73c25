"""PLOVER gold-standard records (``../shared/data/plover/PLOVER_GSR_CAMEO.txt``): event types
and source actors, computed as ``../shared/tools/plover_score.py`` computes them.

- event type: for each gold sentence, the set of types sitrep reports (STATEMENT aside). Recall:
  sentences whose gold type is in the set; precision: those over all types predicted. The
  figure is their F1, kept as a count ratio: F1 = 2·right / (sentences + types predicted).
- source actor: among sentences whose type is right, the share where an event of that type has
  a source whose name, alias or mention text overlaps a gold source's text.

Old labels map as the data README says: DEMAND→REQUEST, DISAPPROVE and INVESTIGATE→ACCUSE,
FIGHT→ASSAULT. The trigger lexicon was written from the PLOVER codebook and checked against the
even-numbered gold sentences only; the odd-numbered half is reported apart as held out.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from sitrep.documents import new_document
from sitrep.evaluation import EvaluationResult, Measure
from sitrep.model import Record
from sitrep.pipeline.analyze import default_pipeline

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().replace("the ", " ").split())


def load_gold(path: Path) -> list[dict[str, Any]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in rows if r.get("event") not in ("DOCUMENT", None) and r.get("text")]


def gold_type(row: dict[str, Any]) -> str:
    return OLD_LABELS.get(row["event"], row["event"])


def source_right(row: dict[str, Any], record: Record, event_type: str) -> bool | None:
    """None when the gold names no source; else whether an event of the type has it."""
    gold = [_norm(s.get("actorText")) for s in row.get("source", []) if s.get("actorText")]
    if not gold:
        return None
    actors = {a.id: a for a in record.actors}
    for e in record.events:
        if e.type != event_type:
            continue
        for ref in e.source:
            names = {_norm(ref)}
            a = actors.get(ref)
            if a is not None:
                names |= {_norm(a.name)} | {_norm(x) for x in a.aliases}
                names |= {_norm(m.text) for m in record.mentions if m.actor == a.id}
            if any(g and n and (g in n or n in g) for g in gold for n in names):
                return True
    return False


def evaluate(shared_dir: Path) -> EvaluationResult:
    rows = load_gold(shared_dir / "data" / "plover" / "PLOVER_GSR_CAMEO.txt")
    documents = [new_document(r["text"], title=r["id"], published=r.get("date")) for r in rows]
    records = list(default_pipeline().analyze_many(documents))
    right = predicted = src_right = src_total = 0
    halves = {0: [0, 0, 0], 1: [0, 0, 0]}  # right, sentences, types predicted
    misses = []
    for i, (row, record) in enumerate(zip(rows, records, strict=True)):
        gold = gold_type(row)
        types = {e.type for e in record.events if e.type != "STATEMENT"}
        predicted += len(types)
        half = halves[i % 2]
        held = " (held out)" if i % 2 else ""
        half[1] += 1
        half[2] += len(types)
        if gold not in types:
            misses.append(f"{row['id']}{held}: {gold} as {sorted(types) or '-'}: {row['text'][:110]}")
            continue
        right += 1
        half[0] += 1
        ok = source_right(row, record, gold)
        if ok is None:
            continue
        src_total += 1
        src_right += ok
        if not ok:
            misses.append(f"{row['id']}{held}: source of {gold} not found: {row['text'][:110]}")
    notes = [
        f"{name} half: type F1 {2 * h[0] / (h[1] + h[2]) if h[1] + h[2] else 0:.3f} "
        f"({h[0]}/{h[1]} sentences right, {h[2]} types predicted)"
        for name, h in (("development (even rows)", halves[0]), ("held-out (odd rows)", halves[1]))
    ]
    return EvaluationResult(
        dataset="plover",
        measures=[
            Measure("event type F1", 2 * right, len(rows) + predicted, goal=0.81),
            Measure("event type recall", right, len(rows)),
            Measure("event type precision", right, predicted),
            Measure("source actor", src_right, src_total, goal=0.79),
        ],
        notes=notes,
        misses=misses,
    )
