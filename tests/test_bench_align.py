"""Tests for the alignment benchmark's own figures (bench/align.py)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "bench" / "align.py"
_spec = importlib.util.spec_from_file_location("recto_bench_align", _PATH)
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench
_spec.loader.exec_module(bench)

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "align"


def test_reachable_recall_leaves_out_crossing_and_split_beads():
    gold = [
        ((0,), (0,)),
        ((1,), (2,)),  # crosses the next bead: only one of the two can be on a path in order
        ((2,), (1,)),
        ((3, 5), (3,)),  # source sentences 3 and 5 are not neighbours
        ((4,), (4,)),
        ((), (5,)),  # an insertion: recall leaves it out
    ]
    assert bench.reachable_recall([gold]) == pytest.approx(3 / 5)
    assert bench.reachable_recall([[((0,), (0, 1)), ((1, 2), (2,))]]) == 1.0


@pytest.mark.skipif(not (BENCH / "score.py").exists(), reason="../shared/bench/align not present")
def test_every_mac_dev_gold_bead_is_reachable_and_some_of_textberg_are_not():
    def gold(corpus: str) -> list:
        folder = BENCH / corpus / "gold"
        return [[(tuple(s), tuple(t)) for s, t in bench.load_scorer(BENCH).read(str(folder / n))] for n in sorted(os.listdir(folder))]

    assert bench.reachable_recall(gold("mac-dev")) == 1.0
    assert bench.reachable_recall(gold("textberg-de-fr")) < 1.0
