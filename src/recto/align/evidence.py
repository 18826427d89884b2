"""Bead scores as log-likelihood ratios, calibrated on the texts being aligned.

A bead's score is log P(bead | the sentences translate each other) minus
log P(bead | they are unrelated), plus the log prior of its type (1-1, 1-2,
...). Every distribution is estimated from the two texts themselves, first
from a rough alignment and then from the aligner's own previous pass
(expectation-maximisation: two rounds in the fast mode, until the alignment stops
changing in the accurate one), so nothing is tuned to a
benchmark:

- **lexical**: a unit of one side (see `features.py`) is matched by a random
  sentence of the other side with probability p (its frequency there), by a
  random window as long as r of that side's mean sentences with probability
  1 - (1 - p)^r (a fragment adds little to a window's chance of a match, a
  long sentence much), and by its translation with probability p + (1 - p) q,
  where q, how often a translation carries a unit over, is estimated by EM. A match is
  worth log((p + (1-p) q) / p) - log(1 - q), a miss log(1 - q).
  Both sides are read this way, the source's units against the target and
  the target's against the source, and a word pair that translates is then
  seen twice, once from each side: each side's evidence counts half
  (`SIDE_WEIGHT`), so that it counts once. Summed instead, the lexical
  evidence outweighed lengths and embeddings twofold (strict F1 on mac-dev
  0.880 -> 0.902 in the fast mode, 0.912 -> 0.920 in the accurate one).
  One q serves every bead. A mixture over a grid of q values, its weights
  learnt by EM (a free paraphrase beside a literal translation), was
  worth nothing on average once chance matches grew with a window's
  length and each side counted half (accurate mode, strict F1: mac-dev
  0.919 with it against 0.917, textberg 0.938 against 0.941; per text, 5
  better and 4 worse on mac-dev), at six times the lexical cost.
- **length**: the log ratio of the two sides' lengths is normal around the
  texts' overall ratio, with a variance shrinking with length as in
  Gale & Church (1993), but for one bead in a hundred, drawn from a normal four
  times as wide (Tukey's contaminated normal: a caption run into a sentence
  costs a few nats, not twenty); unrelated windows follow the spread of the
  texts' own lengths.
- **embeddings** (accurate mode): each sentence of a bead against the other
  side's window (its sentences joined), both sides, each counting half: the
  cosine of the two embeddings, centred on each text's mean, is normal for a
  translation around a mean that falls with the sentence's share of its side,
  and for an unrelated window as measured over all pairs. Every sentence is
  thus observed once whatever the path; one cosine a bead gave two beads two
  observations where their merger had one, and the path cut n-m beads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from recto.align.beads import Bead, is_run, runs
from recto.align.matches import Occurrences, matches, ranges

if TYPE_CHECKING:
    from recto.align.embed import JoinedEmbeddings

LOG_2PI = math.log(2 * math.pi)
# A unit pair that translates is matched from both sides: each side's lexical evidence counts half.
SIDE_WEIGHT = 0.5


def log_normal(x: np.ndarray, mean: float | np.ndarray, var: float | np.ndarray) -> np.ndarray:
    return -0.5 * (LOG_2PI + np.log(var) + (x - mean) ** 2 / var)


BeadTypes = Sequence[tuple[int, int]]


def sizes(types: BeadTypes) -> tuple[np.ndarray, np.ndarray]:
    """The source and target sizes of bead types, as arrays: [(1, 2), (2, 1)] -> ([1, 2], [2, 1])."""
    a, b = np.array(types, dtype=np.int64).reshape(-1, 2).T
    return a, b


def window_sums(values: np.ndarray, k: int) -> np.ndarray:
    """(n+1,) array: cell i is the sum of values[i-k:i] (0 where i < k)."""
    c = np.concatenate([[0.0], np.cumsum(values)])
    out = np.zeros(len(values) + 1)
    out[k:] = c[k:] - c[:-k] if k else 0.0
    return out


class LexicalEvidence:
    """Matches of units between the two sides, for windows of one to `max_window` sentences.

    A unit counts once in a bead, matched or not ("matched" = any sentence of
    the other side's window holds one of its keys), and a window matches by
    chance with probability 1 - (1 - p)^r, r its length in mean sentences of
    its text (binned in quarter octaves; without `lengths`, its number of
    sentences): the more text, the likelier a chance match, so a short
    fragment joined to a bead dilutes its evidence less than a full sentence.
    """

    def __init__(
        self, src_occ: Occurrences, tgt_occ: Occurrences, max_window: int = 4,
        lengths: tuple[Sequence[float], Sequence[float]] | None = None,
    ):
        self.n, self.m = src_occ.n_sentences, tgt_occ.n_sentences
        self.max_window = max_window
        self._dirs = [self._direction(src_occ, tgt_occ), self._direction(tgt_occ, src_occ)]
        for d, other, n_other in ((self._dirs[0], 1, self.m), (self._dirs[1], 0, self.n)):
            lens = np.asarray(lengths[other], float) if lengths is not None else np.ones(n_other)
            d["lengths_before"] = _relative_lengths_before(lens)
            d["bins"] = _length_bins(d["lengths_before"], max_window)  # of the other side's windows
        self._weights: dict[tuple[int, float], np.ndarray] = {}
        self._bases: dict[float, tuple[np.ndarray, np.ndarray]] = {}

    def _direction(self, side: Occurrences, other: Occurrences):
        n_other = other.n_sentences
        # A distinct unit is a type of its own if the other side matches it somewhere, but
        # not everywhere (then it says nothing); types in order of first occurrence.
        matched = matches(side, other)
        hit_counts = np.count_nonzero(matched, axis=1)
        informative = (hit_counts > 0) & (hit_counts < n_other)
        n_types = int(informative.sum())
        type_of_unit = np.full(len(side.units), -1, dtype=np.int64)
        type_of_unit[informative] = np.arange(n_types)
        all_types = type_of_unit[side.unit]
        kept = all_types >= 0
        occ_sentence, occ_type = side.sentence[kept], all_types[kept]
        counts = np.bincount(occ_sentence, minlength=side.n_sentences)
        bounds = np.concatenate([[0], np.cumsum(counts)])
        # matches_before[t, j]: how many of the first j sentences match a unit of type t (a window's count is a difference of two)
        matches_before = np.zeros((n_types, n_other + 1), dtype=np.int32)
        np.cumsum(matched[informative], axis=1, dtype=np.int32, out=matches_before[:, 1:])
        freq = matches_before[:, -1] / max(n_other, 1)
        return dict(
            occ_type=occ_type, occ_sentence=occ_sentence, bounds=bounds, counts=counts.astype(float),
            freq=freq, matches_before=matches_before,
        )

    def _window_weights(self, direction: int, carry: float) -> np.ndarray:
        """(unit types, length bins): what a match of each unit type by a window of each length
        is worth, log((p + (1-p) q) / p) - log(1 - q), times SIDE_WEIGHT."""
        cache_key = (direction, carry)
        if cache_key not in self._weights:
            p = 1 - (1 - self._dirs[direction]["freq"][:, None]) ** BIN_LENGTHS[None, :]
            gain = np.log((p + (1 - p) * carry) / p) - math.log(1 - carry)
            self._weights[cache_key] = (SIDE_WEIGHT * gain).astype(np.float32)
        return self._weights[cache_key]

    def base(self, direction: int, carry: float) -> np.ndarray:
        """Per sentence: its informative units, each charged log(1 - q) (times SIDE_WEIGHT) when in a bead with a partner."""
        return self._dirs[direction]["counts"] * (SIDE_WEIGHT * math.log(1 - carry))

    def carried(self, beads: Sequence[Bead]) -> float:
        """EM update of q: the share of units whose bead partner matches them, beyond chance."""
        num = den = 0.0
        for direction, d in enumerate(self._dirs):
            _bead, t, length, hit = self._partner_matches(beads, direction)
            p_rand = 1 - (1 - d["freq"][t]) ** BIN_LENGTHS[length]
            num += float((hit - p_rand).sum())
            den += float((1 - p_rand).sum())
        return float(np.clip(num / den if den else 0.3, 0.02, 0.95))

    def _partner_matches(self, beads: Sequence[Bead], direction: int) -> tuple[np.ndarray, ...]:
        """The units of one side's sentences in the beads whose other side has 1..max_window
        sentences (consecutive or not): their bead (an index into `beads`), type, the partner's
        length bin and whether the partner matches them (0 or 1)."""
        d = self._dirs[direction]
        which: list[int] = []  # the beads read
        own: list[tuple[int, int]] = []  # (bead read, one of its sentences on this side)
        partner: list[tuple[int, int, int]] = []  # (bead read, start, end): the runs of its other side
        for k, bead in enumerate(beads):
            mine, theirs = (bead.src, bead.tgt) if direction == 0 else (bead.tgt, bead.src)
            if mine and 1 <= len(theirs) <= self.max_window:
                own.extend((len(which), i) for i in mine)
                partner.extend((len(which), start, end) for start, end in runs(theirs))
                which.append(k)
        if not which:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, np.zeros(0)
        own_a, partner_a = np.array(own), np.array(partner)
        bounds = d["bounds"]
        # every unit of the sentences, with its bead
        counts = bounds[own_a[:, 1] + 1] - bounds[own_a[:, 1]]
        occ = ranges(bounds[own_a[:, 1]], counts)
        read = np.repeat(own_a[:, 0], counts)
        t = d["occ_type"][occ]
        before = d["lengths_before"]
        partner_length = np.bincount(partner_a[:, 0], before[partner_a[:, 2]] - before[partner_a[:, 1]], minlength=len(which))
        # matched when a run of the partner matches it: a unit with each run of its bead's partner
        n_runs = np.bincount(partner_a[:, 0], minlength=len(which))
        first_run = np.cumsum(n_runs) - n_runs
        per_unit = n_runs[read]
        pair_unit = np.repeat(np.arange(len(occ)), per_unit)
        pair_run = ranges(first_run[read], per_unit)
        matched = d["matches_before"]
        tt = t[pair_unit]
        found = matched[tt, partner_a[pair_run, 2]] - matched[tt, partner_a[pair_run, 1]]
        hit = (np.bincount(pair_unit, found, minlength=len(occ)) > 0).astype(float)
        return np.array(which)[read], t, _bin(partner_length)[read], hit

    def bead_scores(self, beads: Sequence[Bead], carry: float) -> np.ndarray:
        """The lexical log-likelihood ratio of each bead (of 1..max_window sentences a side, consecutive
        or not), without building the table: `score` read at its cell, for a bead of consecutive ones."""
        out = np.zeros(len(beads))
        for direction, d in enumerate(self._dirs):
            bead, t, length, hit = self._partner_matches(beads, direction)
            out += np.bincount(bead, self._window_weights(direction, carry)[t, length] * hit, minlength=len(beads))
            running = np.concatenate([[0.0], np.cumsum(self.base(direction, carry))]).tolist()
            out += [
                sum(running[end] - running[start] for start, end in runs(b.tgt if direction else b.src)) if b.src and b.tgt else 0.0
                for b in beads
            ]
        return out

    def score(self, types: BeadTypes, carry: float, rows: slice | None = None, cols: slice | None = None) -> np.ndarray:
        """(types, rows, cols): lexical log-likelihood ratio of each a-b bead type ending at each cell (i, j).

        The default is the whole (n+1, m+1) table. Cells where no a-b bead can end
        (i < a or j < b) get finite values of no meaning.
        """
        rows = rows or slice(0, self.n + 1)
        cols = cols or slice(0, self.m + 1)
        a, b = sizes(types)
        # source units against target windows of b, summed over source windows of a; and the reverse
        out = self._bead_windows(self._gain_sums_for(0, carry, rows, cols), b, a)
        out += self._bead_windows(self._gain_sums_for(1, carry, cols, rows), a, b).transpose(0, 2, 1)
        bases = self._base_windows(carry)
        out += bases[0][a - 1, rows, None] + bases[1][b - 1, None, cols]
        return out

    def _base_windows(self, carry: float) -> tuple[np.ndarray, np.ndarray]:
        """`base` summed over the windows of 1..max_window sentences before each cell, for both sides."""
        if carry not in self._bases:
            self._bases[carry] = tuple(
                np.stack([window_sums(self.base(direction, carry), k) for k in range(1, self.max_window + 1)])
                for direction in (0, 1)
            )
        return self._bases[carry]

    def _gain_sums_for(self, direction: int, carry: float, ends: slice, others: slice) -> np.ndarray:
        """(max_window, rows, cols): for each window size k, running sums down this side's
        sentences of their gains against the other side's k-windows ending in `others`.

        Row x sums sentences ends.start - max_window .. ends.start - max_window + x - 1
        (none before the first sentence), so every window a cell of `ends` needs is a
        difference of two rows; shared by every bead type of a block. Summed over the
        units the sentences hold (a few each) rather than over every unit type of the text.
        """
        d = self._dirs[direction]
        mw = self.max_window
        first, last = ends.start - mw, ends.stop - 1  # sentences first..last-1
        lo = max(first, 0)
        o0, o1 = d["bounds"][lo], d["bounds"][max(lo, last)]
        held = d["occ_type"][o0:o1]
        # below[x, o]: occurrence o is in one of the sentences that row x sums
        below = (np.arange(last - first + 1)[:, None] > (d["occ_sentence"][o0:o1] - first)[None, :]).astype(np.float32)
        width = others.stop - others.start
        # the rows of these units' types over the columns the windows read, from mw before the
        # first (column 0, no match yet, stands for those before it), gathered once: each window
        # size's starts are then a slice of them
        before = d["matches_before"][:, max(others.start - mw, 0) : others.stop][held]
        if others.start < mw:
            before = np.concatenate([np.zeros((len(held), mw - others.start), before.dtype), before], axis=1)
        at_end = before[:, mw:]
        gains = np.empty((len(held), mw, width), dtype=np.float32)
        for k in range(1, mw + 1):  # window by window: does the k-window ending at the column match
            np.greater(at_end, before[:, mw - k : mw - k + width], out=gains[:, k - 1])
        # what each match is worth: by the unit's type and the length of the window that matched it
        gains *= np.take(self._window_weights(direction, carry)[held], d["bins"][:, others.start : others.stop], axis=1)
        sums = below @ gains.reshape(len(held), mw * width)  # one product for every window size
        return sums.reshape(len(below), mw, width).transpose(1, 0, 2)

    def _bead_windows(self, sums: np.ndarray, others: np.ndarray, k: np.ndarray) -> np.ndarray:
        """From `_gain_sums_for`, for each type: windows of the other side's size `others`, cell i summing sentences i-k..i-1."""
        mw = self.max_window
        cells = sums.shape[1] - mw
        return sums[others - 1, mw:] - sums[(others - 1)[:, None], (mw - k)[:, None] + np.arange(cells)]


# Tukey's contaminated normal: a translation's log length ratio is drawn from the narrow normal,
# except one bead in a hundred from a normal four times as wide (sd), around the same mean.
CONTAMINATION = 0.01
WIDE_VARIANCE = 16.0
_LOG_NARROW, _LOG_WIDE = math.log1p(-CONTAMINATION), math.log(CONTAMINATION) - 0.5 * math.log(WIDE_VARIANCE)


@dataclass
class LengthModel:
    """Log length ratios of beads: translations against unrelated windows.

    A translation's log length ratio is normal around the texts' overall ratio, with a variance
    shrinking with length (Gale & Church), for nearly every bead. A few lie far from that rule: a
    caption that OCR ran into a sentence, a note the translator folded into the text. With the
    normal alone such a bead cost twenty nats and more, and the path bent around it; so the ratio
    follows Tukey's contaminated normal (`CONTAMINATION`, `WIDE_VARIANCE`), whose tails are heavy
    but still fall: lengths twice what the rule says still count against a bead.
    """

    src_len: np.ndarray
    tgt_len: np.ndarray

    def __post_init__(self) -> None:
        self.mu = math.log(self.tgt_len.sum() / self.src_len.sum())
        self._rand: dict[tuple[int, int], tuple[float, float]] = {}
        self._windows: dict[tuple[int, int], np.ndarray] = {}

    def _window_logs(self, lengths: np.ndarray, k: int) -> np.ndarray:
        return np.log(window_sums(lengths, k)[k:])

    def random_params(self, a: int, b: int) -> tuple[float, float]:
        if (a, b) not in self._rand:
            ls, lt = self._window_logs(self.src_len, a), self._window_logs(self.tgt_len, b)
            mean = lt.mean() - ls.mean() if len(ls) and len(lt) else self.mu
            var = (ls.var() if len(ls) > 1 else 0.5) + (lt.var() if len(lt) > 1 else 0.5)
            self._rand[(a, b)] = (mean, max(var, 0.05))
        return self._rand[(a, b)]

    def initial_var(self) -> float:
        """Before any alignment: a quarter of the spread of unrelated 1-1 pairs, at the median length."""
        _, var = self.random_params(1, 1)
        return float(0.25 * var * np.median(self.src_len))

    def score(self, types: BeadTypes, s2: float, rows: slice | None = None, cols: slice | None = None) -> np.ndarray:
        """(types, rows, cols): length log-likelihood ratio of each a-b bead type ending at each cell (default: all).

        Cells where no a-b bead can end (i < a or j < b) get finite values of no meaning.
        """
        a, b = sizes(types)
        ls = self._window_lengths(0, int(a.max()))[a - 1, rows or slice(None), None]
        lt = self._window_lengths(1, int(b.max()))[b - 1, None, cols or slice(None)]
        chance = np.array([self.random_params(x, y) for x, y in types], dtype=np.float32)[:, :, None, None]
        return self._ratio(ls, lt, chance[:, 0], chance[:, 1], s2)

    def _ratio(self, ls: np.ndarray, lt: np.ndarray, chance_mean: np.ndarray, chance_var: np.ndarray, s2: float) -> np.ndarray:
        # Written out to save work (every cell of the band, every round):
        # log[(1 - e) N(r; mu, s2/ls) + e N(r; mu, K s2/ls)] - log N(r; chance), z the squared
        # deviation from the rule in narrow standard deviations.
        r = np.log(lt) - np.log(ls)
        z = (r - self.mu) ** 2 * (ls / s2)
        wide = _LOG_WIDE + (0.5 * (1 - 1 / WIDE_VARIANCE)) * z
        # np.logaddexp(wide, _LOG_NARROW), in ufuncs NumPy vectorises: a sixth of the time
        tail = np.maximum(wide, _LOG_NARROW) + np.log1p(np.exp(-np.abs(wide - _LOG_NARROW)))
        return 0.5 * (np.log(chance_var * ls / s2) + (r - chance_mean) ** 2 / chance_var - z) + tail

    def bead_scores(self, beads: Sequence[Bead], s2: float) -> np.ndarray:
        """The length log-likelihood ratio of each bead with both sides (consecutive sentences or not)."""
        ls = np.array([max(float(self.src_len[list(b.src)].sum()), 1.0) for b in beads])
        lt = np.array([max(float(self.tgt_len[list(b.tgt)].sum()), 1.0) for b in beads])
        chance = np.array([self.random_params(*b.kind) for b in beads]).reshape(-1, 2)
        return self._ratio(ls, lt, chance[:, 0], chance[:, 1], s2)

    def _window_lengths(self, side: int, most: int) -> np.ndarray:
        """(most, sentences + 1): the length of the k = 1..most sentences before each cell (0 source, 1 target), at least 1."""
        if (side, most) not in self._windows:
            lengths = self.tgt_len if side else self.src_len
            windows = np.maximum(np.stack([window_sums(lengths, k) for k in range(1, most + 1)]), 1.0)
            self._windows[(side, most)] = windows.astype(np.float32)  # float32: the table's logs cost a third as much
        return self._windows[(side, most)]

    def estimate(self, beads: Sequence[Bead]) -> float:
        """EM update of s2 from the beads with both sides (robust: a median, not a mean)."""
        paired = [b for b in beads if b.src and b.tgt]
        if len(paired) < 5:
            return self.initial_var()
        src_sums = np.concatenate([[0.0], np.cumsum(self.src_len)])
        tgt_sums = np.concatenate([[0.0], np.cumsum(self.tgt_len)])
        spans = np.array([(b.src[0], b.src[-1] + 1, b.tgt[0], b.tgt[-1] + 1) for b in paired])
        ls = src_sums[spans[:, 1]] - src_sums[spans[:, 0]]
        lt = tgt_sums[spans[:, 3]] - tgt_sums[spans[:, 2]]
        vals = (np.log(lt / ls) - self.mu) ** 2 * ls
        # the median of chi-squared with one degree of freedom; never 0 (texts of identical ratios)
        return max(float(np.median(vals) / 0.4549), 1e-6)


@dataclass(frozen=True)
class SentenceFit:
    """How similar a bead's sentence is to the other side's window when they translate: normal,
    its mean `alpha + beta * log(share)` (share: the sentence's part of its side's length), its
    variance `var`."""

    alpha: float
    beta: float
    var: float


SLOPE_BEADS = 5  # fewer beads with both sides tell no slope of the cosine with the share
PRIOR_SENTENCES = 5  # the translation variance starts as the chance variance, worth five sentences


class EmbeddingEvidence:
    """Each sentence of a bead against the window of the other side, as cosines of embeddings.

    A bead is scored sentence by sentence, on both sides, each side counting half
    (`SIDE_WEIGHT`, as the lexical evidence): the cosine of a sentence's embedding
    and that of the other side's sentences joined (their window) is normal around a
    mean that falls with the sentence's share of its side (a sentence that says half
    of what its partner window says is less like it), and for an unrelated window
    normal as measured over every pair. So every sentence is observed once whatever
    the path: scored as one cosine a bead instead, two beads had two observations
    where their merger had one, and the path cut n-m beads (mac-dev accurate, strict
    F1 0.917 against 0.926 this way; textberg 0.941 against 0.944).
    """

    def __init__(
        self, src_windows: list[np.ndarray], tgt_windows: list[np.ndarray],
        lengths: tuple[Sequence[float], Sequence[float]], joined: JoinedEmbeddings | None = None,
    ):
        self._means = (_window_means(src_windows), _window_means(tgt_windows))
        self.src = [_centre(w, mean) for w, mean in zip(src_windows, self._means[0])]
        self.tgt = [_centre(w, mean) for w, mean in zip(tgt_windows, self._means[1])]
        self.joined = joined
        self.max_window = min(len(self.src), len(self.tgt))
        self._lengths = tuple(np.maximum(np.asarray(x, float), 1.0) for x in lengths)
        self._length_sums = tuple(np.concatenate([[0.0], np.cumsum(x)]) for x in self._lengths)
        # per side, (max_window, own sentences, other cells): cell [k-1, s, c] is the cosine of
        # sentence s and the other side's window of k sentences ending before cell c
        self._cosines = tuple(self._sentence_cosines(side) for side in (0, 1))
        self._chance = tuple(self._chance_params(side) for side in (0, 1))

    def _sentence_cosines(self, side: int) -> np.ndarray:
        own, other = (self.src, self.tgt) if side == 0 else (self.tgt, self.src)
        n_own, n_other = len(own[0]), len(other[0])
        out = np.zeros((self.max_window, n_own, n_other + 1), dtype=np.float32)  # a long text's are many
        for k in range(1, self.max_window + 1):
            if len(other[k - 1]):
                out[k - 1, :, k:] = own[0] @ other[k - 1].T
        return out

    def _chance_params(self, side: int) -> tuple[np.ndarray, np.ndarray]:
        """Mean and variance of the cosine of a sentence and an unrelated window, for each window size."""
        means, variances = np.zeros(self.max_window), np.ones(self.max_window)
        for k in range(1, self.max_window + 1):
            values = self._cosines[side][k - 1, :, k:]
            if values.size:
                means[k - 1], variances[k - 1] = values.mean(), max(values.var(), 1e-4)
        return means, variances

    def _log_shares(self, side: int, ends: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
        """(size, windows): for windows of `size` sentences ending before `ends`, each of their
        sentences and the log of its share of the window's length."""
        sentence = np.maximum(ends[None, :] - size + np.arange(size)[:, None], 0)
        total = self._length_sums[side][ends] - self._length_sums[side][np.maximum(ends - size, 0)]
        return sentence, np.log(np.minimum(self._lengths[side][sentence] / np.maximum(total, 1.0), 1.0))

    def estimate(self, beads: Sequence[Bead]) -> tuple[SentenceFit, SentenceFit] | None:
        """EM update: for each side, the similarity of the beads' sentences to their partner windows,
        regressed on the log of their share; None if no bead has both sides.

        Fewer than `SLOPE_BEADS` beads cannot tell a slope (it is then 0), and the variance is
        shrunk towards the chance cosines' by `PRIOR_SENTENCES`, so that a short text's few beads
        cannot make the model sure. (A two-sentence text used to read no embeddings at all.)"""
        read = [
            (b.src[0], len(b.src), b.tgt[0], len(b.tgt)) for b in beads
            if b.src and b.tgt and is_run(b.src) and is_run(b.tgt) and max(b.kind) <= self.max_window
        ]
        if not read:
            return None
        spans = np.array(read).reshape(-1, 2, 2)  # per bead and side: first sentence, count
        fits = []
        for side in (0, 1):
            first, count = spans[:, side].T
            other_first, other_count = spans[:, 1 - side].T
            sentence = ranges(first, count)
            lengths = self._lengths[side]
            totals = self._length_sums[side][first + count] - self._length_sums[side][first]
            log_share = np.log(lengths[sentence] / np.repeat(totals, count))
            x = self._cosines[side][np.repeat(other_count - 1, count), sentence, np.repeat(other_first + other_count, count)]
            design = np.stack([np.ones_like(log_share), log_share], 1)
            (alpha, beta), *_ = np.linalg.lstsq(design, x, rcond=None)
            # beta < 0, a part of a side more like the other side than a whole one: too few beads to tell
            if beta < 0 or len(read) < SLOPE_BEADS:
                alpha, beta = x.mean(), 0.0
            residual = x - design @ (alpha, beta)
            chance_var = self._chance[side][1][0]  # of single sentences
            var = (float(residual @ residual) + PRIOR_SENTENCES * chance_var) / (len(x) + PRIOR_SENTENCES)
            fits.append(SentenceFit(float(alpha), float(beta), max(var, 1e-4)))
        return fits[0], fits[1]

    def score(
        self, types: BeadTypes, fits: tuple[SentenceFit, SentenceFit], rows: slice | None = None, cols: slice | None = None
    ) -> np.ndarray:
        """(types, rows, cols): embedding log-likelihood ratio of each a-b bead type ending at each cell.

        Cells where no a-b bead can end (i < a or j < b) get finite values of no meaning."""
        rows = rows or slice(0, len(self.src[0]) + 1)
        cols = cols or slice(0, len(self.tgt[0]) + 1)
        a, b = sizes(types)
        out = self._side_scores(0, a, b, rows, cols, fits[0])
        out += self._side_scores(1, b, a, cols, rows, fits[1]).transpose(0, 2, 1)
        return out

    def _side_scores(
        self, side: int, own_sizes: np.ndarray, other_sizes: np.ndarray, own: slice, other: slice, fit: SentenceFit
    ) -> np.ndarray:
        """(types, own cells, other cells): the evidence of one side's sentences, SIDE_WEIGHT times."""
        out = np.zeros((len(own_sizes), own.stop - own.start, other.stop - other.start))
        ends = np.arange(own.start, own.stop)
        chance_mean, chance_var = self._chance[side]
        for size in np.unique(own_sizes):
            typed = np.flatnonzero(own_sizes == size)
            windows = other_sizes[typed] - 1  # the partner window sizes of these types
            sentence, log_share = self._log_shares(side, ends, size)
            # (types, sentence of the window, own cells, other cells)
            cosine = self._cosines[side][windows[:, None, None], sentence[None], other]
            chance = chance_mean[windows, None, None, None], chance_var[windows, None, None, None]
            out[typed] = _sentence_ratio(cosine, log_share[None, :, :, None], fit, *chance).sum(1)
        return SIDE_WEIGHT * out

    def bead_scores(self, beads: Sequence[Bead], fits: tuple[SentenceFit, SentenceFit]) -> np.ndarray:
        """The embedding log-likelihood ratio of each bead with both sides, of consecutive sentences
        (`score` read at its cell) or not (its sentences joined, centred as windows of as many)."""
        joined: dict[tuple[int, tuple[int, ...]], np.ndarray] = {}  # (side, gapped ids) -> centred vector
        for side in (0, 1):
            sets = sorted({ids for ids in (b.tgt if side else b.src for b in beads) if not is_run(ids)})
            if sets:
                for ids, vector in zip(sets, self.joined(side, sets)):
                    joined[side, ids] = _centre(vector, self._means[side][len(ids) - 1])

        def window(side: int, ids: tuple[int, ...]) -> np.ndarray:
            return joined[side, ids] if (side, ids) in joined else (self.tgt if side else self.src)[len(ids) - 1][ids[0]]

        out = np.zeros(len(beads))
        for k, bead in enumerate(beads):
            for side, (own, other) in enumerate(((bead.src, bead.tgt), (bead.tgt, bead.src))):
                sentences = (self.tgt if side else self.src)[0][list(own)]
                lengths = self._lengths[side][list(own)]
                chance_mean, chance_var = (params[len(other) - 1] for params in self._chance[side])
                cosine = sentences @ window(1 - side, other)
                ratio = _sentence_ratio(cosine, np.log(lengths / lengths.sum()), fits[side], chance_mean, chance_var)
                out[k] += SIDE_WEIGHT * float(ratio.sum())
        return out


def _sentence_ratio(cosine: np.ndarray, log_share: np.ndarray, fit: SentenceFit, chance_mean, chance_var) -> np.ndarray:
    """log N(cosine; the fit's mean at this share, var) - log N(cosine; chance), held flat past its turn.

    A ratio of two normals turns at one point; past it, a more similar pair would count as
    less likely a translation, so the ratio is held flat beyond it instead (after its minimum
    when translations vary more than chance, before its maximum otherwise). A translation's mean
    is never below chance's: the fit's line, read at a small share, fell below it, and then a
    sentence no more like its partner than any other counted as its translation, the more so
    the less like it (beads of up to 6 sentences, accurate strict F1 on texts of about 20
    sentences: mac-dev 0.903 -> 0.910, textberg 0.915 -> 0.922; whole texts 0.928 -> 0.929 and 0.944)."""
    mean = np.maximum(fit.alpha + fit.beta * log_share, chance_mean)
    var = fit.var
    chance_var = np.where(np.abs(chance_var - var) > 1e-12, chance_var, var + 1e-12)
    turn = (mean * chance_var - chance_mean * var) / (chance_var - var)
    x = np.where(var > chance_var, np.maximum(cosine, turn), np.minimum(cosine, turn))
    return log_normal(x, mean, var) - log_normal(x, chance_mean, chance_var)


def _window_means(windows: list[np.ndarray]) -> list[np.ndarray | None]:
    """Each size of window's mean over its text (None where a text has fewer than two: nothing to take out)."""
    return [w.mean(0) if len(w) >= 2 else None for w in windows]


def _centre(vectors: np.ndarray, mean: np.ndarray | None) -> np.ndarray:
    """Vectors less their text's mean for windows of their size, unit length again.

    All the embeddings of a text share a large common direction (multilingual-e5's
    cosine of two unrelated sentences is near 0.8), which says nothing about
    which sentences translate which; without it, a sentence's translation is
    told from its neighbours' a third more often (mac-dev: 4.3% of such
    comparisons wrong instead of 6.3%), and Bertalign's margin, which served
    the same end, did harm once they were.
    """
    if mean is None:
        return vectors
    centred = vectors - mean
    return centred / np.maximum(np.linalg.norm(centred, axis=-1, keepdims=True), 1e-9)


# Window lengths in mean sentences of their text, binned in quarter octaves from 1/64 to 64.
BIN_STEPS = 4
BIN_LENGTHS = 2.0 ** (np.arange(-6 * BIN_STEPS, 6 * BIN_STEPS + 1) / BIN_STEPS)


def _relative_lengths_before(lengths: np.ndarray) -> np.ndarray:
    """(n+1,): the length of the sentences before each cell, in mean sentences of their text."""
    mean = float(lengths.mean()) if len(lengths) else 1.0
    return np.concatenate([[0.0], np.cumsum(lengths)]) / max(mean, 1e-9)


def _bin(r: np.ndarray) -> np.ndarray:
    """The bin of BIN_LENGTHS of windows r mean sentences long."""
    b = np.rint(BIN_STEPS * np.log2(np.maximum(r, BIN_LENGTHS[0]))) + 6 * BIN_STEPS
    return np.clip(b, 0, len(BIN_LENGTHS) - 1).astype(np.int64)


def _length_bins(before: np.ndarray, max_window: int) -> np.ndarray:
    """(max_window, n+1): the bin of BIN_LENGTHS of the window of k = 1..max_window sentences
    before each cell (a window reaching before the first sentence is cut there), from
    `_relative_lengths_before`."""
    ends = np.arange(len(before))
    return _bin(np.stack([before - before[np.maximum(ends - k, 0)] for k in range(1, max_window + 1)]))


def estimate_prior(
    beads: Sequence[Bead], types: Sequence[tuple[int, int]], base: dict[tuple[int, int], float]
) -> dict[tuple[int, int], float]:
    """EM update of the bead-type prior: counts, with the starting prior as pseudo-counts."""
    counts = {t: 2.0 * base[t] * len(types) for t in types}
    for bead in beads:
        if bead.kind in counts:
            counts[bead.kind] += 1
    total = sum(counts.values())
    return {t: c / total for t, c in counts.items()}


# Gale & Church (1993, table 5) counted the bead types of the Canadian Hansard: 1-1 0.89,
# 1-0 or 0-1 0.0099, 2-1 or 1-2 0.089, 2-2 0.011. Relative to 1-1, each of a pair:
GALE_CHURCH = {(1, 1): 1.0, (1, 0): 0.0099 / 2 / 0.89, (0, 1): 0.0099 / 2 / 0.89, (1, 2): 0.089 / 2 / 0.89,
               (2, 1): 0.089 / 2 / 0.89, (2, 2): 0.011 / 0.89}
# Larger beads, which they did not allow, at 2-2's rate for each sentence beyond one a side.
EXTRA_SENTENCE = math.sqrt(GALE_CHURCH[(2, 2)])


def initial_prior(types: Sequence[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """Before any alignment: Gale & Church's frequencies of bead types (`GALE_CHURCH`).

    The prior is all a text too short to teach one has (`estimate_prior`), so it must make a
    merger cost what it should. With each extra sentence half as likely, as before, a 2-2 bead
    cost about what two 1-1 beads did, and a five-sentence text with no words in common
    (Russian-English) came out as [0]:[0] [1,2,3]:[1,2,3] [4]:[4]. On the benchmark, when it
    replaced that prior (strict F1, mac-dev / textberg, beads of up to 6 sentences in both modes):
    accurate 0.926 / 0.944 -> 0.928 / 0.944, fast 0.902 / 0.920 -> 0.904 / 0.925; on the texts cut
    into short ones of about 20 sentences (`bench/align.py --short 20`), accurate 0.903 / 0.911 ->
    0.903 / 0.915, fast 0.875 / 0.894 -> 0.880 / 0.909.
    """
    raw = {(a, b): GALE_CHURCH.get((a, b), EXTRA_SENTENCE ** (a + b - 2)) for a, b in types}
    total = sum(raw.values())
    return {t: v / total for t, v in raw.items()}
