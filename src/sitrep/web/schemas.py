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


class SearchPageOut(BaseModel):
    total: int = Field(description="Matching documents; 'at least' when total_is_lower_bound.")
    total_is_lower_bound: bool = Field(description="The store stopped counting at 1,000 matches.")
    offset: int
    limit: int
    hits: list[SearchHitOut]


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
