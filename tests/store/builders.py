"""Records built by hand for store tests: every kind of fact, with offsets into the text."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import Engine

from sitrep.model import (
    Actor,
    Commitment,
    Document,
    Event,
    Mention,
    Place,
    Quote,
    Record,
    Role,
    Span,
    document_id,
)
from sitrep.pipeline.fingerprint import minhash_signature

CSTO_TEXT = (
    "Moscow, 12 March 2024. CSTO Secretary General Imangali Tasmagambetov said the organisation "
    'would strengthen the Tajik-Afghan border. "We will not leave our allies alone," he told Amu TV. '
    "The ministers agreed to send additional instructors to Tajikistan."
)


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def full_record(text: str = CSTO_TEXT, **document: object) -> Record:
    """A record with actors, mentions, a quote, events, a commitment, places and topics."""
    s_tas, e_tas = span_of(text, "Imangali Tasmagambetov")
    s_csto, e_csto = span_of(text, "CSTO")
    s_q, e_q = span_of(text, "We will not leave our allies alone,")
    s_s2, e_s2 = span_of(text, '"We will not leave our allies alone," he told Amu TV.')
    s_s3, e_s3 = span_of(text, "The ministers agreed to send additional instructors to Tajikistan.")
    s_tj, e_tj = span_of(text, "Tajikistan")
    fields: dict[str, object] = {
        "title": "CSTO to strengthen Tajik-Afghan border",
        "url": "https://example.org/csto",
        "source": "Amu TV",
        "published": "2024-03-12",
        "published_from": "metadata",
        "language": "en",
        "path": "/data/csto.txt",
    }
    fields.update(document)
    doc = Document(id=document_id(text), text=text, **fields)  # type: ignore[arg-type]
    actors = [
        Actor(
            id="csto",
            name="Collective Security Treaty Organization",
            kind="intergovernmental",
            aliases=["CSTO", "ОДКБ"],
            registry=True,
        ),
        Actor(
            id="imangali-tasmagambetov",
            name="Imangali Tasmagambetov",
            kind="person",
            country="KZ",
            aliases=["Tasmagambetov"],
            title="Secretary General",
            affiliation="csto",
            member_of=["csto"],
            roles=[Role(title="Secretary General", affiliation="csto", since="2024-03-12", document=doc.id)],
        ),
        Actor(id="amu-tv", name="Amu TV", kind="media", country="AF"),
        Actor(id="tajikistan", name="Tajikistan", kind="country", country="TJ", part_of=None),
    ]
    return Record(
        document=doc,
        actors=actors,
        mentions=[
            Mention("csto", s_csto, e_csto, "CSTO"),
            Mention("imangali-tasmagambetov", s_tas, e_tas, "Imangali Tasmagambetov"),
            Mention("amu-tv", *span_of(text, "Amu TV"), "Amu TV"),
        ],
        quotes=[
            Quote(
                speaker="imangali-tasmagambetov",
                speaker_text="he",
                cue="told",
                kind="direct",
                text="We will not leave our allies alone,",
                start=s_q,
                end=e_q,
                via="amu-tv",
                sentence=Span(s_s2, e_s2),
            ),
            Quote(None, None, None, "indirect", "the organisation would strengthen", 0, 10),
        ],
        events=[
            Event(
                type="SUPPORT",
                trigger="strengthen",
                sentence=Span(0, s_s2 - 1),
                source=["csto", "imangali-tasmagambetov"],
                target=["tajikistan"],
                mode="military",
                context=["border security", "terrorism"],
                place="TJ",
                place_precision="country",
                date="2024-03-12",
                counts={"killed": 0, "wounded": 2},
                cameo="05",
                quad_class=1,
                trigger_span=Span(*span_of(text, "strengthen")),
            ),
            Event(
                type="AGREE",
                trigger="agreed",
                sentence=Span(s_s3, e_s3),
                source=["csto"],
                negated=True,
                hypothetical=True,
            ),
        ],
        commitments=[
            Commitment(
                kind="commitment",
                by=["csto"],
                to=["tajikistan", "amu-tv"],
                what="send additional instructors to Tajikistan",
                sentence=Span(s_s3, e_s3),
                date="2024-03-12",
                start=s_s3 + 23,
                end=e_s3 - 1,
            )
        ],
        places=[
            Place("TJ", "Tajikistan", "country", country="TJ", lat=38.5, lon=71.0, start=s_tj, end=e_tj),
            Place("1221874", "Dushanbe", "city", country="TJ", admin1="Dushanbe", lat=38.53575, lon=68.77905),
        ],
        topics=["border security", "diplomacy"],
        fingerprint=minhash_signature(text),
    )


def plain_record(text: str, *, fingerprint: bool = True, **document: object) -> Record:
    doc = Document(id=document_id(text), text=text, **document)  # type: ignore[arg-type]
    return Record(document=doc, fingerprint=minhash_signature(text) if fingerprint else None)


def isaf_texts(limit: int | None = None) -> list[str]:
    """Texts of the ISAF press releases in shared/data (empty list when not available)."""
    from sitrep.evaluation import find_shared_dir

    shared = find_shared_dir()
    path = shared / "data" / "isaf" / "dev.jsonl" if shared else Path("/nonexistent")
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    return texts[:limit] if limit else texts


def downgrade_to(engine: Engine, revision: str) -> None:
    """Take a store's schema back to ``revision`` ("base" for none), as an old store would be."""
    from alembic import command

    from sitrep.store.engine import _alembic_config

    cfg = _alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()


# Places as the pipeline stores them (pipeline.places.to_place): a town or district carries its
# province in admin1, and a province carries its own name there. Two provinces named Punjab.
LASHKAR_GAH = Place("geonames:1134720", "Lashkar Gah", "city", "AF", "Helmand", 31.59, 64.37)
HELMAND = Place("iso:AF-HEL", "Helmand", "admin1", "AF", "Helmand", 31.0, 64.0)
KANDAHAR_CITY = Place("geonames:1138336", "Kandahar", "city", "AF", "Kandahar", 31.61, 65.71)
LAHORE = Place("geonames:1172451", "Lahore", "city", "PK", "Punjab", 31.55, 74.34)
LUDHIANA = Place("geonames:1264728", "Ludhiana", "city", "IN", "Punjab", 30.91, 75.85)
# a province stored without admin1 (a record from before provinces carried their own name)
ORUZGAN = Place("iso:AF-URU", "Uruzgan", "admin1", "AF", None, 32.9, 66.6)


def province_records() -> list[Record]:
    """Two documents whose events are placed in a town of Helmand, in Helmand itself, in towns of
    Kandahar and of both Punjabs, in Uruzgan, and nowhere."""

    def record(text: str, published: str, placed: list[tuple[str, str, Place | None]]) -> Record:
        r = plain_record(text, title=text[:30], published=published, source="ISAF")
        r.places = [p for _, _, p in placed if p is not None]
        for typ, sentence, place in placed:
            start, end = span_of(text, sentence)
            trigger = sentence.split()[1]
            r.events.append(Event(typ, trigger, Span(start, end), place=place.id if place else None))
        return r

    one = (
        "Insurgents attacked a checkpoint in Lashkar Gah. Police raided a house in Kandahar. "
        "Officials said the roads were open."
    )
    two = (
        "Troops patrolled Helmand. Farmers protested in Lahore. Donors aided Ludhiana. Elders met in Uruzgan."
    )
    return [
        record(
            one,
            "2013-01-10",
            [
                ("ASSAULT", "Insurgents attacked a checkpoint in Lashkar Gah.", LASHKAR_GAH),
                ("COERCE", "Police raided a house in Kandahar.", KANDAHAR_CITY),
                ("STATEMENT", "Officials said the roads were open.", None),
            ],
        ),
        record(
            two,
            "2013-01-20",
            [
                ("MOBILIZE", "Troops patrolled Helmand.", HELMAND),
                ("PROTEST", "Farmers protested in Lahore.", LAHORE),
                ("AID", "Donors aided Ludhiana.", LUDHIANA),
                ("CONSULT", "Elders met in Uruzgan.", ORUZGAN),
            ],
        ),
    ]
