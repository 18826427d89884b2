"""The embedded store: one SQLite file in WAL mode.

Schema changes are numbered SQL files in `sqlite_migrations/`, applied in
order, each in its own transaction, and recorded in `schema_migrations`.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from recto.dates import bounds
from recto.errors import NotFound
from recto.record import Record
from recto.sqlite_driver import sqlite3
from recto.store.base import Derived, Provenance, PutResult, RecordSummary, RevisionInfo, StoredRecord


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped, in order."""
    found = []
    for entry in resources.files("recto.store.sqlite_migrations").iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text("utf-8")))
    return sorted(found)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore:
    def __init__(self, path: Path):
        self.path = path
        # Autocommit mode: transactions are begun and ended explicitly below.
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.migrate()

    # -- schema -----------------------------------------------------------------

    def schema_version(self) -> int:
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        row = self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def migrate(self) -> list[str]:
        """Apply the migrations this database lacks; returns their names."""
        current = self.schema_version()
        applied = []
        for version, name, sql in migrations():
            if version <= current:
                continue
            with self.transaction():
                for statement in _statements(sql):
                    self.db.execute(statement)
                self.db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", (version, name, _now())
                )
            applied.append(name)
        return applied

    # -- transactions -----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested inside another transaction it is a savepoint."""
        if self.db.in_transaction:
            self.db.execute("SAVEPOINT unit")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK TO unit")
                self.db.execute("RELEASE unit")
                raise
            self.db.execute("RELEASE unit")
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def batch(self) -> AbstractContextManager[None]:
        return self.transaction()

    # -- writing ----------------------------------------------------------------

    def put(self, record: Record, provenance: Provenance | None = None) -> PutResult:
        data = record.canonical_json()
        content_hash = hashlib.sha256(data.encode("utf-8")).hexdigest()
        with self.transaction():
            row = self.db.execute(
                "SELECT r.current_revision, v.content_hash FROM records r "
                "JOIN revisions v ON v.record_id = r.id AND v.revision = r.current_revision WHERE r.id = ?",
                (record.id,),
            ).fetchone()
            if row and row[1] == content_hash:
                return PutResult(record.id, "unchanged", row[0])
            revision = row[0] + 1 if row else 1
            now = _now()
            source_sha = self._put_source(provenance.raw) if provenance else None
            start, end = bounds(record.date) if record.date else (None, None)
            self.db.execute(
                "INSERT INTO records (id, current_revision, title, date, date_start, date_end, invented, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET current_revision = excluded.current_revision, title = excluded.title, "
                "date = excluded.date, date_start = excluded.date_start, date_end = excluded.date_end, "
                "invented = excluded.invented, updated_at = excluded.updated_at",
                (record.id, revision, record.title, record.date, start, end, int(record.invented), now, now),
            )
            self.db.execute(
                "INSERT INTO revisions (record_id, revision, content_hash, data, source_sha256, source_path, reader, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.id,
                    revision,
                    content_hash,
                    data,
                    source_sha,
                    provenance.path if provenance else None,
                    provenance.reader if provenance else None,
                    now,
                ),
            )
        return PutResult(record.id, "revised" if row else "ingested", revision)

    def _put_source(self, raw: bytes) -> str:
        sha = hashlib.sha256(raw).hexdigest()
        self.db.execute(
            "INSERT INTO sources (sha256, size, content) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
            (sha, len(raw), zlib.compress(raw, 6)),
        )
        return sha

    def put_derived(self, layer: Derived) -> None:
        """Store (or replace) a derived layer row: one per record, revision, layer, key and producer."""
        self.db.execute(
            "INSERT INTO derived (record_id, revision, layer, key, producer, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (record_id, revision, layer, key, producer) DO UPDATE SET data = excluded.data, created_at = excluded.created_at",
            (layer.record_id, layer.revision, layer.layer, layer.key, layer.producer, _as_json(layer.data), _now()),
        )

    def derived(self, record_id: str, layer: str, revision: int | None = None) -> list[Derived]:
        """A record's derived rows of one layer, for its current (or given) revision."""
        rows = self.db.execute(
            "SELECT d.record_id, d.revision, d.layer, d.key, d.producer, d.data, d.created_at FROM derived d "
            "JOIN records r ON r.id = d.record_id WHERE d.record_id = ? AND d.layer = ? "
            "AND d.revision = coalesce(?, r.current_revision) ORDER BY d.key, d.producer",
            (record_id, layer, revision),
        ).fetchall()
        return [Derived(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]

    def derived_by_key(self, layer: str, key: str) -> list[Derived]:
        """Rows of a layer whose key names `key`, on current revisions (links pointing at a record)."""
        rows = self.db.execute(
            "SELECT d.record_id, d.revision, d.layer, d.key, d.producer, d.data, d.created_at FROM derived d "
            "JOIN records r ON r.id = d.record_id AND d.revision = r.current_revision WHERE d.layer = ? AND d.key = ? "
            "ORDER BY d.record_id",
            (layer, key),
        ).fetchall()
        return [Derived(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]

    # -- reading ----------------------------------------------------------------

    def get(self, record_id: str, revision: int | None = None) -> StoredRecord:
        row = self.db.execute(
            "SELECT v.data, v.revision, r.current_revision, v.content_hash, v.created_at FROM records r "
            "JOIN revisions v ON v.record_id = r.id AND v.revision = coalesce(?, r.current_revision) WHERE r.id = ?",
            (revision, record_id),
        ).fetchone()
        if row is None:
            if revision is not None and self._exists(record_id):
                raise NotFound(f"record {record_id!r} has no revision {revision}")
            raise NotFound(f"no record {record_id!r} in this archive")
        return _stored(row)

    def _exists(self, record_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone() is not None

    def revisions(self, record_id: str) -> list[RevisionInfo]:
        rows = self.db.execute(
            "SELECT revision, content_hash, created_at, source_path, reader FROM revisions WHERE record_id = ? ORDER BY revision",
            (record_id,),
        ).fetchall()
        if not rows:
            raise NotFound(f"no record {record_id!r} in this archive")
        return [RevisionInfo(*row) for row in rows]

    def raw_source(self, record_id: str, revision: int | None = None) -> bytes | None:
        row = self.db.execute(
            "SELECT s.content FROM records r JOIN revisions v ON v.record_id = r.id "
            "AND v.revision = coalesce(?, r.current_revision) JOIN sources s ON s.sha256 = v.source_sha256 WHERE r.id = ?",
            (revision, record_id),
        ).fetchone()
        return zlib.decompress(row[0]) if row else None

    def list(self, limit: int = 50, offset: int = 0) -> list[RecordSummary]:
        rows = self.db.execute(
            "SELECT id, title, date, current_revision, invented FROM records "
            "ORDER BY date_start IS NULL, coalesce(date_start, ''), id LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        return [RecordSummary(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]

    def neighbours(self, record_id: str) -> tuple[RecordSummary | None, RecordSummary | None]:
        """The records just before and after this one by date (then id); undated ones last.

        Each side is at most three index seeks on (date_start, id): same date,
        other dates, then the undated block.
        """
        row = self.db.execute("SELECT date_start FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFound(f"no record {record_id!r} in this archive")
        date = row[0]
        cols = "SELECT id, title, date, current_revision, invented FROM records WHERE"
        if date is None:
            before = self._first(
                (f"{cols} date_start IS NULL AND id < ? ORDER BY id DESC LIMIT 1", (record_id,)),
                (f"{cols} date_start IS NOT NULL ORDER BY date_start DESC, id DESC LIMIT 1", ()),
            )
            after = self._first((f"{cols} date_start IS NULL AND id > ? ORDER BY id LIMIT 1", (record_id,)))
        else:
            before = self._first(
                (f"{cols} date_start = ? AND id < ? ORDER BY id DESC LIMIT 1", (date, record_id)),
                (f"{cols} date_start < ? ORDER BY date_start DESC, id DESC LIMIT 1", (date,)),
            )
            after = self._first(
                (f"{cols} date_start = ? AND id > ? ORDER BY id LIMIT 1", (date, record_id)),
                (f"{cols} date_start > ? ORDER BY date_start, id LIMIT 1", (date,)),
                (f"{cols} date_start IS NULL ORDER BY id LIMIT 1", ()),
            )
        return before, after

    def _first(self, *queries: tuple[str, tuple]) -> RecordSummary | None:
        for sql, params in queries:
            row = self.db.execute(sql, params).fetchone()
            if row:
                return RecordSummary(row[0], row[1], row[2], row[3], bool(row[4]))
        return None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM records").fetchone()[0]

    def iter_records(self) -> Iterator[StoredRecord]:
        # Keyset pagination: memory stays flat however large the archive.
        last: tuple[int, str, str] = (0, "", "")
        while True:
            rows = self.db.execute(
                "SELECT v.data, v.revision, r.current_revision, v.content_hash, v.created_at, "
                "r.date_start IS NULL, coalesce(r.date_start, ''), r.id FROM records r "
                "JOIN revisions v ON v.record_id = r.id AND v.revision = r.current_revision "
                "WHERE (r.date_start IS NULL, coalesce(r.date_start, ''), r.id) > (?, ?, ?) "
                "ORDER BY r.date_start IS NULL, coalesce(r.date_start, ''), r.id LIMIT 500",
                last,
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _stored(row[:5])
            last = rows[-1][5:]

    def close(self) -> None:
        self.db.close()


def _stored(row: tuple) -> StoredRecord:
    data, revision, revisions, content_hash, created_at = row
    return StoredRecord(Record.from_json(json.loads(data)), revision, revisions, content_hash, created_at)


def _as_json(data: object) -> str:
    """Layer data as stored: already JSON when a worker serialised it."""
    return data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _statements(sql: str) -> list[str]:
    """A migration file's statements (comments dropped); sqlite3 runs one at a time."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
