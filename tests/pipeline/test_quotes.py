"""QuoteExtractor: direct and indirect quotes, cues, speakers and outlets on realistic copy."""

from __future__ import annotations

from sitrep.documents import new_document
from sitrep.model import Quote, Record
from sitrep.pipeline.analyze import Pipeline
from sitrep.pipeline.quotes import _run_on


def quotes_of(pipeline: Pipeline, text: str) -> Record:
    """The record up to the quote stage: the stage is tested on its own inputs, not on what
    later stages do."""
    document = new_document(text)
    doc = pipeline.nlp(document.text)
    record = Record(document=document)
    record.actors, record.mentions = pipeline.actor_linker.link(doc, document.published)
    record.quotes, speakers = pipeline.quote_extractor.extract(doc, record.actors, record.mentions)
    record.actors += speakers
    return record


def quote_starting(record: Record, words: str) -> Quote:
    found = [q for q in record.quotes if q.text.startswith(words)]
    assert found, f"no quote starts with {words!r}: {[q.text[:40] for q in record.quotes]}"
    return found[0]


def speaker_name(record: Record, quote: Quote) -> str | None:
    actor = record.actor(quote.speaker) if quote.speaker else None
    return actor.name if actor else None


def test_every_quote_text_is_its_span_of_the_document(pipeline: Pipeline) -> None:
    text = (
        "“We will not allow terrorists to use Afghan soil,” Zabihullah Mujahid, spokesman of the "
        "Islamic Emirate, said on Tuesday. He added that talks with Pakistan would continue."
    )
    record = quotes_of(pipeline, text)
    assert [(q.kind, q.cue) for q in record.quotes] == [("direct", "said"), ("indirect", "added")]
    assert quote_starting(record, "We will not allow").speaker == "zabihullah-mujahid"
    for q in record.quotes:
        assert q.text == record.document.text[q.start : q.end]
        assert q.sentence is not None and q.sentence.start <= q.start < q.end <= q.sentence.end


def test_direct_quote_with_inverted_cue_and_surname(pipeline: Pipeline) -> None:
    text = (
        "CSTO Secretary General Imangali Tasmagambetov opened the meeting in Moscow.\n"
        "“Constructive discussions will help us understand the ongoing processes,” said Tasmagambetov."
    )
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "Constructive discussions")
    assert (q.kind, q.cue, q.speaker_text) == ("direct", "said", "Tasmagambetov")
    assert speaker_name(record, q) == "Imangali Tasmagambetov"
    # the comma that closes the quote before its cue is not part of the words quoted
    assert q.text.endswith("processes")


def test_split_quote_continues_with_the_statement_issuer(pipeline: Pipeline) -> None:
    text = (
        "Foreign ministers from the Collective Security Treaty Organization (CSTO) met in Bishkek. "
        "In a joint statement, the ministers said they are committed to helping Afghanistan.\n"
        "“We reaffirm our determination to assist Afghanistan,” the statement read. “We declare our "
        "readiness to participate in global efforts for Afghanistan’s development.”"
    )
    record = quotes_of(pipeline, text)
    first = quote_starting(record, "We reaffirm")
    second = quote_starting(record, "We declare")
    assert first.cue == "read" and second.cue is None
    assert first.speaker == second.speaker == "csto-council-of-foreign-ministers"
    council = record.actor("csto-council-of-foreign-ministers")
    assert council is not None and council.part_of == "csto"


def test_guillemets_and_colon_before_the_quote(pipeline: Pipeline) -> None:
    text = (
        "Russian Foreign Minister Sergey Lavrov told reporters: «The situation on the border remains tense.»"
    )
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "The situation on the border")
    assert q.kind == "direct" and q.cue == "told"
    assert speaker_name(record, q) == "Sergey Lavrov"


def test_quote_continued_in_the_next_paragraph(pipeline: Pipeline) -> None:
    text = (
        "Zabihullah Mujahid, the spokesman of the Islamic Emirate, said: “The Islamic Emirate will not "
        "allow anyone to use the territory of Afghanistan against other countries.\n"
        "“We have told our neighbours this many times and we will keep our word.”"
    )
    record = quotes_of(pipeline, text)
    first = quote_starting(record, "The Islamic Emirate will not")
    second = quote_starting(record, "We have told our neighbours")
    assert first.speaker == second.speaker
    assert speaker_name(record, second) == "Zabihullah Mujahid"


def test_indirect_speech_with_that_clause_and_pronoun_speaker(pipeline: Pipeline) -> None:
    text = (
        "In his welcoming remarks, CSTO Secretary General Imangali Tasmagambetov underscored the "
        "importance of constructive dialogue.\n"
        "He noted that the CSTO Secretariat launched this expert format in 2023."
    )
    record = quotes_of(pipeline, text)
    noted = quote_starting(record, "that the CSTO Secretariat launched")
    assert (noted.kind, noted.cue, noted.speaker_text) == ("indirect", "noted", "He")
    assert speaker_name(record, noted) == "Imangali Tasmagambetov"
    underscored = quote_starting(record, "the importance of constructive dialogue")
    assert underscored.cue == "underscored"


def test_told_an_outlet_goes_to_via(pipeline: Pipeline) -> None:
    text = (
        "Military analyst Bismillah Taban told Amu TV that the organization sees Afghanistan as a "
        "persistent priority in regional discussions."
    )
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "that the organization sees Afghanistan")
    assert q.via == "amu-tv"
    assert speaker_name(record, q) == "Bismillah Taban"


def test_urged_and_called_on_take_the_addressee_and_the_infinitive(pipeline: Pipeline) -> None:
    text = (
        "The CSTO urged the international community to increase humanitarian aid to the Afghan people. "
        "Uzbekistan called on the Taliban to form an inclusive government."
    )
    record = quotes_of(pipeline, text)
    urged = quote_starting(record, "the international community to increase humanitarian aid")
    assert speaker_name(record, urged) == "Collective Security Treaty Organization"
    called = quote_starting(record, "the Taliban to form an inclusive government")
    assert called.cue == "called on"
    assert speaker_name(record, called) == "Uzbekistan"


def test_according_to_attributes_the_clause(pipeline: Pipeline) -> None:
    text = "At least 12 people were killed in the attack in Kunduz, according to the Ministry of Interior."
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "At least 12 people were killed")
    assert q.cue == "according to" and q.kind == "indirect"
    assert q.speaker is not None and "Interior" in (speaker_name(record, q) or "")


def test_unnamed_sources_keep_their_words_without_an_actor(pipeline: Pipeline) -> None:
    text = (
        "A source in the Afghan Ministry of Defense said the operation would continue for weeks. "
        "Officials said more troops would be sent to the border."
    )
    record = quotes_of(pipeline, text)
    source = quote_starting(record, "the operation would continue")
    assert source.speaker is None and source.speaker_text == "A source in the Afghan Ministry of Defense"
    officials = quote_starting(record, "more troops would be sent")
    assert officials.speaker is None and officials.speaker_text == "Officials"


def test_scare_quotes_and_titles_are_not_quotes_of_anyone(pipeline: Pipeline) -> None:
    text = (
        "The Taliban rejected the so-called “peace plan” at once. The institute hosted a conference "
        "titled “The domestic political situation in Afghanistan and its impact on regional security.”"
    )
    record = quotes_of(pipeline, text)
    assert record.quotes == []


def test_direct_quote_is_not_repeated_as_indirect_speech(pipeline: Pipeline) -> None:
    text = "“The border is closed until further notice,” the governor said on Monday."
    record = quotes_of(pipeline, text)
    assert [q.kind for q in record.quotes] == ["direct"]


def test_verbs_used_as_nouns_or_passives_are_not_cues(pipeline: Pipeline) -> None:
    text = (
        "The report was released on Monday. It was announced that the border would reopen. "
        "The said agreement expires next year."
    )
    record = quotes_of(pipeline, text)
    assert record.quotes == []


def test_regression_quoted_phrase_inside_reported_speech_stays_part_of_it(pipeline: Pipeline) -> None:
    """A cue after a mid-sentence quoted phrase was taken as the phrase's own cue."""
    text = "Warren said a cashier who “steals a handful of $20s” is held accountable."
    record = quotes_of(pipeline, text)
    assert [q.kind for q in record.quotes] == ["indirect"]
    assert "steals a handful" in record.quotes[0].text


def test_transcript_labels_and_dashes_name_the_speaker(pipeline: Pipeline) -> None:
    text = (
        "Fox News host Chris Wallace interviewed Mike Pence on Sunday.\n"
        "WALLACE: Will Gennifer Flowers be at the debate tomorrow night?\n"
        "Maria Lopez ― “Trump must stop portraying Latinos as dangerous gangsters.”"
    )
    record = quotes_of(pipeline, text)
    asked = quote_starting(record, "Will Gennifer Flowers")
    assert (asked.cue, speaker_name(record, asked)) == (":", "Chris Wallace")
    voxpop = quote_starting(record, "Trump must stop")
    assert voxpop.speaker_text == "Maria Lopez"


def test_typewriter_quote_marks(pipeline: Pipeline) -> None:
    text = "''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist at the American Action Forum."
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "This isn't tax reform")
    assert q.kind == "direct" and speaker_name(record, q) == "Douglas Holtz-Eakin"


def test_particle_cues_take_the_particle_object(pipeline: Pipeline) -> None:
    text = "The GOP nominee complained about his microphone the morning after the debate."
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "his microphone")
    assert q.cue == "complained about" and q.kind == "indirect"


def test_transcript_turns_opened_by_a_quote_mark(pipeline: Pipeline) -> None:
    """A transcript quoted turn by turn: each line opens with a mark before its label; a host
    the text never names in full is still the speaker of the turns under their label."""
    text = (
        '"WALLACE: Let’s start with breaking news on the debate story.\n\n'
        '"PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of “Shark Tank.”\n\n'
        '"WALLACE: Do you really see those two as equivalent?\n\n'
        '"PENCE: Gennifer Flowers will not be attending the debate."\n'
    )
    record = quotes_of(pipeline, text)
    assert [(q.speaker_text, q.cue, q.text[:20]) for q in record.quotes] == [
        ("WALLACE", ":", "Let’s start with bre"),
        ("PENCE", ":", "Well, look, Hillary "),
        ("WALLACE", ":", "Do you really see th"),
        ("PENCE", ":", "Gennifer Flowers wil"),
    ]
    assert record.quotes[1].text.endswith("“Shark Tank.”")
    assert record.quotes[3].text.endswith("debate.")


def test_stance_verbs_take_their_object_and_what_it_is_called(pipeline: Pipeline) -> None:
    text = (
        "Sen. Ted Cruz endorsed Donald Trump on Friday. "
        "Ham described Clinton as a lifetime politician who never held a real job."
    )
    record = quotes_of(pipeline, text)
    endorsed = quote_starting(record, "Donald Trump")
    assert (endorsed.cue, endorsed.speaker_text) == ("endorsed", "Sen. Ted Cruz")
    assert endorsed.text == "Donald Trump"
    described = quote_starting(record, "Clinton as")
    assert described.cue == "described" and described.speaker_text == "Ham"
    assert described.text == "Clinton as a lifetime politician who never held a real job"


def test_intentions_and_beliefs_are_attributions(pipeline: Pipeline) -> None:
    text = "The company agreed to clean up the shuttered mines. Clinton knows that the race will be close."
    record = quotes_of(pipeline, text)
    agreed = quote_starting(record, "to clean up")
    assert (agreed.cue, agreed.speaker_text, agreed.text) == (
        "agreed",
        "The company",
        "to clean up the shuttered mines",
    )
    knows = quote_starting(record, "that the race")
    assert (knows.cue, knows.speaker_text, knows.text) == ("knows", "Clinton", "that the race will be close")


def test_noun_cues_take_their_holder_and_object(pipeline: Pipeline) -> None:
    text = (
        "The endorsements highlight the editorial boards’ disdain for the Republican nominee. "
        "Donald Trump is raising questions about his microphone problems during the debate."
    )
    record = quotes_of(pipeline, text)
    disdain = quote_starting(record, "the Republican nominee")
    assert (disdain.cue, disdain.speaker_text) == ("disdain", "the editorial boards")
    questions = quote_starting(record, "his microphone problems")
    assert (questions.cue, questions.speaker_text) == ("questions", "Donald Trump")
    # the parser hangs "during the debate" on "raising"; it is still what the questions are about
    assert questions.text == "his microphone problems during the debate"
    for q in record.quotes:
        assert q.text == record.document.text[q.start : q.end]


def test_a_belief_inside_reported_speech_is_part_of_it(pipeline: Pipeline) -> None:
    """ "Clinton said she thinks …": one attribution, Clinton's; a promise inside reported speech
    is speech of its own ("Merrill says Machado promised to …")."""
    text = (
        "Clinton said she thinks America is strongest when people work together. "
        "Merrill says Machado promised to continue supporting Clinton."
    )
    record = quotes_of(pipeline, text)
    assert [(q.cue, q.text) for q in record.quotes] == [
        ("said", "she thinks America is strongest when people work together"),
        ("says", "Machado promised to continue supporting Clinton"),
        ("promised", "to continue supporting Clinton"),
    ]


def test_a_stance_noun_object_is_read_as_the_noun(pipeline: Pipeline) -> None:
    text = "Republicans expressed concern that changing the policy could lead to voter fraud."
    record = quotes_of(pipeline, text)
    assert [(q.cue, q.speaker_text, q.text) for q in record.quotes] == [
        ("concern", "Republicans", "that changing the policy could lead to voter fraud")
    ]


def test_object_content_leaves_out_an_aside_on_a_name(pipeline: Pipeline) -> None:
    text = (
        "Graham has acknowledged the reality of climate change, which makes him something of an "
        "outlier among Republican lawmakers."
    )
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "the reality")
    assert (q.cue, q.text) == ("acknowledged", "the reality of climate change")


def test_coordinated_cues_give_two_attributions(pipeline: Pipeline) -> None:
    text = (
        "Trump said he would order a thorough review of the nation’s computer defenses and warned "
        "against potential hackers from China, Russia and North Korea."
    )
    record = quotes_of(pipeline, text)
    said = quote_starting(record, "he would order")
    assert said.cue == "said"
    assert said.text == "he would order a thorough review of the nation’s computer defenses"
    warned = quote_starting(record, "potential hackers")
    assert warned.cue == "warned against" and warned.text.endswith("North Korea")


def test_a_live_blog_time_stamp_is_not_a_speaker(pipeline: Pipeline) -> None:
    text = (
        "The Latest: Trump visits Michigan.\n\n"
        "12:15 p.m.\n\n"
        "Donald Trump says political correctness has run amok in the military.\n"
    )
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "political correctness")
    assert q.speaker_text == "Donald Trump" and speaker_name(record, q) == "Donald Trump"


def test_content_runs_on_over_a_sentence_break_the_parser_put_in_mid_sentence(pipeline: Pipeline) -> None:
    """The parser sometimes ends a sentence on a word in mid-line ("Clinton cited disparaging
    remarks | Trump had made about Machado …"); content ending there goes on to the real end."""
    from spacy.tokens import Doc

    words = [
        "Clinton",
        "cited",
        "disparaging",
        "remarks",
        "Trump",
        "had",
        "made",
        "about",
        "Machado",
        ".",
        "\n",
    ]
    starts = [True, False, False, False, True, False, False, False, False, False, False]
    spaces = [True] * 8 + [False, False, False]
    doc = Doc(pipeline.nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
    start, end = doc[2].idx, doc[3].idx + len("remarks")
    assert doc.text[slice(*_run_on(doc, start, end))] == "disparaging remarks Trump had made about Machado"
    # a sentence that ends on its full stop is a real end
    assert _run_on(doc, doc[4].idx, doc[8].idx + len("Machado")) == (doc[4].idx, doc[8].idx + len("Machado"))


def test_support_and_plans_are_attributions(pipeline: Pipeline) -> None:
    text = (
        "Far fewer unions support Donald Trump this year. "
        "Hillary Clinton plans to call on young people to participate in national service."
    )
    record = quotes_of(pipeline, text)
    support = quote_starting(record, "Donald Trump")
    assert (support.cue, support.speaker_text) == ("support", "Far fewer unions")
    plans = quote_starting(record, "to call on young people")
    assert (plans.cue, speaker_name(record, plans)) == ("plans", "Hillary Clinton")


def test_content_clauses_the_parser_hung_elsewhere(pipeline: Pipeline) -> None:
    text = (
        "In Geneva last week, the envoy told a meeting of donor countries that few nations had "
        "kept their pledges for the refugee camps. "
        "The minister said after the summit he would not sign the border treaty this year."
    )
    record = quotes_of(pipeline, text)
    told = quote_starting(record, "that few nations")
    assert (told.cue, told.speaker_text) == ("told", "the envoy")
    said = quote_starting(record, "he would not sign")
    assert (said.cue, said.speaker_text, said.text) == (
        "said",
        "The minister",
        "he would not sign the border treaty this year",
    )


def test_said_with_when_is_no_content_clause(pipeline: Pipeline) -> None:
    record = quotes_of(pipeline, "The governor said nothing when he left the courthouse in Richmond.")
    assert not [q for q in record.quotes if q.text.startswith("when")]


def test_saying_after_a_preposition_takes_the_subject_of_the_clause(pipeline: Pipeline) -> None:
    text = "The senator answered a question from a student by saying the pipeline would never be built."
    record = quotes_of(pipeline, text)
    saying = quote_starting(record, "the pipeline would")
    assert (saying.cue, saying.speaker_text) == ("saying", "The senator")


def test_what_someone_is_called_with_a_one_word_object(pipeline: Pipeline) -> None:
    record = quotes_of(pipeline, "The union called Clinton a “champion” for working families.")
    called = quote_starting(record, "Clinton")
    assert (called.cue, called.speaker_text) == ("called", "The union")
    assert called.text.endswith("working families")


def test_a_passive_cue_with_its_agent(pipeline: Pipeline) -> None:
    text = (
        "The border incident was first reported by the Kabul Times. The mayor is supported by few newspapers."
    )
    record = quotes_of(pipeline, text)
    reported = quote_starting(record, "The border incident")
    assert (reported.cue, reported.speaker_text) == ("reported by", "the Kabul Times")
    supported = quote_starting(record, "The mayor")
    assert supported.speaker_text == "few newspapers"
    # what is heard or defended is not a stance of the agent
    defended = quotes_of(pipeline, "The mountain passes were defended by local militias for a decade.")
    assert not defended.quotes


def test_a_stance_object_keeps_what_describes_it_not_when_it_was_taken(pipeline: Pipeline) -> None:
    text = (
        "The governor cited his endorsements from 40 mayors and sheriffs on Tuesday. "
        "The candidate attacked Ortega in a series of late-night posts."
    )
    record = quotes_of(pipeline, text)
    cited = quote_starting(record, "his endorsements")
    assert cited.text.startswith("his endorsements from 40 mayors and sheriffs")
    assert quote_starting(record, "Ortega").text == "Ortega"


def test_coordinated_infinitives_are_one_content(pipeline: Pipeline) -> None:
    text = (
        "She wants to double the size of the border police, hire more customs officers and build "
        "a new training academy. The ministry promised to reopen the crossing and said it would "
        "review the tariffs."
    )
    record = quotes_of(pipeline, text)
    wants = quote_starting(record, "to double")
    assert wants.text.endswith("a new training academy")
    promised = quote_starting(record, "to reopen")
    assert promised.text == "to reopen the crossing"


def test_no_cue_or_content_reaches_into_another_paragraph(pipeline: Pipeline) -> None:
    text = (
        "“We are on our fourth minister of defence,” he said. “There is a reason for that. None of "
        "them gave the president the answer he wanted.”\n\n"
        "Looking ahead to the elections, Ortega explained why he backs the opposition."
    )
    record = quotes_of(pipeline, text)
    second = quote_starting(record, "There is a reason")
    assert second.cue in (None, "said") and second.speaker_text == "he"
    for q in record.quotes:
        assert "\n" not in q.text


def test_report_nouns_and_their_clause(pipeline: Pipeline) -> None:
    text = (
        "The minister dismissed a Kabul Times report that the border post had been abandoned. "
        "The agency reports that exports fell by a third in March."
    )
    record = quotes_of(pipeline, text)
    report = quote_starting(record, "that the border post")
    assert report.cue == "report"
    reports = quote_starting(record, "that exports fell")
    assert (reports.cue, reports.speaker_text) == ("reports", "The agency")


def test_content_ends_before_the_writers_aside(pipeline: Pipeline) -> None:
    text = (
        "The governor said the money would be better spent on the border police, the agency that "
        "guards the crossings. "
        "The senator claimed that the tariffs were fair, although he again refused to publish the study. "
        "The mayor demanded the council reject the plan of Ahmad Karimi, who has not commented."
    )
    record = quotes_of(pipeline, text)
    assert quote_starting(record, "the money").text.endswith("on the border police")
    assert quote_starting(record, "that the tariffs").text == "that the tariffs were fair"
    assert quote_starting(record, "the council").text.endswith("Ahmad Karimi")


def test_a_heading_in_capitals_is_no_attribution(pipeline: Pipeline) -> None:
    record = quotes_of(
        pipeline, "EVEN HIS BOSS THINKS HE IS WRONG — The network chief wrote an email on Monday."
    )
    assert not [q for q in record.quotes if q.cue == "THINKS"]


def test_an_apposition_on_a_name_ends_the_content_and_a_list_does_not(pipeline: Pipeline) -> None:
    text = (
        "Aides to the governor say that, besides Karimi, she would have to consider Sen. Maria "
        "Lopez (D-Ohio), a former mayor who can raise money quickly. "
        "But analysts say the money could be better spent in partnership with UNICEF, the "
        "children's agency that runs most of the camps. "
        "The spokesman said that the president has long called for tax fairness, the closure of "
        "loopholes that benefit only the wealthy and for relief for middle class families."
    )
    record = quotes_of(pipeline, text)
    assert quote_starting(record, "that, besides Karimi").text.endswith("Maria Lopez (D-Ohio)")
    assert quote_starting(record, "the money").text.endswith("in partnership with UNICEF")
    assert quote_starting(record, "that the president").text.endswith("for middle class families")


def test_a_second_clause_the_parser_hung_on_the_cue_continues_the_content(pipeline: Pipeline) -> None:
    text = (
        "The envoy said the talks have “real promise” for the region and his earlier remark was "
        "instead an expression of impatience with the pace of the talks."
    )
    record = quotes_of(pipeline, text)
    assert quote_starting(record, "the talks have").text.endswith("with the pace of the talks")


def test_a_quote_ended_by_a_full_stop_takes_no_cue_after_it(pipeline: Pipeline) -> None:
    text = (
        "She says the council is the “same old system that he promised to sweep away.” "
        "She adds, “Who believes him now?”"
    )
    record = quotes_of(pipeline, text)
    said = quote_starting(record, "the council is")
    assert (said.kind, said.cue) == ("indirect", "says")
    assert "same old system" in said.text
    assert quote_starting(record, "Who believes").cue == "adds"


def test_a_quoted_title_between_quotes_does_not_stop_the_speaker(pipeline: Pipeline) -> None:
    text = (
        "“We will not back down. The talks are over,” Karimi, a senior envoy, said Tuesday on the "
        "radio program “Morning Talk.” “I mean, there is nothing left to discuss with them.”"
    )
    record = quotes_of(pipeline, text)
    assert quote_starting(record, "I mean").speaker_text == "Karimi"
    assert not [q for q in record.quotes if q.text.startswith("Morning Talk")]


def test_a_participle_of_speech_names_its_noun_as_speaker(pipeline: Pipeline) -> None:
    text = (
        "The advert ends with footage of Karimi saying at a rally, “That is how we win,” when the "
        "crowd cheered."
    )
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "That is how we win")
    assert (q.kind, q.cue, q.speaker_text) == ("direct", "saying", "Karimi")


def test_a_few_quoted_words_inside_reported_speech_are_no_quote_of_their_own(pipeline: Pipeline) -> None:
    text = "She called for all the funds to be “paid back” by the banks."
    record = quotes_of(pipeline, text)
    assert [(q.kind, q.text) for q in record.quotes] == [
        ("indirect", "all the funds to be “paid back” by the banks")
    ]


def test_content_runs_on_past_the_quotation_it_opened(pipeline: Pipeline) -> None:
    text = (
        'The minister said there remains a "serious gap between the two camps," when it comes to '
        "how much aid reaches the north."
    )
    record = quotes_of(pipeline, text)
    assert quote_starting(record, "there remains").text.endswith("how much aid reaches the north")


def test_a_paragraph_ending_on_its_cue_and_a_colon_introduces_a_block_quote(pipeline: Pipeline) -> None:
    text = (
        "The governor spoke to reporters after the vote.\n\nKarimi added:\n\n"
        "The council has failed the people of this province. It will answer for it at the next election."
    )
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "The council has failed")
    assert (q.kind, q.cue, q.speaker_text) == ("direct", "added", "Karimi")
    assert q.text.endswith("at the next election.")


def test_a_straight_mark_closed_by_a_curly_one_is_a_quote(pipeline: Pipeline) -> None:
    record = quotes_of(pipeline, '"It is a dark day for the province,” Karimi said.')
    q = quote_starting(record, "It is a dark day")
    assert (q.kind, q.speaker_text) == ("direct", "Karimi")


def test_a_transcript_turn_left_open_goes_on_in_the_next_paragraph(pipeline: Pipeline) -> None:
    text = (
        'Partial transcript as follows:\n\n"KARIMI: We are not going to accept this ruling. The '
        'council has no authority here.\n\n"And the people know it. They will say so at the '
        'election.\n\n"HOST: Thank you, governor.\n\n"KARIMI: Thank you.'
    )
    record = quotes_of(pipeline, text)
    assert quote_starting(record, "And the people know it").speaker_text == "KARIMI"


def test_content_closed_by_its_cue_takes_the_uncued_sentences_before_it(pipeline: Pipeline) -> None:
    text = (
        "One of the project's backers is Amina Yusuf, an engineer from Kano. The canal carries water "
        "to nine villages. The farms along it now grow rice twice a year, Ms. Yusuf said.\n\n"
        "The governor visited in March. He praised the builders. The work cost less than planned, "
        "he told reporters."
    )
    record = quotes_of(pipeline, text)
    q = quote_starting(record, "The canal carries water")
    assert q.text.endswith("grow rice twice a year")  # not the sentence that introduces her
    # a sentence with a cue of its own ("praised") is not part of what is told
    assert quote_starting(record, "The work cost less").text == "The work cost less than planned"


def test_content_runs_on_through_what_its_colon_introduces(pipeline: Pipeline) -> None:
    text = (
        "Ms. Yusuf notes that the farmers face two problems at once: the canal is silting up and "
        "the pumps are old."
    )
    record = quotes_of(pipeline, text)
    assert quote_starting(record, "that the farmers face").text.endswith("the pumps are old")


def test_content_runs_on_through_a_second_part_hung_on_the_cue(pipeline: Pipeline) -> None:
    # a gerund after a gerund, a bare verb after an infinitive, the same preposition again, a
    # noun phrase after an object: one content, though the parser hangs the part on the cue
    cases = {
        "The governor has mentioned refinancing student debts and forcing colleges to spend more "
        "on teaching.": ("refinancing student debts", "spend more on teaching"),
        "The mayor planned to repair the old pier, then hand over the site as a public beach.": (
            "to repair the old pier",
            "as a public beach",
        ),
        "The governor began by stressing job growth, and a need to lower taxes on small firms.": (
            "job growth",
            "taxes on small firms",
        ),
        "Officials cited his record as mayor of Boston and as a state senator in contrast to his rival.": (
            "his record as mayor",
            "in contrast to his rival",
        ),
    }
    for text, (start, end) in cases.items():
        assert quote_starting(quotes_of(pipeline, text), start).text.endswith(end)
    # a second verb of the cue's subject is no part of what was mentioned
    text = "The governor has mentioned refinancing student debts and visited three colleges."
    assert quote_starting(quotes_of(pipeline, text), "refinancing").text == "refinancing student debts"


def test_a_second_quoted_piece_coordinated_with_the_cue_is_the_same_speakers(pipeline: Pipeline) -> None:
    text = (
        "The coach is “tough as nails,” Ana Ruiz wrote in a letter to the board, and “fair to every player.”"
    )
    second = quote_starting(quotes_of(pipeline, text), "fair to every player")
    assert (second.kind, second.speaker_text, second.cue) == ("direct", "Ana Ruiz", "wrote")
    # a quoted title that is the subject of a verb of its own is nobody's words
    text = (
        "The plan is “a disaster,” Ana Ruiz wrote in a letter to the board, and “Fox and Friends” aired it."
    )
    assert not any(q.text.startswith("Fox and Friends") for q in quotes_of(pipeline, text).quotes)
