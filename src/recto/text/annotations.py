"""Editorial marks: `[...]`, `[Illegible brief handwritten note]`, `[stamp]`.

Translators and editors put notes about the physical document in square
brackets. They are not prose: search, alignment and reading all want them
apart. Bracketed words that belong to the sentence (`the [Chinese]
authorities`, `[sic]`) stay in the prose; only marks about the document
itself are taken out, and each keeps its place so nothing is lost.
"""

from __future__ import annotations

import re

from recto.record import Annotation

_MARK = re.compile(r"\s*[\[【]([^\[\]【】\n]{1,200})[\]】]")
_OMISSION = re.compile(r"^\s*(?:\.\s*){2,}\s*$|^\s*…+\s*$")
# Words that make a bracketed note a remark about the document, by kind.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("illegible", re.compile(r"illegible|unreadable|indecipherable|unclear", re.I)),
    ("handwritten", re.compile(r"handwrit|hand-writ|in handwriting|margin(?:al|s)?\b|marginalia", re.I)),
    ("stamp", re.compile(r"\bstamp|\bseal\b", re.I)),
    ("signature", re.compile(r"signature|\bsigned\b", re.I)),
    (
        "editorial",
        re.compile(
            r"\bpage\b|\bpp?\.\s*\d|\bomitted|\bdeleted|crossed[- ]out|strike|struck|underlin|"
            r"text missing|missing text|\bsic\b\s*\W|translator'?s? note|editor'?s? note|^\s*note:",
            re.I,
        ),
    ),
)


def mark_kind(inner: str) -> str | None:
    """What a bracketed note is, or None when it is part of the prose."""
    if _OMISSION.match(inner):
        return "omission"
    for kind, pattern in _KINDS:
        if pattern.search(inner):
            return kind
    return None


def is_mark_paragraph(paragraph: str) -> bool:
    """True when the paragraph is nothing but editorial marks."""
    rest = paragraph
    found = False
    for match in _MARK.finditer(paragraph):
        if mark_kind(match.group(1)) is None:
            return False
        found = True
        rest = rest.replace(match.group(0).strip(), "", 1)
    return found and not rest.strip()


def split_marks(paragraphs: list[str]) -> tuple[list[str], list[Annotation]]:
    """Separate editorial marks from prose, paragraph by paragraph.

    Returns the prose paragraphs and the marks with their positions. A
    paragraph that is only marks disappears from the prose and its marks are
    recorded as standalone before the next prose paragraph.
    """
    prose: list[str] = []
    marks: list[Annotation] = []
    for paragraph in paragraphs:
        if is_mark_paragraph(paragraph):
            for match in _MARK.finditer(paragraph):
                kind = mark_kind(match.group(1)) or "editorial"
                marks.append(Annotation(len(prose), 0, match.group(0).strip(), kind, standalone=True))
            continue
        cleaned, inline = _strip_inline(paragraph, len(prose))
        prose.append(cleaned)
        marks.extend(inline)
    return prose, marks


def _strip_inline(paragraph: str, index: int) -> tuple[str, list[Annotation]]:
    out: list[str] = []
    marks: list[Annotation] = []
    pos = 0
    length = 0
    for match in _MARK.finditer(paragraph):
        kind = mark_kind(match.group(1))
        if kind is None:
            continue
        piece = paragraph[pos : match.start()]
        out.append(piece)
        length += len(piece)
        marks.append(Annotation(index, length, match.group(0).strip(), kind))
        pos = match.end()
    if not marks:
        return paragraph, []
    out.append(paragraph[pos:])
    text = "".join(out)
    # Marks taken from between words can leave a space before punctuation.
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    if lead:
        marks = [Annotation(m.paragraph, max(0, m.offset - lead), m.text, m.kind) for m in marks]
    return stripped, marks
