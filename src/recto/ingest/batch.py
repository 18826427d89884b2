"""Reading many files: each file read and parsed on its own, in worker processes when asked.

Reading and parsing are pure CPU work on one file at a time, so they run
beside the process that writes to the store. Results come back in file
order, and only a bounded window of files is in flight, so memory does not
grow with the size of the batch.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path

from recto.errors import IngestError
from recto.ingest import files
from recto.ingest.readers import Item, reader_for, reader_named
from recto.derive import ALL, Steps, prepare

IN_FLIGHT_PER_WORKER = 32
POOL_THRESHOLD = 64  # smaller batches are read in-process: a pool costs more than it saves


@dataclass
class FileRead:
    """What came of reading one file: its records, or why not."""

    path: Path
    reader: str | None
    items: list[Item | IngestError]


def read_file(path: Path, reader: str | None = None, encoding: str | None = None, steps: Steps = ALL) -> FileRead:
    """Read and parse one file. Never raises: every problem is an IngestError item."""
    try:
        text = files.read_text(path, encoding)
        chosen = reader_named(reader) if reader else reader_for(path, text[:4096])
        if chosen is None:
            return FileRead(path, None, [IngestError("no reader for this kind of file", path=str(path))])
        # The search document and derived layers are built here too: more CPU work than the parse.
        items = [
            item if isinstance(item, IngestError) else replace(item, prepared=prepare(item.record, steps))
            for item in chosen.read(path, text)
        ]
        return FileRead(path, chosen.name, items)
    except IngestError as exc:
        return FileRead(path, reader, [exc])
    except Exception as exc:  # a bug on one file must not stop the batch
        return FileRead(path, reader, [IngestError(f"unexpected {type(exc).__name__}: {exc}", path=str(path))])


def default_jobs() -> int:
    """Worker processes for parsing: one a core (the writer mostly waits on them)."""
    return os.cpu_count() or 1


def read_files(
    paths: Iterable[Path], reader: str | None = None, encoding: str | None = None, jobs: int = 0, steps: Steps = ALL
) -> Iterator[FileRead]:
    """Read every file, in order; with `jobs` > 0, in that many worker processes."""
    paths = iter(paths)
    head: list[Path] = []
    if jobs > 0:
        for path in paths:
            head.append(path)
            if len(head) >= POOL_THRESHOLD:
                break
    if jobs <= 0 or len(head) < POOL_THRESHOLD:
        for path in chain(head, paths):
            yield read_file(path, reader, encoding, steps)
        return
    with ProcessPoolExecutor(jobs) as pool:
        window: deque[Future[FileRead]] = deque()
        for path in chain(head, paths):
            window.append(pool.submit(read_file, path, reader, encoding, steps))
            if len(window) >= jobs * IN_FLIGHT_PER_WORKER:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
