"""Which sentences of the other text match each unit of a text (the lexical evidence's join).

A unit of one side (see `features.py`) is matched by a sentence of the other
side when the sentence holds a unit that shares one of its keys. A text of a
few hundred sentences has tens of thousands of (unit, key) pairs, so the join
is done on integer arrays: keys get numbers once per thread, units remember
theirs (a dictionary's units recur in every text), and the sentences holding
each key are found by sorting rather than by a dictionary of sets. The same
arrays give the keys that a single sentence of a text holds (`keys_in_one_sentence`),
from which the aligner draws its anchors.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from recto.align.features import Keys, Side

_MAX_REMEMBERED = 1_000_000  # keys and units (names and numbers never run out); then start again
_local = threading.local()  # each thread its own numbering, so that starting again never mixes two


@dataclass
class _Numbering:
    key_ids: dict[str, int] = field(default_factory=dict)
    unit_keys: dict[Keys, tuple[int, ...]] = field(default_factory=dict)

    def of(self, unit: Keys) -> tuple[int, ...]:
        ids = self.unit_keys.get(unit)
        if ids is None:
            ids = self.unit_keys[unit] = tuple(self.key_ids.setdefault(key, len(self.key_ids)) for key in unit)
        return ids


def _numbering() -> _Numbering:
    numbering = getattr(_local, "numbering", None)
    if numbering is None:
        numbering = _local.numbering = _Numbering()
    return numbering


@dataclass
class Occurrences:
    """One side's units as arrays."""

    units: list[Keys]  # the distinct units, in order of first occurrence
    unit: np.ndarray  # per occurrence, in sentence order: which distinct unit
    sentence: np.ndarray  # per occurrence: its sentence
    n_sentences: int
    pair_unit: np.ndarray  # (unit, key) pairs, grouped by unit
    pair_key: np.ndarray


def occurrences(side: Side) -> Occurrences:
    flat = list(chain.from_iterable(side.units))
    units = list(dict.fromkeys(flat))
    index = {u: k for k, u in enumerate(units)}
    unit = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
    sentence = np.repeat(np.arange(len(side.units)), [len(held) for held in side.units])
    numbering = _numbering()
    keys = [numbering.of(u) for u in units]
    pair_unit = np.repeat(np.arange(len(units)), [len(k) for k in keys])
    pair_key = np.fromiter(chain.from_iterable(keys), dtype=np.int64, count=len(pair_unit))
    return Occurrences(units, unit, sentence, len(side.units), pair_unit, pair_key)


def forget_if_full() -> None:
    """Start the numbering of keys again when it has grown too large (between texts, never within a pair)."""
    numbering = _numbering()
    if len(numbering.key_ids) > _MAX_REMEMBERED or len(numbering.unit_keys) > _MAX_REMEMBERED:
        _local.numbering = _Numbering()


def matches(this: Occurrences, other: Occurrences) -> np.ndarray:
    """(distinct units of `this`, sentences of `other`): whether the sentence matches the unit."""
    n = other.n_sentences
    out = np.zeros((len(this.units), (n + 7) // 8), dtype=np.uint8)  # rows of bits, ORed a byte at a time
    if len(other.pair_key) and len(this.pair_key):
        holds = np.zeros((len(other.units), n), dtype=bool)
        holds[other.unit, other.sentence] = True
        holds = np.packbits(holds, axis=1)
        # the other side's sentences holding each of its keys: its pairs sorted by key, rows ORed per key
        order = np.argsort(other.pair_key, kind="stable")
        keys, starts = np.unique(other.pair_key[order], return_index=True)
        by_key = np.bitwise_or.reduceat(holds[other.pair_unit[order]], starts, axis=0)
        # this side's pairs whose key the other side has, ORed per unit (pairs are grouped by unit)
        where = np.minimum(np.searchsorted(keys, this.pair_key), len(keys) - 1)
        found = keys[where] == this.pair_key
        units, rows = this.pair_unit[found], where[found]
        if len(units):
            firsts = np.flatnonzero(np.concatenate([[True], units[1:] != units[:-1]]))
            out[units[firsts]] = np.bitwise_or.reduceat(by_key[rows], firsts, axis=0)
    return np.unpackbits(out, axis=1, count=n).astype(bool)


def keys_in_one_sentence(side: Occurrences) -> tuple[np.ndarray, np.ndarray]:
    """The keys (their numbers) that one sentence of the side holds and no other, and that sentence."""
    keys_per_unit = np.bincount(side.pair_unit, minlength=len(side.units))
    first_pair = np.cumsum(keys_per_unit) - keys_per_unit  # pairs are grouped by unit
    repeats = keys_per_unit[side.unit]
    keys = side.pair_key[ranges(first_pair[side.unit], repeats)]
    sentences = np.repeat(side.sentence, repeats)
    # each (key, sentence) once, as one number, then the keys that come with a single sentence
    per_key = max(side.n_sentences, 1)
    keys, sentences = np.divmod(np.unique(keys * per_key + sentences), per_key)
    unique_keys, first, count = np.unique(keys, return_index=True, return_counts=True)
    return unique_keys[count == 1], sentences[first[count == 1]]


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The ranges starts[k] .. starts[k] + counts[k] - 1, one after the other."""
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
