"""Beads with a gap: what stands inside the sentences that one sentence translates.

OCR reads a caption set between two lines of running text into the middle of
them: the source has A, a caption, B, where the translation has one sentence
for A B and the caption elsewhere or nowhere (textberg's gold has fourteen
such beads, `[75,77]:[64]` beside `[76]:[]`). A monotonic path of runs can
only take the caption into the bead or cut the bead at it. Once the path is
found, each side of each paired bead, together with the left-out sentences
next to it, is tried with an inner run of sentences left out, and the best
such bead replaces the path's when its evidence, the run made left-out
sentences, is the greater: the same comparison of log-likelihood ratios and
bead priors the path's dynamic programming makes between its runs, on the
beads' own sentences (`evidence.*.bead_scores`). Each alternative is one of K
tried for that bead, and before looking each is 1/K likely: it must win by
log K. Measured (`bench/align.py`): textberg's strict F1 0.936 -> 0.941 in
the accurate mode (lax 0.989 -> 0.991; four of its gapped gold beads found,
three beads made wrongly), 0.919 -> 0.920 in the fast one; mac-dev, whose
gold has none, unchanged (no bead with a gap made). Without the log K,
textberg's was 0.939 and mac-dev's 0.917 -> 0.9166.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from recto.align.beads import Bead

# beads -> each bead's log-likelihood ratio plus the log prior of its type
BeadScore = Callable[[Sequence[Bead]], np.ndarray]
MAX_GAP = 4  # sentences left out of one bead at most


def fill_gaps(
    beads: Sequence[Bead], score: BeadScore, log_left_out: tuple[float, float], max_sentences: int,
    allowed: np.ndarray | None = None,
) -> list[Bead]:
    """The beads, each paired one replaced by its best version with a gap when that wins by log K
    (see the module's docstring), of `max_sentences` at most; `log_left_out` is the log prior of a
    1-0 and of a 0-1 bead, and `allowed` (the aligner's paragraph bounds) keeps a bead inside one
    paragraph bead. Every alternative is scored in one call; where two beads' winners would take
    in the same left-out sentence, the first is taken."""
    tried: list[tuple[int, int, tuple[int, int], Bead]] = []  # (bead, side, lo..hi: the beads it replaces, alternative)
    for k, bead in enumerate(beads):
        if not bead.src or not bead.tgt:
            continue
        for side in (0, 1):
            lo, hi = _left_out_around(beads, k, side)
            for kept in _with_gaps(_sentences(beads, lo, hi, side), _side(bead, side), max_sentences - len(_side(bead, 1 - side))):
                alternative = Bead(kept, bead.tgt) if side == 0 else Bead(bead.src, kept)
                if _inside(alternative, allowed):
                    tried.append((k, side, (lo, hi), alternative))
    if not tried:
        return list(beads)
    read = sorted({k for k, *_ in tried})
    scores = score([beads[k] for k in read] + [alternative for *_, alternative in tried])
    own = dict(zip(read, scores[: len(read)]))
    count = Counter((k, side) for k, side, *_ in tried)
    best: dict[int, tuple[float, int, tuple[int, int], Bead]] = {}
    for (k, side, span, alternative), s in zip(tried, scores[len(read) :]):
        fewer = len(_side(beads[k], side)) - len(_side(alternative, side))  # as many more left-out beads
        gain = s - own[k] + fewer * log_left_out[side] - math.log(count[k, side])
        if gain > best.get(k, (0.0,))[0]:
            best[k] = (gain, side, span, alternative)
    replaced: dict[int, tuple[int, list[Bead]]] = {}  # lo -> (hi, the beads that stand for lo..hi)
    taken = -1
    for k in sorted(best):
        _gain, side, (lo, hi), alternative = best[k]
        if lo <= taken:
            continue  # it would take in a left-out sentence the bead before took in
        taken = hi
        kept = _side(alternative, side)
        left = [Bead((i,), ()) if side == 0 else Bead((), (i,)) for i in _sentences(beads, lo, hi, side) if i not in kept]
        before = [b for b in left if _side(b, side)[0] < kept[0]]  # the sentences before it stay before it
        replaced[lo] = (hi, [*before, alternative, *left[len(before) :]])
    out: list[Bead] = []
    x = 0
    while x < len(beads):
        if x in replaced:
            hi, new = replaced[x]
            out += new
            x = hi + 1
        else:
            out.append(beads[x])
            x += 1
    return out


def _side(bead: Bead, side: int) -> tuple[int, ...]:
    return bead.src if side == 0 else bead.tgt


def _sentences(beads: Sequence[Bead], lo: int, hi: int, side: int) -> list[int]:
    """The sentences of `side` in beads lo..hi, in order."""
    return [i for x in range(lo, hi + 1) for i in _side(beads[x], side)]


def _left_out_around(beads: list[Bead], k: int, side: int) -> tuple[int, int]:
    """lo..hi: bead k and the beads around it that leave out sentences of `side`, each next to
    the one before in that side's order."""
    def left_out(x: int) -> bool:
        return bool(_side(beads[x], side)) and not _side(beads[x], 1 - side)

    lo = k
    while lo > 0 and left_out(lo - 1) and _side(beads[lo - 1], side)[-1] + 1 == _side(beads[lo], side)[0]:
        lo -= 1
    hi = k
    while hi + 1 < len(beads) and left_out(hi + 1) and _side(beads[hi], side)[-1] + 1 == _side(beads[hi + 1], side)[0]:
        hi += 1
    return lo, hi


def _with_gaps(run: list[int], mine: tuple[int, ...], max_side: int) -> list[tuple[int, ...]]:
    """Every side cut from `run` (consecutive sentences: the bead's side and the left-out ones next
    to it) that starts and ends in it and leaves out one inner run of 1..MAX_GAP sentences, keeping
    at most `max_side` and at least one of the bead's own (so it spans at most max_side + MAX_GAP
    sentences around them, however many were left out there)."""
    out = []
    own = set(mine)
    lo, hi = run.index(mine[0]), run.index(mine[-1])
    span = max_side + MAX_GAP
    for first in range(max(0, hi - span + 1), lo + 1):
        for last in range(max(first + 2, hi), min(len(run), first + span)):
            for gap_start in range(first + 1, last):
                for gap_end in range(gap_start, min(last, gap_start + MAX_GAP)):
                    kept = tuple(run[first:gap_start] + run[gap_end + 1 : last + 1])
                    if len(kept) <= max_side and own.intersection(kept):
                        out.append(kept)
    return out


def _inside(bead: Bead, allowed: np.ndarray | None) -> bool:
    if allowed is None:
        return True
    return bool(allowed[bead.src[0], bead.tgt[0]] and allowed[bead.src[-1] + 1, bead.tgt[-1] + 1])
