"""Integrity of the shipped registry data: what analysts rely on when the linker names an actor."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

from sitrep.model import ACTOR_KINDS
from sitrep.registry import (
    CACHE_ENV,
    DATA_DIR,
    Registry,
    _load_cached,
    default_paths,
    is_case_sensitive,
    load_registry,
    normalize_name,
)
from tests.helpers import shared_dir_or_skip

# Names that refer to more than one entry on purpose. Each needs context (or a date) to
# resolve, and the linker must not pick blindly; a new shared name fails the test below until
# it is listed here with its reason.
KNOWN_AMBIGUITIES: dict[str, set[str]] = {
    # The Taliban: the government (1996-2001, since 2021-08-15) or the insurgency (2001-2021).
    "taliban": {"iea", "taliban-insurgency"},
    "taleban": {"iea", "taliban-insurgency"},
    "afghan taliban": {"iea", "taliban-insurgency"},
    "taliban movement": {"iea", "taliban-insurgency"},
    # Regime-neutral names of Afghan state bodies, dated on both sides of 2021-08-15.
    "afghan government": {"iea", "af-republic"},
    "afghan authorities": {"iea", "af-republic"},
    "kabul authorities": {"iea", "af-republic"},
    "afghan foreign ministry": {"iea-mfa", "af-republic-mfa"},
    "afghan ministry of foreign affairs": {"iea-mfa", "af-republic-mfa"},
    "ministry of foreign affairs of afghanistan": {"iea-mfa", "af-republic-mfa"},
    "afghanistan's foreign ministry": {"iea-mfa", "af-republic-mfa"},
    "afghanistan's ministry of foreign affairs": {"iea-mfa", "af-republic-mfa"},
    "afghan ministry of defense": {"iea-mod", "af-republic-mod"},
    "afghan defense ministry": {"iea-mod", "af-republic-mod"},
    "afghan ministry of defence": {"iea-mod", "af-republic-mod"},
    "afghan defence ministry": {"iea-mod", "af-republic-mod"},
    "ministry of national defense of afghanistan": {"iea-mod", "af-republic-mod"},
    "afghan interior ministry": {"iea-moi", "af-republic-moi"},
    "afghan ministry of interior": {"iea-moi", "af-republic-moi"},
    "afghan ministry of interior affairs": {"iea-moi", "af-republic-moi"},
    # Kyrgyzstan's and Tajikistan's security committees share the Soviet-era name.
    "GKNB": {"kg-gknb", "tj-gknb"},
    "ГКНБ": {"kg-gknb", "tj-gknb"},
    # The Tajik militant group and Yemen's Houthis both go by it.
    "ansarullah": {"jamaat-ansarullah", "houthis"},
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def test_every_entry_has_a_valid_kind_and_name(registry: Registry) -> None:
    for entry in registry:
        assert entry.kind in ACTOR_KINDS, entry.id
        assert entry.name.strip(), entry.id


def test_ids_are_unique_across_files() -> None:
    import yaml

    seen: dict[str, str] = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]:
            assert item["id"] not in seen, f"{item['id']} in {path.name} and {seen[item['id']]}"
            seen[item["id"]] = path.name


def test_references_resolve(registry: Registry) -> None:
    for entry in registry:
        for ref in (*entry.member_of, entry.part_of, *(r.affiliation for r in entry.roles)):
            assert ref is None or registry.get(ref) is not None, f"{entry.id} -> {ref}"


def test_part_of_has_no_cycles(registry: Registry) -> None:
    for entry in registry:
        seen = {entry.id}
        parent = entry.part_of
        while parent:
            assert parent not in seen, f"cycle through {entry.id}"
            seen.add(parent)
            found = registry.get(parent)
            parent = found.part_of if found else None


def test_every_iso_code_has_exactly_one_country_entry(registry: Registry) -> None:
    countries = [e for e in registry if e.kind == "country"]
    codes = [e.country for e in countries]
    assert len(codes) == len(set(codes))
    assert set(codes) == {c.alpha_2 for c in pycountry.countries}
    for country in pycountry.countries:
        entry = registry.country(country.alpha_2)
        assert entry is not None and entry.id == f"country-{country.alpha_2.lower()}"


def test_country_codes_are_iso(registry: Registry) -> None:
    valid = {c.alpha_2 for c in pycountry.countries}
    for entry in registry:
        assert entry.country is None or entry.country in valid, entry.id


def test_intergovernmental_bodies_have_no_country(registry: Registry) -> None:
    for entry in registry:
        if entry.kind == "intergovernmental":
            assert entry.country is None, entry.id


def test_only_countries_have_demonyms_and_no_demonym_is_shared(registry: Registry) -> None:
    owner: dict[str, str] = {}
    for entry in registry:
        if entry.kind != "country":
            assert not entry.demonyms, entry.id
        for word in entry.demonyms:
            key = word.casefold()
            assert key not in owner, f"{word}: {owner.get(key)} and {entry.id}"
            owner[key] = entry.id


def test_most_countries_have_demonyms(registry: Registry) -> None:
    # Uninhabited territories (Bouvet Island, Heard Island) have none, nor do the two Congos
    # and Dominica, whose demonyms are shared; every other state has one.
    without = {e.country for e in registry if e.kind == "country" and not e.demonyms}
    assert without <= {"AQ", "BQ", "BV", "CD", "CG", "DM", "GS", "HM", "IO", "SJ", "TF", "UM"}, without
    for code in ("AF", "RU", "KZ", "KG", "TJ", "UZ", "TM", "IR", "PK", "CN", "IN", "US", "GB", "TR"):
        entry = registry.country(code)
        assert entry is not None and entry.demonyms, code


def test_shared_names_are_known_ambiguities(registry: Registry) -> None:
    shared = registry.ambiguous_names()
    unexpected = {
        name: ids
        for name, ids in shared.items()
        if name not in KNOWN_AMBIGUITIES and name.casefold() not in KNOWN_AMBIGUITIES
    }
    assert not unexpected, f"names shared by several entries; list them in KNOWN_AMBIGUITIES: {unexpected}"
    for name, ids in KNOWN_AMBIGUITIES.items():
        assert set(registry_ids(registry, name)) == ids, name


def registry_ids(registry: Registry, name: str) -> list[str]:
    return [e.id for e in registry.lookup(name)]


def test_acronyms_are_case_sensitive(registry: Registry) -> None:
    for entry in registry:
        for name in entry.names:
            if is_case_sensitive(name):
                assert name in entry.case_sensitive_aliases, (entry.id, name)
    # Acronyms that spell common words must not match the words.
    for word in ("un", "let", "sco", "who", "is", "us", "eu", "rats", "isi", "ana", "amu", "tip", "dawn"):
        assert registry.lookup(word) == [], word
    assert registry_ids(registry, "LeT") == ["lashkar-e-taiba"]
    assert registry_ids(registry, "IMU") == ["imu"]
    assert registry_ids(registry, "IEA") == ["iea"]


def test_no_bare_is_for_the_islamic_state(registry: Registry) -> None:
    # "IS" matches the verb in capitalised headlines; ISIS/ISIL/Daesh are enough.
    assert registry.lookup("IS") == []
    assert registry_ids(registry, "Daesh") == ["islamic-state"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CSTO", "csto"),
        ("Collective Security Treaty Organisation", "csto"),
        ("collective security treaty organization", "csto"),
        ("ОДКБ", "csto"),
        ("the Collective Security Treaty Organization", "csto"),
        ("Russia’s Foreign Ministry", "ru-mfa"),
        ("Russia's Foreign Ministry", "ru-mfa"),
        ("Russian Foreign Ministry", "ru-mfa"),
        ("МИД России", "ru-mfa"),
        ("RATS SCO", "sco-rats"),
        ("SCO RATS", "sco-rats"),
        ("РАТС ШОС", "sco-rats"),
        ("ISIS-K", "iskp"),
        ("Islamic State–Khorasan", "iskp"),
        ("Islamic State - Khorasan", "iskp"),
        ("ISKP", "iskp"),
        ("Amu TV", "amu-tv"),
        ("IEA", "iea"),
        ("Islamic Emirate", "iea"),
        ("the U.N.", "un"),
        ("United Nations", "un"),
        ("U.N. Regional Center in Almaty", "un-sdg-centre-almaty"),
        ("CSTO foreign ministers", "csto-council-of-foreign-ministers"),
        ("Working Group on Afghanistan", "csto-working-group-on-afghanistan"),
        ("IOS RAS", "ios-ras"),
        ("Imangali Tasmagambetov", "imangali-tasmagambetov"),
        ("Sergei Lavrov", "sergey-lavrov"),
        ("Kyrgyz Republic", "country-kg"),
        ("Türkiye", "country-tr"),
        ("Turkey", "country-tr"),
        ("U.S.", "country-us"),
        ("Britain", "country-gb"),
        ("Россия", "country-ru"),
        ("Киргизия", "country-kg"),
        ("Afghanistan's", "country-af"),
        ("international community", "international-community"),
        ("The Diplomat", "the-diplomat"),
    ],
)
def test_lookup(registry: Registry, text: str, expected: str) -> None:
    assert registry_ids(registry, text)[:1] == [expected]


def test_common_words_that_are_outlet_names_match_only_as_names(registry: Registry) -> None:
    assert registry_ids(registry, "Dawn") == ["dawn"]
    assert registry.lookup("dawn") == []
    assert registry.lookup("diplomat") == []
    assert registry.lookup("Hindu") == []


@pytest.mark.parametrize(
    ("word", "code"),
    [("Afghan", "AF"), ("Afghans", "AF"), ("Tajik", "TJ"), ("Kyrgyz", "KG"), ("Kazakh", "KZ"),
     ("Kazakhstani", "KZ"), ("Uzbek", "UZ"), ("Turkmen", "TM"), ("Russian", "RU"), ("Russians", "RU"),
     ("Belarusian", "BY"), ("Armenian", "AM"), ("Azerbaijani", "AZ"), ("Iranian", "IR"),
     ("Pakistani", "PK"), ("Chinese", "CN"), ("Indian", "IN"), ("American", "US"), ("British", "GB")],
)  # fmt: skip
def test_demonym(registry: Registry, word: str, code: str) -> None:
    entry = registry.demonym(word)
    assert entry is not None and entry.kind == "country" and entry.country == code


def test_demonym_is_not_a_person_and_lowercase_is_refused(registry: Registry) -> None:
    assert all(e.kind != "person" for e in registry.lookup("Afghan"))
    assert registry.demonym("afghani") is None  # the currency
    assert registry.demonym("Korean") is None  # North or South: deliberately absent


def test_csto_members(registry: Registry) -> None:
    members = {e.country for e in registry.members("csto")}
    assert members == {"RU", "BY", "AM", "KZ", "KG", "TJ"}


def test_taliban_resolves_by_publication_date(registry: Registry) -> None:
    assert registry_ids(registry, "Taliban")[0] == "iea"  # undated: the current referent first
    assert [e.id for e in registry.lookup("Taliban", on="2010-06-01")] == ["taliban-insurgency"]
    assert [e.id for e in registry.lookup("the Taliban", on="2024-03-01")] == ["iea"]
    assert [e.id for e in registry.lookup("Taliban", on="1998-01-01")] == ["iea"]
    assert [e.id for e in registry.lookup("Afghan National Army", on="2012-01-01")] == ["af-ana"]
    insurgency = registry.get("taliban-insurgency")
    assert insurgency is not None and insurgency.valid_until == "2021-08-15"


def test_roles_of_people(registry: Registry) -> None:
    sg = registry.get("imangali-tasmagambetov")
    assert sg is not None and sg.kind == "person" and sg.country == "KZ"
    role = sg.current_role()
    assert role is not None and (role.title, role.affiliation, role.since) == (
        "Secretary General",
        "csto",
        "2023-01-01",
    )
    zas = registry.get("stanislav-zas")
    assert zas is not None and zas.current_role() is None
    assert zas.current_role(on="2021-06-01") is not None
    actor = sg.to_actor()
    assert actor.registry and actor.title == "Secretary General" and actor.affiliation == "csto"


def test_every_role_date_is_ordered(registry: Registry) -> None:
    for entry in registry:
        for role in entry.roles:
            if role.since and role.until:
                assert role.since <= role.until, entry.id
        for period in entry.alias_periods:
            if period.since and period.until:
                assert period.since <= period.until, entry.id


def _seed_golds() -> list[dict]:  # type: ignore[type-arg]
    seeds = shared_dir_or_skip("seeds")
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.gold.json"))]
    if not golds:
        pytest.skip(f"no gold files in {seeds}")
    return golds


# Persons the pipeline learns from the text, not from the registry.
TEXT_LEARNED = {"Bismillah Taban"}


def test_seed_gold_actors_are_in_the_registry(registry: Registry) -> None:
    missing = []
    for gold in _seed_golds():
        actors = gold.get("actors", gold)
        for section in ("required", "optional"):
            for actor in actors.get(section, []):
                if actor["name"] in TEXT_LEARNED:
                    continue
                problem = _check_gold_actor(registry, actor)
                if problem and section == "required":
                    missing.append(f"{actor['name']}: {problem}")
    assert not missing, missing


def _check_gold_actor(registry: Registry, gold: dict) -> str | None:  # type: ignore[type-arg]
    hits = registry.lookup(gold["name"])
    if not hits:
        return "no entry with that name or alias"
    entry = hits[0]
    if normalize_name(gold["name"]).casefold() not in {normalize_name(n).casefold() for n in entry.names}:
        return f"{entry.id} does not carry the name"
    if entry.kind != gold["kind"]:
        return f"{entry.id} kind {entry.kind!r}, expected {gold['kind']!r}"
    if gold.get("country") and entry.country != gold["country"]:
        return f"{entry.id} country {entry.country!r}, expected {gold['country']!r}"
    for alias in gold.get("aliases", []):
        if entry not in registry.lookup(alias):
            return f"{entry.id} lacks alias {alias!r}"
    if gold.get("member_of"):
        groups = [registry.get(m) for m in entry.member_of]
        if not any(g and gold["member_of"] in g.names for g in groups):
            return f"{entry.id} member_of {entry.member_of}, expected {gold['member_of']!r}"
    if gold.get("affiliation"):
        role = entry.current_role()
        body = registry.get(role.affiliation) if role and role.affiliation else None
        if body is None or gold["affiliation"] not in body.names:
            return f"{entry.id} affiliation {role}, expected {gold['affiliation']!r}"
        if gold.get("title") and gold["title"] != role.title:  # type: ignore[union-attr]
            return f"{entry.id} title {role.title!r}, expected {gold['title']!r}"  # type: ignore[union-attr]
    return None


def test_optional_seed_actors_are_there_too(registry: Registry) -> None:
    # Not required by the gold, but the registry should know them all.
    problems = []
    for gold in _seed_golds():
        for actor in gold.get("actors", gold).get("optional", []):
            problem = _check_gold_actor(registry, actor)
            if problem:
                problems.append(f"{actor['name']}: {problem}")
    assert not problems, problems


def test_load_is_fast() -> None:
    # A fresh process, as at every CLI start, imports included; the first run builds the cache.
    code = (
        "import time; t = time.perf_counter(); from sitrep.registry import load_registry; "
        "load_registry(); print(time.perf_counter() - t)"
    )
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(4)]
    assert min(runs) < 0.3, runs


def test_load_without_cache_is_fast_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    # Parsing and validating the YAML, as after any data change. Best of three: other
    # processes on a shared machine make a single timing noisy.
    monkeypatch.setenv(CACHE_ENV, "off")
    paths = tuple(str(p) for p in default_paths())
    runs = []
    for _ in range(3):
        _load_cached.cache_clear()
        start = time.perf_counter()
        _load_cached(paths)
        runs.append(time.perf_counter() - start)
    _load_cached.cache_clear()
    assert min(runs) < 0.5, runs


def test_kinds_by_file_are_consistent(registry: Registry) -> None:
    by_file: dict[str, set[str]] = defaultdict(set)
    for entry in registry:
        by_file[Path(entry.source).name].add(entry.kind)
    assert by_file["countries.yaml"] == {"country"}
    assert by_file["people.yaml"] == {"person"}
    assert by_file["collectives.yaml"] == {"collective"}
    assert by_file["intergovernmental.yaml"] == {"intergovernmental"}
