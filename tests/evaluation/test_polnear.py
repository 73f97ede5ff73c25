"""The PolNeAR scorer on a hand-made article: BRAT reading, one-to-one matching, speakers."""

from __future__ import annotations

from pathlib import Path

from sitrep.evaluation.polnear import GoldAttribution, attributions, match, read_annotations, speaker_right
from sitrep.model import Document, Quote, Record

TEXT = '"We will win," Smith said. "We are ready." Jones said the vote was rigged.'


def quote(text: str, fragment: str, speaker_text: str, cue: str | None, kind: str = "direct") -> Quote:
    start = TEXT.index(fragment)
    return Quote(None, speaker_text, cue, kind, fragment, start, start + len(fragment))  # type: ignore[arg-type]


def test_brat_attributions_with_split_content(tmp_path: Path) -> None:
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 15 20\tSmith\nT2\tCue 21 25\tsaid\n"
        'T3\tContent 0 14;27 42\t"We will win," "We are ready."\n'
        "T4\tAttribution 21 25\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
        encoding="utf-8",
    )
    (gold,) = read_annotations(ann, TEXT)
    assert gold.content == [(0, 14), (27, 42)] and gold.source_text == "Smith"


def test_split_quotes_match_one_gold_attribution_and_speakers_compare_words() -> None:
    gold = [GoldAttribution(content=[(0, 42)], source=[(15, 20)], source_text="Smith")]
    first = quote(TEXT, "We will win", "Smith", "said")
    second = quote(TEXT, "We are ready.", "Smith", None)
    other = quote(TEXT, "the vote was rigged", "Jones", "said", "indirect")
    assert len(attributions(TEXT, [first, second, other])) == 2
    ((pred, g),) = match(TEXT, [first, second, other], gold)
    record = Record(document=Document(id="x", text=TEXT))
    assert pred is first and speaker_right(record, pred, g)
    assert not speaker_right(record, other, g)


def test_a_quotation_left_open_over_paragraphs_is_one_attribution() -> None:
    text = '"We will win. The vote is ours.\n\n"And we will govern," Smith said.\n\n"We are ready," Smith.'
    first = Quote(None, "Smith", "said", "direct", "", 1, 31)  # type: ignore[arg-type]
    second = Quote(None, "Smith", "said", "direct", "", 34, 52)  # type: ignore[arg-type]
    # closed at its paragraph's end: the next paragraph's quote is another attribution
    third = Quote(None, "Smith", "said", "direct", "", 69, 81)  # type: ignore[arg-type]
    assert [len(g) for g in attributions(text, [first, second, third])] == [2, 1]
