"""Folding: making different spellings of one word compare equal.

Chinese is folded to simplified characters with OpenCC (`t2s`), after a
small table of old printed variant forms that OpenCC leaves alone but that
1950s-60s documents use (`覩` for `睹`, `囘` for `回`). Latin, Cyrillic and
Greek words are lower-cased and stripped of diacritics. Folding never
changes the length of a CJK string, so offsets into the original stay valid.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc

# Variant (異體) forms found in mid-century mainland printing that t2s keeps.
OLD_VARIANTS = {
    "覩": "睹",
    "囘": "回",
    "廻": "回",
    "祇": "只",
    "衹": "只",
    "塲": "场",
    "迺": "乃",
    "彊": "强",
    "牠": "它",
    "甦": "苏",
    "澂": "澄",
    "兇": "凶",
    "姪": "侄",
    "菓": "果",
    "傢": "家",
    "纔": "才",
    "璢": "琉",
}
_VARIANT_TABLE = str.maketrans(OLD_VARIANTS)
_HAS_VARIANT = re.compile(f"[{''.join(OLD_VARIANTS)}]")
# OpenCC's t2s changes Han characters only (checked over every other code point), so text
# without any is left as it is: an English paragraph need not go through OpenCC.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Combining marks: the diacritic blocks plus the few marks Cyrillic decomposes to.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


def fold_cjk(text: str) -> str:
    """Traditional and variant characters to simplified, one character for one."""
    if not _HAN.search(text):
        return text
    if _HAS_VARIANT.search(text):  # translate() is slow per character; most text has none
        text = text.translate(_VARIANT_TABLE)
    folded = _t2s().convert(text)
    if len(folded) == len(text):
        return folded
    # A phrase rule changed the length: convert character by character instead.
    return "".join(ch if len(c := _t2s().convert(ch)) != 1 else c for ch in text)


def strip_diacritics(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    # Recomposing puts Hangul syllables (decomposed into jamo above) back together.
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed))


def fold_word(word: str) -> str:
    """Lower case, no diacritics: `Größe` -> `grosse`, `ЁЛКА` -> `елка`."""
    return strip_diacritics(word.casefold())
