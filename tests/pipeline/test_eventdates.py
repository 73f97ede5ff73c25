"""Event dates: a side remark's date dates only the remark, never the main clause or the narrative."""

from __future__ import annotations

from sitrep.documents import new_document
from sitrep.model import Record
from sitrep.pipeline.analyze import Pipeline
from sitrep.pipeline.eventdates import resolve_event_date, sentence_dates
from sitrep.pipeline.events import load_trigger_lexicon


def analyze(pipeline: Pipeline, text: str, published: str) -> Record:
    return pipeline.analyze(new_document(text, published=published, language="en"))


def violent_dates(record: Record) -> list[str | None]:
    return [e.date for e in record.events if e.type in ("ASSAULT", "COERCE")]


def test_relative_clause_date_is_not_carried_to_later_sentences(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "Afghan forces detained two suspected insurgents in Kandahar province yesterday. One of them "
        "served as a deputy to a Taliban commander who was killed in an air strike last week. The "
        "security force also detained three more suspects.",
        "2011-03-01",
    )
    assert violent_dates(record) == ["2011-02-28", "2011-02-28"]


def test_relative_clause_date_does_not_date_the_main_clause(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "Security forces killed a bomb maker Tuesday, the militant who was wounded in a clash on Feb. 2.",
        "2011-03-10",
    )
    assert violent_dates(record) == ["2011-03-08"]


def test_the_same_network_that_attacked_on_a_date_is_background(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "Afghan forces captured a Haqqani facilitator in Khost province today. The facilitator belongs "
        "to the same network that attacked a police station in Khost on Feb. 26. Two more suspects were "
        "detained during the operation.",
        "2011-03-10",
    )
    assert set(violent_dates(record)) == {"2011-03-10"}


def test_a_describing_relative_clause_leaves_its_time_to_the_main_clause(pipeline: Pipeline) -> None:
    # the parser hangs "yesterday" in "who operated ...", which tells no event of its own
    record = analyze(
        pipeline,
        "Coalition forces detained a Taliban leader who operated out of Kandahar City and Arghandab "
        "district, along with one suspected insurgent during an operation in the province yesterday.",
        "2011-01-12",
    )
    assert violent_dates(record) == ["2011-01-11"]


def test_parenthesis_and_since_clause_are_side_remarks(pipeline: Pipeline) -> None:
    lexicon = load_trigger_lexicon().single
    for text in (
        "Afghan forces captured a Taliban leader (first detained on Jan. 3, 2009, and later released) "
        "in Helmand province today.",
        "Afghan forces detained the Taliban leader today in Helmand province, where he has planted bombs "
        "since he returned from Pakistan on Jan. 5.",
        "Afghan forces detained a Taliban leader in Helmand province today, a year after he escaped from "
        "prison on Jan. 5.",
    ):
        sent = next(pipeline.nlp(text).sents)
        dates = sentence_dates(sent, 0, "2011-03-10", lexicon)
        assert (dates.dated, dates.date) == (True, "2011-03-10"), text
        assert [s.date for s in dates.side] in (["2009-01-03"], ["2011-01-05"]), text
        remark = dates.side[0]
        assert dates.date_at(remark.start, "narrative") == remark.date
        assert dates.date_at(0, "narrative") == "narrative"


def test_an_adverbial_clause_time_dates_a_sentence_without_another(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "Afghan forces killed two insurgents after they attacked a checkpoint Tuesday.",
        "2011-03-10",
    )
    assert violent_dates(record)[0] == "2011-03-08"


def test_a_year_after_since_starts_a_period() -> None:
    assert (
        resolve_event_date("The leader has commanded fighters in the district since 2009.", "2011-03-10")
        is None
    )
    assert resolve_event_date("The leader was first arrested in 2009.", "2011-03-10") == "2009"


def test_a_number_before_a_month_and_its_day_is_no_day() -> None:
    assert resolve_event_date("A bomb struck a convoy on Route 1 August 31.", "2011-09-04") == "2011-08-31"
    assert resolve_event_date("The bomb struck on 5 January 2011.", "2011-09-04") == "2011-01-05"
    assert resolve_event_date("The bomb struck on 5 January, killing two.", "2011-09-04") == "2011-01-05"


def test_an_appended_report_is_dated_by_its_own_dateline(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "KABUL, Afghanistan (Dec. 30, 2010) - Afghan forces detained a Taliban leader in Khost province "
        "yesterday.\n\n---\n\nKABUL, Afghanistan (Jan. 2) - Afghan forces confirmed today that a bomb maker "
        "was detained during an operation Jan. 1. Coalition forces killed two insurgents in Helmand today.",
        "2010-12-30",
    )
    assert violent_dates(record) == ["2010-12-29", "2011-01-01", "2011-01-02"]


def test_a_whose_clause_telling_an_event_is_a_side_remark(pipeline: Pipeline) -> None:
    # "whose" opens the clause as the owner of its subject, not as the subject itself
    record = analyze(
        pipeline,
        "Coalition forces killed a bomb maker, whose two brothers were shot dead by police on May 3, "
        "in Kandahar province today.",
        "2011-03-10",
    )
    assault = [e for e in record.events if e.type == "ASSAULT"][0]
    assert (assault.date, assault.counts.get("killed")) == ("2011-03-10", 1)
    lexicon = load_trigger_lexicon().single
    sent = next(
        pipeline.nlp(
            "The militant leader, whose deputy was killed by police on May 3, planned the attacks."
        ).sents
    )
    dates = sentence_dates(sent, 0, "2011-03-10", lexicon)
    assert (dates.dated, dates.date) == (False, None)
    assert [s.date for s in dates.side] == ["2010-05-03"]


def test_a_final_time_after_a_dated_relative_clause_dates_the_main_clause(pipeline: Pipeline) -> None:
    lexicon = load_trigger_lexicon().single
    cases = {
        # one clause tells one time: a second one hung on the clause's verb is the main clause's
        "Police arrested two smugglers who were detained in Kandahar on Monday in Helmand "
        "province yesterday.": (True, "2011-03-09"),
        # set off by a comma from the coordinated verb the parser hung it on
        "Police arrested two smugglers who were detained in Kandahar on Monday and released, in Helmand "
        "province today.": (True, "2011-03-10"),
        # the coordinated verb's own time, one time in two words, or the clause's only time
        "Police arrested two smugglers who were detained in Kandahar on Monday and released today.": (
            False,
            None,
        ),
        "Police arrested two smugglers who were detained in Kandahar on Monday and Tuesday.": (False, None),
        "Police arrested two smugglers who were detained in Kandahar Monday overnight.": (False, None),
        "He worked for a Taliban commander who was killed in an air strike last week.": (False, None),
    }
    for text, main in cases.items():
        sent = next(pipeline.nlp(text).sents)
        dates = sentence_dates(sent, 0, "2011-03-10", lexicon)
        assert (dates.dated, dates.date) == main, text
        assert dates.side and dates.side[0].date in ("2011-03-07", "2011-W09"), text
    record = analyze(
        pipeline,
        "Police arrested two smugglers who were detained in Kandahar on Monday and released, in Helmand "
        "province today. They also detained three more suspects.",
        "2011-03-10",
    )
    assert violent_dates(record) == ["2011-03-10", "2011-03-10"]
