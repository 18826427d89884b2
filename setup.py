"""Recto's one compiled part; everything else about the package is in pyproject.toml.

recto_bm25 (src/recto/search/ftsrank.c) is FTS5's bm25 without a row lookup
per hit: an SQLite extension that recto.search.ranking loads into each
connection, not a Python module. It is optional: without a C compiler and
SQLite's headers (Debian's libsqlite3-dev) Recto installs all the same and
ranks with bm25(), to the same scores, only slower.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("recto.search._ftsrank", sources=["src/recto/search/ftsrank.c"], libraries=["m"], optional=True),
    ]
)
