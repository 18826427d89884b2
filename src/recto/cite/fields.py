"""What every citation format reads off a record, computed once and alike.

Each format is a thin writer over these helpers, so a question such as
"where does the pages string go" or "how is a month-only date written" has
one answer here rather than five slightly different ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recto.record import Record

INVENTED_NOTE = "Invented example, not a real document."
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_PART = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?")
# A reference that begins with a word ("f. 5", "MfAA") followed a comma after the
# repository in the export; one that begins with a number ("118-01767-01") a space.
_NUMERIC_REFERENCE = re.compile(r"[0-9]")


@dataclass(frozen=True)
class Edtf:
    """An EDTF value as Recto stores it, taken apart for writers."""

    start: tuple[int, ...]  # (year,), (year, month) or (year, month, day)
    end: tuple[int, ...] | None = None  # set for ranges only
    approximate: bool = False  # 1962~
    decade: int | None = None  # 196X -> 1960; start is then (1960,)


def parse_edtf(value: str | None) -> Edtf | None:
    """Read the EDTF forms Recto writes (see recto.dates); None for anything else."""
    if not value:
        return None
    s = value.strip()
    approximate = s.endswith("~")
    s = s.rstrip("~")
    if re.fullmatch(r"[0-9]{3}X", s):
        return Edtf((int(s[:3]) * 10,), approximate=approximate, decade=int(s[:3]) * 10)
    sides = s.split("/")
    parts = [_PART.fullmatch(side) for side in sides]
    if len(sides) > 2 or not all(parts):
        return None
    tuples = [tuple(int(g) for g in m.groups() if g) for m in parts if m]
    return Edtf(tuples[0], tuples[1] if len(tuples) == 2 else None, approximate)


def human_date(record: Record) -> str | None:
    """The date as a reader sees it: as the export wrote it, else spelled from EDTF."""
    if record.date_text:
        return record.date_text
    edtf = parse_edtf(record.date)
    if edtf is None:
        return record.date
    if edtf.decade is not None:
        text = f"{edtf.decade}s"
    elif edtf.end is None:
        text = _spell(edtf.start)
    else:
        text = _spell_range(edtf.start, edtf.end)
    return f"ca. {text}" if edtf.approximate else text


def _spell(part: tuple[int, ...], with_year: bool = True) -> str:
    year = str(part[0]) if with_year else ""
    if len(part) == 1:
        return year
    month = _MONTHS[part[1] - 1]
    if len(part) == 2:
        return f"{month} {year}".strip()
    return f"{month} {part[2]}, {year}".rstrip(", ")


def _spell_range(a: tuple[int, ...], b: tuple[int, ...]) -> str:
    # Chicago: an en dash, and what both ends share said once ("May 1–3, 1962").
    if len(a) == len(b) == 3 and a[:2] == b[:2]:
        return f"{_MONTHS[a[1] - 1]} {a[2]}\u2013{b[2]}, {a[0]}"
    if len(a) == len(b) and len(a) > 1 and a[0] == b[0]:
        return f"{_spell(a, with_year=False)}\u2013{_spell(b)}"
    return f"{_spell(a)}\u2013{_spell(b)}"


def holding(record: Record) -> str | None:
    """Repository and file reference: "PRC FMA 118-01767-01", "RGANI, f. 5, op. 49, d. 131"."""
    s = record.source
    repository = s.repository
    if s.repository_name and s.repository:
        repository = f"{s.repository_name} ({s.repository})"
    elif s.repository_name:
        repository = s.repository_name
    if repository and s.reference:
        glue = " " if _NUMERIC_REFERENCE.match(s.reference) or s.repository_name else ", "
        return f"{repository}{glue}{s.reference}"
    return repository or s.reference


def archive_location(record: Record) -> str | None:
    """Where in the archive: holding and pages, "PRC FMA 118-01767-01, 7-11" (Zotero's Loc. in Archive)."""
    parts = [p for p in (holding(record), record.source.pages) if p]
    return ", ".join(parts) or None


def join_names(names: list[str]) -> str:
    """Chicago's list: "A", "A and B", "A, B, and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def credits_sentence(record: Record) -> str | None:
    """"Translated by X." / "Translated and edited by X and Y." / "Translated by X. Edited by Y."."""
    t, e = record.translators, record.editors
    if t and t == e:
        return f"Translated and edited by {join_names(t)}."
    sentences = [f"{verb} by {join_names(names)}." for verb, names in (("Translated", t), ("Edited", e)) if names]
    return " ".join(sentences) or None


def original_languages(record: Record) -> list[str]:
    """BCP 47 tags of the document's own language(s): the manuscript cited is the original."""
    tags = record.languages.get("original") or [t.language for t in record.texts if t.role == "original"]
    return list(dict.fromkeys(tags))


def one_line(text: str | None) -> str:
    """Collapse whitespace: line-based formats (RIS) and attributes must not break."""
    return " ".join((text or "").split())
