"""Text analysis: the index terms of a text, the same at index and at query time.

- Chinese and Japanese: runs of Han and kana characters, joined across
  stray spaces and line breaks (OCR splits `进入` into `进 入`), folded to
  simplified characters, and cut into overlapping bigrams; the run's last
  character is also a term, so every character starts some term and a
  one-character query is a prefix query. A longer query is the phrase of its
  bigrams, which matches only where the characters stand together.
- Korean: the same bigrams within each Hangul word (Korean separates words
  with spaces, so spaces are kept).
- Chinese words: every Han run (of a text not in Japanese) is also cut into
  whole words by jieba's dictionary and model (rjieba, its Rust port), into
  a column of its own. Matching stays with the bigrams, which find every
  occurrence; the words only rank: `中国` scores higher where it is the word
  中国 than inside 发展中国家 ("developing countries").
- Everything else: words of letters and digits, stemmed with the Snowball
  stemmer of the text's language when the word is in that language's script,
  then lower-cased and stripped of diacritics. Stemmers come from plugins
  (`recto_stemmers` in hookspecs.py); Recto's own are in `stemmers.py`.
- Word pairs: every two neighbouring words of a field are also one term
  (`pair_terms`), in columns of their own. A phrase of words is matched as
  the phrase of its pairs: the same places, but a pair like `of·foreign` is
  rare where `of` is in every record, so FTS5 reads far shorter position
  lists (the Lucene "shingles" and HathiTrust "common grams" idea).

Each term keeps its character offsets in the original text, for highlighting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from recto.text.fold import fold_cjk, fold_word
from recto.text.langid import base, script_for_language, script_of

ANALYSER_VERSION = "3"  # bump when terms change: stored indexes must then be rebuilt

_HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_TOKENS = re.compile(
    rf"(?P<han>[{_HAN_KANA}]+(?:[ \t\n\r\u3000]+[{_HAN_KANA}]+)*)"
    rf"|(?P<hangul>[{_HANGUL}]+)"
    rf"|(?P<word>[^\W_{_HAN_KANA}{_HANGUL}]+)"
)
_SPACE = re.compile(r"[ \t\n\r\u3000]+")
_HAN_RUN = re.compile(rf"[{_HAN_KANA}]+(?:[ \t\n\r\u3000]+[{_HAN_KANA}]+)*")
_KANA = re.compile("[\u3040-\u30ff]")
# Whole words carry a private-use mark, which no query text can produce, so a
# bigram never matches a word; the bare mark stands between the words of two
# runs, so that a phrase of words never spans punctuation either. Together
# these keep the words from ever matching where the bigrams would not.
WORD_MARK = "\ue000"
RUN_BREAK = WORD_MARK
PAIR_MARK = "\ue001"  # joins the two words of a pair term; also private-use, so never typed
_GRAM = re.compile(f"[{_HAN_KANA}{_HANGUL}]")  # a term made of these is a CJK or Hangul gram

@dataclass(frozen=True)
class Token:
    term: str
    start: int  # offsets into the analysed text
    end: int
    prefix: bool = False  # query side only: match any term starting with `term`


@cache
def stemmers() -> dict[str, Callable[[str], str]]:
    """Every stemmer the installed plugins offer, by language subtag (see hookspecs)."""
    from recto.plugins import pm

    found: dict[str, Callable[[str], str]] = {}
    for offered in pm.hook.recto_stemmers():
        for language, function in offered.items():
            found.setdefault(language, function)
    return found


@cache
def stem(word: str, language: str) -> str:
    """`word` (lower-cased) stemmed for `language`, or unchanged when there is no stemmer."""
    stemmer = stemmers().get(base(language))
    return stemmer(word) if stemmer else word


@lru_cache(maxsize=200_000)  # vocabularies are Zipfian: most words repeat
def _word_term(word: str, language: str | None) -> str:
    lowered = word.casefold()
    if language and not lowered.isdigit() and script_of(word[0]) == script_for_language(language):
        lowered = stem(lowered, language)
    return fold_word(lowered)


def analyse(text: str, language: str | None = None) -> list[Token]:
    """The index terms of `text`, in order, with offsets into `text`."""
    return list(iter_tokens(text, language))


def runs(text: str) -> Iterator[tuple[int, str]]:
    """The pieces of `text` analysis reads one by one (a word, a run of CJK or of Hangul), with
    their offsets. A run's terms do not depend on what stands around it, so a reader may analyse
    only the runs it wants (`iter_tokens(run)`, offsets then from the run's start)."""
    return ((match.start(), match.group()) for match in _TOKENS.finditer(text))


def iter_tokens(text: str, language: str | None = None, gram_starts: frozenset[str] | None = None) -> Iterator[Token]:
    """`analyse`, one term at a time, for readers that may stop early.

    With `gram_starts`, only the CJK and Hangul grams that begin with one of
    these (folded) characters: a reader looking for given terms need not
    build the others, which are most of a Chinese text's terms.
    """
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            yield Token(_word_term(match.group(), language), match.start(), match.end())
        else:
            yield from _bigrams(match.group(), match.start(), kind == "han", gram_starts)


def _bigrams(run: str, offset: int, join_spaces: bool, gram_starts: frozenset[str] | None = None) -> Iterator[Token]:
    chars: list[str] = []
    starts: list[int] = []
    for i, ch in enumerate(run):
        if not ch.isspace():
            chars.append(ch)
            starts.append(offset + i)
    folded = fold_cjk("".join(chars)) if join_spaces else "".join(chars)
    last = len(folded) - 1
    if gram_starts is None:
        positions: Iterable[int] = range(len(folded))
    else:
        positions = sorted(i for ch in gram_starts for i in _occurrences(folded, ch))
    for i in positions:
        if i < last:
            yield Token(folded[i : i + 2], starts[i], starts[i + 1] + 1)
        else:  # the run's last character is a term of its own
            yield Token(folded[i], starts[i], starts[i] + 1)


def is_gram(term: str) -> bool:
    """Whether a term is a CJK or Hangul gram (rather than a word)."""
    return bool(_GRAM.match(term))


def _occurrences(text: str, char: str) -> Iterator[int]:
    i = text.find(char)
    while i >= 0:
        yield i
        i = text.find(char, i + 1)


def index_text(text: str, language: str | None = None) -> str:
    """The terms of `text` as one space-separated string, as the full-text index stores them.

    The same terms as `analyse`, without offsets: this is the ingest hot path.
    """
    terms: list[str] = []
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            terms.append(_word_term(match.group(), language))
        else:
            terms.extend(_gram_terms(match.group(), han=kind == "han"))
    return " ".join(terms)


def _gram_terms(run: str, han: bool) -> list[str]:
    chars = fold_cjk(_SPACE.sub("", run)) if han else run
    grams = [chars[i : i + 2] for i in range(len(chars) - 1)]
    grams.append(chars[-1])
    return grams


def pair_terms(terms: str) -> str:
    """The pair term of every two neighbouring word terms in an `index_text` string.

    CJK and Hangul grams make no pairs (a CJK phrase is already a phrase of
    bigrams); RUN_BREAK stands where they were, so the pairs on either side
    are not neighbours and no phrase of pairs can match across them.
    """
    if not terms:
        return ""
    words = terms.split(" ")
    if not _GRAM.search(terms):
        return " ".join(map(PAIR_MARK.join, zip(words, words[1:])))
    pairs: list[str] = []
    for first, second in zip(words, words[1:]):
        if _GRAM.match(first) or _GRAM.match(second):
            if pairs and pairs[-1] != RUN_BREAK:
                pairs.append(RUN_BREAK)
        else:
            pairs.append(first + PAIR_MARK + second)
    return " ".join(pairs)


def query_pairs(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The pair terms that match where a phrase of word terms does; () when `terms` are not such a phrase."""
    if len(terms) < 2 or any(_GRAM.match(t) for t in terms):
        return ()
    return tuple(map(PAIR_MARK.join, zip(terms, terms[1:])))


def index_words(text: str, language: str | None = None) -> str:
    """The whole Chinese words of `text`'s Han runs, space-separated, RUN_BREAK between runs."""
    if language and base(language) == "ja":
        return ""
    runs = [_words(run) for run in _HAN_RUN.findall(text)]
    return f" {RUN_BREAK} ".join(" ".join(words) for words in runs if words)


def _words(run: str) -> list[str]:
    if _KANA.search(run):
        return []  # Japanese: jieba's Chinese dictionary would cut it wrongly
    return _cut(fold_cjk(_SPACE.sub("", run)))


@cache
def _jieba():
    import rjieba  # its dictionary is compiled in: nothing is fetched or built at first use

    return rjieba


def _cut(chars: str) -> list[str]:
    return [WORD_MARK + w for w in _jieba().cut(chars, True) if not w.isspace()]


# -- query side -------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """One way a query word or phrase can match: terms that must stand in sequence."""

    terms: tuple[str, ...]
    prefix_last: bool = False  # the last term is a prefix (a lone CJK character)


def query_patterns(text: str, languages: Iterable[str]) -> list[Pattern]:
    """The patterns a query word or phrase matches, given the languages the archive holds.

    The searcher does not say which language they type in, so the query is
    analysed once for each language the archive holds (and once unstemmed),
    and each analysis is one alternative. A phrase stays in one language:
    its words are all stemmed alike, as they were in the text that holds it.
    CJK runs become their bigrams, the same in every alternative.
    """
    patterns: dict[tuple[str, ...], bool] = {}
    for language in [None, *languages]:
        terms, prefix_last = _query_terms(text, language)
        if terms:
            patterns.setdefault(terms, prefix_last)
    return [Pattern(terms, prefix_last) for terms, prefix_last in patterns.items()]


def query_words(text: str) -> tuple[str, ...]:
    """The marked whole words of a query that is one Chinese run (no kana), for ranking; else ()."""
    runs = _HAN_RUN.findall(text)
    if len(runs) != 1 or runs[0] != text.strip():
        return ()
    return tuple(_words(runs[0]))


def _query_terms(text: str, language: str | None) -> tuple[tuple[str, ...], bool]:
    terms: list[str] = []
    prefix_last = False
    tokens = list(_TOKENS.finditer(text))
    for n, match in enumerate(tokens):
        kind = match.lastgroup
        if kind == "word":
            terms.append(_word_term(match.group(), language))
            continue
        grams = _gram_terms(match.group(), han=kind == "han")
        last = n == len(tokens) - 1
        if len(grams) == 1:
            # A lone character: a prefix of the bigram it starts (or the run's end).
            terms.extend(grams)
            prefix_last = last
        else:
            # The run's closing unigram matters only when more terms follow it.
            terms.extend(grams[:-1] if last else grams)
    return tuple(terms), prefix_last
