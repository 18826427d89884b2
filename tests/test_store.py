"""The SQLite store: revisions, atomic writes, migrations, streaming."""

from __future__ import annotations

import platform
import sys

import pytest

from recto.errors import NotFound
from recto.record import Record, Source, Text
from recto.sqlite_driver import sqlite3
from recto.store.base import Provenance
from recto.store.sqlite import SQLiteStore, migrations


def make(record_id: str = "r1", summary: str = "First summary.", date: str | None = "1962-08-10") -> Record:
    return Record(
        id=record_id,
        title=f"Statement {record_id} [invented example]",
        date=date,
        summary=summary,
        source=Source(repository="PRC FMA", reference="118-01767-01"),
        languages={"original": ["zh"]},
        texts=[Text("original", "zh", ["苏联政府收到了答复。"]), Text("translation", "en", ["The Soviet Government received the reply."])],
        invented=True,
    )


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "recto.db")
    yield s
    s.close()


def test_new_record_is_revision_one(store):
    result = store.put(make())
    assert (result.status, result.revision) == ("ingested", 1)
    stored = store.get("r1")
    assert stored.record == make()
    assert (stored.revision, stored.revisions) == (1, 1)


def test_identical_record_changes_nothing(store):
    store.put(make())
    assert store.put(make()).status == "unchanged"
    assert len(store.revisions("r1")) == 1


def test_changed_record_is_a_new_revision_and_the_old_one_is_kept(store):
    store.put(make(summary="First summary."), Provenance(b"raw one", "a.txt", "archive-text"))
    result = store.put(make(summary="Second summary."), Provenance(b"raw two", "a.txt", "archive-text"))
    assert (result.status, result.revision) == ("revised", 2)
    assert store.get("r1").record.summary == "Second summary."
    assert store.get("r1", revision=1).record.summary == "First summary."
    assert [r.revision for r in store.revisions("r1")] == [1, 2]
    assert store.raw_source("r1") == b"raw two"
    assert store.raw_source("r1", revision=1) == b"raw one"
    assert store.count() == 1


def test_missing_record_and_revision(store):
    store.put(make())
    with pytest.raises(NotFound, match="no record 'nope'"):
        store.get("nope")
    with pytest.raises(NotFound, match="no revision 7"):
        store.get("r1", revision=7)


def test_a_failed_write_inside_a_batch_leaves_nothing_of_that_record(store):
    class Boom(Exception):
        pass

    with store.batch():
        store.put(make("good"))
        with pytest.raises(Boom), store.transaction():
            store.db.execute(
                "INSERT INTO records (id, current_revision, title, invented, created_at, updated_at) VALUES ('half', 1, 't', 0, '', '')"
            )
            raise Boom
    assert store.count() == 1
    assert store.get("good").revision == 1
    with pytest.raises(NotFound):
        store.get("half")


def test_listing_is_by_date_then_id_and_streaming_sees_everything(store):
    store.put(make("c", date="1962"))
    store.put(make("a", date="1962-08-10"))
    store.put(make("b", date=None))
    store.put(make("d", date="1958"))
    assert [r.id for r in store.list()] == ["d", "c", "a", "b"]
    assert [r.id for r in store.list(limit=2, offset=1)] == ["c", "a"]
    assert [s.record.id for s in store.iter_records()] == ["d", "c", "a", "b"]


def test_streaming_pages_through_more_than_one_page(store):
    with store.batch():
        for i in range(1203):
            store.put(make(f"r{i:05d}", date=None if i % 7 == 0 else f"19{50 + i % 40}"))
    ids = [s.record.id for s in store.iter_records()]
    assert len(ids) == len(set(ids)) == 1203


def test_wal_mode_and_migrations_recorded(tmp_path):
    store = SQLiteStore(tmp_path / "recto.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [row[0] for row in store.db.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [v for v, _name, _sql in migrations()]
    store.close()
    # Opening again applies nothing twice.
    again = SQLiteStore(tmp_path / "recto.db")
    assert again.migrate() == []
    again.close()


def test_records_survive_reopening(tmp_path):
    path = tmp_path / "recto.db"
    first = SQLiteStore(path)
    first.put(make())
    first.close()
    second = SQLiteStore(path)
    assert second.get("r1").record == make()
    second.close()


def test_sql_in_ids_and_text_is_only_data(store):
    nasty = make("x'); DROP TABLE records; --".replace(" ", "").replace("'", "").replace(";", "").replace(")", ""))
    nasty.title = "'); DROP TABLE records; --"
    store.put(nasty)
    assert store.get(nasty.id).record.title == "'); DROP TABLE records; --"
    assert store.count() == 1
    with pytest.raises(sqlite3.Error):
        store.db.execute("SELECT * FROM no_such_table")


def test_neighbours_follow_reading_order_with_undated_last(store):
    for record_id, date in [("b", "1962"), ("a", "1962-08-10"), ("c", "1962-08-10"), ("u1", None), ("u2", None), ("d", "1958")]:
        store.put(make(record_id, date=date))
    order = [r.id for r in store.list()]
    assert order == ["d", "b", "a", "c", "u1", "u2"]
    for i, record_id in enumerate(order):
        before, after = store.neighbours(record_id)
        assert (before.id if before else None) == (order[i - 1] if i else None)
        assert (after.id if after else None) == (order[i + 1] if i + 1 < len(order) else None)


def test_the_sqlite_library_is_the_bundled_current_one_where_it_has_a_wheel():
    """pyproject installs pysqlite3-binary on Linux x86-64 (a current SQLite, whose FTS5 ranks faster);
    elsewhere Python's own sqlite3 serves. Either way FTS5 is there."""
    if sys.platform == "linux" and platform.machine() == "x86_64":
        assert sqlite3.__name__ == "pysqlite3.dbapi2"
        assert sqlite3.sqlite_version_info >= (3, 45)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    db.execute("INSERT INTO t VALUES ('领土 边界')")
    assert db.execute("SELECT count(*) FROM t WHERE t MATCH '边界'").fetchone()[0] == 1
