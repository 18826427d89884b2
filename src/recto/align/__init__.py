"""Alignment of an original and its translation, paragraph by paragraph and sentence by sentence.

    from recto.align import align, align_texts, Bead, format_beads, parse_beads

    beads = align(src_sentences, tgt_sentences, "zh", "en", mode="fast")
    alignment = align_texts(record.text("original"), record.text("translation"), mode="accurate")

See `aligner.py` for the method, `segment.py` for sentence segmentation and
`beads.py` for the `[i,j]:[k]` format.
"""

from recto.align.aligner import MODES, Mode, Options, align
from recto.align.paragraphs import Alignment, Span, align_paragraphs, align_texts, check_spans
from recto.align.beads import Bead, check_beads, format_bead, format_beads, parse_bead, parse_beads
from recto.align.segment import sentence_spans, split_sentences

__all__ = [
    "MODES", "Mode", "Options", "align", "align_texts", "align_paragraphs", "Alignment", "Span", "Bead", "check_beads", "check_spans", "format_bead", "format_beads", "parse_bead",
    "parse_beads", "sentence_spans", "split_sentences",
]
