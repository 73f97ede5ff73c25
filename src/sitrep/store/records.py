"""Converting a Record to table rows and back. No SQL here, only shapes."""

from __future__ import annotations

import struct
from dataclasses import asdict
from typing import Any

from sitrep.model import Actor, Commitment, Event, Mention, Place, Quote, Record, Role, Span


def casefold_key(text: str) -> str:
    """The case-insensitive comparison key stored in ``*_key`` columns (and used in queries)."""
    return " ".join(text.casefold().split())


def pack_fingerprint(signature: list[int] | None) -> bytes | None:
    if signature is None:
        return None
    return struct.pack(f"<{len(signature)}Q", *signature)


def unpack_fingerprint(blob: bytes | None) -> list[int] | None:
    if blob is None:
        return None
    return list(struct.unpack(f"<{len(blob) // 8}Q", blob))


def actor_data(actor: Actor) -> dict[str, Any]:
    return asdict(actor)


def actor_from_data(data: dict[str, Any]) -> Actor:
    data = dict(data)
    data["roles"] = [Role(**r) for r in data.get("roles", [])]
    return Actor(**data)


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else Span(start, end)


def child_rows(pk: int, record: Record) -> dict[str, list[dict[str, Any]]]:
    """Rows of every per-document table for ``record``, keyed by table name."""
    rows: dict[str, list[dict[str, Any]]] = {
        "document_actors": [
            {"document_pk": pk, "ord": i, "actor_id": a.id, "data": actor_data(a)}
            for i, a in enumerate(record.actors)
        ],
        "mentions": [
            {"document_pk": pk, "ord": i, "actor_id": m.actor, "start": m.start, "end": m.end, "text": m.text}
            for i, m in enumerate(record.mentions)
        ],
        "quotes": [
            {
                "document_pk": pk,
                "ord": i,
                "speaker": q.speaker,
                "speaker_text": q.speaker_text,
                "cue": q.cue,
                "kind": q.kind,
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "via": q.via,
                "sentence_start": q.sentence.start if q.sentence else None,
                "sentence_end": q.sentence.end if q.sentence else None,
            }
            for i, q in enumerate(record.quotes)
        ],
        "events": [],
        "event_actors": [],
        "commitments": [],
        "commitment_actors": [],
        "places": [
            {
                "document_pk": pk,
                "ord": i,
                "place_id": p.id,
                "name": p.name,
                "kind": p.kind,
                "country": p.country,
                "admin1": p.admin1,
                "lat": p.lat,
                "lon": p.lon,
                "start": p.start,
                "end": p.end,
            }
            for i, p in enumerate(record.places)
        ],
        "document_topics": [{"document_pk": pk, "ord": i, "topic": t} for i, t in enumerate(record.topics)],
    }
    for i, e in enumerate(record.events):
        rows["events"].append(
            {
                "document_pk": pk,
                "ord": i,
                "type": e.type,
                "trigger": e.trigger,
                "sentence_start": e.sentence.start,
                "sentence_end": e.sentence.end,
                "mode": e.mode,
                "context": list(e.context),
                "place": e.place,
                "place_precision": e.place_precision,
                "date": e.date,
                "negated": e.negated,
                "hypothetical": e.hypothetical,
                "counts": dict(e.counts),
                "cameo": e.cameo,
                "quad_class": e.quad_class,
                "trigger_start": e.trigger_span.start if e.trigger_span else None,
                "trigger_end": e.trigger_span.end if e.trigger_span else None,
            }
        )
        for role, ids in (("source", e.source), ("target", e.target)):
            rows["event_actors"] += [
                {"document_pk": pk, "event_ord": i, "role": role, "ord": j, "actor_id": a}
                for j, a in enumerate(ids)
            ]
    for i, c in enumerate(record.commitments):
        rows["commitments"].append(
            {
                "document_pk": pk,
                "ord": i,
                "kind": c.kind,
                "what": c.what,
                "sentence_start": c.sentence.start,
                "sentence_end": c.sentence.end,
                "date": c.date,
                "start": c.start,
                "end": c.end,
            }
        )
        for role, ids in (("by", c.by), ("to", c.to)):
            rows["commitment_actors"] += [
                {"document_pk": pk, "commitment_ord": i, "role": role, "ord": j, "actor_id": a}
                for j, a in enumerate(ids)
            ]
    return rows


def _links(rows: list[Any], parent: str) -> dict[tuple[int, str], list[str]]:
    out: dict[tuple[int, str], list[str]] = {}
    for r in sorted(rows, key=lambda r: (getattr(r, parent), r.role, r.ord)):
        out.setdefault((getattr(r, parent), r.role), []).append(r.actor_id)
    return out


def mention_from_row(r: Any) -> Mention:
    return Mention(actor=r.actor_id, start=r.start, end=r.end, text=r.text)


def quote_from_row(r: Any) -> Quote:
    return Quote(
        speaker=r.speaker,
        speaker_text=r.speaker_text,
        cue=r.cue,
        kind=r.kind,
        text=r.text,
        start=r.start,
        end=r.end,
        via=r.via,
        sentence=_span(r.sentence_start, r.sentence_end),
    )


def events_from_rows(event_rows: list[Any], link_rows: list[Any]) -> list[Event]:
    links = _links(link_rows, "event_ord")
    return [
        Event(
            type=r.type,
            trigger=r.trigger,
            sentence=Span(r.sentence_start, r.sentence_end),
            source=links.get((r.ord, "source"), []),
            target=links.get((r.ord, "target"), []),
            mode=r.mode,
            context=list(r.context),
            place=r.place,
            place_precision=r.place_precision,
            date=r.date,
            negated=bool(r.negated),
            hypothetical=bool(r.hypothetical),
            counts=dict(r.counts),
            cameo=r.cameo,
            quad_class=r.quad_class,
            trigger_span=_span(r.trigger_start, r.trigger_end),
        )
        for r in event_rows
    ]


def commitments_from_rows(rows: list[Any], link_rows: list[Any]) -> list[Commitment]:
    links = _links(link_rows, "commitment_ord")
    return [
        Commitment(
            kind=r.kind,
            by=links.get((r.ord, "by"), []),
            to=links.get((r.ord, "to"), []),
            what=r.what,
            sentence=Span(r.sentence_start, r.sentence_end),
            date=r.date,
            start=r.start,
            end=r.end,
        )
        for r in rows
    ]


def place_from_row(r: Any) -> Place:
    return Place(
        id=r.place_id,
        name=r.name,
        kind=r.kind,
        country=r.country,
        admin1=r.admin1,
        lat=r.lat,
        lon=r.lon,
        start=r.start,
        end=r.end,
    )


def _union(old: list[Any], new: list[Any]) -> list[Any]:
    """``old`` followed by the items of ``new`` it lacks, in their order."""
    out = list(old)
    for item in new:
        if item not in out:
            out.append(item)
    return out


def merge_actor(old: Actor, new: Actor) -> Actor:
    """The shared view of an actor after another document described it.

    Lists (aliases, roles, member_of) are unions in first-seen order, so nothing known is lost.
    Single values are kept once known, except that the curated registry's word beats what was
    read from text; a differing name from text becomes an alias so it stays searchable.
    """
    authoritative = new.registry and not old.registry

    def pick(a: Any, b: Any) -> Any:
        if authoritative:
            return b if b is not None else a
        return a if a is not None else b

    name = new.name if authoritative else old.name
    other_name = old.name if authoritative else new.name
    aliases = _union(old.aliases, new.aliases)
    if other_name != name and other_name not in aliases:
        aliases.append(other_name)
    if name in aliases:
        aliases.remove(name)
    return Actor(
        id=old.id,
        name=name,
        kind=new.kind if authoritative else old.kind,
        country=pick(old.country, new.country),
        aliases=aliases,
        title=pick(old.title, new.title),
        affiliation=pick(old.affiliation, new.affiliation),
        member_of=_union(old.member_of, new.member_of),
        part_of=pick(old.part_of, new.part_of),
        roles=_union(old.roles, new.roles),
        registry=old.registry or new.registry,
    )


def actor_row(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "name_key": casefold_key(actor.name),
        "kind": actor.kind,
        "country": actor.country.upper() if actor.country else None,
        "title": actor.title,
        "affiliation": actor.affiliation,
        "part_of": actor.part_of,
        "member_of": list(actor.member_of),
        "roles": [asdict(r) for r in actor.roles],
        "registry": actor.registry,
    }


def alias_rows(actor: Actor) -> list[dict[str, Any]]:
    return [
        {"actor_id": actor.id, "ord": i, "alias": a, "alias_key": casefold_key(a)}
        for i, a in enumerate(actor.aliases)
    ]


def actor_from_row(r: Any, aliases: list[str]) -> Actor:
    return Actor(
        id=r.id,
        name=r.name,
        kind=r.kind,
        country=r.country,
        aliases=aliases,
        title=r.title,
        affiliation=r.affiliation,
        member_of=list(r.member_of),
        part_of=r.part_of,
        roles=[Role(**x) for x in r.roles],
        registry=bool(r.registry),
    )
