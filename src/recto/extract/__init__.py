"""Understanding a record's texts: OCR clean-up with an audit trail, document structure,
dates in the text, people/places/organisations linked across languages, references
between records, and timelines.

    from recto.extract import extract, timeline
    x = extract(record)          # Extraction; x.to_json() is plain JSON
    events = timeline([(record, x)])

Modules: cleanup (changes, apply/undo), structure, dates, entities (+ gazetteer),
references, timeline, extraction.
"""

from recto.extract.cleanup import Change, Cleanup, apply, clean, undo
from recto.extract.dates import DateMention, find_dates
from recto.extract.entities import Entity, Mention
from recto.extract.extraction import Extraction, TextExtraction, extract
from recto.extract.references import Reference, match
from recto.extract.structure import Recipient, Structure
from recto.extract.timeline import Event, timeline

__all__ = [
    "Change", "Cleanup", "DateMention", "Entity", "Event", "Extraction", "Mention", "Recipient", "Reference",
    "Structure", "TextExtraction", "apply", "clean", "extract", "find_dates", "match", "timeline", "undo",
]  # fmt: skip
