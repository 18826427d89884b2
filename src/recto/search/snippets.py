"""Snippets: the passage of a hit where the query matched, with the matched words marked.

The best passage is looked for in the original and in the translation
separately, so a Chinese query shows Chinese text and an English query the
English. Highlights are character ranges into the snippet text; the HTML
and terminal layers mark them up (and escape everything else).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from recto.record import Record
from recto.search.analysis import is_gram, iter_tokens, query_patterns, runs
from recto.search.query import And, Or, Term
from recto.text.fold import fold_cjk, fold_word
from recto.text.langid import script_of

WINDOW = 240  # characters of context in a snippet
LEAD = 70  # characters shown before the first match
CANDIDATES_ANALYSED = 3  # paragraphs analysed a side before giving up


@dataclass(frozen=True)
class Snippet:
    field: str  # title | summary | original | translation | transcript
    language: str | None
    text: str
    highlights: tuple[tuple[int, int], ...]

    def to_json(self) -> dict:
        return {"field": self.field, "language": self.language, "text": self.text, "highlights": [list(h) for h in self.highlights]}


@dataclass(frozen=True)
class MatchTerms:
    """The analysed terms a query looks for, exact and as prefixes, and the cheap
    substrings (`needles`, in text folded by `fold`) that any of them leaves."""

    exact: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    needles: tuple[str, ...] = ()
    fold: Callable[[str], str] = str
    gram_starts: frozenset[str] = frozenset()  # the first characters of the CJK and Hangul terms

    def matches(self, term: str) -> bool:
        return term in self.exact or term.startswith(self.prefixes)

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes)


def match_terms(node, languages: list[str]) -> MatchTerms:
    """Every term of the query's positive parts (what is negated is not highlighted)."""
    exact: set[str] = set()
    prefixes: set[str] = set()

    def visit(n) -> None:
        if isinstance(n, Term):
            for pattern in query_patterns(n.text, languages):
                *body, last = pattern.terms
                exact.update(body)
                (prefixes if pattern.prefix_last else exact).add(last)
        elif isinstance(n, (And, Or)):
            for child in n.nodes:
                visit(child)
        # Not: skipped

    if node is not None:
        visit(node)
    needles = _needles(exact | prefixes)
    # A gram can only match a term that starts as it does, so only such grams are built.
    gram_starts = frozenset(t[0] for t in exact | prefixes if is_gram(t))
    return MatchTerms(frozenset(exact), tuple(sorted(prefixes)), needles, _folding(needles), gram_starts)


def _needles(terms: set[str]) -> tuple[str, ...]:
    """Cheap substrings to skip paragraphs that cannot match before analysing them.

    A stem is a prefix of the folded word; a CJK bigram's first character must occur.
    """
    needles = set()
    for term in terms:
        needles.add(term[:1] if not term.isascii() and len(term) <= 2 else term[: max(3, len(term) - 2)])
    return tuple(sorted(needles))


def _folding(needles: tuple[str, ...]) -> Callable[[str], str]:
    """How text is folded for the needles to be looked for in it: as the analysis folds the
    needles' scripts, and no more (OpenCC and Unicode normalisation are the costly part)."""
    scripts = {script_of(ch) for needle in needles for ch in needle}
    cjk = bool(scripts & {"Han", "Kana"})
    words = bool(scripts - {"Han", "Kana", "Hangul"})
    if cjk and words:
        return lambda text: fold_word(fold_cjk(text))
    if cjk:
        return fold_cjk
    return fold_word if words else str


def snippets_for(record: Record, terms: MatchTerms, limit: int = 2) -> list[Snippet]:
    """Up to `limit` snippets: the best passage of the original side and of the translation side."""
    if not terms:
        return []
    found: list[Snippet] = []
    sides = [
        ("original", [t for t in record.texts if t.role in ("original", "transcript")]),
        ("translation", [t for t in record.texts if t.role == "translation"]),
    ]
    for side, texts in sides:
        # Rank paragraphs by a cheap count of the needles, then analyse only
        # the most promising (analysis is the costly part of a snippet).
        candidates = []
        for text in texts:
            for paragraph in text.paragraphs:
                folded = terms.fold(paragraph)
                weight = sum(folded.count(needle) for needle in terms.needles)
                if weight:
                    candidates.append((-weight, len(candidates), paragraph, text))
        for _weight, _order, paragraph, text in sorted(candidates)[:CANDIDATES_ANALYSED]:
            snippet = _snippet(paragraph, text.language, side if text.role != "transcript" else "transcript", terms)
            if snippet:
                found.append(snippet)
                break
    if not found:
        for name, value, language in (("title", record.title, "en"), ("summary", record.summary, "en")):
            if value:
                snippet = _snippet(value, language, name, terms)
                if snippet:
                    found.append(snippet)
                    break
    return found[:limit]


def _snippet(paragraph: str, language: str | None, field_name: str, terms: MatchTerms) -> Snippet | None:
    hits: list[tuple[int, int]] = []
    for offset, run in runs(paragraph):
        if hits and offset >= hits[0][0] + WINDOW:
            break  # past what the snippet can show: the rest of a long paragraph need not be read
        if is_gram(run):
            if not terms.gram_starts:
                continue  # the query has no CJK or Hangul term
            # else the grams are picked by their first character, which is the needles' test
        elif not any(needle in terms.fold(run) for needle in terms.needles):
            continue  # no term of the query can come from this word: not worth analysing
        for token in iter_tokens(run, language, terms.gram_starts):
            if hits and offset + token.start >= hits[0][0] + WINDOW:
                break
            if terms.matches(token.term):
                hits.append((offset + token.start, offset + token.end))
    if not hits:
        return None
    ranges = _merge(hits)
    start = 0
    if len(paragraph) > WINDOW:
        start = max(0, ranges[0][0] - LEAD)
        # Start at the word boundary nearest before (else after) that point, keeping the lead.
        space = paragraph.rfind(" ", max(0, start - 15), start + 1)
        if space < 0:
            space = paragraph.find(" ", start, ranges[0][0])
        if space >= 0:
            start = space + 1
    end = min(len(paragraph), start + WINDOW)
    end = max([end] + [e for s, e in ranges if s < end < e])  # a match the window would cut is shown whole
    text = paragraph[start:end]
    shift = 0
    if start > 0:
        text, shift = "…" + text, 1
    if end < len(paragraph):
        text += "…"
    inside = tuple((s - start + shift, e - start + shift) for s, e in ranges if s < end)
    return Snippet(field_name, language, text, inside)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
