"""RIS (Research Information Systems) export of a record.

Tags are the ones Zotero's RIS translator maps for a manuscript (zotero/translators
RIS.js, `fieldMap`): TI title, DA/PY date, AB abstract, DB archive, AN archive
location ("Loc. in Archive"), LA language, UR url, KW tags, M3 manuscript type,
A4 translator, N1 note. Editors go to A2 (secondary author in the RIS spec);
Zotero's manuscript has no editor role, so it skips them rather than turning
them into authors, and an N1 note names them. Lines end in CRLF as the spec says.
"""

from __future__ import annotations

from recto.cite.fields import INVENTED_NOTE, archive_location, human_date, one_line, original_languages, parse_edtf
from recto.record import Record


def _ris_date(record: Record) -> tuple[str | None, str | None]:
    """(DA, PY): "1962/08/10/", "1962/09//", "1962///"; a range gives its start."""
    edtf = parse_edtf(record.date)
    if edtf is None or edtf.decade is not None:
        return None, None
    parts = [f"{edtf.start[0]:04d}"] + [f"{p:02d}" for p in edtf.start[1:]]
    parts += [""] * (3 - len(parts))
    return "/".join(parts) + "/", parts[0]


def lines(record: Record) -> list[tuple[str, str]]:
    """The record as (tag, value) pairs, TY first and ER last."""
    da, py = _ris_date(record)
    s = record.source
    pairs: list[tuple[str, str | None]] = [("TY", "MANSCPT"), ("TI", record.title)]
    pairs += [("A4", name) for name in record.translators]
    pairs += [("A2", name) for name in record.editors]
    pairs += [("DA", da), ("PY", py), ("M3", record.type), ("AB", record.summary)]
    pairs += [("DB", s.archive), ("AN", archive_location(record))]
    pairs += [("LA", ", ".join(original_languages(record)) or None), ("UR", s.url)]
    pairs += [("KW", k) for k in record.keywords]
    if record.date and da is None:
        pairs.append(("N1", f"Date: {human_date(record)}"))  # a decade has no RIS date
    if record.editors:
        pairs.append(("N1", "Edited by " + ", ".join(record.editors) + "."))
    if record.invented:
        pairs.append(("N1", INVENTED_NOTE))
    out = [(tag, one_line(value)) for tag, value in pairs if value and one_line(value)]
    return out + [("ER", "")]


def render(record: Record) -> str:
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines(record))
