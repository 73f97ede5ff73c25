"""Commitments, offers and appeals: who committed to what, and what they asked of whom."""

from __future__ import annotations

from sitrep.documents import new_document
from sitrep.model import Commitment, Record
from sitrep.pipeline.analyze import Pipeline


def analyze(pipeline: Pipeline, text: str) -> Record:
    return pipeline.analyze(new_document(text, language="en"))


def by_names(record: Record, c: Commitment) -> set[str]:
    return {a.name for i in c.by if (a := record.actor(i)) is not None}


def test_appeal_with_addressee_and_what(pipeline: Pipeline) -> None:
    text = "The CSTO urged the international community to increase humanitarian aid to the Afghan people."
    record = analyze(pipeline, text)
    [appeal] = record.commitments
    assert appeal.kind == "appeal"
    assert appeal.what == "increase humanitarian aid to the Afghan people"
    assert text[appeal.start : appeal.end] == appeal.what  # type: ignore[index]
    assert by_names(record, appeal) == {"Collective Security Treaty Organization"}
    assert [record.actor(i).name for i in appeal.to] == ["international community"]  # type: ignore[union-attr]


def test_call_on_is_an_appeal(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Kazakhstan called on the Taliban to form an inclusive government.")
    [appeal] = record.commitments
    assert appeal.kind == "appeal" and appeal.what == "form an inclusive government"


def test_committed_to_is_a_commitment(pipeline: Pipeline) -> None:
    text = (
        "Foreign ministers from the Collective Security Treaty Organization met in Bishkek. "
        "The ministers said they are committed to helping Afghanistan become a stable nation."
    )
    record = analyze(pipeline, text)
    commitment = next(c for c in record.commitments if c.kind == "commitment")
    assert commitment.what == "helping Afghanistan become a stable nation"
    # "they" is the ministers, an organ of the CSTO
    actor = record.actor(commitment.by[0])
    assert actor is not None and "csto" in {actor.id, actor.part_of}


def test_readiness_is_an_offer(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Uzbekistan expressed readiness to supply electricity to Afghanistan.")
    [offer] = record.commitments
    assert offer.kind == "offer" and offer.what.startswith("supply electricity")


def test_promise_is_a_commitment_with_a_date(pipeline: Pipeline) -> None:
    record = pipeline.analyze(
        new_document("Russia promised yesterday to deliver wheat to Afghanistan.", published="2024-03-02")
    )
    [promise] = record.commitments
    assert promise.kind == "commitment" and promise.date == "2024-03-01"


def test_a_refusal_is_no_commitment(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Tajikistan did not agree to open the border.")
    assert not record.commitments
    assert any(e.type == "REJECT" for e in record.events)
