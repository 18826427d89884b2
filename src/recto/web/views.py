"""What each page shows, built from the archive's services; no HTTP and no HTML here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape
from starlette.responses import Response

from recto.archive import Archive
from recto.cite import chicago, formats, highwire
from recto.derive import alignment_key
from recto.record import Record
from recto.search.query import SORTS
from recto.search.service import MAX_PER_PAGE
from recto.store.base import StoredRecord
from recto.web.reading import LAYOUTS, reading

FACET_LABELS = {
    "lang": "Language",
    "decade": "Decade",
    "year": "Year",
    "repository": "Repository",
    "type": "Type",
    "translator": "Translator",
    "donor": "Donor",
    "archive": "Archive",
    "person": "People",
    "place": "Places",
    "organization": "Organisations",
}
MAX_QUERY_PARAM = 2000  # characters; the query parser trims further and says so


@dataclass(frozen=True)
class SearchParams:
    """A search as the URL holds it, so that results can be shared."""

    q: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> SearchParams:
        def number(name: str, default: int, high: int) -> int:
            value = params.get(name, "")
            return max(1, min(int(value), high)) if value.isdigit() and len(value) < 7 else default

        sort = params.get("sort", "relevance")
        return cls(
            q=params.get("q", "")[:MAX_QUERY_PARAM],
            sort=sort if sort in SORTS else "relevance",
            page=number("page", 1, 10_000),
            per_page=number("per_page", 20, MAX_PER_PAGE),
        )


def language_name(tag: str) -> str:
    import langcodes

    try:
        return langcodes.Language.get(tag).display_name()
    except (ValueError, LookupError):
        return tag


def home(archive: Archive) -> dict:
    overview = archive.overview()
    return {"overview": overview, "labels": FACET_LABELS}


def search(archive: Archive, params: SearchParams) -> dict:
    results = archive.search(params.q, sort=params.sort, page=params.page, per_page=params.per_page, facets=True) if params.q else None
    return {"params": params, "results": results, "labels": FACET_LABELS, "sorts": SORTS}


def record(archive: Archive, record_id: str, layout: str, page_url: str | None = None) -> dict:
    stored = archive.get(record_id)
    r = stored.record
    before, after = archive.neighbours(record_id)
    shown = reading(r)
    if len(shown.texts) == 2:
        # The stored alignment of the two texts shown, if there is one.
        texts = r.texts.index(shown.texts[0]), r.texts.index(shown.texts[1])
        key = alignment_key(*texts)
        row = next((a for a in archive.shown_alignments(record_id, stored.revision) if a.key == key), None)
        if row is not None:
            shown = reading(r, row.data, *texts, producer=row.producer)
    outgoing, incoming = archive.references(record_id)
    made, received = archive.links(record_id)
    extraction = archive.extraction(record_id) or {}
    return {
        "stored": stored,
        "record": r,
        "entities": entity_groups(extraction),
        "cleanups": cleanup_summaries(r, extraction),
        "refers_to": grouped_references(outgoing),
        "referred_by": incoming,
        "confirmed": {row.key: row.data for row in made},  # target id -> {relation, confirmed}
        "confirmed_by": [row for row in received if row.data.get("confirmed")],
        "reading": shown,
        "aligned_sentences_url": f"/records/{record_id}.tmx" if shown.producer else None,
        # Sentence ids only ("o3": ["t4"]); "<" escaped all the same, as inside any <script>.
        "counterparts_json": json.dumps(shown.counterparts, separators=(",", ":")).replace("<", "\\u003c"),
        "layout": layout if layout in LAYOUTS else "side",
        "layouts": LAYOUTS,
        "before": before,
        "after": after,
        "related": archive.related(r),
        "sharing": archive.sharing_entities(record_id),
        "cite": citation_block(r, page_url),
    }


@dataclass(frozen=True)
class CitationBlock:
    chicago_html: Markup
    downloads: list[tuple[str, str]]  # (label, url)
    meta: list[tuple[str, str]]  # Highwire and Dublin Core <meta> tags
    coins: str  # the COinS span's title


def citation_block(record: Record, page_url: str | None = None) -> CitationBlock:
    downloads = [
        (fmt.label or fmt.name, f"/records/{record.id}{fmt.extension}") for fmt in formats().values() if fmt.name != "chicago"
    ]
    return CitationBlock(
        chicago.citation(record).html, downloads, highwire.meta_tags(record, page_url), highwire.coins_title(record, page_url)
    )


def aligned_sentences_download(archive: Archive, record_id: str) -> Response | None:
    """The record's aligned sentences as TMX; None when it has none, NotFound for an unknown record."""
    import io

    from recto.align import tmx

    out = io.StringIO()
    if not archive.export_tmx(out, record_id):
        return None
    return Response(
        out.getvalue(),
        media_type=tmx.MEDIA_TYPE,
        headers={"content-disposition": f'attachment; filename="{record_id}{tmx.EXTENSION}"'},
    )


def citation_download(archive: Archive, record_id: str, name: str) -> Response:
    """A citation file; KeyError for an unknown format, NotFound for an unknown record."""
    fmt = formats()[name]
    record = archive.get(record_id).record
    return Response(
        fmt.render(record),
        media_type=fmt.media_type,
        headers={"content-disposition": f'attachment; filename="{record.id}{fmt.extension}"'},
    )


ENTITY_LABELS = {"person": "People", "place": "Places", "organization": "Organisations"}


def entity_groups(extraction: dict) -> list[tuple[str, list[dict]]]:
    """The record's people, places and organisations, each group by label."""
    groups = []
    for kind, label in ENTITY_LABELS.items():
        found = sorted((e for e in extraction.get("entities", []) if e["type"] == kind), key=lambda e: e["label"])
        if found:
            groups.append((label, found))
    return groups


CHANGE_LABELS = {
    "furniture": "page furniture taken out",
    "rejoin": "sentence joined across a page break",
    "cjk_space": "space inside Chinese removed",
    "marginalia": "garbled line set aside",
}


def cleanup_summaries(record: Record, extraction: dict) -> list[dict]:
    """Per text, what the OCR clean-up changed and why: the audit trail a curator reviews."""
    summaries = []
    for position, text in enumerate(extraction.get("texts", [])):
        changes = text.get("cleanup", {}).get("changes", [])
        if not changes or position >= len(record.texts):
            continue
        summaries.append(
            {
                "role": record.texts[position].role,
                "language": record.texts[position].language,
                "changes": [{**c, "label": CHANGE_LABELS.get(c["kind"], c["kind"])} for c in changes],
                "structure": {k: v for k, v in text.get("structure", {}).items() if k in ("classification", "document_number", "copies", "office_dates", "distribution") and v},
            }
        )
    return summaries


def grouped_references(outgoing: list[dict]) -> list[dict]:
    """References to one document (date and kind) counted once, with the phrases that make them."""
    grouped: dict[tuple[str, str], dict] = {}
    for ref in outgoing:
        entry = grouped.setdefault((ref["date"], ref["kind"]), {"date": ref["date"], "kind": ref["kind"], "phrases": [], "candidates": {}})
        if ref["phrase"] not in entry["phrases"]:
            entry["phrases"].append(ref["phrase"])
        for c in ref["candidates"]:
            entry["candidates"][c["id"]] = max(c["score"], entry["candidates"].get(c["id"], 0))
    return sorted(grouped.values(), key=lambda e: e["date"])


def entity(archive: Archive, entity_id: str, page: int) -> dict | None:
    found = archive.entity(entity_id, page=page)
    if found is None:
        return None
    entry, results = found
    return {"entity": entry, "results": results, "kinds": ENTITY_LABELS}


def timeline(archive: Archive, q: str) -> dict:
    events, found = archive.timeline(q) if q else ([], None)
    titles = {r.id: r.title for r in found.results} if found else {}
    return {"q": q, "events": events, "found": found, "titles": titles}


def etag(stored: StoredRecord) -> str:
    return f'"{stored.content_hash[:32]}-{stored.revision}"'


def marked(text: str, highlights: list | tuple) -> Markup:
    """Snippet text with its highlights in <mark>, everything escaped."""
    out, pos = [], 0
    for start, end in highlights:
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)
