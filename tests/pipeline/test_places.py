"""Toponym resolution, the places stage and event placing, on real sentences."""

from __future__ import annotations

import math
import re

import pytest

from sitrep import resolve_toponyms
from sitrep.model import Event, Place, Span
from sitrep.pipeline.analyze import Pipeline
from sitrep.pipeline.places import PlaceResolver, place_events


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    out = []
    for name in names:
        start = text.index(name)
        out.append((start, start + len(name)))
    return out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def test_andar_district_is_in_ghazni_province_afghanistan() -> None:
    text = "Coalition forces detained two insurgents in Andar district, Ghazni province, yesterday."
    (andar,) = resolve_toponyms(text, _spans(text, "Andar"))
    assert andar is not None
    assert andar["country"] == "AF" and andar["admin1"] == "Ghazni"
    assert andar["kind"] == "district"


def test_regression_a_city_that_is_its_own_province_beats_the_province_named_for_it() -> None:
    """ "Almaty" went to "Almaty oblysy": the city is its own first-level division, so it shares
    no admin1 with the oblast, and the oblast's canonical name is not the name as written."""
    text = "The ministers reviewed the U.N. Regional Center in Almaty, Kazakhstan."
    (almaty,) = resolve_toponyms(text, _spans(text, "Almaty"))
    assert almaty is not None
    assert (almaty["name"], almaty["kind"], almaty["country"]) == ("Almaty", "city", "KZ")
    text = "Floods hit Almaty province and the south of Kazakhstan."
    (province,) = resolve_toponyms(text, _spans(text, "Almaty"))
    assert province is not None and province["kind"] == "admin1"


def test_kabul_is_the_afghan_capital_not_a_namesake_abroad() -> None:
    text = "Officials in Kabul said the talks would resume next week."
    (kabul,) = resolve_toponyms(text, _spans(text, "Kabul"))
    assert kabul is not None and kabul["country"] == "AF" and kabul["kind"] == "city"
    assert _km((kabul["lat"], kabul["lon"]), (34.53, 69.17)) < 25


def test_georgia_in_a_central_asian_document_is_the_country() -> None:
    text = "Ministers from Kazakhstan, Uzbekistan and Georgia met in Tashkent to discuss transit."
    places = resolve_toponyms(text, _spans(text, "Georgia", "Tashkent"))
    assert places[0] is not None and places[0]["kind"] == "country" and places[0]["country"] == "GE"
    assert places[1] is not None and places[1]["country"] == "UZ"


def test_georgia_in_an_american_document_is_the_state() -> None:
    text = "Storms hit Atlanta and Savannah on Monday; Georgia's governor declared an emergency."
    places = resolve_toponyms(text, _spans(text, "Atlanta", "Savannah", "Georgia"))
    assert places[2] is not None and places[2]["country"] == "US" and places[2]["kind"] == "admin1"


def test_one_reading_per_span_unknown_names_inferred_or_none() -> None:
    text = "Blorfington Street in Bishkek."
    places = resolve_toponyms(text, _spans(text, "Blorfington Street", "Bishkek"))
    assert len(places) == 2
    # a street the gazetteer lacks is placed in the document's town, and says so
    assert places[0] is not None and places[0]["name"] == "Bishkek" and places[0]["inferred"]
    assert places[1] is not None and places[1]["country"] == "KG" and not places[1]["inferred"]
    assert resolve_toponyms("Blorfington.", [(0, 11)]) == [None]


def test_demonyms_resolve_to_their_country_for_given_spans() -> None:
    text = "Afghan officials met Uzbek traders."
    afghan, uzbek = resolve_toponyms(text, _spans(text, "Afghan", "Uzbek"))
    assert afghan is not None and afghan["country"] == "AF" and afghan["kind"] == "country"
    assert uzbek is not None and uzbek["country"] == "UZ"


def test_a_well_known_town_wins_over_its_namesakes_without_context() -> None:
    text = "The film festival opened in Venice on Wednesday."
    (venice,) = resolve_toponyms(text, _spans(text, "Venice"))
    assert venice is not None and venice["country"] == "IT"


def test_a_named_state_does_not_pull_a_big_city_to_its_small_namesake() -> None:
    text = "The fair moved from Louisville to Columbus, Ohio, and then back to Louisville."
    places = resolve_toponyms(text, _spans(text, "Louisville", "Columbus", "Ohio"))
    assert places[0] is not None and places[0]["admin1"] == "Kentucky"
    assert places[1] is not None and places[1]["admin1"] == "Ohio"


def test_an_abbreviation_in_capitals_is_not_a_town_spelt_alike() -> None:
    text = "France asked the EU to act; the EU said it would."
    (eu,) = resolve_toponyms(text, _spans(text, "EU"))
    assert eu is not None and eu["kind"] == "region" and eu["name"] == "European Union"


def test_generic_words_inside_a_building_name_are_not_places() -> None:
    """ "Convention Centre" is not Burkina Faso's Centre region, nor "West Wing" Cameroon's West:
    the building falls back to the document's town."""
    text = "Delegates gathered at the Convention Centre in Dublin, then walked to the West Wing."
    centre, dublin, wing = resolve_toponyms(text, _spans(text, "Convention Centre", "Dublin", "West Wing"))
    assert dublin is not None and dublin["country"] == "IE"
    for place in (centre, wing):
        assert place is not None and place["inferred"] and place["country"] == "IE"


def test_a_generic_word_is_not_a_small_town_of_that_name() -> None:
    text = "The Republic reported that voters in Cork and Galway were divided."
    republic, _cork, _galway = resolve_toponyms(text, _spans(text, "Republic", "Cork", "Galway"))
    assert republic is None or republic["country"] == "IE"


def test_the_main_town_is_the_one_the_documents_places_surround() -> None:
    """A misread stray (a small US "Stonewall") must not become the town of every building."""
    text = (
        "Residents of Haymarket and Gainesville, near Manassas in Virginia, met at Patriot High "
        "School; Stonewall Jackson was mentioned."
    )
    places = resolve_toponyms(text, _spans(text, "Haymarket", "Gainesville", "Manassas", "Patriot High"))
    school = places[3]
    assert school is not None and school["inferred"]
    assert _km((school["lat"], school["lon"]), (38.75, -77.47)) < 60


def test_new_york_is_the_city_unless_the_text_says_state() -> None:
    text = "Prices rose in New York and Boston last month."
    (ny,) = resolve_toponyms(text, _spans(text, "New York"))
    assert ny is not None and ny["kind"] == "city"
    assert _km((ny["lat"], ny["lon"]), (40.71, -74.01)) < 25
    text = "Farmers across New York state and Vermont lost crops."
    (state,) = resolve_toponyms(text, _spans(text, "New York"))
    assert state is not None and state["kind"] == "admin1"


@pytest.fixture(scope="module")
def isaf_record(pipeline: Pipeline):  # type: ignore[no-untyped-def]
    return pipeline.analyze(
        "KABUL, Afghanistan (Jan. 25, 2013) – An Afghan and coalition security force killed two "
        "insurgents in Andar district, Ghazni province, yesterday. Afghan officials said a Taliban "
        "leader was arrested in Nad-e Ali district of Helmand province."
    )


def test_pipeline_places_carry_offsets_and_provinces(isaf_record) -> None:  # type: ignore[no-untyped-def]
    text = isaf_record.document.text
    by_text = {text[p.start : p.end]: p for p in isaf_record.places}
    assert by_text["KABUL"].country == "AF"
    assert by_text["Andar"].admin1 == "Ghazni"
    assert by_text["Nad-e Ali"].admin1 == "Helmand"
    assert {p.admin1 for p in isaf_record.places if p.admin1} >= {"Ghazni", "Helmand"}


def test_demonyms_are_not_places_of_the_record(isaf_record) -> None:  # type: ignore[no-untyped-def]
    text = isaf_record.document.text
    assert "Afghan" not in {text[p.start : p.end] for p in isaf_record.places}


def _place(pid: str, kind: str, start: int, end: int) -> Place:
    return Place(id=pid, name=pid, kind=kind, country="AF", start=start, end=end)


def test_event_takes_the_place_after_in_in_its_sentence() -> None:
    text = "Afghanistan said forces killed two insurgents in Andar. Later, Kabul was quiet."
    afghanistan = _place("af", "country", 0, 11)
    andar = _place("andar", "district", text.index("Andar"), text.index("Andar") + 5)
    kabul = _place("kabul", "city", text.index("Kabul"), text.index("Kabul") + 5)
    killed = text.index("killed")
    event = Event(
        type="ASSAULT",
        trigger="killed",
        sentence=Span(0, text.index(".") + 1),
        trigger_span=Span(killed, killed + 6),
    )
    place_events([event], [afghanistan, andar, kabul], text)
    assert event.place == "andar" and event.place_precision == "exact"


def test_event_without_a_place_in_its_sentence_takes_the_documents_main_place() -> None:
    text = "Talks were held in Bishkek. Ministers agreed to meet again."
    bishkek = _place("bishkek", "city", 19, 26)
    event = Event(type="AGREE", trigger="agreed", sentence=Span(28, len(text)))
    place_events([event], [bishkek], text)
    assert event.place == "bishkek" and event.place_precision == "inferred"


def test_an_event_without_a_place_takes_the_scene_the_story_last_set_not_the_dateline() -> None:
    """ISAF wrote every release in Kabul: "KABUL, Afghanistan (date) - ... in Andar district.
    The force also seized weapons." puts the seizure in Andar; an event before any place in the
    body takes the dateline's town; a country named in between sets no scene."""
    text = (
        "KABUL, Afghanistan (Jan. 25, 2013) - Officials spoke. Forces detained two men in Andar "
        "district. Afghanistan thanked them. The force also seized weapons."
    )
    kabul = _place("kabul", "city", 0, 5)
    dateline_country = _place("af", "country", 7, 18)
    andar = _place("andar", "district", text.index("Andar"), text.index("Andar") + 5)
    body_country = _place("af", "country", text.index("Afghanistan thanked"), text.index(" thanked"))

    def sentence(words: str) -> Span:
        start = text.index(words)
        return Span(start, text.index(".", start) + 1)

    spoke = Event(type="STATEMENT", trigger="spoke", sentence=sentence("Officials spoke"))
    seized = Event(type="SEIZE", trigger="seized", sentence=sentence("The force also"))
    place_events([spoke, seized], [kabul, dateline_country, andar, body_country], text)
    assert spoke.place == "kabul" and spoke.place_precision == "inferred"
    assert seized.place == "andar" and seized.place_precision == "inferred"


def test_a_named_district_is_no_town_of_a_country_the_story_never_names() -> None:
    """ "In Zhari district" in a Kandahar story is not Żary in Poland."""
    text = "Forces patrolled Kandahar province, Afghanistan. In Zhari district, a patrol detained one man."
    kandahar, _, zhari = resolve_toponyms(text, _spans(text, "Kandahar", "Afghanistan", "Zhari"))
    assert kandahar is not None and kandahar["country"] == "AF"
    assert zhari is None or zhari["country"] == "AF"


def test_a_persons_name_the_ner_calls_a_place_is_no_place(pipeline: Pipeline) -> None:
    text = (
        "KABUL, Afghanistan (Aug. 5) - Afghan forces killed Sabayar Saheb, a Taliban facilitator, "
        "in Farah province. The force targeted Saheb as he travelled. Saheb fell off his motorcycle."
    )
    record = pipeline.analyze(text)
    assert all(not text[p.start : p.end].startswith("Saheb") for p in record.places if p.start is not None)


def test_no_events_no_places_is_a_no_op() -> None:
    place_events([], [], "No places here.")
    event = Event(type="STATEMENT", trigger="said", sentence=Span(0, 5))
    place_events([event], [], "Said.")
    assert event.place is None and event.place_precision is None


def test_seed_consult_in_bishkek_carries_that_place(pipeline: Pipeline) -> None:
    from tests.helpers import shared_dir_or_skip

    path = shared_dir_or_skip("seeds", "003_8e53f1100ec90231.txt")
    record = pipeline.analyze(path.read_text(encoding="utf-8"))
    places = {p.id: p for p in record.places}
    consults = [e for e in record.events if e.type == "CONSULT" and "meeting" in e.trigger]
    if not consults:
        pytest.skip("the events stage finds no CONSULT here yet")
    assert places[consults[0].place].name == "Bishkek"  # type: ignore[index]


def test_a_small_namesake_town_far_from_a_local_story_is_a_street_of_its_town() -> None:
    """ "Bourbon" in a New Orleans story is Bourbon Street, not one of the small towns so named."""
    text = (
        "New Orleans police closed streets in Metairie, Kenner and Gretna, across from New "
        "Orleans, and the parade turned onto Bourbon before dusk."
    )
    places = resolve_toponyms(text, _spans(text, "New Orleans", "Metairie", "Kenner", "Gretna", "Bourbon"))
    street = places[4]
    assert street is not None and street["inferred"] and street["country"] == "US"
    assert _km((street["lat"], street["lon"]), (29.95, -90.07)) < 30
    # without a story's town around it the name keeps its own reading
    text = "Pilgrims walked from Paris to Chartres."
    (town,) = resolve_toponyms(text, _spans(text, "Chartres"))
    assert town is not None and town["country"] == "FR" and not town["inferred"]


def test_the_only_notable_town_of_its_name_far_from_a_local_story_is_still_that_town() -> None:
    """A town of 15,000+ that no other town is named after ("Saipan", "Great Yarmouth") is meant,
    however far it lies from the story's town."""
    text = (
        "Guard members from Tacoma, Olympia and Everett, near Seattle, trained all winter; "
        "their next trip is to Saipan."
    )
    places = resolve_toponyms(text, _spans(text, "Tacoma", "Olympia", "Everett", "Seattle", "Saipan"))
    saipan = places[4]
    assert saipan is not None and not saipan["inferred"] and saipan["country"] == "MP"


def test_a_world_famous_town_beats_a_namesake_only_its_country_speaks_for() -> None:
    """Venice, Italy, over Venice, California, when the story names the U.S. only as a country;
    the state named beside it points to the namesake."""
    text = "The U.S. and Ukraine welcomed the opinion of the Venice Commission, U.S. officials said."
    spans = [*_spans(text, "U.S.", "Ukraine", "Venice"), (text.rindex("U.S."), text.rindex("U.S.") + 4)]
    venice = resolve_toponyms(text, spans)[2]
    assert venice is not None and venice["country"] == "IT"
    text = "Storms hit Sarasota and Tampa in Florida, and Venice was flooded."
    places = resolve_toponyms(text, _spans(text, "Sarasota", "Tampa", "Florida", "Venice"))
    assert places[3] is not None and places[3]["country"] == "US"


def test_the_home_of_a_sports_team_is_the_city_large_enough_for_it() -> None:
    """ "the Portland Trail Blazers" in a Texas story is Portland, Oregon, and so is every bare
    "Portland" of that story."""
    text = (
        "HOUSTON (AP) - The Houston Rockets beat the Portland Trail Blazers 96-94 on Sunday. "
        "Dallas and San Antonio, in Texas, play Portland next."
    )
    spans = _spans(text, "HOUSTON", "Houston", "Portland", "Dallas", "San Antonio", "Texas")
    spans.append((text.rindex("Portland"), text.rindex("Portland") + len("Portland")))
    places = resolve_toponyms(text, spans)
    for portland in (places[2], places[6]):
        assert portland is not None and portland["admin1"] == "Oregon"


def test_a_building_or_street_name_is_not_a_town_that_bears_it() -> None:
    """ "White House" is neither White House, Tennessee, nor Casablanca (whose name means it):
    it stands for Washington; "City Hall" is a building of the story's town."""
    text = (
        "WASHINGTON (AP) — Aides in Washington met at the White House and at City Hall on "
        "Monday, then left for Baltimore and Arlington."
    )
    spans = _spans(text, "Washington", "White House", "City Hall", "Baltimore", "Arlington")
    places = resolve_toponyms(text, spans)
    house, hall = places[1], places[2]
    assert house is not None and house["name"] == "Washington" and not house["inferred"]
    candidates, _ = PlaceResolver().candidates("White House")
    assert not [c for c in candidates if c.entry.kind == "city" and c.entry.name != "Washington"]
    assert hall is not None and hall["country"] == "US" and hall["inferred"]
    assert _km((hall["lat"], hall["lon"]), (38.90, -77.04)) < 60
    # a large town whose own name ends in such a word keeps its reading
    text = "Flights from Kansas City landed in Salt Lake City."
    (city,) = resolve_toponyms(text, _spans(text, "Salt Lake City"))
    assert city is not None and city["kind"] == "city" and not city["inferred"]


def test_a_body_named_for_a_country_or_region_is_placed_there() -> None:
    text = "The US Federal Reserve and the European Central Bank both held rates."
    fed, ecb = resolve_toponyms(text, _spans(text, "US Federal Reserve", "European Central Bank"))
    assert fed is not None and fed["kind"] == "country" and fed["country"] == "US"
    assert ecb is not None and ecb["kind"] in ("continent", "region")
    assert ecb["name"] in ("Europe", "European Union")
    # two letters in capitals name a country only as an acronym: "Us Weekly" is no country
    text = "A story in Us Weekly magazine."
    (us,) = resolve_toponyms(text, _spans(text, "Us Weekly"))
    assert us is None or us["kind"] != "country"


def test_a_longer_name_does_not_vouch_for_its_own_ambiguous_part() -> None:
    """ "Riverdale Lukoil" read as the largest Riverdale (Georgia) must not count as evidence
    that "Riverdale" is that one: the story names New Jersey."""
    text = (
        "The ticket was sold in Riverdale at the Riverdale Lukoil South, also called the Riverdale "
        "Luke Oil. The owner of the Riverdale Lukoil said NEW JERSEY had a winner."
    )
    names = ["Riverdale Lukoil South", "Riverdale Luke Oil", "Riverdale Lukoil said", "NEW JERSEY"]
    spans = _spans(text, "Riverdale") + _spans(text, *names)
    spans[3] = (spans[3][0], spans[3][1] - len(" said"))
    riverdale = resolve_toponyms(text, spans)[0]
    assert riverdale is not None and riverdale["admin1"] == "New Jersey"


def test_a_loose_spelling_is_read_only_in_a_country_the_document_names() -> None:
    text = "Insurgents attacked a checkpoint in Paktya, Afghanistan, on Monday."
    paktya, _ = resolve_toponyms(text, _spans(text, "Paktya", "Afghanistan"))
    assert paktya is not None and paktya["country"] == "AF" and paktya["kind"] == "admin1"
    # "Fire Island" spelt like Friesland, in a story about New York: not the Dutch province
    text = "Ferries from Fire Island reached Long Beach and Brooklyn in New York."
    fire, *_ = resolve_toponyms(text, _spans(text, "Fire Island", "Long Beach", "Brooklyn", "New York"))
    assert fire is None or fire["country"] == "US"


def test_generic_words_alone_inside_a_longer_name_are_not_a_division() -> None:
    """ "Central District" (Israel) in "Seoul Central District Court", "Northwest" (Iceland) in
    "Northwest Cancer Centre": the place is the town the name carries, or none."""
    text = "The Seoul Central District Court ruled on Friday."
    (court,) = resolve_toponyms(text, _spans(text, "Seoul Central District Court"))
    assert court is not None and court["country"] == "KR"
    text = "Patients at the Northwest Cancer Centre in Derry were moved."
    centre, _derry = resolve_toponyms(text, _spans(text, "Northwest Cancer Centre", "Derry"))
    assert centre is not None and centre["country"] == "GB"


def test_a_compass_word_alone_is_a_province_only_in_a_document_naming_its_country() -> None:
    """ "Operations in Eastern, Southern Afghanistan" (an ISAF headline) put a marker on Ghana's
    Eastern Region; in a story about Ghana the region is meant."""
    text = "June 20: Afghan-ISAF Operations in Eastern, Southern Afghanistan. Two men held in Khost."
    eastern, _, _ = resolve_toponyms(text, _spans(text, "Eastern", "Afghanistan", "Khost"))
    assert eastern is None or eastern["country"] == "AF"
    text = "Floods hit Koforidua in the Eastern Region of Ghana. Rescuers reached Eastern by noon."
    at = text.rindex("Eastern")
    *_, eastern = resolve_toponyms(text, [*_spans(text, "Koforidua", "Ghana"), (at, at + len("Eastern"))])
    assert eastern is not None and eastern["country"] == "GH"


def test_the_dateline_town_is_where_unknown_streets_and_buildings_lie() -> None:
    """A story from Cairo that names Liverpool (a football academy) more often than Cairo: its
    suburbs and schools the gazetteer lacks are in Cairo, the town of its dateline."""
    text = (
        "CAIRO - Boys at a pitch in Zorbaville dream of Liverpool. Liverpool scouts came from "
        "Liverpool twice, and a Liverpool coach stayed in Cairo."
    )
    spans = _spans(text, "CAIRO", "Zorbaville") + [
        (m.start(), m.end()) for m in re.finditer("Liverpool", text)
    ]
    suburb = resolve_toponyms(text, spans)[1]
    assert suburb is not None and suburb["inferred"] and suburb["name"] == "Cairo"
    # a name in capitals that does not head the text is no dateline
    text = "Scouts from Liverpool and Liverpool went to CAIRO and Zorbaville, then to Liverpool."
    spans = _spans(text, "CAIRO", "Zorbaville") + [
        (m.start(), m.end()) for m in re.finditer("Liverpool", text)
    ]
    suburb = resolve_toponyms(text, spans)[1]
    assert suburb is None or suburb["country"] != "EG"


def test_a_bare_name_beside_its_division_is_that_division() -> None:
    """ "Suffolk" in a story that names Suffolk County (New York) is the county, not the town
    of Suffolk in Virginia."""
    text = "Suffolk County police said the crash in Suffolk closed roads near Southold."
    bare_start = text.index("in Suffolk") + 3
    spans = [
        *_spans(text, "Suffolk County"),
        (bare_start, bare_start + len("Suffolk")),
        *_spans(text, "Southold"),
    ]
    county, suffolk, _ = resolve_toponyms(text, spans)
    assert county is not None and county["kind"] == "admin2" and county["admin1"] == "New York"
    assert suffolk is not None and suffolk["id"] == county["id"]
    # alone, the name keeps its own reading
    text = "The crash in Suffolk closed roads near Norfolk."
    suffolk, _ = resolve_toponyms(text, _spans(text, "Suffolk", "Norfolk"))
    assert suffolk is not None and suffolk["kind"] == "city"


def test_a_state_the_document_names_otherwise_among_other_states_is_that_state() -> None:
    """ "Washington" in a story that lists Oregon, Idaho and Montana and says "Tacoma, Wash." is
    the state, though the story names the capital too; alone it is the capital."""
    text = (
        "Crews from Oregon, Idaho and Montana joined firefighters in Tacoma, Wash., on Friday, and "
        "officials in Washington, D.C. promised help. Governors of Washington and Oregon asked for "
        "more aircraft."
    )
    names = ["Oregon", "Idaho", "Montana", "Tacoma", "Wash.,", "Washington, D.C.", "Washington and"]
    places = resolve_toponyms(
        text, [(s, e - len(" and") if text[s:e].endswith(" and") else e) for s, e in _spans(text, *names)]
    )
    washington = places[-1]
    assert washington is not None and washington["kind"] == "admin1" and washington["country"] == "US"
    text = "Officials in Washington asked for more aircraft."
    (washington,) = resolve_toponyms(text, _spans(text, "Washington"))
    assert washington is not None and washington["kind"] == "city"


def test_a_nations_bank_or_parliament_sits_at_its_capital() -> None:
    text = "The National Bank of Georgia and the Government of India both cut rates."
    bank, government = resolve_toponyms(text, _spans(text, "National Bank of Georgia", "Government of India"))
    assert bank is not None and bank["name"] == "Tbilisi"
    assert government is not None and government["name"] == "New Delhi"
    # a company named for a country by another name is no seat of government
    text = "Shares of Bank of America fell."
    (company,) = resolve_toponyms(text, _spans(text, "Bank of America"))
    assert company is None or company["kind"] != "city"


def test_an_abbreviation_is_a_country_the_text_names_in_full_not_a_postal_code() -> None:
    """ "SA" beside "South Africans" is South Africa, not South Australia (postal code SA); and
    capitals are no town that has them among its other names ("CHU" is no Chengyang)."""
    text = "Mining employs thousands of South Africans. SA holds most of the world's platinum."
    (sa,) = resolve_toponyms(text, _spans(text, "SA"))
    assert sa is not None and sa["country"] == "ZA" and sa["kind"] == "country"
    text = "Floods hit Adelaide, the capital of SA, on Monday."
    places = resolve_toponyms(text, _spans(text, "Adelaide", "SA"))
    assert places[1] is not None and places[1]["country"] == "AU" and places[1]["kind"] == "admin1"
    candidates, _ = PlaceResolver().candidates("CHU")
    assert all(c.entry.kind not in ("city", "admin2") for c in candidates)


def test_a_street_or_an_embassy_is_not_in_the_place_it_is_named_for() -> None:
    """ "Hampton Avenue" in a St. Louis story is in St. Louis, not Hampton, Virginia; an
    embassy named for its nation sits in another; a generic word alone is no county."""
    resolver = PlaceResolver()
    assert resolver.candidates("Hampton Avenue")[0] == []
    embassy = resolver.candidates("Embassy of the Republic of Armenia")[0]
    assert all(c.entry.kind != "country" for c in embassy)
    tokyo = resolver.candidates("British Embassy Tokyo")[0]
    assert tokyo and all(c.entry.name == "Tokyo" for c in tokyo)
    assert all(c.entry.kind != "admin2" for c in resolver.candidates("Grand")[0])


def test_a_world_famous_town_far_from_a_local_story_is_not_a_street() -> None:
    """Charleston, one of many towns so named but the one with 50+ names in other languages,
    stays a town in a story set around Centreville, Virginia."""
    text = (
        "Homes in Centreville, near Chantilly, Fairfax and Manassas, look a little like the "
        "architecture in Charleston, a resident said."
    )
    places = resolve_toponyms(
        text, _spans(text, "Centreville", "Chantilly", "Fairfax", "Manassas", "Charleston")
    )
    charleston = places[4]
    assert charleston is not None and not charleston["inferred"] and charleston["name"] == "Charleston"


def test_yorkshire_and_a_part_of_it() -> None:
    text = "Floods hit East Yorkshire and the rest of Yorkshire."
    east, whole = resolve_toponyms(text, _spans(text, "East Yorkshire", "Yorkshire"))
    assert east is not None and whole is not None and east["name"] == whole["name"] == "Yorkshire"


def test_a_name_standing_for_an_institution_is_the_town_it_sits_in() -> None:
    """ "Broadway" in theatre news is New York City, not Broadway, Virginia; "Downing Street" is
    London."""
    text = "The Broadway star starred in a hit show."
    (broadway,) = resolve_toponyms(text, _spans(text, "Broadway"))
    assert broadway is not None and broadway["name"] == "New York City"
    text = "Downing Street said the talks would go on."
    (downing,) = resolve_toponyms(text, _spans(text, "Downing Street"))
    assert downing is not None and downing["name"] == "London"


def test_an_airport_named_alone_is_the_airport_not_a_small_namesake_town() -> None:
    # "Heathrow" is also a Florida town of 5,900: in a London story it is the airport
    text = "Flights were grounded at Heathrow as fog closed in over London on Tuesday."
    airport, london = resolve_toponyms(text, _spans(text, "Heathrow", "London"))
    assert airport is not None and airport["kind"] == "airport" and airport["country"] == "GB"
    assert airport["admin1"] == "England"
    assert london is not None and london["kind"] == "city"


def test_the_namesake_town_keeps_its_name_where_the_text_places_it() -> None:
    text = "The family moved from Orlando to Heathrow, Florida, last year."
    _, heathrow, _ = resolve_toponyms(text, _spans(text, "Orlando", "Heathrow", "Florida"))
    assert heathrow is not None and heathrow["kind"] == "city" and heathrow["country"] == "US"


def test_an_airport_by_its_full_name_and_by_name_with_airfield() -> None:
    text = (
        "Rockets hit Bagram Air Base; later a convoy left Kandahar Airfield for Kabul International Airport."
    )
    names = ("Bagram Air Base", "Kandahar Airfield", "Kabul International Airport")
    places = resolve_toponyms(text, _spans(text, *names))
    assert [p["kind"] if p else None for p in places] == ["airport", "airport", "airport"]
    assert [p["admin1"] if p else None for p in places] == ["Parwan", "Kandahar", "Kabul"]


def test_a_town_name_is_its_airport_only_where_the_text_says_airport() -> None:
    # "Manas" is a Kyrgyz town and an epic hero: the airport only beside "air base"
    based = "U.S. forces were told to leave the air base at Manas, Kyrgyzstan."
    (manas, _) = resolve_toponyms(based, _spans(based, "Manas", "Kyrgyzstan"))
    assert manas is not None and manas["kind"] == "airport" and manas["name"] == "Manas International Airport"
    hero = "Statues of Manas stand in every square of Kyrgyzstan."
    (town, _) = resolve_toponyms(hero, _spans(hero, "Manas", "Kyrgyzstan"))
    assert town is not None and town["kind"] == "city"
    plain = "A bomb went off outside Kabul airport."
    (kabul,) = resolve_toponyms(plain, _spans(plain, "Kabul"))
    assert kabul is not None and kabul["kind"] == "airport" and kabul["country"] == "AF"


def test_a_site_the_text_places_in_a_town_is_in_that_town() -> None:
    """ "the Palais des Nations in Geneva", "Washington University in St. Louis": a building or
    an institution is where the text says it stands, not in the place its name contains nor in
    the story's main town; a chain ends at its town."""
    text = (
        "UNHCR briefed reporters at the Palais des Nations in Geneva. A professor at Washington "
        "University in St. Louis and a priest of Zorbas Chapel at Quirinal Hall in Rome spoke."
    )
    names = ["Palais des Nations", "Geneva", "Washington University", "St. Louis", "Zorbas Chapel"]
    places = resolve_toponyms(text, _spans(text, *names, "Quirinal Hall", "Rome"))
    palais, geneva, university, st_louis, chapel, hall, rome = places
    assert palais is not None and geneva is not None and palais["id"] == geneva["id"]
    assert university is not None and st_louis is not None and university["id"] == st_louis["id"]
    assert chapel is not None and hall is not None and rome is not None
    assert chapel["id"] == hall["id"] == rome["id"] and rome["name"] == "Rome"
    # a comma joins a name that says it is a building, not an unknown name ending a phrase
    text = (
        "Doctors at the Zorba Hospital, Lyon, agreed. Beyond Zorbaville, Liverpool have academies in Cairo."
    )
    hospital, lyon, suburb, liverpool, _ = resolve_toponyms(
        text, _spans(text, "Zorba Hospital", "Lyon", "Zorbaville", "Liverpool", "Cairo")
    )
    assert hospital is not None and lyon is not None and hospital["id"] == lyon["id"]
    assert liverpool is not None and (suburb is None or suburb["id"] != liverpool["id"])


def test_a_site_named_for_the_state_of_the_story_is_in_the_storys_town() -> None:
    """ "Virginia Gateway" (a mall) in a story set around Gainesville, Virginia is there, not
    at the centre of the state; a site named for another state keeps that state."""
    text = (
        "Homes in Gainesville, near Haymarket and Manassas, are close to Virginia Gateway, and "
        "a drive from Nevada Gateway."
    )
    places = resolve_toponyms(
        text, _spans(text, "Gainesville", "Haymarket", "Manassas", "Virginia Gateway", "Nevada Gateway")
    )
    gainesville, mall, other = places[0], places[3], places[4]
    assert gainesville is not None and gainesville["admin1"] == "Virginia"
    assert mall is not None and mall["kind"] == "city" and mall["admin1"] == "Virginia"
    assert other is not None and other["kind"] == "admin1" and other["name"] == "Nevada"


def test_a_story_naming_no_town_places_unknown_names_in_its_province_else_its_country() -> None:
    text = "Turtles nest on the beaches of Saint Lucia. Students visited the Pointe Zorba Protection Area."
    _, area = resolve_toponyms(text, _spans(text, "Saint Lucia", "Pointe Zorba Protection Area"))
    assert area is not None and area["inferred"] and area["kind"] == "country" and area["country"] == "LC"
    text = (
        "South Africa mines platinum; South Africa exports it. In Limpopo, the Zorbokeng community "
        "won royalties."
    )
    *_, community = resolve_toponyms(
        text, [*_spans(text, "South Africa", "Limpopo"), *_spans(text, "Zorbokeng")]
    )
    assert community is not None and community["inferred"]
    assert community["kind"] == "admin1" and community["name"] == "Limpopo"


def test_a_district_without_data_lies_in_the_one_province_the_story_names(pipeline: Pipeline) -> None:
    """ "In Zorbari district" (not in the data, no province beside it) in a story naming only
    Kandahar province is placed at that province's centre, and its events say so (admin1, not
    exact); a story naming two provinces leaves it unread."""
    text = (
        "KABUL, Afghanistan (March 8, 2011) - Forces detained insurgents in Kandahar province, yesterday.\n\n"
        "In Zorbari district, a patrol detained one suspected insurgent."
    )
    record = pipeline.analyze(text)
    district = next(p for p in record.places if text[p.start : p.end] == "Zorbari")  # type: ignore[misc]
    assert district.kind == "district" and district.admin1 == "Kandahar"
    detained = [
        e for e in record.events if e.trigger == "detained" and e.sentence.start > text.index("yesterday")
    ]
    assert detained and detained[0].place == district.id and detained[0].place_precision == "admin1"
    text = "Forces patrolled Kandahar province and Helmand province. In Zorbari district, a patrol stopped."
    places = resolve_toponyms(text, _spans(text, "Kandahar", "Helmand", "Zorbari"))
    assert places[2] is None or places[2]["inferred"]


def test_a_body_named_after_its_home_names_that_place_but_places_no_event(pipeline: Pipeline) -> None:
    """ "Toronto Police Services Board" names Toronto (geoparsing corpora count such names), but
    the arrest it reports happened where the story is, not at the board's home."""
    text = (
        "Police patrolled Hamilton, Ontario on Monday. The Toronto Police Services Board said "
        "officers arrested two men."
    )
    record = pipeline.analyze(text)
    named = {text[p.start : p.end]: p for p in record.places if p.start is not None}
    assert "Toronto" in named and named["Toronto"].name == "Toronto"
    arrests = [e for e in record.events if e.trigger == "arrested"]
    assert arrests and arrests[0].place == named["Hamilton"].id
    # a demonym opening a body's name is no place ("Afghan National Police")
    record = pipeline.analyze("The Afghan National Police detained a man.")
    assert not [p for p in record.places if p.kind == "country"]


def test_a_body_named_after_a_small_town_names_it_where_the_story_names_that_town() -> None:
    from sitrep.pipeline.places import PlaceLinker

    linker = PlaceLinker()
    assert linker._home_of("Beverly Hills Police Department", {"beverly hills"}) == "Beverly Hills"
    # a town under 100,000 the story does not name by itself is no home read from a name
    assert linker._home_of("Beverly Hills Police Department", set()) is None
    assert linker._home_of("Pakistan Army", set()) == "Pakistan"
    assert linker._home_of("Afghan National Police", set()) is None
    assert linker._home_of("Toronto", set()) is None  # the whole name is no body's


def test_a_persons_first_name_alone_is_no_town_unless_the_text_says_in(pipeline: Pipeline) -> None:
    """ "Barry said" after "Barry Smith" is the person, not Barry in Wales; "in Barry" is the town."""
    text = "Barry Smith, a retired electrician, married Jean in 1958. Barry said the spark is still there."
    assert [text[p.start : p.end] for p in pipeline.analyze(text).places if p.start is not None] == []
    text = "Barry Smith, a retired electrician, moved to a bungalow in Barry last year. Barry said so."
    places = [(p.start, p.name) for p in pipeline.analyze(text).places]
    assert places == [(text.index("in Barry") + 3, "Barry")]
