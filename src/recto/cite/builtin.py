"""Recto's own citation formats, registered as a plugin like any other."""

from __future__ import annotations

from recto.cite import bibtex, chicago, csl, ris
from recto.cite.formats import CitationFormat
from recto.hookspecs import hookimpl

FORMATS = [
    CitationFormat("chicago", ".txt", "text/plain; charset=utf-8", chicago.render, "Chicago"),
    CitationFormat(
        "ris", ".ris", "application/x-research-info-systems; charset=utf-8", ris.render, "RIS (Zotero, EndNote)"
    ),
    CitationFormat("bibtex", ".bib", "application/x-bibtex; charset=utf-8", bibtex.render, "BibTeX"),
    CitationFormat("csl-json", ".csl.json", "application/vnd.citationstyles.csl+json", csl.render, "CSL-JSON"),
]


@hookimpl(trylast=True)
def recto_citation_formats() -> list[CitationFormat]:
    return list(FORMATS)
