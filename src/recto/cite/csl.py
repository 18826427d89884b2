"""CSL-JSON (Citation Style Language) export of a record: one item of type "manuscript".

Variables from the CSL 1.0.2 specification: `archive` and `archive_location`
carry where the document is held, `issued` its date as date-parts (one part,
or two for a range; "circa" for approximate dates; a decade as a literal).
Translators and editors are literal names: an export does not say which
part of "7Brands" or "Jonas Keller" is a family name, and guessing would
misfile organisations and names with particles.
"""

from __future__ import annotations

import json
from typing import Any

from recto.cite.fields import INVENTED_NOTE, archive_location, human_date, original_languages, parse_edtf
from recto.record import Record


def issued(record: Record) -> dict[str, Any] | None:
    edtf = parse_edtf(record.date)
    if edtf is None:
        return {"literal": record.date} if record.date else None
    if edtf.decade is not None:
        return {"literal": human_date(record) or f"{edtf.decade}s"}
    parts = [list(edtf.start)] + ([list(edtf.end)] if edtf.end else [])
    date: dict[str, Any] = {"date-parts": parts}
    if edtf.approximate:
        date["circa"] = True
    return date


def item(record: Record) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": record.id,
        "type": "manuscript",
        "title": record.title,
        "issued": issued(record),
        "genre": record.type,
        "archive": record.source.archive,
        "archive_location": archive_location(record),
        "language": (original_languages(record) or [None])[0],
        "URL": record.source.url,
        "abstract": record.summary,
        "keyword": ", ".join(record.keywords),
        "translator": [{"literal": n} for n in record.translators],
        "editor": [{"literal": n} for n in record.editors],
        "note": INVENTED_NOTE if record.invented else None,
    }
    return {k: v for k, v in data.items() if v}


def render(record: Record) -> str:
    """A CSL-JSON document: an array holding the one item, as citation processors read it."""
    return json.dumps([item(record)], ensure_ascii=False, indent=2) + "\n"
