"""The store interface: what every backend (SQLite now, PostgreSQL later) provides.

A record is never edited in place. `put` compares the record with the
current revision: the same content is `unchanged`, new content is a new
revision (`revised`), an unknown id is `ingested` as revision 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from recto.record import Record

PutStatus = Literal["ingested", "revised", "unchanged"]


@dataclass(frozen=True)
class Provenance:
    """Where a revision came from: the raw bytes, the file and the reader."""

    raw: bytes
    path: str | None = None
    reader: str | None = None


@dataclass(frozen=True)
class PutResult:
    id: str
    status: PutStatus
    revision: int


@dataclass(frozen=True)
class StoredRecord:
    record: Record
    revision: int
    revisions: int
    content_hash: str
    created_at: str


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    content_hash: str
    created_at: str
    source_path: str | None
    reader: str | None


@dataclass(frozen=True)
class Derived:
    """A layer made from one revision of a record: its extraction, an alignment, a correction."""

    record_id: str
    revision: int
    layer: str  # extraction | alignment
    key: str  # which part of the record, e.g. "0-1/sentence"
    producer: str  # what made it and its version ("extract 1"), or "curator"
    data: Any  # JSON data; a str is taken as already serialised JSON when stored
    created_at: str = ""


@dataclass(frozen=True)
class RecordSummary:
    """What a listing shows, without loading the whole record."""

    id: str
    title: str
    date: str | None
    revision: int
    invented: bool


class Store(Protocol):
    def put(self, record: Record, provenance: Provenance | None = None) -> PutResult: ...

    def get(self, record_id: str, revision: int | None = None) -> StoredRecord:
        """The current (or given) revision; raises `recto.errors.NotFound`."""
        ...

    def revisions(self, record_id: str) -> list[RevisionInfo]: ...

    def raw_source(self, record_id: str, revision: int | None = None) -> bytes | None: ...

    def put_derived(self, layer: Derived) -> None: ...

    def derived(self, record_id: str, layer: str, revision: int | None = None) -> list[Derived]:
        """A record's rows of one derived layer, for its current (or given) revision."""
        ...

    def derived_by_key(self, layer: str, key: str) -> list[Derived]:
        """Rows of a layer, on current revisions, whose key is `key`."""
        ...

    def list(self, limit: int = 50, offset: int = 0) -> list[RecordSummary]:
        """Records by date, then id."""
        ...

    def neighbours(self, record_id: str) -> tuple[RecordSummary | None, RecordSummary | None]:
        """The records just before and after this one by date (then id)."""
        ...

    def count(self) -> int: ...

    def iter_records(self) -> Iterator[StoredRecord]:
        """Every record's current revision, by date then id, streamed."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing; nested inside another transaction it is a savepoint."""
        ...

    def batch(self) -> AbstractContextManager[None]:
        """Group many puts in one transaction (each put stays all-or-nothing)."""
        ...

    def close(self) -> None: ...
