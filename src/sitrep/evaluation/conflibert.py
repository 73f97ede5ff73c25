"""ConfliBERT quad-class sentences (``../shared/data/cameo/train.tsv``): 1,349 news sentences,
each labelled 0 statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict.

A sentence's predicted class is read from the CAMEO code of its most salient event: the first
non-STATEMENT event in text order, main clause first (the order the event stage emits); 0 when it
has only statements or no event. The labels are CAMEO root categories grouped (as the
development part shows: "urged", "denied charges", "declined to comment", condolences are 0;
"lifted a ban", "released prisoners" 2; "suspended aid", "expelled diplomats" 3):

- 0 statement: CAMEO 01 (public statements, comments, denials) and 02 (appeals);
- 1 verbal cooperation: 03 intent to cooperate, 04 consult, 05 diplomatic cooperation;
- 2 material cooperation: 06 material cooperation, 07 aid, 08 yield (PLOVER's CONCEDE too);
- 3 verbal conflict: 09 investigate, 10 demand, 11 disapprove, 12 reject, 13 threaten, and 16
  reduce relations (SANCTION);
- 4 material conflict: 14 protest, 15 force posture, 17 coerce, 18 assault, 19 fight, 20 mass
  violence.

So the mapping goes through ``Event.cameo`` (see ``cameo_quad``), not PLOVER's quad category:
PLOVER files CONCEDE under verbal cooperation and SANCTION under material conflict, and has no
appeal category (its REQUEST holds CAMEO 02 and 10; the event stage tells them apart by the
requesting word). Nothing is learned from these sentences: the figure measures the rule-based
stage as it is.

The rules were checked against a development part only: every sentence whose 0-based row number
is not a multiple of 3 plus 2. Every third sentence (rows 2, 5, 8, ...) is held out and never
inspected; its accuracy is reported apart, so that the gap between the two shows how far the
lexicon fits the development sentences rather than the language.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sitrep.documents import new_document
from sitrep.evaluation import EvaluationResult, Measure
from sitrep.model import Record
from sitrep.pipeline.analyze import default_pipeline
from sitrep.pipeline.events import plover_quad


def load_sentences(path: Path) -> list[tuple[str, int]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(row[0], int(row[1])) for row in csv.reader(f, delimiter="\t") if len(row) == 2]


def is_held_out(row: int) -> bool:
    """Every third sentence (rows 2, 5, 8, ...) is the held-out part, never inspected."""
    return row % 3 == 2


def cameo_quad(cameo: str | None) -> int | None:
    """The ConfliBERT class of a CAMEO code, by its two-digit root (see the module docstring)."""
    if not cameo or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    return 3 if root <= 13 or root == 16 else 4


def predicted_quad(record: Record) -> int:
    event = next((e for e in record.events if e.type != "STATEMENT"), None)
    if event is None:
        return 0
    got = cameo_quad(event.cameo)
    return got if got is not None else plover_quad(event.type)


def evaluate(shared_dir: Path) -> EvaluationResult:
    rows = load_sentences(shared_dir / "data" / "cameo" / "train.tsv")
    # language=en: one-line sentences are too short for language identification to be safe
    documents = [new_document(text, language="en") for text, _ in rows]
    records = list(default_pipeline().analyze_many(documents))
    right = 0
    halves = {False: [0, 0], True: [0, 0]}  # held out? -> right, sentences
    confusion = [[0] * 5 for _ in range(5)]
    misses = []
    for i, ((text, label), record) in enumerate(zip(rows, records, strict=True)):
        got = predicted_quad(record)
        confusion[label][got] += 1
        right += got == label
        part = halves[is_held_out(i)]
        part[0] += got == label
        part[1] += 1
        if got != label:
            misses.append(f"row {i}{' (held out)' if is_held_out(i) else ''}: {label} as {got}: {text[:120]}")
    per_class = [Measure(f"class {k} recall", confusion[k][k], sum(confusion[k])) for k in range(5)]
    return EvaluationResult(
        dataset="conflibert",
        measures=[
            Measure("quad class accuracy", right, len(rows), goal=0.80),
            *per_class,
            Measure("quad class accuracy, development part", *halves[False]),
            Measure("quad class accuracy, held-out part", *halves[True]),
        ],
        notes=["confusion (rows gold 0-4, columns predicted 0-4): " + "; ".join(map(str, confusion))],
        misses=misses,
    )
