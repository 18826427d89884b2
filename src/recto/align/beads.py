"""Beads: the units of an alignment, and their text format.

A bead pairs source sentences with target sentences: `Bead((3, 4), (5,))`
says source sentences 3 and 4 translate as target sentence 5. Either side
may be empty (an insertion or an omission); a side is nearly always a run of
consecutive sentences, but need not be (`Bead((3, 5), (6,))`, with 4 a
caption left out). The
text format is the one of the benchmark data (`../shared/bench/align/`):
one bead a line, `[3,4]:[5]`, ids 0-based.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Bead:
    src: tuple[int, ...]
    tgt: tuple[int, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "src", tuple(map(int, self.src)))
        object.__setattr__(self, "tgt", tuple(map(int, self.tgt)))

    @property
    def kind(self) -> tuple[int, int]:
        """(number of source sentences, number of target sentences): (1, 2) for a 1-2 bead."""
        return len(self.src), len(self.tgt)

    def __str__(self) -> str:
        return format_bead(self)

    def to_json(self) -> list[list[int]]:
        return [list(self.src), list(self.tgt)]

    @classmethod
    def from_json(cls, data: Sequence[Sequence[int]]) -> Bead:
        return cls(tuple(data[0]), tuple(data[1]))


def format_bead(bead: Bead) -> str:
    return f"[{','.join(map(str, bead.src))}]:[{','.join(map(str, bead.tgt))}]"


_BEAD = re.compile(r"^\s*\[\s*([\d,\s]*)\]\s*:\s*\[\s*([\d,\s]*)\]\s*$")


def parse_bead(line: str) -> Bead:
    match = _BEAD.match(line)
    if not match:
        raise ValueError(f"not a bead: {line!r}")
    ids = lambda s: tuple(int(v) for v in s.split(",") if v.strip())  # noqa: E731
    return Bead(ids(match.group(1)), ids(match.group(2)))


def format_beads(beads: Iterable[Bead]) -> str:
    """One bead a line, each line ended by a newline."""
    return "".join(format_bead(b) + "\n" for b in beads)


def parse_beads(text: str) -> list[Bead]:
    """Beads from text in the `[i,j]:[k]` format; blank lines are skipped."""
    return [parse_bead(line) for line in text.splitlines() if line.strip()]


def is_run(ids: Sequence[int]) -> bool:
    """Whether ids are consecutive: (3, 4, 5), not (3, 5)."""
    return tuple(ids) == tuple(range(ids[0], ids[0] + len(ids))) if ids else True


def runs(ids: Sequence[int]) -> list[tuple[int, int]]:
    """The runs of consecutive ids (ascending) as (start, end) pairs, end excluded: (3, 4, 6) -> [(3, 5), (6, 7)]."""
    out: list[tuple[int, int]] = []
    for i in ids:
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def check_beads(beads: Sequence[Bead], n_src: int, n_tgt: int, unit: str = "sentence") -> None:
    """Raise ValueError unless the beads hold every `unit` 0..n_src-1 and 0..n_tgt-1 once,
    each side of a bead in ascending order.

    A side need not be consecutive: a caption that stands inside the sentences one sentence
    translates is left out of their bead (`gaps.py`). Beads may stand out of order: a moved
    caption or footnote is paired where it is (`moved.py`).
    """
    if any(not b.src and not b.tgt for b in beads):
        raise ValueError("empty bead")
    for side, runs, count in (("source", [b.src for b in beads], n_src), ("target", [b.tgt for b in beads], n_tgt)):
        seen: set[int] = set()
        for ids in runs:
            if any(x >= y for x, y in zip(ids, ids[1:])):
                raise ValueError(f"{side} ids {list(ids)} are not in ascending order")
            if twice := seen.intersection(ids):
                raise ValueError(f"{side} {unit} {min(twice)} is in two beads")
            seen.update(ids)
        if missing := sorted(set(range(count)) - seen):
            raise ValueError(f"no bead covers {side} {unit} {missing[0]}")
        if extra := sorted(seen - set(range(count))):
            raise ValueError(f"{side} {unit} {extra[0]} is past the last, {count - 1}")
