"""Property tests of the export reader and the file decoder.

Whatever text or bytes arrive, the reader either gives a Record or says why it
cannot (IngestError); it never fails with anything else, since any other
exception would escape the per-file error handling of a batch.
"""

from __future__ import annotations

import codecs
import json
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from recto.errors import IngestError
from recto.ingest import archive_text
from recto.ingest.files import decode
from recto.record import Record

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def validator() -> Draft202012Validator:
    path = Path(__file__).resolve().parents[1] / "src" / "recto" / "schema" / "record.schema.json"
    return Draft202012Validator(json.loads(path.read_text("utf-8")))


def parse_or_ingest_error(text: str) -> Record | None:
    try:
        record = archive_text.parse(text, record_id="x")
    except IngestError:
        return None
    assert isinstance(record, Record)
    return record


# -- arbitrary text -------------------------------------------------------------------------


@SETTINGS
@given(st.text())
def test_parse_of_any_text_is_a_record_or_an_ingest_error(text):
    parse_or_ingest_error(text)


# -- near-exports: the layout of an export with random parts ---------------------------------

SCRIPTS = {
    "latin": (0x41, 0x7A),
    "latin-ext": (0xC0, 0x17F),
    "greek": (0x391, 0x3C9),
    "cyrillic": (0x410, 0x44F),
    "hebrew": (0x5D0, 0x5EA),
    "arabic": (0x621, 0x64A),
    "devanagari": (0x905, 0x939),
    "thai": (0xE01, 0xE2E),
    "hangul": (0xAC00, 0xD7A3),
    "kana": (0x3041, 0x30FA),
    "han": (0x4E00, 0x9FFF),
}


def script_words(lo: int, hi: int) -> st.SearchStrategy[str]:
    word = st.text(st.characters(min_codepoint=lo, max_codepoint=hi), min_size=1, max_size=12)
    return st.lists(word, min_size=1, max_size=25).map(" ".join)


MARKS = st.sampled_from(
    ["[...]", "[Illegible brief handwritten note]", "[stamp]", "[illegible]", "【...】", "[sic]", "[Chinese]", "…", "KP 19/8", "38", "118-01767-01"]
)

paragraph = st.one_of(
    st.sampled_from(list(SCRIPTS.values())).flatmap(lambda r: script_words(*r)),
    MARKS,
    st.tuples(st.sampled_from(list(SCRIPTS.values())).flatmap(lambda r: script_words(*r)), MARKS, st.booleans()).map(
        lambda t: f"{t[0]} {t[1]}" if t[2] else f"{t[1]} {t[0]}"
    ),
    st.text(max_size=80),
)

DATE_LINES = st.one_of(
    st.sampled_from(
        ["August 10, 1962", "September 1962", "1958", "May 1-3, 1962", "1960s", "Augst 1O, 1962", "10 August 1962", "Sept. 3, 1962", "0000", "February 30, 1962", "December 1961 - January 1962"]
    ),
    st.text(max_size=30),
)

KNOWN_LABELS = st.sampled_from(
    ["Citation", "Summary", "Credits", "Original Language", "Original Languages", "Contents", "Type", "Keywords", "Invented Example", "Document Type"]
)
LABELS = st.one_of(KNOWN_LABELS, KNOWN_LABELS, KNOWN_LABELS, st.sampled_from(["Distribution", "Note"]), st.from_regex(r"[A-Z][a-z]{1,12}", fullmatch=True))

CONTENT_LINES = st.one_of(
    st.sampled_from(
        ["Original Scan", "Translation - English", "Translation - Russian", "English Translation", "Transcript - Chinese", "Original - German", "Facsimile", "Translation - Klingon", "Translation"]
    ),
    st.text(min_size=1, max_size=20),
)

LANGUAGE_VALUES = st.lists(
    st.one_of(st.sampled_from(["Chinese", "Russian", "Korean", "German", "Hungarian", "English", "Mongolian", "Uyghur", "Esperanto", "Nonesuch"]), st.text(max_size=10)),
    max_size=3,
).map(", ".join)

CITATIONS = st.one_of(
    st.just(
        '"Statement", August 10, 1962, Wilson Center Digital Archive, PRC FMA 118-01767-01, 7-11. '
        "Translated by 7Brands. https://archive.example.org/document/1"
    ),
    st.just('"Telegram", June 8, 1962, Digital Archive, RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated and edited by A, B, and C.'),
    st.text(max_size=200),
)


@st.composite
def section_value(draw, label: str) -> str:
    if draw(st.integers(0, 9)) == 0:
        return ""  # a truncated section
    if label == "Contents":
        return "\n".join(draw(st.lists(CONTENT_LINES, min_size=1, max_size=4)))
    if label.startswith("Original Language"):
        return draw(LANGUAGE_VALUES)
    if label == "Citation":
        return draw(CITATIONS)
    return draw(paragraph)


@st.composite
def near_exports(draw) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(DATE_LINES))
    if draw(st.integers(0, 5)):
        parts.append(draw(paragraph))  # the title
    for label in draw(st.lists(LABELS, min_size=draw(st.sampled_from([0, 1, 1, 1])), max_size=8)):
        parts.append(f"{label}:")
        value = draw(section_value(label))
        if value:
            parts.append(value)
    parts.extend(draw(st.lists(paragraph, max_size=12)))
    separator = draw(st.sampled_from(["\n\n", "\n\n", "\n\n", "\n\n\n", "\n \n", "\r\n\r\n", "\n", "\n\t\n"]))
    lead = draw(st.sampled_from(["", "\n\n", "\n\n", "  \n", "\ufeff"]))
    return lead + separator.join(parts)


@SETTINGS
@given(near_exports())
def test_parse_of_a_near_export_is_a_record_or_an_ingest_error(text):
    parse_or_ingest_error(text)


@SETTINGS
@given(near_exports())
def test_a_parsed_near_export_is_a_valid_record_that_survives_json(text):
    record = parse_or_ingest_error(text)
    if record is None:
        return
    data = record.to_json()
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []
    assert Record.from_json(json.loads(json.dumps(data))) == record


def test_the_reference_layout_parses():
    """The strategies above are near the real thing: the reference record itself parses."""
    sample = Path(__file__).resolve().parents[1] / "src" / "recto" / "samples" / "yita-1962-08-10-soviet-statement.txt"
    assert parse_or_ingest_error(sample.read_text("utf-8")) is not None


# -- decoding bytes --------------------------------------------------------------------------

BOMS = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
ENCODINGS = st.sampled_from([None, None, None, "utf-8", "gb18030", "cp1251", "utf-16", "latin-1", "no-such-encoding"])


def decode_or_ingest_error(data: bytes, encoding: str | None = None) -> None:
    try:
        text = decode(data, "f", encoding)
    except IngestError:
        return
    assert isinstance(text, str)


@SETTINGS
@given(st.binary())
def test_decode_of_any_bytes_is_text_or_an_ingest_error(data):
    decode_or_ingest_error(data)


@SETTINGS
@given(BOMS, st.binary(max_size=64), ENCODINGS)
def test_decode_of_bytes_after_a_byte_order_mark_is_text_or_an_ingest_error(bom, rest, encoding):
    decode_or_ingest_error(bom + rest, encoding)


@SETTINGS
@given(st.text(max_size=200), st.sampled_from(["utf-8", "gb18030", "cp1251", "utf-16", "shift_jis", "euc-kr"]))
def test_decode_of_encoded_text_is_text_or_an_ingest_error(text, codec):
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        data = text.encode("utf-8", errors="surrogatepass")
    decode_or_ingest_error(data)
