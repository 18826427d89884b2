"""What the `fast` aligner reads in a sentence: units of evidence with keys.

A sentence becomes a list of *units* (a word, a number, a name, a question
mark), each with a set of *keys*. A unit of one side is matched by a sentence
of the other side when they share a key. Keys are built so that a translation
shares them:

- `w:` English stems; a Chinese word (as jieba cuts it) gets the stems of its CC-CEDICT glosses;
  between two alphabetic languages with a FreeDict dictionary installed (German-French,
  Hungarian-English, ...: `freedict.py`), a source word gets the stems of its
  translations and a target word its own stem, function words left out;
- `n:` numbers, from digits, Chinese numerals (二十一, 一九六二) and English
  number words (twenty-one, fourteenth);
- `name:` proper names: a Chinese run of two to four characters gets the
  toneless pinyin of its characters (pypinyin) when the other text holds a
  capitalised word or run that spells the same (陈清扬 -> Chen Qingyang,
  宝玉 -> Bao-yu); Cyrillic, Greek and other scripts are transliterated to
  Latin letters (anyascii), so Хрущёв meets Khrushchev;
- `c:` cognates between two languages of alphabetic scripts (Simard et al.,
  1992): the first four letters of a word of four letters or more, folded
  and transliterated (Gletscher/glacier do not match, Expedition/expédition
  do), beside the dictionary's words or alone when there is none; facing a
  Chinese or Japanese text with no lexicon, they match nothing until linked
  (`links.py`);
- `p:` question and exclamation marks, a quotation opening and one closing,
  a closing colon, an ellipsis: where dialogue turns, both texts turn;
- `z:` a CJK word (as jieba cuts it) the lexicon lacks, or every word when there
  is none: no key of the other text's, until the first round of alignment links
  it to the word that translates it (`links.py`).

How much a match is worth is not decided here: `evidence.py` weighs each key
by how rare it is in the texts being aligned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import rjieba
from anyascii import anyascii

from recto.align import freedict
from recto.align.lexicon import ENGLISH_STOPWORDS, Lexicon, english_content_stems, lexicon_for
from recto.align.segment import is_cjk
from recto.text.fold import fold_cjk, fold_word
from recto.text.langid import base

Keys = frozenset[str]


@dataclass
class Side:
    """The analysed sentences of one text."""

    lang: str
    units: list[list[Keys]] = field(default_factory=list)  # per sentence, one key set per unit
    lengths: list[int] = field(default_factory=list)  # characters, spaces excluded


# --- numbers -------------------------------------------------------------------

_ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_ZH_NUMERAL = re.compile(r"[零〇○一二两三四五六七八九十百千万亿0-9０-９]+")


def chinese_number(run: str) -> int | None:
    """二十一 -> 21, 一九六二 -> 1962, 三千五百 -> 3500, 1962 -> 1962; None if not a number."""
    run = run.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if run.isdigit():
        return int(run)
    if any(ch.isdigit() for ch in run):
        return None
    if not any(ch in _ZH_UNITS for ch in run):
        return int("".join(str(_ZH_DIGITS[ch]) for ch in run))  # read digit by digit: 一九六二
    total, section, digit = 0, 0, None
    for ch in run:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        else:
            unit = _ZH_UNITS[ch]
            if unit >= 10_000:
                total += (section + (digit or 0)) * unit
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


_EN_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
_EN_NUMBERS.update({w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())})
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "hundredth": 100, "thousandth": 1000,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_NUMBER_RUN = re.compile(
    r"\b(?:(?:" + "|".join([*_EN_NUMBERS, *_EN_ORDINALS, *_EN_SCALES]) + r")(?:[\s-]+(?:and[\s-]+)?)?)+\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


_NUMBER_WORDS = frozenset([*_EN_NUMBERS, *_EN_ORDINALS, *_EN_SCALES])
_LETTERS = re.compile(r"[a-z]+")


def english_numbers(text: str) -> list[int]:
    """Numbers written in words: 'twenty-one' -> [21], 'the fourteenth team' -> [14]."""
    out: list[int] = []
    if _NUMBER_WORDS.isdisjoint(_LETTERS.findall(text.lower())):
        return out  # most sentences: the number-word pattern is slow to scan
    for match in _EN_NUMBER_RUN.finditer(text):
        words = [w for w in re.split(r"[\s-]+", match.group().lower()) if w and w != "and"]
        total, current = 0, 0
        for w in words:
            if w in _EN_SCALES:
                current = max(current, 1) * _EN_SCALES[w]
                if _EN_SCALES[w] >= 1000:
                    total, current = total + current, 0
            else:
                current += _EN_NUMBERS.get(w, _EN_ORDINALS.get(w, 0))
        out.append(total + current)
    return out


def digit_numbers(text: str) -> list[int]:
    out = []
    for match in _DIGITS.finditer(text):
        digits = re.sub(r"[.,]", "", match.group())
        if len(digits) <= 12:
            out.append(int(digits))
    return out


# --- punctuation ---------------------------------------------------------------

_QUESTION = re.compile(r"[?？¿]")
_EXCLAMATION = re.compile(r"[!！¡]")
# A quotation opens or closes: by the mark in CJK text and for guillemets; elsewhere by where the
# mark stands, since German closes with “ and English uses ' for both ends (and for apostrophes;
# single marks are quotation marks in English only: French and Italian elide with them).
# Each pattern starts with its mark, so the scan skips to the marks (sentences hold few).
_OPENS_CJK = re.compile(r"[“‘「『«‹]")
_CLOSES_CJK = re.compile(r"[”’」』»›]")
_OPENS = re.compile(r"[«‹]|[\"“”„»](?<![^\s(\[—–-].)(?=\S)")
_CLOSES = re.compile(r"[»›]|[\"“”«](?<=\S.)(?=$|[\s,.;:!?)\]—–-])")
_OPENS_EN = re.compile(r"[«‹]|[\"'“”‘’„»](?<![^\s(\[—–-].)(?=\S)")
_CLOSES_EN = re.compile(r"[»›]|[\"'“”‘’«](?<=\S.)(?=$|[\s,.;:!?)\]—–-])")
_DOTS = re.compile(r"\.\s?\.\s?\.")
_OPEN_KEY, _CLOSE_KEY = frozenset({"p:open"}), frozenset({"p:close"})


@cache
def _quotation_marks(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of a quotation opening and of one closing, for a language (chosen once, not per sentence)."""
    if is_cjk(lang):
        return _OPENS_CJK, _CLOSES_CJK
    if base(lang) == "en":
        return _OPENS_EN, _CLOSES_EN
    return _OPENS, _CLOSES


def punctuation_units(text: str, lang: str) -> list[Keys]:
    """Question and exclamation marks; a quotation opening, closing (dialogue turns on them);
    a closing colon, an ellipsis."""
    units = []
    if _QUESTION.search(text):
        units.append(frozenset({"p:?"}))
    if _EXCLAMATION.search(text):
        units.append(frozenset({"p:!"}))
    opens, closes = _quotation_marks(lang)
    if opens.search(text):
        units.append(_OPEN_KEY)
    if closes.search(text):
        units.append(_CLOSE_KEY)
    if text.rstrip().endswith((":", "：")):
        units.append(frozenset({"p::"}))
    if "…" in text or _DOTS.search(text):
        units.append(frozenset({"p:..."}))
    return units


# --- names -------------------------------------------------------------------



@lru_cache(maxsize=65_536)  # names recur within a text and across texts
def _latin_key(word: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(fold_word(word)).lower())


def name_keys(text: str) -> list[set[str]]:
    """Keys of the capitalised words of `text` that are not common words, one set per run."""
    out = []
    words = re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", text)
    run: list[str] = []
    for word in words + [""]:
        lower = word.lower()
        if word[:1].isupper() and lower not in _COMMON_CAPITALISED and lower not in ENGLISH_STOPWORDS:
            run.append(word)
            continue
        if run:
            keys = {"name:" + _latin_key(w) for w in run}
            keys.add("name:" + "".join(_latin_key(w) for w in run))
            keys.discard("name:")
            if keys:
                out.append(keys)
            run = []
    return out


_name_cache: dict[str, list[set[str]]] = {}


def _name_keys_cached(text: str) -> list[set[str]]:
    """`name_keys`, remembered for the last texts (both sides of a pair ask for them)."""
    found = _name_cache.get(text)
    if found is None:
        if len(_name_cache) > 20_000:
            _name_cache.clear()
        found = _name_cache[text] = name_keys(text)
    return found


_COMMON_CAPITALISED = frozenset({"i", "mr", "mrs", "miss", "ms", "dr", "sir", "lady", "lord", "the"})


@cache
def _pinyin_table() -> dict[str, str]:
    """Every character's toneless pinyin, its first reading as pypinyin gives it (NORMAL style), built once (0.1 s)."""
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal

    syllable = cache(to_normal)  # some 1,500 syllables for 40,000 characters
    return {chr(cp): syllable(readings.split(",")[0]) for cp, readings in PINYIN_DICT.items()}


def _pinyin(run: str) -> list[str]:
    """The toneless pinyin of each character of a run of Chinese characters, each read alone."""
    return list(map(_pinyin_table().get, run, run))  # as pypinyin, a character it cannot read stays itself


# --- the analysers -------------------------------------------------------------

def _longest_headwords(text: str, start: int, stop: int, taken: list[bool], lexicon: Lexicon) -> list[Keys]:
    """The keys of the longest headwords in text[start:stop], left to right, skipping `taken` characters."""
    units: list[Keys] = []
    entries, longest = lexicon.keys, lexicon.longest_from
    k = start
    while k < stop:
        if taken[k]:
            k += 1
            continue
        size = min(longest.get(text[k : k + 2], 1), stop - k)
        while size:
            keys = entries.get(text[k : k + size])
            if keys is not None:
                units.append(keys)
                break
            size -= 1
        k += size or 1
    return units


@lru_cache(maxsize=65_536)  # words recur
def _headwords_of(word: str, lexicon: Lexicon) -> tuple[Keys, ...]:
    """`_longest_headwords` of a whole word."""
    return tuple(_longest_headwords(word, 0, len(word), [False] * len(word), lexicon))


_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=65_536)
def _word_key(word: str) -> Keys:
    return frozenset({"z:" + word})


def _cjk_units(text: str, lang: str, lexicon: Lexicon | None, other_names: tuple[set[str], set[str]] | None) -> list[Keys]:
    folded = fold_cjk(text)
    units: list[Keys] = []
    # Numbers first: a numeral run is one unit (二十一 -> 21), except a lone 一 (一天, 一样: "a", "one").
    taken = [False] * len(folded)
    for match in _ZH_NUMERAL.finditer(folded):
        if match.group() in ("一", "两", "万", "千", "百", "亿"):
            continue
        value = chinese_number(match.group())
        if value is not None:
            units.append(frozenset({f"n:{value}"}))
            for k in range(match.start(), match.end()):
                taken[k] = True
    # Words as jieba cuts them (rjieba), each looked up whole; a word the dictionary lacks, or
    # one holding a number, is read by the longest headwords inside it, left to right.
    pos = 0
    for word in rjieba.cut(folded):
        start, pos = pos, pos + len(word)
        keys = lexicon.keys.get(word) if lexicon is not None else None
        free = not any(taken[start:pos])  # holds no numeral read above
        if keys is not None and free:
            units.append(keys)
            continue
        if lexicon is not None:
            units.extend(_headwords_of(word, lexicon) if free else _longest_headwords(folded, start, pos, taken, lexicon))
        if keys is None and len(word) > 1 and _CJK_RUN.fullmatch(word):
            units.append(_word_key(word))  # no key of the other text's yet: one the texts may teach (`links.py`)
    if other_names:
        names, prefixes = other_names
        for run in _CJK_RUN.finditer(folded):
            chars = _pinyin(run.group())
            # a name of two to four syllables starts with a syllable that begins some name
            for start in [k for k, syllable in enumerate(chars[:-1]) if syllable in prefixes]:
                key = chars[start]
                for size in (2, 3, 4):
                    if key not in prefixes or start + size > len(chars):
                        break
                    key += chars[start + size - 1]
                    if key in names:
                        units.append(frozenset({"name:" + key}))
    units.extend(punctuation_units(text, lang))
    return units


@cache
def _stem_key(stem: str) -> Keys:
    return frozenset({"w:" + stem})


def _english_units(text: str, lang: str, with_names: bool) -> list[Keys]:
    units = [_stem_key(s) for s in english_content_stems(text)]
    units.extend(frozenset({f"n:{v}"}) for v in digit_numbers(text) + english_numbers(text))
    if with_names:
        units.extend(frozenset(keys) for keys in _name_keys_cached(text))
    units.extend(punctuation_units(text, lang))
    return units


_ALPHA_WORD = re.compile(r"[^\W\d_]+")


def _cognate_units(text: str, lang: str, with_names: bool, words: bool = True) -> list[Keys]:
    units = []
    for word in _ALPHA_WORD.findall(text) if words else ():
        key = _latin_key(word)
        if len(key) >= 4:
            units.append(frozenset({"c:" + key[:4]}))
    units.extend(frozenset({f"n:{v}"}) for v in digit_numbers(text))
    if with_names:
        units.extend(frozenset(keys) for keys in _name_keys_cached(text))
    units.extend(punctuation_units(text, lang))
    return units


def _dictionary_units(text: str, lang: str, pair: tuple[str, str], keyed: bool) -> list[Keys]:
    """Words through the FreeDict dictionary of `pair`: a word of the keyed (source) side gets the
    stems of its translations, one of the other side its own stem, and each its cognate key."""
    units = [keys for word in _ALPHA_WORD.findall(text) if (keys := _dictionary_keys(word, lang, pair, keyed))]
    units.extend(frozenset({f"n:{v}"}) for v in digit_numbers(text))
    units.extend(punctuation_units(text, lang))
    return units


@lru_cache(maxsize=200_000)  # words recur
def _dictionary_keys(word: str, lang: str, pair: tuple[str, str], keyed: bool) -> Keys:
    keys: set[str] = set()
    if freedict.is_content(word, lang):
        if keyed:
            keys.update("w:" + stem for stem in freedict.translations(word, *pair))
        else:
            keys.add("w:" + freedict.word_stem(word, lang))
    # The dictionary lacks names and most loanwords (Fuorcla, Expedition): cognates find them.
    cognate = _latin_key(word)
    if len(cognate) >= 4:
        keys.add("c:" + cognate[:4])
    return frozenset(keys)


def _length(text: str) -> int:
    return max(1, len(text) - text.count(" "))


def analyse(
    src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, *, cognates: bool = True
) -> tuple[Side, Side]:
    """Units of evidence for both texts of a pair (see the module's docstring).

    Two alphabetic languages with a FreeDict dictionary installed (`freedict.py`)
    are read through it, with cognates. `cognates=False` leaves out the cognates
    between two alphabetic languages that have none: the accurate mode's embeddings
    measure what they guess at, better (German-French without the dictionary:
    strict F1 0.893 with them, 0.899 without), and counting both counts one thing
    twice; beside the dictionary's words they add names and loanwords (0.922 with
    them, 0.911 without; fast mode 0.912 and 0.896).
    """
    found = lexicon_for(src_lang, tgt_lang)
    lexicon, lexicon_side = found if found else (None, None)
    pair = (base(src_lang), base(tgt_lang))
    dictionary = not found and not is_cjk(src_lang) and not is_cjk(tgt_lang) and freedict.has_pair(*pair)
    sides = []
    texts = {"src": (src, src_lang, tgt, tgt_lang), "tgt": (tgt, tgt_lang, src, src_lang)}
    for side_name in ("src", "tgt"):
        sents, lang, other, other_lang = texts[side_name]
        side = Side(lang)
        cjk, other_cjk = is_cjk(lang), is_cjk(other_lang)
        other_names = None
        if cjk and not other_cjk:
            names = {key[5:] for s in other for keys in _name_keys_cached(s) for key in keys}
            other_names = (names, {name[:k] for name in names for k in range(1, len(name) + 1)})
        for s in sents:
            if dictionary:
                units = _dictionary_units(s, lang, pair, side_name == "src")
            elif cjk:
                units = _cjk_units(s, lang, lexicon if lexicon_side == side_name else None, other_names)
            elif lexicon is not None:
                units = _english_units(s, lang, with_names=other_cjk)
            else:
                # facing a CJK text with no lexicon, the words are keys no sentence of it holds, until linked
                units = _cognate_units(s, lang, with_names=other_cjk, words=cognates or other_cjk)
            side.units.append(units)
            side.lengths.append(_length(s))
        sides.append(side)
    return sides[0], sides[1]

