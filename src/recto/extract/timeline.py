"""A timeline: records and the dated events mentioned in them, in order, as data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from recto.dates import bounds

if TYPE_CHECKING:
    from recto.extract.extraction import Extraction
    from recto.record import Record

_PRECISION_ORDER = {"day": 0, "range": 1, "month": 2, "year": 3, "decade": 4}


@dataclass(frozen=True)
class Event:
    date: str  # EDTF
    first: str  # ISO day bounds, for ordering and overlap
    last: str
    precision: str
    kind: str  # record | office (received, issued …) | mention | reference
    record_id: str
    label: str  # the record's title, the office action, or the phrase in the text
    text_index: int | None = None
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def events_of(record: Record, extraction: Extraction) -> list[Event]:
    out: list[Event] = []
    if record.date:
        first, last = bounds(record.date)
        if first and last:
            out.append(Event(record.date, first, last, record.date_precision or "day", "record", record.id, record.title))
    for ti, text in enumerate(extraction.texts):
        for od in text.structure.office_dates:
            first, last = bounds(od.date)
            if first and last:
                out.append(Event(od.date, first, last, "day", "office", record.id, od.meaning, ti, od.paragraph))
        referenced = {(r.paragraph, r.date_mention.start) for r in extraction.references if r.text_index == ti and r.date_mention}
        for d in text.dates:
            if text.structure.roles[d.paragraph] == "office_date":
                continue
            kind = "reference" if (d.paragraph, d.start) in referenced else "mention"
            para = text.cleanup.paragraphs[d.paragraph]
            label = para[max(0, d.start - 40) : d.end + 40].strip()
            out.append(Event(d.edtf, d.first, d.last, d.precision, kind, record.id, label, ti, d.paragraph, d.start, d.end))
    return out


def timeline(items: list[tuple[Record, Extraction]]) -> list[Event]:
    """Every event of these records, earliest first; a day before a month that contains it."""
    events = [e for record, extraction in items for e in events_of(record, extraction)]
    return sorted(events, key=lambda e: (e.first, _PRECISION_ORDER.get(e.precision, 9), e.kind != "record", e.record_id, e.paragraph or 0, e.start or 0))
