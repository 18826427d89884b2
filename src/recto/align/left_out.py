"""What has nothing to align is left out of the alignment, and put back where it stands.

Two kinds of unit have nothing to align: the blank lines of a one-sentence-a-line file
(`aligner.align`), and the paragraphs without prose, page numbers and stamps, among a text's
paragraphs (`paragraphs.align_paragraphs`). Scored like the others, a blank line was merged
into whichever neighbour's bead the prior liked (a text aligned with itself was not the
identity). So the aligner sees only the units kept, and each unit left out goes back inside
the bead whose units stand on both sides of it (a page number inside a paragraph cut by a
page break); else it is a bead of its own where it stands. With `pair`, a unit left out of
each text at the same place is one bead: two blank lines, a paragraph break in both, `[i]:[j]`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from recto.align.beads import Bead

Aligner = Callable[[list[str], list[str]], list[Bead]]


def align_kept(
    src: Sequence[str], tgt: Sequence[str], aligner: Aligner, keep: tuple[Sequence[bool], Sequence[bool]], *, pair: bool,
) -> list[Bead]:
    """`aligner` run on the units `keep` marks on each side, the others put back (ids as given)."""
    kept = [[i for i, k in enumerate(marks) if k] for marks in keep]
    if len(kept[0]) == len(src) and len(kept[1]) == len(tgt):
        return aligner(list(src), list(tgt))
    found = aligner([src[i] for i in kept[0]], [tgt[j] for j in kept[1]])
    beads = [[[kept[0][i] for i in b.src], [kept[1][j] for j in b.tgt]] for b in found]
    # per bead index (len(beads): after the last), the units of each side left out that stand before it
    before: dict[int, tuple[list[int], list[int]]] = {}
    for side, size in enumerate((len(src), len(tgt))):
        bead_of = {i: k for k, b in enumerate(beads) for i in b[side]}
        following = [len(beads)] * size  # the bead of the next unit kept
        for i in range(size - 2, -1, -1):
            following[i] = bead_of[i + 1] if i + 1 in bead_of else following[i + 1]
        previous = -1  # the bead of the last unit kept
        for i in range(size):
            if i in bead_of:
                previous = bead_of[i]
            elif following[i] == previous:
                beads[previous][side] = sorted((*beads[previous][side], i))
            else:
                before.setdefault(following[i], ([], []))[side].append(i)
    out: list[Bead] = []
    for k in range(len(beads) + 1):
        src_alone, tgt_alone = before.get(k, ([], []))
        paired = min(len(src_alone), len(tgt_alone)) if pair else 0
        out.extend(Bead((i,), (j,)) for i, j in zip(src_alone[:paired], tgt_alone[:paired]))
        out.extend(Bead((i,), ()) for i in src_alone[paired:])
        out.extend(Bead((), (j,)) for j in tgt_alone[paired:])
        if k < len(beads):
            out.append(Bead(tuple(beads[k][0]), tuple(beads[k][1])))
    return out
