"""The offline gazetteer: countries, divisions, towns, airports and named regions with coordinates.

Compiled once from GeoNames-derived packages (see ``build.py``) into a pickle in the user
cache directory (``~/.cache/sitrep/gazetteer-<versions>.pickle``), rebuilt when a source
package changes version. ``sitrep gazetteer build`` compiles it ahead of time; otherwise the
first use does. ``SITREP_GAZETTEER_CACHE=off`` keeps it in memory only.

Place data: GeoNames (https://www.geonames.org), CC BY 4.0; airports: airportsdata (MIT).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from sitrep.gazetteer.build import bare, build_index, fold, package_versions, skeleton, write_index

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "bare",
    "cache_path",
    "fold",
    "load_gazetteer",
    "skeleton",
    "team_nicknames",
]

KIND_RANK = {"continent": 0, "region": 1, "country": 2, "admin1": 3, "admin2": 4, "city": 5, "airport": 6}


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    index: int
    id: str
    name: str
    kind: str  # continent | region | country | admin1 | admin2 | city | airport
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    capital: bool
    renown: int = 0  # how many alternate names GeoNames has for a town (see build.py)


class Gazetteer:
    def __init__(self, index: dict[str, Any]) -> None:
        self.version: str = index["version"]
        self._rows: list[tuple[Any, ...]] = index["rows"]
        self._names: dict[str, tuple[int, ...]] = index["names"]
        self._demonyms: dict[str, str] = index["demonyms"]
        self._skeletons: dict[str, tuple[int, ...]] = index["skeletons"]
        self._region_demonyms: dict[str, int] = index["region_demonyms"]
        self._codes: dict[str, int] = index["codes"]
        self._airport_cores: dict[str, tuple[int, ...]] = index["airport_cores"]
        self._countries = {r[3]: i for i, r in enumerate(self._rows) if r[2] == "country"}
        self._admin1 = {(r[3], fold(r[1])): i for i, r in enumerate(self._rows) if r[2] == "admin1"}
        self._capitals: dict[str, int] | None = None  # built on first use
        self._initials: dict[str, list[tuple[int, tuple[str, ...]]]] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, i: int) -> GazetteerEntry:
        return GazetteerEntry(i, *self._rows[i])

    def lookup(self, name: str) -> list[tuple[GazetteerEntry, bool]]:
        """Entries a name can mean, each with whether it is the entry's primary name."""
        codes = self._names.get(fold(name), ())
        return [(self.entry(c >> 1), bool(c & 1)) for c in codes]

    def lookup_loose(self, name: str) -> list[GazetteerEntry]:
        """Countries and provinces whose name is spelt like ``name`` ("Paktya" -> Paktia)."""
        return [self.entry(i) for i in self._skeletons.get(skeleton(name), ())]

    def airports(self, name: str) -> list[GazetteerEntry]:
        """Airports whose distinctive name is ``name`` ("Manas", "Kabul"), for a name the text
        calls an airport or air base: also those whose bare name means a town."""
        return [self.entry(i) for i in self._airport_cores.get(fold(name), ())]

    def knows(self, name: str) -> bool:
        return fold(name) in self._names

    def country(self, code: str) -> GazetteerEntry | None:
        i = self._countries.get(code)
        return None if i is None else self.entry(i)

    def capital(self, country: str) -> GazetteerEntry | None:
        """A country's capital town ("Tokyo" for JP)."""
        if self._capitals is None:
            self._capitals = {r[3]: i for i, r in enumerate(self._rows) if r[2] == "city" and r[8]}
        i = self._capitals.get(country)
        return None if i is None else self.entry(i)

    def countries_by_initials(self, letters: str) -> list[tuple[GazetteerEntry, tuple[str, ...]]]:
        """Countries of two or more words whose initials are ``letters`` ("SA": South Africa,
        Saudi Arabia), each with the folded words that name it: its name and its demonyms."""
        if self._initials is None:
            words: dict[str, list[str]] = {}
            for demonym, code in self._demonyms.items():
                words.setdefault(code, []).append(demonym)
            self._initials = {}
            for code, i in self._countries.items():
                name = self._rows[i][1]
                parts = [w for w in name.replace("-", " ").split() if w[:1].isupper()]
                if len(parts) >= 2:
                    key = "".join(w[0] for w in parts)
                    self._initials.setdefault(key, []).append((i, (fold(name), *words.get(code, ()))))
        return [(self.entry(i), names) for i, names in self._initials.get(letters, ())]

    def metonym(self, name: str) -> GazetteerEntry | None:
        """The town a name stands for as the seat of an institution or trade ("Broadway": New
        York City; ``data/metonyms.yaml``)."""
        town = _metonyms().get(fold(name))
        if town is None:
            return None
        hits = [e for e, _ in self.lookup(town[0]) if e.kind == "city" and e.country == town[1]]
        return max(hits, key=lambda e: e.population, default=None)

    def admin1(self, country: str, name: str) -> GazetteerEntry | None:
        """A first-level division of ``country`` by its name ("Ghazni" in AF)."""
        i = self._admin1.get((country, fold(name)))
        if i is not None:
            return self.entry(i)
        hits = [e for e, _ in self.lookup(name) if e.kind == "admin1" and e.country == country]
        hits = hits or [e for e, _ in self.lookup(bare(name)) if e.kind == "admin1" and e.country == country]
        return hits[0] if hits else None

    def demonym(self, word: str) -> str | None:
        """The country code a demonym names: "Afghan", "Afghans" -> AF."""
        key = fold(word)
        code = self._demonyms.get(key)
        if code is None and key.endswith("s"):
            code = self._demonyms.get(key[:-1])
        return code

    def region_adjective(self, word: str) -> GazetteerEntry | None:
        """The region or continent an adjective names: "European" -> Europe."""
        i = self._region_demonyms.get(fold(word))
        return None if i is None else self.entry(i)

    def division_code(self, word: str) -> GazetteerEntry | None:
        """A state or province by its postal code, written in capitals: "CA", "BC", "NSW"."""
        i = self._codes.get(word) if word.isupper() else None
        return None if i is None else self.entry(i)


@lru_cache(maxsize=1)
def team_nicknames() -> tuple[str, ...]:
    """Nicknames of professional sports teams ("Trail Blazers", "Rockets"), which follow the
    name of the team's home town (``data/team_names.yaml``)."""
    import yaml

    text = resources.files("sitrep.gazetteer").joinpath("data/team_names.yaml").read_text(encoding="utf-8")
    return tuple(str(n) for n in yaml.safe_load(text)["nicknames"])


@lru_cache(maxsize=1)
def _metonyms() -> dict[str, tuple[str, str]]:
    import yaml

    text = resources.files("sitrep.gazetteer").joinpath("data/metonyms.yaml").read_text(encoding="utf-8")
    return {fold(m["name"]): (m["town"], m["country"]) for m in yaml.safe_load(text)["metonyms"]}


def cache_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sitrep")) / f"gazetteer-{package_versions()}.pickle"


_build_lock = threading.Lock()


def _load_index(rebuild: bool = False) -> dict[str, Any]:
    if os.environ.get("SITREP_GAZETTEER_CACHE", "on").lower() in ("off", "0", "false", "no"):
        return build_index()
    path = cache_path()
    with _build_lock:
        if not rebuild and path.exists():
            try:
                with path.open("rb") as f:
                    index: dict[str, Any] = pickle.load(f)
                if index.get("version") == package_versions():
                    return index
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
                pass  # a truncated or foreign file: rebuild it
        index = build_index()
        # a read-only cache directory only costs a rebuild next time
        with contextlib.suppress(OSError):
            write_index(path, index)
        return index


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built on first use and cached on disk; one per process."""
    return Gazetteer(_load_index())


def rebuild_gazetteer() -> Path:
    """Compile the index afresh into the cache (``sitrep gazetteer build``)."""
    load_gazetteer.cache_clear()
    _load_index(rebuild=True)
    return cache_path()
