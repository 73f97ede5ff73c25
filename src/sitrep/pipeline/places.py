"""Where: toponyms in a document, resolved to gazetteer places, and places for events.

Reads: ``doc.ents`` (GPE, LOC, FAC from the NER and the registry's country matches; NORP
demonyms as country context only), the dateline, the text around each name ("Andar district,
Ghazni province"). Writes: ``Place`` records (one per toponym mention) and each event's
``place`` and ``place_precision``.

Resolution is a cascade over each name's gazetteer readings:

1. candidates: the exact name, then the name without a division word ("Ghazni province"), a
   demonym's country, and loose spellings of countries and provinces ("Paktya"); a name that
   stands for an institution ("Broadway", "Downing Street") also reads as the town it sits in;
2. a prior for each reading from what it is (countries and regions over towns of the same
   name, capitals, the primary name over an alternate one) and how many people live there;
3. document context: readings in the countries and provinces the document names without
   ambiguity, in the dateline's country, or near the document's other places score higher; so
   does a place the document names by another of its names ("Wash." for "Washington"), and a
   province in a document that names three or more of its country's provinces;
   this runs twice, so that the first pass's confident answers inform the second; the country
   alone never makes a lesser namesake of a world-famous town ("Venice" in a story that names
   the U.S. is still in Italy), and the home of a sports team ("the Portland Trail Blazers")
   is a city large enough for one;
4. one sense per document: a name repeated in a document keeps one reading, and a bare name
   ("Suffolk") beside the same name with its division word ("Suffolk County") is that division;
5. (given spans only) a name with no reading takes the story's town: its dateline's, else the
   town most of its other places lie around.
"""

from __future__ import annotations

import bisect
import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from sitrep.gazetteer import Gazetteer, GazetteerEntry, bare, fold, load_gazetteer, team_nicknames
from sitrep.model import Event, Place
from sitrep.pipeline.dateline import Dateline, find_dateline

TOPONYM_LABELS = {"GPE", "LOC", "FAC"}

# how a kind of place ranks as the reading of a bare name, before context; an airport ranks as a
# town of ~100,000 people: above the small namesake town ("Heathrow", Florida), below a notable one
_KIND_PRIOR = {
    "continent": 8.0,
    "region": 8.0,
    "country": 10.0,
    "admin1": 4.5,
    "admin2": 0.0,
    "city": 0.0,
    "airport": 5.0,
}
# kinds placed at a point: their positions count as the document's neighbourhood
_POINT_KINDS = ("city", "admin2", "airport")
# how much each kind's population counts (a division's is the sum of its towns', a district's a
# count of towns: both weaker evidence than a town's own figure)
_POPULATION_WEIGHT = {"city": 1.0, "admin1": 0.6, "admin2": 0.5}
_CONTEXT_COUNTRY = 3.0
_CONTEXT_ADMIN1 = 1.0
_CONTEXT_COUNTRY_BASE = 0.5
_NEAR_KM = 400.0
_NEAR_BONUS = 1.5
# an alternate name (a translation, a historical name: "Salisbury" for Harare) is weaker evidence
# for a town than for a country or province, whose alternates are mostly spellings
_ALTERNATE_NAME_PENALTY = {"city": 2.0}
_CAPITAL_BONUS = 3.0
# a document that names this many of a country's provinces as provinces lists them: a name that is
# both a province and a town there is likelier the province
_PEER_PROVINCES = 3
_PEER_PROVINCE_BONUS = 1.5
_NAMED_ELSEWHERE_BONUS = 1.5
# a town's renown (the number of its alternate names) on a log scale: the Venice, Portland or
# Louisville the world writes about has several times the names of its namesakes
_RENOWN_WEIGHT = 0.5
_NOTABLE_TOWN = 15000
# a world-famous town: a city of a million, or one of the ~600 towns (of 235,000) with 50 or more
# alternate names
_WORLD_CITY = 1_000_000
_WORLD_RENOWN = 50
# a town named by a generic word ("Republic", "Grand") is meant only if it is a large one
_GENERIC_TOWN = 100_000
# a town whose other name is the name written is still meant when it is this large ("New York"
# for New York City beside New York State)
_MAJOR_CITY = 500_000
# a compass word standing alone ("Eastern" in "Operations in Eastern, Southern Afghanistan") names a
# part of a place said elsewhere; it is a province of that name (Ghana's Eastern Region) only in a
# document that names that province's country
_COMPASS_WORDS = frozenset(
    f"{a}{b}" for a in ("", "north", "south") for b in ("", "east", "west", "eastern", "western") if a or b
) | {"north", "south", "northern", "southern", "central", "middle"}
# words that name a kind of thing, not a place, when they stand inside a longer name ("Royal
# Street", "Convention Centre", "West Wing", "Federal University"): never the place they spell
_GENERIC_WORDS = frozenset(
    {
        "academy",
        "airport",
        "arena",
        "avenue",
        "bank",
        "bay",
        "beach",
        "bridge",
        "capital",
        "castle",
        "center",
        "central",
        "centre",
        "chapel",
        "church",
        "city",
        "club",
        "college",
        "congress",
        "county",
        "court",
        "district",
        "drive",
        "east",
        "eastern",
        "federal",
        "garden",
        "gardens",
        "grand",
        "great",
        "greater",
        "hall",
        "harbor",
        "harbour",
        "hill",
        "hills",
        "hospital",
        "house",
        "international",
        "island",
        "islands",
        "lake",
        "lane",
        "little",
        "lower",
        "mall",
        "market",
        "metro",
        "middle",
        "mount",
        "mountain",
        "national",
        "new",
        "north",
        "northeast",
        "northern",
        "northwest",
        "office",
        "old",
        "park",
        "place",
        "plaza",
        "point",
        "port",
        "province",
        "region",
        "republic",
        "river",
        "road",
        "royal",
        "school",
        "south",
        "southeast",
        "southern",
        "southwest",
        "square",
        "stadium",
        "state",
        "station",
        "street",
        "summit",
        "tower",
        "town",
        "trust",
        "union",
        "united",
        "university",
        "upper",
        "valley",
        "village",
        "west",
        "western",
    }
)
# last words that make a name a building or a street ("White House", "City Hall", "Royal
# Street"); words that also end many town names (Park, Hill, Bridge, Springs) are not among them
_BUILDING_WORDS = frozenset(
    {
        "academy",
        "airport",
        "arena",
        "avenue",
        "boulevard",
        "castle",
        "cathedral",
        "chapel",
        "church",
        "college",
        "hall",
        "hospital",
        "house",
        "mall",
        "office",
        "palace",
        "road",
        "school",
        "stadium",
        "station",
        "street",
        "tower",
        "university",
    }
)
# last words of a street's name ("Hampton Avenue", "Victoria St.")
_STREET_WORDS = frozenset(
    {"avenue", "ave", "boulevard", "blvd", "drive", "lane", "road", "rd", "street", "st"}
)
# a nation's mission abroad: named for its nation, it sits in another
_FOREIGN_MISSION_WORDS = frozenset({"embassy", "consulate"})
# a body that sits where a nation is governed or its money is made, named for its nation ("Bank of
# Japan", "National Bank of Georgia", "Parliament of Ukraine"); an embassy is not among them (it
# sits abroad), nor a company ("Air Canada")
_NATIONAL_SEAT = re.compile(
    r"^(?:(?:the|central|national|reserve|state|people's)\s+)*"
    r"(?:bank|parliament|government|ministry|senate|cabinet|supreme court|national assembly|presidency)"
    r"\b(?:.*\s)?of\s+(?:the\s+)?(?P<place>[A-Z][\w'’ .-]+)$",
    re.IGNORECASE,
)
# division words after a name that make it the division, not its namesake town
_DIVISION_HINTS = {"province", "oblast", "region", "state", "governorate"}
# a name the text calls an airport or air base ("Kabul airport", "Manas air base", "the airfield
# at Bagram"): the airport of that name, if there is one, not the town
_AIRPORT_AFTER = re.compile(
    r"\s+(?:international\s+)?(?:airport|air\s*base|air\s*field|airstrip|air\s+force\s+base)\b", re.I
)
_AIRPORT_BEFORE = re.compile(
    r"\b(?:airport|air\s*base|air\s*field|airstrip)\s+(?:at|in|of|near|outside)\s+(?:the\s+)?$", re.I
)

_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:['’]s|['’])$")
# "Andar district", "Nad-e Ali District", "Ghazni province": a name the NER may miss, marked as a
# place by the word after it
_DIVISION_PATTERN = re.compile(
    r"(?P<name>(?!(?:The|In|A|An|Of|And|This|That)\b)[A-Z][\w'’]*(?:-[a-z]{1,3})?"
    r"(?:[ \-][A-Z][\w'’]*(?:-[a-z]{1,3})?){0,2})"
    r"\s+(?i:district|province|village|oblast|raion)\b"
)


@dataclass
class Candidate:
    entry: GazetteerEntry
    primary: bool
    prior: float
    via: str = "name"  # name | bare | demonym | loose | division


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    candidates: list[Candidate] = field(default_factory=list)
    demonym: bool = False
    parent: str | None = None  # the province a district is said to lie in
    kind_hint: str | None = None  # district | province | ... from the words around it
    choice: Candidate | None = None


# how far from a town the document's other places count as around it, when choosing its main town
_FOCUS_KM = 161.0
# how many of the document's places must lie around its main town for the story to be set there,
# and how small a town far from all of them is taken for a street or building of that town
_FOCUS_SUPPORT = 3
_STRAY_TOWN = 100_000
# how far a same-named city may lie from a province's centroid and still be "its" city
_CITY_IN_PROVINCE_KM = 150.0


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return 2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def clean_toponym(text: str) -> str:
    text = " ".join(text.split())
    text = _LEADING.sub("", text)
    return _TRAILING.sub("", text).strip(' ,;:"“”()')


# a dateline: the story's town in capitals at the head of the text, then a dash, a comma or the
# agency in parentheses ("CAIRO - ", "HOUSTON (AP) - ", "RALEIGH, N.C. -")
_HEAD_TOWN = re.compile(r"\s*(?:,|\(|[-–—])")


def _divisions_named(toponyms: Sequence[Toponym]) -> dict[str, Candidate]:
    """Divisions the document names with their division word ("Suffolk County", "Ghazni
    province"), by their bare name: the same name written bare in the same document means that
    division ("Suffolk" beside "Suffolk County" is not the town of Suffolk, Virginia)."""
    out: dict[str, Candidate] = {}
    for t in toponyms:
        c = t.choice
        if c is None or c.entry.kind not in ("admin1", "admin2"):
            continue
        written = fold(clean_toponym(t.text))
        plain = bare(written)
        if plain and plain != written:
            out.setdefault(plain, c)
    return out


# a town with a professional sports team is a city of this size at least
_TEAM_TOWN = 100_000


@lru_cache(maxsize=1)
def _team_pattern() -> re.Pattern[str]:
    nicknames = sorted(team_nicknames(), key=len, reverse=True)
    teams = "|".join(map(re.escape, nicknames))
    return re.compile(r"(?P<home>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}) (?:" + teams + r")\b")


def _team_homes(text: str) -> set[str]:
    """Names written before a sports team's nickname ("the Portland Trail Blazers", "Golden
    State Warriors"), folded, with every tail of them ("Portland" of "The Portland")."""
    homes: set[str] = set()
    for m in _team_pattern().finditer(text):
        words = fold(m.group("home")).split()
        homes.update(" ".join(words[i:]) for i in range(len(words)))
    return homes


def _sole_notable_town(t: Toponym, c: Candidate) -> bool:
    """A town of 15,000+ that is the only town bearing the name as its own ("Saipan", "Great
    Yarmouth", "Kasserine"), or a world-famous one among its namesakes (Charleston, with 50+
    names in other languages): no street or shop is more likely meant than the town itself."""
    namesakes = {x.entry.index for x in t.candidates if x.entry.kind == "city" and x.primary}
    famous = c.entry.renown >= _WORLD_RENOWN
    return (
        c.via == "name"
        and c.primary
        and c.entry.population >= _NOTABLE_TOWN
        and (len(namesakes) == 1 or famous)
    )


def _head_town(text: str, toponyms: Sequence[Toponym]) -> Candidate | None:
    """The town of a dateline that heads the text, if it is one of the toponyms."""
    lead = len(text) - len(text.lstrip())
    for t in toponyms:
        if t.start == lead and t.text.isupper() and _HEAD_TOWN.match(text, t.end) and t.choice is not None:
            return t.choice if t.choice.entry.kind in ("city", "admin2") else None
    return None


# what joins a building or an institution to the town it stands in: "the Palais des Nations in
# Geneva", "Washington University in St. Louis", "Crossroads Correctional Center, Shelby"
_SITE_JOIN = re.compile(r"\s*,?(?:\s(?:in|at|near|outside)(?:\s+the)?)?\s+$", re.IGNORECASE)
# what the site may stand in: a place with a point or an outline, not a demonym or a region
_SITE_HOSTS = (*_POINT_KINDS, "admin1", "country")


def _ends_in_building_word(name: str) -> bool:
    """ "White House", "Royal Street", "Zorba Hospital": a name whose last word is a kind of
    building or street."""
    return fold(name).rsplit(" ", 1)[-1] in _BUILDING_WORDS


def _is_site(t: Toponym, named: bool) -> bool:
    """A building, an institution or an event the gazetteer does not hold as a place: a name
    that ends in a kind of building, or one read through a place it contains ("Washington
    University"); with ``named`` false also a name not read at all."""
    if t.demonym or (t.choice is not None and t.choice.entry.kind == "airport"):
        return False
    if _ends_in_building_word(clean_toponym(t.text)):
        return True
    if t.choice is None:
        return not named
    return t.choice.via in ("part", "site")


def _sites_and_hosts(text: str, toponyms: Sequence[Toponym]) -> list[tuple[Toponym, Toponym]]:
    """Each site the text places in a town ("the Bambino Gesu hospital in Rome"), with that
    town's toponym, from the last back, so that a chain ("the chapel at Windsor Castle in
    Windsor") ends at its town. A bare comma joins only a name that says it is a building to a
    town read by its own name ("Crossroads Correctional Center, Shelby"): after an unknown name a
    comma more often ends a phrase ("Beyond Madinaty, Liverpool have ...")."""
    ordered = sorted(toponyms, key=lambda t: t.start)
    pairs: list[tuple[Toponym, Toponym]] = []
    for site, host in reversed(list(zip(ordered, ordered[1:], strict=False))):
        if host.choice is None or host.demonym or host.choice.entry.kind not in _SITE_HOSTS:
            continue
        if host.start <= site.end or host.start - site.end > 12:
            continue
        join = _SITE_JOIN.fullmatch(text, site.end, host.start)
        if join is None or not join.group(0).strip():
            continue
        bare_comma = join.group(0).strip() == ","
        if bare_comma and (host.choice.via != "name" or not _is_site(site, named=True)):
            continue
        if not _is_site(site, named=False):
            continue
        site.choice = replace(host.choice, via="site")
        pairs.append((site, host))
    return pairs


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()

    # -- candidates ---------------------------------------------------------------------------

    def candidates(self, text: str) -> tuple[list[Candidate], bool]:
        """Readings of a name, and whether it is a demonym (or a region's adjective)."""
        readings, demonym = self._readings(text)
        town = self.gazetteer.metonym(clean_toponym(text))
        if town is not None:
            # "Broadway", "Downing Street": the town whose institution the name stands for, before
            # a small town spelt alike; context may still choose a namesake ("Hollywood, Fla.")
            readings = [Candidate(town, True, self.prior(town, True), "metonym"), *readings]
        return readings, demonym

    def _readings(self, text: str) -> tuple[list[Candidate], bool]:
        name = clean_toponym(text)
        if not name:
            return [], False
        g = self.gazetteer
        hits = g.lookup(name) or g.lookup(name.rstrip("."))
        if not hits and bare(name) and bare(name) != fold(name):
            hits = g.lookup(bare(name))
        if not hits and fold(name).startswith(("st ", "st. ")):
            hits = g.lookup("saint " + name.split(" ", 1)[1])
        if not hits and "," in name:
            # "Washington, D.C.", "Almaty, Kazakhstan": the first part, inside the second
            head, _, tail = name.partition(",")
            within = {c.entry.country for c in self.candidates(tail)[0]} | {
                c.entry.admin1 for c in self.candidates(tail)[0] if c.entry.kind == "admin1"
            }
            hits = [(e, p) for e, p in g.lookup(head) if e.country in within or e.admin1 in within]
        # a demonym wins over towns and counties of the same name ("Canadian", "German") but not
        # over a country, region or province that bears it as its own name
        adjective = g.region_adjective(name)
        code = g.demonym(name)
        country = g.country(code) if code else None
        named = any(p and e.kind in ("country", "region", "continent", "admin1") for e, p in hits)
        if (adjective or country) and not named:
            entry = adjective or country
            assert entry is not None
            return [Candidate(entry, True, self.prior(entry, True), "demonym")], True
        if not hits:
            division = g.division_code(name)
            hits = [(division, False)] if division is not None else []
        if hits and fold(name) in _GENERIC_WORDS:
            # "Republic", "State", "Grand": a word that names a kind of thing means a small town
            # of that name only in that town's own news, and never a county that bears it before
            # "County" ("Grand County"); larger places keep their reading
            hits = [
                (e, p)
                for e, p in hits
                if e.kind not in ("city", "admin2", "airport")
                or (e.kind == "city" and e.population >= _GENERIC_TOWN)
            ]
        if hits and _ends_in_building_word(name):
            # "White House", "City Hall", "Trump Tower": a name ending in a kind of building or
            # street is that building or street, not a small town that happens to bear it nor a
            # town of which it is a translation (Casablanca, "white house")
            hits = [
                (e, p)
                for e, p in hits
                if e.kind not in ("city", "admin2") or (p and e.population >= _GENERIC_TOWN)
            ]
            if not hits:
                return self._part_candidates(name), False
        if hits and _is_acronym(name):
            # "EU", "CHU", "BC": letters in capitals are an abbreviation, not the town "Eu" nor a
            # town that has it among its many other names ("Chu" for Chengyang); a major city's
            # short name is ("LA", "NYC")
            hits = [
                (e, p)
                for e, p in hits
                if e.kind not in ("city", "admin2")
                or (fold(e.name) != fold(name) and (p or e.population >= _MAJOR_CITY))
            ]
        if hits:
            return [Candidate(e, p, self.prior(e, p)) for e, p in hits], False
        loose = [
            e
            for e in (g.lookup_loose(name) if len(name) >= 4 else [])
            if fold(e.name)[:1] == fold(name)[:1]
            and difflib.SequenceMatcher(None, bare(e.name), bare(name)).ratio() >= 0.75
        ]
        if loose:
            return [Candidate(e, False, self.prior(e, False) - 1.0, "loose") for e in loose], False
        return self._part_candidates(name), False

    def _part_candidates(self, name: str) -> list[Candidate]:
        """ "Kabul International Airport", "University of California": the place a longer name
        contains, if it is a notable one (a small town called "Center" is not meant); a seat of
        a nation's government or money ("Bank of Japan", "Parliament of Georgia") is at its
        capital. A street is not in the town it is named for ("Hampton Avenue" in St. Louis), nor
        an embassy in its nation ("Embassy of Armenia" in Rome): both are in the story's town."""
        folded = fold(name).replace(".", "").split()
        if folded[-1] in _STREET_WORDS:
            return []
        mission = bool(_FOREIGN_MISSION_WORDS.intersection(folded))
        seat = _NATIONAL_SEAT.match(name)
        if seat is not None and not mission:
            # the nation by its own name: "Bank of America" is a company, not the US treasury
            nations = [
                c
                for c in self.candidates(seat.group("place"))[0]
                if c.primary and c.entry.kind in ("country", "admin1") and c.entry.country
            ]
            nation = max(nations, key=lambda c: c.prior, default=None)
            code = nation.entry.country if nation is not None else None
            capital = self.gazetteer.capital(code) if code else None
            if capital is not None:
                return [Candidate(capital, True, self.prior(capital, True) - 1.0, "part")]
        words = name.split()
        for n in range(len(words) - 1, 0, -1):
            for i in range(len(words) - n + 1):
                part = " ".join(words[i : i + n])
                if not part[:1].isupper() or all(w in _GENERIC_WORDS for w in fold(part).split()):
                    # "Central District" in "Seoul Central District Court": generic words alone
                    continue
                if len(part) < 4:
                    # "US Federal Reserve", "UK Parliament": a country's letters in capitals
                    hits = [
                        Candidate(e, p, self.prior(e, p) - 1.0, "part")
                        for e, p in self.gazetteer.lookup(part)
                        if _is_acronym(part) and e.kind == "country" and not mission
                    ]
                else:
                    hits = [
                        Candidate(e, p, self.prior(e, p) - 1.0, "part")
                        for e, p in self.gazetteer.lookup(part)
                        if (e.kind in ("country", "admin1", "region", "continent") and not mission)
                        or (e.kind == "city" and p and e.population >= _NOTABLE_TOWN)
                    ]
                    # "European Central Bank", "African Union": a body named for a region
                    region = self.gazetteer.region_adjective(part) if not hits else None
                    if region is not None:
                        hits = [Candidate(region, True, self.prior(region, True) - 1.0, "part")]
                if hits:
                    return hits
        return []

    @staticmethod
    def prior(entry: GazetteerEntry, primary: bool) -> float:
        score = _KIND_PRIOR.get(entry.kind, 0.0)
        weight = _POPULATION_WEIGHT.get(entry.kind)
        if weight:
            score += math.log10(max(entry.population, 1)) * weight
        if entry.renown:
            score += math.log10(1 + entry.renown) * _RENOWN_WEIGHT
        if entry.capital and primary:
            score += _CAPITAL_BONUS
        if not primary:
            score -= _ALTERNATE_NAME_PENALTY.get(entry.kind, 1.0)
        return score

    # -- resolution ---------------------------------------------------------------------------

    def resolve(
        self, text: str, toponyms: list[Toponym], dateline_country: str | None = None, use_focus: bool = False
    ) -> None:
        """Choose a reading for every toponym, in place, using the whole document as context."""
        homes = _team_homes(text)
        for t in toponyms:
            if not t.candidates:
                t.candidates, t.demonym = self.candidates(t.text)
            if t.parent:
                self._within_parent(t)
            if t.kind_hint == "airport":
                airports = self.gazetteer.airports(clean_toponym(t.text))
                if airports:
                    t.candidates = [Candidate(a, True, self.prior(a, True), "airport") for a in airports]
            if homes and fold(clean_toponym(t.text)) in homes:
                # the home of "the Portland Trail Blazers" is Portland, Oregon, not a small
                # Portland in Texas: a city large enough for a team, or a state ("Texas Rangers")
                hosts = [
                    c
                    for c in t.candidates
                    if c.entry.kind in ("country", "admin1", "region")
                    or (c.entry.kind == "city" and c.entry.population >= _TEAM_TOWN)
                ]
                t.candidates = hosts or t.candidates
        self._read_initials(text, toponyms)
        # pass 1: priors alone; pass 2: the context the confident answers give
        for t in toponyms:
            t.choice = max(t.candidates, key=lambda c: c.prior, default=None)
        for _ in range(2):
            by_name: dict[str, Candidate] = {}
            contexts: dict[str, _Context] = {}
            divisions = _divisions_named(toponyms)
            for t in toponyms:
                if not t.candidates:
                    continue
                key = fold(clean_toponym(t.text))
                if key in by_name and any(c is by_name[key] for c in t.candidates):
                    t.choice = by_name[key]
                    continue
                division = divisions.get(key)
                if division is not None:
                    same = [c for c in t.candidates if c.entry.index == division.entry.index]
                    if same:
                        # Kandahar beside "Kandahar province" is still the city inside it
                        t.choice = by_name[key] = self._finest(t, same[0])
                        continue
                context = contexts.get(key) or self._context(toponyms, dateline_country, without=key)
                contexts[key] = context
                scores = [self._score(c, t, context) for c in t.candidates]
                best = self._famous_over_namesake(t, t.candidates[scores.index(max(scores))], context)
                t.choice = self._finest(t, best)
                stranger = not context.countries.get(t.choice.entry.country or "")
                if stranger and key in _COMPASS_WORDS:
                    t.choice = None
                    continue
                if stranger and t.kind_hint == "district" and t.choice.via != "division":
                    # "In Zhari district" in a Kandahar story is no town in Poland (Żary): a
                    # district the text names as such lies in a country the document speaks of
                    t.choice = None
                    continue
                if t.choice.via == "loose" and stranger:
                    # a spelling variant ("Paktya") is taken only in a country the document names:
                    # "Fire Island" is not Friesland, "Almonaster" not Al Munastir
                    t.choice = None
                    continue
                by_name[key] = t.choice
        self._districts_in_the_named_province(toponyms)
        sites = _sites_and_hosts(text, toponyms)
        if use_focus:
            self._fall_back_to_focus(text, toponyms)
        for site, host in reversed(sites):
            # a site follows its town's final reading, the main town's too
            if host.choice is not None:
                site.choice = replace(host.choice, via="site")

    def _read_initials(self, text: str, toponyms: Sequence[Toponym]) -> None:
        """ "SA" in a story that speaks of South Africa or South Africans is South Africa, not
        South Australia (whose postal code it is): an abbreviation in capitals may stand for a
        country of two or more words that the text names in full or by its demonym."""
        folded: str | None = None
        for t in toponyms:
            letters = clean_toponym(t.text).replace(".", "")
            if not _is_acronym(letters):
                continue
            known = {c.entry.index for c in t.candidates}
            for entry, names in self.gazetteer.countries_by_initials(letters):
                if entry.index in known:
                    continue
                folded = folded if folded is not None else fold(text)
                if any(re.search(rf"\b{re.escape(n)}s?\b", folded) for n in names):
                    reading = Candidate(entry, True, self.prior(entry, True), "initials")
                    t.candidates = [*t.candidates, reading]

    @staticmethod
    def _finest(t: Toponym, choice: Candidate) -> Candidate:
        """Kandahar the province or Kandahar the city: when one reading lies inside the other,
        the finer one is right either way, unless the text says "province"."""
        if choice.entry.kind != "admin1" or t.kind_hint in _DIVISION_HINTS:
            return choice
        province = choice.entry
        written = fold(clean_toponym(t.text))
        for c in t.candidates:
            e = c.entry
            # a city that is its own first-level division ("Almaty" beside "Almaty oblysy",
            # Bishkek, Tashkent) shares no admin1 with the province: nearness stands in for it
            inside = e.admin1 == province.admin1 or (
                None not in (e.lat, e.lon, province.lat, province.lon)
                and km(e.lat, e.lon, province.lat, province.lon) <= _CITY_IN_PROVINCE_KM  # type: ignore[arg-type]
            )
            major = e.population >= _MAJOR_CITY and e.admin1 == province.admin1
            if (
                e.kind == "city"
                and (c.primary or major)
                and e.country == province.country
                and inside
                and (major or fold(e.name) in (fold(province.name), written))
            ):
                return c
        return choice

    @staticmethod
    def _fall_back_to_focus(text: str, toponyms: list[Toponym]) -> None:
        """A street or building the gazetteer lacks is most likely in the document's main town:
        the town of the dateline ("CAIRO - ..." heading a story about a Cairo suburb that also
        names Liverpool six times), else the town named by the document with the most of its
        other places near it (a stray misreading far from the rest, "Republic, Missouri" in a
        story from Derry, has none).

        A small town read from a name that lies far from every other place of a story set in
        one town is taken for a street or building of that town too ("Bourbon" and "Lafayette"
        in a New Orleans story are streets, not small towns in Missouri and California), unless
        it is the one notable town of its name ("Saipan", "Great Yarmouth") or a world-famous one
        ("Charleston")."""
        towns: dict[int, Candidate] = {}
        points: list[tuple[float, float, str]] = []
        for t in toponyms:
            c = t.choice
            if c is None or c.entry.lat is None or c.entry.lon is None:
                continue
            key = fold(clean_toponym(t.text))
            if c.entry.kind in (*_POINT_KINDS, "admin1") and c.via != "site":
                # a site only echoes the town it stands in
                points.append((c.entry.lat, c.entry.lon, key))
            if c.entry.kind in ("city", "admin2") and c.via == "name":
                towns.setdefault(c.entry.index, c)
        if not towns:
            # a story that names no town: what it lacks lies in the province, else the country,
            # it names most ("Pointe Sable" in a story that names only Saint Lucia)
            areas = Counter(
                t.choice.entry.index
                for t in toponyms
                if t.choice is not None
                and not t.demonym
                and t.choice.via == "name"
                and t.choice.entry.kind in ("admin1", "country")
            )
            if not areas:
                return
            by_index = {t.choice.entry.index: t.choice for t in toponyms if t.choice is not None}
            area = max(
                areas,
                key=lambda i: (by_index[i].entry.kind == "admin1", areas[i], -i),
            )
            chosen = by_index[area]
            for t in toponyms:
                if t.choice is None and not t.demonym:
                    t.choice = replace(chosen, via="focus")
            return

        def near(c: Candidate, without: str | None = None) -> int:
            lat, lon = c.entry.lat or 0.0, c.entry.lon or 0.0
            return sum(1 for p in points if p[2] != without and km(lat, lon, p[0], p[1]) <= _FOCUS_KM)

        focus = max(towns.values(), key=lambda c: (near(c), c.entry.population))
        head = _head_town(text, toponyms)
        if head is not None and head.entry.index in towns:
            focus = head
        settled = near(focus) >= _FOCUS_SUPPORT
        for t in toponyms:
            c = t.choice
            if c is None:
                if not t.demonym:
                    t.choice = replace(focus, via="focus")
                continue
            stray = (
                settled
                and c.entry.kind == "city"
                and c.via in ("name", "part")
                and c.entry.population < _STRAY_TOWN
                and c.entry.index != focus.entry.index
                and near(c, without=fold(clean_toponym(t.text))) == 0
                and not _sole_notable_town(t, c)
            )
            # "Virginia Gateway" (a mall), "Colorado State University" in a story set in a town of
            # that state: the town, not the state's centre hundreds of kilometres away
            inside = (
                c.via == "part"
                and c.entry.kind == "admin1"
                and focus.entry.country == c.entry.country
                and focus.entry.admin1 is not None
                and fold(focus.entry.admin1) == fold(c.entry.name)
            )
            if stray or inside:
                t.choice = replace(focus, via="focus")

    def _districts_in_the_named_province(self, toponyms: Sequence[Toponym]) -> None:
        """ "In Zhari district" with no province beside it and no reading in the data: in a story
        that names one province, the district lies in it (at its centre, as for "X district, Y
        province" when the district is missing); in a story naming several, it stays unread."""
        provinces = {
            t.choice.entry.index: t.choice.entry
            for t in toponyms
            if t.choice is not None and t.choice.entry.kind == "admin1" and t.choice.via in ("name", "bare")
        }
        if len(provinces) != 1:
            return
        (province,) = provinces.values()
        for t in toponyms:
            if t.choice is None and t.kind_hint == "district" and not t.parent:
                t.choice = Candidate(province, True, self.prior(province, True), "division")

    def _within_parent(self, t: Toponym) -> None:
        """ "Andar district, Ghazni province": readings inside the named province, else the province."""
        assert t.parent is not None
        inside = [c for c in t.candidates if c.entry.admin1 and fold(c.entry.admin1) == fold(t.parent)]
        parents = [
            c.entry
            for c in self.candidates(t.parent)[0]
            if c.entry.kind == "admin1" or (c.entry.kind == "country" and t.kind_hint != "district")
        ]
        if inside:
            t.candidates = inside
        elif parents:
            # the district itself is not in the data: the province stands in for it
            t.candidates = [Candidate(p, True, self.prior(p, True), "division") for p in parents]

    def _context(
        self, toponyms: list[Toponym], dateline_country: str | None, without: str | None = None
    ) -> _Context:
        """What the document's other names say: their countries, provinces and positions.

        ``without`` leaves out the toponyms of one name, so that a name never vouches for its
        own reading ("Georgia" the country must not count Georgia for itself).
        """
        countries: Counter[str] = Counter()
        admin1s: Counter[str] = Counter()
        points: list[tuple[float, float]] = []
        provinces: set[tuple[str, int]] = set()
        for t in toponyms:
            c = t.choice
            if c is None or (without is not None and fold(clean_toponym(t.text)) == without):
                continue
            echo = c.via == "part" and without is not None and fold(c.entry.name) == without
            if c.via == "focus" or echo:
                # an inferred place only echoes the others; "Riverdale Lukoil" read as a Riverdale
                # must not vouch for which Riverdale "Riverdale" is
                continue
            margin = self._margin(t)
            if margin < 1.0 and len(t.candidates) > 1:
                continue  # an ambiguous name must not vouch for its own reading
            e = c.entry
            if e.country:
                countries[e.country] += 1
            if e.admin1 and e.kind in (*_POINT_KINDS, "admin1"):
                admin1s[f"{e.country}/{fold(e.admin1)}"] += 1
            if e.kind in (*_POINT_KINDS, "admin1") and e.lat is not None and e.lon is not None:
                points.append((e.lat, e.lon))
            if e.kind == "admin1" and e.country:
                provinces.add((e.country, e.index))
        if dateline_country:
            countries[dateline_country] += 2
        named = {
            t.choice.entry.index
            for t in toponyms
            if t.choice is not None and t.choice.via == "name" and fold(clean_toponym(t.text)) != without
        }
        return _Context(countries, admin1s, points, Counter(country for country, _ in provinces), named)

    @staticmethod
    def _margin(t: Toponym) -> float:
        scores = sorted((c.prior for c in t.candidates), reverse=True)
        return scores[0] - scores[1] if len(scores) > 1 else 99.0

    @staticmethod
    def _score(c: Candidate, t: Toponym, context: _Context) -> float:
        e = c.entry
        score = c.prior + PlaceResolver._specific_support(c, context)
        if e.country and context.countries.get(e.country):
            share = context.countries[e.country] / max(1, sum(context.countries.values()))
            score += _CONTEXT_COUNTRY * (_CONTEXT_COUNTRY_BASE + share)
        return score

    @staticmethod
    def _specific_support(c: Candidate, context: _Context) -> float:
        """What the document says for this very reading, beyond naming its country: its
        province, its own other names, its peers, its neighbours."""
        e = c.entry
        score = 0.0
        if e.admin1 and context.admin1s.get(f"{e.country}/{fold(e.admin1)}"):
            # a town in a province the document names, or a province whose towns it names
            score += _CONTEXT_ADMIN1
        if c.primary and e.index in context.named:
            # "Wash." or "Washington state" elsewhere in the document: "Washington" is the same
            # place, if that is its own name ("Mexico" is no short name of Mexico City)
            score += _NAMED_ELSEWHERE_BONUS
        if e.kind == "admin1" and context.provinces.get(e.country or "", 0) >= _PEER_PROVINCES:
            # "Florida, Louisiana, Nevada ... Washington": among the provinces a document lists,
            # a name that is also a town is one more province
            score += _PEER_PROVINCE_BONUS
        if e.lat is not None and e.lon is not None and e.kind in _POINT_KINDS:
            near = sum(1 for p in context.points if km(e.lat, e.lon, p[0], p[1]) <= _NEAR_KM)
            if near:
                score += _NEAR_BONUS * min(1.0, near / 2)
        return score

    @staticmethod
    def _famous_over_namesake(t: Toponym, choice: Candidate, context: _Context) -> Candidate:
        """A world-famous town (a capital, a city of a million, or one of the few hundred towns
        with 50+ names in other languages: Venice, Charleston) is meant over a lesser namesake
        that only the country of the document's other places speaks for ("the Venice
        Commission" in a story that names the U.S.); its province, its neighbours or its other
        names named in the document do point to the namesake ("Venice, Florida")."""
        if choice.entry.kind != "city" or PlaceResolver._specific_support(choice, context) > 0:
            return choice
        famous = max(t.candidates, key=lambda c: c.prior)
        e = famous.entry
        if (
            famous is choice
            or e.kind != "city"
            or not famous.primary
            or not (e.capital or e.population >= _WORLD_CITY or e.renown >= _WORLD_RENOWN)
            or e.renown < 2 * choice.entry.renown
        ):
            return choice
        return famous

    # -- the public form --------------------------------------------------------------------

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Toponym]:
        """Given spans resolved in their text; a name the gazetteer lacks (a street, a building)
        takes the document's main town, marked as inferred."""
        toponyms = [Toponym(s, e, text[s:e]) for s, e in spans]
        _attach_division_words(text, toponyms)
        _attach_airport_words(text, toponyms)
        dateline = _dateline_country(self, text)
        self.resolve(text, toponyms, dateline, use_focus=True)
        return toponyms


@dataclass
class _Context:
    countries: Counter[str]
    admin1s: Counter[str]
    points: list[tuple[float, float]]
    # how many distinct provinces (as provinces, not through their towns) of each country
    provinces: Counter[str] = field(default_factory=Counter)
    # the places the document's other names were read as
    named: set[int] = field(default_factory=set)


def _attach_division_words(text: str, toponyms: Iterable[Toponym]) -> None:
    """Read "X district, Y province" around each toponym: its kind and parent province."""
    for t in toponyms:
        after = text[t.end : t.end + 80]
        m = re.match(
            r"\s+(district|province|city|village|oblast|region|state)\b(?:\s*(?:,|of|in)\s+(?:the\s+)?"
            r"((?:[A-Z][\w'’\-]+)(?:[ \-][A-Z][\w'’\-]+){0,2})(?:\s+(?:province|oblast|region))?)?",
            after,
        )
        if m is None:
            continue
        t.kind_hint = m.group(1)
        if m.group(2) and m.group(1) in ("district", "village", "city"):
            t.parent = m.group(2)


def _attach_airport_words(text: str, toponyms: Iterable[Toponym]) -> None:
    """Mark a name the text calls an airport ("Kabul airport", "the air base at Manas")."""
    for t in toponyms:
        if t.kind_hint is None and (
            _AIRPORT_AFTER.match(text, t.end) or _AIRPORT_BEFORE.search(text, max(0, t.start - 40), t.start)
        ):
            t.kind_hint = "airport"


def _dateline_country(resolver: PlaceResolver, text: str, dateline: Dateline | None = None) -> str | None:
    dateline = dateline or find_dateline(text)
    if dateline is None or not dateline.place:
        return None
    parts = [p.strip() for p in dateline.place.split(",") if p.strip()]
    for part in reversed(parts):
        cands, _ = resolver.candidates(part)
        if cands:
            best = max(cands, key=lambda c: c.prior)
            return best.entry.country
    return None


# the id of a district the data lacks, placed at its province: "<province id>/district:<name>"
_DISTRICT_STAND_IN = "/district:"


def to_place(t: Toponym) -> Place | None:
    if t.choice is None:
        return None
    e = t.choice.entry
    kind = "country" if e.kind == "country" else e.kind
    name = e.name
    place_id = e.id
    if t.choice.via == "division" and t.kind_hint == "district":
        # a district the data lacks, placed at its province's centre
        kind, name = "district", clean_toponym(t.text)
        place_id = f"{e.id}{_DISTRICT_STAND_IN}{fold(name).replace(' ', '-')}"
    return Place(
        id=place_id,
        name=name,
        kind=kind,
        country=e.country,
        admin1=e.admin1 if e.kind != "country" else None,
        lat=e.lat,
        lon=e.lon,
        start=t.start,
        end=t.end,
    )


@lru_cache(maxsize=1)
def default_resolver() -> PlaceResolver:
    return PlaceResolver()


def resolve_toponyms(text: str, spans: Sequence[tuple[int, int]]) -> list[dict[str, Any] | None]:
    """One place (``name, kind, country, admin1, lat, lon, id, start, end, inferred``) or None
    per span; ``inferred`` is true for a name the gazetteer lacks, placed at the town the text
    says it stands in ("the Palais des Nations in Geneva"), else at the document's main town.

    Resolution alone, as the geoparsing literature measures it: the spans are given, the rest
    of the text is context.
    """
    from dataclasses import asdict

    out: list[dict[str, Any] | None] = []
    for t in default_resolver().resolve_spans(text, spans):
        place = to_place(t)
        if place is None:
            out.append(None)
            continue
        d = asdict(place)
        d["inferred"] = t.choice is not None and t.choice.via in ("focus", "site")
        out.append(d)
    return out


# -- the pipeline stage --------------------------------------------------------------------------

# words before a name that make it where something happened ("killed in Andar")
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|around|into|over|to|from)\s+(?:the\s+)?$", re.I
)
_PRECISION = {
    "city": "exact",
    "airport": "exact",
    "admin2": "exact",
    "district": "exact",
    "admin1": "admin1",
    "country": "country",
    "region": "country",
    "continent": "country",
}
_OTHER_LABELS = {"PERSON", "ORG"}
# words before a name that make it a place whatever else it names ("in Riverdale")
_IN_A_PLACE = re.compile(r"\b(?:in|at|near|outside)\s+$")
_SEAT = re.compile(r"\b(?:in|of)\s+([A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?)$")


class PlaceLinker:
    """Toponyms of a processed Doc resolved to places; events placed by them."""

    def __init__(self, resolver: PlaceResolver | None = None) -> None:
        self._resolver = resolver

    @property
    def resolver(self) -> PlaceResolver:
        # the gazetteer loads on the first document, not when the pipeline is built
        if self._resolver is None:
            self._resolver = default_resolver()
        return self._resolver

    def toponyms(
        self,
        doc: Any,
        mentioned: Iterable[tuple[int, int]] = (),
        text: str | None = None,
        dateline: Dateline | None = None,
        persons: Iterable[tuple[int, int]] = (),
    ) -> list[Toponym]:
        """Names of places in the Doc: NER places, registry countries, demonyms (as context),
        "X district" patterns, the dateline, and names the small model mislabelled as persons
        or organisations that the gazetteer knows as provinces or notable towns. A span the
        actors stage holds for a person is no place, whatever the NER says ("Saheb fell off his
        motorcycle", after "Sabayar Saheb", is not the village of Saheb)."""
        # doc.text joins the tokens anew on every access: take the document's text when given
        text = text if text is not None else doc.text
        actor_spans = set(mentioned)
        person_spans = set(persons)
        # "Barry", "Li" alone after "Barry Smith", "Li Wei" (persons to the actors stage): the
        # person again, not a town
        person_words = {fold(w) for s, e in person_spans for w in text[s:e].split()}
        found: dict[tuple[int, int], Toponym] = {}
        bodies: list[Any] = []
        # "Nad-e Ali district": the pattern knows the name's extent better than a NER that saw
        # a person "Ali"; an entity that contains the pattern ("Ghazni province") is kept instead
        patterns = [
            (m.start("name"), m.end("name"), m.group("name")) for m in _DIVISION_PATTERN.finditer(text)
        ]
        for ent in doc.ents:
            span = (ent.start_char, ent.end_char)
            inner = [p for p in patterns if span[0] < p[1] and p[0] < span[1]]
            if inner and not all(span[0] <= p[0] and p[1] <= span[1] for p in inner):
                continue
            patterns = [p for p in patterns if p not in inner]
            if ent.label_ in TOPONYM_LABELS:
                if span not in person_spans:
                    found[span] = Toponym(*span, ent.text)
            elif ent.label_ == "NORP":
                t = Toponym(*span, ent.text)
                t.candidates, t.demonym = self.resolver.candidates(ent.text)
                if t.demonym:
                    found[span] = t
            elif (
                ent.label_ in _OTHER_LABELS
                and span not in actor_spans
                and ent.text[:1].isupper()
                and self._notable(ent.text)
                and not (
                    ent.label_ == "PERSON"
                    and fold(ent.text) in person_words
                    and not _IN_A_PLACE.search(text, max(0, ent.start_char - 12), ent.start_char)
                )
            ):
                found[span] = Toponym(*span, ent.text)
            if ent.label_ in ("ORG", "FAC"):
                # "U.N. Regional Center in Almaty": a body named for where it sits names that place
                m = _SEAT.search(ent.text)
                if m is not None and self._notable(m.group(1)):
                    start = ent.start_char + m.start(1)
                    found[(start, start + len(m.group(1)))] = Toponym(
                        start, start + len(m.group(1)), m.group(1)
                    )
            if ent.label_ in ("ORG", "FAC", "EVENT"):
                bodies.append(ent)
        # "Pakistan Army", "Beverly Hills Police Department", "the Muscat International Film
        # Festival": a body or an event named after its home names that place
        named = {fold(clean_toponym(t.text)) for t in found.values()}
        for ent in bodies:
            lead = _LEADING.match(ent.text)
            skip = lead.end() if lead else 0
            home = self._home_of(ent.text[skip:], named)
            if home:
                span = (ent.start_char + skip, ent.start_char + skip + len(home))
                found.setdefault(span, Toponym(*span, home))
        for start, end, name in patterns:
            if not any(s < end and start < e for s, e in found):
                found[(start, end)] = Toponym(start, end, name)
        dateline = dateline or find_dateline(text)
        if dateline is not None and dateline.place:
            offset = dateline.start
            for part in dateline.place.split(","):
                start = text.find(part.strip(), offset)
                if start < 0:
                    continue
                end = start + len(part.strip())
                offset = end
                if not any(s < end and start < e for s, e in found):
                    found[(start, end)] = Toponym(start, end, part.strip())
        toponyms = sorted(found.values(), key=lambda t: t.start)
        _attach_division_words(text, toponyms)
        _attach_airport_words(text, toponyms)
        return toponyms

    def _home_of(self, name: str, named: set[str]) -> str | None:
        """The place a body's name opens with, if the name goes on after it: the longest run of
        up to three capitalised words that is a country, a province or a town of 100,000+ under
        its own name ("Pakistan" of "Pakistan Army", "New York" of "New York Police Department"),
        or a smaller town the document names by itself (``named``: "Beverly Hills Police
        Department" in a story that says "in Beverly Hills"). Not a demonym ("Afghan National
        Police"): the registry links those to their country."""
        words = name.split()
        for n in range(min(3, len(words) - 1), 0, -1):
            head = " ".join(words[:n])
            if not all(w[:1].isupper() for w in words[:n]) or fold(head) in _GENERIC_WORDS:
                continue
            elsewhere = fold(head) in named
            for e, primary in self.resolver.gazetteer.lookup(head):
                town = e.kind == "city" and (e.population >= _GENERIC_TOWN or elsewhere)
                if primary and (e.kind in ("country", "admin1") or town):
                    return head
        return None

    def _notable(self, name: str) -> bool:
        """A country, province or town of 15,000+: a name worth taking from a mislabelled entity."""
        return any(
            e.kind in ("admin1", "country") or (e.kind == "city" and e.population >= _NOTABLE_TOWN)
            for e, _ in self.resolver.gazetteer.lookup(clean_toponym(name))
        )

    def link(
        self,
        doc: Any,
        mentioned: Iterable[tuple[int, int]] = (),
        text: str | None = None,
        dateline: Dateline | None = None,
        persons: Iterable[tuple[int, int]] = (),
    ) -> tuple[list[Place], list[Place]]:
        """(places of the document, demonym readings kept for context only)."""
        text = text if text is not None else doc.text
        dateline = dateline or find_dateline(text)
        toponyms = self.toponyms(doc, mentioned, text, dateline, persons)
        self.resolver.resolve(text, toponyms, _dateline_country(self.resolver, text, dateline))
        places: list[Place] = []
        demonyms: list[Place] = []
        for t in toponyms:
            place = to_place(t)
            if place is None:
                continue
            (demonyms if t.demonym else places).append(place)
        return places, demonyms


def _in_dateline(place: Place, dateline: Dateline | None) -> bool:
    """Whether the place is named in the dateline ("KABUL, Afghanistan (Jan. 25, 2013)")."""
    if dateline is None or not dateline.place or place.start is None:
        return False
    return dateline.start <= place.start < dateline.end


def main_place(places: Sequence[Place], text: str, dateline: Dateline | None = None) -> Place | None:
    """The document's main place: the dateline's, else the most named (finer kinds first)."""
    dateline = dateline or find_dateline(text)
    if dateline is not None and dateline.place:
        in_dateline = [p for p in places if _in_dateline(p, dateline)]
        if in_dateline:
            return in_dateline[0]
    if not places:
        return None
    counts = Counter(p.id for p in places)
    rank = {
        "city": 0,
        "airport": 0,
        "district": 0,
        "admin2": 0,
        "admin1": 1,
        "country": 2,
        "region": 3,
        "continent": 4,
    }
    best = min(places, key=lambda p: (-counts[p.id], rank.get(p.kind, 5), p.start or 0))
    return best


# kinds of place fine enough to say where a later sentence's event happened
_SCENE_KINDS = frozenset({"city", "airport", "district", "admin2", "admin1"})


def place_events(
    events: Sequence[Event], places: Sequence[Place], text: str, dateline: Dateline | None = None
) -> None:
    """Each event's place: the toponym governing it in its sentence (after "in", "at", "near"
    and closest to the trigger); else, marked ``inferred``, the scene the story last set before
    its sentence (the latest town, district or province named outside the dateline: "...
    detained a leader in Andar district, Ghazni province. The force also seized weapons." puts
    the seizure in Andar, not in Kabul where the release was written); else the document's
    main place."""
    dateline = dateline or find_dateline(text)
    fallback = main_place(places, text, dateline) if events else None
    scenes = sorted(
        (
            p
            for p in places
            if p.start is not None and p.kind in _SCENE_KINDS and not _in_dateline(p, dateline)
        ),
        key=lambda p: p.start or 0,
    )
    starts = [p.start or 0 for p in scenes]
    for event in events:
        sentence = event.sentence
        inside = [
            p
            for p in places
            if p.start is not None and sentence.start <= p.start and (p.end or 0) <= sentence.end
        ]
        choice: Place | None = None
        if inside:
            anchor = event.trigger_span.start if event.trigger_span else sentence.start
            floor = sentence.start

            def rank(p: Place, anchor: int = anchor, floor: int = floor) -> tuple[int, int, int]:
                assert p.start is not None
                locative = bool(_LOCATIVE.search(text[max(floor, p.start - 12) : p.start]))
                # a finer place names where it happened more exactly than a country does
                coarse = 1 if p.kind in ("country", "region", "continent") else 0
                return (0 if locative else 1, coarse, abs(p.start - anchor))

            choice = min(inside, key=rank)
            event.place = choice.id
            event.place_precision = _PRECISION.get(choice.kind, "exact")
            if _DISTRICT_STAND_IN in choice.id:
                # a district the data lacks sits at its province's centre: so precise, no more
                event.place_precision = "admin1"
            continue
        earlier = bisect.bisect_left(starts, sentence.start)
        scene = _finest_of_the_last(scenes[:earlier]) if earlier else fallback
        if scene is not None:
            event.place = scene.id
            event.place_precision = "inferred"


def record_places(linker: PlaceLinker, doc: Any, record: Any) -> list[Place]:
    """The places stage as the pipeline runs it: the record's places, its events placed.

    Demonyms ("Afghan officials") inform resolution but are not places of events, so they are
    left out of the record's places.
    """
    kinds = [((m.start, m.end), _actor_kind(record, m)) for m in record.mentions]
    # a country named as an actor ("Russia said") is still a place; other actors' spans are not
    mentioned = {span for span, kind in kinds if kind != "country"}
    persons = {span for span, kind in kinds if kind == "person"}
    text = record.document.text  # the text the Doc was made from; doc.text would rebuild it
    dateline = find_dateline(text)
    places, _demonyms = linker.link(doc, mentioned, text, dateline, persons)
    # "Pakistan Army engineers built a market at Makeen": the home a body's name carries says
    # who acted, not where; events are placed by the other places
    where = [p for p in places if not any(_within_name(p, s, e) for s, e in mentioned)]
    place_events(record.events, where, text, dateline)
    return places


# how close together names are read as one mention of a place ("Andar district, Ghazni province")
_ONE_MENTION = 40


def _finest_of_the_last(scenes: Sequence[Place]) -> Place:
    """The scene the story last set: its last place, or the finer one written just before it
    ("Hamilton, Ontario" sets Hamilton; "Andar district, Ghazni province" Andar)."""
    last = scenes[-1]
    near = [p for p in scenes if (last.start or 0) - (p.start or 0) <= _ONE_MENTION]
    return min(reversed(near), key=lambda p: 1 if p.kind == "admin1" else 0)


def _within_name(place: Place, start: int, end: int) -> bool:
    """Whether the place is named inside (not as the whole of) the span of a name."""
    if place.start is None or place.end is None:
        return False
    return start <= place.start and place.end <= end and (place.start, place.end) != (start, end)


def _actor_kind(record: Any, mention: Any) -> str | None:
    actor = record.actor(mention.actor)
    return None if actor is None else str(actor.kind)
