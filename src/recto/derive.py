"""What Recto derives from a record when it is stored: its search document and derived layers.

Pure work on one record (no store), so ingest runs it in its worker
processes beside the parse. Each layer names its producer and version;
`Archive.put` stores them against the revision they were made from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from recto.extract import Extraction, extract
from recto.extract.extraction import VERSION as EXTRACT_VERSION
from recto.record import Record
from recto.search.documents import Document, document

EXTRACT_PRODUCER = f"extract {EXTRACT_VERSION}"


@dataclass(frozen=True)
class Layer:
    layer: str  # extraction | alignment
    key: str
    producer: str
    data: Any


@dataclass(frozen=True)
class Prepared:
    """Everything stored beside a record: its search document and its derived layers."""

    document: Document
    layers: tuple[Layer, ...] = ()


def prepare(record: Record, derive: bool = True) -> Prepared:
    """The record's search document and, with `derive`, its extraction (entities feed the facets)."""
    extraction: Extraction | None = extract(record) if derive else None
    layers = (Layer("extraction", "", EXTRACT_PRODUCER, extraction.to_json()),) if extraction else ()
    return Prepared(document(record, extraction), layers)
