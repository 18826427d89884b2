"""The reading view's model: original and translation as rows of paragraphs, marks in place.

Pure data for the templates (and anything else that lays texts side by
side). Rows come from a paragraph alignment when one is stored; without one,
texts with as many paragraphs pair one to one, and otherwise each text is
shown whole beside the other, never paired wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recto.record import Annotation, Record, Text

LAYOUTS = ("side", "interleaved", "original", "translation")


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph: prose, or an editorial mark shown as such."""

    text: str
    mark: str | None = None  # the mark's kind, for a mark


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


def pieces(paragraph: str, marks: list[Annotation]) -> list[Piece]:
    """The paragraph with its inline marks put back where they stood."""
    out: list[Piece] = []
    pos = 0
    for mark in sorted(marks, key=lambda m: m.offset):
        if mark.offset > pos:
            out.append(Piece(paragraph[pos : mark.offset]))
        out.append(Piece(mark.text, mark.kind))
        pos = max(pos, mark.offset)
    if pos < len(paragraph) or not out:
        out.append(Piece(paragraph[pos:]))
    return out


def _paragraphs(text: Text) -> list[Paragraph]:
    result = []
    for i, prose in enumerate(text.paragraphs):
        inline = [a for a in text.annotations if a.paragraph == i and not a.standalone]
        before = [a for a in text.annotations if a.paragraph == i and a.standalone]
        result.append(Paragraph(i, pieces(prose, inline), before))
    return result


def reading(record: Record, beads: list[tuple[tuple[int, ...], tuple[int, ...]]] | None = None) -> Reading:
    """Rows for the original (or transcript) beside the first translation.

    `beads` is a paragraph alignment between those two texts: pairs of
    paragraph index tuples, in order.
    """
    source = next((t for t in record.texts if t.role in ("original", "transcript")), None)
    target = next((t for t in record.texts if t.role == "translation"), None)
    shown = [t for t in (source, target) if t is not None]
    notes_after = {
        i: [a for a in t.annotations if a.standalone and a.paragraph >= len(t.paragraphs)] for i, t in enumerate(shown)
    }
    columns = [_paragraphs(t) for t in shown]
    if len(shown) == 2 and beads is None and len(shown[0].paragraphs) == len(shown[1].paragraphs):
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
        return Reading(shown, rows, True, notes_after)
    row = Row([Column(t.role, t.language, paragraphs) for t, paragraphs in zip(shown, columns)])
    return Reading(shown, [row] if shown else [], False, notes_after)
