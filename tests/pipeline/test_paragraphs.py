"""Line breaks start sentences before the parser runs; hard-wrapped lines do not."""

from __future__ import annotations

from sitrep.pipeline.analyze import Pipeline


def _sentences(pipeline: Pipeline, text: str) -> list[str]:
    return [s.text.strip() for s in pipeline.nlp(text).sents if s.text.strip()]


def test_a_headline_without_a_full_stop_is_its_own_sentence(pipeline: Pipeline) -> None:
    text = (
        "Ministers meet in Bishkek amid border tension\n"
        "Foreign ministers of the CSTO met in Bishkek on Tuesday to discuss the border."
    )
    assert _sentences(pipeline, text)[0] == "Ministers meet in Bishkek amid border tension"


def test_a_paragraph_ending_without_punctuation_does_not_run_into_the_next(pipeline: Pipeline) -> None:
    text = (
        "The talks covered trade, water and the border with Afghanistan\n\n"
        "Officials said the next round would take place in Dushanbe."
    )
    sentences = _sentences(pipeline, text)
    assert sentences[-1] == "Officials said the next round would take place in Dushanbe."


def test_the_line_separators_of_isaf_releases_break_sentences(pipeline: Pipeline) -> None:
    text = "For Immediate Release\u2028KABUL, Afghanistan (March 12, 2011) \u2013 A patrol detained two men."
    assert _sentences(pipeline, text)[0] == "For Immediate Release"


def test_hard_wrapped_lines_stay_in_their_sentences(pipeline: Pipeline) -> None:
    text = (
        "CSTO ministers meet\n"
        "The foreign ministers of the Collective Security Treaty Organization met in\n"
        "Bishkek on Tuesday and agreed to strengthen the border with Afghanistan. They\n"
        "also asked the Secretary General to report on the situation by December.\n"
    )
    assert _sentences(pipeline, text) == [
        "CSTO ministers meet",
        "The foreign ministers of the Collective Security Treaty Organization met in\n"
        "Bishkek on Tuesday and agreed to strengthen the border with Afghanistan.",
        "They\nalso asked the Secretary General to report on the situation by December.",
    ]


def test_a_line_wrapped_by_hand_before_a_lower_case_word_stays_in_its_sentence(pipeline: Pipeline) -> None:
    text = (
        "The foreign ministers of the Collective Security Treaty Organization, meeting in Bishkek,\n"
        "on Tuesday agreed to strengthen the border with Afghanistan."
    )
    assert len(_sentences(pipeline, text)) == 1


def test_the_breaks_are_set_before_the_parser(pipeline: Pipeline) -> None:
    names = pipeline.nlp.pipe_names
    assert names.index("sitrep_paragraph_breaks") < names.index("parser")
