"""The record: one archival document with its original text and translations.

A record is plain data. It is built by a reader (`recto.ingest`), stored as a
revision (`recto.store`), and turned to and from the JSON described by
`schema/record.schema.json`. Everything here is a dataclass with a
`to_json()`/`from_json()` pair so the round trip is lossless and explicit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

TextRole = Literal["original", "transcript", "translation"]
TEXT_ROLES: tuple[str, ...] = ("original", "transcript", "translation")
DatePrecision = Literal["day", "month", "year", "decade", "range"]


@dataclass(frozen=True)
class Annotation:
    """An editorial mark (`[...]`, `[Illegible brief handwritten note]`).

    Kept apart from the prose: `paragraph` is the index of the paragraph it
    belongs to and `offset` the character position within that paragraph where
    it stood. A standalone mark stood as a paragraph of its own just before
    paragraph `paragraph` (which may equal the number of paragraphs when the
    mark closes the text). `kind` says what the editor meant.
    """

    paragraph: int
    offset: int
    text: str
    kind: str  # omission | illegible | handwritten | stamp | signature | editorial
    standalone: bool = False  # the mark stood as a paragraph of its own, before `paragraph`

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"paragraph": self.paragraph, "offset": self.offset, "text": self.text, "kind": self.kind}
        if self.standalone:
            data["standalone"] = True
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Annotation:
        return cls(
            int(data["paragraph"]),
            int(data["offset"]),
            str(data["text"]),
            str(data["kind"]),
            bool(data.get("standalone", False)),
        )


@dataclass
class Text:
    """One text of a record: the original, a transcript or a translation."""

    role: str
    language: str  # BCP 47
    paragraphs: list[str] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"role": self.role, "language": self.language, "paragraphs": list(self.paragraphs)}
        if self.annotations:
            data["annotations"] = [a.to_json() for a in self.annotations]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Text:
        return cls(
            role=str(data["role"]),
            language=str(data["language"]),
            paragraphs=[str(p) for p in data.get("paragraphs", [])],
            annotations=[Annotation.from_json(a) for a in data.get("annotations", [])],
        )


@dataclass
class Source:
    """Where the document is held, as the citation gives it."""

    archive: str | None = None  # "Wilson Center Digital Archive"
    repository: str | None = None  # "PRC FMA", "RGANI"
    repository_name: str | None = None  # "Archive of the Ministry of Foreign Affairs of the PRC"
    reference: str | None = None  # "118-01767-01", "f. 5, op. 49, d. 131"
    pages: str | None = None  # "7-11", "ll. 193-194"
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})


@dataclass
class ContentItem:
    """One line of the export's Contents list: which scans and texts exist."""

    label: str  # as exported: "Translation - English"
    kind: str  # scan | text
    role: str | None = None  # original | transcript | translation
    language: str | None = None  # BCP 47

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ContentItem:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})


@dataclass
class Record:
    id: str
    title: str
    date: str | None = None  # EDTF: 1962-08-10, 1962-08, 1962, 196X, 1962-05-01/1962-05-03
    date_precision: str | None = None
    date_text: str | None = None  # the date as the export wrote it
    type: str | None = None
    summary: str | None = None
    citation: str | None = None
    source: Source = field(default_factory=Source)
    translators: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    donors: list[str] = field(default_factory=list)
    credits: str | None = None  # the credits sentence verbatim
    languages: dict[str, list[str]] = field(default_factory=dict)  # {"original": ["zh"], "translation": ["en"]}
    contents: list[ContentItem] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    invented: bool = False  # an example written for Recto, not a real document
    extra: dict[str, str] = field(default_factory=dict)  # export sections Recto does not model yet

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "type": self.type,
            "summary": self.summary,
            "citation": self.citation,
            "source": self.source.to_json(),
            "translators": list(self.translators),
            "editors": list(self.editors),
            "donors": list(self.donors),
            "credits": self.credits,
            "languages": {k: list(v) for k, v in self.languages.items()},
            "contents": [c.to_json() for c in self.contents],
            "texts": [t.to_json() for t in self.texts],
            "keywords": list(self.keywords),
        }
        if self.invented:
            data["invented"] = True
        if self.extra:
            data["extra"] = dict(self.extra)
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            date=data.get("date"),
            date_precision=data.get("date_precision"),
            date_text=data.get("date_text"),
            type=data.get("type"),
            summary=data.get("summary"),
            citation=data.get("citation"),
            source=Source.from_json(data.get("source") or {}),
            translators=list(data.get("translators", [])),
            editors=list(data.get("editors", [])),
            donors=list(data.get("donors", [])),
            credits=data.get("credits"),
            languages={k: list(v) for k, v in (data.get("languages") or {}).items()},
            contents=[ContentItem.from_json(c) for c in data.get("contents", [])],
            texts=[Text.from_json(t) for t in data.get("texts", [])],
            keywords=list(data.get("keywords", [])),
            invented=bool(data.get("invented", False)),
            extra=dict(data.get("extra") or {}),
        )

    def canonical_json(self) -> str:
        """The record as one stable JSON string: what a revision stores and hashes."""
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def text(self, role: str) -> Text | None:
        """The first text with this role, if any."""
        return next((t for t in self.texts if t.role == role), None)
