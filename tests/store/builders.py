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
