"""`extract(record) -> Extraction`: clean-up, structure, dates, entities and references of one record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from recto.extract.cleanup import Cleanup, clean
from recto.extract.dates import DateMention, find_all
from recto.extract.entities import Entity, extract_entities, lookup_name
from recto.extract.references import Reference, find_references
from recto.extract.structure import Structure, analyse
from recto.record import Record

VERSION = 1  # bump when the output changes, so stored extractions can be recomputed


@dataclass
class TextExtraction:
    role: str
    language: str
    cleanup: Cleanup
    structure: Structure
    dates: list[DateMention] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "language": self.language,
            "cleanup": self.cleanup.to_json(),
            "structure": self.structure.to_json(),
            "dates": [d.to_json() for d in self.dates],
        }


@dataclass
class Extraction:
    record_id: str
    revision_hash: str  # the record's content hash: what this was made from
    texts: list[TextExtraction] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    version: int = VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "revision_hash": self.revision_hash,
            "version": self.version,
            "texts": [t.to_json() for t in self.texts],
            "entities": [e.to_json() for e in self.entities],
            "references": [r.to_json() for r in self.references],
        }

    def events(self, record: Record) -> list[Any]:
        from recto.extract.timeline import events_of

        return events_of(record, self)


def _year(record: Record) -> int | None:
    m = re.match(r"(\d{4})", record.date or "")
    return int(m.group(1)) if m else None


def extract(record: Record) -> Extraction:
    year = _year(record)
    refs = tuple(r for r in (record.source.reference,) if r)
    texts: list[TextExtraction] = []
    for text in record.texts:
        cleanup = clean(text.paragraphs, text.language, references=refs)
        structure = analyse(cleanup.paragraphs, text.language, year=year, title=record.title)
        if year is None:  # no record date: the document's own office dates give the year
            year = next((int(od.date[:4]) for od in structure.office_dates), None)
        dates = find_all(cleanup.paragraphs, text.language, year=year)
        texts.append(TextExtraction(text.role, text.language, cleanup, structure, dates))
    for t in texts:  # recipients the gazetteer knows get its id
        t.structure.distribution = [replace(r, entity=lookup_name(r.name, t.language)) for r in t.structure.distribution]
    skip = [{i for i, role in enumerate(t.structure.roles) if role == "distribution"} for t in texts]
    entities = extract_entities([(t.cleanup.paragraphs, t.language) for t in texts], skip)
    references = [
        r
        for i, t in enumerate(texts)
        for r in find_references(t.cleanup.paragraphs, t.language, t.dates, entities, i, t.structure.roles)
    ]
    return Extraction(record.id, record.content_hash(), texts, entities, references)
