"""Citations of a record: Chicago, RIS, BibTeX, CSL-JSON, and embedded page metadata.

`formats()` lists every installed format (Recto's own and plugins'), `render(record,
name)` writes one; `chicago.citation()` gives text and HTML; `highwire` gives the meta
tags and COinS a record page embeds.
"""

from recto.cite.formats import CitationFormat, by_extension, formats, render

__all__ = ["CitationFormat", "by_extension", "formats", "render"]
