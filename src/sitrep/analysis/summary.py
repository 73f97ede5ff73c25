"""A short overview of the store: counts and the most mentioned actors of each kind."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.model import ACTOR_KINDS
from sitrep.store import ActorSummary, Store


@dataclass
class StoreSummary:
    url: str  # password masked: it is shown
    counts: dict[str, int]
    top_actors: dict[str, list[ActorSummary]]


def store_summary(store: Store, limit: int = 10) -> StoreSummary:
    return StoreSummary(
        url=store.display_url,
        counts=store.stats(),
        top_actors={kind: store.actors(kind=kind, limit=limit) for kind in ACTOR_KINDS},
    )
