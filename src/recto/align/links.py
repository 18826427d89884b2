"""Word pairs the texts teach: translations learnt from a first alignment of the same two texts.

No dictionary knows that Minford's *Trinket* is 韦小宝, that *Laurie* is 小桂子
or that a Swiss yearbook's *Hütte* is a *cabane*; a chapter says so dozens of
times. After the first round, the units (see `features.py`) of each bead's two
sides are counted together, and pairs that meet far more often than their
frequencies predict are linked, as in Melamed's competitive linking (2000):
by Dunning's log-likelihood ratio (1993), strongest first, each unit linked
once. A link is a key both units get, so the next round's lexical evidence
weighs it like any other key, by how rare it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from recto.align.beads import Bead
from recto.align.matches import Occurrences

MIN_PAIRS = 3  # a link needs three beads at least: two words both seen twice meet twice by chance too often
# The log-likelihood ratio of a pair is chi-squared with one degree of freedom when the two are
# independent: 15.13 is its 0.01% point (a text tests thousands of pairs).
MIN_SCORE = 15.13


Link = tuple[int, int]  # (distinct unit of the source, distinct unit of the target), as `Occurrences` number them


def learn_links(src: Occurrences, tgt: Occurrences, beads: Sequence[Bead]) -> list[Link]:
    """Pairs of units that translate each other in these beads, strongest first."""
    paired = [b for b in beads if b.src and b.tgt]
    if len(paired) < 4:
        return []
    src_units, src_beads = _bead_units(src, paired, 0)
    tgt_units, tgt_beads = _bead_units(tgt, paired, 1)
    n, n_tgt = len(paired), len(tgt.units)
    src_count = np.bincount(src_units, minlength=len(src.units))
    tgt_count = np.bincount(tgt_units, minlength=n_tgt)
    # Units in fewer beads than MIN_PAIRS can make no link.
    keep_s, keep_t = src_count[src_units] >= MIN_PAIRS, tgt_count[tgt_units] >= MIN_PAIRS
    x, y = _joined(src_units[keep_s], src_beads[keep_s], tgt_units[keep_t], tgt_beads[keep_t])
    codes, together = np.unique(x * n_tgt + y, return_counts=True)
    ok = together >= MIN_PAIRS
    codes, together = codes[ok], together[ok]
    x, y = codes // n_tgt, codes % n_tgt
    score = _log_likelihood(together.astype(float), src_count[x].astype(float), tgt_count[y].astype(float), n)
    links: list[Link] = []
    taken_s: set[int] = set()
    taken_t: set[int] = set()
    for k in np.argsort(-score, kind="stable"):
        if score[k] < MIN_SCORE:
            break
        i, j = int(x[k]), int(y[k])
        if i in taken_s or j in taken_t:
            continue
        taken_s.add(i)
        taken_t.add(j)
        if src.units[i].isdisjoint(tgt.units[j]):  # units sharing a key meet already; the pair only takes both out of the contest
            links.append((i, j))
    return links


def with_links(src: Occurrences, tgt: Occurrences, links: Sequence[Link]) -> tuple[Occurrences, Occurrences]:
    """Both sides with each linked unit given its link's key (a negative number: the thread's numbering has none)."""
    keys = -1 - np.arange(len(links), dtype=np.int64)
    linked = np.array(links, dtype=np.int64).reshape(-1, 2)
    return _with_keys(src, linked[:, 0], keys), _with_keys(tgt, linked[:, 1], keys)


def _with_keys(occ: Occurrences, units: np.ndarray, keys: np.ndarray) -> Occurrences:
    pair_unit = np.concatenate([occ.pair_unit, units])
    pair_key = np.concatenate([occ.pair_key, keys])
    order = np.argsort(pair_unit, kind="stable")  # `matches` reads the pairs grouped by unit
    return replace(occ, pair_unit=pair_unit[order], pair_key=pair_key[order])


def _bead_units(occ: Occurrences, beads: Sequence[Bead], side: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (unit, bead) pairs of one side, sorted by bead."""
    bead_of = np.full(occ.n_sentences, -1, dtype=np.int64)
    for k, bead in enumerate(beads):
        run = bead.tgt if side else bead.src
        bead_of[run[0] : run[-1] + 1] = k
    beads_of_occ = bead_of[occ.sentence]
    inside = beads_of_occ >= 0
    pairs = np.unique(beads_of_occ[inside] * len(occ.units) + occ.unit[inside])
    return pairs % len(occ.units), pairs // len(occ.units)


def _joined(x: np.ndarray, x_bead: np.ndarray, y: np.ndarray, y_bead: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (x, y) pair of units in the same bead (both inputs sorted by bead)."""
    n_beads = int(max(x_bead.max(initial=-1), y_bead.max(initial=-1))) + 1
    y_start = np.searchsorted(y_bead, np.arange(n_beads + 1))
    per_x = y_start[x_bead + 1] - y_start[x_bead]  # how many y share each x's bead
    xs = np.repeat(x, per_x)
    # for each repeated x, the offsets 0..per_x-1 into its bead's run of y
    firsts = np.repeat(y_start[x_bead], per_x)
    offsets = np.arange(len(xs)) - np.repeat(np.cumsum(per_x) - per_x, per_x)
    return xs, y[firsts + offsets]


def _log_likelihood(both: np.ndarray, count_x: np.ndarray, count_y: np.ndarray, n: int) -> np.ndarray:
    """Dunning's G² of a 2x2 table of beads (x and y, x only, y only, neither); 0 where they meet less than by chance."""
    table = [both, count_x - both, count_y - both, n - count_x - count_y + both]
    rows = [count_x, count_x, n - count_x, n - count_x]
    cols = [count_y, n - count_y, count_y, n - count_y]
    g2 = np.zeros_like(both)
    for observed, row, col in zip(table, rows, cols):
        expected = row * col / n
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 += np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    g2 *= 2
    return np.where(both * n > count_x * count_y, g2, 0.0)
