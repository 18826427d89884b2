"""What Recto derives from a record when it is stored: its search document and derived layers.

Pure work on one record (no store), so ingest runs it in its worker
processes beside the parse. Each layer names its producer and version;
`Archive.put` stores them against the revision they were made from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from recto.record import Record
from recto.search.documents import Document, document

if TYPE_CHECKING:
    from recto.extract import Extraction

# The aligner and the extractor (numpy, dictionaries, gazetteers) are imported
# where they are used: every `recto` command imports this module, few derive.

ALIGN_VERSION = 2  # bump when alignments change, so stored ones can be remade (the newest is shown)
# Which producer's alignment the reading room shows first: a curator's always wins.
ALIGNMENT_PREFERENCE = ("curator", "align accurate", "align fast")


@dataclass(frozen=True)
class Layer:
    layer: str  # extraction | alignment
    key: str
    producer: str
    data: str  # JSON, serialised where it was made (a worker process) rather than by the writer


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Prepared:
    """Everything stored beside a record: its search document and its derived layers."""

    document: Document
    layers: tuple[Layer, ...] = ()


@dataclass(frozen=True)
class Steps:
    """Which derived layers to make: extraction (entities feed the facets) and fast alignments."""

    extract: bool = True
    align: bool = True


ALL = Steps()
NONE = Steps(extract=False, align=False)


def prepare(record: Record, steps: Steps = ALL) -> Prepared:
    """The record's search document and the derived layers `steps` asks for."""
    extraction: Extraction | None = None
    layers = []
    if steps.extract:
        from recto.extract import extract
        from recto.extract.extraction import VERSION

        extraction = extract(record)
        # The record's dated events go with it, so a timeline needs no re-extraction.
        data = {**extraction.to_json(), "events": [e.to_json() for e in extraction.events(record)]}
        layers.append(Layer("extraction", "", f"extract {VERSION}", _json(data)))
    if steps.align:
        layers += make_alignments(record, "fast")
    return Prepared(document(record, extraction), tuple(layers))


def alignment_key(source: int, target: int) -> str:
    """Which pair of texts an alignment joins: their positions in `record.texts`."""
    return f"{source}-{target}"


def alignment_texts(key: str) -> tuple[int, int]:
    """The positions of the two texts an alignment key names: "0-1" -> (0, 1); ValueError for what is not a key."""
    pair = re.fullmatch(r"(\d{1,4})-(\d{1,4})", key)
    if not pair:
        raise ValueError(f"{key!r} is not two text positions, SOURCE-TARGET (such as 0-1)")
    return int(pair[1]), int(pair[2])


def text_pairs(record: Record) -> list[tuple[int, int]]:
    """The (original or transcript, translation) pairs of texts an alignment is made for, by position."""
    return [
        (i, j)
        for i, source in enumerate(record.texts)
        if source.role in ("original", "transcript") and source.paragraphs
        for j, target in enumerate(record.texts)
        if target.role == "translation" and target.paragraphs
    ]


def alignment_producer(mode: str) -> str:
    return f"align {mode} {ALIGN_VERSION}"


def alignment_rank(producer: str) -> tuple[int, int]:
    """How early readers see an alignment by this producer: its place in ALIGNMENT_PREFERENCE,
    then the newest aligner first (the version `alignment_producer` puts last)."""
    place = next((i for i, p in enumerate(ALIGNMENT_PREFERENCE) if producer.startswith(p)), len(ALIGNMENT_PREFERENCE))
    version = producer.rsplit(" ", 1)[-1]
    return place, -int(version) if version.isdigit() else 0


def make_alignments(
    record: Record, mode: str = "fast", *, pairs: list[tuple[int, int]] | None = None, embedder=None, progress=None
) -> list[Layer]:
    """An alignment layer for every pair of `text_pairs` (or those of `pairs`); `embedder` and
    `progress(done, total)` (embeddings made) serve the accurate mode."""
    from recto.align import align_texts

    layers = []
    for i, j in text_pairs(record) if pairs is None else pairs:
        aligned = align_texts(record.texts[i], record.texts[j], mode, embedder=embedder, progress=progress)  # type: ignore[arg-type]
        layers.append(Layer("alignment", alignment_key(i, j), alignment_producer(mode), _json(aligned.to_json())))
    return layers
