"""Commitments, offers and appeals: the events an analyst tracks over time as promises.

Reads the findings of ``EventExtractor`` (an event with the governing word that made it and the
complement that word governs). Writes ``Commitment`` records:

- ``commitment``: promise, pledge, vow, "committed to", "determination to" (an AGREE);
- ``offer``: offer, readiness, willingness, "ready / prepared to" (an AGREE);
- ``appeal``: "urged", "called on / for", asked, demanded, "X must do Y" in reported speech
  (a REQUEST).

``what`` is the governed action in the text's words ("increase humanitarian aid to the Afghan
people"), with its offsets; ``by`` and ``to`` are the event's source and target (an appeal's
addressee). Negated ones ("did not promise") are not commitments and are left out.
"""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.model import Commitment, Event, Record
from sitrep.pipeline.events import EventExtractor, Finding
from sitrep.registry import Registry

_LEADING = {"to", "that", "for", "on", "upon"}
_KEEP = {"including", "according", "regarding", "concerning"}
_TRAILING = {",", ".", ";", ":", "—", "–", "-", '"', "”", "’"}


def commitments_from(findings: list[Finding]) -> list[Commitment]:
    """One commitment per event made by a committing, offering or appealing word."""
    out: list[Commitment] = []
    for f in findings:
        c, e = f.candidate, f.event
        kind = c.commitment
        if kind is None or e.negated:
            continue
        if e.type == "REQUEST":
            kind = "appeal"
        elif e.type != "AGREE":
            continue
        what = c.complement if c.complement is not None else None
        if what is None and c.reported_by is not None:
            # "X said Sudan must return the helicopter": the whole reported clause is asked
            clause = c.head
            what = clause.doc[clause.left_edge.i : clause.right_edge.i + 1]
        if what is None:
            clause = c.head
            what = clause.doc[c.start : clause.right_edge.i + 1]
        tokens = list(what)
        for k in range(1, len(tokens) - 1):
            # ", reaffirming support ...": a participial clause is another act, not the promise
            if (
                tokens[k].text == ","
                and tokens[k + 1].lower_.endswith("ing")
                and tokens[k + 1].lower_ not in _KEEP
            ):
                tokens = tokens[:k]
                break
        while tokens and tokens[0].lower_ in _LEADING:
            tokens.pop(0)
        while tokens and tokens[-1].text in _TRAILING:
            tokens.pop()
        if not tokens:
            continue
        doc = tokens[0].doc
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        out.append(
            Commitment(
                kind=kind,  # type: ignore[arg-type]
                by=list(e.source),
                to=list(e.target),
                what=doc.text[start:end],
                sentence=e.sentence,
                date=e.date,
                start=start,
                end=end,
            )
        )
    return out


def events_and_commitments(
    doc: Doc, record: Record, registry: Registry | None = None
) -> tuple[list[Event], list[Commitment]]:
    """The events stage of the pipeline: events and commitments of one parsed document.

    Registry bodies that "the ministers" and the like resolve to are added to ``record.actors``.
    """
    findings = _extractor(registry).extract(doc, record)
    return [f.event for f in findings], commitments_from(findings)


_EXTRACTORS: dict[int, EventExtractor] = {}


def _extractor(registry: Registry | None) -> EventExtractor:
    # one extractor per registry: building it reads the lexicons, which is not per document
    key = id(registry)
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = EventExtractor(registry=registry)
    return _EXTRACTORS[key]
