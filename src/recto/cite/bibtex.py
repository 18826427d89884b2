"""BibTeX/biblatex export of a record as one @misc entry.

@misc because BibTeX's @unpublished requires an author, which archival
documents seldom have. Values are UTF-8 (biber reads it; so does BibTeX with
inputenc) with TeX's special characters escaped, so braces always balance.
Both `date` (biblatex, EDTF) and `year`/`month` (BibTeX) are written.
"""

from __future__ import annotations

import re

from langcodes import Language

from recto.cite.fields import (
    INVENTED_NOTE,
    archive_location,
    credits_sentence,
    one_line,
    original_languages,
    parse_edtf,
)
from recto.record import Record

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.-]+")


def escape(text: str) -> str:
    """TeX-escape a value; one pass, so the braces of \\textbackslash{} are not escaped again."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], one_line(text))


def _name(name: str) -> str:
    # A name holding " and " or a comma would split or invert in a BibTeX name list: keep it whole.
    escaped = escape(name)
    return f"{{{escaped}}}" if re.search(r",|\band\b", name) else escaped


def cite_key(record: Record) -> str:
    """The record id made key-safe: stable across exports and unique within an archive."""
    return _KEY_UNSAFE.sub("-", record.id).strip("-") or "record"


def fields(record: Record) -> list[tuple[str, str]]:
    """(name, braced-or-bare value) pairs in the order they are written."""
    out: list[tuple[str, str]] = []

    def add(name: str, value: str | None, *, bare: bool = False, verbatim: bool = False) -> None:
        if value and one_line(value):
            text = one_line(value) if verbatim or bare else escape(value)
            out.append((name, text if bare else "{" + text + "}"))

    # Double braces keep BibTeX styles from lower-casing the proper nouns of the title.
    out.append(("title", "{{" + escape(record.title) + "}}"))
    edtf = parse_edtf(record.date)
    if edtf is not None:
        if edtf.decade is None:
            add("date", record.date, verbatim=True)  # EDTF, which biblatex reads as is
            add("year", str(edtf.start[0]), bare=True)
        if edtf.decade is None and len(edtf.start) > 1 and (edtf.end is None or edtf.end[:2] == edtf.start[:2]):
            add("month", _MONTH_MACROS[edtf.start[1] - 1], bare=True)  # the standard macro, unbraced
    if record.translators:
        out.append(("translator", "{" + " and ".join(_name(n) for n in record.translators) + "}"))
    if record.editors:
        out.append(("editor", "{" + " and ".join(_name(n) for n in record.editors) + "}"))
    add("howpublished", ", ".join(p for p in (record.source.archive, archive_location(record)) if p))
    notes = [n for n in (credits_sentence(record), INVENTED_NOTE if record.invented else None) if n]
    add("note", " ".join(notes))
    add("url", _url(record.source.url), verbatim=True)
    languages = original_languages(record)
    add("language", " and ".join(Language.get(t).display_name() for t in languages))
    add("abstract", record.summary)
    add("keywords", ", ".join(record.keywords))
    return out


def _url(url: str | None) -> str | None:
    # url is read verbatim by biblatex: percent-encode what would break the .bib instead of TeX-escaping.
    if not url:
        return None
    return one_line(url).replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def render(record: Record) -> str:
    body = ",\n".join(f"  {name} = {value}" for name, value in fields(record))
    return f"@misc{{{cite_key(record)},\n{body}\n}}\n"
