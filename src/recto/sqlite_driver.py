"""The SQLite library Recto talks to: pysqlite3's, where it is installed, else Python's own.

Python's `sqlite3` is built against the system's SQLite, which can be years old
(Debian 12 ships 3.40). pysqlite3-binary bundles a current one with the same
API; its FTS5 ranks a 100,000-record archive's common words and phrases a
quarter to a half faster (`bench/search.py`). It is a dependency where wheels
exist (Linux x86-64); elsewhere the standard library serves, unchanged.
"""

from __future__ import annotations

try:
    from pysqlite3 import dbapi2 as sqlite3
except ImportError:  # no wheel for this platform
    import sqlite3

__all__ = ["sqlite3"]
