"""ConfliBERT quad-class sentences (``../shared/data/cameo/train.tsv``): 1,349 news sentences,
each labelled 0 statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict.

A sentence's predicted class is the PLOVER quad category (``registry/ontology/plover.yaml``) of
its most salient event: the first non-STATEMENT event in text order, main clause first (the
order the event stage emits); 0 when it has only statements or no event. The labels follow the
PLOVER categories (a hunger strike is 4, material conflict, where GDELT's CAMEO root would say
3), which is why ``quad_class`` follows them too. Nothing is learned from these sentences: the
figure measures the rule-based stage as it is.

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


def predicted_quad(record: Record) -> int:
    event = next((e for e in record.events if e.type != "STATEMENT"), None)
    return plover_quad(event.type) if event is not None else 0


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
