"""Response models of the JSON API, so that /api/openapi.json describes what comes back."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SearchHitOut(BaseModel):
    document_id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    snippet: str = Field(description="Plain text around the matches (no markers).")
    score: float


class FacetValueOut(BaseModel):
    value: str = Field(description="The value as the filter of the same name takes it.")
    label: str
    count: int = Field(description="Documents with this value among those counted.")


class SearchPageOut(BaseModel):
    total: int = Field(description="Matching documents; 'at least' when total_is_lower_bound.")
    total_is_lower_bound: bool = Field(description="The store stopped counting at 1,000 matches.")
    offset: int
    limit: int
    hits: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]] | None = Field(
        default=None,
        description="Per filter (published: years, or months within one year; source; actor; kind; "
        "country; event_type; topic; language), its most frequent values with document counts. "
        "Counted over the facets_counted most relevant matches (at most 500; all when fewer).",
    )
    facets_counted: int | None = None


class RoleOut(BaseModel):
    title: str
    affiliation: str | None = None
    since: str | None = None
    until: str | None = None
    document: str | None = None


class ActorOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None = None
    aliases: list[str] = []
    title: str | None = None
    affiliation: str | None = None
    member_of: list[str] = []
    part_of: str | None = None
    roles: list[RoleOut] = []
    documents: int = Field(description="Stored documents that name the actor.")
    mentions: int = Field(description="Mentions of the actor in stored documents.")


class ActorListOut(BaseModel):
    offset: int
    limit: int
    actors: list[ActorOut]


class ErrorOut(BaseModel):
    detail: str


class ActorRefOut(BaseModel):
    id: str
    name: str


class EventOut(BaseModel):
    document_id: str
    title: str | None
    published: str | None
    ord: int = Field(description="The event's position in its document's record.")
    type: str = Field(description="PLOVER type, or STATEMENT.")
    trigger: str
    date: str | None = Field(description="The date as extracted: a day, week (2010-W32), month or year.")
    when: str | None = Field(
        description="The date the list sorts and filters on: the event's calendar date, "
        "else the document's published date."
    )
    sentence_start: int
    sentence_end: int
    sentence: str
    trigger_start: int | None
    trigger_end: int | None
    mode: str | None
    place: str | None
    place_name: str | None
    place_country: str | None
    negated: bool
    hypothetical: bool
    counts: dict[str, int]
    cameo: str | None
    quad_class: int | None
    source: list[ActorRefOut]
    target: list[ActorRefOut]
    link: str = Field(description="The sentence in the document page.")


class EventPageOut(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[EventOut]


class TimelineBucketOut(BaseModel):
    bucket: str = Field(description="2013-01-25 (day), 2013-01-21 (a week's Monday), 2013-01, 2013.")
    counts: dict[str, int] = Field(description="Events by type; empty for a bucket without events.")


class TimelineOut(BaseModel):
    bucket: str
    types: list[str] = Field(description="Event types present, most frequent first.")
    undated: int = Field(description="Matching events with no date at the bucket's precision.")
    buckets: list[TimelineBucketOut]


class QuoteOut(BaseModel):
    document_id: str
    title: str | None
    published: str | None
    ord: int
    speaker: ActorRefOut | None
    speaker_text: str | None
    cue: str | None
    kind: str
    text: str
    start: int
    end: int
    via: ActorRefOut | None
    sentence_start: int | None
    sentence_end: int | None
    link: str


class QuotePageOut(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[QuoteOut]


class CommitmentOut(BaseModel):
    document_id: str
    title: str | None
    published: str | None
    ord: int
    kind: str = Field(description="commitment, offer or appeal.")
    what: str
    date: str | None
    when: str | None
    sentence_start: int
    sentence_end: int
    sentence: str
    start: int | None
    end: int | None
    by: list[ActorRefOut]
    to: list[ActorRefOut]
    link: str


class CommitmentPageOut(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[CommitmentOut]


class CoActorOut(BaseModel):
    actor: ActorRefOut
    kind: str | None
    documents: int = Field(description="Documents naming both (among the actor's newest 2,000).")


class MonthCountOut(BaseModel):
    month: str
    documents: int


class ActorDetailOut(ActorOut):
    events_as_source: int
    events_as_target: int
    quotes: int
    commitments: int
    co_actors: list[CoActorOut]
    activity: list[MonthCountOut] = Field(description="Documents naming the actor per month of publication.")
