"""Events: PLOVER type, arguments, modality, counts, dates and codes from realistic sentences."""

from __future__ import annotations

import pytest

from sitrep.documents import new_document
from sitrep.model import Event, Record
from sitrep.pipeline.analyze import Pipeline
from sitrep.pipeline.eventdates import resolve_event_date
from sitrep.pipeline.events import inflections, load_plover_ontology, load_trigger_lexicon


def analyze(pipeline: Pipeline, text: str, published: str | None = None) -> Record:
    return pipeline.analyze(new_document(text, published=published, language="en"))


def only(record: Record, event_type: str) -> Event:
    found = [e for e in record.events if e.type == event_type]
    assert found, f"no {event_type} in {[(e.type, e.trigger) for e in record.events]}"
    return found[0]


def names(record: Record, ids: list[str]) -> set[str]:
    return {a.name for i in ids if (a := record.actor(i)) is not None}


def test_attack_with_source_target_and_counts(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline, "Taliban fighters attacked a police checkpoint in Kunduz, killing four policemen."
    )
    event = only(record, "ASSAULT")
    assert event.counts == {"killed": 4}
    assert "Taliban" in " ".join(names(record, event.source)) or event.source
    assert event.quad_class == 4 and event.cameo is not None and event.cameo.startswith("19")


def test_passive_attack_swaps_roles(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Russia was attacked by Ukraine on Tuesday.", published="2024-05-09")
    event = only(record, "ASSAULT")
    assert names(record, event.source) == {"Ukraine"}
    assert names(record, event.target) == {"Russia"}
    assert event.date == "2024-05-07"


def test_negated_attack_keeps_its_type_and_says_so(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Pakistani forces did not attack the militants in the tribal areas.")
    event = only(record, "ASSAULT")
    assert event.negated


def test_negated_cooperation_is_a_rejection(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Syria says it will not accept any more refugees.")
    assert only(record, "REJECT")


def test_may_send_troops_is_hypothetical(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Russia may deploy additional troops to Tajikistan.")
    event = only(record, "MOBILIZE")
    assert event.hypothetical and not event.negated


def test_threatened_to_is_a_threat_not_an_attack(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Iran threatened to launch a new military offensive against Iraq.")
    assert [e.type for e in record.events] == ["THREATEN"]
    event = record.events[0]
    assert event.hypothetical and event.mode == "violence"
    assert names(record, event.source) == {"Iran"}


def test_future_aid_is_an_agreement(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Kazakhstan will provide 5,000 tons of flour to Afghanistan.")
    event = only(record, "AGREE")
    assert names(record, event.source) == {"Kazakhstan"}


def test_request_with_mode_aid(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "The CSTO urged the international community to increase humanitarian aid to the Afghan people.",
    )
    event = only(record, "REQUEST")
    assert event.mode == "aid"
    assert names(record, event.target) == {"international community"}
    assert "humanitarian" in event.context
    # "urged" appeals (CAMEO 02): 023 "appeal for aid", not 103 "demand aid"
    assert event.quad_class == 3 and event.cameo == "023"


def test_reported_must_is_a_request_of_the_subject(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Russia said on Tuesday that Sudan must return the helicopter.")
    event = only(record, "REQUEST")
    assert names(record, event.source) == {"Russia"}
    assert names(record, event.target) == {"Sudan"}


def test_compound_actors_stay_a_list(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Uzbekistan and Tajikistan signed an agreement on border security.")
    event = only(record, "SUPPORT")
    assert names(record, event.source) == {"Uzbekistan", "Tajikistan"}


def test_meeting_after_following_is_a_consultation(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "Following their meeting in Dushanbe, the presidents of Russia and Tajikistan said they "
        "are committed to fighting terrorism.",
    )
    assert only(record, "CONSULT").trigger == "meeting"


def test_isaf_release_date_counts_and_group(pipeline: Pipeline) -> None:
    text = (
        "KABUL, Afghanistan (Jan. 25, 2013)\n"
        "During a security operation in Andar district, Ghazni province, yesterday, an Afghan and "
        "coalition force killed the Taliban leader, Alaudin. In a separate operation the force "
        "detained two suspected insurgents and several associates."
    )
    record = pipeline.analyze(text)
    kill = only(record, "ASSAULT")
    assert kill.date == "2013-01-24"
    assert kill.counts == {"killed": 1}
    assert "Taliban" in {n.split()[0] for n in names(record, kill.target)}
    arrest = only(record, "COERCE")
    assert arrest.mode == "arrest" and arrest.counts == {"captured": 5}
    assert arrest.date == "2013-01-24"  # the date cue of the release carries on


def test_no_date_cue_gives_no_date(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Insurgents attacked a convoy in Helmand.", published="2012-03-01")
    assert only(record, "ASSAULT").date is None


def test_statement_when_nothing_else_happens(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The spokesman said the situation in the province remained calm.")
    assert [e.type for e in record.events] == ["STATEMENT"]
    assert record.events[0].quad_class == 0


def test_every_event_points_back_to_its_sentence(pipeline: Pipeline) -> None:
    text = "Protesters blocked the road to Bishkek. Police arrested twelve of them."
    record = analyze(pipeline, text)
    assert {e.type for e in record.events} >= {"PROTEST", "COERCE"}
    for e in record.events:
        assert e.trigger_span is not None
        assert text[e.trigger_span.start : e.trigger_span.end] == e.trigger
        assert e.sentence.start <= e.trigger_span.start < e.trigger_span.end <= e.sentence.end


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("yesterday", "2013-01-25", "2013-01-24"),
        ("last night", "2013-01-25", "2013-01-24"),
        ("on Tuesday", "2013-01-25", "2013-01-22"),
        ("during an overnight operation Monday", "2010-10-13", "2010-10-11"),
        ("on Dec. 30", "2013-01-04", "2012-12-30"),
        ("last week", "2013-01-25", "2013-W03"),
        ("yesterday", None, None),
        ("in the province", "2013-01-25", None),
        ("Today, in Shah Wali Kot district", "2012-07-26", "2012-07-26"),
        ("Haqqani Leader Captured in Khost Overnight", "2010-11-24", "2010-11-24"),
        ("killed over the past 24 hours", "2011-01-12", "2011-01-12"),
        ("the 60th leader captured since Oct. 1", "2010-12-04", None),
    ],
)
def test_relative_dates(phrase: str, published: str | None, expected: str | None) -> None:
    assert resolve_event_date(phrase, published) == expected


def test_lexicon_and_ontology_agree() -> None:
    """Every type the trigger lexicon uses has a quad class and CAMEO code, and says why."""
    lexicon, ontology = load_trigger_lexicon(), load_plover_ontology()
    types = {e.type for entries in lexicon.single.values() for e in entries}
    assert types <= set(ontology)
    assert all(lexicon.why[t] for t in lexicon.why)
    assert len(ontology) == 17


def test_inflections_cover_doubled_consonants() -> None:
    assert {"expelled", "expels", "expelling"} <= inflections("expel")
    assert {"detained", "detains", "detaining"} <= inflections("detain")


def test_additional_detainees_add_to_the_lead_figure(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "An Afghan and coalition security force captured a Taliban leader during an operation in "
        "Baraki Barak district, Logar province, today. The leader distributed weapons. Two additional "
        "suspected insurgents were detained during the operation.",
        published="2011-12-30",
    )
    assert max(e.counts.get("captured", 0) for e in record.events) == 3


def test_two_arrest_verbs_in_one_sentence_are_summed(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "An Afghan and coalition security force arrested a Haqqani leader and detained three suspected "
        "insurgents in Jaji district, Paktiya province, today. The leader commanded attacks.",
        published="2012-12-22",
    )
    assert only(record, "COERCE").counts == {"captured": 4}


def test_a_pronoun_also_killed_is_no_addition(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "The force killed four insurgents in Taloqan district yesterday. When he displayed hostile "
        "intent by attempting to fire on the assault force, he was also killed.",
        published="2011-05-18",
    )
    assert max(e.counts.get("killed", 0) for e in record.events) == 4


def test_the_operation_targets_whom_it_searched_for(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "In Zharay district, Kandahar province, Afghan and coalition security forces conducted an "
        "operation in search of a Taliban leader today. The leader helps coordinate insurgent "
        "activities. The security force detained several suspected insurgents as a result of the operation.",
        published="2012-03-03",
    )
    event = only(record, "COERCE")
    assert any("Taliban" in n or "Islamic Emirate" in n for n in names(record, event.target))


def test_demand_keeps_the_demand_code(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Russia said on Tuesday that Sudan must return the helicopter.")
    assert only(record, "REQUEST").cameo.startswith("10")


def test_denying_charges_is_a_statement_not_a_rejection(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The Guatemalan government denied charges that it tortured a Jesuit priest.")
    assert {e.type for e in record.events} == {"STATEMENT"}
    event = only(record, "STATEMENT")
    assert event.mode == "deny" and event.cameo == "016"
    record = analyze(pipeline, "Iran strongly rejected accusations by Israel that it was behind the attack.")
    assert "REJECT" not in {e.type for e in record.events}


def test_rejecting_an_offer_stays_a_rejection(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Yasser Arafat rejected a US offer to host a summit in mid-July.")
    assert only(record, "REJECT")


def test_declining_to_comment_and_condolences_are_statements(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The Government of Eritrea declined to comment on the dispute.")
    assert [(e.type, e.mode, e.cameo) for e in record.events] == [("STATEMENT", "decline-comment", "011")]
    record = analyze(pipeline, "Putin expressed his profound condolences to the British people.")
    assert [(e.type, e.cameo) for e in record.events] == [("STATEMENT", "018")]


def test_purpose_infinitive_of_an_event_is_not_an_event(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline, "Thousands of students staged mass demonstrations to demand political reforms."
    )
    assert [e.type for e in record.events] == ["PROTEST"]
    # no event in "summoned": the purpose is the news
    record = analyze(
        pipeline,
        "The Polish foreign ministry summoned a German official on Wednesday to complain of attacks.",
    )
    assert "ACCUSE" in {e.type for e in record.events}


def test_agreeing_to_postpone_a_protest_is_an_agreement(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The Haitian group Veye Yo agreed to postpone the demonstration.")
    assert [e.type for e in record.events] == ["AGREE"]
    record = analyze(pipeline, "The rebels vowed to attack the capital.")
    assert [e.type for e in record.events] == ["THREATEN"]


def test_return_needs_an_object(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The United States returned two paintings to the government of Brazil.")
    event = only(record, "RETREAT")
    assert event.mode == "return" and event.quad_class == 2
    record = analyze(pipeline, "Russian negotiators return to Geneva this week for talks.")
    assert "RETREAT" not in {e.type for e in record.events}


def test_no_phrase_inside_a_hyphenated_word(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Some 500,000 workers stopped work on the first day of an open-ended strike.")
    assert [e.type for e in record.events] == ["PROTEST"]


def test_subject_clause_names_no_event(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Removing the sanctions on Burma is out of the question.")
    assert "RETREAT" not in {e.type for e in record.events}


def test_material_cooperation_words(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The United States removed sanctions on five shipping companies.")
    assert only(record, "RETREAT").cameo == "085"
    record = analyze(pipeline, "Brazil's truck drivers called off a four-day strike on Friday.")
    assert only(record, "RETREAT")
    record = analyze(
        pipeline, "The Clinton administration sharply reduced military aid to the Colombian army."
    )
    assert only(record, "SANCTION")
    record = analyze(pipeline, "India and Pakistan agreed to a cease-fire along their border.")
    assert [e.type for e in record.events] == ["AGREE"]


def test_conflibert_classes_follow_the_cameo_root() -> None:
    from sitrep.evaluation.conflibert import cameo_quad, is_held_out

    assert [cameo_quad(c) for c in ("010", "023", "057", "081", "0842", "112", "162", "173", "190")] == [
        0,
        0,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert cameo_quad(None) is None
    assert [i for i in range(9) if is_held_out(i)] == [2, 5, 8]


def test_clause_subject_in_reported_speech_takes_the_speaker(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Russia said that lifting the sanctions on Georgia is out of the question.")
    event = only(record, "REJECT")
    assert names(record, event.source) == {"Russia"}


def test_operation_to_arrest_someone_does_not_count_him(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "An Afghan and coalition security force detained two suspected insurgents during an "
        "operation to arrest an Islamic Movement of Uzbekistan leader in Takhar province today.",
        published="2012-07-20",
    )
    assert only(record, "COERCE").counts == {"captured": 2}


def test_headline_restating_the_lead_is_not_counted_twice(pipeline: Pipeline) -> None:
    text = (
        "Several Suspected Insurgents Detained in Zabul ISAF Joint Command - Afghanistan 2010-10-CA-087 "
        "For Immediate Release\nKABUL, Afghanistan (Oct. 8) - Afghan and coalition forces "
        "detained several suspected insurgents in overnight operations in Zabul province."
    )
    record = analyze(pipeline, text)
    # one sentence with the headline: "Insurgents Detained" (2) + "detained several" (3) was 5
    assert [e.counts for e in record.events if e.type == "COERCE"] == [{"captured": 3}]


def test_release_number_is_no_head_count(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Forces captured 2010 in Paktiya province on Saturday.")
    assert all(e.counts.get("captured", 0) != 2010 for e in record.events)


def test_along_with_hung_on_another_noun_still_counts(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "The security team detained the targeted Taliban leader based on initial questioning at the "
        "scene along with one suspected insurgent.",
    )
    assert only(record, "COERCE").counts == {"captured": 2}


def test_airstrike_after_following_read_as_a_verb(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "Afghan and coalition forces today confirmed the death of Haqqani leader Shabeer following "
        "a precision airstrike in Logar province, Sunday.",
        published="2012-09-04",
    )
    event = only(record, "ASSAULT")
    assert event.mode == "aerial" and event.date == "2012-09-02"


def test_an_event_noun_that_is_rejected_or_lifted_is_no_event_of_its_own(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Rebels dismissed an appeal from the president to lay down their arms.")
    assert [e.type for e in record.events] == ["REJECT"]
    record = analyze(pipeline, "Sudan's government on Sunday lifted a state of emergency in West Darfur.")
    assert [e.type for e in record.events] == ["CONCEDE"]


def test_a_subject_that_names_nobody_negates(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "No Afghan or coalition forces were killed in the attack.")
    assert all(e.negated for e in record.events if e.type == "ASSAULT")
    assert record.events and not any(e.counts for e in record.events)


def test_attacks_are_not_people_killed(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The insurgents executed attacks against Afghan forces in Kandahar.")
    assert not any(e.counts.get("killed") for e in record.events)


def test_operation_to_arrest_a_leader_targets_his_group(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "An Afghan and coalition security force detained two suspected insurgents during an "
        "operation to arrest a Taliban weapons supplier today.",
        published="2012-07-13",
    )
    assert "Taliban" in " ".join(names(record, only(record, "COERCE").target))


def test_headline_run_into_the_lead_is_not_its_subject(pipeline: Pipeline) -> None:
    text = (
        "Afghan, Coalition Forces Detain Taliban Leader in Logar\nISAF Joint Command - Afghanistan "
        "2010-12-S-244 For Immediate Release\nKABUL, Afghanistan (Dec. 21) – Afghan and coalition "
        "forces captured a Taliban improvised explosive device leader during a security operation "
        "in Logar province yesterday."
    )
    record = analyze(pipeline, text)
    event = only(record, "COERCE")
    assert "Taliban" in " ".join(names(record, event.target))
    assert "Taliban" not in " ".join(names(record, event.source))


def test_resulted_in_the_deaths_of_counts_the_killed(pipeline: Pipeline) -> None:
    record = analyze(
        pipeline,
        "Afghan forces successfully ambushed the insurgents, which resulted in the deaths of five "
        "enemy fighters.",
    )
    assert max(e.counts.get("killed", 0) for e in record.events if e.type == "ASSAULT") == 5


def test_a_happening_the_sentence_presupposes_is_not_its_news(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The rebels laid down their arms on Friday following a long army offensive.")
    assert [e.type for e in record.events] == ["RETREAT"]
    record = analyze(pipeline, "A French journalist was arrested during a NATO summit in Madrid.")
    assert [e.type for e in record.events] == ["COERCE"]


def test_an_event_in_a_condition_is_not_news(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The party said it would boycott the vote unless the king agrees to resign.")
    assert [e.type for e in record.events] == ["THREATEN"]
    record = analyze(pipeline, "The rebels said they would meet the envoy if he gave them a veto.")
    assert [e.type for e in record.events] == ["AGREE"]


def test_the_demands_and_damage_of_a_protest_are_the_protest(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Thousands of farmers marched through Lima, calling for lower prices.")
    assert [e.type for e in record.events] == ["PROTEST"]
    record = analyze(pipeline, "Inmates rioted at the prison on Sunday, setting fire to their beds.")
    assert [e.type for e in record.events] == ["PROTEST"]


def test_insist_demands_only_on_something_or_with_a_subjunctive(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The minister insisted the unrest reflected old ethnic tensions.")
    assert "REQUEST" not in {e.type for e in record.events}
    record = analyze(pipeline, "Russia insisted on the release of its pilots.")
    assert only(record, "REQUEST")


def test_peacekeepers_arriving_are_military_aid(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "A first group of Kenyan peacekeeping troops arrived in Liberia on Tuesday.")
    assert only(record, "AID").cameo == "074"
    record = analyze(pipeline, "India deployed 500 peacekeepers to South Sudan.")
    assert [e.type for e in record.events] == ["AID"]
    record = analyze(pipeline, "Russia deployed 500 troops to the border.")
    assert [e.type for e in record.events] == ["MOBILIZE"]


def test_a_journey_for_talks_is_the_talks(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "China's foreign minister arrived in Tokyo on Monday for a three-day visit.")
    assert only(record, "CONSULT").mode == "visit"


def test_a_hyphenated_word_counts_once_inside_a_phrase(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The army lifted on Friday a three-week-old blockade of the town.")
    assert [e.type for e in record.events] == ["RETREAT"]


def test_a_verb_made_from_a_trigger_noun_is_another_word(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "Israeli warplanes struck targets in southern Lebanon on Tuesday.")
    assert [e.type for e in record.events] == ["ASSAULT"]
    record = analyze(pipeline, "The two parties struck a deal on oil exports.")
    assert [e.type for e in record.events] == ["AGREE"]
    record = analyze(pipeline, "The bombing dealt a severe blow to the peace process.")
    assert "AGREE" not in {e.type for e in record.events}


def test_an_auxiliary_is_no_light_verb(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The agency has rejected accusations that it helped the rebels.")
    assert [(e.type, e.mode, e.trigger) for e in record.events] == [("STATEMENT", "deny", "rejected")]


def test_agreeing_with_someone_is_an_opinion(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The senators said they agree with the governor about the new curriculum.")
    assert "AGREE" not in {e.type for e in record.events}
    record = analyze(pipeline, "Israel agreed with Egypt on a ceasefire.")
    assert only(record, "AGREE")


def test_paying_a_visit_is_a_visit(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The US ambassador paid a courtesy visit to the speaker of parliament.")
    assert only(record, "CONSULT").trigger == "paid a courtesy visit"


def test_withdrawing_peacekeepers_reduces_relations(pipeline: Pipeline) -> None:
    record = analyze(pipeline, "The United Nations withdrew its peacekeepers from the border area.")
    assert only(record, "SANCTION").mode == "withdraw"
    record = analyze(pipeline, "A city court found the former mayor guilty of fraud.")
    assert only(record, "ACCUSE")
