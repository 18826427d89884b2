"""Searching an archive: parse the query, ask the index, dress the hits.

The CLI, the web pages and the JSON API all call `search()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recto.search.base import SearchIndex
from recto.search.query import Query, describe, parse_query
from recto.search.snippets import Snippet, match_terms, snippets_for
from recto.store.base import Store

MAX_PER_PAGE = 100
MAX_OFFSET = 10_000  # deep paging is for export, not search


@dataclass
class Result:
    id: str
    title: str
    date: str | None
    date_precision: str | None
    languages: dict[str, list[str]]
    score: float
    invented: bool
    snippets: list[Snippet]

    def to_json(self) -> dict:
        data = {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "date_precision": self.date_precision,
            "languages": self.languages,
            "score": round(self.score, 4),
            "snippets": [s.to_json() for s in self.snippets],
        }
        if self.invented:
            data["invented"] = True
        return data


@dataclass
class SearchResults:
    query: str
    parsed: Query
    total: int
    page: int
    per_page: int
    results: list[Result]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict:
        data = {
            "query": self.query,
            "understood_as": describe(self.parsed),
            "sort": self.parsed.sort,
            "warnings": list(self.parsed.warnings),
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "results": [r.to_json() for r in self.results],
        }
        if self.facets:
            data["facets"] = {name: [{"value": v, "count": n} for v, n in values] for name, values in self.facets.items()}
        return data


def search(
    store: Store,
    index: SearchIndex,
    text: str,
    *,
    sort: str | None = None,
    page: int = 1,
    per_page: int = 20,
    facets: bool = False,
) -> SearchResults:
    query = parse_query(text, sort=sort)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    offset = min((page - 1) * per_page, MAX_OFFSET)
    found = index.search(query, offset=offset, limit=per_page, facets=facets)
    terms = match_terms(query.node, index.languages())
    results = []
    for hit in found.hits:
        record = store.get(hit.record_id).record
        results.append(
            Result(
                id=record.id,
                title=record.title,
                date=record.date,
                date_precision=record.date_precision,
                languages=record.languages,
                score=hit.score,
                invented=record.invented,
                snippets=snippets_for(record, terms),
            )
        )
    return SearchResults(text, query, found.total, page, per_page, results, found.facets)
