"""Sentence alignment: `align(src, tgt, src_lang, tgt_lang, mode)` -> beads.

Both modes score beads as log-likelihood ratios (`evidence.py`) and find the
best monotonic sequence of beads by dynamic programming (`dp.py`), in rounds
of expectation-maximisation (two in the fast mode, until the alignment stops
changing in the accurate one): each round re-estimates, from the
previous round's alignment, how often a translation carries a word over, how
much lengths vary, how often each bead type occurs and (accurate mode, whose
first round reads no embeddings) how similar the embeddings of translations
are; after the first round, the words its beads show to translate each other
are linked for the next (`links.py`).

- `fast`: words through a bilingual lexicon (CC-CEDICT for Chinese-English,
  FreeDict's where Debian's package for the pair is installed: German-French
  and others), cognates between alphabetic languages, numbers, names (pinyin,
  transliteration), punctuation, and length. No neural model.
- `accurate`: adds multilingual-e5-small embeddings of every window of one to
  six consecutive sentences (Bertalign's overlapping windows, centred on
  each text's mean), cached on disk; each sentence of a bead is read against
  the other side's window (`evidence.EmbeddingEvidence`).

The DP fills only a band of the table (`dp.py`): in the first round around the
line through the anchors (below; on mac-dev's texts a quarter to a third fewer
cells than a band around the diagonal), around the previous round's path after
that, widened whenever the best path reaches the band's edge, so the result is
the whole table's.
Long texts are cut at anchors (words that occur exactly once in each text,
in an order both texts agree on) into pieces aligned one by one, so time and
memory grow about linearly with the length. Last, a bead may leave out what
stands inside its sentences, a caption OCR read into them (`gaps.py`), and
sentences the path leaves out on both sides are paired when they translate
each other (`moved.py`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from recto.align.beads import Bead
from recto.align.left_out import align_kept
from recto.align.dp import (
    BeadScores, Block, bead_types, best_path, diagonal_band, full_table, is_full, line_band, path_band, touches_edge,
)
from recto.align.evidence import (
    EmbeddingEvidence,
    LengthModel,
    LexicalEvidence,
    estimate_prior,
    initial_prior,
)
from recto.align.embed import PairEmbeddings
from recto.align.features import Side, analyse
from recto.align.gaps import fill_gaps
from recto.align.links import learn_links, with_links
from recto.align.matches import Occurrences, forget_if_full, keys_in_one_sentence, occurrences
from recto.align.moved import relink_moved

Mode = Literal["fast", "accurate"]
MODES = ("fast", "accurate")
# Each mode's defaults for the options left None (`Options.for_mode`).
MAX_SENTENCES = {"fast": 6, "accurate": 7}
ROUNDS = {"fast": 2, "accurate": 10}  # the accurate mode's cap is never reached on the benchmark (two to four rounds)


@dataclass
class Options:
    # a + b <= this for an a-b bead (translators of fiction spread a long sentence over five or six).
    # None: MAX_SENTENCES's for the mode. The accurate mode reads the embeddings of windows of up to
    # this less one sentences; at 7 rather than 6 its strict F1 is mac-dev 0.933 against 0.929,
    # textberg 0.944 either way, and on the texts cut short (`bench/align.py --short 20`) 0.908 against
    # 0.910 and 0.927 against 0.922. The fast mode, at 7, scores lower (mac-dev 0.902 against 0.904)
    # and is a fifth slower.
    max_sentences: int | None = None
    # EM rounds at most; fewer when the alignment stops changing. None: two in the fast mode (its
    # speed target), and in the accurate mode (which reads embeddings from the second round, so at
    # least two) as many as it takes, up to ROUNDS's: strict F1 with two rounds and at convergence, textberg 0.943
    # and 0.944, mac-dev 0.927 and 0.933 (on short slices of a text, two rounds often do as well).
    rounds: int | None = None
    max_cells: int = 400_000  # above n * m, cut the texts at anchors first
    # The DP fills a band around the diagonal this share of the longer text wide on each
    # side (at least `min_band` sentences), wider whenever the best path reaches its edge; 0: the whole table.
    band: float = 0.1
    min_band: int = 16
    learn: bool = True  # after the first round, link the words its beads show to translate each other (`links.py`)
    relink: bool = True  # pair the sentences the path leaves out on both sides that translate each other (`moved.py`)
    gaps: bool = True  # let a bead leave out what stands inside its sentences, a caption say (`gaps.py`)

    def for_mode(self, mode: Mode) -> Options:
        """These options with the mode's defaults (MAX_SENTENCES, ROUNDS) where they are None."""
        return replace(
            self,
            max_sentences=self.max_sentences if self.max_sentences is not None else MAX_SENTENCES[mode],
            rounds=self.rounds if self.rounds is not None else ROUNDS[mode],
        )


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    mode: Mode = "fast",
    *,
    options: Options | None = None,
    embedder=None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Bead]:
    """Align two lists of sentences; beads cover every sentence of both, in source order
    (a sentence that moved in the translation is paired where it stands, `moved.py`; an
    empty one is put back where it stands, `left_out.py`).

    `src_lang`/`tgt_lang` are BCP 47 tags. `mode` is "fast" (no neural model)
    or "accurate" (embeddings; `embedder` defaults to a cached
    `recto.align.embed.Embedder`; `progress(done, total)` reports embedding).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    options = (options or Options()).for_mode(mode)

    def aligned(src: list[str], tgt: list[str]) -> list[Bead]:
        n, m = len(src), len(tgt)
        if n == 0 or m == 0:
            return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
        return _align_sides(*read_pair(src, tgt, src_lang, tgt_lang, mode, options, embedder, progress), options)

    return align_kept(src, tgt, aligned, ([bool(s.strip()) for s in src], [bool(t.strip()) for t in tgt]), pair=True)


def read_pair(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    mode: Mode,
    options: Options,
    embedder=None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Side, Side, PairEmbeddings | None]:
    """What a mode reads of two texts: their units of evidence and, in accurate mode, the
    embeddings of their windows of 1..max_sentences - 1 sentences (which leave out the cognates
    of two alphabetic languages that have no dictionary, see `features.analyse`)."""
    src_side, tgt_side = analyse(src, tgt, src_lang, tgt_lang, cognates=mode == "fast")
    if mode != "accurate":
        return src_side, tgt_side, None
    from recto.align.embed import Embedder, embed_pair

    embedder = embedder or Embedder()
    return src_side, tgt_side, embed_pair(embedder, src, tgt, options.max_sentences - 1, src_lang, tgt_lang, progress)


def _align_sides(src: Side, tgt: Side, emb: PairEmbeddings | None, options: Options) -> list[Bead]:
    n, m = len(src.units), len(tgt.units)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    if n * m > options.max_cells:
        cuts = anchor_cuts(src, tgt, options.max_cells)
        if cuts:
            return _align_pieces(src, tgt, emb, options, cuts)
    return _align_dense(src, tgt, emb, options)


def _align_dense(
    src: Side, tgt: Side, emb: PairEmbeddings | None, options: Options, allowed: np.ndarray | None = None
) -> list[Bead]:
    forget_if_full()
    src_occ, tgt_occ = occurrences(src), occurrences(tgt)
    # the sentences' cosines with every window of the other side: once, whatever the EM restarts
    embedding = EmbeddingEvidence(emb.src, emb.tgt, (src.lengths, tgt.lengths), emb.joined) if emb is not None else None
    rough = anchors(src_occ, tgt_occ, (src.lengths, tgt.lengths)) if options.band else []  # a rough path for the first round's band
    width = None  # the first round's band: the options' (see `_bands`)
    while True:
        fit = _em(src, tgt, src_occ, tgt_occ, embedding, options, allowed, rough, width)
        if fit.wider is None:
            break
        # A later round's path ran off the band the first round had: the first round's path was
        # bent by its band, and every estimate learnt from it. Start again in the wider band.
        width = fit.wider
    beads = fit.beads
    if options.gaps:
        log_prior = {t: math.log(p) for t, p in fit.prior.items()}
        beads = fill_gaps(
            beads, lambda tried: fit.bead_evidence(tried) + [log_prior[b.kind] for b in tried],
            (log_prior[(1, 0)], log_prior[(0, 1)]), options.max_sentences, allowed,
        )
    if options.relink:
        m = len(tgt.units)
        evidence = fit.evidence
        beads = relink_moved(beads, lambda kind, i: evidence([kind], slice(i + kind[0], i + kind[0] + 1), slice(0, m + 1))[0, 0], allowed)
    return beads


@dataclass
class Fit:
    """What the EM rounds end with: the beads, the evidence under the final estimates (as a table
    over cells, and for given beads of any sentences), the bead prior, and whether to start again
    (`wider`: a later round needed a band wider than the first round's; that band's half width)."""

    beads: list[Bead]
    evidence: BeadScores
    bead_evidence: Callable[[Sequence[Bead]], np.ndarray]
    prior: dict[tuple[int, int], float]
    wider: int | None = None


def _em(
    src: Side, tgt: Side, src_occ: Occurrences, tgt_occ: Occurrences, embedding: EmbeddingEvidence | None,
    options: Options, allowed: np.ndarray | None, rough: list[tuple[int, int]], first_width: int | None,
) -> Fit:
    """The EM rounds. The first round fills the diagonal band `first_width` sentences each side
    if given, else the band around the line through the `rough` path (the anchors), else the
    options' diagonal band (see `_bands`)."""
    n, m = len(src.units), len(tgt.units)
    types = bead_types(options.max_sentences)
    max_window = max(a for a, _ in types)
    sentence_lengths = (src.lengths, tgt.lengths)
    lexical = LexicalEvidence(src_occ, tgt_occ, max_window, sentence_lengths)
    lengths = LengthModel(np.array(src.lengths, float), np.array(tgt.lengths, float))
    base_prior = initial_prior(types)
    prior = dict(base_prior)
    carry = 0.3
    s2 = lengths.initial_var()
    # The first round reads no embeddings: their model is then learnt from an alignment that did
    # not pick its beads by embedding similarity, so it is not drawn too tight around the best pairs.
    emb_params = None
    beads: list[Bead] = []

    def evidence(pairs: list[tuple[int, int]], rows: slice, cols: slice) -> np.ndarray:
        """Log-likelihood ratios of beads under the current estimates, bead priors aside."""
        s = lexical.score(pairs, carry, rows, cols) + lengths.score(pairs, s2, rows, cols)
        if emb_params is not None:
            s += embedding.score(pairs, emb_params, rows, cols)
        return s

    def bead_evidence(tried: Sequence[Bead]) -> np.ndarray:
        """As `evidence`, for the given beads (of 1..max_sentences - 1 sentences a side, consecutive or not)."""
        s = lexical.bead_scores(tried, carry) + lengths.bead_scores(tried, s2)
        if emb_params is not None:
            s += embedding.bead_scores(tried, emb_params)
        return s

    held = None  # the half width of the diagonal band that held the first round's path
    rounds = max(2, options.rounds) if embedding is not None else options.rounds  # options of `for_mode`
    for _round in range(rounds):
        log_prior = {t: math.log(p) for t, p in prior.items()}

        def score(pairs: list[tuple[int, int]], rows: slice, cols: slice) -> np.ndarray:
            return evidence(pairs, rows, cols) + np.array([log_prior[t] for t in pairs])[:, None, None]

        insertion, deletion = np.full(m, math.log(prior[(0, 1)])), np.full(n, math.log(prior[(1, 0)]))
        previous = beads
        for blocks, half_width in _bands(n, m, previous, options, rough, first_width):
            beads = best_path(n, m, types, score, insertion, deletion, allowed, blocks)
            if beads is not None and not touches_edge(beads, blocks, m):
                break  # else the band may have bent the path: try a wider one
        if _round == 0:
            held = half_width
        elif half_width is not None and held is not None and half_width > held:
            return Fit(beads, evidence, bead_evidence, prior, half_width)
        if beads == previous:
            break  # converged
        if options.learn and _round == 0:
            links = learn_links(src_occ, tgt_occ, beads)
            if links:
                lexical = LexicalEvidence(*with_links(src_occ, tgt_occ, links), max_window, sentence_lengths)
        carry = lexical.carried(beads)
        s2 = lengths.estimate(beads)
        prior = estimate_prior(beads, types, base_prior)
        if embedding is not None:
            emb_params = embedding.estimate(beads)
    return Fit(beads, evidence, bead_evidence, prior)


def _bands(
    n: int, m: int, previous: list[Bead], options: Options, rough: Sequence[tuple[int, int]] = (),
    first_width: int | None = None,
) -> Iterator[tuple[list[Block], int | None]]:
    """The cells the DP may fill, narrowest first: near the previous round's path or, in the first
    round, `min_band` sentences each side of the line through the `rough` path's points (anchors);
    then ever wider around the diagonal (from `first_width` sentences each side, if given). Each
    with its half width (None for the path's band and for `band=0`'s whole table)."""
    if not options.band:
        yield full_table(n, m), None
        return
    if previous:
        yield path_band(previous, n, m, max(1, options.min_band // 2)), None
    elif rough and first_width is None:
        yield line_band([(0, 0), *rough, (n, m)], n, m, options.min_band), options.min_band
    half_width = max(options.min_band, math.ceil(options.band * max(n, m)), first_width or 0)
    while True:
        blocks = diagonal_band(n, m, half_width)
        yield blocks, half_width
        if is_full(blocks, m):
            return
        half_width *= 2


def _slice_side(side: Side, start: int, end: int) -> Side:
    return Side(side.lang, side.units[start:end], side.lengths[start:end])


def _align_pieces(src: Side, tgt: Side, emb: PairEmbeddings | None, options: Options, cuts: list[tuple[int, int]]) -> list[Bead]:
    beads: list[Bead] = []
    bounds = [(0, 0), *cuts, (len(src.units), len(tgt.units))]
    for (s0, t0), (s1, t1) in zip(bounds, bounds[1:]):
        piece_emb = emb.piece(s0, s1, t0, t1) if emb is not None else None
        piece = _align_dense(_slice_side(src, s0, s1), _slice_side(tgt, t0, t1), piece_emb, options) if (s1 > s0 and t1 > t0) else (
            [Bead((i,), ()) for i in range(s1 - s0)] + [Bead((), (j,)) for j in range(t1 - t0)]
        )
        beads.extend(Bead(tuple(i + s0 for i in b.src), tuple(j + t0 for j in b.tgt)) for b in piece)
    return beads


def anchor_cuts(src: Side, tgt: Side, max_cells: int) -> list[tuple[int, int]]:
    """Points (i, j) where both texts may be cut: before source sentence i and target sentence j.

    Cuts are placed at anchors (`anchors`) so that each piece stays under `max_cells`.
    """
    n, m = len(src.units), len(tgt.units)
    slope = m / n
    cuts: list[tuple[int, int]] = []
    last = (0, 0)
    piece_rows = max(50, int(math.sqrt(max_cells / max(slope, 1e-6)) * 0.7))
    trusted = anchors(occurrences(src), occurrences(tgt), (src.lengths, tgt.lengths))
    for k, (i, j) in enumerate(trusted):
        nxt = trusted[k + 1] if k + 1 < len(trusted) else (n, m)
        if (nxt[0] - last[0]) * (nxt[1] - last[1]) > max_cells or i - last[0] >= piece_rows:
            if i - last[0] >= 10 and j - last[1] >= 10:
                cuts.append((i, j))
                last = (i, j)
    return cuts


def anchors(src: Occurrences, tgt: Occurrences, lengths: tuple[Sequence[int], Sequence[int]]) -> list[tuple[int, int]]:
    """Sentence pairs (i, j), in order on both sides, that share a key no other sentence holds.

    Anchors are keys found in exactly one sentence of each text (a rare name,
    a number, a rare word); the longest chain of them in the same order in
    both texts, near the diagonal, is kept (a longest increasing subsequence),
    and of it the anchors whose neighbours in the chain agree with them
    (`_agreeing`; `lengths`: each text's sentence lengths).
    """
    n, m = src.n_sentences, tgt.n_sentences
    src_keys, src_sentences = keys_in_one_sentence(src)
    tgt_keys, tgt_sentences = keys_in_one_sentence(tgt)
    _shared, at_src, at_tgt = np.intersect1d(src_keys, tgt_keys, assume_unique=True, return_indices=True)
    i, j = src_sentences[at_src], tgt_sentences[at_tgt]
    near = np.abs(j - i * (m / n)) <= max(20, 0.1 * max(n, m))
    points = sorted(set(zip(i[near].tolist(), j[near].tolist())))
    return _agreeing(_longest_increasing(points), lengths)


NEIGHBOURS = 2  # on each side of an anchor, in the chain
AGREE_SENTENCES = 3.0  # how far an anchor may stand from its neighbours, in mean target sentences


def _agreeing(chain: list[tuple[int, int]], lengths: tuple[Sequence[int], Sequence[int]]) -> list[tuple[int, int]]:
    """The inner points of the chain that stand where their neighbours say the translation is.

    A translation keeps the length of what it translates: at anchor (i, j), the target's
    characters before j less the source's before i (scaled by the texts' ratio) is how far the
    translation has run ahead, and it changes slowly along the text. An anchor whose lead differs
    from the median of its `NEIGHBOURS` each side by more than `AGREE_SENTENCES` mean target
    sentences is a word that happens to occur once in each text, in sentences that do not
    translate each other. Of mac-dev's chains such anchors, three or more sentences from the gold
    path, were 37 of 484; this drops 34 of them and 26 of the rest (textberg: 2 of 3, and 4 of 405).
    Cut there, a long text lost a whole piece: `009`'s first 60 sentences, cut into four pieces,
    scored 0.65 against 0.97 whole.
    """
    src_before = np.concatenate([[0], np.cumsum(lengths[0])])
    tgt_before = np.concatenate([[0], np.cumsum(lengths[1])])
    ratio = tgt_before[-1] / max(src_before[-1], 1)
    mean_sentence = max(tgt_before[-1] / max(len(lengths[1]), 1), 1.0)
    lead = [(tgt_before[j] - ratio * src_before[i]) / mean_sentence for i, j in chain]
    kept = []
    for k in range(1, len(chain) - 1):  # the first and the last have neighbours on one side only
        around = lead[max(0, k - NEIGHBOURS):k] + lead[k + 1:k + 1 + NEIGHBOURS]
        if abs(lead[k] - float(np.median(around))) <= AGREE_SENTENCES:
            kept.append(chain[k])
    return kept


def _longest_increasing(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of points strictly increasing in both coordinates (points sorted by the first)."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(points)
    for k, (i, j) in enumerate(points):
        pos = bisect.bisect_left(tails, j)
        # strictly increasing in i too: points with the same i cannot chain
        if pos > 0 and points[tail_idx[pos - 1]][0] == i:
            continue
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos > 0 else -1
    chain = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(points[k])
        k = prev[k]
    return chain[::-1]
