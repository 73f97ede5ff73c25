"""The record sitrep extracts: one vocabulary for every layer.

Plain dataclasses. ``Record.to_dict()`` gives the JSON that ``sitrep analyze --json`` prints; the
field names there are a public contract (``schema/record.schema.json`` documents and tests it).
Every fact carries character offsets into ``Document.text`` so it can be clicked back to its
sentence.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ActorKind = Literal[
    "person",
    "organization",
    "government",
    "intergovernmental",
    "armed group",
    "media",
    "country",
    "collective",
]
ACTOR_KINDS: tuple[str, ...] = (
    "person",
    "organization",
    "government",
    "intergovernmental",
    "armed group",
    "media",
    "country",
    "collective",
)


def normalize_text(text: str) -> str:
    """The canonical form of a document's text: NFC, Unix newlines, no trailing blanks.

    Offsets everywhere refer to this form, so it is applied once, when a document is made.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def document_id(text: str) -> str:
    """Stable id of a document: a hash of its text with whitespace and case folded.

    Folding makes a re-fetch that differs only in spacing or line breaks the same document.
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None  # outlet or publisher ("Amu TV", "ISAF Joint Command")
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime; None when unknown
    published_from: str | None = None  # where the date came from: "metadata" | "dateline" | None
    language: str | None = None  # ISO 639-1
    path: str | None = None  # the file it was read from, if any
    ingested_at: str | None = None  # set by the store
    duplicate_of: str | None = None  # set by the store: id of the earlier near-identical document

    def to_dict(self, with_text: bool = True) -> dict[str, Any]:
        d = asdict(self)
        if not with_text:
            d.pop("text")
        return d


@dataclass
class Role:
    title: str
    affiliation: str | None = None  # actor id
    since: str | None = None  # ISO date the role is attested from (publication date of the source)
    until: str | None = None
    document: str | None = None  # document id where the role was stated


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    country: str | None = None  # ISO 3166-1 alpha-2
    aliases: list[str] = field(default_factory=list)
    title: str | None = None  # current title ("Secretary General")
    affiliation: str | None = None  # actor id of the body the title belongs to
    member_of: list[str] = field(default_factory=list)  # actor ids
    part_of: str | None = None  # actor id of the parent body (a ministry's government, a body's IGO)
    roles: list[Role] = field(default_factory=list)
    registry: bool = False  # True when the actor comes from the curated registry


@dataclass
class Mention:
    actor: str  # actor id
    start: int
    end: int
    text: str


@dataclass
class Span:
    start: int
    end: int


@dataclass
class Quote:
    speaker: str | None  # actor id; None for an unnamed source
    speaker_text: str | None  # the words that name the speaker in the text
    cue: str | None  # the reporting verb ("said", "told", "the statement read")
    kind: Literal["direct", "indirect"]
    text: str
    start: int
    end: int
    via: str | None = None  # actor id of the outlet it was told to
    sentence: Span | None = None


@dataclass
class Event:
    type: str  # PLOVER type or STATEMENT
    trigger: str
    sentence: Span
    source: list[str] = field(default_factory=list)  # actor ids
    target: list[str] = field(default_factory=list)
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    place: str | None = None  # place id
    place_precision: str | None = None
    date: str | None = None
    negated: bool = False
    hypothetical: bool = False
    counts: dict[str, int] = field(default_factory=dict)  # killed, wounded, captured
    cameo: str | None = None
    quad_class: int | None = None
    trigger_span: Span | None = None


@dataclass
class Commitment:
    kind: Literal["commitment", "offer", "appeal"]
    by: list[str]
    to: list[str]
    what: str
    sentence: Span
    date: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Place:
    id: str
    name: str
    kind: str  # country | admin1 | city | region | ...
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Record:
    """Everything extracted from one document."""

    document: Document
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    # MinHash signature of the text, for near-duplicate detection; internal, not in the JSON
    fingerprint: list[int] | None = field(default=None, repr=False)

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("fingerprint", None)
        for a in d["actors"]:
            a.pop("registry", None)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        def span(x: dict[str, Any] | None) -> Span | None:
            return Span(**x) if x else None

        actors = []
        for a in d.get("actors", []):
            a = dict(a)
            a["roles"] = [Role(**r) for r in a.get("roles", [])]
            actors.append(Actor(**a))
        quotes = []
        for q in d.get("quotes", []):
            q = dict(q)
            q["sentence"] = span(q.get("sentence"))
            quotes.append(Quote(**q))
        events = []
        for e in d.get("events", []):
            e = dict(e)
            e["sentence"] = span(e["sentence"])
            e["trigger_span"] = span(e.get("trigger_span"))
            events.append(Event(**e))
        commitments = []
        for c in d.get("commitments", []):
            c = dict(c)
            c["sentence"] = span(c["sentence"])
            commitments.append(Commitment(**c))
        return cls(
            document=Document(**d["document"]),
            actors=actors,
            mentions=[Mention(**m) for m in d.get("mentions", [])],
            quotes=quotes,
            events=events,
            commitments=commitments,
            places=[Place(**p) for p in d.get("places", [])],
            topics=list(d.get("topics", [])),
        )
