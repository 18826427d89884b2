"""Aligned sentences as TMX: what a translation tool reads back."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from translate.storage import tmx as ttk_tmx

from recto.align import Alignment, Bead, Span, tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def written(units: list[tmx.Unit], srclang: str = tmx.ALL_LANGUAGES) -> str:
    out = io.StringIO()
    assert tmx.write(units, out, srclang) == len(units)
    return out.getvalue()


def test_sentence_beads_become_units_their_sentences_joined_as_each_language_joins_them():
    zh = ["第一句。第二句。", "第三句。"]
    en = ["The first.  The second.", "The third.\nStill the third."]
    alignment = Alignment(
        "zh", "en", "fast",
        paragraphs=[Bead((0,), (0,)), Bead((1,), (1,))],
        src_sentences=[Span(0, 0, 4), Span(0, 4, 8), Span(1, 0, 4)],
        tgt_sentences=[Span(0, 0, 10), Span(0, 12, 23), Span(1, 0, 27)],
        sentences=[Bead((0, 1), (0, 1)), Bead((2,), ()), Bead((), (2,))],
    )
    units = list(tmx.units("rec", "0-1", alignment, zh, en, "curator", "2026-12-07T19:16:08+01:00"))
    # the one-sided beads (a sentence left untranslated) are no translation units
    assert [(u.src, u.tgt) for u in units] == [("第一句。第二句。", "The first. The second.")]
    (unit,) = units
    assert unit.tuid == "rec/0-1/0" and ("x-recto-bead", "[0,1]:[0,1]") in unit.props

    (tu,) = ET.fromstring(written(units, "zh")).iter("tu")
    assert tu.get("creationdate") == "20261207T181608Z"  # TMX's form of a date, in UTC
    assert [(v.get(XML_LANG), v.findtext("seg")) for v in tu.iter("tuv")] == [("zh", "第一句。第二句。"), ("en", "The first. The second.")]
    assert {p.get("type"): p.text for p in tu.iter("prop")}["x-recto-aligned-by"] == "curator"


def test_markup_is_escaped_and_what_xml_cannot_hold_is_left_out():
    hostile = '<seg>&amp; "quoted" </tuv>'
    units = [tmx.Unit("a/0-1/0", "de", f"Seite\x0c 7 {hostile}", "fr", "page 7 \x00\x1b😀", (("x-recto-record", "a<b"),))]
    document = written(units)
    root = ET.fromstring(document)  # well-formed: a form feed or NUL would make it unreadable
    assert root.find("body/tu").get("creationdate") is None  # no time given, none written
    assert root.find("header").get("srclang") == "*all*"
    assert [v.findtext("seg") for v in root.iter("tuv")] == [f"Seite 7 {hostile}", "page 7 😀"]
    assert root.find("body/tu/prop").text == "a<b"

    (read,) = ttk_tmx.tmxfile.parsefile(io.BytesIO(document.encode("utf-8"))).getunits()
    assert (read.source, read.target) == (f"Seite 7 {hostile}", "page 7 😀")


def test_an_archive_without_alignments_is_an_empty_but_valid_memory():
    root = ET.fromstring(written([]))
    assert root.tag == "tmx" and root.get("version") == "1.4" and list(root.find("body")) == []
    assert ttk_tmx.tmxfile.parsefile(io.BytesIO(written([]).encode())).getunits() == []
