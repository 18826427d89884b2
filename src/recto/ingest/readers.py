"""What a reader is, and how a file finds its reader."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from pathlib import Path

from recto.errors import IngestError
from recto.record import Record

if TYPE_CHECKING:
    from recto.derive import Prepared


@dataclass(frozen=True)
class Item:
    """One record read from a source, with the bytes it came from."""

    record: Record
    raw: bytes
    line: int | None = None  # for formats with many records a file
    prepared: Prepared | None = None  # its search document and derived layers, when built beside the parse


@dataclass(frozen=True)
class Reader:
    """An export format.

    `accepts(path, head)` says whether this reader reads the file, given its
    name and first characters; `read(path, text)` yields an `Item` per record
    or an `IngestError` per bad record, so one bad record in a multi-record
    file does not stop the others.
    """

    name: str
    extensions: tuple[str, ...]
    accepts: Callable[[Path, str], bool]
    read: Callable[[Path, str], Iterator[Item | IngestError]]


def all_readers() -> list[Reader]:
    from recto.plugins import pm

    readers: list[Reader] = []
    for found in pm.hook.recto_readers():
        readers.extend(found)
    # Specific formats first; the plain-text export accepts almost anything.
    return sorted(readers, key=lambda r: r.name == "archive-text")


def reader_named(name: str) -> Reader:
    for reader in all_readers():
        if reader.name == name:
            return reader
    known = ", ".join(r.name for r in all_readers())
    raise IngestError(f"no reader called {name!r} (known: {known})")


def reader_for(path: Path, head: str) -> Reader | None:
    for reader in all_readers():
        if reader.accepts(path, head):
            return reader
    return None


def known_extensions() -> set[str]:
    return {ext for reader in all_readers() for ext in reader.extensions}
