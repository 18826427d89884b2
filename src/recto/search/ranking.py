"""How search hits are scored: FTS5's bm25, computed by recto_bm25 where it is built.

bm25() looks every hit's row size up in the index, one read per hit, and
that is most of the time a common word takes to rank. recto_bm25
(`ftsrank.c`, built at install when a C compiler is there) computes the
same formula with the same numbers, reading the sizes from an array each
connection keeps. Where it was not built, or this Python's SQLite cannot
load extensions, bm25() ranks: the scores are the same, only slower.
"""

from __future__ import annotations

import importlib.util
from functools import cache

from recto.search.documents import FIELDS, WEIGHTS
from recto.sqlite_driver import sqlite3

TABLE = "search_fts"
_WEIGHTS = ", ".join(str(WEIGHTS[f]) for f in FIELDS)
BM25 = f"bm25({TABLE}, {_WEIGHTS})"
RECTO_BM25 = f"recto_bm25({TABLE}, '{TABLE}', {_WEIGHTS})"
# The same with the idf left out, for a query of one phrase: its hits give the idf (`ftsrank.c`).
RECTO_BM25_UNSCALED = f"recto_bm25_unscaled({TABLE}, '{TABLE}', {_WEIGHTS})"


@cache
def library() -> str | None:
    """The compiled extension's file, or None where it was not built."""
    spec = importlib.util.find_spec("recto.search._ftsrank")
    return spec.origin if spec is not None and spec.origin else None


def score(db: sqlite3.Connection) -> str:
    """The SQL expression that scores a hit of the index on this connection, loading recto_bm25 into it where it can."""
    path = library()
    if path is None or not hasattr(db, "enable_load_extension"):
        return BM25
    try:
        db.enable_load_extension(True)
        try:
            db.load_extension(path)
        finally:
            db.enable_load_extension(False)  # SQL may not load extensions of its own
    except sqlite3.Error:
        return BM25
    return RECTO_BM25
