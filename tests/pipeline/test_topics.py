"""Topics: the taxonomy as data, the threshold rule, ambiguity, Russian, sentences, the seeds."""

from __future__ import annotations

import json

import pytest
import spacy
from tests.helpers import shared_dir_or_skip

from sitrep.pipeline.analyze import Pipeline
from sitrep.pipeline.topics import (
    TaxonomyError,
    TopicTagger,
    document_topics,
    load_taxonomy,
    parse_taxonomy,
    sentence_topics,
    span_topics,
    topic_tagger,
)

REQUIRED_TOPICS = {
    "terrorism",
    "extremism",
    "illegal_drugs",
    "humanitarian_aid",
    "migration_displacement",
    "border_security",
    "economy_trade",
    "diplomacy",
    "military_cooperation",
    "governance",
    "human_rights",
    "regional_security",
    "armed_conflict",
    "organised_crime",
    "energy_water",
    "health",
    "cyber_security",
}


# --- one realistic sentence per topic -------------------------------------------------------

PER_TOPIC = [
    ("terrorism", "A suicide bomber blew himself up outside the ministry in Kabul, killing six people."),
    ("terrorism", "The SCO's counter-terrorism structure held a meeting in Tashkent."),
    ("extremism", "Officials warned of the radicalisation of young labour migrants by extremist recruiters."),
    ("illegal_drugs", "Border guards seized 300 kilograms of heroin and a shipment of opium near Khorog."),
    ("illegal_drugs", "The Taliban's ban on poppy cultivation cut opium production sharply."),
    (
        "humanitarian_aid",
        "The World Food Programme delivered emergency food aid to 2 million people in Herat.",
    ),
    (
        "migration_displacement",
        "More than 500,000 Afghan refugees were deported from Pakistan and Iran this year.",
    ),
    (
        "migration_displacement",
        "The fighting displaced thousands of families; internally displaced people fled to Kabul.",
    ),
    (
        "border_security",
        "Tajik border guards exchanged fire with smugglers at a border post on the Panj river.",
    ),
    ("economy_trade", "Uzbekistan and Afghanistan signed deals to raise bilateral trade to $3 billion."),
    ("economy_trade", "The country faces an economic crisis after the freezing of central bank reserves."),
    ("diplomacy", "The foreign ministers held bilateral talks and issued a joint statement."),
    (
        "military_cooperation",
        "CSTO forces held joint military exercises in Tajikistan near the Afghan border.",
    ),
    ("military_cooperation", "Russia pledged arms deliveries and military training for Kyrgyz peacekeepers."),
    ("governance", "The Supreme Leader announced a cabinet reshuffle and appointed a new governor."),
    ("governance", "Kazakhstan will hold parliamentary elections after the constitutional referendum."),
    ("human_rights", "UN experts condemned the ban on girls' education and restrictions on women's rights."),
    ("human_rights", "Detainees described torture and arbitrary detention by the intelligence service."),
    ("regional_security", "The spillover of instability from Afghanistan threatens regional security."),
    ("armed_conflict", "Insurgents ambushed a police convoy; an airstrike killed 12 militants."),
    (
        "organised_crime",
        "Police dismantled a criminal group involved in human trafficking and money laundering.",
    ),
    ("energy_water", "The Qosh Tepa canal will divert water from the Amu Darya for irrigation."),
    ("energy_water", "The CASA-1000 power line will carry hydropower from Kyrgyzstan to Pakistan."),
    ("health", "A polio vaccination campaign reached children in three provinces."),
    ("cyber_security", "Hackers launched a cyberattack on the ministry's servers and spread disinformation."),
]


@pytest.mark.parametrize(("topic", "text"), PER_TOPIC, ids=[f"{t}-{i}" for i, (t, _) in enumerate(PER_TOPIC)])
def test_a_realistic_sentence_gets_its_topic(topic: str, text: str) -> None:
    assert topic in document_topics(text)


def test_every_required_topic_is_in_the_taxonomy_and_has_a_sentence_test() -> None:
    ids = set(load_taxonomy().ids)
    assert ids >= REQUIRED_TOPICS
    assert {t for t, _ in PER_TOPIC} >= REQUIRED_TOPICS


# --- ambiguity: words that look like evidence and are not ---------------------------------------

NOT_THE_TOPIC = [
    ("humanitarian_aid", "He spoke with the aid of a translator."),
    ("humanitarian_aid", "The ministry will assist the delegation and provide assistance with visas."),
    ("border_security", "Doctors Without Borders opened a clinic in Lashkar Gah."),
    ("border_security", "The risks of extremism spreading beyond its borders were discussed."),
    ("border_security", "The two countries agreed on cross-border cooperation in education."),
    ("armed_conflict", "The minister died of a heart attack on Tuesday."),
    ("regional_security", "The Collective Security Treaty Organization was founded in 1992."),
    ("diplomacy", "The Shanghai Cooperation Organisation has ten members."),
    ("illegal_drugs", "The pharmacy ran out of drugs."),
    ("economy_trade", "The drug trade is worth billions."),
    ("military_cooperation", "They urged all sides to exercise restraint."),
    ("health", "Who said that, and who would believe it?"),
]


@pytest.mark.parametrize(
    ("topic", "text"), NOT_THE_TOPIC, ids=[f"not-{t}-{i}" for i, (t, _) in enumerate(NOT_THE_TOPIC)]
)
def test_an_ambiguous_word_is_not_evidence(topic: str, text: str) -> None:
    assert topic not in document_topics(text)


def test_the_drug_trade_is_about_drugs_not_trade() -> None:
    assert document_topics("The drug trade is worth billions.") == ["illegal_drugs"]


# --- the rule: one strong term or two different weak terms ----------------------------------------


def test_one_weak_term_is_not_enough_two_different_ones_are() -> None:
    assert "border_security" not in document_topics("They met near the border.")
    assert "border_security" in document_topics("Militants crossed the border in an incursion.")


def test_forms_of_one_term_count_once() -> None:
    # an acronym defined next to its long form is one piece of evidence, not two
    text = "The patrol found an improvised explosive device (IED) and two more IEDs."
    assert "terrorism" not in document_topics(text)
    assert "terrorism" in document_topics(text + " The network works with al-Qaeda.")


def test_several_topics_at_once_ordered_by_evidence() -> None:
    text = (
        "Terrorist groups fund themselves through drug trafficking: heroin and opium cross the "
        "border, and terrorists recruit among refugees."
    )
    topics = document_topics(text)
    assert {"terrorism", "illegal_drugs", "migration_displacement"} <= set(topics)
    assert topics.index("illegal_drugs") < topics.index("migration_displacement")


def test_british_and_american_spellings_and_curly_apostrophes_match(pipeline: Pipeline) -> None:
    assert "organised_crime" in document_topics("Organized crime groups run the route.")
    assert "human_rights" in document_topics("They defended women’s rights.")
    # the model's NORM table maps British spellings to American ones, listed or not
    tagger = topic_tagger(pipeline.nlp.vocab)
    assert "energy_water" in tagger.document_topics("Programmes for hydropower and irrigation.")
    assert "military_cooperation" in tagger.document_topics("The two discussed defence cooperation.")
    assert "military_cooperation" in tagger.document_topics("The two discussed defense cooperation.")
    assert "economy_trade" in tagger.document_topics("Trade in the neighbouring markets.")


def test_no_evidence_gives_no_topics() -> None:
    assert document_topics("The weather in Almaty was sunny on Monday.") == []
    assert document_topics("") == []


# --- Russian ---------------------------------------------------------------------------------------

RUSSIAN = [
    ("terrorism", "Террористы совершили теракт в Москве."),
    ("extremism", "Власти усилили борьбу с экстремизмом и радикализацией молодежи."),
    ("illegal_drugs", "Пограничники изъяли крупную партию наркотиков и героина."),
    ("border_security", "Пограничники усилили охрану таджикско-афганской границы."),
    ("humanitarian_aid", "Россия направила гуманитарную помощь Афганистану."),
    ("migration_displacement", "Тысячи беженцев вернулись из Ирана."),
    ("regional_security", "Министры обсудили вопросы региональной безопасности."),
    ("military_cooperation", "Страны ОДКБ провели совместные учения миротворческих сил."),
    ("economy_trade", "Товарооборот между странами вырос, несмотря на санкции."),
]


@pytest.mark.parametrize(("topic", "text"), RUSSIAN, ids=[t for t, _ in RUSSIAN])
def test_russian_stems_match_inflected_words(topic: str, text: str) -> None:
    assert topic in document_topics(text)


def test_russian_yo_and_ye_match_each_other() -> None:
    assert "migration_displacement" in document_topics("Число перемещённых лиц выросло.")
    assert "migration_displacement" in document_topics("Число перемещенных лиц выросло.")


def test_russian_stems_need_cyrillic_text() -> None:
    # the stem matcher is skipped for text without Cyrillic: a transliteration is not a stem
    assert document_topics("terror") == []


# --- sentences (event context) ---------------------------------------------------------------------

TWO_SENTENCES = (
    "The ministers urged donors to increase humanitarian aid to Afghanistan. "
    "They also called for joint efforts in combating terrorism and extremism."
)


def test_sentence_topics_count_only_terms_inside_the_sentence() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(TWO_SENTENCES)
    first, second = list(doc.sents)
    tagger = topic_tagger(doc.vocab)
    assert sentence_topics(first) == ["humanitarian_aid"]
    assert sentence_topics(second) == ["terrorism", "extremism"]
    assert tagger.document_topics(doc) == ["humanitarian_aid", "terrorism", "extremism"]


def test_span_topics_by_character_offsets() -> None:
    doc = spacy.blank("en")(TWO_SENTENCES)
    cut = TWO_SENTENCES.index("They")
    assert span_topics(doc, 0, cut) == ["humanitarian_aid"]
    assert span_topics(doc, cut, len(TWO_SENTENCES)) == ["terrorism", "extremism"]
    # a term cut by the span's edge is not inside it
    assert span_topics(doc, 0, TWO_SENTENCES.index("aid")) == []


def test_the_doc_is_matched_once_for_any_number_of_sentences() -> None:
    doc = spacy.blank("en")(TWO_SENTENCES)
    tagger = topic_tagger(doc.vocab)
    first = tagger.hits(doc)
    assert tagger.hits(doc) is first
    sentence_topics(doc[0:12])  # a span reads the Doc's cache, it does not match again
    assert tagger.hits(doc) is first
    assert [doc.text[h.start_char : h.end_char] for h in first] == [
        "ministers",
        "donors",
        "humanitarian aid",
        "terrorism",
        "extremism",
    ]


def test_a_second_taxonomy_does_not_read_the_first_ones_cache() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Refugees fled the fighting.")
    assert "migration_displacement" in topic_tagger(doc.vocab).document_topics(doc)
    other = TopicTagger(
        nlp,
        parse_taxonomy(
            {"topics": [{"id": "war", "label": "War", "description": "x", "en": {"strong": ["fighting"]}}]}
        ),
    )
    assert other.document_topics(doc) == ["war"]


# --- the taxonomy file ------------------------------------------------------------------------------


def test_every_topic_is_documented() -> None:
    for topic in load_taxonomy().topics:
        assert topic.label and len(topic.description) > 40, topic.id
        assert any(w == 2 for _, w in topic.en.values()), f"{topic.id} has no strong English term"
        assert topic.ru, f"{topic.id} has no Russian terms"


def test_no_longer_form_is_weaker_than_a_strong_term_inside_it() -> None:
    # longest match wins, so a weak phrase containing a strong term of the same topic would
    # lower the evidence of every text that uses the phrase
    for topic in load_taxonomy().topics:
        strong = [f for f, (_, w) in topic.en.items() if w == 2]
        for form, (_, weight) in topic.en.items():
            if weight == 1:
                inside = [s for s in strong if f" {s} " in f" {form} "]
                assert not inside, f"{topic.id}: weak {form!r} contains strong {inside}"


@pytest.mark.parametrize(
    ("name", "topic"),
    [
        ("terrorism", "terrorism"),
        ("extremism", "extremism"),
        ("regional security", "regional_security"),
        ("humanitarian aid", "humanitarian_aid"),
        ("displacement", "migration_displacement"),
        ("economic crisis", "economy_trade"),
        ("Human_Rights", "human_rights"),
        ("border-security", "border_security"),
        ("Economy and trade", "economy_trade"),
        ("astrology", None),
    ],
)
def test_names_resolve_to_topic_ids(name: str, topic: str | None) -> None:
    assert load_taxonomy().resolve(name) == topic


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"topics": [{"id": "Bad-Id", "label": "x", "description": "x", "en": {"strong": ["a"]}}]},
            "snake_case",
        ),
        ({"topics": [{"id": "a", "label": "x", "description": "x", "en": {"strong": ["b", "b"]}}]}, "twice"),
        ({"topics": [{"id": "a", "label": "x", "description": "x", "en": {"weak": ["b | b"]}}]}, "twice"),
        (
            {"topics": [{"id": "a", "label": "x", "description": "x", "en": {"strong": ["b"]}, "colour": 1}]},
            "unknown",
        ),
        ({"topics": [{"id": "a", "label": "x", "en": {"strong": ["b"]}}]}, "description"),
        ({"topics": [{"id": "a", "label": "x", "description": "x", "en": {}}]}, "no English"),
        (
            {
                "topics": [{"id": "a", "label": "x", "description": "x", "en": {"strong": ["b"]}}],
                "ignore": ["b"],
            },
            "ignore",
        ),
        (
            {
                "topics": [{"id": "a", "label": "x", "description": "x", "en": {"strong": ["b"]}}],
                "weights": {"strong": 3, "weak": 1},
            },
            "weights",
        ),
    ],
)
def test_a_malformed_taxonomy_is_rejected_with_the_topic_named(data: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(TaxonomyError, match=message):
        parse_taxonomy(data)


# --- the pipeline stage and the seeds ---------------------------------------------------------------


def test_the_pipeline_fills_record_topics(pipeline: Pipeline) -> None:
    record = pipeline.analyze(
        "KABUL, Afghanistan (Jan. 25, 2013) An Afghan and coalition force killed a Taliban leader "
        "responsible for roadside bomb attacks and suicide bombings against Afghan forces."
    )
    assert {"terrorism", "armed_conflict"} <= set(record.topics)
    assert record.to_dict()["topics"] == record.topics


def test_the_seeds_gold_topics_are_found(pipeline: Pipeline) -> None:
    seeds = shared_dir_or_skip("seeds")
    taxonomy = load_taxonomy()
    for gold_path in sorted(seeds.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        record = pipeline.analyze((seeds / gold["document"]).read_text(encoding="utf-8"))
        expected = {taxonomy.resolve(name) for name in gold["topics"]}
        assert None not in expected, f"{gold['document']}: a gold topic name has no topic: {gold['topics']}"
        assert expected <= set(record.topics), f"{gold['document']}: {record.topics}"
