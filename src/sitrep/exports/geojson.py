"""Records as GeoJSON (RFC 7946): one Feature per place mentioned and per event with a place.

Streams: features are written as they are made, so a large corpus never sits in memory.
Coordinates are [longitude, latitude] as the RFC requires. Place features carry the record's
place fields and the document they came from; event features the event's type, trigger,
actors, date and ``place_precision``, at the coordinates of the event's place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TextIO

from sitrep.model import Record

What = Literal["places", "events", "all"]


def place_features(record: Record) -> Iterator[dict[str, Any]]:
    doc = record.document
    for place in record.places:
        if place.lat is None or place.lon is None:
            continue
        yield {
            "type": "Feature",
            "id": f"{doc.id}:{place.start}",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "feature": "place",
                "place": place.id,
                "name": place.name,
                "kind": place.kind,
                "country": place.country,
                "admin1": place.admin1,
                "text": doc.text[place.start : place.end] if place.start is not None else None,
                "start": place.start,
                "end": place.end,
                "document": doc.id,
                "title": doc.title,
                "published": doc.published,
            },
        }


def event_features(record: Record) -> Iterator[dict[str, Any]]:
    doc = record.document
    places = {p.id: p for p in record.places}
    for i, event in enumerate(record.events):
        place = places.get(event.place or "")
        if place is None or place.lat is None or place.lon is None:
            continue
        yield {
            "type": "Feature",
            "id": f"{doc.id}:event:{i}",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "feature": "event",
                "type": event.type,
                "trigger": event.trigger,
                "source": event.source,
                "target": event.target,
                # the event's own date or null: a publication date is no event date, so it
                # goes in its own property rather than standing in silently
                "date": event.date,
                "published": doc.published,
                "place": place.id,
                "place_name": place.name,
                "place_precision": event.place_precision,
                "country": place.country,
                "admin1": place.admin1,
                "sentence": doc.text[event.sentence.start : event.sentence.end],
                "document": doc.id,
                "title": doc.title,
            },
        }


def features(records: Iterable[Record], what: What = "all") -> Iterator[dict[str, Any]]:
    for record in records:
        if what in ("places", "all"):
            yield from place_features(record)
        if what in ("events", "all"):
            yield from event_features(record)


class GeoJSONWriter:
    """Writes one FeatureCollection, feature by feature."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def write(self, records: Iterable[Record], what: What = "all") -> int:
        self.out.write('{"type": "FeatureCollection", "features": [\n')
        for feature in features(records, what):
            if self.count:
                self.out.write(",\n")
            self.out.write(json.dumps(feature, ensure_ascii=False))
            self.count += 1
        self.out.write("\n]}\n")
        return self.count
