"""The curated actor registry: who the actors of regional security are, as data.

The entries live in YAML files under ``registry/data`` (the schema is documented in
``registry/README.md``); this module loads and validates them once, and answers the questions
the actor linker asks: which entries does this name refer to (``lookup``), which country is
this ISO code or demonym (``country``, ``demonym``), what is this id (``get``).

Analysts add their own entries in YAML files named by ``SITREP_REGISTRY_EXTRA`` (paths joined
with ``os.pathsep``); they are validated with the shipped ones, so a typo in an id fails at
start-up with the file and entry named rather than silently linking nothing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.model import ACTOR_KINDS, Actor
from sitrep.model import Role as ModelRole

__all__ = [
    "AliasPeriod",
    "CACHE_ENV",
    "DATA_DIR",
    "EXTRA_ENV",
    "Registry",
    "RegistryEntry",
    "RegistryError",
    "Role",
    "default_paths",
    "is_case_sensitive",
    "load_registry",
    "normalize_name",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
EXTRA_ENV = "SITREP_REGISTRY_EXTRA"
CACHE_ENV = "SITREP_REGISTRY_CACHE"

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Roles and validity periods are often known only to the month or year.
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

_ENTRY_FIELDS = frozenset(
    {
        "id",
        "name",
        "kind",
        "country",
        "aliases",
        "exact_case",
        "names_ru",
        "demonyms",
        "member_of",
        "part_of",
        "roles",
        "dated_aliases",
        "valid_from",
        "valid_until",
        "note",
    }
)
_ROLE_FIELDS = frozenset({"title", "affiliation", "since", "until"})
_PERIOD_FIELDS = frozenset({"alias", "since", "until"})


class RegistryError(SitrepError):
    """A registry file that cannot be loaded: names the file and the entry, says what is wrong."""


@dataclass(frozen=True)
class Role:
    """A title held in a body over a period (``since``/``until``: ISO dates, maybe partial)."""

    title: str
    affiliation: str | None = None  # registry id
    since: str | None = None
    until: str | None = None

    def active_on(self, date: str) -> bool:
        return _in_period(date, self.since, self.until)


@dataclass(frozen=True)
class AliasPeriod:
    """When a name refers to this entry: "Taliban" is the insurgency until 2021-08-15."""

    alias: str
    since: str | None = None
    until: str | None = None

    def contains(self, date: str) -> bool:
        return _in_period(date, self.since, self.until)


@dataclass(frozen=True)
class RegistryEntry:
    id: str
    name: str
    kind: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    names_ru: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    part_of: str | None = None
    roles: tuple[Role, ...] = ()
    # Every name (canonical, alias, Russian) that matches only in exactly this case: acronyms
    # ("UN", "IEA", "LeT") and names that are also common words ("Dawn").
    case_sensitive_aliases: frozenset[str] = frozenset()
    # Names whose referent depends on the date of the text; an alias absent here is timeless.
    alias_periods: tuple[AliasPeriod, ...] = ()
    valid_from: str | None = None  # when the body came into being, if that matters for linking
    valid_until: str | None = None  # when it ceased (ISAF, the Republic's NDS)
    note: str | None = None
    source: str = field(default="", compare=False)  # file it was read from

    @property
    def names(self) -> tuple[str, ...]:
        """Every string that refers to the entry: canonical name, aliases, Russian names."""
        return (self.name, *self.aliases, *self.names_ru)

    def periods_for(self, alias: str) -> tuple[AliasPeriod, ...]:
        key = normalize_name(alias).casefold()
        return tuple(p for p in self.alias_periods if normalize_name(p.alias).casefold() == key)

    def current_role(self, on: str | None = None) -> Role | None:
        """The role held on ``on`` (default: the open-ended one started last)."""
        if on is not None:
            held = [r for r in self.roles if r.active_on(on)]
        else:
            held = [r for r in self.roles if r.until is None]
        if not held:
            return None
        return max(held, key=lambda r: r.since or "")

    def to_actor(self, on: str | None = None) -> Actor:
        """The record's Actor for this entry, with the title held on ``on``."""
        role = self.current_role(on)
        return Actor(
            id=self.id,
            name=self.name,
            kind=self.kind,
            country=self.country,
            aliases=[*self.aliases, *self.names_ru],
            title=role.title if role else None,
            affiliation=role.affiliation if role else None,
            member_of=list(self.member_of),
            part_of=self.part_of,
            roles=[ModelRole(r.title, r.affiliation, r.since, r.until) for r in self.roles],
            registry=True,
        )


_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u02bb`\u00b4\u2032"), "'")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_SPACED_DASH_RE = re.compile(r"\s*-\s*")


def normalize_name(text: str, strip_article: bool = True) -> str:
    """The form names are compared in: NFKC, straight apostrophes and hyphens, single spaces,
    no leading "the" (unless ``strip_article`` is false), "ё" as "е" (Russian copy writes either).

    Case is kept: case-insensitive comparison casefolds on top of this.
    """
    # It runs on every name at every start: skip the work plain ASCII names do not need.
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).translate(_DASHES)
        text = text.replace("ё", "е").replace("Ё", "Е")
    text = " ".join(text.split())
    if " -" in text or "- " in text:  # "Islamic State - Khorasan" is "Islamic State-Khorasan"
        text = _SPACED_DASH_RE.sub("-", text)
    if strip_article and text[:4].lower() == "the ":
        text = text[4:]
    return text


def is_case_sensitive(name: str) -> bool:
    """True for names with no lowercase letter ("CSTO", "U.N.", "ISIS-K", "ОДКБ", "C5+1"):
    acronyms, which must not match the common words they spell ("un", "let", "who")."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and not any(ch.islower() for ch in letters)


def _in_period(date: str, since: str | None, until: str | None) -> bool:
    # Both ends are inclusive. Partial dates ("2021-09") compare as strings against the date
    # cut to their own precision, so "2021-09" covers the whole month.
    day = date[:10]
    if since and day[: len(since)] < since:
        return False
    return not (until and day[: len(until)] > until)


class Registry:
    """The loaded registry: iterate it, or ask it by id, name, ISO code or demonym."""

    def __init__(self, entries: Sequence[RegistryEntry], version: str, sources: dict[str, str]) -> None:
        self.version = version
        self.sources = dict(sources)  # file path -> the version that file declares
        self._entries = tuple(entries)
        self._by_id = {e.id: e for e in self._entries}
        self._exact: dict[str, list[RegistryEntry]] = {}
        self._folded: dict[str, list[RegistryEntry]] = {}
        self._by_code: dict[str, RegistryEntry] = {}
        self._demonyms: dict[str, RegistryEntry] = {}
        for entry in self._entries:
            for name in entry.names:
                if name in entry.case_sensitive_aliases:
                    # The article stays: "The Hindu" must not make "Hindu" the newspaper.
                    _add(self._exact, normalize_name(name, strip_article=False), entry)
                else:
                    _add(self._folded, normalize_name(name).casefold(), entry)
            if entry.kind == "country" and entry.country:
                self._by_code[entry.country] = entry
            for word in entry.demonyms:
                self._demonyms[normalize_name(word).casefold()] = entry

    def __iter__(self) -> Iterator[RegistryEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def get(self, id: str) -> RegistryEntry | None:
        return self._by_id.get(id)

    def lookup(self, text: str, on: str | None = None) -> list[RegistryEntry]:
        """Entries that ``text`` names, best first.

        Canonical names, aliases and Russian names compare case-insensitively; acronyms and
        other case-sensitive names compare exactly. With ``on`` (the ISO publication date),
        names that refer to different entries over time ("Taliban") keep only the entry they
        referred to then; without it, entries a name still refers to come first.
        """
        norm = normalize_name(text)
        found = self._match(norm, normalize_name(text, strip_article=False))
        if not found and norm.endswith("'s"):  # "Russia's" names Russia
            norm = norm[:-2]
            found = self._match(norm, normalize_name(text, strip_article=False)[:-2])
        if not found:
            return []
        key = norm.casefold()
        if on is not None:
            return [e for e in found if _alias_valid(e, key, on)]
        # A name whose only periods are closed ("Taliban" for the insurgency) is historical.
        return sorted(found, key=lambda e: _historical(e, key))

    def _match(self, norm: str, with_article: str) -> list[RegistryEntry]:
        found = list(self._exact.get(with_article, ()))
        for entry in self._exact.get(norm, ()):
            if entry not in found:
                found.append(entry)
        for entry in self._folded.get(norm.casefold(), ()):
            if entry not in found:
                found.append(entry)
        return found

    def country(self, code: str) -> RegistryEntry | None:
        """The country entry for an ISO 3166-1 alpha-2 code (any case)."""
        return self._by_code.get(code.strip().upper())

    def demonym(self, word: str) -> RegistryEntry | None:
        """The country a demonym refers to: "Afghan" -> Afghanistan.

        All-lowercase words are refused: "polish", "afghani" (the currency) and "chinese"
        written lowercase are not reliable signals of a country.
        """
        norm = normalize_name(word)
        if norm == norm.lower():
            return None
        return self._demonyms.get(norm.casefold())

    def members(self, body_id: str) -> list[RegistryEntry]:
        """Entries that are ``member_of`` the body: the CSTO's member states."""
        return [e for e in self._entries if body_id in e.member_of]

    def parts(self, parent_id: str) -> list[RegistryEntry]:
        """Entries that are ``part_of`` the parent: the CSTO's bodies, a government's ministries."""
        return [e for e in self._entries if e.part_of == parent_id]

    def ambiguous_names(self) -> dict[str, list[str]]:
        """Normalised names that refer to more than one entry, with the entry ids."""
        out: dict[str, list[str]] = {}
        for index in (self._exact, self._folded):
            for key, entries in index.items():
                if len(entries) > 1:
                    out.setdefault(key, []).extend(e.id for e in entries)
        return out


def _add(index: dict[str, list[RegistryEntry]], key: str, entry: RegistryEntry) -> None:
    bucket = index.setdefault(key, [])
    if entry not in bucket:
        bucket.append(entry)


def _alias_valid(entry: RegistryEntry, key: str, on: str) -> bool:
    periods = [p for p in entry.alias_periods if normalize_name(p.alias).casefold() == key]
    return not periods or any(p.contains(on) for p in periods)


def _historical(entry: RegistryEntry, key: str) -> bool:
    periods = [p for p in entry.alias_periods if normalize_name(p.alias).casefold() == key]
    return bool(periods) and all(p.until for p in periods)


# --- loading --------------------------------------------------------------------------------


def default_paths() -> list[Path]:
    """The shipped data files, then the analyst's own from ``SITREP_REGISTRY_EXTRA``."""
    paths = sorted(DATA_DIR.glob("*.yaml"))
    extra = os.environ.get(EXTRA_ENV, "")
    paths += [Path(p).expanduser() for p in extra.split(os.pathsep) if p.strip()]
    return paths


def load_registry(paths: Sequence[Path | str] | None = None) -> Registry:
    """Load and validate the registry; the default (shipped data + extras) is cached.

    Raises RegistryError naming the file and the entry for anything invalid.
    """
    resolved = tuple(str(p) for p in (default_paths() if paths is None else paths))
    return _load_cached(resolved)


@functools.lru_cache(maxsize=8)
def _load_cached(paths: tuple[str, ...]) -> Registry:
    cache = _cache_file(paths)
    if cache is not None:
        try:
            with cache.open("rb") as f:
                registry = pickle.load(f)
            if isinstance(registry, Registry):
                return registry
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
            pass  # missing or from an older layout: rebuild it
    registry = _build(paths)
    if cache is not None:
        _write_cache(cache, registry)
    return registry


def _cache_file(paths: tuple[str, ...]) -> Path | None:
    """Where the validated registry for exactly these files (by path, size and mtime) is kept.

    Parsing and validating the YAML takes ~0.15 s, unpickling the result ~0.02 s; the registry
    loads at every CLI start. Any change to a data file or to this module changes the name.
    ``SITREP_REGISTRY_CACHE=off`` disables it.
    """
    if os.environ.get(CACHE_ENV, "").lower() in {"0", "off", "no", "false"}:
        return None
    key = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    try:
        for path in (__file__, *paths):
            st = os.stat(path)
            key.update(f"\0{path}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    except OSError:
        return None  # _build reports the missing file
    import platformdirs

    return Path(platformdirs.user_cache_dir("sitrep")) / f"registry-{key.hexdigest()[:20]}.pickle"


def _write_cache(cache: Path, registry: Registry) -> None:
    # Best effort: a read-only home or a full disk only costs the speed-up.
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("registry-*.pickle"):
            old.unlink(missing_ok=True)  # one cache is enough; stale ones only take space
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(registry, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass


def _build(paths: tuple[str, ...]) -> Registry:
    raw: list[tuple[str, int, dict[str, Any]]] = []
    sources: dict[str, str] = {}
    for path in paths:
        version, items = _read_file(Path(path))
        sources[path] = version
        raw.extend((path, i, item) for i, item in enumerate(items))
    # The generated country entries carry exactly the ISO codes; pycountry (slow to load) is
    # needed only when a caller loads files without them.
    valid_codes = (
        frozenset(
            item["country"]
            for path, _, item in raw
            if Path(path).parent == DATA_DIR and isinstance(item, dict) and item.get("kind") == "country"
        )
        or _iso_codes()
    )
    entries: list[RegistryEntry] = []
    where: dict[str, str] = {}
    for path, index, item in raw:
        entry = _parse_entry(path, index, item, valid_codes)
        if entry.id in where:
            raise RegistryError(
                f"{path}: entry {entry.id!r}: duplicate id (first defined in {where[entry.id]})"
            )
        where[entry.id] = path
        entries.append(entry)
    _check_references(entries)
    _check_demonyms(entries)
    shipped = [v for p, v in sources.items() if Path(p).parent == DATA_DIR]
    version = max(shipped) if shipped else "0"
    n_extra = len(sources) - len(shipped)
    if n_extra:
        version += f"+{n_extra}extra"
    return Registry(entries, version, sources)


def _read_file(path: Path) -> tuple[str, list[Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read registry file ({exc.strerror})") from exc
    import yaml  # here, not at the top: a start from the cache never needs it

    # The C loader is several times faster than the pure-Python one.
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise RegistryError(f"{path}: expected a mapping with 'version' and an 'entries' list")
    version = data.get("version")
    if not isinstance(version, str | int | float):
        raise RegistryError(f"{path}: missing top-level 'version'")
    return str(version), data["entries"]


@functools.lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    import pycountry  # imported here: only validation needs it

    return frozenset(c.alpha_2 for c in pycountry.countries)


def _strings(path: str, label: str, item: dict[str, Any], key: str) -> tuple[str, ...]:
    value = item.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RegistryError(f"{path}: entry {label}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _date(path: str, label: str, value: Any, what: str) -> str | None:
    if value is None:
        return None
    text = str(value)  # YAML reads an unquoted 2023-01-01 as a date
    if not _DATE_RE.match(text):
        raise RegistryError(f"{path}: entry {label}: {what} {text!r} is not an ISO date (YYYY[-MM[-DD]])")
    return text


def _parse_entry(path: str, index: int, item: Any, valid_codes: frozenset[str]) -> RegistryEntry:
    label = f"#{index + 1}"
    if not isinstance(item, dict):
        raise RegistryError(f"{path}: entry {label}: expected a mapping")
    entry_id = item.get("id")
    if isinstance(entry_id, str):
        label = repr(entry_id)
    if not isinstance(entry_id, str) or not _ID_RE.match(entry_id):
        raise RegistryError(f"{path}: entry {label}: 'id' must be a lowercase slug like 'csto-secretariat'")
    unknown = set(item) - _ENTRY_FIELDS
    if unknown:
        raise RegistryError(f"{path}: entry {label}: unknown field(s) {', '.join(sorted(unknown))}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{path}: entry {label}: missing 'name'")
    kind = item.get("kind")
    if kind not in ACTOR_KINDS:
        raise RegistryError(
            f"{path}: entry {label}: unknown kind {kind!r} (one of: {', '.join(ACTOR_KINDS)})"
        )
    country = item.get("country")
    if country is not None and (not isinstance(country, str) or country not in valid_codes):
        raise RegistryError(f"{path}: entry {label}: invalid country {country!r} (ISO 3166-1 alpha-2)")
    if kind == "intergovernmental" and country is not None:
        raise RegistryError(f"{path}: entry {label}: intergovernmental bodies have no country")
    aliases = _strings(path, label, item, "aliases")
    exact = _strings(path, label, item, "exact_case")
    names_ru = _strings(path, label, item, "names_ru")
    demonyms = _strings(path, label, item, "demonyms")
    if demonyms and kind != "country":
        raise RegistryError(f"{path}: entry {label}: only countries have demonyms")
    member_of = _strings(path, label, item, "member_of")
    part_of = item.get("part_of")
    if part_of is not None and not isinstance(part_of, str):
        raise RegistryError(f"{path}: entry {label}: 'part_of' must be an entry id")
    roles = []
    for r in item.get("roles") or []:
        if not isinstance(r, dict) or set(r) - _ROLE_FIELDS or not isinstance(r.get("title"), str):
            raise RegistryError(
                f"{path}: entry {label}: a role needs 'title' (and may have affiliation, since, until)"
            )
        roles.append(
            Role(
                title=r["title"],
                affiliation=r.get("affiliation"),
                since=_date(path, label, r.get("since"), "role since"),
                until=_date(path, label, r.get("until"), "role until"),
            )
        )
    periods = []
    for p in item.get("dated_aliases") or []:
        if not isinstance(p, dict) or set(p) - _PERIOD_FIELDS or not isinstance(p.get("alias"), str):
            raise RegistryError(f"{path}: entry {label}: a dated alias needs 'alias' (and since/until)")
        periods.append(
            AliasPeriod(
                alias=p["alias"],
                since=_date(path, label, p.get("since"), "alias since"),
                until=_date(path, label, p.get("until"), "alias until"),
            )
        )
    # Exact-case names are aliases too; dated aliases are aliases that also carry a period.
    all_aliases = list(aliases)
    for extra in (*exact, *(p.alias for p in periods)):
        if extra not in all_aliases and extra != name:
            all_aliases.append(extra)
    case_sensitive = {n for n in (name, *all_aliases, *names_ru) if is_case_sensitive(n)}
    case_sensitive.update(exact)
    note = item.get("note")
    return RegistryEntry(
        id=entry_id,
        name=name,
        kind=kind,
        country=country,
        aliases=tuple(all_aliases),
        names_ru=names_ru,
        demonyms=demonyms,
        member_of=member_of,
        part_of=part_of,
        roles=tuple(roles),
        case_sensitive_aliases=frozenset(case_sensitive),
        alias_periods=tuple(periods),
        valid_from=_date(path, label, item.get("valid_from"), "valid_from"),
        valid_until=_date(path, label, item.get("valid_until"), "valid_until"),
        note=str(note) if note is not None else None,
        source=path,
    )


def _check_references(entries: list[RegistryEntry]) -> None:
    ids = {e.id for e in entries}
    for e in entries:
        refs = [("member_of", m) for m in e.member_of]
        if e.part_of:
            refs.append(("part_of", e.part_of))
        refs += [("role affiliation", r.affiliation) for r in e.roles if r.affiliation]
        for what, ref in refs:
            if ref not in ids:
                raise RegistryError(f"{e.source}: entry {e.id!r}: {what} {ref!r} is not a registry id")
        if e.part_of == e.id or e.id in e.member_of:
            raise RegistryError(f"{e.source}: entry {e.id!r}: refers to itself")


def _check_demonyms(entries: list[RegistryEntry]) -> None:
    # A demonym shared by two countries ("Korean") cannot say which is meant: keep it out.
    seen: dict[str, str] = {}
    for e in entries:
        for word in e.demonyms:
            key = normalize_name(word).casefold()
            if key in seen and seen[key] != e.id:
                raise RegistryError(
                    f"{e.source}: entry {e.id!r}: demonym {word!r} also belongs to {seen[key]!r}"
                )
            seen[key] = e.id
