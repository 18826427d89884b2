"""The search language researchers type, parsed into a small AST.

    border -title:"Soviet statement" (领土 OR «граница закрыта») lang:zh date:1962-04..1962-08

Words are ANDed; `AND`, `OR`, `NOT` (upper-case only), `-x` and parentheses work
as usual, with NOT > AND > OR. Quotes ("", “”, „“, «», 「」, 『』) make phrases.
`title:x` restricts a word, phrase or `(group)` to a text field; `lang:zh`,
`-lang:ru`, `year:1962`... become metadata filters; `date:` a day range;
`sort:` the order. Word analysis (stemming, CJK segmentation) and SQL happen
elsewhere: this module only decides structure, and never raises on query text.
Whatever it fixes up or ignores is said in `Query.warnings`.

`describe` prints the canonical form of a parsed query in this same language
(`describe(parse_query(describe(q)))` is stable), e.g.
`border -title:"Soviet statement" lang:zh date:1962-04-01..1962-08-31 sort:-date`.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from recto.errors import RectoError

TEXT_FIELDS = ("title", "summary", "text", "original", "translation", "citation")
FILTER_FIELDS = (
    "lang", "repository", "translator", "type", "donor", "archive", "year", "decade", "id",
    "person", "place", "organization", "entity", "cites",
)  # fmt: skip
SORTS = ("relevance", "date", "-date")
MAX_QUERY_CHARS = 1000
MAX_DEPTH = 20  # parenthesis levels; deeper ones are flattened into their parent


class QueryError(RectoError, ValueError):
    """A caller error (query not a string, unknown `sort` argument); query text never raises."""


@dataclass(frozen=True)
class Term:
    """A word or a "quoted phrase", possibly restricted to one of TEXT_FIELDS."""

    text: str
    phrase: bool = False
    field: str | None = None


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Not | And | Or


@dataclass(frozen=True)
class Filter:
    """Metadata filter: values of one field are ORed, different fields ANDed."""

    field: str
    value: str
    negated: bool = False


@dataclass(frozen=True)
class DateRange:
    """Inclusive ISO day bounds; start > end means nothing can match."""

    start: str | None
    end: str | None


@dataclass(frozen=True)
class Query:
    node: Node | None
    filters: tuple[Filter, ...]
    dates: DateRange | None
    sort: str
    warnings: tuple[str, ...]


# Opening quote -> the characters that may close it (typists mix styles).
_QUOTES = {'"': '"', "“": '”"', "„": '“”"', "«": "»", "「": "」", "『": "』"}
_LPAREN, _RPAREN = "(（", ")）"  # full-width ones come from CJK input methods
_BREAK = frozenset(_LPAREN + _RPAREN + "".join(_QUOTES))
_OPERATORS = ("AND", "OR", "NOT")
_FIELD = re.compile(r"([A-Za-z][A-Za-z_]*):(.*)", re.DOTALL)
_KNOWN = frozenset(TEXT_FIELDS + FILTER_FIELDS + ("date", "sort"))
# Invisible characters that only ever get into a query by accident or malice.
_STRIP = frozenset("\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def parse_query(text: str, sort: str | None = None) -> Query:
    """Parse `text`; an explicit `sort` argument wins over `sort:` in the text."""
    if not isinstance(text, str):
        raise QueryError(f"a query is a string, not {type(text).__name__}")
    if sort is not None and sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    warnings: list[str] = []
    tokens = _tokenize(_clean(text, warnings), warnings)
    p = _Parser(tokens, warnings)
    node = p.parse()
    if p.dropped:
        warnings.append("ignored punctuation-only terms: " + " ".join(dict.fromkeys(p.dropped)))
    return Query(
        node=node,
        filters=tuple(dict.fromkeys(p.filters)),
        dates=p.dates,
        sort=sort or p.sort or "relevance",
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _clean(text: str, warnings: list[str]) -> str:
    out, removed = [], 0
    for ch in text:
        if ch.isspace():
            out.append(" ")
        elif ch in _STRIP or unicodedata.category(ch) in ("Cc", "Cs"):
            removed += 1
        else:
            out.append(ch)
    if removed:
        warnings.append(f"removed {removed} control character(s)")
    s = "".join(out)
    if len(s) > MAX_QUERY_CHARS:
        cut = s[:MAX_QUERY_CHARS]
        space = cut.rfind(" ")
        if not s[MAX_QUERY_CHARS].isspace() and space > 0:
            cut = cut[:space]  # never leave half a word at the end
        warnings.append(f"query longer than {MAX_QUERY_CHARS} characters; truncated to {len(cut)}")
        s = cut
    return s


def _wordy(s: str) -> bool:
    return any(unicodedata.category(c)[0] in "LN" for c in s)


@dataclass(frozen=True)
class _Tok:
    kind: str  # ( ) AND OR NOT NEG WORD PHRASE FIELD
    text: str = ""
    value: str = ""  # FIELD only: what followed the colon ("" = takes the next token)


def _tokenize(s: str, warnings: list[str]) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == " ":
            i += 1
        elif ch in _LPAREN or ch in _RPAREN:
            toks.append(_Tok("(" if ch in _LPAREN else ")"))
            i += 1
        elif ch in _QUOTES:
            closers, j = _QUOTES[ch], i + 1
            while j < n and s[j] not in closers:
                j += 1
            if j >= n:
                warnings.append(f"unclosed {ch}: the phrase runs to the end of the query")
            toks.append(_Tok("PHRASE", s[i + 1 : j]))
            i = j + 1
        elif ch == "-" and i + 1 < n and (s[i + 1] in _BREAK and s[i + 1] not in _RPAREN or _wordy(s[i + 1])):
            # Only a dash glued to something negates, so "--" and "1962 - 1963" stay text.
            toks.append(_Tok("NEG"))
            i += 1
        else:
            j = i
            while j < n and s[j] != " " and s[j] not in _BREAK:
                j += 1
            toks.append(_word(s[i:j], warnings))
            i = j
    return toks


def _word(word: str, warnings: list[str]) -> _Tok:
    if word in _OPERATORS:
        return _Tok(word)
    m = _FIELD.fullmatch(word)
    if not m:
        return _Tok("WORD", word)
    name, value = m[1].lower(), m[2]
    if name in _KNOWN:
        return _Tok("FIELD", name, value)
    if value.startswith("//"):
        return _Tok("WORD", word)  # a URL, not a field
    warnings.append(f"unknown field '{m[1]}'; searched as text")
    return _Tok("WORD", word)


class _Parser:
    """Recursive descent over the tokens; every method consumes or stops, so it always ends."""

    def __init__(self, toks: list[_Tok], warnings: list[str]):
        self.toks, self.i, self.warn = toks, 0, warnings.append
        self.filters: list[Filter] = []
        self.dates: DateRange | None = None
        self.sort: str | None = None
        self.dropped: list[str] = []
        self.flattened = 0  # ")" still owed by groups opened beyond MAX_DEPTH

    def peek(self) -> str | None:
        return self.toks[self.i].kind if self.i < len(self.toks) else None

    def parse(self) -> Node | None:
        nodes = []
        while self.i < len(self.toks):  # one pass suffices; the loop is a safety net
            nodes.append(self.or_expr(0, None))
        return _join(And, nodes)

    def or_expr(self, depth: int, field: str | None) -> Node | None:
        alts, before, after_or = [], len(self.filters), False
        while True:
            start = self.i
            alts.append(self.and_expr(depth, field))
            empty = self.i == start
            if self.peek() != "OR":
                if empty and after_or:
                    self.warn("dropped an OR with nothing after it")
                break
            if empty:
                self.warn("dropped an OR with nothing before it")
            self.i += 1
            after_or = True
        if len(alts) > 1 and len(self.filters) > before and any(alts):
            self.warn("filters cannot be ORed with words; they apply to the whole query")
        return _join(Or, alts)

    def and_expr(self, depth: int, field: str | None) -> Node | None:
        nodes: list[Node | None] = []
        pending = seen = False
        while (kind := self.peek()) is not None and kind != "OR":
            if kind == ")":
                if not self.flattened and depth:
                    break
                if self.flattened:
                    self.flattened -= 1
                else:
                    self.warn("ignored an unmatched ')'")
                self.i += 1
                continue
            if kind == "AND":
                if pending or not seen:
                    self.warn("dropped an AND with nothing before it")
                pending = True
                self.i += 1
                continue
            nodes.append(self.unary(depth, field))
            pending, seen = False, True
        if pending:
            self.warn("dropped an AND with nothing after it")
        return _join(And, nodes)

    def unary(self, depth: int, field: str | None) -> Node | None:
        negations = 0
        while self.peek() in ("NOT", "NEG"):  # a loop, not recursion: NOT NOT NOT... is cheap
            negations += 1
            self.i += 1
        if self.peek() in (None, "AND", "OR", ")"):
            if negations:
                self.warn("dropped a NOT or '-' with nothing to negate")
            return None
        negated = negations % 2 == 1
        before = len(self.filters)
        node = self.primary(depth, field, negated)
        if negated and self.toks[self.i - 1].kind == ")" and len(self.filters) > before:
            self.warn("filters inside a negated group are not negated")
        return _negate(node) if negated and node is not None else node

    def primary(self, depth: int, field: str | None, negated: bool) -> Node | None:
        tok = self.toks[self.i]
        self.i += 1
        if tok.kind == "(":
            if depth >= MAX_DEPTH:
                self.warn(f"parentheses nested deeper than {MAX_DEPTH} levels were flattened")
                self.flattened += 1
                return None
            if self.peek() == ")":
                self.i += 1
                self.warn("ignored empty parentheses")
                return None
            node = self.or_expr(depth + 1, field)
            if self.peek() == ")":
                self.i += 1
            else:
                self.warn("closed an unmatched '('")
            return node
        if tok.kind in ("WORD", "PHRASE"):
            return self.term(tok.text, tok.kind == "PHRASE", field)
        return self.field(tok, depth, negated)

    def term(self, text: str, phrase: bool, field: str | None) -> Term | None:
        if phrase:
            text = " ".join(text.split())
        if not _wordy(text):
            self.dropped.append(f'"{text}"' if phrase else text)
            return None
        return Term(text, phrase, field)

    def field(self, tok: _Tok, depth: int, negated: bool) -> Node | None:
        name, values, phrase = tok.text, [tok.value], False
        if not tok.value:
            nxt = self.peek()
            if nxt in ("WORD", "PHRASE"):
                values, phrase = [self.toks[self.i].text], nxt == "PHRASE"
                self.i += 1
            elif nxt == "(" and name in TEXT_FIELDS:
                return self.primary(depth, name, negated)  # the field applies to each term inside
            elif nxt == "(":
                values, phrase = self.group_values(name), True
            else:
                self.warn(f"'{name}:' has no value; ignored")
                return None
        if not values:
            self.warn(f"'{name}:' has no value; ignored")
            return None
        if name in TEXT_FIELDS:
            return self.term(values[0], phrase, name)
        if name in FILTER_FIELDS:
            for value in values:
                # Unquoted lang:zh,ru means either; a quoted value may hold commas.
                for v in [value] if phrase else value.split(","):
                    self.add_filter(name, " ".join(v.split()), negated)
            return None
        if negated:
            self.warn(f"'{name}:' cannot be negated; ignored")
        elif len(values) != 1:
            self.warn(f"'{name}:' takes one value; ignored")
        elif name == "sort":
            values[0] = values[0].lower()
            if values[0] not in SORTS:
                self.warn(f"unknown sort '{values[0]}'; use one of {', '.join(SORTS)}")
            else:
                if self.sort is not None and self.sort != values[0]:
                    self.warn(f"several sorts given; sort:{values[0]} wins")
                self.sort = values[0]
        else:
            self.add_dates(values[0])
        return None

    def group_values(self, name: str) -> list[str]:
        """`lang:(zh OR ru)`: the words and phrases up to the matching ')'."""
        self.i += 1
        values, depth = [], 1
        while (kind := self.peek()) is not None:
            tok = self.toks[self.i]
            self.i += 1
            if kind == ")":
                depth -= 1
                if not depth:
                    return values
            elif kind in ("WORD", "PHRASE"):
                values.append(tok.text)
            elif kind == "(":
                depth += 1
            elif kind != "OR":
                self.warn(f"only words joined by OR are understood inside '{name}:(...)'")
        self.warn("closed an unmatched '('")
        return values

    def add_filter(self, name: str, value: str, negated: bool) -> None:
        if not _wordy(value):
            self.warn(f"'{name}:' has no usable value; ignored")
            return
        if name == "year" and not re.fullmatch(r"[0-9]{4}", value):
            self.warn(f"year:{value} is not a year like 1962; ignored")
            return
        if name == "decade":
            m = re.fullmatch(r"([0-9]{4})s?", value)
            if not m:
                self.warn(f"decade:{value} is not a decade like 1960s; ignored")
                return
            if m[1][3] != "0":
                self.warn(f"decade:{value} read as the {m[1][:3]}0s")
            value = m[1][:3] + "0s"  # canonical, as the decade facet spells it
        self.filters.append(Filter(name, value, negated))

    def add_dates(self, value: str) -> None:
        rng = _date_range("".join(value.split()))
        if rng is None:
            self.warn(f"date:{value} is not a date or range like 1962-04..1962-08; ignored")
            return
        if self.dates is not None:  # two date: filters -> both must hold
            starts = [d for d in (self.dates.start, rng.start) if d]
            ends = [d for d in (self.dates.end, rng.end) if d]
            rng = DateRange(max(starts, default=None), min(ends, default=None))
        if rng.start and rng.end and rng.start > rng.end:
            self.warn("the date range is empty; nothing can match")
        self.dates = rng


def _join(kind: type[And] | type[Or], nodes: list[Node | None]) -> Node | None:
    """Build And/Or without empty parts, nested same-kind nodes or duplicates."""
    flat: dict[Node, None] = {}
    for node in nodes:
        for child in node.nodes if isinstance(node, kind) else (node,):
            if child is not None:
                flat[child] = None
    if len(flat) <= 1:
        return next(iter(flat), None)
    return kind(tuple(flat))


def _negate(node: Node) -> Node:
    return node.node if isinstance(node, Not) else Not(node)


_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?|([0-9]{3})0s")


def _bounds(s: str) -> tuple[date, date] | None:
    """First and last day a partial ISO date (or a decade, 1960s) covers."""
    m = _DATE.fullmatch(s)
    if not m:
        return None
    try:
        if m[4]:
            return date(int(m[4]) * 10, 1, 1), date(int(m[4]) * 10 + 9, 12, 31)
        y = int(m[1])
        if m[3]:
            day = date(y, int(m[2]), int(m[3]))
            return day, day
        if m[2]:
            last = calendar.monthrange(y, int(m[2]))[1]
            return date(y, int(m[2]), 1), date(y, int(m[2]), last)
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:  # year 0, month 13, February 30 ...
        return None


def _date_range(s: str) -> DateRange | None:
    try:
        for op in (">=", "<=", ">", "<"):
            if s.startswith(op):
                b = _bounds(s[len(op) :])
                if b is None:
                    return None
                if op[0] == ">":
                    first = b[0] if op == ">=" else b[1] + timedelta(days=1)
                    return DateRange(first.isoformat(), None)
                last = b[1] if op == "<=" else b[0] - timedelta(days=1)
                return DateRange(None, last.isoformat())
    except OverflowError:  # >9999, <0001-01-01
        return None
    sep = ".." if ".." in s else "/" if "/" in s else None
    if sep is None:
        b = _bounds(s)
        return None if b is None else DateRange(b[0].isoformat(), b[1].isoformat())
    left, right = s.split(sep, 1)
    lo = _bounds(left) if left else None
    hi = _bounds(right) if right else None
    if (left and lo is None) or (right and hi is None) or not (lo or hi):
        return None
    return DateRange(lo[0].isoformat() if lo else None, hi[1].isoformat() if hi else None)


def describe(query: Query) -> str:
    """The canonical text of a parsed query, in the query language itself.

    Terms as `word`, `"phrase"`, `title:word`; `-x` for Not, juxtaposition for
    And, `OR` for Or, parentheses only where precedence needs them; then the
    filters (`lang:zh`, `-lang:ru`), `date:START..END` and `sort:` unless it is
    relevance. Warnings are not part of it. An empty query describes as "".
    """
    parts = []
    if query.node is not None:
        shown = _show(query.node)
        # A top-level OR must not swallow the filters that follow it.
        has_more = query.filters or query.dates or query.sort != "relevance"
        parts.append(f"({shown})" if isinstance(query.node, Or) and has_more else shown)
    for f in query.filters:
        parts.append(("-" if f.negated else "") + f"{f.field}:" + _quote_if_needed(f.value))
    if query.dates is not None:
        parts.append(f"date:{query.dates.start or ''}..{query.dates.end or ''}")
    if query.sort != "relevance":
        parts.append(f"sort:{query.sort}")
    return " ".join(parts)


def _show(node: Node) -> str:
    if isinstance(node, Term):
        text = _quote(node.text) if node.phrase else node.text
        return f"{node.field}:{text}" if node.field else text
    if isinstance(node, Not):
        inner = _show(node.node)
        return "-" + (f"({inner})" if isinstance(node.node, (And, Or)) else inner)
    if isinstance(node, And):
        return " ".join(f"({_show(n)})" if isinstance(n, Or) else _show(n) for n in node.nodes)
    return " OR ".join(_show(n) for n in node.nodes)  # And binds tighter: no parentheses


def _quote(text: str) -> str:
    for opening, closing in (('"', '"'), ("「", "」"), ("『", "』"), ("«", "»")):
        if closing not in text:
            return f"{opening}{text}{closing}"
    return '"' + text.replace('"', "'") + '"'  # every style taken: display only


def _quote_if_needed(value: str) -> str:
    return _quote(value) if any(c in " ," or c in _BREAK for c in value) else value
