"""Search benchmark: Recto's index against plain SQLite FTS5 (the Datasette setup), same corpus, same run.

    python bench/search.py --records 100000 [--workdir DIR] [--keep]

1. Generates N invented records (bench/corpus.py) and ingests them (store and
   index in one pass), then rebuilds the index alone to time the index build.
2. Builds the peer: an FTS5 table with the default `unicode61` tokenizer over
   the same raw fields (title, summary, original, translation, citation), plus
   a plain table of the same metadata for facets and dates.
3. Runs the same queries against both, several times each, and reports p50 and
   p95 latency per kind of query (one word, two words, phrase, CJK, faceted,
   date-filtered, language-filtered, faceted sorted by date), index size against raw text
   size, and recall on the CJK query set, where the truth is every record whose text contains
   the query (traditional and simplified folded, spaces inside CJK ignored). Last, the home
   page's overview (every record by date, with facets), which the peer has no match for.

Recto's latency is the whole `Archive.search()` call: parsing, ranking, counting,
loading the page of records and building snippets. The peer's is its SQL: the
ranked page with FTS5 `snippet()`, and the count (and GROUP BY facets).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3 as stdlib_sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import CJK_QUERIES, CYRILLIC_QUERIES, LATIN_QUERIES, write_corpus  # noqa: E402

from recto.archive import Archive  # noqa: E402
from recto.derive import NONE  # noqa: E402
from recto.sqlite_driver import sqlite3  # noqa: E402  (the peer runs on the SQLite Recto runs on)
from recto.text.fold import fold_cjk  # noqa: E402

REPEATS = 5
# OCR spaces between Chinese or Japanese characters are not in the text; Korean spaces are.
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACES = re.compile(f"(?<=[{_HAN}])\\s+(?=[{_HAN}])")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def query_sets(rng: random.Random) -> dict[str, list[tuple[str, dict]]]:
    words = [q for q in LATIN_QUERIES + CYRILLIC_QUERIES if " " not in q]
    phrases = [q for q in LATIN_QUERIES + CYRILLIC_QUERIES if " " in q]
    two = [f"{a} {b}" for a, b in zip(rng.sample(words, len(words)), rng.sample(words, len(words))) if a != b]
    return {
        "one word": [(w, {}) for w in words],
        "two words": [(t, {}) for t in two],
        "phrase": [(f'"{p}"', {}) for p in phrases],
        "CJK": [(q, {}) for q in CJK_QUERIES],
        "faceted": [(w, {"facets": True}) for w in words[:10] + CJK_QUERIES[:10]],
        "date-filtered": [(f"{w} date:1958..1965", {}) for w in words[:10] + CJK_QUERIES[:10]],
        "lang-filtered": [(f"{w} lang:ru", {}) for w in words[:10]] + [(f"{q} lang:zh", {}) for q in CJK_QUERIES[:10]],
        # Browsing a subject through time, as the search page does when sorted by date.
        "by date, faceted": [(w, {"facets": True, "sort": "-date"}) for w in words[:10] + CJK_QUERIES[:10]],
    }


# -- Recto -------------------------------------------------------------------------


def time_ours(archive: Archive, queries: list[tuple[str, dict]]) -> list[float]:
    timings = []
    for text, options in queries:
        archive.search(text, **options)  # warm the page cache once
        for _ in range(REPEATS):  # timings[i * REPEATS:(i + 1) * REPEATS] are query i's
            start = time.perf_counter()
            archive.search(text, **options)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def ours_ids(archive: Archive, query: str) -> set[str]:
    found: set[str] = set()
    page = 1
    while True:
        results = archive.search(f'"{query}"', page=page, per_page=100)
        found.update(r.id for r in results.results)
        if page >= results.pages or page * 100 >= 10_000:
            return found
        page += 1


def ours_count(archive: Archive, query: str) -> int:
    return archive.search(f'"{query}"', per_page=1).total


# -- the peer: plain FTS5, default tokenizer ------------------------------------------


def build_peer(archive: Archive, path: Path) -> sqlite3.Connection:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE peer USING fts5(title, summary, original, translation, citation)")
    db.execute("CREATE TABLE meta (rowid INTEGER PRIMARY KEY, record_id TEXT, lang TEXT, year TEXT, repository TEXT, date_start TEXT, date_end TEXT)")
    with db:
        for n, stored in enumerate(archive.store.iter_records(), start=1):
            r = stored.record
            original = "\n".join(p for t in r.texts if t.role != "translation" for p in t.paragraphs)
            translation = "\n".join(p for t in r.texts if t.role == "translation" for p in t.paragraphs)
            db.execute("INSERT INTO peer (rowid, title, summary, original, translation, citation) VALUES (?, ?, ?, ?, ?, ?)",
                       (n, r.title, r.summary or "", original, translation, r.citation or ""))
            lang = (r.languages.get("original") or ["und"])[0]
            db.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (n, r.id, lang, (r.date or "")[:4], r.source.repository, r.date, r.date))
    db.execute("CREATE INDEX meta_date ON meta (date_start)")
    return db


def peer_expression(text: str) -> tuple[str, str | None, str | None]:
    """The peer's MATCH (every word quoted, as Datasette's plain search does), its date bound and language."""
    date = lang = None
    if " date:" in text:
        text, date = text.split(" date:")
    if " lang:" in text:
        text, lang = text.split(" lang:")
    if text.startswith('"'):
        return text, date, lang
    return " ".join('"' + w.replace('"', '""') + '"' for w in text.split()), date, lang


def time_peer(db: sqlite3.Connection, queries: list[tuple[str, dict]]) -> list[float]:
    timings = []
    for text, options in queries:
        expression, date, lang = peer_expression(text)
        where, params = "peer MATCH ?", [expression]
        if date:
            lo, hi = date.split("..")
            where += " AND meta.date_start >= ? AND meta.date_start <= ?"
            params += [lo, hi + "-12-31"]
        if lang:
            where += " AND meta.lang = ?"
            params.append(lang)
        order = {"date": "meta.date_start", "-date": "meta.date_start DESC"}.get(options.get("sort", ""), "bm25(peer)")
        page = (f"SELECT meta.record_id, snippet(peer, -1, '<b>', '</b>', '…', 20) FROM peer JOIN meta ON meta.rowid = peer.rowid "
                f"WHERE {where} ORDER BY {order} LIMIT 20")
        count = f"SELECT count(*) FROM peer JOIN meta ON meta.rowid = peer.rowid WHERE {where}"
        facets = [f"SELECT meta.{c}, count(*) FROM peer JOIN meta ON meta.rowid = peer.rowid WHERE {where} GROUP BY 1"
                  for c in ("lang", "year", "repository")]

        def run() -> None:
            db.execute(page, params).fetchall()
            db.execute(count, params).fetchone()
            if options.get("facets"):
                for sql in facets:
                    db.execute(sql, params).fetchall()

        run()
        for _ in range(REPEATS):
            start = time.perf_counter()
            run()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def peer_hits(db: sqlite3.Connection, text: str) -> int:
    expression, _date, _lang = peer_expression(text)
    return db.execute("SELECT count(*) FROM peer WHERE peer MATCH ?", (expression,)).fetchone()[0]


def peer_count(db: sqlite3.Connection, query: str) -> int:
    return db.execute("SELECT count(*) FROM peer WHERE peer MATCH ?", ('"' + query + '"',)).fetchone()[0]


# -- truth and sizes -------------------------------------------------------------------


def cjk_truth(archive: Archive, queries: list[str]) -> dict[str, int]:
    """How many records contain each query in their texts, folded, spaces inside Chinese ignored."""
    folded = [fold_cjk(q) for q in queries]
    counts = dict.fromkeys(queries, 0)
    for stored in archive.store.iter_records():
        r = stored.record
        text = fold_cjk(_SPACES.sub("", "|".join([r.title, r.summary or "", *(p for t in r.texts for p in t.paragraphs)])))
        for query, f in zip(queries, folded):
            if f in text:
                counts[query] += 1
    return counts


def table_bytes(path: Path, prefix: str) -> int:
    """Bytes of the tables named `prefix*`, by SQLite's dbstat (which Python's own build has, pysqlite3's not)."""
    with stdlib_sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?", (prefix + "%",)).fetchone()[0]


def raw_text_bytes(archive: Archive) -> int:
    total = 0
    for stored in archive.store.iter_records():
        r = stored.record
        parts = [r.title, r.summary or "", r.citation or "", *(p for t in r.texts for p in t.paragraphs)]
        total += sum(len(p.encode("utf-8")) for p in parts)
    return total


def timed(label: str, fn: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the corpus and archives")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--skip", default="", help="comma-separated steps to leave out: reindex, peer, truth (for very large runs)")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="recto-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    n = args.records
    corpus, archive_dir = work / f"corpus-{n}", work / f"archive-{n}"
    figures: dict[str, object] = {"records": n, "sqlite": sqlite3.sqlite_version}
    try:
        print(f"{n:,} records in {work}", flush=True)
        archive = None
        if not (archive_dir / "recto.db").exists():
            shutil.rmtree(corpus, ignore_errors=True)
            raw_files, _ = timed("generate corpus", lambda: write_corpus(corpus, n))
            archive = Archive.init(archive_dir)
            # Store and index only: the derived layers (extraction, alignment) play no part in search.
            report, seconds = timed("ingest (store + index)", lambda: archive.ingest([corpus], keep_results=False, steps=NONE))
            figures["ingest_s"] = round(seconds, 1)
            figures["ingest_records_per_s"] = round(n / seconds)
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
        skip = set(args.skip.split(","))
        if archive is None:  # an index of an older analyser is rebuilt below, unless told not to
            archive = Archive.open(archive_dir, check_index="reindex" in skip)
        if "reindex" not in skip:
            _, seconds = timed("index build (reindex from the store)", archive.reindex)
            figures["index_build_s"] = round(seconds, 1)
            figures["index_build_records_per_s"] = round(n / seconds)

        figures["ranking"] = archive.index.scorer  # recto_bm25, or bm25() where it was not built
        print(f"  ranked by {figures['ranking']}", flush=True)
        raw = raw_text_bytes(archive)
        archive_db = archive_dir / "recto.db"
        index_bytes = table_bytes(archive_db, "search_")
        figures["raw_text_mb"] = round(raw / 1e6, 1)
        figures["index_mb"] = round(index_bytes / 1e6, 1)
        figures["index_to_raw"] = round(index_bytes / raw, 2)
        figures["fts_mb"] = round(table_bytes(archive_db, "search_fts") / 1e6, 1)

        peer_db, seconds = timed("peer build (FTS5 unicode61)", lambda: build_peer(archive, work / "peer.db"))
        figures["peer_build_s"] = round(seconds, 1)
        figures["peer_index_mb"] = round(table_bytes(work / "peer.db", "peer") / 1e6, 1)

        latency: dict[str, dict[str, float]] = {}
        for kind, queries in query_sets(random.Random(7)).items():
            ours = time_ours(archive, queries)
            peer = time_peer(peer_db, queries)
            # The ratio counts only queries the peer answers: a CJK word it cannot
            # find costs it nothing, which says nothing about its speed.
            answered = [i for i, (text, _o) in enumerate(queries) if peer_hits(peer_db, text)]
            ours_cmp = [t for i in answered for t in ours[i * REPEATS : (i + 1) * REPEATS]]
            peer_cmp = [t for i in answered for t in peer[i * REPEATS : (i + 1) * REPEATS]]
            latency[kind] = {
                "ours_p50_ms": round(percentile(ours, 50), 1),
                "ours_p95_ms": round(percentile(ours, 95), 1),
                "peer_p50_ms": round(percentile(peer, 50), 1),
                "peer_p95_ms": round(percentile(peer, 95), 1),
                "queries": len(queries),
                "peer_answered": len(answered),
                "p95_ratio_on_answered": round(percentile(ours_cmp, 95) / max(percentile(peer_cmp, 95), 0.001), 2) if answered else None,
            }
            print(f"  {kind:>13}: ours p50 {latency[kind]['ours_p50_ms']:6.1f} ms p95 {latency[kind]['ours_p95_ms']:6.1f} ms"
                  f" | peer p50 {latency[kind]['peer_p50_ms']:6.1f} ms p95 {latency[kind]['peer_p95_ms']:6.1f} ms"
                  f" | ratio on the {len(answered)}/{len(queries)} queries the peer answers: {latency[kind]['p95_ratio_on_answered']}", flush=True)
        figures["latency"] = latency
        # The home page: every record by date, with its facets (the peer has no such page).
        overview = []
        for _ in range(REPEATS * 5):
            start = time.perf_counter()
            archive.overview()
            overview.append((time.perf_counter() - start) * 1000)
        figures["overview_ms"] = {"p50": round(percentile(overview, 50), 1), "p95": round(percentile(overview, 95), 1)}
        print(f"       overview: p50 {figures['overview_ms']['p50']:6.1f} ms p95 {figures['overview_ms']['p95']:6.1f} ms", flush=True)

        if "truth" not in skip:
            truth, _ = timed("CJK truth (scan of every record)", lambda: cjk_truth(archive, CJK_QUERIES))
            recall_rows = []
            for query in CJK_QUERIES:
                expected = truth[query]
                recall_rows.append({"query": query, "records": expected, "ours": ours_count(archive, query), "peer": peer_count(peer_db, query)})
            with_hits = [r for r in recall_rows if r["records"]]
            total_hits = sum(r["records"] for r in with_hits)
            figures["cjk_queries"] = len(recall_rows)
            figures["cjk_recall_ours"] = round(sum(min(r["ours"], r["records"]) for r in with_hits) / total_hits, 4)
            figures["cjk_recall_peer"] = round(sum(min(r["peer"], r["records"]) for r in with_hits) / total_hits, 4)
            figures["cjk_exact_counts"] = sum(r["ours"] == r["records"] for r in recall_rows)
            figures["cjk_detail"] = recall_rows
        print(json.dumps({k: v for k, v in figures.items() if k != "cjk_detail"}, ensure_ascii=False, indent=2))
        if args.json:
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
        archive.close()
        peer_db.close()
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
