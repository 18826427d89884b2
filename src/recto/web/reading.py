"""The reading view's model: original and translation as rows of paragraphs, marks in place.

Pure data for the templates. Rows come from the stored paragraph alignment
(a curator's, else the machine's); without one, texts with as many
paragraphs pair one to one, and otherwise each text is shown whole beside
the other, never paired wrongly. With a sentence alignment, every sentence
is a piece with an id (`o3`, `t5`) and `counterparts` says which sentences
of the other text translate it, for the page to light them up.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from recto.record import Annotation, Record, Text

LAYOUTS = ("side", "interleaved", "original", "translation")


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph: prose (in sentence `sentence`, if known), or an editorial mark."""

    text: str
    mark: str | None = None  # the mark's kind, for a mark
    sentence: str | None = None  # "o3": sentence 3 of the original side; "t5" of the translation


@dataclass
class Paragraph:
    index: int
    pieces: list[Piece]
    notes_before: list[Annotation] = field(default_factory=list)  # standalone marks


@dataclass
class Column:
    role: str
    language: str
    paragraphs: list[Paragraph]


@dataclass
class Row:
    cells: list[Column]  # one per text shown, in the order of `Reading.texts`


@dataclass
class Reading:
    texts: list[Text]
    rows: list[Row]
    paired: bool  # rows pair paragraphs that translate each other
    notes_after: dict[int, list[Annotation]]  # marks closing a text, by text position
    counterparts: dict[str, list[str]] = field(default_factory=dict)  # sentence id -> the other side's ids
    producer: str | None = None  # who made the alignment shown


def pieces(paragraph: str, marks: list[Annotation], sentences: list[tuple[int, int, str]] = ()) -> list[Piece]:  # type: ignore[assignment]
    """The paragraph cut at sentence boundaries, with its inline marks put back where they stood.

    `sentences` are (start, end, id) spans in the paragraph, in order.
    """
    cuts = {0, len(paragraph)} | {m.offset for m in marks if 0 <= m.offset <= len(paragraph)}
    for start, end, _id in sentences:
        cuts.update((start, end))
    cuts = sorted(c for c in cuts if 0 <= c <= len(paragraph))
    starts = [s for s, _e, _i in sentences]
    marks_at: dict[int, list[Annotation]] = {}
    for mark in marks:
        marks_at.setdefault(min(max(mark.offset, 0), len(paragraph)), []).append(mark)
    out: list[Piece] = []
    for a, b in zip(cuts, cuts[1:] + [None]):  # type: ignore[operator]
        for mark in marks_at.get(a, []):
            out.append(Piece(mark.text, mark.kind))
        if b is None or a >= b:
            continue
        k = bisect_right(starts, a) - 1
        sentence = sentences[k][2] if k >= 0 and a < sentences[k][1] else None
        out.append(Piece(paragraph[a:b], sentence=sentence))
    return out or [Piece(paragraph)]


def _paragraphs(text: Text, spans: dict[int, list[tuple[int, int, str]]]) -> list[Paragraph]:
    result = []
    for i, prose in enumerate(text.paragraphs):
        inline = [a for a in text.annotations if a.paragraph == i and not a.standalone]
        before = [a for a in text.annotations if a.paragraph == i and a.standalone]
        result.append(Paragraph(i, pieces(prose, inline, spans.get(i, [])), before))
    return result


def _spans(units: list[list[int]], prefix: str) -> dict[int, list[tuple[int, int, str]]]:
    by_paragraph: dict[int, list[tuple[int, int, str]]] = {}
    for n, (paragraph, start, end) in enumerate(units):
        by_paragraph.setdefault(paragraph, []).append((start, end, f"{prefix}{n}"))
    return by_paragraph


def _counterparts(beads: list[list[list[int]]]) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for src, tgt in beads:
        for s in src:
            links[f"o{s}"] = [f"t{t}" for t in tgt]
        for t in tgt:
            links[f"t{t}"] = [f"o{s}" for s in src]
    return links


def reading(record: Record, alignment: dict[str, Any] | None = None, source_index: int | None = None, target_index: int | None = None, producer: str | None = None) -> Reading:
    """Rows for the original (or transcript) beside the first translation.

    `alignment` is the stored alignment of exactly those two texts
    (`recto.align.Alignment.to_json()`), at positions `source_index` and
    `target_index` of `record.texts`.
    """
    if source_index is None:
        source_index = next((i for i, t in enumerate(record.texts) if t.role in ("original", "transcript")), None)
    if target_index is None:
        target_index = next((i for i, t in enumerate(record.texts) if t.role == "translation"), None)
    shown = [record.texts[i] for i in (source_index, target_index) if i is not None]
    notes_after = {
        i: [a for a in t.annotations if a.standalone and a.paragraph >= len(t.paragraphs)] for i, t in enumerate(shown)
    }
    aligned = alignment is not None and len(shown) == 2
    src_spans = _spans(alignment.get("src_sentences", []), "o") if aligned else {}
    tgt_spans = _spans(alignment.get("tgt_sentences", []), "t") if aligned else {}
    columns = [_paragraphs(t, spans) for t, spans in zip(shown, (src_spans, tgt_spans))]
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]] | None = None
    if aligned:
        beads = [(tuple(src), tuple(tgt)) for src, tgt in alignment.get("paragraphs", [])]
    elif len(shown) == 2 and len(shown[0].paragraphs) == len(shown[1].paragraphs):
        beads = [((i,), (i,)) for i in range(len(shown[0].paragraphs))]
    if len(shown) == 2 and beads:
        rows = [
            Row(
                [
                    Column(shown[0].role, shown[0].language, [columns[0][i] for i in src]),
                    Column(shown[1].role, shown[1].language, [columns[1][j] for j in tgt]),
                ]
            )
            for src, tgt in beads
        ]
        links = _counterparts(alignment.get("sentences", [])) if aligned else {}
        return Reading(shown, rows, True, notes_after, links, producer if aligned else None)
    row = Row([Column(t.role, t.language, paragraphs) for t, paragraphs in zip(shown, columns)])
    return Reading(shown, [row] if shown else [], False, notes_after)
