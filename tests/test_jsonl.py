"""JSON Lines: lossless round trip, schema checks, a bad line does not stop the others."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from recto.errors import IngestError
from recto.ingest import jsonl
from recto.ingest.archive_text import parse, record_id_for
from recto.record import Record
from recto.schema import load as load_schema

EXPORTS = Path(__file__).parent / "data" / "exports"


def all_exports() -> list[Record]:
    return [parse(p.read_text("utf-8"), path=str(p), record_id=record_id_for(p)) for p in sorted(EXPORTS.glob("*.txt"))]


def test_every_reader_output_validates_against_the_schema():
    schema = load_schema("record")
    jsonschema.Draft202012Validator.check_schema(schema)
    for record in all_exports():
        jsonschema.validate(record.to_json(), schema)


def test_round_trip_is_lossless():
    records = all_exports()
    out = io.StringIO()
    assert jsonl.write(records, out) == len(records)
    items = list(jsonl.READER.read(Path("r.jsonl"), out.getvalue()))
    assert [item.record for item in items] == records
    again = io.StringIO()
    jsonl.write([item.record for item in items], again)
    assert again.getvalue() == out.getvalue()


def test_minimum_record_from_design_notes_is_accepted():
    line = json.dumps(
        {
            "id": "min-1",
            "title": "A minimal record [invented example]",
            "date": "1962-08",
            "summary": "s",
            "citation": "c",
            "source": {"archive": "A", "repository": "R", "reference": "1", "pages": "2", "url": "https://archive.example.org/1"},
            "translators": [],
            "donors": [],
            "languages": {"original": ["ru"]},
            "texts": [{"role": "original", "language": "ru", "paragraphs": ["Текст."]}],
        }
    )
    (item,) = jsonl.READER.read(Path("m.jsonl"), line)
    assert item.record.texts[0].paragraphs == ["Текст."]


def test_bad_lines_are_reported_with_their_number_and_the_rest_read():
    good = json.dumps({"id": "ok", "title": "Fine"})
    deep = "[" * 100_000  # past the JSON parser's recursion limit
    lines = [good, "{not json", json.dumps({"id": "no-title"}), json.dumps({"id": "bad date", "title": "t"}), deep, good]
    results = list(jsonl.READER.read(Path("b.jsonl"), "\n".join(lines)))
    errors = [r for r in results if isinstance(r, IngestError)]
    assert [e.line for e in errors] == [2, 3, 4, 5]
    assert "not JSON" in errors[0].reason
    assert "'title' is a required property" in errors[1].reason
    assert errors[2].reason.startswith("not a valid record: id:")
    assert errors[3].reason == "not JSON that can be read: nested too deeply"
    assert sum(1 for r in results if not isinstance(r, IngestError)) == 2


@pytest.mark.parametrize("date", ["1962-08-10", "1962-08", "1962", "196X", "1962~", "1962-05-01/1962-05-03"])
def test_schema_accepts_the_dates_recto_writes(date):
    jsonschema.validate({"id": "d", "title": "t", "date": date}, load_schema("record"))
