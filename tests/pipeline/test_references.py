"""ReferenceResolver: what subject and object phrases refer to."""

from __future__ import annotations

from spacy.tokens import Span

from sitrep.pipeline.analyze import Pipeline
from sitrep.pipeline.references import ReferenceResolver

SEED_003 = (
    "Foreign ministers from the Collective Security Treaty Organization (CSTO) expressed readiness "
    "to contribute to global efforts to promote peace and development in Afghanistan.\n"
    "In a joint statement issued following their annual meeting in Bishkek, the ministers said they "
    "are committed to helping Afghanistan become a peaceful and stable nation. They also urged the "
    "international community to increase humanitarian aid to the Afghan people.\n"
    "“We reaffirm our determination to assist Afghanistan,” the statement read.\n"
    "Military analyst Bismillah Taban told Amu TV that the organization sees Afghanistan as a "
    "persistent priority."
)


def resolver_for(pipeline: Pipeline, text: str) -> ReferenceResolver:
    doc = pipeline.nlp(text)
    actors, mentions = pipeline.actor_linker.link(doc, None)
    return ReferenceResolver(doc, actors, mentions, registry=pipeline.registry)


def phrase(resolver: ReferenceResolver, text: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = resolver.doc.text.index(text, start + 1)
    span = resolver.doc.char_span(start, start + len(text), alignment_mode="expand")
    assert span is not None
    return span


def test_members_of_a_body_resolve_to_its_registry_organ(pipeline: Pipeline) -> None:
    r = resolver_for(pipeline, SEED_003)
    ministers = phrase(r, "Foreign ministers from the Collective Security Treaty Organization (CSTO)")
    assert r.resolve(ministers) == ["csto-council-of-foreign-ministers"]
    # the linker did not produce the organ; the resolver adds it from the registry, part of the CSTO
    added = {a.id: a for a in r.added}
    assert added["csto-council-of-foreign-ministers"].part_of == "csto"


def test_the_ministers_they_and_the_statement_refer_back_to_the_body(pipeline: Pipeline) -> None:
    r = resolver_for(pipeline, SEED_003)
    council = ["csto-council-of-foreign-ministers"]
    assert r.resolve(phrase(r, "the ministers")) == council
    assert r.resolve(phrase(r, "They")) == council
    assert r.resolve(phrase(r, "the statement read")[:2]) == council


def test_the_organization_is_the_nearest_intergovernmental_body(pipeline: Pipeline) -> None:
    r = resolver_for(pipeline, SEED_003)
    assert r.resolve(phrase(r, "the organization")) == ["csto"]


def test_named_subject_and_actors_in(pipeline: Pipeline) -> None:
    r = resolver_for(pipeline, SEED_003)
    taban = phrase(r, "Military analyst Bismillah Taban")
    assert r.resolve(taban) == ["bismillah-taban"]
    assert r.actors_in(phrase(r, "Bismillah Taban told Amu TV")) == ["bismillah-taban", "amu-tv"]


def test_he_is_the_nearest_earlier_person(pipeline: Pipeline) -> None:
    text = (
        "CSTO Secretary General Imangali Tasmagambetov opened the conference in Moscow. "
        "He noted that the Secretariat launched this format in 2023."
    )
    r = resolver_for(pipeline, text)
    (person,) = r.resolve(phrase(r, "He"))
    assert r.actors[person].name == "Imangali Tasmagambetov"


def test_coordinated_subjects_give_every_actor(pipeline: Pipeline) -> None:
    r = resolver_for(pipeline, "Russia and China said they would veto the resolution.")
    assert r.resolve(phrase(r, "Russia and China")) == ["country-ru", "country-cn"]
    assert r.resolve(phrase(r, "they")) == ["country-ru", "country-cn"]


def test_unnamed_sources_resolve_to_nobody(pipeline: Pipeline) -> None:
    text = (
        "A source in the Afghan Ministry of Defense said the operation continued. "
        "Officials said more troops would arrive, and an ISAF official confirmed it."
    )
    r = resolver_for(pipeline, text)
    for words in ("A source in the Afghan Ministry of Defense", "Officials", "an ISAF official"):
        span = phrase(r, words)
        assert r.resolve(span) == [], words
        assert r.is_unnamed(span), words


def test_name_in_apposition_to_a_title(pipeline: Pipeline) -> None:
    r = resolver_for(pipeline, "The spokesman of the Islamic Emirate, Zabihullah Mujahid, denied the report.")
    (who,) = r.resolve(phrase(r, "The spokesman of the Islamic Emirate, Zabihullah Mujahid"))
    assert r.actors[who].name == "Zabihullah Mujahid"


def test_he_and_she_skip_a_person_whose_title_gives_the_other_gender(pipeline: Pipeline) -> None:
    text = (
        "Barack Obama met Hillary Clinton at the White House on Monday. Mr. Obama arrived late, "
        "and Mrs. Clinton waited. She said the talks had gone well. He said nothing."
    )
    r = resolver_for(pipeline, text)
    (she,) = r.resolve(phrase(r, "She"))
    (he,) = r.resolve(phrase(r, "He"))
    # the nearest person before "She" is Mr. Obama; before "He", Mrs. Clinton
    assert r.actors[she].name == "Hillary Clinton"
    assert r.actors[he].name == "Barack Obama"


def test_without_a_title_the_nearest_person_stays_the_referent(pipeline: Pipeline) -> None:
    """First names are not read as gender: "Imangali" says nothing the resolver may rely on."""
    text = (
        "Hillary Clinton spoke first, and Mrs. Clinton left. CSTO Secretary General Imangali "
        "Tasmagambetov opened the conference. She noted that the format was new."
    )
    r = resolver_for(pipeline, text)
    (she,) = r.resolve(phrase(r, "She"))
    assert r.actors[she].name == "Imangali Tasmagambetov"
