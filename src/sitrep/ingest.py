"""Ingest: sources → pipeline → store, one document at a time, each in its own transaction.

A document already stored is recognised by its id before any NLP runs, so a rerun after a
crash or a kill only analyses what is missing. With ``reanalyze`` a stored document is analysed
again and its facts are replaced (after an upgrade of the pipeline). Per-item failures are
collected and reported; the rest goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sitrep.model import Document, Record
from sitrep.pipeline.analyze import Pipeline
from sitrep.sources import SourceError, read_inputs
from sitrep.store import Store

# Documents analysed together: large enough for nlp.pipe to batch well, small enough that a
# kill loses little work.
BATCH_SIZE = 32


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    near_duplicates: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)


ProgressCallback = Callable[[IngestReport, str], None]


def ingest(
    inputs: Iterable[str],
    store: Store,
    pipeline: Pipeline,
    *,
    on_item: ProgressCallback | None = None,
    items: Iterable[Document | SourceError] | None = None,
    reanalyze: bool = False,
) -> IngestReport:
    """Read every input, analyse new documents (and, with ``reanalyze``, stored ones again, whose
    facts are then replaced), store them; return what happened."""
    report = IngestReport()
    stream = items if items is not None else read_inputs(inputs)
    for batch in batches(stream, BATCH_SIZE):
        new_documents: list[Document] = []
        for item in batch:
            if isinstance(item, SourceError):
                report.errors.append(str(item))
                _notify(on_item, report, str(item))
            elif any(d.id == item.id for d in new_documents) or (
                not reanalyze and store.find_documents(item.id) == [item.id]
            ):
                report.unchanged += 1
                _notify(on_item, report, _label(item))
            else:
                new_documents.append(item)
        for record in _analyze_batch(pipeline, new_documents, report, on_item):
            outcome = store.add(record, replace=reanalyze)
            if outcome.status == "added":
                report.added += 1
                report.near_duplicates += outcome.duplicate_of is not None
            elif outcome.status == "replaced":
                report.replaced += 1
            else:
                report.unchanged += 1
            _notify(on_item, report, _label(record.document))
    return report


def _analyze_batch(
    pipeline: Pipeline, documents: list[Document], report: IngestReport, on_item: ProgressCallback | None
) -> list[Record]:
    try:
        return list(pipeline.analyze_many(documents, batch_size=BATCH_SIZE))
    except Exception:  # noqa: BLE001 - one bad document must not stop the others: retry one by one
        records = []
        for document in documents:
            try:
                records.append(pipeline.analyze(document))
            except Exception as error:  # noqa: BLE001
                report.errors.append(f"{_label(document)}: analysis failed: {type(error).__name__}: {error}")
                _notify(on_item, report, _label(document))
        return records


def batches(items: Iterable[Document | SourceError], size: int) -> Iterator[list[Document | SourceError]]:
    """Consecutive runs of ``size`` items, the last one shorter; order kept."""
    batch: list[Document | SourceError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _label(document: Document) -> str:
    return document.title or document.path or document.url or document.id


def _notify(callback: ProgressCallback | None, report: IngestReport, label: str) -> None:
    if callback is not None:
        callback(report, label)
