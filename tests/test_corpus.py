"""Tests for the benchmark corpus generator (bench/corpus.py)."""

from __future__ import annotations

import importlib.util
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "bench" / "corpus.py"
_spec = importlib.util.spec_from_file_location("recto_bench_corpus", _PATH)
corpus = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = corpus
_spec.loader.exec_module(corpus)

SECTIONS = ("Citation:", "Summary:", "Credits:", "Original Language:", "Contents:", "Invented Example:")
SCRIPT = {"zh": re.compile(r"[\u4e00-\u9fff]"), "ko": re.compile(r"[\uac00-\ud7a3]"),
          "ru": re.compile(r"[\u0400-\u04ff]")}


@pytest.fixture(scope="module")
def first_2000() -> list[tuple[str, str]]:
    return [corpus.generate(i) for i in range(2000)]


def _lang(name: str) -> str:
    return name.rsplit("-", 1)[1].removesuffix(".txt")


def _body(text: str) -> list[str]:
    return text.split(corpus.INVENTED_MARKER, 1)[1].strip("\n").split("\n\n")


def test_deterministic_and_independent_of_other_records():
    a = corpus.generate(12345, seed=7)
    corpus.generate(3, seed=7)
    corpus.generate(99999, seed=1962)
    assert corpus.generate(12345, seed=7) == a
    assert corpus.generate(12345, seed=8) != a
    assert corpus.generate(12346, seed=7) != a


def test_language_mix_over_500_records():
    counts = Counter(_lang(corpus.generate(i)[0]) for i in range(500))
    expected = {"zh": 0.40, "ru": 0.25, "de": 0.15, "ko": 0.15, "hu": 0.05}
    assert set(counts) == set(expected)
    for lang, share in expected.items():
        assert abs(counts[lang] / 500 - share) < 0.06, (lang, counts)


def test_export_format_and_invented_marker(first_2000):
    english_only = no_summary = no_credits = 0
    for i, (name, text) in enumerate(first_2000):
        lines = text.split("\n")
        assert lines[0] == lines[1] == ""
        assert re.fullmatch(r"(\w+ \d{1,2}, )?(\w+ )?\d{4}", lines[2]), lines[2]
        assert lines[3] == "" and lines[4] and lines[5] == ""
        positions = [lines.index(s) for s in SECTIONS if s in lines]
        assert positions == sorted(positions)
        for s in ("Citation:", "Original Language:", "Contents:", "Invented Example:"):
            k = lines.index(s)
            assert lines[k + 1] == "" and lines[k + 2], (name, s)
        assert f"\n\nInvented Example:\n\n{corpus.INVENTED_MARKER}\n\n" in text
        assert f"https://archive.example.org/document/{i}" in text
        assert "{" not in text and "}" not in text  # every slot filled
        english_only += "\n\nEnglish Translation\n\n" in text
        no_summary += "Summary:" not in lines
        no_credits += "Credits:" not in lines
    assert 40 < english_only < 170
    assert no_summary > 50 and no_credits > 50


def test_original_and_translation_have_same_paragraph_count(first_2000):
    checked = 0
    for name, text in first_2000:
        lang = _lang(name)
        paras = _body(text)
        assert 2 <= len(paras) <= 40
        if "\n\nEnglish Translation\n\n" in text or lang not in SCRIPT:
            continue
        assert len(paras) % 2 == 0, name
        half = len(paras) // 2
        assert all(SCRIPT[lang].search(p) for p in paras[:half]), name
        assert not any(SCRIPT[lang].search(p) for p in paras[half:]), name
        checked += 1
    assert checked > 1000


def test_queries_occur_in_first_2000_records(first_2000):
    texts = [t for _, t in first_2000]
    assert len(corpus.CJK_QUERIES) >= 30
    assert any(len(q) == 1 for q in corpus.CJK_QUERIES)
    assert sum(len(q) == 2 for q in corpus.CJK_QUERIES) >= 10
    assert any(re.search(r"[\uac00-\ud7a3]", q) for q in corpus.CJK_QUERIES)
    for q in corpus.CJK_QUERIES:
        assert 1 <= len(q) <= 4
    missing = [q for q in corpus.CJK_QUERIES + corpus.LATIN_QUERIES + corpus.CYRILLIC_QUERIES
               if not any(q in t for t in texts)]
    assert missing == []
    # simplified and traditional spellings of the same word both occur
    for simp, trad in (("问题", "問題"), ("领土", "領土"), ("边界线", "边界綫")):
        assert simp in corpus.CJK_QUERIES and trad in corpus.CJK_QUERIES


def test_write_corpus_files_are_utf8_of_expected_sizes(tmp_path):
    n = 1200
    written = corpus.write_corpus(tmp_path, n, seed=1962)
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert folders == ["000", "001"]
    files = sorted(tmp_path.glob("*/*.txt"))
    assert len(files) == n
    assert len(list((tmp_path / "000").iterdir())) == 1000
    sizes = []
    for f in files:
        data = f.read_bytes()
        data.decode("utf-8")  # raises if not valid UTF-8
        sizes.append(len(data))
    assert sum(sizes) == written
    assert min(sizes) > 700 and max(sizes) < 26_000
    assert 3_500 < statistics.median(sizes) < 6_500
    # the same record written in a second chunk is byte-identical
    corpus.write_corpus(tmp_path / "chunk", 5, seed=1962, start=1100)
    name, text = corpus.generate(1102)
    assert (tmp_path / "chunk" / "001" / name).read_bytes() == (tmp_path / "001" / name).read_bytes()
    assert (tmp_path / "001" / name).read_text(encoding="utf-8") == text
