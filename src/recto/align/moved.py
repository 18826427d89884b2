"""Moved sentences: a source and a target sentence that the monotonic alignment
left out, paired when they translate each other.

Captions, footnotes and notes set apart stand at another place in each
edition, and a monotonic path can only leave them out on both sides. Once the
path is found, every source sentence it left out is scored against every
target sentence it left out with the evidence of any 1-1 bead (its
log-likelihood ratio, the bead prior aside), and pairs are taken best first
while that ratio exceeds the log of the number of candidate pairs: before
looking, one pairing among K is 1/K likely, so its evidence must outweigh
that. Measured (`bench/align.py`, with FreeDict's German-French dictionary):
on textberg, whose gold has 23 paired beads no monotonic path can hold, strict
F1 0.914 -> 0.922 in the accurate mode (lax 0.974 -> 0.983) and 0.905 -> 0.912
in the fast one (lax 0.975 -> 0.982); on mac-dev, no change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from recto.align.beads import Bead

# Source sentence i -> (m + 1,) array: cell j + 1 is the 1-1 bead evidence of (i, target j).
OneToOne = Callable[[int], np.ndarray]


def relink_moved(beads: Sequence[Bead], one_to_one: OneToOne, allowed: np.ndarray | None = None) -> list[Bead]:
    """The beads with each left-out pair that translates each other made a 1-1 bead at the source's place.

    `allowed` (the aligner's paragraph bounds) keeps pairs inside one paragraph bead.
    """
    deleted = np.array([b.src[0] for b in beads if b.src and not b.tgt], dtype=np.int64)
    inserted = np.array([b.tgt[0] for b in beads if b.tgt and not b.src], dtype=np.int64)
    if not len(deleted) or not len(inserted):
        return list(beads)
    scores = np.stack([one_to_one(int(i))[inserted + 1] for i in deleted])
    if allowed is not None:
        inside = allowed[deleted[:, None], inserted[None, :]] & allowed[deleted[:, None] + 1, inserted[None, :] + 1]
        scores = np.where(inside, scores, -np.inf)
    threshold = math.log(scores.size)
    partner: dict[int, int] = {}
    while scores.max() > threshold:
        a, b = np.unravel_index(int(scores.argmax()), scores.shape)
        partner[int(deleted[a])] = int(inserted[b])
        scores[a, :] = scores[:, b] = -np.inf
    moved = set(partner.values())
    return [
        Bead(bead.src, (partner[bead.src[0]],)) if not bead.tgt and bead.src[0] in partner else bead
        for bead in beads
        if bead.src or bead.tgt[0] not in moved
    ]
