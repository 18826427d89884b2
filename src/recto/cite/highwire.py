"""Metadata embedded in a record page for reference managers: meta tags and COinS.

What Zotero's connector reads (zotero/translators "Embedded Metadata.js", which
hands Dublin Core to "RDF.js"):
- Highwire `citation_title`, `citation_publication_date` and `citation_date`
  (both -> date), `citation_abstract`, `citation_public_url`, `citation_language`,
  `citation_keywords`. There is no Highwire tag for translators or archives.
- `DC.type` = "manuscript": a DC type that names a Zotero item type sets it, which
  otherwise falls back to "journalArticle" whenever citation_title is present.
- `DC.coverage`: RDF.js reads dc:coverage into archiveLocation ("Loc. in Archive").
  `citation_author` is left out: archival documents here have no author, and
  translators as authors would be wrong.

COinS: an OpenURL ContextObject in the Dublin Core format with rft.type set to
the Zotero item type, the form Zotero's own COinS export writes for types
without a dedicated OpenURL format.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from markupsafe import Markup

from recto.cite.fields import archive_location, one_line, original_languages, parse_edtf
from recto.record import Record


def _date(record: Record, sep: str) -> str | None:
    """Highwire wants 1962/08/10 (or 1962/08, 1962); OpenURL ISO 1962-08-10. Ranges give their start."""
    edtf = parse_edtf(record.date)
    if edtf is None or edtf.decade is not None:
        return None
    return sep.join([f"{edtf.start[0]:04d}"] + [f"{p:02d}" for p in edtf.start[1:]])


def meta_tags(record: Record, page_url: str | None = None) -> list[tuple[str, str]]:
    """(name, content) pairs in page order; `page_url` is the record page, else the source URL."""
    date = _date(record, "/")
    pairs: list[tuple[str, str | None]] = [
        ("citation_title", record.title),
        ("citation_publication_date", date),
        ("citation_date", date),
        ("citation_abstract", record.summary),
        ("citation_public_url", page_url or record.source.url),
    ]
    pairs += [("citation_language", tag) for tag in original_languages(record)]
    pairs += [("citation_keywords", k) for k in record.keywords]
    pairs += [("DC.type", "manuscript"), ("DC.coverage", archive_location(record))]
    return [(name, one_line(value)) for name, value in pairs if value and one_line(value)]


def meta_html(record: Record, page_url: str | None = None) -> Markup:
    """The meta tags as escaped HTML, one a line, for a template's <head>."""
    tag = Markup('<meta name="{}" content="{}">')
    return Markup("\n").join(tag.format(name, content) for name, content in meta_tags(record, page_url))


def coins_title(record: Record, page_url: str | None = None) -> str:
    """The KEV string for the title attribute of <span class="Z3988">; the template escapes it."""
    pairs: list[tuple[str, str | None]] = [
        ("url_ver", "Z39.88-2004"),
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
        ("rft.type", "manuscript"),
        ("rft.title", record.title),
        ("rft.date", _date(record, "-")),
        ("rft.description", record.summary),
        ("rft.identifier", page_url or record.source.url),
        ("rft.coverage", archive_location(record)),
    ]
    pairs += [("rft.language", tag) for tag in original_languages(record)]
    pairs += [("rft.subject", k) for k in record.keywords]
    # %20 rather than "+": KEV readers differ on "+", none on percent-encoding.
    return urlencode([(k, one_line(v)) for k, v in pairs if v and one_line(v)], quote_via=quote)


def coins_html(record: Record, page_url: str | None = None) -> Markup:
    return Markup('<span class="Z3988" title="{}"></span>').format(coins_title(record, page_url))
