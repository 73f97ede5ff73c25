"""The loader's validation and lookup rules, on small hand-written registry files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import SitrepError
from sitrep.registry import DATA_DIR, EXTRA_ENV, load_registry, normalize_name

HEADER = 'version: "test"\nentries:\n'


def write(tmp_path: Path, body: str, name: str = "extra.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hand-written files in tmp dirs must not replace the user's cached default registry.
    monkeypatch.setenv("SITREP_REGISTRY_CACHE", "off")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  - {id: x, name: X, kind: militia}\n", "unknown kind 'militia'"),
        ("  - {id: x, kind: media}\n", "missing 'name'"),
        ("  - {id: x, name: X, kind: media, country: XX}\n", "invalid country 'XX'"),
        ("  - {id: x, name: X, kind: intergovernmental, country: RU}\n", "have no country"),
        ("  - {id: x, name: X, kind: media, part_of: nowhere}\n", "part_of 'nowhere'"),
        ("  - {id: x, name: X, kind: country, country: RU, member_of: [nato2]}\n", "member_of 'nato2'"),
        (
            "  - {id: x, name: X, kind: person, roles: [{title: Head, affiliation: ghost}]}\n",
            "role affiliation 'ghost'",
        ),
        ("  - {id: X Y, name: X, kind: media}\n", "lowercase slug"),
        ("  - {id: x, name: X, kind: media, alias: [Y]}\n", "unknown field(s) alias"),
        ("  - {id: x, name: X, kind: media, valid_until: 'last year'}\n", "not an ISO date"),
        ("  - {id: x, name: X, kind: media, demonyms: [Xian]}\n", "only countries have demonyms"),
        ("  - {id: x, name: X, kind: media}\n  - {id: x, name: Y, kind: media}\n", "duplicate id"),
    ],
)
def test_invalid_entries_name_the_file_and_the_entry(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(SitrepError) as info:
        load_registry([path])
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    path = write(tmp_path, "  - {id: csto, name: Another CSTO, kind: media}\n")
    with pytest.raises(SitrepError, match=r"duplicate id \(first defined in .*intergovernmental.yaml\)"):
        load_registry([*sorted(DATA_DIR.glob("*.yaml")), path])


def test_not_yaml_and_missing_version(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries: [\n", encoding="utf-8")
    with pytest.raises(SitrepError, match="not valid YAML"):
        load_registry([bad])
    bare = tmp_path / "bare.yaml"
    bare.write_text("entries: []\n", encoding="utf-8")
    with pytest.raises(SitrepError, match="version"):
        load_registry([bare])
    with pytest.raises(SitrepError, match="cannot read"):
        load_registry([tmp_path / "absent.yaml"])


def test_extra_files_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(
        tmp_path,
        "  - id: dushanbe-think-tank\n"
        "    name: Dushanbe Centre for Border Studies\n"
        "    kind: organization\n"
        "    country: TJ\n"
        "    aliases: [DCBS]\n",
    )
    monkeypatch.setenv(EXTRA_ENV, str(path))
    registry = load_registry()
    assert [e.id for e in registry.lookup("DCBS")] == ["dushanbe-think-tank"]
    assert registry.get("csto") is not None  # the shipped data is still there
    assert registry.version.endswith("+1extra")


def test_case_rules(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "  - id: let\n    name: Long Example Term\n    kind: armed group\n"
        "    aliases: [LeT, Lashkar]\n    exact_case: [LeT]\n"
        "  - id: un-like\n    name: United Example\n    kind: intergovernmental\n    aliases: [UE]\n",
    )
    registry = load_registry([path])
    assert [e.id for e in registry.lookup("LeT")] == ["let"]
    assert registry.lookup("let") == [] and registry.lookup("LET") == []
    assert [e.id for e in registry.lookup("lashkar")] == ["let"]  # ordinary aliases ignore case
    assert registry.lookup("ue") == []
    assert [e.id for e in registry.lookup("the United Example")] == ["un-like"]


def test_dated_aliases(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "  - id: old\n    name: Old Body\n    kind: government\n"
        "    dated_aliases: [{alias: The Body, until: 2000-12-31}]\n"
        "  - id: new\n    name: New Body\n    kind: government\n"
        "    dated_aliases: [{alias: The Body, since: 2001-01}]\n",
    )
    registry = load_registry([path])
    assert [e.id for e in registry.lookup("Body")] == ["new", "old"]  # the current referent first
    assert [e.id for e in registry.lookup("Body", on="2000-12-31")] == ["old"]
    assert [e.id for e in registry.lookup("Body", on="2001-01-15T08:00:00")] == ["new"]
    old = registry.get("old")
    assert old is not None and "The Body" in old.aliases and old.periods_for("the body")


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Russia’s  Foreign\nMinistry", "Russia's Foreign Ministry"),
        ("the Taliban", "Taliban"),
        ("The CSTO", "CSTO"),
        ("Islamic State – Khorasan", "Islamic State-Khorasan"),
        ("Объединённый штаб", "Объединенный штаб"),
        ("Theodore", "Theodore"),
    ],
)
def test_normalize_name(raw: str, normal: str) -> None:
    assert normalize_name(raw) == normal
