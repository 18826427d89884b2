"""The archive: a folder holding the store, and the services that act on it.

This is the Python API. The CLI (and later the web pages and the JSON API)
are thin layers over these functions, so every interface does the same thing.

    from recto.archive import Archive
    archive = Archive.init("my-archive")
    report = archive.ingest(["exports/"])
    archive.get("yita-1962-08-10-soviet-statement").record.title
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING

from recto.errors import ArchiveMissing, IngestError
from recto.ingest import files, jsonl
from recto.ingest.batch import FileRead, default_jobs, read_files
from recto.ingest.readers import Item, known_extensions, reader_named
from recto.record import Record
from recto.search import service as search_service
from recto.search.base import SearchIndex
from recto.derive import ALL, Prepared, Steps, alignment_key, alignment_producer, alignment_texts, alignment_rank, make_alignments, prepare, text_pairs
from recto.search.service import Result, SearchResults
from recto.search.sqlite_index import SQLiteIndex
from recto.store.base import Derived, Provenance, PutResult, RecordSummary, RevisionInfo, Store, StoredRecord
from recto.store.sqlite import SQLiteStore

if TYPE_CHECKING:
    from recto.align import tmx

DB_NAME = "recto.db"
LINK_RELATIONS = ("answers", "refers to")
FILES_PER_TRANSACTION = 200  # each record is still all-or-nothing on its own


@dataclass
class IngestReport:
    ingested: int = 0
    revised: int = 0
    unchanged: int = 0
    failures: list[IngestError] = field(default_factory=list)
    results: list[PutResult] = field(default_factory=list)
    keep_results: bool = True

    @property
    def failed(self) -> int:
        return len(self.failures)

    def add(self, result: PutResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        if self.keep_results:
            self.results.append(result)

    def summary(self) -> str:
        return f"ingested {self.ingested}, revised {self.revised}, unchanged {self.unchanged}, failed {self.failed}"


# Called after each file with its path and what became of it, for progress bars.
Progress = Callable[[Path, list[PutResult], list[IngestError]], None]
# Called as accurate alignment goes: the record, how many records are done and in all, and how
# many of this record's new embeddings are made of how many (0, 0 before embedding starts).
AlignProgress = Callable[[str, int, int, int, int], None]


@dataclass
class AlignReport:
    aligned: int = 0  # records given their accurate alignments
    already: int = 0  # records that had them (a run that stopped goes on where it stopped)
    failures: list[str] = field(default_factory=list)  # "record id: what was wrong"

    def summary(self) -> str:
        return f"aligned {self.aligned}, already aligned {self.already}, failed {len(self.failures)}"


class Archive:
    def __init__(self, path: str | os.PathLike[str], store: Store, index: SearchIndex):
        self.path = Path(path)
        self.store = store
        self.index = index

    @classmethod
    def init(cls, path: str | os.PathLike[str]) -> Archive:
        """Create the archive folder and database if needed, and bring the schema up to date."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        return cls._embedded(folder)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, check_index: bool = True) -> Archive:
        """Open an existing archive. `check_index=False` only for rebuilding the index."""
        folder = Path(path)
        if not (folder / DB_NAME).exists():
            raise ArchiveMissing(f"no archive at {folder} (create it with: recto --archive {folder} init)")
        return cls._embedded(folder, check_index)

    @classmethod
    def _embedded(cls, folder: Path, check_index: bool = True) -> Archive:
        """The default backend: the store and the search index in one SQLite file."""
        store = SQLiteStore(folder / DB_NAME)
        index = SQLiteIndex(store.db)
        if check_index:
            index.check_version()
        return cls(folder, store, index)

    def close(self) -> None:
        self.index.close()
        self.store.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        reader: str | None = None,
        encoding: str | None = None,
        progress: Progress | None = None,
        keep_results: bool = True,
        jobs: int | None = None,
        steps: Steps = ALL,
    ) -> IngestReport:
        """Read every file (folders are walked) and store its records.

        A bad file or record is reported in `failures` and the batch goes on;
        a record is stored whole or not at all. Files are parsed in `jobs`
        worker processes (default: one a core). `steps` says which derived
        layers are made and stored too (default: extraction and fast
        alignment; `recto derive` can catch up later).
        """
        if reader:
            reader_named(reader)  # an unknown reader is the caller's error, said once
        report = IngestReport(keep_results=keep_results)
        reads = read_files(self.files(paths), reader, encoding, default_jobs() if jobs is None else jobs, steps)
        while chunk := list(islice(reads, FILES_PER_TRANSACTION)):
            with self.store.batch():
                for read in chunk:
                    results, failures = self._store_read(read)
                    for result in results:
                        report.add(result)
                    report.failures.extend(failures)
                    if progress:
                        progress(read.path, results, failures)
        return report

    def files(self, paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
        """The files an ingest of `paths` reads, in order."""
        return files.walk([Path(p) for p in paths], known_extensions())

    def _store_read(self, read: FileRead) -> tuple[list[PutResult], list[IngestError]]:
        results: list[PutResult] = []
        failures: list[IngestError] = []
        for item in read.items:
            if isinstance(item, IngestError):
                failures.append(item)
                continue
            try:
                results.append(self._store(item, read.path, read.reader or "?"))
            except Exception as exc:  # nothing of this record was written (its savepoint rolled back)
                failures.append(IngestError(f"could not store: {type(exc).__name__}: {exc}", path=str(read.path), line=item.line))
        return results, failures

    def _store(self, item: Item, path: Path, reader: str) -> PutResult:
        provenance = Provenance(item.raw, f"{path}:{item.line}" if item.line else str(path), reader)
        return self.put(item.record, provenance, item.prepared)

    def put(
        self, record: Record, provenance: Provenance | None = None, prepared: Prepared | None = None, *, steps: Steps = ALL
    ) -> PutResult:
        """Store a record, its derived layers and its index entry, in one transaction.

        A search right after sees it. An unchanged record costs one lookup.
        """
        with self.store.transaction():
            result = self.store.put(record, provenance)
            if result.status == "unchanged":
                return result
            prepared = prepared or prepare(record, steps)
            indexed = self.index.indexed_revision(record.id)
            previous = self.store.get(record.id, indexed).record if indexed else None
            self.index.update(record, result.revision, previous, prepared.document)
            for layer in prepared.layers:
                self.store.put_derived(Derived(record.id, result.revision, layer.layer, layer.key, layer.producer, layer.data))
        return result

    def derive(self, record_ids: Iterable[str] | None = None) -> int:
        """(Re)make the derived layers of the current revisions; returns how many records.

        Curators' rows are never touched: they have a producer of their own.
        """
        count = 0
        ids = self._record_ids(record_ids)
        for record_id in ids:
            stored = self.store.get(record_id)
            prepared = prepare(stored.record)
            with self.store.transaction():
                indexed = self.index.indexed_revision(record_id)
                previous = self.store.get(record_id, indexed).record if indexed else None
                self.index.update(stored.record, stored.revision, previous, prepared.document)
                for layer in prepared.layers:
                    self.store.put_derived(Derived(record_id, stored.revision, layer.layer, layer.key, layer.producer, layer.data))
            count += 1
        return count

    def _record_ids(self, record_ids: Iterable[str] | None) -> list[str]:
        """The ids given, or every record's (from the listing: no record is read for it)."""
        if record_ids is not None:
            return list(record_ids)
        return [summary.id for summary in self.store.list(limit=self.store.count())]

    def align_accurate(
        self, record_ids: Iterable[str] | None = None, *, embedder=None, progress: AlignProgress | None = None
    ) -> AlignReport:
        """Make the accurate alignments (sentence embeddings) the current revisions lack, of all
        records or of those given.

        Long work, made to be stopped and started again: each record is stored as soon as it is
        aligned, and what is done is not done again (embeddings are cached on disk, so a record
        cut off halfway is quick to finish). A record that fails is reported; the others go on.
        """
        from recto.align.embed import Embedder

        embedder = embedder or Embedder()
        producer = alignment_producer("accurate")
        ids = self._record_ids(record_ids)
        report = AlignReport()
        for done, record_id in enumerate(ids):
            if progress:
                progress(record_id, done, len(ids), 0, 0)
            try:
                stored = self.store.get(record_id)
                have = {row.key for row in self.store.derived(record_id, "alignment", stored.revision) if row.producer == producer}
                todo = [pair for pair in text_pairs(stored.record) if alignment_key(*pair) not in have]
                if not todo:
                    report.already += 1
                    continue
                step = (lambda d, t, rid=record_id, k=done: progress(rid, k, len(ids), d, t)) if progress else None
                layers = make_alignments(stored.record, "accurate", pairs=todo, embedder=embedder, progress=step)
            except Exception as error:  # noqa: BLE001 - one record's failure must not stop the batch
                report.failures.append(f"{record_id}: {error}")
                continue
            with self.store.transaction():
                for layer in layers:
                    self.store.put_derived(Derived(record_id, stored.revision, layer.layer, layer.key, layer.producer, layer.data))
            report.aligned += 1
        return report

    def alignments(self, record_id: str, revision: int | None = None) -> list[Derived]:
        """The stored alignments of a record's revision, the preferred one first for each pair of texts."""
        rows = self.store.derived(record_id, "alignment", revision)
        return sorted(rows, key=lambda row: (row.key, alignment_rank(row.producer)))

    def shown_alignments(self, record_id: str, revision: int | None = None) -> list[Derived]:
        """For each pair of texts, the alignment readers see: a curator's, else the best made."""
        shown: dict[str, Derived] = {}
        for row in self.alignments(record_id, revision):
            shown.setdefault(row.key, row)
        return list(shown.values())

    def correct_alignment(self, record_id: str, key: str, data: dict) -> Derived:
        """Store a curator's alignment of one pair of texts for the current revision.

        It is kept beside the machine's (never overwritten by a re-run) and shown first.
        """
        from recto.align import Alignment, check_beads, check_spans
        from recto.schema import problem

        stored = self.store.get(record_id)
        source, target = alignment_texts(key)
        if wrong := problem(data, "alignment-correction"):
            raise ValueError(wrong)
        texts = stored.record.texts
        if not (0 <= source < len(texts) and 0 <= target < len(texts)):
            raise ValueError(f"no texts {key} in record {record_id!r}")
        alignment = Alignment.from_json(
            {**data, "mode": "curator", "src_language": texts[source].language, "tgt_language": texts[target].language}
        )
        check_beads(alignment.paragraphs, len(texts[source].paragraphs), len(texts[target].paragraphs), "paragraph")
        check_spans(alignment.src_sentences, texts[source].paragraphs, "src_sentences")
        check_spans(alignment.tgt_sentences, texts[target].paragraphs, "tgt_sentences")
        if alignment.sentences:
            check_beads(alignment.sentences, len(alignment.src_sentences), len(alignment.tgt_sentences))
        row = Derived(record_id, stored.revision, "alignment", key, "curator", alignment.to_json())
        with self.store.transaction():
            self.store.put_derived(row)
        return row

    def edit_alignment(self, record_id: str, key: str, data: dict) -> Derived:
        """A curator's edits (merge, split, move: `align/edits.py`) made to the alignment of two texts
        readers see, the result stored as a curator's alignment (`correct_alignment`)."""
        from recto.align import edits
        from recto.schema import problem

        stored = self.store.get(record_id)
        alignment_texts(key)  # the key's own message first
        if wrong := problem(data, "alignment-edit"):
            raise ValueError(wrong)
        shown = next((row for row in self.shown_alignments(record_id, stored.revision) if row.key == key), None)
        if shown is None:
            raise ValueError(f"record {record_id!r} has no alignment {key} to edit")
        return self.correct_alignment(record_id, key, edits.apply(shown.data, data["edits"]))

    def entity(self, entity_id: str, *, page: int = 1, per_page: int = 50) -> tuple[dict, SearchResults] | None:
        """An authority entry (label, type, names by language) and the records that mention it, by date."""
        found = self.search(f"entity:{_quoted(entity_id)}", sort="date", page=page, per_page=per_page)
        for result in found.results:
            extraction = self.extraction(result.id) or {}
            for entry in extraction.get("entities", []):
                if entry["id"] == entity_id:
                    return {k: entry[k] for k in ("id", "type", "label", "names")}, found
        return None

    def references(self, record_id: str) -> tuple[list[dict], list[Result]]:
        """What this record refers to, with candidate records of those dates, and the records
        whose texts refer to a document of this record's date (candidates for "answered by").

        Candidates only: a curator confirms them.
        """
        from recto.extract.references import Reference, match

        record = self.get(record_id).record
        outgoing = []
        for ref in (self.extraction(record_id) or {}).get("references", []):
            fields = {k: ref[k] for k in ("date", "kind", "text_index", "paragraph", "start", "end", "phrase", "parties")}
            candidates = [
                {"id": r.id, "date": r.date, "title": r.title}
                for r in self.search(f"date:{ref['date']} -id:{_quoted(record_id)}", sort="date", per_page=20).results
            ]
            outgoing.append({**ref, "candidates": [{"id": i, "score": s} for i, s in match(Reference(**fields), candidates)]})
        incoming = []
        if record.date and record.date_precision == "day":
            incoming = self.search(f"cites:{record.date} -id:{_quoted(record_id)}", sort="date", per_page=20).results
        return outgoing, incoming

    def confirm_link(self, record_id: str, target_id: str, relation: str = "answers", confirmed: bool = True) -> Derived:
        """A curator's word on a link between two records: `record_id` answers (or refers to)
        `target_id`, or, with `confirmed=False`, does not. Kept on the current revision."""
        if relation not in LINK_RELATIONS:
            raise ValueError(f"relation must be one of {', '.join(LINK_RELATIONS)}")
        stored = self.store.get(record_id)
        self.store.get(target_id)  # NotFound when there is no such record
        if target_id == record_id:
            raise ValueError("a record cannot answer itself")
        row = Derived(record_id, stored.revision, "link", target_id, "curator", {"relation": relation, "confirmed": confirmed})
        with self.store.transaction():
            self.store.put_derived(row)
        return row

    def links(self, record_id: str) -> tuple[list[Derived], list[Derived]]:
        """Curators' links: those this record makes, and those other records make to it."""
        return self.store.derived(record_id, "link"), self.store.derived_by_key("link", record_id)

    def timeline(self, query: str, limit: int = 200) -> tuple[list[dict], SearchResults]:
        """The dated events of the records a search finds (up to `limit`, by date): each record's
        own date, its office dates, and the dates its texts mention, earliest first."""
        found = self.search(query, sort="date", per_page=min(limit, 100))
        results = list(found.results)
        page = 2
        while len(results) < min(limit, found.total):
            results += self.search(query, sort="date", page=page, per_page=100).results
            page += 1
        events = []
        for result in results[:limit]:
            events += (self.extraction(result.id) or {}).get("events", [])
        order = {"day": 0, "month": 1, "range": 2, "year": 3, "decade": 4}
        events.sort(key=lambda e: (e["first"], order.get(e["precision"], 9), e["kind"] != "record", e["record_id"]))
        return events, found

    def extraction(self, record_id: str, revision: int | None = None) -> dict | None:
        """The stored extraction of a record's current (or given) revision, as JSON data."""
        rows = self.store.derived(record_id, "extraction", revision)
        return rows[-1].data if rows else None

    # -- search -----------------------------------------------------------------

    def search(
        self, query: str, *, sort: str | None = None, page: int = 1, per_page: int = 20, facets: bool = False
    ) -> SearchResults:
        """Search every language the archive holds (query language: recto/search/query.py)."""
        return search_service.search(self.store, self.index, query, sort=sort, page=page, per_page=per_page, facets=facets)

    def overview(self) -> SearchResults:
        """What the archive holds: every record, counted by language, decade, repository, ...

        The same search as any other, with no words: the home page and the API share it.
        """
        return self.search("", sort="-date", per_page=10, facets=True)

    def neighbours(self, record_id: str) -> tuple[RecordSummary | None, RecordSummary | None]:
        """The records before and after this one by date."""
        return self.store.neighbours(record_id)

    def related(self, record: Record, limit: int = 10) -> list[Result]:
        """Records from the same archival file (same repository, same file reference).

        Chinese Foreign Ministry references number documents within a file
        (`118-01767-01` and `118-01767-02` are two documents of file
        `118-01767`); elsewhere the reference names the file itself (`f. 5,
        op. 49, d. 131`, `DY 30/3386`) and the pages tell documents apart.
        """
        src = record.source
        if not src.repository or not src.reference:
            return []
        numbered = re.fullmatch(r"(\d+-\d+)-\d+", src.reference.strip())
        file_ref = numbered.group(1) if numbered else src.reference
        query = f"citation:{_quoted(file_ref)} repository:{_quoted(src.repository)} -id:{_quoted(record.id)}"
        return self.search(query, sort="date", per_page=limit).results

    def sharing_entities(self, record_id: str, limit: int = 10) -> list[Result]:
        """Records that mention the same people or places as this one, the most shared first.

        Places nearly every document names (the countries) say little: people
        count, and places that at most a tenth of the archive mentions.
        """
        extraction = self.extraction(record_id) or {}
        people = {e["id"] for e in extraction.get("entities", []) if e["type"] == "person"}
        places = {e["id"] for e in extraction.get("entities", []) if e["type"] == "place"}
        common = max(3, self.count() // 10)
        telling = people | {p for p in places if self.search(f"entity:{_quoted(p)}", per_page=1).total <= common}
        if not telling:
            return []
        ids = " ".join(f"entity:{_quoted(e)}" for e in sorted(telling)[:40])
        found = self.search(f"{ids} -id:{_quoted(record_id)}", sort="date", per_page=100).results

        def shared(result: Result) -> int:
            return len(telling & {e["id"] for e in (self.extraction(result.id) or {}).get("entities", [])})

        scored = sorted(((shared(r), n, r) for n, r in enumerate(found)), key=lambda t: (-t[0], t[1]))
        return [r for count, _n, r in scored if count][:limit]

    def reindex(self) -> int:
        """Rebuild the search index from the current revisions; returns how many records."""
        with self.store.transaction():
            count = self.index.rebuild((s.record, s.revision) for s in self.store.iter_records())
        self.index.optimize()
        return count

    # -- reading ----------------------------------------------------------------

    def get(self, record_id: str, revision: int | None = None) -> StoredRecord:
        return self.store.get(record_id, revision)

    def revisions(self, record_id: str) -> list[RevisionInfo]:
        return self.store.revisions(record_id)

    def list(self, limit: int = 50, offset: int = 0) -> list[RecordSummary]:
        return self.store.list(limit, offset)

    def count(self) -> int:
        return self.store.count()

    def records(self) -> Iterator[Record]:
        for stored in self.store.iter_records():
            yield stored.record

    def export_jsonl(self, out: IO[str]) -> int:
        """Every record's current revision as JSON Lines; returns how many."""
        return jsonl.write(self.records(), out)

    def export_tmx(self, out: IO[str], record_id: str | None = None) -> int:
        """The aligned sentences readers see (a curator's alignment, else the best made), of every
        record's current revision or of one record, as TMX; returns how many translation units."""
        from recto.align import tmx

        if record_id is None:  # streamed: the source language may differ from record to record
            return tmx.write((u for s in self.store.iter_records() for u in self._tmx_units(s)), out)
        found = list(self._tmx_units(self.get(record_id)))
        languages = {u.src_lang for u in found}
        return tmx.write(found, out, languages.pop() if len(languages) == 1 else tmx.ALL_LANGUAGES)

    def _tmx_units(self, stored: StoredRecord) -> Iterator[tmx.Unit]:
        from recto.align import Alignment, tmx

        texts = stored.record.texts
        for row in self.shown_alignments(stored.record.id, stored.revision):
            source, target = alignment_texts(row.key)
            yield from tmx.units(
                stored.record.id, row.key, Alignment.from_json(row.data), texts[source].paragraphs, texts[target].paragraphs,
                row.producer, row.created_at,
            )


def _quoted(value: str) -> str:
    """A value as one query term, whatever it holds."""
    return '"' + value.replace('"', " ") + '"'


def show_json(stored: StoredRecord, alignments: list[Derived] | None = None) -> dict:
    """The record as `recto show --json` and the API give it: the record, its revision, its alignments."""
    data = stored.record.to_json()
    data["revision"] = stored.revision
    data["revisions"] = stored.revisions
    if alignments is not None:
        data["alignments"] = [entry for row in alignments for entry in alignment_json(row)]
    return data


def alignment_json(row: Derived) -> list[dict]:
    """One alignment as its two levels: paragraph beads, and sentence beads with the sentences'
    [paragraph, start, end] spans. Beads are [source ids, target ids], as in `[0,1]:[2]`."""
    source, target = alignment_texts(row.key)
    common = {"source_text": source, "target_text": target, "producer": row.producer}
    return [
        {**common, "level": "paragraph", "beads": row.data.get("paragraphs", [])},
        {
            **common,
            "level": "sentence",
            "beads": row.data.get("sentences", []),
            "source_units": row.data.get("src_sentences", []),
            "target_units": row.data.get("tgt_sentences", []),
        },
    ]
