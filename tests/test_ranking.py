"""recto_bm25 (src/recto/search/ftsrank.c) gives FTS5's bm25() scores, from its cache of row sizes or without it."""

from __future__ import annotations

import random

import numpy as np
import pytest

from machine import unavailable
from paths import EXPORTS, REFERENCE
from recto.archive import Archive
from recto.search import ranking, sqlite_index
from recto.search.query import parse_query
from recto.sqlite_driver import sqlite3

WORDS = [f"w{i}" for i in range(60)]
# Words, phrases, alternatives, negations, column filters and prefixes, as Recto's queries have.
QUERIES = ['"w0"', '"w1" "w2"', '"w0 w1"', '"w3" OR "w40"', "a : w2", '"w0" NOT "w1"', "w1*", "{a b} : w4 w5", "NEAR(w0 w2, 3)"]
ROWS = 3000  # more than a statement looks up one by one before it reads the table's sizes


def require_built() -> None:
    if ranking.library() is None:
        unavailable(
            "recto_bm25 is not built: install a C compiler and SQLite's headers (apt-get install gcc libsqlite3-dev), "
            "then reinstall Recto (make install)", "compiled ranking function"
        )


def connect(path) -> sqlite3.Connection:
    require_built()
    db = sqlite3.connect(path, isolation_level=None)
    assert ranking.score(db) == ranking.RECTO_BM25  # built, so it loads
    return db


ZIPF = [1 / rank for rank in range(1, len(WORDS) + 1)]  # a few words in most rows, most words in few


def text(rng: random.Random, length: int) -> str:
    return " ".join(rng.choices(WORDS, ZIPF, k=length))


def fill(db: sqlite3.Connection, rows: range, seed: int, table: str = "t") -> None:
    rng = random.Random(seed)
    outside = not db.in_transaction
    if outside:
        db.execute("BEGIN")
    db.executemany(
        f"INSERT INTO {table} (rowid, a, b, c) VALUES (?, ?, ?, ?)",
        [(i, text(rng, rng.randint(1, 6)), text(rng, rng.randint(0, 30)), text(rng, rng.randint(0, 200))) for i in rows],
    )
    if outside:
        db.execute("COMMIT")


def assert_same_scores(db: sqlite3.Connection, table: str = "t", queries: list[str] = QUERIES) -> None:
    weights = "8.0, 3.0, 1.0"
    for query in queries:
        sql = f"SELECT rowid, {{}} FROM {table} WHERE {table} MATCH ? ORDER BY rowid"
        ours = db.execute(sql.format(f"recto_bm25({table}, '{table}', {weights})"), (query,)).fetchall()
        theirs = db.execute(sql.format(f"bm25({table}, {weights})"), (query,)).fetchall()
        assert ours == theirs, query  # exactly: the same formula, term for term
        assert ours, query


def cached(db: sqlite3.Connection, table: str = "t") -> int:
    return db.execute("SELECT recto_bm25_cached(?)", (table,)).fetchone()[0]


@pytest.fixture
def db(tmp_path):
    db = connect(tmp_path / "t.db")
    db.execute("PRAGMA journal_mode = wal")
    db.execute("CREATE VIRTUAL TABLE t USING fts5 (a, b, c)")
    fill(db, range(1, ROWS + 1), seed=1)
    yield db
    db.close()


def test_scores_are_bm25s_and_a_large_ranking_fills_the_cache(db):
    assert cached(db) == 0
    db.execute("SELECT recto_bm25(t, 't') FROM t WHERE t MATCH 'w1*'").fetchall()
    assert cached(db) == ROWS
    assert_same_scores(db)
    assert cached(db) == ROWS


def test_a_small_ranking_looks_its_rows_up_and_leaves_the_cache_alone(db):
    rare = db.execute("SELECT count(*) FROM t WHERE t MATCH 'w59'").fetchone()[0]
    assert 0 < rare < 2000
    db.execute("SELECT recto_bm25(t, 't') FROM t WHERE t MATCH 'w59'").fetchall()
    assert cached(db) == 0


def test_the_cache_follows_this_connections_writes(db):
    assert_same_scores(db)
    # Rows made longer and shorter, rows deleted, rows added: every size changes somewhere.
    db.execute("UPDATE t SET c = c || ' ' || c WHERE rowid % 3 = 0")
    db.execute("UPDATE t SET c = '' WHERE rowid % 7 = 0")
    db.execute("DELETE FROM t WHERE rowid % 5 = 0")
    fill(db, range(ROWS + 1, ROWS + 500), seed=2)
    assert cached(db) == 0  # out of date
    assert_same_scores(db)
    assert cached(db) == db.execute("SELECT count(*) FROM t").fetchone()[0]


def test_the_cache_follows_other_connections_commits(db, tmp_path):
    assert_same_scores(db)
    other = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    other.execute("UPDATE t SET b = b || ' w1 w1 w1' WHERE rowid % 2 = 0")
    other.close()
    assert_same_scores(db)  # half the rows are longer: sizes read before the commit would score them otherwise
    assert cached(db) == ROWS


def test_inside_a_transaction_and_after_its_rollback(db):
    assert_same_scores(db)
    db.execute("BEGIN")
    db.execute("UPDATE t SET c = c || ' w2 w2' WHERE rowid % 2 = 1")
    fill(db, range(ROWS + 1, ROWS + 300), seed=3)
    assert_same_scores(db)  # ranked row by row: only this connection sees these rows
    assert cached(db) == 0
    db.execute("ROLLBACK")
    assert_same_scores(db)  # the sizes read before the transaction are not trusted after it
    assert cached(db) == ROWS


@pytest.mark.parametrize("options", ["content = ''", "c UNINDEXED", "columnsize = 0", "detail = column"])
def test_tables_of_every_kind(tmp_path, options):
    db = connect(tmp_path / "k.db")
    columns = "a, b, c UNINDEXED" if options == "c UNINDEXED" else f"a, b, c, {options}"
    db.execute(f"CREATE VIRTUAL TABLE k USING fts5 ({columns})")
    fill(db, range(1, ROWS + 1), seed=4, table="k")
    # detail=column keeps no positions: no phrases of several words, no NEAR.
    queries = QUERIES if options != "detail = column" else [q for q in QUERIES if '"w0 w1"' != q and "NEAR" not in q]
    assert_same_scores(db, "k", queries)
    if options == "columnsize = 0":
        assert cached(db, "k") == 0  # no sizes to read: each row is measured by FTS5


def test_a_ranking_hands_back_the_rows_it_scored_and_only_those(db):
    for query in QUERIES:
        # A filter beside the match: only the rows that pass it are scored, so counted.
        top = db.execute(
            "SELECT rowid, recto_bm25(t, 't') AS s FROM t WHERE t MATCH ? AND rowid % 3 = 0 ORDER BY s LIMIT 3", (query,)
        ).fetchall()
        scored = np.frombuffer(db.execute("SELECT recto_bm25_hits()").fetchone()[0], dtype=np.int64)
        matching = [r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH ? AND rowid % 3 = 0 ORDER BY rowid", (query,))]
        assert sorted(scored.tolist()) == matching and len(top) == 3, query


def test_the_first_argument_must_name_the_table(db):
    with pytest.raises(sqlite3.OperationalError, match="first argument must name the FTS5 table"):
        db.execute("SELECT recto_bm25(t) FROM t WHERE t MATCH 'w1'").fetchall()


# Whether each query is ranked without its idf: one phrase, and in the SQL nothing beside it
# (facet filters and dates are applied to the hits afterwards; negated words are SQL).
ARCHIVE_QUERIES = {
    "Soviet": True,
    '"the Soviet Union"': True,
    "title:Soviet": True,
    "苏": True,  # a prefix phrase
    "中国": False,  # the word, or its characters
    "border OR 边界": False,
    "Soviet -border": False,
    "Soviet date:1962": True,
    "Soviet date:..1960": True,
    "Soviet date:1962 -lang:zh": True,
    "Soviet date:1962-05..": True,
    "Soviet lang:ru": True,
    "Soviet -lang:ru": True,
    "Soviet lang:ru lang:zh": True,  # either
    "Soviet lang:zh -lang:ru": True,
    'Soviet repository:"prc fma"': True,  # values compare as SQLite's NOCASE does
    'Soviet translator:"Chen Hao" lang:zh': True,
    "中国 lang:zh -translator:nobody": False,
}


@pytest.mark.parametrize("slices", [1, 2])
def test_an_archive_ranks_the_same_with_recto_bm25_and_with_bm25(tmp_path, monkeypatch, slices):
    require_built()
    monkeypatch.setattr(sqlite_index, "SLICES", slices)
    archive = Archive.init(tmp_path / "archive")
    assert archive.ingest([REFERENCE, EXPORTS]).failed == 0
    index = archive.index
    assert index.scorer == "recto_bm25"
    for text_, unscaled in ARCHIVE_QUERIES.items():
        query = parse_query(text_)
        statements: list[str] = []
        index.db.set_trace_callback(statements.append)
        ours = index.search(query, limit=50, facets=True)
        index.db.set_trace_callback(None)
        index._score = ranking.BM25
        theirs = index.search(query, limit=50, facets=True)
        index._score = ranking.RECTO_BM25
        assert ours == theirs and ours.hits, text_
        if slices == 1:  # else the slices' own connections ranked it
            assert any("recto_bm25_unscaled(" in s for s in statements) == unscaled, text_
    # Inside a transaction the filters stay in SQL (the tables in memory would reload at each write).
    outside = index.search(parse_query("Soviet lang:zh date:1962"), facets=True)
    index.db.execute("BEGIN")
    assert index.db.in_transaction and index.search(parse_query("Soviet lang:zh date:1962"), facets=True) == outside
    index.db.execute("ROLLBACK")
    assert outside.hits
    nothing = index.search(parse_query("Soviet lang:ru repository:nonesuch"), facets=True)
    assert nothing.total == 0 and not nothing.hits and not any(nothing.facets.values())
    archive.close()


ONE_PHRASE = ['"w0"', '"w0 w1"', "w1*", "a : w2", '{a b} : "w4 w5"']


def test_one_phrase_scored_without_its_idf_and_multiplied_by_it_is_bm25s(db):
    weights = "8.0, 3.0, 1.0"
    for query in ONE_PHRASE:
        sql = "SELECT rowid, {} FROM t WHERE t MATCH ? ORDER BY rowid"
        unscaled = db.execute(sql.format(f"recto_bm25_unscaled(t, 't', {weights})"), (query,)).fetchall()
        rows = db.execute("SELECT recto_bm25_rows()").fetchone()[0]
        idf = db.execute("SELECT recto_bm25_idf(?, ?)", (rows, len(unscaled))).fetchone()[0]
        theirs = db.execute(sql.format(f"bm25(t, {weights})"), (query,)).fetchall()
        assert rows == ROWS and unscaled, query
        assert [(doc, idf * score) for doc, score in unscaled] == theirs, query  # exactly


def test_scoring_without_the_idf_wants_a_query_of_one_phrase(db):
    for query in ['"w3" OR "w40"', '"w1" "w2"', "NEAR(w0 w2, 3)"]:
        with pytest.raises(sqlite3.OperationalError, match="the query must be one phrase"):
            db.execute("SELECT recto_bm25_unscaled(t, 't') FROM t WHERE t MATCH ?", (query,)).fetchall()


def test_the_best_of_the_noted_scores_are_in_the_order_sql_gives(db):
    # Scores from a ranking of the table, rounded so that many rows tie, the edge of the top included.
    rows = db.execute("SELECT rowid, round(recto_bm25(t, 't'), 1) FROM t WHERE t MATCH 'w1*'").fetchall()
    random.Random(5).shuffle(rows)  # as slices may note them
    docs = np.array([r[0] for r in rows], dtype=np.int64)
    scores = np.array([r[1] for r in rows])
    assert len(set(scores.tolist())) < len(rows) / 10
    for top in [1, 5, 20, 100, len(rows), len(rows) + 5]:
        assert sqlite_index._best(docs, scores, top) == sorted(rows, key=lambda r: (r[1], r[0]))[:top]
