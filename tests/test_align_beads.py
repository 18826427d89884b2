"""Beads: the format of the benchmark data (`[i,j]:[k]`, one bead a line), their checks, moved pairs, a curator's edits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recto.align import Bead, check_beads, edits, format_beads, parse_beads
from recto.align.gaps import fill_gaps
from recto.align.beads import parse_bead
from recto.align.left_out import align_kept
from recto.align.moved import relink_moved


def test_format_and_parse():
    beads = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), ()), Bead((), (2, 3))]
    text = format_beads(beads)
    assert text == "[0]:[0]\n[1,2]:[1]\n[3]:[]\n[]:[2,3]\n"
    assert parse_beads(text) == beads
    assert parse_bead(" [ 3, 4 ] : [5] ") == Bead((3, 4), (5,))
    assert Bead((1, 2), (1,)).kind == (2, 1)
    assert Bead.from_json(Bead((1,), (2, 3)).to_json()) == Bead((1,), (2, 3))


def test_parse_rejects_garbage():
    with pytest.raises(ValueError):
        parse_bead("[1]-[2]")


def test_check_beads():
    check_beads([Bead((0,), (0, 1)), Bead((1,), ())], 2, 2)
    check_beads([Bead((0,), (1,)), Bead((1,), (0,))], 2, 2)  # a moved sentence, paired out of order
    with pytest.raises(ValueError, match="no bead covers source sentence 0"):
        check_beads([Bead((1,), (0,))], 2, 1)
    with pytest.raises(ValueError, match="no bead covers source sentence 1"):
        check_beads([Bead((0,), (0,))], 2, 1)
    with pytest.raises(ValueError, match="target sentence 0 is in two beads"):
        check_beads([Bead((0,), (0,)), Bead((1,), (0,))], 2, 1)
    check_beads([Bead((0, 2), (0,)), Bead((1,), ())], 3, 1)  # sentence 1, a caption, left out of its bead
    with pytest.raises(ValueError, match=r"source ids \[2, 0\] are not in ascending order"):
        check_beads([Bead((2, 0), (0,)), Bead((1,), ())], 3, 1)
    with pytest.raises(ValueError, match="target paragraph 1 is past the last, 0"):
        check_beads([Bead((0,), (0, 1))], 1, 1, "paragraph")


@st.composite
def alignments(draw):
    beads, i, j = [], 0, 0
    for _ in range(draw(st.integers(0, 30))):
        a, b = draw(st.sampled_from([(1, 1), (1, 2), (2, 1), (1, 0), (0, 1), (2, 3)]))
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return beads


@given(alignments())
def test_round_trip(beads):
    assert parse_beads(format_beads(beads)) == beads


def test_relink_moved_pairs_what_translates_inside_the_paragraph_bounds():
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,)), Bead((), (2,))]

    def strong(kind: tuple[int, int], i: int) -> np.ndarray:  # source 1 translates target 2, nothing else is likely
        return np.where(np.arange(4) == 3, 12.0, -5.0) if (kind, i) == ((1, 1), 1) else np.full(4, -5.0)

    assert relink_moved(beads, strong) == [Bead((0,), (0,)), Bead((1,), (2,)), Bead((2,), (1,))]
    check_beads(relink_moved(beads, strong), 3, 3)
    apart = np.ones((4, 4), dtype=bool)
    apart[1, 2] = False  # the pair's cell is outside every paragraph bead
    assert relink_moved(beads, strong, apart) == beads
    # One candidate pair: evidence must be above log 1 = 0.
    assert relink_moved(beads, lambda kind, i: np.full(4, -0.1)) == beads


def test_relink_moved_pairs_a_left_out_sentence_with_two_neighbours_it_translates():
    """A caption the translator cut in two and set elsewhere: source 1 with targets 2 and 3 (1-2),
    taken over either target alone, whose 1-1 evidence is weaker."""
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,)), Bead((), (2,)), Bead((), (3,))]

    def evidence(kind: tuple[int, int], i: int) -> np.ndarray:  # cell e: the bead ending before target e
        row = np.full(5, -5.0)
        if i == 1 and kind == (1, 2):
            row[4] = 12.0  # targets 2 and 3
        if i == 1 and kind == (1, 1):
            row[3] = row[4] = 6.0
        return row

    moved = relink_moved(beads, evidence)
    assert moved == [Bead((0,), (0,)), Bead((1,), (2, 3)), Bead((2,), (1,))]
    check_beads(moved, 3, 4)


def _scores_from(table: dict[Bead, float]):
    """A bead scorer that knows the given beads' scores (log-likelihood ratio and log prior) and
    finds any other bead unlikely."""
    return lambda beads: np.array([table.get(b, -50.0) for b in beads])


def test_fill_gaps_leaves_a_caption_out_of_the_bead_it_stands_in():
    """Source 0 and 2 translate target 0; source 1, between them, is a caption the translation
    leaves out. [0,2]:[0] with [1]:[] wins by the left-out prior and log K over [0,1,2]:[0]."""
    beads = [Bead((0, 1, 2), (0,)), Bead((3,), (1,))]
    table = {Bead((0, 1, 2), (0,)): 10.0, Bead((0, 2), (0,)): 20.0, Bead((3,), (1,)): 8.0}
    # K = 1 (one inner sentence to leave out): the gain is 20 - 10 - 4 = 6 > log 1
    filled = fill_gaps(beads, _scores_from(table), (-4.0, -4.0), max_sentences=6)
    assert filled == [Bead((0, 2), (0,)), Bead((1,), ()), Bead((3,), (1,))]
    check_beads(filled, 4, 2)
    # the left-out sentence costs more than the gapped bead gains: the bead stays whole
    assert fill_gaps(beads, _scores_from(table), (-11.0, -4.0), max_sentences=6) == beads


def test_fill_gaps_takes_in_a_left_out_sentence_across_a_gap():
    """The path left target 3 out, and put the caption (target 2) into bead [0]:[1,2]; the bead
    that translates is [0]:[1,3], taking in the left-out sentence and leaving the caption out."""
    beads = [Bead((), (0,)), Bead((0,), (1, 2)), Bead((), (3,)), Bead((1,), (4,))]
    table = {Bead((0,), (1, 2)): 5.0, Bead((0,), (1, 3)): 15.0, Bead((1,), (4,)): 8.0}
    filled = fill_gaps(beads, _scores_from(table), (-3.0, -3.0), max_sentences=6)
    assert filled == [Bead((), (0,)), Bead((0,), (1, 3)), Bead((), (2,)), Bead((1,), (4,))]
    check_beads(filled, 2, 5)
    apart = np.ones((3, 6), dtype=bool)
    apart[1, 4] = False  # the gapped bead's end is outside every paragraph bead
    assert fill_gaps(beads, _scores_from(table), (-3.0, -3.0), max_sentences=6, allowed=apart) == beads


def test_fill_gaps_tries_few_beads_beside_a_long_run_of_left_out_sentences():
    """Forty left-out target sentences after a bead: the beads tried stay near it (a side keeps at
    most a few sentences and leaves out at most MAX_GAP), whatever the run's length."""
    beads = [Bead((0,), (0, 1, 2)), *(Bead((), (j,)) for j in range(3, 43))]
    asked: list[Bead] = []

    def score(tried):  # the path's bead is the only likely one
        asked.extend(tried)
        return np.array([10.0 if b == beads[0] else -50.0 for b in tried])

    assert fill_gaps(beads, score, (-3.0, -3.0), max_sentences=6) == beads
    assert asked and len(asked) < 200
    assert all(max(b.tgt) <= 2 + 4 + 4 for b in asked)  # within max_side + MAX_GAP of the bead


# -- a curator's edits (align/edits.py) ---------------------------------------------------------

def beads_of(text: str) -> list[Bead]:
    return parse_beads(text.replace(" ", "\n"))


def test_merge_makes_one_bead_where_the_first_stood_and_keeps_ids_in_order():
    beads = beads_of("[0]:[0] [1]:[1,2] [2]:[] [3]:[3]")
    assert edits.merge(beads, [2, 1]) == beads_of("[0]:[0] [1,2]:[1,2] [3]:[3]")
    # beads need not be neighbours (a caption stood between them): the ids stay in order
    assert edits.merge(beads, [0, 3]) == beads_of("[0,3]:[0,3] [1]:[1,2] [2]:[]")
    with pytest.raises(ValueError, match="no bead 4"):
        edits.merge(beads, [3, 4])


def test_split_puts_the_ids_named_first_and_the_rest_right_after():
    beads = beads_of("[0]:[0] [1,2]:[1,2,3] [3]:[4]")
    assert edits.split(beads, 1, [1], [1, 2]) == beads_of("[0]:[0] [1]:[1,2] [2]:[3] [3]:[4]")
    assert edits.split(beads, 1, [], [1]) == beads_of("[0]:[0] []:[1] [1,2]:[2,3] [3]:[4]")
    with pytest.raises(ValueError, match="holds no target 4"):
        edits.split(beads, 1, [1], [4])
    with pytest.raises(ValueError, match="must leave something on each side"):
        edits.split(beads, 1, [1, 2], [1, 2, 3])


def test_move_takes_a_sentence_to_another_bead_or_one_of_its_own():
    beads = beads_of("[0]:[0,1] [1]:[2] [2]:[3]")
    assert edits.move(beads, "target", 1, 1) == beads_of("[0]:[0] [1]:[1,2] [2]:[3]")
    assert edits.move(beads, "target", 1, None) == beads_of("[0]:[0] []:[1] [1]:[2] [2]:[3]")
    # a bead left empty goes
    assert edits.move(beads_of("[0]:[0] []:[1] [1]:[2]"), "target", 1, 0) == beads_of("[0]:[0,1] [1]:[2]")
    with pytest.raises(ValueError, match="no bead holds source 7"):
        edits.move(beads, "source", 7, 0)


def test_edits_apply_in_order_each_to_its_level_and_say_which_failed():
    stored = {"mode": "fast", "paragraphs": [[[0], [0]], [[1], [1]]], "sentences": [[[0], [0]], [[1], [1]], [[2], [2]]]}
    done = edits.apply(stored, [{"op": "merge", "beads": [0, 1]}, {"op": "merge", "beads": [0, 1], "level": "paragraph"}])
    assert done["sentences"] == [[[0, 1], [0, 1]], [[2], [2]]] and done["paragraphs"] == [[[0, 1], [0, 1]]]
    assert stored["sentences"][0] == [[0], [0]] and done["mode"] == "fast"  # the input is left alone
    with pytest.raises(ValueError, match=r"edits/1 \(split\): no bead 5"):
        edits.apply(stored, [{"op": "merge", "beads": [0, 1]}, {"op": "split", "bead": 5}])


# -- blank lines left out (align/left_out.py) --------------------------------------------------------------


def test_blank_lines_are_not_aligned_and_go_back_where_they_stand():
    seen = []

    def one_to_one_then_merged(src, tgt):  # a stand-in aligner: [0]:[0], then the rest in one bead
        seen.append((src, tgt))
        return [Bead((0,), (0,)), Bead(tuple(range(1, len(src))), tuple(range(1, len(tgt))))]

    src = ["", "A.", "", "B.", " ", "C.", ""]
    tgt = ["Un.", "", "Deux.", "Trois.", "", ""]
    beads = align_kept(src, tgt, one_to_one_then_merged, ([bool(x.strip()) for x in src], [bool(x.strip()) for x in tgt]), pair=True)
    assert seen == [(["A.", "B.", "C."], ["Un.", "Deux.", "Trois."])]  # only lines that hold something
    # source 0 stands before everything; source 4 inside the bead of 3 and 5; a blank of each
    # side at the same place pairs (source 2 and target 1, 6 and 4), the one left over is alone
    assert beads == beads_of("[0]:[] [1]:[0] [2]:[1] [3,4,5]:[2,3] [6]:[4] []:[5]")
    check_beads(beads, len(src), len(tgt))


def test_with_nothing_left_out_the_aligner_is_called_on_the_texts_as_they_are():
    beads = [Bead((0,), (0,))]
    assert align_kept(["A."], ["Un."], lambda s, t: beads, ([True], [True]), pair=True) is beads
