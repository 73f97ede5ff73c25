"""Killed / captured counts: how many people a release says were taken, and when a later
sentence adds to the lead's figure or only restates part of it."""

from __future__ import annotations

from sitrep.documents import new_document
from sitrep.model import Record
from sitrep.pipeline.analyze import Pipeline


def captured(pipeline: Pipeline, text: str) -> int:
    record: Record = pipeline.analyze(new_document(text, published="2012-05-10", language="en"))
    return max((e.counts.get("captured", 0) for e in record.events if not e.negated), default=0)


def test_a_couple_of_people_are_two(pipeline: Pipeline) -> None:
    text = "Police in Zurmat district detained a couple of smugglers on the main road today."
    assert captured(pipeline, text) == 2


def test_a_lead_with_several_groups_already_counts_the_others(pipeline: Pipeline) -> None:
    text = (
        "KABUL, Afghanistan (May 10, 2012) - Three bomb makers and two other suspects were arrested "
        "by border police in Spin Boldak this morning. The bomb makers had built roadside mines. "
        "Two other suspects were also arrested."
    )
    assert captured(pipeline, text) == 5
    text = (
        "Soldiers arrested a weapons smuggler and detained several suspected fighters near the border "
        "yesterday. The smuggler moved rifles. They also detained several suspected fighters for questioning."
    )
    assert captured(pipeline, text) == 4


def test_a_lead_with_one_group_takes_the_additional_ones(pipeline: Pipeline) -> None:
    text = (
        "Soldiers arrested a weapons smuggler near the border yesterday. The smuggler moved rifles. "
        "Two additional suspects were detained at the scene."
    )
    assert captured(pipeline, text) == 3


def test_the_other_people_of_a_group_already_counted_add_nothing(pipeline: Pipeline) -> None:
    text = (
        "Police detained four men at a checkpoint in Farah on Wednesday. One of the men ran away "
        "and was caught. The officers detained the other passengers for questioning."
    )
    assert captured(pipeline, text) == 4


def test_the_dateline_the_parser_runs_into_the_lead_is_nobody(pipeline: Pipeline) -> None:
    text = (
        "KABUL, Afghanistan (May 10, 2012) - Three smugglers and one other suspect were captured by an "
        "Afghan border force in Nimroz province this morning."
    )
    assert captured(pipeline, text) == 4  # not 6 with "KABUL" and "Afghanistan"


def test_a_release_counts_its_own_operation_not_one_on_another_day(pipeline: Pipeline) -> None:
    from sitrep.evaluation.isaf_events import release_count

    text = (
        "KABUL, Afghanistan (May 10, 2012) - Border police arrested a weapons smuggler and two suspects "
        "in Spin Boldak this morning. In a separate operation in Zabul province on Sunday, soldiers "
        "detained five suspected fighters."
    )
    record = pipeline.analyze(new_document(text, published="2012-05-10", language="en"))
    assert release_count(record, "captured") == 3
    # a sentence without a date of its own belongs to the operation the release is about
    text = (
        "KABUL, Afghanistan (May 10, 2012) - Border police arrested a weapons smuggler in Spin Boldak "
        "this morning. After questioning at the scene, the police detained five suspected fighters."
    )
    record = pipeline.analyze(new_document(text, published="2012-05-10", language="en"))
    assert release_count(record, "captured") == 5


def test_an_arrest_that_is_what_be_says_is_the_event_and_counts(pipeline: Pipeline) -> None:
    text = "Also reported today was the arrest of two weapons smugglers during a patrol in Herat province."
    record = pipeline.analyze(new_document(text, published="2012-05-10", language="en"))
    arrests = [e for e in record.events if e.type == "COERCE" and e.mode == "arrest"]
    assert [e.counts.get("captured") for e in arrests] == [2]
    assert captured(pipeline, "The main news of the week was the capture of a bomb maker in Ghazni.") == 1


def killed(pipeline: Pipeline, text: str) -> int:
    record: Record = pipeline.analyze(new_document(text, published="2012-05-10", language="en"))
    return max((e.counts.get("killed", 0) for e in record.events if not e.negated), default=0)


def test_taken_into_custody_counts_as_an_arrest(pipeline: Pipeline) -> None:
    assert captured(pipeline, "Police took the two smugglers into custody near Spin Boldak today.") == 2
    assert captured(pipeline, "Three drivers were taken into custody by the police in Herat on Monday.") == 3


def test_what_an_operation_resulted_in_is_news(pipeline: Pipeline) -> None:
    text = "Police searched three houses in Herat resulting in four men taken into custody by police."
    assert captured(pipeline, text) == 4
    text = "Soldiers stormed the hideout in Ghazni resulting in two gunmen killed and five hostages freed."
    assert killed(pipeline, text) == 2  # the freed hostages had another fate


def test_a_relative_clause_that_tells_what_happened_next_counts(pipeline: Pipeline) -> None:
    text = (
        "Soldiers questioned the villagers in Zabul and identified the smuggler, who was detained along "
        "with two of his drivers."
    )
    assert captured(pipeline, text) == 3
    # one with a time of its own is background; one without a comma picks the person out
    text = "Local elders welcomed the journalist, who was arrested last year, at a meeting in Kabul."
    assert captured(pipeline, text) == 0
    text = "Police questioned a man who was arrested by the army at a checkpoint near Herat."
    assert captured(pipeline, text) == 0


def test_an_object_the_parser_reads_as_a_clause_subject_still_counts(pipeline: Pipeline) -> None:
    text = (
        "Police detained a key smuggling facilitator linked to the killing of a local farmer in Herat "
        "yesterday."
    )
    assert captured(pipeline, text) == 1


def wounded(pipeline: Pipeline, text: str) -> int:
    record: Record = pipeline.analyze(new_document(text, published="2012-05-10", language="en"))
    return max((e.counts.get("wounded", 0) for e in record.events if not e.negated), default=0)


def test_a_relative_clause_with_its_own_time_adds_nothing_to_the_main_event(pipeline: Pipeline) -> None:
    text = "Soldiers killed a Taliban commander who was wounded in a clash on Feb. 2 in Helmand today."
    assert killed(pipeline, text) == 1
    assert wounded(pipeline, text) == 0  # the clash of Feb. 2 wounded him, not today's killing
    text = (
        "Police arrested two smugglers who were detained in a raid on Monday and released, at a "
        "checkpoint in Herat today."
    )
    assert captured(pipeline, text) == 2  # "who" is the two smugglers, taken before


def test_a_parenthesis_with_its_own_time_adds_nothing_to_the_main_event(pipeline: Pipeline) -> None:
    text = (
        "Police detained a weapons smuggler in Herat today (he was first arrested with two drivers on "
        "Jan. 3, 2009)."
    )
    assert captured(pipeline, text) == 1


def test_a_background_clause_with_its_own_time_adds_nothing_to_the_main_event(pipeline: Pipeline) -> None:
    text = (
        "Soldiers killed two fighters in Kandahar today, a week after five policemen were killed in an "
        "ambush on May 2."
    )
    assert killed(pipeline, text) == 2


def test_a_hyphenated_word_is_one_person(pipeline: Pipeline) -> None:
    text = (
        "Soldiers killed a Taliban sub-commander along with a number of fighters at a compound in Kunduz "
        "last night."
    )
    assert killed(pipeline, text) == 4
    text = "Police detained an al-Qaida co-founder and two drivers at a checkpoint in Herat today."
    assert captured(pipeline, text) == 3


def test_what_an_operation_resulted_in_is_news_in_a_relative_clause_too(pipeline: Pipeline) -> None:
    text = "On Monday, soldiers conducted a raid in Ghazni that resulted in the deaths of three gunmen."
    assert killed(pipeline, text) == 3
    text = (
        "On Monday, police conducted an operation in Nad Ali district, Helmand province that resulted in "
        "the death of Mullah Karim, a bomb maker."
    )
    assert killed(pipeline, text) == 1
    assert killed(pipeline, "The council rejected a policy that resulted in the deaths of many farmers.") == 0


def test_a_release_counts_its_own_operation_not_a_tally_over_a_period(pipeline: Pipeline) -> None:
    from sitrep.evaluation.isaf_events import release_count

    text = (
        "KABUL, Afghanistan (May 10, 2012) - Border police arrested a weapons smuggler in Spin Boldak "
        "this morning. Police have conducted many patrols in the district recently and killed or "
        "detained dozens of smugglers. Two gunmen were killed and five arrested so far this year."
    )
    record = pipeline.analyze(new_document(text, published="2012-05-10", language="en"))
    assert release_count(record, "captured") == 1
    assert release_count(record, "killed") == 0
