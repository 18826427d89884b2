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


def test_short_texts_are_cut_between_gold_beads_and_renumbered():
    src = [f"s{i}" for i in range(9)]
    tgt = [f"t{j}" for j in range(9)]
    gold = [
        ((0,), (0,)),
        ((1,), (2,)),  # crosses the next bead: no cut between them
        ((2,), (1,)),
        ((3,), (3,)),
        ((4,), ()),
        ((5,), (4, 5)),
        ((6,), (6,)),
        ((7, 8), (7, 8)),
    ]
    pieces = bench.short_texts(src, tgt, gold, 2)
    assert [(p_src, p_tgt) for p_src, p_tgt, _gold in pieces] == [
        (["s0", "s1", "s2"], ["t0", "t1", "t2"]), (["s3", "s4"], ["t3"]), (["s5", "s6"], ["t4", "t5", "t6"]), (["s7", "s8"], ["t7", "t8"]),
    ]
    assert [g for _s, _t, g in pieces] == [
        [((0,), (0,)), ((1,), (2,)), ((2,), (1,))], [((0,), (0,)), ((1,), ())], [((0,), (0, 1)), ((1,), (2,))], [((0, 1), (0, 1))],
    ]
    # the whole text when it is shorter than a piece
    assert bench.short_texts(src, tgt, gold, 20) == [(src, tgt, gold)]


@pytest.mark.skipif(not (BENCH / "score.py").exists(), reason="../shared/bench/align not present")
def test_the_short_texts_of_a_corpus_hold_every_sentence_once():
    scorer = bench.load_scorer(BENCH)
    folder = BENCH / "textberg-de-fr"
    for name in sorted(os.listdir(folder / "gold")):
        src, tgt = bench.read_lines(folder / "de" / name), bench.read_lines(folder / "fr" / name)
        gold = [(tuple(s), tuple(t)) for s, t in scorer.read(str(folder / "gold" / name))]
        pieces = bench.short_texts(src, tgt, gold, 20)
        assert [line for p, _t, _g in pieces for line in p] == src
        assert [line for _s, p, _g in pieces for line in p] == tgt
        assert sum(len(g) for _s, _t, g in pieces) == len(gold)
        assert all(len(p) >= 20 for p, _t, _g in pieces[:-1])
        for p_src, p_tgt, p_gold in pieces:
            assert all(i < len(p_src) for s, _t in p_gold for i in s) and all(j < len(p_tgt) for _s, t in p_gold for j in t)


@pytest.mark.skipif(not (BENCH / "score.py").exists(), reason="../shared/bench/align not present")
def test_the_command_scores_short_texts():
    done = subprocess.run(
        [sys.executable, str(_PATH), "--modes", "fast", "--corpora", "textberg-de-fr", "--short", "40"],
        capture_output=True, text=True, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    )
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if "short texts" in line)
    assert line.strip().startswith("28 short texts of about 40 source sentences, each alone")
    assert float(line.split("strict P/R/F1 ")[1].split(",")[0].split("/")[2]) > 0.8
