"""Recto's native format: JSON Lines, one whole record a line.

Every line is checked against `schema/record.schema.json`; a bad line is
reported with its line number and the others are read. Writing and reading
are exact inverses, so export followed by import changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from recto.errors import IngestError
from recto.hookspecs import hookimpl
from recto.ingest.readers import Item, Reader
from recto.record import Record
from recto.schema import problem as schema_problem

OUTPUT_ONLY = ("revision", "revisions", "alignments")


def record_from_line(line: str) -> Record:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("not JSON that can be read: nested too deeply") from None
    if isinstance(data, dict):
        for key in OUTPUT_ONLY:
            data.pop(key, None)
    problem = schema_problem(data, "record")
    if problem:
        raise ValueError(f"not a valid record: {problem}")
    return Record.from_json(data)


def _read(path: Path, text: str) -> Iterator[Item | IngestError]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = record_from_line(line)
        except ValueError as exc:
            yield IngestError(str(exc), path=str(path), line=number)
            continue
        yield Item(record, line.encode("utf-8"), line=number)


def write(records: Iterable[Record], out: IO[str]) -> int:
    """Write records as JSON Lines; returns how many."""
    count = 0
    for record in records:
        out.write(json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        count += 1
    return count


def _accepts(path: Path, head: str) -> bool:
    return path.suffix.lower() in (".jsonl", ".ndjson") or (path.suffix.lower() == ".json" and head.lstrip().startswith("{"))


READER = Reader(name="jsonl", extensions=(".jsonl", ".ndjson"), accepts=_accepts, read=_read)


@hookimpl
def recto_readers() -> list[Reader]:
    return [READER]
