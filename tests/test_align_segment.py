"""Sentence segmentation, one language at a time, on real sentences."""

from __future__ import annotations

import pytest

from recto.align.segment import sentence_spans, split_sentences


def test_chinese_full_stops_and_closing_quotes():
    text = "我二十一岁时，正在云南插队。陈清扬当时二十六岁，就在我插队的地方当医生。她说：“你要证明我不是破鞋！”我没说话……他问：“为什么？……”"
    assert split_sentences(text, "zh") == [
        "我二十一岁时，正在云南插队。",
        "陈清扬当时二十六岁，就在我插队的地方当医生。",
        "她说：“你要证明我不是破鞋！”",
        "我没说话……他问：“为什么？……”",
    ]


def test_chinese_semicolons_question_marks_and_ocr_ascii():
    text = "这是不应該的；这种措施不能是永久性的。这不是很清楚的嗎?我們更不想談到的是……"
    assert split_sentences(text, "zh-Hant") == ["这是不应該的；", "这种措施不能是永久性的。", "这不是很清楚的嗎?", "我們更不想談到的是……"]


def test_japanese_uses_the_chinese_rules():
    assert split_sentences("ソ連政府は声明を発表した。中国は同意しなかった！", "ja") == ["ソ連政府は声明を発表した。", "中国は同意しなかった！"]


def test_english_titles_initials_and_a_date_ending_a_sentence():
    text = "Mr. J. F. Kennedy met Dr. Smith on 21 April 1962. The next day, the U.S. Embassy replied. See Confidential File No. 409."
    assert split_sentences(text, "en") == [
        "Mr. J. F. Kennedy met Dr. Smith on 21 April 1962.",
        "The next day, the U.S. Embassy replied.",
        "See Confidential File No. 409.",
    ]


def test_english_quotes_and_lower_case_after_a_question():
    text = 'They asserted that "the Soviet Union has taken certain actions." "Why?" he asked. Isn\'t this clear?'
    assert split_sentences(text, "en") == [
        'They asserted that "the Soviet Union has taken certain actions."',
        '"Why?" he asked.',
        "Isn't this clear?",
    ]


def test_numbered_points_stay_with_their_text():
    text = "1. The Soviet Government received the reply. 2. The border is closed. II. Measures."
    assert split_sentences(text, "en") == ["1. The Soviet Government received the reply.", "2. The border is closed.", "II. Measures."]


def test_german_ordinals_dates_and_abbreviations():
    text = "Am 21. April 1962 trafen sich z. B. Herr Dr. Müller und H. Brandt in Berlin. Es war der 3. Tag der Verhandlungen. Er kam 1962. Dann ging er."
    assert split_sentences(text, "de") == [
        "Am 21. April 1962 trafen sich z. B. Herr Dr. Müller und H. Brandt in Berlin.",
        "Es war der 3. Tag der Verhandlungen.",
        "Er kam 1962.",
        "Dann ging er.",
    ]


def test_french_abbreviations():
    text = "M. Khrouchtchev a reçu l'ambassadeur le 10 août 1962. Mme Dupont était présente, cf. p. 12. La séance fut levée."
    assert split_sentences(text, "fr") == [
        "M. Khrouchtchev a reçu l'ambassadeur le 10 août 1962.",
        "Mme Dupont était présente, cf. p. 12.",
        "La séance fut levée.",
    ]


def test_russian_initials_archival_references_and_abbreviations():
    text = "Н. С. Хрущев прибыл 21 апреля 1962 г. в Пекин. Он сказал, т.е. заявил, что граница закрыта. РГАНИ, ф. 5, оп. 49, д. 131, лл. 193-194. Конец."
    assert split_sentences(text, "ru") == [
        "Н. С. Хрущев прибыл 21 апреля 1962 г. в Пекин.",
        "Он сказал, т.е. заявил, что граница закрыта.",
        "РГАНИ, ф. 5, оп. 49, д. 131, лл. 193-194.",
        "Конец.",
    ]


def test_russian_document_heads_keep_their_abbreviations():
    text = "Сов. секретно. Экз. № 1. Исх. № 214. Зам. Председателя Ли Цзяньхуа принял меня. Конец."
    assert split_sentences(text, "ru") == [
        "Сов. секретно.",
        "Экз. № 1.",
        "Исх. № 214.",
        "Зам. Председателя Ли Цзяньхуа принял меня.",
        "Конец.",
    ]


def test_hungarian_dates_ordinals_and_abbreviations():
    text = "1962. augusztus 10-én a szovjet kormány nyilatkozatot adott ki. Dr. Kovács pl. jelen volt. Ez volt a 3. pont. Vége."
    assert split_sentences(text, "hu") == [
        "1962. augusztus 10-én a szovjet kormány nyilatkozatot adott ki.",
        "Dr. Kovács pl. jelen volt.",
        "Ez volt a 3. pont.",
        "Vége.",
    ]


def test_korean_sentences_end_without_letter_case():
    text = "소련 정부는 1962년 8월 10일 성명을 발표했다. 중국은 동의하지 않았다? 국경은 닫혔다!"
    assert split_sentences(text, "ko") == ["소련 정부는 1962년 8월 10일 성명을 발표했다.", "중국은 동의하지 않았다?", "국경은 닫혔다!"]


@pytest.mark.parametrize("lang", ["zh", "en", "de", "ru"])
def test_spans_point_into_the_text_and_line_breaks_end_sentences(lang):
    text = "  Title line\nFirst sentence here. Second one。\n\n  third  "
    spans = sentence_spans(text, lang)
    assert all(text[s:e] == text[s:e].strip() and text[s:e] for s, e in spans)
    assert [text[s:e] for s, e in spans][0] == "Title line"
    assert [text[s:e] for s, e in spans][-1] == "third"
    assert spans == sorted(spans)
