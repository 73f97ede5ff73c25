"""The record JSON: documented by schema/record.schema.json, stable through a round trip."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from sitrep.model import Record
from sitrep.pipeline.analyze import default_pipeline

SAMPLE = (
    "KABUL, Afghanistan (Jan. 25, 2013)\n"
    "CSTO Secretary General Imangali Tasmagambetov said the Taliban must act against ISIS-K, "
    'Amu TV reported. "We are ready," Tasmagambetov said.'
)


@pytest.fixture(scope="module")
def schema() -> dict:  # type: ignore[type-arg]
    text = resources.files("sitrep").joinpath("schema/record.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_analyze_output_follows_the_schema(schema) -> None:  # type: ignore[no-untyped-def]
    record = default_pipeline().analyze(SAMPLE)
    payload = json.loads(json.dumps(record.to_dict()))
    jsonschema.validate(payload, schema)
    assert payload["document"]["published"] == "2013-01-25"
    assert payload["document"]["published_from"] == "dateline"


def test_schema_rejects_a_record_missing_a_fixed_field(schema) -> None:  # type: ignore[no-untyped-def]
    payload = default_pipeline().analyze(SAMPLE).to_dict()
    del payload["mentions"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(payload, schema)


def test_record_round_trips_through_its_dict() -> None:
    record = default_pipeline().analyze(SAMPLE)
    again = Record.from_dict(json.loads(json.dumps(record.to_dict())))
    assert again.to_dict() == record.to_dict()
