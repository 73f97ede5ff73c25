"""Actors and mentions: registry matches, NER, definitions, titles, name linking."""

from __future__ import annotations

from sitrep.documents import new_document
from sitrep.model import Record
from sitrep.pipeline.analyze import Pipeline


def actor_named(record: Record, name: str):  # type: ignore[no-untyped-def]
    found = [a for a in record.actors if a.name == name or name in a.aliases]
    assert found, f"{name!r} not among {[a.name for a in record.actors]}"
    return found[0]


def test_every_mention_points_back_to_its_text(pipeline: Pipeline) -> None:
    text = "CSTO Secretary General Imangali Tasmagambetov met Russia’s Foreign Ministry officials in Bishkek."
    record = pipeline.analyze(text)
    assert record.mentions
    ids = {a.id for a in record.actors}
    for m in record.mentions:
        assert record.document.text[m.start : m.end] == m.text
        assert m.actor in ids


def test_registry_names_resolve_to_canonical_actors(pipeline: Pipeline) -> None:
    record = pipeline.analyze(
        "Russia’s Foreign Ministry said ISIS-K fighters crossed from Afghanistan, Amu TV reported."
    )
    assert actor_named(record, "Ministry of Foreign Affairs of Russia").country == "RU"
    assert actor_named(record, "Islamic State Khorasan Province").kind == "armed group"
    assert actor_named(record, "Amu TV").kind == "media"
    assert actor_named(record, "Afghanistan").kind == "country"


def test_demonyms_are_countries_not_persons(pipeline: Pipeline) -> None:
    record = pipeline.analyze("Afghan, Tajik and Kyrgyz officials met. The Afghan people need aid.")
    assert not [a for a in record.actors if a.kind == "person"]
    countries = {a.country for a in record.actors if a.kind == "country"}
    assert {"AF", "TJ", "KG"} <= countries


def test_acronyms_match_only_in_their_case(pipeline: Pipeline) -> None:
    record = pipeline.analyze("Let us see how the sco and un words fare.")
    assert not [a for a in record.actors if a.kind == "intergovernmental"]
    record = pipeline.analyze("The SCO and the UN met.")
    kinds = {a.name: a.kind for a in record.actors}
    assert kinds.get("Shanghai Cooperation Organization") == "intergovernmental"
    assert kinds.get("United Nations") == "intergovernmental"


def test_title_before_name_gives_role_and_affiliation(pipeline: Pipeline) -> None:
    record = pipeline.analyze("Military analyst Bismillah Taban told Amu TV that the alliance sees risks.")
    taban = actor_named(record, "Bismillah Taban")
    assert taban.kind == "person"
    assert taban.title == "military analyst"


def test_title_with_organisation_before_name(pipeline: Pipeline) -> None:
    record = pipeline.analyze(
        "In his remarks, SCO Secretary General Ivan Petrovsky-Kolmogorov welcomed the delegates."
    )
    person = actor_named(record, "Ivan Petrovsky-Kolmogorov")
    assert person.title == "Secretary General"
    sco = actor_named(record, "Shanghai Cooperation Organization")
    assert person.affiliation == sco.id


def test_title_in_apposition_after_name(pipeline: Pipeline) -> None:
    record = pipeline.analyze(
        "Karim Nadeem Salehzada, deputy spokesman of the Islamic Emirate, said the talks would go on."
    )
    person = actor_named(record, "Karim Nadeem Salehzada")
    assert person.title == "deputy spokesman"
    iea = actor_named(record, "Islamic Emirate of Afghanistan")
    assert person.affiliation == iea.id


def test_surname_links_to_the_full_name(pipeline: Pipeline) -> None:
    text = "Analyst Farida Karimzoda Nabieva opened the meeting. Later, Nabieva said more talks were needed."
    record = pipeline.analyze(text)
    persons = [a for a in record.actors if a.kind == "person"]
    assert [p.name for p in persons] == ["Farida Karimzoda Nabieva"]
    assert len([m for m in record.mentions if m.actor == persons[0].id]) == 2


def test_definitions_teach_the_documents_own_acronyms(pipeline: Pipeline) -> None:
    text = (
        "The Central Asian Water Security Forum (CAWSF) met in Dushanbe. "
        "Delegates said CAWSF would meet again next year."
    )
    record = pipeline.analyze(text)
    forum = actor_named(record, "CAWSF")
    assert forum.name == "Central Asian Water Security Forum"
    assert len([m for m in record.mentions if m.actor == forum.id]) >= 2


def test_taliban_is_the_insurgency_before_august_2021_and_the_government_after(pipeline: Pipeline) -> None:
    text = "A Taliban leader was detained in Ghazni province."
    before = pipeline.analyze(new_document(text, published="2011-05-02"))
    after = pipeline.analyze(new_document(text, published="2024-05-02"))
    kind_before = {a.kind for a in before.actors if "Taliban" in [a.name, *a.aliases]}
    kind_after = {a.kind for a in after.actors if "Taliban" in [a.name, *a.aliases]}
    assert kind_before == {"armed group"}
    assert kind_after == {"government"}


def test_memberships_are_registry_ids(pipeline: Pipeline) -> None:
    record = pipeline.analyze("Belarus hosted the talks.")
    belarus = actor_named(record, "Belarus")
    assert "csto" in belarus.member_of
    assert all(pipeline.registry.get(m) is not None for m in belarus.member_of)


def test_affiliations_resolve_inside_the_record(pipeline: Pipeline) -> None:
    record = pipeline.analyze(
        "Military analyst Bismillah Taban and CSTO Secretary General Imangali Tasmagambetov spoke."
    )
    for actor in record.actors:
        for ref in (actor.affiliation, actor.part_of):
            assert ref is None or record.actor(ref) is not None, (actor.name, ref)


ISAF_RELEASE = """Afghan, Coalition Forces Detain Taliban Leaders in Logar
ISAF Joint Command - Afghanistan
2011-03-S-038 For Immediate Release Download PDF

KABUL, Afghanistan (March 12, 2011) - In Baraki Barak district, Logar province, an Afghan and
coalition security force detained a Haqqani facilitator yesterday. Intelligence indicated that
the facilitator moved RPGs and AK-47s to insurgents in Lashkar Gah."""


def test_regression_isaf_boilerplate_and_places_are_not_actors(pipeline: Pipeline) -> None:
    """The small model called provinces persons and press-release boilerplate organisations."""
    record = pipeline.analyze(ISAF_RELEASE)
    names = {a.name for a in record.actors}
    for noise in (
        "Logar",
        "Baraki Barak",
        "Lashkar Gah",
        "KABUL",
        "Immediate Release",
        "PDF",
        "Intelligence",
        "RPGs",
        "AK-47s",
        "Coalition Forces Detain Taliban Leaders",
    ):
        assert noise not in names, f"{noise!r} taken for an actor: {sorted(names)}"


def test_regression_attributive_group_name_is_the_group(pipeline: Pipeline) -> None:
    """ "a Haqqani facilitator" names the Haqqani network, not a person called Haqqani."""
    record = pipeline.analyze(ISAF_RELEASE)
    network = actor_named(record, "Haqqani Network")
    assert network.kind == "armed group"
    assert not [a for a in record.actors if a.name == "Haqqani" and a.kind != "armed group"]


def test_a_lone_name_with_a_title_is_a_person(pipeline: Pipeline) -> None:
    record = pipeline.analyze("The force killed the Taliban leader, Alaudin, in Ghazni province.")
    assert [a.name for a in record.actors if a.kind == "person"] == ["Alaudin"]


def test_regression_a_dated_dateline_is_not_a_definition(pipeline: Pipeline) -> None:
    """ "KABUL, Afghanistan (Jan. 25, 2013)" taught "Jan. 25, 2013" as a name of Afghanistan."""
    record = pipeline.analyze("KABUL, Afghanistan (Jan. 25, 2013)\nA security force detained two insurgents.")
    assert not [m for m in record.mentions if "2013" in m.text]
    afghanistan = actor_named(record, "Afghanistan")
    assert not [a for a in afghanistan.aliases if "2013" in a]


def test_a_town_the_document_names_as_a_place_is_no_person(pipeline: Pipeline) -> None:
    """The small model tags a town a person once ("the city of Tarin Kowt") though it reads it as a
    place elsewhere in the same text; and "the <place noun> of X" names a place."""
    text = (
        "Insurgents attacked a police post in Tarin Kowt on Friday. Afghan commandos were sent into "
        "the city of Tarin Kowt as a quick reaction force, and the attackers were killed in Tarin Kowt "
        "by noon. Later, troops moved to the village of Sar Kalay."
    )
    record = pipeline.analyze(text)
    people = {a.name for a in record.actors if a.kind == "person"}
    assert not people & {"Tarin Kowt", "Sar Kalay"}, people
