"""GeoJSON export: valid RFC 7946 FeatureCollections of places and placed events."""

from __future__ import annotations

import io
import json

from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.exports.geojson import GeoJSONWriter
from sitrep.model import Document, Event, Place, Record, Span

TEXT = "Ministers met in Bishkek on Friday."


def _record() -> Record:
    doc = Document(id="d1", text=TEXT, title="Meeting", published="2024-03-01")
    bishkek = Place(
        id="geonames:1528675", name="Bishkek", kind="city", country="KG", admin1="Chuy",
        lat=42.87, lon=74.59, start=17, end=24,
    )  # fmt: skip
    nowhere = Place(id="x", name="Nowhere", kind="city", start=0, end=9)  # no coordinates: left out
    event = Event(
        type="CONSULT", trigger="met", sentence=Span(0, len(TEXT)), place=bishkek.id, place_precision="exact"
    )
    return Record(document=doc, places=[bishkek, nowhere], events=[event])


def _valid(collection: dict) -> None:  # type: ignore[type-arg]
    assert collection["type"] == "FeatureCollection"
    for f in collection["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(f["properties"], dict)


def test_places_and_events_become_point_features_lon_first() -> None:
    buf = io.StringIO()
    count = GeoJSONWriter(buf).write([_record()])
    collection = json.loads(buf.getvalue())
    _valid(collection)
    assert count == 2 == len(collection["features"])
    place, event = collection["features"]
    assert place["geometry"]["coordinates"] == [74.59, 42.87]
    assert place["properties"]["text"] == "Bishkek"
    assert event["properties"]["type"] == "CONSULT"
    assert event["properties"]["place_precision"] == "exact"
    # an event the text gives no date keeps none: the publication date is a property of its own
    assert event["properties"]["date"] is None
    assert event["properties"]["published"] == "2024-03-01"


def test_an_event_keeps_its_own_date_beside_the_publication_date() -> None:
    record = _record()
    record.events[0].date = "2024-02-29"
    buf = io.StringIO()
    GeoJSONWriter(buf).write([record], what="events")
    (event,) = json.loads(buf.getvalue())["features"]
    assert event["properties"]["date"] == "2024-02-29"
    assert event["properties"]["published"] == "2024-03-01"


def test_empty_input_is_an_empty_collection() -> None:
    buf = io.StringIO()
    GeoJSONWriter(buf).write([])
    assert json.loads(buf.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_cli_reads_records_from_stdin(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = json.dumps(_record().to_dict()) + "\n"
    result = CliRunner().invoke(app, ["export", "geojson", "-", "--what", "events"], input=lines)
    assert result.exit_code == 0, result.output
    body = result.stdout[result.stdout.index("{") :]
    collection = json.loads(body[: body.rindex("}") + 1])
    _valid(collection)
    assert [f["properties"]["feature"] for f in collection["features"]] == ["event"]
