"""What of a record is searched: its analysed fields and its facet values.

Backend-independent: the SQLite and PostgreSQL indexes store the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from recto.dates import bounds
from recto.record import Record
from recto.search.analysis import RUN_BREAK, index_text, index_words, pair_terms
from recto.text.langid import base

if TYPE_CHECKING:
    from recto.extract import Extraction

# The indexed fields, in the order backends store them, with their ranking weights.
# `words` holds the whole Chinese words of every field: it only adds to the score
# of records that hold a query as a word (analysis.py), never matches alone.
# Each text field has a twin holding its word pairs, where phrases of words
# match (analysis.pair_terms); it ranks with its field's weight.
TEXT_COLUMNS = ("title", "summary", "original", "translation", "meta")
PAIRS = {column: f"{column}_pairs" for column in TEXT_COLUMNS}
FIELDS = (*TEXT_COLUMNS, "words", *PAIRS.values())
WEIGHTS = {"title": 8.0, "summary": 3.0, "original": 1.0, "translation": 1.0, "meta": 0.5, "words": 1.0}
WEIGHTS.update({pairs: WEIGHTS[column] for column, pairs in PAIRS.items()})
# Query-language field names to indexed fields.
FIELD_COLUMNS = {
    "title": ("title",),
    "summary": ("summary",),
    "text": ("original", "translation"),
    "original": ("original",),
    "translation": ("translation",),
    "citation": ("meta",),
}
ENTITY_FACETS = ("person", "place", "organization")
MAX_YEARS_PER_RECORD = 12  # a range record counts in each year it spans, up to this many


@dataclass(frozen=True)
class Document:
    """All an index stores for one record. Pure data: built anywhere, even in a worker process."""

    fields: tuple[str, ...]  # analysed terms per field, FIELDS order
    facets: tuple[tuple[str, str], ...]
    date_start: str | None
    date_end: str | None


def document(record: Record, extraction: Extraction | None = None) -> Document:
    """The record's search document; an extraction adds its people, places and organisations as facets."""
    start, end = bounds(record.date) if record.date else (None, None)
    facets = facet_values(record) + (entity_facets(extraction) if extraction else [])
    return Document(analysed_fields(record), tuple(sorted(set(facets))), start, end)


def entity_facets(extraction: Extraction) -> list[tuple[str, str]]:
    """`person`/`place`/`organization` by label and `entity` by authority id, for filters and
    pages; `cites` with the date of every document the text refers to, for "referred to by"."""
    values = []
    for entity in extraction.entities:
        if entity.type in ENTITY_FACETS:
            values.append((entity.type, entity.label))
            values.append(("entity", entity.id))
    for reference in extraction.references:
        values.append(("cites", reference.date))
    return values


def analysed_fields(record: Record) -> tuple[str, ...]:
    """The record's terms per field, as space-separated strings (FIELDS order)."""
    texts = _text_fields(record)
    return (*texts, _words(record), *map(pair_terms, texts))


def _text_fields(record: Record) -> tuple[str, ...]:
    """The terms of each of TEXT_COLUMNS."""
    originals = [t for t in record.texts if t.role in ("original", "transcript")]
    translations = [t for t in record.texts if t.role == "translation"]
    return (
        index_text(record.title, "en"),
        index_text(record.summary or "", "en"),
        _texts(originals),
        _texts(translations),
        index_text(_meta_text(record), "en"),
    )


def _meta_text(record: Record) -> str:
    src = record.source
    meta = [
        record.citation,
        src.archive,
        src.repository,
        src.repository_name,
        src.reference,
        record.type,
        *record.translators,
        *record.editors,
        *record.donors,
        *record.keywords,
    ]
    return "\n".join(m for m in meta if m)


def _words(record: Record) -> str:
    """The whole Chinese words of every field (the `words` column)."""
    pieces = [(record.title, "en"), (record.summary or "", "en"), (_meta_text(record), "en")]
    pieces += [(p, t.language) for t in record.texts for p in t.paragraphs]
    words = (index_words(text, language) for text, language in pieces)
    return f" {RUN_BREAK} ".join(w for w in words if w)


def _texts(texts: list) -> str:
    return " ".join(index_text(p, t.language) for t in texts for p in t.paragraphs)


def facet_values(record: Record) -> list[tuple[str, str]]:
    values: set[tuple[str, str]] = set()
    for text in record.texts:
        values.add(("lang", base(text.language)))
    for role_languages in record.languages.values():
        for tag in role_languages:
            values.add(("lang", base(tag)))
    if record.date:
        start, end = bounds(record.date)
        if start and end:
            first, last = int(start[:4]), int(end[:4])
            if last - first < MAX_YEARS_PER_RECORD:
                for year in range(first, last + 1):
                    values.add(("year", str(year)))
                    values.add(("decade", f"{year // 10 * 10}s"))
            else:
                values.add(("decade", f"{first // 10 * 10}s"))
    single = {"repository": record.source.repository, "archive": record.source.archive, "type": record.type}
    for facet, value in single.items():
        if value:
            values.add((facet, value))
    for name in record.translators:
        values.add(("translator", name))
    for name in record.donors:
        values.add(("donor", name))
    return sorted(values)
