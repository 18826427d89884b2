"""Aligning two texts of a record: paragraphs first, then sentences inside them.

`align_texts(original, translation, mode)` pairs the paragraphs of the two
`recto.record.Text`s (1-1, 1-2 and 2-1 for a paragraph cut by a page break,
1-0 for a stamp or a page number the other text does not have; always with
the `fast` evidence, which paragraphs have plenty of), then splits
every paragraph into sentences and aligns the sentences of the whole text at
once, with every sentence bead kept inside one paragraph bead. The evidence
is calibrated on the whole text, not paragraph by paragraph.

Sentences are numbered through the whole text; `Alignment.src_sentences[k]`
says where sentence k stands (paragraph, start and end offsets), so a reader
can highlight it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from recto.align.aligner import Mode, Options, _align_dense, _align_sides, align, read_pair
from recto.align.beads import Bead
from recto.align.left_out import align_kept
from recto.align.segment import sentence_spans
from recto.record import Text
from recto.text import langid


@dataclass(frozen=True)
class Span:
    """A sentence: paragraph index and character offsets [start, end) in that paragraph."""

    paragraph: int
    start: int
    end: int

    def to_json(self) -> list[int]:
        return [self.paragraph, self.start, self.end]

    @classmethod
    def from_json(cls, data: list[int]) -> Span:
        return cls(int(data[0]), int(data[1]), int(data[2]))


def check_spans(spans: Sequence[Span], paragraphs: Sequence[str], name: str = "sentences") -> None:
    """Raise ValueError unless each span is a stretch of characters inside one of `paragraphs`."""
    for k, span in enumerate(spans):
        if span.paragraph >= len(paragraphs):
            raise ValueError(f"{name}/{k}: there is no paragraph {span.paragraph} (the text has {len(paragraphs)})")
        size = len(paragraphs[span.paragraph])
        if not span.start < span.end <= size:
            raise ValueError(f"{name}/{k}: {span.start}-{span.end} is not a stretch of paragraph {span.paragraph} ({size} characters)")


@dataclass
class Alignment:
    """The alignment of two texts at paragraph and sentence level."""

    src_language: str
    tgt_language: str
    mode: str
    paragraphs: list[Bead] = field(default_factory=list)  # over the texts' paragraph indices
    src_sentences: list[Span] = field(default_factory=list)
    tgt_sentences: list[Span] = field(default_factory=list)
    sentences: list[Bead] = field(default_factory=list)  # over src_sentences / tgt_sentences

    def to_json(self) -> dict[str, Any]:
        return {
            "src_language": self.src_language,
            "tgt_language": self.tgt_language,
            "mode": self.mode,
            "paragraphs": [b.to_json() for b in self.paragraphs],
            "src_sentences": [s.to_json() for s in self.src_sentences],
            "tgt_sentences": [s.to_json() for s in self.tgt_sentences],
            "sentences": [b.to_json() for b in self.sentences],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Alignment:
        return cls(
            src_language=data["src_language"],
            tgt_language=data["tgt_language"],
            mode=data["mode"],
            paragraphs=[Bead.from_json(b) for b in data.get("paragraphs", [])],
            src_sentences=[Span.from_json(s) for s in data.get("src_sentences", [])],
            tgt_sentences=[Span.from_json(s) for s in data.get("tgt_sentences", [])],
            sentences=[Bead.from_json(b) for b in data.get("sentences", [])],
        )

    def counterpart(self, src_sentence: int) -> tuple[int, ...]:
        """The target sentences aligned with source sentence `src_sentence`."""
        for bead in self.sentences:
            if src_sentence in bead.src:
                return bead.tgt
        return ()


# Few units: let EM run to convergence. Paragraphs stay in order: what moved is left out.
PARAGRAPH_OPTIONS = Options(max_sentences=6, rounds=6, relink=False, gaps=False)
MIN_LETTERS = 4  # fewer letters of the text's own script: a page number, a stamp, a lone character


def has_prose(paragraph: str, lang: str) -> bool:
    """False for what has no language to align: `7`, `KP 19/8`, `孙`, `[...]`."""
    counts = langid.scripts(paragraph)
    script = langid.script_for_language(lang)
    mine = counts.get(script, 0) + (counts.get("Han", 0) if script in ("Kana", "Hangul") else 0)
    return mine >= MIN_LETTERS


def align_paragraphs(src: list[str], tgt: list[str], src_lang: str, tgt_lang: str, mode: Mode = "fast") -> list[Bead]:
    """Paragraph beads: the sentence aligner with paragraphs as its units (up to six paragraphs a bead).

    Paragraphs without prose (page numbers, stamps) are left out of the
    alignment, then put back: inside a bead when they stand between its
    paragraphs (a page break inside a paragraph), else as beads of their own.
    """
    return align_kept(
        src, tgt, lambda s, t: align(s, t, src_lang, tgt_lang, mode, options=PARAGRAPH_OPTIONS),
        ([has_prose(p, src_lang) for p in src], [has_prose(p, tgt_lang) for p in tgt]), pair=False,
    )


def align_texts(
    original: Text, translation: Text, mode: Mode = "fast", *, options: Options | None = None, embedder=None, progress=None
) -> Alignment:
    """Align `original` with `translation`: paragraph beads, sentence spans and sentence beads."""
    options = (options or Options()).for_mode(mode)
    src_lang, tgt_lang = original.language, translation.language
    result = Alignment(src_lang, tgt_lang, mode)
    # Paragraphs carry plenty of words and numbers; their embeddings would be cut at the
    # model's 512 tokens. Paragraphs are aligned in fast mode whatever `mode` says.
    result.paragraphs = align_paragraphs(original.paragraphs, translation.paragraphs, src_lang, tgt_lang, "fast")
    src_sents: list[str] = []
    tgt_sents: list[str] = []
    src_para: list[int] = []  # paragraph of each sentence
    tgt_para: list[int] = []
    for k, para in enumerate(original.paragraphs):
        for start, end in sentence_spans(para, src_lang):
            result.src_sentences.append(Span(k, start, end))
            src_sents.append(para[start:end])
            src_para.append(k)
    for k, para in enumerate(translation.paragraphs):
        for start, end in sentence_spans(para, tgt_lang):
            result.tgt_sentences.append(Span(k, start, end))
            tgt_sents.append(para[start:end])
            tgt_para.append(k)
    n, m = len(src_sents), len(tgt_sents)
    # Cells (i, j) the sentence path may pass through: the corners and insides of paragraph beads.
    allowed = np.zeros((n + 1, m + 1), dtype=bool)
    s0 = t0 = 0
    for bead in result.paragraphs:
        s1 = s0 + sum(1 for p in src_para if p in bead.src)
        t1 = t0 + sum(1 for p in tgt_para if p in bead.tgt)
        allowed[s0 : s1 + 1, t0 : t1 + 1] = True
        s0, t0 = s1, t1
    if n == 0 or m == 0:
        result.sentences = [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
        return result
    src_side, tgt_side, emb = read_pair(src_sents, tgt_sents, src_lang, tgt_lang, mode, options, embedder, progress)
    if n * m <= options.max_cells * 4:
        result.sentences = _align_dense(src_side, tgt_side, emb, options, allowed)
    else:  # a book: align without the paragraph constraint, cut at anchors
        result.sentences = _align_sides(src_side, tgt_side, emb, options)
    return result
