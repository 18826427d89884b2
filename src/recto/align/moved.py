"""Moved sentences: source and target sentences that the monotonic alignment
left out, paired when they translate each other.

Captions, footnotes and notes set apart stand at another place in each
edition, and a monotonic path can only leave them out on both sides. Once the
path is found, the runs of left-out sentences are scored against each other
with the evidence of a bead (its log-likelihood ratio, the bead prior aside):
a left-out source sentence against each left-out target sentence (1-1), and
against each two neighbouring left-out target sentences (1-2), and the
reverse (2-1: a caption the translator cut in two, or joined). Pairs are taken
best first while that ratio exceeds the log of the number of candidate pairs:
before looking, one pairing among K is 1/K likely, so its evidence must
outweigh that. Measured (`bench/align.py`, with FreeDict's German-French
dictionary): on textberg, whose gold has 23 paired beads no monotonic path
can hold, 1-1 pairs took strict F1 0.914 -> 0.922 in the accurate mode (lax
0.974 -> 0.983) and 0.905 -> 0.912 in the fast one (lax 0.975 -> 0.982); 1-2
and 2-1 pairs, later, 0.932 -> 0.933 in the accurate mode (lax precision
0.983 -> 0.985); on mac-dev, no change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from recto.align.beads import Bead

# (a, b), first source sentence i -> (m + 1,) array: cell e is the evidence of the a-b bead of
# source sentences i..i+a-1 and target sentences e-b..e-1.
BeadEvidence = Callable[[tuple[int, int], int], np.ndarray]
MOVED_KINDS = ((1, 1), (1, 2), (2, 1))


def relink_moved(beads: Sequence[Bead], evidence: BeadEvidence, allowed: np.ndarray | None = None) -> list[Bead]:
    """The beads with each left-out pair that translates each other made one bead at the source's place.

    `allowed` (the aligner's paragraph bounds) keeps pairs inside one paragraph bead.
    """
    deleted = {b.src[0] for b in beads if b.src and not b.tgt}
    inserted = {b.tgt[0] for b in beads if b.tgt and not b.src}
    candidates: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
    for a, b in MOVED_KINDS:
        targets = np.array([j for j in sorted(inserted) if all(j + k in inserted for k in range(b))], dtype=np.int64)
        if not len(targets):
            continue
        for i in sorted(deleted):
            if not all(i + k in deleted for k in range(a)):
                continue
            scores = evidence((a, b), i)[targets + b]
            if allowed is not None:
                scores = np.where(allowed[i, targets] & allowed[i + a, targets + b], scores, -np.inf)
            candidates += [(float(x), tuple(range(i, i + a)), tuple(range(j, j + b))) for x, j in zip(scores, targets)]
    if not candidates:
        return list(beads)
    threshold = math.log(len(candidates))
    used: set[tuple[int, int]] = set()  # (side, sentence)
    moved: dict[int, Bead] = {}  # first source sentence -> its new bead
    for score, src, tgt in sorted(candidates, key=lambda c: -c[0]):
        if score <= threshold:
            break
        taken = {(0, i) for i in src} | {(1, j) for j in tgt}
        if taken & used:
            continue
        used |= taken
        moved[src[0]] = Bead(src, tgt)
    out: list[Bead] = []
    for bead in beads:
        if bead.src and not bead.tgt:  # left out: now moved (at its first sentence), taken into a moved bead, or still left out
            if bead.src[0] in moved:
                out.append(moved[bead.src[0]])
            elif (0, bead.src[0]) not in used:
                out.append(bead)
        elif not bead.src:
            if (1, bead.tgt[0]) not in used:
                out.append(bead)
        else:
            out.append(bead)
    return out
