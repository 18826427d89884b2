"""The embedded search index: SQLite FTS5 over Recto's own analysed terms.

FTS5's tokenizer only splits the already-analysed terms on spaces; all the
language work happens in `recto.search.analysis`. Queries are turned into
FTS5 expressions in which every term is a quoted string made of analysed
terms only, so nothing a user types reaches FTS5's syntax or SQL.
"""

from __future__ import annotations

import os
import re
import string
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from recto.errors import RectoError
from recto.record import Record
from recto.search import ranking
from recto.search.analysis import ANALYSER_VERSION, query_pairs, query_patterns, query_words
from recto.search.base import FACETS, Hit, Page
from recto.search.documents import FIELD_COLUMNS, FIELDS, PAIRS, Document, analysed_fields, document
from recto.search.query import And, DateRange, Filter, Not, Or, Query, Term
from recto.sqlite_driver import sqlite3
from recto.text.langid import base

_COLUMNS = ", ".join(FIELDS)
_MARKS = ", ".join("?" * len(FIELDS))
FACET_LIMIT = 30  # values shown per facet
SLICES = min(os.cpu_count() or 1, 4)  # rankings by relevance run over this many rowid ranges at once
TermFinder = Callable[[str, bool], bool]  # (term, is a prefix) -> the index holds it
T = TypeVar("T")
Keep = Callable[[np.ndarray], np.ndarray]  # docs -> which of them pass
_LAST_ROWID = 2**63 - 1
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # what SQLite's NOCASE folds
_ONE_PHRASE = re.compile(r'(\{[^{}"]*\} : )?"(?:[^"]|"")*"( \*)?')  # as `_term_expression` writes one


class IndexOutOfDate(RectoError):
    """The index must be rebuilt (`recto reindex`) before it can be used."""


class SQLiteIndex:
    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._score = ranking.score(db)  # the SQL that scores a hit (bm25's formula)
        self._languages: list[str] | None = None
        self._writes = 0  # this connection's changes, which PRAGMA data_version does not count
        self._tables: dict[str, tuple[tuple[int, int], object]] = {}  # FacetTable, DateTable, by the version read
        self._pool: ThreadPoolExecutor | None = None
        self._readers = threading.local()  # each worker thread's own read-only connection
        self._opened: list[sqlite3.Connection] = []  # those connections, closed with the index
        self._has_vocabulary = False  # whether temp.search_vocab exists on this connection

    @property
    def scorer(self) -> str:
        """The SQL function that scores hits here: recto_bm25, or FTS5's bm25 where it was not built."""
        return self._score.split("(")[0]

    # -- writing ------------------------------------------------------------------

    def update(self, record: Record, revision: int, previous: Record | None, prepared: Document | None = None) -> None:
        row = self.db.execute("SELECT doc FROM search_docs WHERE record_id = ?", (record.id,)).fetchone()
        if row and previous is not None:
            self._delete_terms(row[0], previous)
        doc_data = prepared or document(record)
        start, end = doc_data.date_start, doc_data.date_end
        if row:
            doc = row[0]
            self.db.execute(
                "UPDATE search_docs SET revision = ?, date_start = ?, date_end = ? WHERE doc = ?", (revision, start, end, doc)
            )
            self.db.execute("DELETE FROM search_facets WHERE doc = ?", (doc,))
        else:
            doc = self.db.execute(
                "INSERT INTO search_docs (record_id, revision, date_start, date_end) VALUES (?, ?, ?, ?)",
                (record.id, revision, start, end),
            ).lastrowid
        self.db.execute(f"INSERT INTO search_fts (rowid, {_COLUMNS}) VALUES (?, {_MARKS})", (doc, *doc_data.fields))
        self.db.executemany(
            "INSERT INTO search_facets (doc, facet, value) VALUES (?, ?, ?)", [(doc, f, v) for f, v in doc_data.facets]
        )
        self._languages = None
        self._writes += 1

    def indexed_revision(self, record_id: str) -> int | None:
        row = self.db.execute("SELECT revision FROM search_docs WHERE record_id = ?", (record_id,)).fetchone()
        return row[0] if row else None

    def _delete_terms(self, doc: int, previous: Record) -> None:
        # A contentless FTS5 row is deleted by giving back exactly what was inserted.
        self.db.execute(
            f"INSERT INTO search_fts (search_fts, rowid, {_COLUMNS}) VALUES ('delete', ?, {_MARKS})",
            (doc, *analysed_fields(previous)),
        )

    def rebuild(self, records: Iterable[tuple[Record, int]]) -> int:
        self.db.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        self.db.execute("DELETE FROM search_facets")
        self.db.execute("DELETE FROM search_docs")
        self._writes += 1
        count = 0
        for record, revision in records:
            self.update(record, revision, None)
            count += 1
        self.db.execute(
            "INSERT INTO search_meta (key, value) VALUES ('analyser', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (ANALYSER_VERSION,),
        )
        return count

    def check_version(self) -> None:
        """Refuse to work on an index built by another analyser: its terms would not match."""
        row = self.db.execute("SELECT value FROM search_meta WHERE key = 'analyser'").fetchone()
        if row is None:
            has_records = self.db.execute("SELECT 1 FROM records LIMIT 1").fetchone() is not None
            has_docs = self.db.execute("SELECT 1 FROM search_docs LIMIT 1").fetchone() is not None
            if has_records and not has_docs:
                raise IndexOutOfDate("this archive has no search index yet; build it with: recto reindex")
            self.db.execute("INSERT OR IGNORE INTO search_meta (key, value) VALUES ('analyser', ?)", (ANALYSER_VERSION,))
            return
        if row[0] != ANALYSER_VERSION:
            raise IndexOutOfDate("the search index was built by another version of Recto; rebuild it with: recto reindex")

    def optimize(self) -> None:
        self.db.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    # -- reading ------------------------------------------------------------------

    def languages(self) -> list[str]:
        if self._languages is None:
            rows = self.db.execute("SELECT DISTINCT value FROM search_facets WHERE facet = 'lang' ORDER BY value").fetchall()
            self._languages = [r[0] for r in rows]
        return self._languages

    def search(self, query: Query, *, offset: int = 0, limit: int = 20, facets: bool = False) -> Page:
        matching = query.node is not None and _split_negations(query.node)[0] is not None
        ranked = matching and query.sort == "relevance"
        by_id = any(f.field == "id" for f in query.filters)
        # recto_bm25 hands every hit back, so facet filters and dates can sort them afterwards,
        # from tables in memory: in SQL each slice built its own table of a language's records,
        # or read every hit's dates. Not inside a transaction, where each write would reload them.
        afterwards = (
            ranked and self._score == ranking.RECTO_BM25 and not by_id and bool(query.filters or query.dates) and not self.db.in_transaction
        )
        # A ranking whose SQL reads nothing of search_docs (dates, ids) leaves it out of the
        # join: reading it was a tenth to a quarter of a filtered ranking's work. The `+`
        # keeps FTS5 from taking the filter's records as the rowids to look up one by one.
        alone = afterwards or (ranked and query.dates is None and not by_id)
        doc = "+search_fts.rowid" if alone else "d.doc"
        where, params = self._where(query, doc, filters=not afterwards)
        if where is None:
            return Page([], 0, {f: [] for f in FACETS} if facets else {})
        if alone:
            source = "search_fts"
        elif matching:
            # CROSS JOIN keeps FTS5 the outer loop: led by a filter, SQLite would look
            # every record of a language or period up in FTS5 one at a time.
            source = "search_fts CROSS JOIN search_docs d ON d.doc = search_fts.rowid"
        else:
            source = "search_docs d"
        if ranked:
            # Count the hits already scored, and take the facets' hits from the same
            # pass, rather than match them all again; read only the page's names.
            keep = (lambda docs: self._passing(query, docs)) if afterwards else None
            found = self._ranked(source, where, params, offset + limit, with_docs=facets, keep=keep)
            page = found.best[offset:]
            marks = ", ".join("?" * len(page))
            names = dict(self.db.execute(f"SELECT doc, record_id FROM search_docs WHERE doc IN ({marks})", [d for d, _ in page]))
            # A doc another process deleted since the slices read it is left out.
            hits = [Hit(names[doc], -float(score)) for doc, score in page if doc in names]
            if not facets:
                return Page(hits, found.total)
            return Page(hits, found.total, self._facet_table().count(found.docs))
        direction = "DESC" if query.sort == "-date" else ""
        order = f"d.date_start IS NULL, d.date_start {direction}, d.record_id"
        rows = self.db.execute(
            f"SELECT d.record_id FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        hits = [Hit(r[0], 0.0) for r in rows]
        if not facets:
            return Page(hits, self.db.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0])
        docs = self._hits(source, doc, where, params)  # every hit is read for the facets anyway, and so counted
        return Page(hits, len(docs), self._facet_table().count(docs))

    def _ranked(
        self, source: str, where: str, params: tuple, top: int, with_docs: bool = False, keep: Keep | None = None
    ) -> Ranking:
        """The best `top` (doc, score) of a matching query, best first, how many records match
        and, `with_docs`, all of them. `keep` (recto_bm25 only) tells which hits pass filters
        that the SQL left out.

        Scoring every hit of a common phrase is most of a search's time, so a
        committed index is ranked in SLICES rowid ranges at once, each on its
        own connection (SQLite lets go of the GIL while it works). bm25's
        statistics (rows, average length, each phrase's idf) come from the
        whole table whatever the range, so the scores, and so the merged
        order, are exactly those of one pass.
        Inside a transaction only this connection sees the writes: one pass.
        """
        top = max(top, 1)  # a ranking with no best row has scored none
        if self._score != ranking.RECTO_BM25:
            # A last row carries the count and, listed in one string (`_docs`), every doc.
            sql = (
                f"WITH hits AS MATERIALIZED (SELECT search_fts.rowid AS doc, {self._score} AS score FROM {source} "
                f"WHERE {where} AND search_fts.rowid BETWEEN ? AND ?), "
                "best AS (SELECT doc, score FROM hits ORDER BY score, doc LIMIT ?) "
                f"SELECT doc, score, NULL FROM best UNION ALL SELECT NULL, count(*), {'group_concat(doc)' if with_docs else 'NULL'} FROM hits"
            )
            parts = self._in_slices(lambda db, first, last: _rank(db, sql, (*params, first, last, top)))
            best = sorted((hit for part in parts for hit in part.best), key=_by_score)[:top]
            return Ranking(best, sum(part.total for part in parts), np.concatenate([part.docs for part in parts]))
        # The query alone, one phrase, no filter: every row it scores is a row its idf counts.
        unscaled = source == "search_fts" and where == "search_fts MATCH ?" and _ONE_PHRASE.fullmatch(params[0]) is not None
        # recto_bm25 notes every row it scores and the score: the best, the count and the docs
        # come from those notes. The SQL only has it score every hit, as a result column,
        # so that it scores none that a filter turns away.
        sql = (
            f"SELECT {ranking.RECTO_BM25_UNSCALED if unscaled else self._score} AS score FROM {source} "
            f"WHERE {where} AND search_fts.rowid BETWEEN ? AND ? ORDER BY score LIMIT 1"
        )
        parts = self._in_slices(lambda db, first, last: _scored(db, sql, (*params, first, last)))
        hit_docs, hit_scores, rows = zip(*parts)
        docs, scores = np.concatenate(hit_docs), np.concatenate(hit_scores)
        if unscaled and len(docs):  # every hit of the phrase, filters or not, as bm25 counts them
            scores *= self.db.execute("SELECT recto_bm25_idf(?, ?)", (max(rows), len(docs))).fetchone()[0]
        if keep is not None:
            passing = keep(docs)
            docs, scores = docs[passing], scores[passing]
        return Ranking(_best(docs, scores, top), len(docs), docs)

    def _in_slices(self, rank: Callable[[sqlite3.Connection, int, int], T]) -> list[T]:
        """`rank(connection, first rowid, last rowid)` over SLICES ranges of the index's rows at
        once, each on its own connection, or over all of them on this one (see `_ranked`)."""
        last = self.db.execute("SELECT max(doc) FROM search_docs").fetchone()[0] or 0
        path = self._path()
        if SLICES < 2 or self.db.in_transaction or not path or last < 2 * SLICES:
            return [rank(self.db, 0, _LAST_ROWID)]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(SLICES, thread_name_prefix="recto-search")
        # The last range is open: it also holds rows another process added since `last` was read.
        bounds = [last * i // SLICES for i in range(SLICES)] + [_LAST_ROWID]
        return list(self._pool.map(lambda i: rank(self._reader(path), bounds[i] + 1, bounds[i + 1]), range(SLICES)))

    def _reader(self, path: str) -> sqlite3.Connection:
        """This worker thread's read-only connection to the archive file."""
        reader = getattr(self._readers, "db", None)
        if reader is None:
            # check_same_thread=False only so that close() may close it; one thread uses it.
            reader = self._readers.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            ranking.score(reader)  # the scorer of the index's own connection: the same library loads
            self._opened.append(reader)
        return reader

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        for reader in self._opened:
            reader.close()
        self._opened.clear()
        self._readers = threading.local()

    def _path(self) -> str:
        """The database file, or "" for an in-memory one (which other connections cannot open)."""
        return next((r[2] for r in self.db.execute("PRAGMA database_list") if r[1] == "main"), "")

    def _hits(self, source: str, doc: str, where: str, params: tuple) -> np.ndarray:
        docs = self.db.execute(f"SELECT group_concat({doc}) FROM {source} WHERE {where}", params).fetchone()[0]
        return _docs(docs)

    def _term_finder(self) -> TermFinder:
        """Whether the index holds a term (or, for a prefix, any term starting so), asked once a term.

        A query is analysed once for each language the archive holds, and most
        of these alternatives name a term that no text has (the German stem of
        an English word): leaving them out changes no match and no score, and
        spares FTS5 a phrase per alternative in every matching record.
        """
        seen: dict[tuple[str, bool], bool] = {}
        # A prefix is looked up in the index's list of terms: as a query, FTS5 would first
        # gather the postings of every term it names (milliseconds for one Chinese character),
        # where the list reads one. A whole term is quickest as a query (the list counts its postings).
        if not self._has_vocabulary:  # a temp table: once a connection
            self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, 'search_fts', 'row')")
            self._has_vocabulary = True

        def known(term: str, prefix: bool) -> bool:
            if (term, prefix) not in seen:
                if prefix:
                    sql, params = "SELECT 1 FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT 1", (term, _after(term))
                else:
                    sql, params = "SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1", (_quoted((term,)),)
                seen[term, prefix] = self.db.execute(sql, params).fetchone() is not None
            return seen[term, prefix]

        return known

    def _facet_table(self) -> FacetTable:
        """Every record's facet values in memory, reloaded when any connection has written."""
        # A row per value, its docs in one string: a row per doc took ten times as long. Values
        # that differ only in ASCII case are one, as a filter reads them (and as the index orders them).
        sql = "SELECT facet, value, group_concat(doc) FROM search_facets GROUP BY facet, value"
        return self._table("facets", lambda: FacetTable(self.db.execute(sql)))

    def _date_table(self) -> DateTable:
        """Every record's dates in memory, reloaded when any connection has written."""
        sql = "SELECT group_concat(doc), group_concat(ifnull(date_start, '')), group_concat(ifnull(date_end, '')) FROM search_docs"
        return self._table("dates", lambda: DateTable(*self.db.execute(sql).fetchone()))

    def _table(self, name: str, load: Callable[[], T]) -> T:
        version = (self.db.execute("PRAGMA data_version").fetchone()[0], self._writes)
        if name not in self._tables or self._tables[name][0] != version:
            self._tables[name] = (version, load())
        return self._tables[name][1]  # type: ignore[return-value]

    def _passing(self, query: Query, docs: np.ndarray) -> np.ndarray:
        """Which of `docs` pass the query's facet filters and dates, as `_where`'s SQL would tell."""
        passing = self._facet_table().passing(docs, query.filters) if query.filters else np.ones(len(docs), dtype=bool)
        if query.dates is not None:
            passing &= self._date_table().passing(docs, query.dates)
        return passing

    def _where(self, query: Query, doc: str = "d.doc", filters: bool = True) -> tuple[str | None, tuple]:
        """The WHERE clause and its parameters, naming a record's row `doc`, with the query's
        filters and dates or, not `filters`, its text alone; None when the query can match nothing."""
        clauses: list[str] = []
        params: list[object] = []
        if query.node is not None:
            positive, negative = _split_negations(query.node)
            languages, known = self.languages(), self._term_finder()
            if positive is not None:
                expression = fts_expression(positive, languages, known)
                if expression is None:
                    return None, ()
                clauses.append("search_fts MATCH ?")
                params.append(expression)
            for node in negative:
                expression = fts_expression(node, languages, known)
                if expression:
                    clauses.append(f"{doc} NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)")
                    params.append(expression)
        for (name, negated), values in _by_field(query.filters if filters else ()).items():
            if name == "id":
                marks = ", ".join("?" * len(values))
                clauses.append(f"d.record_id {'NOT ' if negated else ''}IN ({marks})")
                params.extend(values)
                continue
            marks = ", ".join("?" * len(values))
            clauses.append(
                f"{doc} {'NOT ' if negated else ''}IN (SELECT doc FROM search_facets WHERE facet = ? AND value IN ({marks}))"
            )
            params.extend([name, *values])
        if query.dates is not None and filters:
            if query.dates.start:
                clauses.append("d.date_end >= ?")
                params.append(query.dates.start)
            if query.dates.end:
                clauses.append("d.date_start <= ?")
                params.append(query.dates.end)
        return (" AND ".join(clauses) or "1"), tuple(params)


class FacetTable:
    """Facet values of every record as parallel arrays, so that counting them
    over tens of thousands of hits is one vectorised pass, not a GROUP BY."""

    def __init__(self, groups: Iterable[tuple[str, str, str]]):
        """`groups`: (facet, value, its docs as `group_concat` lists them), a row per value."""
        self.keys: list[tuple[str, str]] = []
        self._codes: dict[tuple[str, str], list[int]] = {}  # by facet and value as SQLite's NOCASE compares it
        docs = []
        for facet, value, listed in groups:
            self._codes.setdefault((facet, value.translate(_ASCII_LOWER)), []).append(len(self.keys))
            self.keys.append((facet, value))
            docs.append(_docs(listed))
        self.docs = np.concatenate(docs) if docs else _docs(None)
        self.codes = np.repeat(np.arange(len(docs), dtype=np.int64), [len(d) for d in docs])
        self.size = int(self.docs.max()) + 1 if len(self.docs) else 0

    def passing(self, docs: np.ndarray, filters: Iterable[Filter]) -> np.ndarray:
        """Which of `docs` pass the filters, as `_where`'s SQL reads them: a field's values ORed, fields ANDed."""
        passing = np.ones(len(docs), dtype=bool)
        for (name, negated), values in _by_field(filters).items():
            wanted = np.zeros(len(self.keys), dtype=bool)
            for value in values:
                wanted[self._codes.get((name, value.translate(_ASCII_LOWER)), [])] = True
            having = np.zeros(self.size, dtype=bool)
            having[self.docs[wanted[self.codes]]] = True
            has = _at(having, docs)
            passing &= ~has if negated else has
        return passing

    def count(self, hits: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        counts: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
        if not self.size or not hits.size:
            return counts
        chosen = np.zeros(self.size, dtype=bool)
        chosen[hits[hits < self.size]] = True
        tally = np.bincount(self.codes[chosen[self.docs]], minlength=len(self.keys))
        for code in np.flatnonzero(tally):
            facet, value = self.keys[code]
            counts.setdefault(facet, []).append((value, int(tally[code])))
        for facet, values in counts.items():
            # Years and decades read best in order; the rest by how many records they hold.
            if facet in ("year", "decade"):
                values.sort()
            else:
                values.sort(key=lambda v: (-v[1], v[0]))
                del values[FACET_LIMIT:]
        return counts


class DateTable:
    """Every record's first and last day (ISO strings, as search_docs holds them), by doc."""

    def __init__(self, docs: str | None, starts: str | None, ends: str | None):
        """The docs, and their days ("" for none), as `group_concat` lists them (ISO days hold no comma)."""
        index = _docs(docs)
        size = int(index.max()) + 1 if len(index) else 0
        self.starts, self.ends = (_by_doc(index, size, days) for days in (starts, ends))
        self.dated = (self.starts != "") & (self.ends != "")  # SQL's comparisons with NULL fail

    def passing(self, docs: np.ndarray, dates: DateRange) -> np.ndarray:
        """Which of `docs` overlap the range: `date_end >= start AND date_start <= end`, as in `_where`."""
        overlapping = self.dated.copy()
        if dates.start:
            overlapping &= self.ends >= dates.start
        if dates.end:
            overlapping &= self.starts <= dates.end
        return _at(overlapping, docs)


def _by_field(filters: Iterable[Filter]) -> dict[tuple[str, bool], list[str]]:
    """Filters' values by (field, negated), as the index stores them: a field's values are ORed."""
    by_field: dict[tuple[str, bool], list[str]] = {}
    for f in filters:
        by_field.setdefault((f.field, f.negated), []).append(_facet_value(f.field, f.value))
    return by_field


def _at(by_doc: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """`by_doc[docs]`, False for docs past its end (records it has never seen)."""
    found = np.zeros(len(docs), dtype=bool)
    inside = docs < len(by_doc)
    found[inside] = by_doc[docs[inside]]
    return found


def _by_doc(docs: np.ndarray, size: int, listed: str | None) -> np.ndarray:
    """Strings listed by `group_concat` in the order of `docs`, placed at their doc ("" elsewhere)."""
    values = np.array(listed.split(",") if listed else [], dtype=str)  # as wide as the widest
    placed = np.zeros(size, dtype=values.dtype)
    placed[docs] = values
    return placed


@dataclass
class Ranking:
    best: list[tuple[int, float]]  # (doc, score), best first
    total: int  # how many records match
    docs: np.ndarray  # all of them, when asked for (else none); recto_bm25 always gives them


def _rank(db: sqlite3.Connection, sql: str, params: tuple) -> Ranking:
    """The `_ranked` query's rows: the best, and one (its doc NULL) of the count and every doc."""
    rows = db.execute(sql, params).fetchall()
    _, total, docs = next(r for r in rows if r[0] is None)
    best = sorted(((r[0], r[1]) for r in rows if r[0] is not None), key=_by_score)
    return Ranking(best, total, _docs(docs))


def _scored(db: sqlite3.Connection, sql: str, params: tuple) -> tuple[np.ndarray, np.ndarray, int]:
    """The docs a ranking by recto_bm25 scored (so all its hits), their scores, and the rows of the table."""
    if db.execute(sql, params).fetchone() is None:
        return _docs(None), np.zeros(0), 0  # nothing was scored: the notes are another statement's
    docs, scores, rows = db.execute("SELECT recto_bm25_hits(), recto_bm25_scores(), recto_bm25_rows()").fetchone()
    return np.frombuffer(docs, dtype=np.int64), np.frombuffer(scores, dtype=np.float64), rows


def _best(docs: np.ndarray, scores: np.ndarray, top: int) -> list[tuple[int, float]]:
    """The `top` best (doc, score), in the order of `ORDER BY score, doc`."""
    if len(scores) > top:
        chosen = np.flatnonzero(scores <= np.partition(scores, top - 1)[top - 1])  # with every tie at the edge
    else:
        chosen = np.arange(len(scores))
    chosen = chosen[np.lexsort((docs[chosen], scores[chosen]))][:top]
    return list(zip(docs[chosen].tolist(), scores[chosen].tolist()))


def _by_score(hit: tuple[int, float]) -> tuple[float, int]:
    """A (doc, score) hit's place in a ranking: best score first (bm25's are negative), ties by doc, as the SQL orders them."""
    return hit[1], hit[0]


def _docs(listed: str | None) -> np.ndarray:
    """Docs as `group_concat` lists them: one string crosses into Python far faster than a row each."""
    return np.fromstring(listed, dtype=np.int64, sep=",") if listed else np.zeros(0, dtype=np.int64)


def _after(prefix: str) -> str:
    """The least string above every string that starts with `prefix`."""
    last = ord(prefix[-1]) + 1
    return prefix[:-1] + chr(0xE000 if 0xD800 <= last < 0xE000 else last)  # no surrogates: UTF-8 cannot hold them


def _facet_value(field: str, value: str) -> str:
    if field == "lang":
        return base(value)
    if field == "decade" and value.isdigit():
        return f"{value}s"
    return value


def _split_negations(node):  # -> tuple[Node | None, list[Node]]
    """A top-level query as (what must match, what must not)."""
    if isinstance(node, Not):
        return None, [node.node]
    if isinstance(node, And):
        positive = [n for n in node.nodes if not isinstance(n, Not)]
        negative = [n.node for n in node.nodes if isinstance(n, Not)]
        if not positive:
            return None, negative
        return (positive[0] if len(positive) == 1 else And(tuple(positive))), negative
    return node, []


def fts_expression(node, languages: list[str], known: TermFinder = lambda term, prefix: True) -> str | None:
    """An FTS5 MATCH expression for a query node; None when it can match nothing.

    `known` tells whether the index holds a term; alternatives with a term it
    lacks are left out.
    """
    if isinstance(node, Term):
        return _term_expression(node, languages, known)
    if isinstance(node, Or):
        parts = [p for p in (fts_expression(n, languages, known) for n in node.nodes) if p]
        return " OR ".join(f"({p})" for p in parts) if parts else None
    if isinstance(node, And):
        positive = [fts_expression(n, languages, known) for n in node.nodes if not isinstance(n, Not)]
        negative = [fts_expression(n.node, languages, known) for n in node.nodes if isinstance(n, Not)]
        if any(p is None for p in positive) or not positive:
            return None
        expression = " AND ".join(f"({p})" for p in positive)
        for n in negative:
            if n:
                expression = f"({expression}) NOT ({n})"
        return expression
    if isinstance(node, Not):
        return None  # a lone NOT inside OR cannot be expressed; it matches nothing by itself
    return None


def _term_expression(term: Term, languages: list[str], known: TermFinder) -> str | None:
    columns = FIELD_COLUMNS.get(term.field, ()) if term.field else ()
    alternatives = []
    for pattern in query_patterns(term.text, languages):
        # A phrase of words is matched as the phrase of its pairs: the same records, shorter position lists.
        pairs = query_pairs(pattern.terms)
        terms = pairs or pattern.terms
        *leading, last = terms
        if all(known(t, False) for t in leading) and known(last, pattern.prefix_last):
            phrase = _quoted(terms) + (" *" if pattern.prefix_last else "")
            alternatives.append(_in_columns(tuple(PAIRS[c] for c in columns) if pairs else columns, phrase))
    if not alternatives:
        return None
    words = query_words(term.text) if not term.field else ()
    if words and all(known(w, False) for w in words):  # ranks records holding the query as whole words higher; matches nothing new
        alternatives.append(_quoted(words))
    expression = " OR ".join(alternatives)
    return f"({expression})" if len(alternatives) > 1 else expression


def _in_columns(columns: tuple[str, ...], phrase: str) -> str:
    """`phrase` matched in `columns` only; anywhere when there are none."""
    return f"{{{' '.join(columns)}}} : {phrase}" if columns else phrase


def _quoted(terms: tuple[str, ...]) -> str:
    """Analysed terms as one FTS5 string: nothing in them is read as FTS5 syntax."""
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'
