"""Chicago note/bibliography citation of a record, in plain text and in HTML.

The shape is the one archives export (and the reference record carries):

    "Title", August 10, 1962, Wilson Center Digital Archive, PRC FMA 118-01767-01, 7-11.
    Translated by 7Brands. https://...

Chicago sets the title of an unpublished document in quotation marks and the
names of archives, collections and websites in roman (CMOS 14.222, 14.206),
so the HTML carries no italics; it differs from the text only in escaping and
in the URL being a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from recto.cite.fields import INVENTED_NOTE, archive_location, credits_sentence, human_date
from recto.record import Record


@dataclass(frozen=True)
class Citation:
    text: str
    html: Markup


def _parts(record: Record) -> list[tuple[str, str]]:
    """The citation as (kind, text) runs; kind "url" is linked in HTML."""
    pieces = (f'"{record.title}"', human_date(record), record.source.archive, archive_location(record))
    head = ", ".join(p for p in pieces if p)
    runs = [("text", head + ".")]
    credits = credits_sentence(record)
    if credits:
        runs.append(("text", " " + credits))
    if record.source.url:
        runs += [("text", " "), ("url", record.source.url)]
    if record.invented:
        runs.append(("text", f" [{INVENTED_NOTE}]"))
    return runs


def _link(url: str) -> Markup:
    # Only web addresses become links: a "javascript:" URL in an export stays inert text.
    if url.lower().startswith(("http://", "https://")):
        return Markup('<a href="{0}">{0}</a>').format(url)
    return escape(url)


def citation(record: Record) -> Citation:
    runs = _parts(record)
    text = "".join(t for _, t in runs)
    html = Markup("").join(_link(t) if kind == "url" else escape(t) for kind, t in runs)
    return Citation(text, html)


def render(record: Record) -> str:
    return citation(record).text


def render_html(record: Record) -> Markup:
    return citation(record).html
