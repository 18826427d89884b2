"""Empty sentences (the blank lines of a one-sentence-a-line file) are left out of the alignment
and put back after it.

A blank line has nothing to align, and scored like a sentence it was merged into whichever
neighbour's bead the prior liked (a text aligned with itself was not the identity). It now
goes back inside the bead whose sentences stand on both sides of it; else it is a bead of its
own where it stands, and a blank line of each text at the same place (a paragraph break in
both) is one bead, `[i]:[j]`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from recto.align.beads import Bead

Aligner = Callable[[list[str], list[str]], list[Bead]]


def align_without_blanks(src: Sequence[str], tgt: Sequence[str], aligner: Aligner) -> list[Bead]:
    """`aligner` run on the sentences that hold something, the empty ones put back (ids as given)."""
    kept = [[i for i, s in enumerate(side) if s.strip()] for side in (src, tgt)]
    if len(kept[0]) == len(src) and len(kept[1]) == len(tgt):
        return aligner(list(src), list(tgt))
    found = aligner([src[i] for i in kept[0]], [tgt[j] for j in kept[1]])
    beads = [[[kept[0][i] for i in b.src], [kept[1][j] for j in b.tgt]] for b in found]
    # per bead index (-1: before the first), the blank lines of each side that stand after it
    after: dict[int, tuple[list[int], list[int]]] = {}
    for side, lines in enumerate((src, tgt)):
        bead_of = {i: k for k, b in enumerate(beads) for i in b[side]}
        following = [-1] * len(lines)  # the bead of the next sentence that holds something
        for i in range(len(lines) - 2, -1, -1):
            following[i] = bead_of[i + 1] if i + 1 in bead_of else following[i + 1]
        previous = -1  # the bead of the last sentence that holds something
        for i, line in enumerate(lines):
            if i in bead_of:
                previous = bead_of[i]
                continue
            if previous >= 0 and following[i] == previous:
                beads[previous][side] = sorted((*beads[previous][side], i))
            else:
                after.setdefault(previous, ([], []))[side].append(i)
    out: list[Bead] = []
    for k in range(-1, len(beads)):
        if k >= 0:
            out.append(Bead(tuple(beads[k][0]), tuple(beads[k][1])))
        src_blanks, tgt_blanks = after.get(k, ([], []))
        paired = min(len(src_blanks), len(tgt_blanks))
        out.extend(Bead((i,), (j,)) for i, j in zip(src_blanks, tgt_blanks))
        out.extend(Bead((i,), ()) for i in src_blanks[paired:])
        out.extend(Bead((), (j,)) for j in tgt_blanks[paired:])
    return out
