"""Monotonic alignment by dynamic programming over beads, inside a band.

The best alignment maximises the sum of its beads' scores. A bead ending at
(i, j) with `a` source and `b` target sentences covers source sentences
i-a..i-1 and target sentences j-b..j-1; its score comes from
`bead_scores(types, rows, cols)`, an array whose cell (t, i, j) is the score
of a bead of type t ending at (i, j), for the cells asked for (cells where it
cannot end are ignored).

Translations stay near the diagonal, so the table is filled only in a band
around it (as hunalign does), in blocks of rows, each with the columns its
rows can reach: the scores of a 300 x 300 text are computed for a third of
its cells. A path that comes within two columns of the band's edge may have been
bent by it, so `aligner.py` widens the band and aligns again when that
happens (`touches_edge`); a band as wide as the table is the full table.

Within a block a row is filled by a few numpy calls whatever the number of
bead types: every type but the insertion is stacked, and insertions (0-1
beads), which chain along a row, take one running maximum.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from recto.align.beads import Bead

NEG = -1e18
BLOCK_ROWS = 32
# A path this close to the band's edge may have been bent by it (on unrelated texts, where
# nothing pulls the path anywhere, it can be bent without touching the edge itself).
EDGE_MARGIN = 2

# (bead types, rows, cols) -> (types, rows, cols): each type's score at each cell of the block
BeadScores = Callable[[list[tuple[int, int]], slice, slice], np.ndarray]


@dataclass(frozen=True)
class Block:
    """Rows r0..r1-1 of the table, over columns c0..c1-1."""

    r0: int
    r1: int
    c0: int
    c1: int

    @property
    def rows(self) -> slice:
        return slice(self.r0, self.r1)

    @property
    def cols(self) -> slice:
        return slice(self.c0, self.c1)


def bead_types(max_sentences: int = 5, max_side: int | None = None) -> list[tuple[int, int]]:
    """1-0, 0-1 and every a-b with a, b >= 1 and a + b <= max_sentences (each side at most max_side)."""
    max_side = max_side or max_sentences - 1
    types = [(1, 0), (0, 1)]
    for a in range(1, max_side + 1):
        for b in range(1, max_side + 1):
            if a + b <= max_sentences:
                types.append((a, b))
    return types


def _row_spans(n: int) -> list[tuple[int, int]]:
    """The rows r0..r1-1 of each block, for a table of n + 1 rows."""
    return [(r0, min(n + 1, r0 + BLOCK_ROWS)) for r0 in range(0, n + 1, BLOCK_ROWS)]


def _ends(beads: Sequence[Bead]) -> Iterator[tuple[int, int]]:
    """The cells (i, j) of a path where its beads end."""
    i = j = 0
    for bead in beads:
        i, j = i + len(bead.src), j + len(bead.tgt)
        yield i, j


def full_table(n: int, m: int) -> list[Block]:
    """Every cell, in blocks of rows (so that what is computed per block stays small)."""
    return [Block(r0, r1, 0, m + 1) for r0, r1 in _row_spans(n)]


def is_full(blocks: Sequence[Block], m: int) -> bool:
    return all(block.c0 == 0 and block.c1 == m + 1 for block in blocks)


def diagonal_band(n: int, m: int, half_width: int) -> list[Block]:
    """Blocks covering the cells within `half_width` columns of the diagonal j = i m / n."""
    return line_band([(0, 0), (n, m)], n, m, half_width)


def line_band(points: Sequence[tuple[int, int]], n: int, m: int, half_width: int) -> list[Block]:
    """Blocks covering the cells within `half_width` columns of the line through `points`
    (cells (i, j) in increasing order, from (0, 0) to (n, m))."""
    if n == 0 or 2 * half_width + 1 >= m + 1:
        return full_table(n, m)
    rows, columns = zip(*points)
    centre = np.interp(np.arange(n + 1), rows, columns)
    return [
        Block(r0, r1, max(0, math.floor(centre[r0:r1].min()) - half_width), min(m + 1, math.ceil(centre[r0:r1].max()) + half_width + 1))
        for r0, r1 in _row_spans(n)
    ]


def path_band(beads: Sequence[Bead], n: int, m: int, half_width: int) -> list[Block]:
    """Blocks covering the cells within `half_width` columns of a path (the previous round's alignment)."""
    low = np.full(n + 1, m, dtype=np.int64)  # rows a bead jumps over keep (m, 0): no say in their block
    high = np.zeros(n + 1, dtype=np.int64)
    low[0] = 0
    for i, j in _ends(beads):
        low[i], high[i] = min(low[i], j), max(high[i], j)
    return [
        Block(r0, r1, max(0, int(low[r0:r1].min()) - half_width), min(m + 1, int(high[r0:r1].max()) + half_width + 1))
        for r0, r1 in _row_spans(n)
    ]


def touches_edge(beads: Sequence[Bead], blocks: Sequence[Block], m: int, margin: int = EDGE_MARGIN) -> bool:
    """Whether the path ends a bead within `margin` columns of a band edge that is not the table's own."""
    if is_full(blocks, m):
        return False
    for i, j in _ends(beads):
        block = blocks[min(i // BLOCK_ROWS, len(blocks) - 1)]
        if (block.c0 > 0 and j <= block.c0 + margin) or (block.c1 < m + 1 and j >= block.c1 - 1 - margin):
            return True
    return False


def best_path(
    n: int,
    m: int,
    types: Sequence[tuple[int, int]],
    bead_scores: BeadScores,
    insertion: np.ndarray,
    deletion: np.ndarray,
    allowed: np.ndarray | None = None,
    blocks: Sequence[Block] | None = None,
) -> list[Bead] | None:
    """The highest-scoring sequence of beads covering n source and m target sentences, None if `blocks` hold none.

    `insertion[j]` is the score of target sentence j alone (0-1), `deletion[i]`
    that of source sentence i alone (1-0). `allowed`, an (n+1, m+1) boolean
    array, restricts the cells the path may pass through (paragraph bounds);
    `blocks` (default: the whole table) are the cells filled at all.
    """
    blocks = blocks or full_table(n, m)
    # Cell (i, j) of type (a, b) reads the table at (i - a, j - b): the table is kept
    # flat, with max_a rows above and max_b columns to its left, and NEG wherever no
    # block wrote, so one np.take reads every type's predecessors of a row at once.
    stacked = [t for t in types if t[0] and t[1]]
    two_sided = len(stacked)
    stacked += [t for t in types if t == (1, 0)]
    index = {t: k for k, t in enumerate(types)}
    a_of = np.array([a for a, _ in stacked])
    b_of = np.array([b for _, b in stacked])
    pad_a, pad_b = int(a_of.max()), int(b_of.max())
    width = m + 1 + pad_b
    table = np.full((n + 1 + pad_a) * width, NEG)
    back = np.full((n + 1, m + 1), -1, dtype=np.int16)
    type_of = np.array([index[t] for t in stacked], dtype=np.int16)
    ins_k = index.get((0, 1), -1)
    ins_prefix = np.concatenate([[0.0], np.cumsum(insertion)]) if ins_k >= 0 else None
    deletion_rows = np.concatenate([[NEG], deletion])
    reachable = NEG / 2  # a sum that includes NEG is below this
    for block in blocks:
        w = block.c1 - block.c0
        scores = np.empty((len(stacked), block.r1 - block.r0, w))
        scores[:two_sided] = bead_scores(stacked[:two_sided], block.rows, block.cols)
        scores[two_sided:] = deletion_rows[block.rows, None]
        reads = ((pad_a + block.r0 - a_of) * width + pad_b - b_of)[:, None] + np.arange(block.c0, block.c1)
        cand = np.empty((len(stacked), w))
        columns = np.arange(w)
        ins = ins_prefix[block.cols] if ins_prefix is not None else None
        for i in range(block.r0, block.r1):
            np.take(table, reads, out=cand)
            reads += width
            cand += scores[:, i - block.r0]
            best = cand.argmax(0)
            row = cand[best, columns]
            row_back = type_of[best]
            if i == 0:
                row[0] = 0.0
            if allowed is not None:
                row = np.where(allowed[i, block.cols], row, NEG)
            if ins is not None:
                # row[j] = max(row[j], max_{k<j} row[k] + insertions k..j-1), one running maximum.
                chained = np.maximum.accumulate(row - ins) + ins
                better = chained > row + 1e-9
                # where a chain wins, the last bead is the insertion of sentence j-1
                row = np.where(better, chained, row)
                row_back = np.where(better, ins_k, row_back)
                if allowed is not None:
                    row = np.where(allowed[i, block.cols], row, NEG)
            start = (pad_a + i) * width + pad_b
            table[start + block.c0 : start + block.c1] = row
            back[i, block.cols] = row_back
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j])
        if k < 0 or table[(pad_a + i) * width + pad_b + j] < reachable:
            if is_full(blocks, m):
                raise RuntimeError(f"no path through ({i}, {j})")
            return None
        a, b = types[k]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    beads.reverse()
    return beads
