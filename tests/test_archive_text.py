"""The archive text export reader, on the reference record and on each variation real exports show."""

from __future__ import annotations

from pathlib import Path

import pytest

from recto.errors import IngestError
from recto.ingest.archive_text import parse, parse_contents, record_id_for
from paths import EXPORTS, REFERENCE


def read(path: Path):
    return parse(path.read_text("utf-8"), path=str(path), record_id=record_id_for(path))


@pytest.fixture(scope="module")
def reference():
    return read(REFERENCE)


def paragraphs_of(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text("utf-8").split("\n\n") if p.strip()]


def test_reference_record_metadata(reference):
    assert reference.id == "yita-1962-08-10-soviet-statement"
    assert (reference.date, reference.date_precision, reference.date_text) == ("1962-08-10", "day", "August 10, 1962")
    assert reference.title.startswith("Statement of the Soviet Government concerning the Flight of Xinjiang Residents")
    assert reference.source.archive == "Wilson Center Digital Archive"
    assert reference.source.repository == "PRC FMA"
    assert reference.source.reference == "118-01767-01"
    assert reference.source.pages == "7-11"
    assert reference.source.url == "https://wilson-center-digital-archive.dvincitest.com/document/118207"
    assert reference.translators == ["7Brands"]
    assert reference.donors == ["MacArthur Foundation"]
    assert reference.languages == {"original": ["zh"], "translation": ["en"]}
    assert not reference.invented


def test_reference_summary_and_citation_verbatim(reference):
    blocks = paragraphs_of(REFERENCE)
    assert reference.citation == blocks[blocks.index("Citation:") + 1]
    assert reference.summary == blocks[blocks.index("Summary:") + 1]
    assert reference.credits == blocks[blocks.index("Credits:") + 1]


def test_reference_contents(reference):
    assert [(c.kind, c.role, c.language) for c in reference.contents] == [
        ("scan", "original", None),
        ("text", "translation", "en"),
    ]


def test_reference_body_split_by_language(reference):
    original, translation = reference.texts
    assert (original.role, original.language) == ("original", "zh")
    assert (translation.role, translation.language) == ("translation", "en")
    # The original runs from the handwritten note to the office dates, page furniture included.
    assert original.paragraphs[0] == "108月10日本公主议决定复四申事龄日本"
    assert "KP 19/8" in original.paragraphs
    assert original.paragraphs[-1] == "1962年8月10日印发"
    assert any(p.startswith("抄送: 主席、少奇、恩来") for p in original.paragraphs)
    # The translation starts after the Chinese, with its own header lines.
    assert translation.paragraphs[0] == "Confidential File No. 409"
    assert translation.paragraphs[2].startswith("On 26 June, the Government of the Soviet Union received")
    assert translation.paragraphs[-1].startswith("Lastly, the Soviet Government would like to reiterate")
    assert not any(ch for p in translation.paragraphs for ch in p if "\u4e00" <= ch <= "\u9fff")


def test_reference_nothing_lost(reference):
    """Every body paragraph of the export is in a text or an annotation."""
    blocks = paragraphs_of(REFERENCE)
    body = blocks[blocks.index("Translation - English") + 1 :] if "Translation - English" in blocks else None
    if body is None:  # the Contents block holds both lines
        start = next(i for i, b in enumerate(blocks) if b.startswith("Original Scan"))
        body = blocks[start + 1 :]
    kept = [p for t in reference.texts for p in t.paragraphs] + [a.text for t in reference.texts for a in t.annotations]
    assert sorted(kept) == sorted(body)


def test_reference_editorial_marks_are_annotations(reference):
    translation = reference.text("translation")
    assert translation is not None
    marks = [(a.text, a.kind, a.standalone) for a in translation.annotations]
    assert marks == [
        ("[...]", "omission", True),
        ("[...]", "omission", True),
        ("[Illegible brief handwritten note]", "illegible", True),
    ]
    # Each mark keeps its place: before "Confidential File No. 409", the title, and the first paragraph.
    assert [a.paragraph for a in translation.annotations] == [0, 1, 2]
    assert not any("[" in p for p in translation.paragraphs)


@pytest.mark.parametrize(
    ("name", "original", "translations"),
    [
        ("ru-telegram-1962-06-08.txt", "ru", ["en"]),
        ("ko-minutes-1962-09.txt", "ko", ["en"]),
        ("de-report-1958.txt", "de", ["en"]),
        ("hu-report-1962-05-01.txt", "hu", ["en"]),
        ("zh-multi-translation.txt", "zh", ["en", "ru"]),
    ],
)
def test_originals_in_other_languages_split_from_translations(name, original, translations):
    record = read(EXPORTS / name)
    roles = [(t.role, t.language.split("-")[0]) for t in record.texts]
    assert roles == [("original", original)] + [("translation", t) for t in translations]
    # The invented exports translate paragraph by paragraph: the counts agree.
    counts = {len(t.paragraphs) for t in record.texts}
    assert len(counts) == 1, [len(t.paragraphs) for t in record.texts]
    assert record.invented


def test_same_script_languages_split_by_language_not_script():
    """German and English share a script: the split must come from language identification."""
    record = read(EXPORTS / "de-report-1958.txt")
    german, english = record.texts
    assert german.paragraphs[-1] == "gez. H. Brandt"  # too short to identify: stays with its neighbours
    assert english.paragraphs[0] == "Department of International Relations"


def test_russian_reference_and_several_editors():
    record = read(EXPORTS / "ru-telegram-1962-06-08.txt")
    assert record.source.repository == "RGANI"
    assert record.source.reference == "f. 5, op. 49, d. 131"
    assert record.source.pages == "ll. 193-194"
    assert record.translators == ["Gary Goldberg", "Anna Petrova", "Li Wei"]
    assert record.editors == ["Gary Goldberg", "Anna Petrova", "Li Wei"]
    assert record.source.archive == "History and Public Policy Program Digital Archive"


def test_month_precision_and_several_donors():
    record = read(EXPORTS / "ko-minutes-1962-09.txt")
    assert (record.date, record.date_precision) == ("1962-09", "month")
    assert record.donors == ["MacArthur Foundation", "Henry Luce Foundation"]


def test_year_precision_and_german_repository():
    record = read(EXPORTS / "de-report-1958.txt")
    assert (record.date, record.date_precision) == ("1958", "year")
    assert (record.source.repository, record.source.reference, record.source.pages) == ("SAPMO-BArch", "DY 30/3386", "Bl. 1-15")


def test_date_range():
    record = read(EXPORTS / "hu-report-1962-05-01.txt")
    assert (record.date, record.date_precision) == ("1962-05-01/1962-05-03", "range")


def test_translation_only_export():
    record = read(EXPORTS / "en-only-1962-06-26.txt")
    assert [(t.role, t.language) for t in record.texts] == [("translation", "en")]
    assert record.languages["original"] == ["zh"]  # the document's language, though its text is absent
    assert [c.label for c in record.contents] == ["English Translation"]
    assert record.donors == ["Carnegie Corporation of New York (CCNY)", "Leon Levy Foundation", "ROK Ministry of Foreign Affairs"]


def test_missing_sections_infers_languages_from_the_body():
    record = read(EXPORTS / "missing-sections.txt")
    assert record.summary is None and record.credits is None and record.contents == []
    assert [(t.role, t.language.split("-")[0]) for t in record.texts] == [("original", "zh"), ("translation", "en")]
    assert record.languages["original"] == ["zh"]
    english = record.text("translation")
    assert english is not None
    inline = [a for a in english.annotations if not a.standalone]
    assert [a.text for a in inline] == ["[illegible]"]
    # The mark is out of the prose, and its offset says where it stood.
    paragraph = english.paragraphs[inline[0].paragraph]
    assert "[illegible]" not in paragraph
    assert "  " not in paragraph


def test_contents_variants():
    items = parse_contents("Original Scan\nTranslation - English\nTranscript - Russian\nGerman Translation\nOriginal - Chinese")
    assert [(i.kind, i.role, i.language) for i in items] == [
        ("scan", "original", None),
        ("text", "translation", "en"),
        ("text", "transcript", "ru"),
        ("text", "translation", "de"),
        ("text", "original", "zh"),
    ]


def test_transcript_role_from_contents():
    text = (
        "\nJune 8, 1962\n\nA Telegram [invented example]\n\nCitation:\n\n\"A Telegram\", June 8, 1962, "
        "Test Digital Archive, RGANI, f. 5, op. 49, d. 131, ll. 1-2. Translated by A. B.\n\n"
        "Original Language:\n\nRussian\n\nContents:\n\nOriginal Scan\nTranscript - Russian\nTranslation - English\n\n"
        "Посол сообщил, что граница будет закрыта до особого распоряжения правительства.\n\n"
        "The ambassador reported that the border will be closed until further notice from the government.\n"
    )
    record = parse(text, record_id="t")
    assert [(t.role, t.language) for t in record.texts] == [("transcript", "ru"), ("translation", "en")]


def test_title_without_date_line_takes_date_from_citation():
    text = (
        "Memorandum of Conversation [invented example]\n\nCitation:\n\n\"Memorandum of Conversation\", "
        "September 1962, Test Digital Archive, PRC FMA 109-01-02.\n\n"
        "Contents:\n\nEnglish Translation\n\nThe minister received the ambassador at his request.\n"
    )
    record = parse(text, record_id="t")
    assert (record.title, record.date, record.date_precision) == ("Memorandum of Conversation [invented example]", "1962-09", "month")


def test_unknown_sections_kept_in_extra_and_distribution_line_stays_prose():
    text = (
        "1962\n\nA Report [invented example]\n\nCitation:\n\n\"A Report\", 1962, Test Digital Archive.\n\n"
        "Archival Note:\n\nFound loose in the file.\n\nContents:\n\nEnglish Translation\n\n"
        "The report describes the situation on the border in detail.\n\nDistribution:\n\nThe minister and his deputies.\n"
    )
    record = parse(text, record_id="t")
    assert record.extra == {"Archival Note": "Found loose in the file."}
    assert record.texts[0].paragraphs == [
        "The report describes the situation on the border in detail.",
        "Distribution:",
        "The minister and his deputies.",
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "no text"),
        ("Just a line of prose with no sections at all.\n", None, "not an archive text export"),
        ("\nAugust 10, 1962\n\nTitle\n\nCitation:\n", 6, "truncated"),
        ("\nAugst 1O, 1962\n\nTitle\n\nCitation:\n\n\"Title\", 1962, X Archive.\n", 2, "Augst 1O, 1962"),
        (
            "\n1962\n\nTitle\n\nContents:\n\nTranslation - English\n",
            None,
            "no body text",
        ),
    ],
)
def test_bad_exports_name_the_problem(text, line, words):
    with pytest.raises(IngestError) as info:
        parse(text, path="bad.txt", record_id="bad")
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith("bad.txt")


def test_record_id_from_file_name():
    assert record_id_for(Path("exports/Yita 1962-08-10 Soviet Statement.txt")) == "yita-1962-08-10-soviet-statement"
    assert record_id_for(Path("a/document_118207.txt")) == "document_118207"
