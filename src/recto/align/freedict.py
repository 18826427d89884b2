"""FreeDict bilingual dictionaries (Debian's `dict-freedict-*` packages), read for the aligner.

FreeDict publishes translating dictionaries for many pairs of languages
(German-French, Russian-English, Hungarian-English, ...), most made by
WikDict from Wiktionary; Debian packages them in the dictd format under
/usr/share/dictd (`freedict-deu-fra.index` and `.dict.dz`). An entry is a
headword line, then for each sense a line of comma-separated translations
and lines of definition in the headword's language:

    Abwertung /ˈapˌveːɐ̯tʊŋ/ <n, fem>
    1. dévaluation
    Verringerung des Wertes einer Währung
    2. dévalorisation
    Absprechung von Wert

Only the translation lines are kept: each headword maps to the stems of its
translations' words (`word_stem`), so that a German word and a French
sentence share a key when the sentence holds one of its translations. Both
directions of a pair are read when installed (deu-fra, and fra-deu turned
round), which is more than either alone holds.
"""

from __future__ import annotations

import gzip
import os
import re
import warnings
import zlib
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

import langcodes
import simplemma
from simplemma.strategies import DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES as LEMMATISED

from recto.align.lexicon import cached_parse
from recto.text.fold import fold_word
from recto.text.stemming import SNOWBALL, snowball


def dictd_dir() -> Path:
    """Where dictd dictionaries are installed: /usr/share/dictd on Debian, or $RECTO_DICTD."""
    return Path(os.environ.get("RECTO_DICTD", "/usr/share/dictd"))


_WORD = re.compile(r"[^\W\d_]+")
_SENSE = re.compile(r"^(\d+)\.\s+")
_MARKUP = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|<[^>]*>|/[^/]*/")
_B64 = {c: k for k, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _number(text: str) -> int:
    """A dictd index's offsets and lengths are numbers written in base 64."""
    value = 0
    for c in text:
        value = value * 64 + _B64[c]
    return value


@cache
def _alpha3(lang: str) -> str | None:
    """The ISO 639-3 code FreeDict names its files by (`de` -> `deu`), None for an unknown language."""
    try:
        return langcodes.Language.get(lang).to_alpha3()
    except (LookupError, ValueError):
        return None


def files(src: str, tgt: str) -> tuple[Path, Path] | None:
    """The index and data files of the FreeDict dictionary from `src` to `tgt` (two-letter codes), if installed."""
    a, b = _alpha3(src), _alpha3(tgt)
    if not a or not b:
        return None
    folder = dictd_dir()
    index, data = folder / f"freedict-{a}-{b}.index", folder / f"freedict-{a}-{b}.dict.dz"
    return (index, data) if index.is_file() and data.is_file() else None


def entries(index: Path, data: Path) -> Iterator[tuple[str, list[str]]]:
    """(headword, translations) for every entry of a dictd dictionary."""
    text = gzip.decompress(data.read_bytes())
    for line in index.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database") or not parts[0]:
            continue
        try:
            start, size = _number(parts[1]), _number(parts[2])
        except KeyError:  # not base 64: not an entry
            continue
        body = text[start : start + size].decode("utf-8", "replace").split("\n")
        head = body[0].split(" /")[0].split(" <")[0].strip()
        yield head, list(_translations(body[1:]))


def _translations(lines: list[str]) -> Iterator[str]:
    """The translations of an entry's senses: the first line of each sense (numbered or not)."""
    expect = True
    for line in lines:
        sense = _SENSE.match(line)
        if sense:
            line, expect = line[sense.end() :], True
        if expect and line.strip():
            line = re.sub(r"\s+\d+\.\s*$", "", line)  # a stray "2." that the conversion ran on
            yield from (t.strip() for t in line.split(",") if t.strip())
            expect = False


@cache
def stopwords(lang: str) -> frozenset[str]:
    """A language's function words, lower case (the `stop-words` package's lists)."""
    from stop_words import LANGUAGE_MAPPING, get_stop_words

    if lang not in LANGUAGE_MAPPING:
        return frozenset()
    return frozenset(w.lower() for w in get_stop_words(lang))


def is_content(word: str, lang: str) -> bool:
    """Whether a word can carry evidence of translation: three letters or more, not a function word."""
    return len(word) >= 3 and word.lower() not in stopwords(lang)


@cache
def _lemmatiser() -> simplemma.Lemmatizer:
    # simplemma's word lists alone: its default strategies (affixes, hyphens) cost ten times more a word
    return simplemma.Lemmatizer(lemmatization_strategy=DictionaryLookupStrategy())


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """A word's lemma as simplemma's word list for `lang` gives it (the word itself if none), lower case."""
    return _lemmatiser().lemmatize(word, lang=lang).lower() if lang in LEMMATISED else word


@lru_cache(maxsize=200_000)
def word_stem(word: str, lang: str) -> str:
    """A word's key in `lang`: the Snowball stem of its lemma, case and diacritics folded after."""
    return fold_word(snowball(lang).stemWord(lemma(word.lower(), lang)))


def has_pair(src: str, tgt: str) -> bool:
    """Whether a dictionary for this pair (either direction) is installed and both languages can be stemmed."""
    return src in SNOWBALL and tgt in SNOWBALL and bool(files(src, tgt) or files(tgt, src))


PARSER_VERSION = 2  # raise when `_parse` changes what it keeps, so cached pickles are rebuilt


@cache
def lexicon(src: str, tgt: str) -> dict[str, frozenset[str]]:
    """Words of `src` in their dictionary form, lower case -> the stems of their translations in `tgt`
    (an inflected word is looked up by its lemma, `translations`)."""
    forward, backward = files(src, tgt), files(tgt, src)
    found = [f for f in (forward, backward) if f]
    sources = [str(path) for pair in found for path in pair]
    try:
        return cached_parse(f"freedict-{src}-{tgt}", sources, PARSER_VERSION, lambda: _parse(src, tgt, forward, backward))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as err:  # a damaged file must not stop an ingest
        names = " and ".join(index.name.removesuffix(".index") for index, _data in found)
        warnings.warn(f"FreeDict dictionary {names} in {dictd_dir()} unreadable ({err}): "
                      f"{src}-{tgt} is aligned by cognates alone", RuntimeWarning, stacklevel=2)
        return {}


Files = tuple[Path, Path] | None  # a dictionary's index and data, if installed


def _parse(src: str, tgt: str, forward: Files, backward: Files) -> dict[str, frozenset[str]]:
    """The lexicon from the dictionary src-tgt and the one tgt-src turned round (either may be None)."""
    out: dict[str, set[str]] = {}

    def add(word: str, stems: set[str]) -> None:
        if stems and _WORD.fullmatch(word):  # one word: the aligner looks words up one by one
            out.setdefault(word.lower(), set()).update(stems)

    if forward:
        for head, translations in entries(*forward):
            add(head, {word_stem(w, tgt) for t in translations for w in _content_words(t, tgt)})
    if backward:  # turned round: a one-word headword is the translation of each of its translations
        for head, translations in entries(*backward):
            words = _content_words(head, tgt)
            if len(words) == 1:
                stem = {word_stem(words[0], tgt)}
                for t in translations:
                    add(t, stem)
    return {w: frozenset(s) for w, s in out.items()}


def translations(word: str, src: str, tgt: str) -> frozenset[str]:
    """The stems of a `src` word's translations in `tgt`: the word looked up as written, else as its lemma."""
    table = lexicon(src, tgt)
    lower = word.lower()
    found = table.get(lower)
    if found is None:
        found = table.get(lemma(lower, src))
    return found or frozenset()


def _content_words(phrase: str, lang: str) -> list[str]:
    """The words of a translation that carry its meaning (`is_content`), what is in brackets aside
    (usage labels, grammar, pronunciation: `[transp.]`, `{conj}`, `<n>`, `/ˈɛtt/`)."""
    phrase = _MARKUP.sub(" ", phrase)
    return [w for w in _WORD.findall(phrase) if is_content(w, lang)]
