"""Tests for the alignment benchmark's own figures (bench/align.py)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
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


def test_options_are_read_as_their_fields_types():
    options = bench.parse_options(["gaps=False", "max_sentences=7", "band=0.25", "rounds=3"])
    assert (options.gaps, options.max_sentences, options.band, options.rounds) == (False, 7, 0.25, 3)
    assert bench.parse_options(["rounds=none"]).rounds is None
    assert bench.parse_options(["learn=TRUE"]).learn is True
    assert bench.parse_options([]) == bench.Options()


def test_a_bad_option_says_which_and_why():
    with pytest.raises(ValueError, match=r"'gap=False'.*KEY one of max_sentences, rounds"):
        bench.parse_options(["gap=False"])
    with pytest.raises(ValueError, match="'gaps=maybe': gaps takes true or false"):
        bench.parse_options(["gaps=maybe"])
    with pytest.raises(ValueError, match="'max_sentences=seven': max_sentences takes int"):
        bench.parse_options(["max_sentences=seven"])
    with pytest.raises(ValueError, match="expected KEY=VALUE"):
        bench.parse_options(["gaps"])


def test_the_command_refuses_a_bad_option_before_reading_anything():
    done = subprocess.run([sys.executable, str(_PATH), "--option", "bands=0"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "--option 'bands=0'" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not (BENCH / "score.py").exists(), reason="../shared/bench/align not present")
def test_an_option_reaches_the_aligner():
    def largest_bead(options=None) -> int:
        results, *_ = bench.run(BENCH, "mac-dev", "fast", None, ["001"], options)
        return max(len(b.src) + len(b.tgt) for b in results["001"])

    assert largest_bead() > 3
    assert largest_bead(bench.parse_options(["max_sentences=3"])) == 3
