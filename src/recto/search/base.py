"""The search index interface: what every backend (SQLite FTS5 now, PostgreSQL later) provides.

Backends index the same analysed terms (`recto.search.analysis`), so a query
means the same thing whichever backend answers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from recto.record import Record
from recto.search.documents import Document
from recto.search.query import Query

FACETS = ("lang", "year", "decade", "repository", "type", "translator", "donor", "archive", "person", "place", "organization")


@dataclass(frozen=True)
class Hit:
    record_id: str
    score: float  # higher is better


@dataclass
class Page:
    """One page of hits, the total, and facet counts over all hits when asked."""

    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class SearchIndex(Protocol):
    def update(self, record: Record, revision: int, previous: Record | None, prepared: Document | None = None) -> None:
        """Replace the record's entry (made from `previous`, if any) by one for `record`.

        `prepared` is `documents.document(record)` when the caller already has
        it (ingest builds it in worker processes). Runs inside the store's
        transaction, so a search right after sees it.
        """
        ...

    def indexed_revision(self, record_id: str) -> int | None:
        """The revision the index holds for this record, if any."""
        ...

    def search(self, query: Query, *, offset: int = 0, limit: int = 20, facets: bool = False) -> Page: ...

    def rebuild(self, records: Iterable[tuple[Record, int]]) -> int:
        """Drop every entry and index these (record, revision) pairs; returns how many."""
        ...

    def close(self) -> None:
        """Let go of what searching holds besides the store's connection (worker threads)."""

    def languages(self) -> list[str]:
        """Languages of the indexed texts, for query analysis."""
        ...
