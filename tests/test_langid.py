"""Language identification: script first, then CLD2 within a script."""

from __future__ import annotations

import pytest

from recto.text.langid import detect, language_tag


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("苏联政府收到了中华人民共和国外交部副部长姬鹏飞同志转交的答复。", "zh"),
        ("대한민국 정부는 국경 문제에 관한 성명을 발표하였다.", "ko"),
        ("Советское правительство получило ответ правительства Китайской Народной Республики.", "ru"),
        ("Die Delegation hielt sich vom 2. bis 16. Oktober in der Hauptstadt auf.", "de"),
        ("A küldöttség október 2-től 16-ig tartózkodott a fővárosban.", "hu"),
        ("The delegation stayed in the capital from 2 to 16 October.", "en"),
        ("La délégation a séjourné dans la capitale du 2 au 16 octobre.", "fr"),
    ],
)
def test_detects_the_languages_archives_hold(text, expected):
    assert detect(text) == expected


def test_traditional_chinese_is_tagged_as_such():
    assert detect("蘇聯政府對於這個問題的態度，我們認為是極其錯誤的，應該糾正過來。") == "zh-Hant"


@pytest.mark.parametrize("fragment", ["38", "KP 19/8", "[...]", "118-01767-01", "  "])
def test_fragments_have_no_language(fragment):
    assert detect(fragment) is None


def test_expected_languages_restrict_the_answer():
    # Short but unambiguous by script: one candidate per script.
    assert detect("Секретно", expected=["ru", "en"]) == "ru"
    # Two Latin candidates: too short to tell, so nothing is claimed.
    assert detect("gez. H. Brandt", expected=["de", "en"]) is None


@pytest.mark.parametrize(
    ("name", "tag"),
    [("Chinese", "zh"), ("Russian", "ru"), ("Korean", "ko"), ("German", "de"), ("Hungarian", "hu"), ("English", "en"), ("Mongolian", "mn")],
)
def test_language_names_to_bcp47(name, tag):
    assert language_tag(name) == tag


def test_unknown_language_name():
    assert language_tag("Martian gibberish") is None


@pytest.mark.parametrize("name", ["\x00", "a\x00", "Chinese\x00", "\x00\U00010000", "ж\x07"])
def test_a_name_with_control_characters_is_no_language(name):
    assert language_tag(name) is None  # not an exception from the name index
