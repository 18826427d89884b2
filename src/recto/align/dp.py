"""Monotonic alignment by dynamic programming over beads.

The best alignment maximises the sum of its beads' scores. A bead ending at
(i, j) with `a` source and `b` target sentences covers source sentences
i-a..i-1 and target sentences j-b..j-1; its score comes from `bead_score(a,
b)`, an (n+1, m+1) array whose cell (i, j) is that bead's score (cells where
it cannot end are ignored). Insertions (0-1 beads) chain along a row, so a
row is filled with numpy in one pass per bead type plus one running maximum
for the insertions: a 300 x 300 table takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from recto.align.beads import Bead

NEG = -1e18


def bead_types(max_sentences: int = 5, max_side: int | None = None) -> list[tuple[int, int]]:
    """1-0, 0-1 and every a-b with a, b >= 1 and a + b <= max_sentences (each side at most max_side)."""
    max_side = max_side or max_sentences - 1
    types = [(1, 0), (0, 1)]
    for a in range(1, max_side + 1):
        for b in range(1, max_side + 1):
            if a + b <= max_sentences:
                types.append((a, b))
    return types


def best_path(
    n: int,
    m: int,
    types: Sequence[tuple[int, int]],
    bead_score: Callable[[int, int], np.ndarray],
    insertion: np.ndarray,
    deletion: np.ndarray,
    allowed: np.ndarray | None = None,
) -> list[Bead]:
    """The highest-scoring sequence of beads covering n source and m target sentences.

    `insertion[j]` is the score of target sentence j alone (0-1), `deletion[i]`
    that of source sentence i alone (1-0). `allowed`, an (n+1, m+1) boolean
    array, restricts the cells the path may pass through (paragraph bounds).
    """
    scores = {t: bead_score(*t) for t in types if t[0] and t[1]}
    total = np.full((n + 1, m + 1), NEG)
    back = np.full((n + 1, m + 1), -1, dtype=np.int16)
    index = {t: k for k, t in enumerate(types)}
    ins_k = index.get((0, 1), -1)
    del_k = index.get((1, 0), -1)
    ins_prefix = np.concatenate([[0.0], np.cumsum(insertion)]) if ins_k >= 0 else None
    for i in range(n + 1):
        row = np.full(m + 1, NEG)
        row_back = np.full(m + 1, -1, dtype=np.int16)
        if i == 0:
            row[0] = 0.0
        for (a, b), s in scores.items():
            if a > i or b > m:
                continue
            cand = total[i - a, : m + 1 - b] + s[i, b:]
            better = cand > row[b:]
            row[b:][better] = cand[better]
            row_back[b:][better] = index[(a, b)]
        if del_k >= 0 and i >= 1:
            cand = total[i - 1] + deletion[i - 1]
            better = cand > row
            row[better] = cand[better]
            row_back[better] = del_k
        if allowed is not None:
            row = np.where(allowed[i], row, NEG)
        if ins_prefix is not None:
            # row[j] = max(row[j], max_{k<j} row[k] + insertions k..j-1), one running maximum.
            shifted = row - ins_prefix
            best = np.maximum.accumulate(shifted)
            chained = best + ins_prefix
            better = chained > row + 1e-9
            # where a chain wins, the last bead is the insertion of sentence j-1
            row = np.where(better, chained, row)
            row_back = np.where(better, ins_k, row_back).astype(np.int16)
        if allowed is not None:
            row = np.where(allowed[i], row, NEG)
        total[i] = row
        back[i] = row_back
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j])
        if k < 0:
            raise RuntimeError(f"no path through ({i}, {j})")
        a, b = types[k]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    beads.reverse()
    return beads
