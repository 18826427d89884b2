"""A curator's edits of an alignment, bead by bead: merge, split, move.

A curator who reads that two beads are one translation merges them; one who
reads that a bead holds two splits it; a sentence paired with the wrong
neighbour is moved to the bead it belongs to (or made a bead of its own: a
sentence with no counterpart). Any correction of a monotonic alignment is a
few of these, so a curator need not send the whole alignment back
(`PATCH /api/records/{id}/alignments/{key}`; the whole one is a PUT).

Edits name beads by their position in the level's list as it stands when
the edit comes (each edit sees the ones before it), and sentences or
paragraphs by their ids, as `GET /api/records/{id}/alignments` gives them.
Every function returns new beads and leaves its input alone; what is wrong
is a ValueError that says which edit and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from recto.align.beads import Bead

LEVELS = {"paragraph": "paragraphs", "sentence": "sentences"}


def merge(beads: Sequence[Bead], indices: Sequence[int]) -> list[Bead]:
    """The beads at `indices` made one, where the first of them stood."""
    chosen = sorted(set(indices))
    if len(chosen) < 2:
        raise ValueError("merge needs two beads or more")
    _check_index(beads, chosen[0])
    _check_index(beads, chosen[-1])
    src = tuple(sorted(i for k in chosen for i in beads[k].src))
    tgt = tuple(sorted(j for k in chosen for j in beads[k].tgt))
    out = [b for k, b in enumerate(beads) if k not in chosen[1:]]
    out[chosen[0]] = Bead(src, tgt)
    return out


def split(beads: Sequence[Bead], index: int, src: Sequence[int], tgt: Sequence[int]) -> list[Bead]:
    """Bead `index` cut in two: `src` and `tgt` (ids it holds) first, the rest right after."""
    _check_index(beads, index)
    bead = beads[index]
    first_src, first_tgt = set(src), set(tgt)
    for side, ids, held in (("source", first_src, bead.src), ("target", first_tgt, bead.tgt)):
        if stray := sorted(ids - set(held)):
            raise ValueError(f"bead {index} ({bead}) holds no {side} {stray[0]}")
    first = Bead(tuple(i for i in bead.src if i in first_src), tuple(j for j in bead.tgt if j in first_tgt))
    second = Bead(tuple(i for i in bead.src if i not in first_src), tuple(j for j in bead.tgt if j not in first_tgt))
    if not (first.src or first.tgt) or not (second.src or second.tgt):
        raise ValueError(f"a split of bead {index} ({bead}) must leave something on each side of the cut")
    return [*beads[:index], first, second, *beads[index + 1 :]]


def move(beads: Sequence[Bead], side: str, unit: int, to: int | None) -> list[Bead]:
    """Source or target `unit` taken from its bead into bead `to`, or into a bead of its own right
    after the one it leaves (`to` None). A bead left empty goes."""
    if side not in ("source", "target"):
        raise ValueError(f"side must be source or target, not {side!r}")
    at = next((k for k, b in enumerate(beads) if unit in (b.src if side == "source" else b.tgt)), None)
    if at is None:
        raise ValueError(f"no bead holds {side} {unit}")
    if to is not None:
        _check_index(beads, to)
        if to == at:
            raise ValueError(f"{side} {unit} is in bead {to} already")

    def without(b: Bead) -> Bead:
        return Bead(tuple(i for i in b.src if i != unit), b.tgt) if side == "source" else Bead(b.src, tuple(j for j in b.tgt if j != unit))

    def adding(b: Bead) -> Bead:
        return Bead(tuple(sorted((*b.src, unit))), b.tgt) if side == "source" else Bead(b.src, tuple(sorted((*b.tgt, unit))))

    alone = Bead((unit,), ()) if side == "source" else Bead((), (unit,))
    out: list[Bead] = []
    for k, b in enumerate(beads):
        b = without(b) if k == at else adding(b) if k == to else b
        if b.src or b.tgt:
            out.append(b)
        if k == at and to is None:
            out.append(alone)
    return out


def apply(alignment: dict[str, Any], edits: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The alignment (as stored: `paragraphs`, `sentences`... beads as [source ids, target ids])
    with the edits made in order; each edit a dict as `alignment-edit.schema.json` describes."""
    out = dict(alignment)
    for n, edit in enumerate(edits):
        field = LEVELS[edit.get("level", "sentence")]
        beads = [Bead.from_json(b) for b in out.get(field, [])]
        try:
            if edit["op"] == "merge":
                beads = merge(beads, edit["beads"])
            elif edit["op"] == "split":
                beads = split(beads, edit["bead"], edit.get("src", []), edit.get("tgt", []))
            else:
                beads = move(beads, edit["side"], edit["id"], edit.get("to"))
        except ValueError as exc:
            raise ValueError(f"edits/{n} ({edit['op']}): {exc}") from None
        out[field] = [b.to_json() for b in beads]
    return out


def _check_index(beads: Sequence[Bead], index: int) -> None:
    if not 0 <= index < len(beads):
        raise ValueError(f"no bead {index} (there are {len(beads)})")
