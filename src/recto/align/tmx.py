"""Aligned sentences as TMX 1.4b, the exchange format of translation memories.

CAT tools (OmegaT, Trados), parallel-corpus builders (OPUS) and libraries
such as translate-toolkit read it: a researcher assembling a parallel corpus
from an archive takes its sentence pairs in one file. Each translation unit
(`<tu>`) is one sentence bead with both sides, its sentences joined as the
text runs; its properties say which record, which pair of texts and which
bead it comes from, and who aligned it (the machine's mode or a curator);
its `creationdate`, when the alignment was stored.
Beads with one side (a sentence left untranslated) are not translation
units and are left out.

The writer streams: the header first, then one unit at a time, so an
archive of any size is written in constant memory.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from typing import IO

from recto.align.paragraphs import Alignment, Span
from recto.align.segment import joiner_for

MEDIA_TYPE = "application/x-tmx+xml"
EXTENSION = ".tmx"
ALL_LANGUAGES = "*all*"  # TMX's srclang when units have different source languages
# Characters XML 1.0 cannot hold at all (OCR leaves form feeds and other controls in text).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Unit:
    """One translation unit: a source segment, its translation, and where they come from."""

    tuid: str
    src_lang: str
    src: str
    tgt_lang: str
    tgt: str
    props: tuple[tuple[str, str], ...] = ()
    created: str = ""  # ISO 8601, as the store keeps times


def units(
    record_id: str, key: str, alignment: Alignment, src_paragraphs: Sequence[str], tgt_paragraphs: Sequence[str],
    producer: str, created: str = "",
) -> Iterator[Unit]:
    """The translation units of one stored alignment of two texts (`key`, such as `0-1`)."""
    for n, bead in enumerate(alignment.sentences):
        if not (bead.src and bead.tgt):
            continue
        src = _segment(bead.src, alignment.src_sentences, src_paragraphs, alignment.src_language)
        tgt = _segment(bead.tgt, alignment.tgt_sentences, tgt_paragraphs, alignment.tgt_language)
        if src and tgt:
            yield Unit(
                f"{record_id}/{key}/{n}", alignment.src_language, src, alignment.tgt_language, tgt,
                (("x-recto-record", record_id), ("x-recto-texts", key), ("x-recto-bead", str(bead)), ("x-recto-aligned-by", producer)),
                created,
            )


def _segment(ids: Sequence[int], spans: Sequence[Span], paragraphs: Sequence[str], lang: str) -> str:
    """The sentences `ids` of a text, joined as its language joins sentences, spaces made single."""
    texts = (paragraphs[spans[i].paragraph][spans[i].start : spans[i].end] for i in ids)
    return joiner_for(lang).join(" ".join(t.split()) for t in texts).strip()


def write(found: Iterable[Unit], out: IO[str], srclang: str = ALL_LANGUAGES) -> int:
    """Write a TMX 1.4b document of the units to `out`; returns how many were written."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    header = ET.Element(
        "header",
        {
            "creationtool": "Recto", "creationtoolversion": _version(), "datatype": "plaintext", "segtype": "sentence",
            "adminlang": "en", "srclang": srclang, "o-tmf": "Recto",
        },
    )
    out.write("  " + ET.tostring(header, encoding="unicode") + "\n  <body>\n")
    count = 0
    for unit in found:
        out.write("    " + ET.tostring(_tu(unit), encoding="unicode") + "\n")
        count += 1
    out.write("  </body>\n</tmx>\n")
    return count


def _tu(unit: Unit) -> ET.Element:
    tu = ET.Element("tu", {"tuid": _xml_text(unit.tuid)})
    if unit.created:
        tu.set("creationdate", tmx_date(unit.created))
    for kind, value in unit.props:  # TMX puts a unit's properties before its variants
        ET.SubElement(tu, "prop", {"type": kind}).text = _xml_text(value)
    for lang, text in ((unit.src_lang, unit.src), (unit.tgt_lang, unit.tgt)):
        tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
        ET.SubElement(tuv, "seg").text = _xml_text(text)
    return tu


def tmx_date(iso: str) -> str:
    """An ISO 8601 time as TMX writes dates, in UTC: 2026-12-07T18:16:08+00:00 -> 20261207T181608Z."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:  # the store writes UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _version() -> str:
    try:
        return version("recto")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0"


__all__ = ["Unit", "units", "write", "MEDIA_TYPE", "EXTENSION", "ALL_LANGUAGES"]
