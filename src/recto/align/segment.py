"""Sentence segmentation, language by language.

Chinese and Japanese end a sentence with 。！？； (or their ASCII forms, which
OCR produces), taking any closing quotes and brackets after them along
(`他说：“走吧。”` is one sentence). Languages written with spaces (English,
German, French, Russian, Hungarian, Korean, and by default any other) end a
sentence with `.`, `!`, `?` or `…` followed by a space and a word that may
begin a sentence, except after:

- an abbreviation of the language (`Mr.`, `z.B.`, `т.е.`, `pl.`), a word
  with an inner dot (`U.S.`, `d.h.`), a single letter (initials: `J. F.
  Kennedy`, `Н. С. Хрущев`; archival references: `d. 131`);
- a numbered point's number at the head of a sentence (`1. The Government`,
  `II. Maßnahmen`);
- in German and Hungarian, a number of one to three digits, which is an
  ordinal (`am 21. April 1962`, `1962. augusztus 10.` is Hungarian's own
  order and the month is lower case), and in any language a number followed
  by a month name (`21. April`);
- a word followed by lower case (`etc. and`, `„Warum?“ fragte er`).

A year closing an English sentence does end it: `on 21 April 1962. The next
day` is two sentences. Line breaks always end a sentence.

`sentence_spans` gives character offsets into the text, so a reader can
highlight a sentence where it stands; `split_sentences` gives the text.
"""

from __future__ import annotations

import re
from functools import cache

from recto.text.langid import base

CJK_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu", "lzh"})

_CLOSERS = "\"'”’」』）)》〉】］]»›"
_CJK_END = re.compile(rf"(?:[。！？；!?;]+[…]*|……|\.{{3,}})[{re.escape(_CLOSERS)}]*")
_CJK_ELLIPSIS_ONLY = re.compile(r"^(?:……|\.{3,})$")

# A possible end in a spaced language: terminators, closing quotes, then space.
_SPACED_END = re.compile(rf"(?:[.!?…]+|\.\.\.)[{re.escape(_CLOSERS)}]*(?=\s)")

# Abbreviations after which a full stop never ends a sentence (lower case, without the final dot).
_COMMON_ABBREVIATIONS = {
    "no", "nos", "nr", "vol", "vols", "art", "p", "pp", "fig", "cf", "ca", "st", "vs", "ibid", "op", "ed", "eds",
}
ABBREVIATIONS: dict[str, set[str]] = {
    "en": {
        "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "capt", "cmdr", "adm", "sgt", "gov", "sen", "rep",
        "rev", "hon", "amb", "messrs", "jr", "sr", "co", "corp", "inc", "ltd", "dept", "univ", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "e.g", "i.e", "viz",
    },
    "de": {
        "dr", "prof", "hr", "hrn", "fr", "frl", "nr", "bzw", "vgl", "z", "b", "u", "a", "d", "h", "s", "abs",
        "bd", "hg", "hrsg", "jh", "jhs", "mio", "mrd", "tsd", "ggf", "inkl", "evtl", "sog", "str", "gez", "dt",
        "kap", "ziff", "gen", "genn", "anm", "orig", "übers", "geb", "gest", "ca", "u.a", "z.b", "d.h",
        "jan", "feb", "febr", "apr", "aug", "sept", "okt", "nov", "dez",
    },
    "fr": {
        "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "gén", "col", "cap", "lt", "av",
        "apr", "j.-c", "env", "chap", "éd", "coll", "réf", "cf", "janv", "févr", "avr", "juill", "sept", "oct",
        "nov", "déc", "p.ex", "c.-à-d", "n°",
    },
    "ru": {
        "т", "т.е", "т.к", "т.д", "т.п", "т.н", "т.о", "г", "гг", "гор", "тов", "им", "ул", "пр", "стр", "см",
        "др", "проф", "акад", "ген", "полк", "тыс", "млн", "млрд", "руб", "коп", "ф", "оп", "д", "л", "лл", "с",
        "т.ч", "в.т.ч", "и.о", "н.э", "до н.э", "янв", "февр", "апр", "авг", "сент", "окт", "нояб", "дек",
        "см", "ср", "напр", "рис", "гл", "кн", "вып", "изд", "обл", "р", "ст",
        # the heads of Soviet documents: copy numbers, incoming and outgoing numbers, offices
        "экз", "вх", "исх", "зам", "пред", "нач", "зав", "отд", "арх", "сов", "секр",
    },
    "hu": {
        "dr", "ifj", "id", "özv", "pl", "ill", "kb", "ún", "vö", "ld", "sz", "u", "krt", "tel", "szt",
        "kft", "rt", "min", "max", "évf", "ford", "szerk", "jan", "febr", "márc", "ápr", "jún", "júl", "aug",
        "szept", "okt", "nov", "dec", "gr", "mk", "eln", "alezr", "ezr", "őrgy", "vezérőrnagy", "sk",
    },
    "ko": set(),
}

# Month names: a number followed by a full stop and one of these is a date, not an end.
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober",
    "dezember", "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre", "január", "február", "március", "április", "május", "június", "július",
    "augusztus", "szeptember", "október", "január", "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
}
_ORDINAL_DOT_LANGUAGES = {"de", "hu", "cs", "sk", "pl", "da", "no", "nb", "nn", "fi", "et", "lv", "lt", "sl", "hr", "sr", "tr"}
_ROMAN = re.compile(r"^[IVXLC]+$")
_NUMBER = re.compile(r"^\d+$")


def is_cjk(lang: str) -> bool:
    return base(lang) in CJK_LANGUAGES


def joiner_for(lang: str) -> str:
    """How sentences are joined into one passage: with a space, but not where the language
    writes without them (Chinese, Japanese)."""
    return "" if is_cjk(lang) else " "


@cache
def _abbreviations(lang: str) -> frozenset[str]:
    return frozenset(_COMMON_ABBREVIATIONS | ABBREVIATIONS.get(lang, set()))


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence of `text`, stripped of surrounding space."""
    spans: list[tuple[int, int]] = []
    cjk = is_cjk(lang)
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        ends = _cjk_ends(line.group()) if cjk else _spaced_ends(line.group(), base(lang))
        for end in [*ends, len(line.group())]:
            _add_span(spans, text, start, line.start() + end)
            start = line.start() + end
    return spans


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of `text` in language `lang` (a BCP 47 tag)."""
    return [text[s:e] for s, e in sentence_spans(text, lang)]


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _cjk_ends(line: str) -> list[int]:
    ends = []
    for match in _CJK_END.finditer(line):
        if _CJK_ELLIPSIS_ONLY.match(match.group()):
            continue  # an ellipsis ends a sentence only before a closing quote
        if match.group() in "!?;" and match.end() < len(line) and not _is_cjk_char(line[match.end() :].lstrip()[:1]):
            continue  # ASCII punctuation inside a Latin-script phrase
        ends.append(match.end())
    return ends


def _is_cjk_char(ch: str) -> bool:
    return bool(ch) and ("\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" or ch > "\U00020000")


def _spaced_ends(line: str, lang: str) -> list[int]:
    ends = []
    sentence_start = 0
    for match in _SPACED_END.finditer(line):
        end = match.end()
        after = line[end:].lstrip()
        if not after:
            continue
        if _ends_sentence(line[sentence_start : match.start()], match.group(), after, lang):
            ends.append(end)
            sentence_start = end
    return ends


def _ends_sentence(before: str, punct: str, after: str, lang: str) -> bool:
    nxt = after[0]
    if nxt.islower():
        return False  # "etc. and", "„Warum?“ fragte er"
    if punct[0] != ".":
        return True
    words = before.split()
    if not words:
        return False  # a sentence of nothing but a full stop or a numbered point's dot
    word = words[-1].lstrip("\"'“‘„«‹([")
    stripped = word.rstrip(".")
    if _NUMBER.match(stripped) or _ROMAN.match(stripped):
        if len(words) == 1:
            return False  # a numbered point: "1. The Government", "II. Maßnahmen"
        next_word = re.match(r"[\w-]+", after)
        if next_word and next_word.group().lower() in _MONTHS:
            return False  # "21. April 1962"
        if lang in _ORDINAL_DOT_LANGUAGES and _NUMBER.match(stripped) and len(stripped) <= 3:
            return False  # German and Hungarian ordinals: "am 21. April", "der 3. Mann"
        return True
    lowered = stripped.lower()
    if len(stripped) == 1 and stripped.isalpha():
        return False  # an initial, or a one-letter reference such as "d. 131"
    if lowered in _abbreviations(lang):
        return False
    if "." in stripped and all(len(part) <= 3 for part in stripped.split(".")):
        return False  # "U.S.", "z.B.", "т.е.", "e.g."
    return True
