"""Dates as archive exports write them, read into EDTF with a precision.

`parse_date` reads one date or range ("August 10, 1962", "May 30-June 2, 1962",
"1960s", "c. 1962"); `find_date` finds the first one inside a longer string
such as a citation. Every result carries ISO day bounds (`start`, `end`) so
that a month or a year can be compared with a day by the span it covers.

English month names only: other languages belong to `recto.extract`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ParsedDate:
    edtf: str  # 1962-08-10, 1962-08, 1962, 196X, 1962~, 1962-05-01/1962-05-03
    precision: str  # day | month | year | decade | range
    start: str  # first day covered, ISO 8601
    end: str  # last day covered, ISO 8601


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Full names before abbreviations so the longest spelling wins; "sept" is the
# archivists' favourite abbreviation and must not stop at "sep".
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?![a-z])"
)
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
_YEAR = r"[0-9]{4}"

# One side of a date, on normalised (lower-case, single-spaced) text. A side
# may lack its year or month when it is the near end of a range ("May 1-3, 1962").
_SIDES = [
    re.compile(rf"(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-9]{{2}})"),
    re.compile(rf"(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])"),
    re.compile(rf"(?P<y>{_YEAR})"),
    re.compile(rf"(?P<mn>{_MONTH})(?:\. ?| )(?P<d>{_DAY}),? (?P<y>{_YEAR})"),
    re.compile(rf"(?P<d>{_DAY}) (?:of )?(?P<mn>{_MONTH})\.?,? (?P<y>{_YEAR})"),
    re.compile(rf"(?P<mn>{_MONTH})\.?,? (?P<y>{_YEAR})"),
    re.compile(rf"(?P<mn>{_MONTH})(?:\. ?| )(?P<d>{_DAY})"),
    re.compile(rf"(?P<d>{_DAY}) (?:of )?(?P<mn>{_MONTH})\.?"),
    re.compile(rf"(?P<mn>{_MONTH})\.?"),
    re.compile(rf"(?P<d>{_DAY}),? (?P<y>{_YEAR})"),
    re.compile(rf"(?P<d>{_DAY})"),
]
_RANGE_SEP = re.compile(r" ?(?:-|/|\bto\b|\bthrough\b|\buntil\b) ?")
_DECADE = re.compile(r"(?:the )?(?P<c>[0-9]{3})0'?s")
_APPROX = re.compile(r"(?:circa |ca\.? ?|c\.? ?|about |approx\.? ?|approximately )(?P<rest>.+)")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_MAX_LEN = 100  # no date is longer; keeps pathological input cheap


@dataclass
class _Part:
    year: int | None
    month: int | None
    day: int | None


def parse_date(text: str) -> ParsedDate:
    """Read one date or range; raise ValueError saying why when it cannot."""
    s = _normalise(text)
    shown = " ".join(text.split())[:_MAX_LEN]
    if not s:
        raise ValueError("cannot read an empty string as a date")
    if len(s) > _MAX_LEN:
        raise ValueError(f"cannot read '{shown}…' as a date: too long")
    try:
        parsed = _parse(s)
    except _Invalid as e:
        raise ValueError(f"cannot read '{shown}' as a date: {e}") from None
    if parsed is None:
        raise ValueError(f"cannot read '{shown}' as a date")
    return parsed


def find_date(text: str) -> tuple[ParsedDate, str] | None:
    """The first date inside `text`, with the exact substring it was read from."""
    found = find_date_span(text)
    return None if found is None else (found[0], text[found[1] : found[2]])


def find_date_span(text: str) -> tuple[ParsedDate, int, int] | None:
    """Like `find_date`, but says where: (date, start, end) offsets into `text`.

    At each place a date could start, the longest run of date-like tokens is
    tried first and shortened a token at a time, so "August 10, 1962, Wilson
    Center" yields "August 10, 1962" and never "August 10".
    """
    for start in _FIND_START.finditer(text):
        run = _FIND_RUN.match(text, start.start())
        if run is None:
            continue
        ends = [m.end() for m in _FIND_TOKEN.finditer(text, run.start(), run.end())]
        for end in reversed(ends):
            if _FIND_GLUED.match(text, end):
                continue  # "118-01767-01" and "1962a" are not dates
            if not _HAS_YEAR.search(text, run.start(), end):
                break  # every date names a year or a decade; shorter spans won't either
            try:
                return parse_date(text[run.start() : end]), run.start(), end
            except ValueError:
                continue
    return None


_MAX_TOKENS = 12  # the longest date, "circa December 30, 1961 - January 2, 1962", has 7

# find_date works on the original text (so spans are exact); re.ASCII keeps
# IGNORECASE from folding "ſ" or the Kelvin sign into month names.
_TOKEN = rf"(?:circa|ca\.|c\.|{_MONTH}\.?|[0-9]+(?:st|nd|rd|th|'?s)?|(?:to|through|until|of)\b)"
_SEP = r"[\s\u00a0\u2009\u202f,/\-\u2010-\u2015\u2212]"
_FLAGS = re.IGNORECASE | re.ASCII
_FIND_START = re.compile(rf"(?<![\w./-])(?=circa\b|ca\.|c\.|{_MONTH}|[0-9])", _FLAGS)
_FIND_RUN = re.compile(rf"{_TOKEN}(?:{_SEP}{{0,4}}{_TOKEN}){{0,{_MAX_TOKENS - 1}}}", _FLAGS)
_FIND_TOKEN = re.compile(_TOKEN, _FLAGS)
_HAS_YEAR = re.compile(r"[0-9]{3}")
_FIND_GLUED = re.compile(r"\w|[-/\u2010-\u2015][0-9]", _FLAGS)


class _Invalid(Exception):
    """The text has the shape of a date but names one that does not exist."""


def _normalise(text: str) -> str:
    s = _DASHES.sub("-", " ".join(text.split()).lower())
    s = s.rstrip(".,;: ")
    # Spacing around punctuation carries no meaning: "May 1 - 3" = "May 1-3",
    # "10 ,1962" = "10, 1962".
    s = re.sub(r" ?, ?", ", ", s)
    return re.sub(r" ?([-/]) ?", r"\1", s)


def _parse(s: str) -> ParsedDate | None:
    approx = _APPROX.fullmatch(s)
    if approx:
        inner = _parse_single(approx["rest"])
        if inner is None:
            return None
        return ParsedDate(inner.edtf + "~", inner.precision, inner.start, inner.end)
    single = _parse_single(s)
    if single is not None:
        return single
    for sep in _RANGE_SEP.finditer(s):
        rng = _parse_range(s[: sep.start()], s[sep.end() :])
        if rng is not None:
            return rng
    return None


def _parse_single(s: str) -> ParsedDate | None:
    decade = _DECADE.fullmatch(s)
    if decade:
        c = decade["c"]
        return ParsedDate(f"{c}X", "decade", f"{c}0-01-01", f"{c}9-12-31")
    part = _side(s)
    if part is None or part.year is None or (part.day is not None and part.month is None):
        return None
    return _single(part)


def _parse_range(left: str, right: str) -> ParsedDate | None:
    a, b = _side(left), _side(right)
    if a is None or b is None or b.year is None:
        return None
    if b.month is None and b.day is None and a.year is None:
        return None  # "May 1-1962": a year-only end needs a start with its own year
    if b.month is None and b.day is not None:
        if a.month is None or a.day is None:
            return None  # "1962/08" is not "the 1st to the 8th"
        b.month = a.month
    inherited = a.year is None
    if inherited:
        a.year = b.year
    if a.month is None and a.day is not None:
        if b.month is None:
            return None
        a.month = b.month
    first, last = _single(a), _single(b)
    # "December 30 - January 2, 1962" starts in the year before the one written.
    if inherited and first.start > last.start and a.year is not None:
        a.year -= 1
        first = _single(a)
    if first.start > last.start or first.end > last.end:
        raise _Invalid("the range ends before it starts")
    return ParsedDate(f"{first.edtf}/{last.edtf}", "range", first.start, last.end)


def _side(s: str) -> _Part | None:
    for pattern in _SIDES:
        m = pattern.fullmatch(s)
        if m:
            groups = m.groupdict()
            month = groups.get("m") or groups.get("mn")
            day = groups.get("d")
            return _Part(
                year=int(groups["y"]) if groups.get("y") else None,
                month=None if month is None else (int(month) if month.isdigit() else _MONTHS[month[:3]]),
                day=None if day is None else int(re.sub(r"\D", "", day)),
            )
    return None


def _single(p: _Part) -> ParsedDate:
    """A complete side as a date of its own; checks the day exists."""
    assert p.year is not None
    y = f"{p.year:04d}"
    if p.month is None:
        return ParsedDate(y, "year", f"{y}-01-01", f"{y}-12-31")
    ym = f"{y}-{p.month:02d}"
    last = _days_in_month(p.year, p.month)
    if p.day is None:
        return ParsedDate(ym, "month", f"{ym}-01", f"{ym}-{last:02d}")
    if not 1 <= p.day <= last:
        raise _Invalid(f"{_MONTH_NAMES[p.month - 1]} {y} has no day {p.day}")
    ymd = f"{ym}-{p.day:02d}"
    return ParsedDate(ymd, "day", ymd, ymd)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def bounds(edtf: str) -> tuple[str, str] | tuple[None, None]:
    """ISO day bounds of an EDTF value as Recto stores it, for sorting and range queries.

    Besides what `parse_date` reads, this knows the two EDTF forms it writes
    itself: decades (`196X`) and approximate years (`1962~`, bounded as the year).
    """
    value = edtf.strip().rstrip("~")
    if re.fullmatch(r"[0-9]{3}X", value):
        return f"{value[:3]}0-01-01", f"{value[:3]}9-12-31"
    try:
        parsed = parse_date(value)
    except ValueError:
        return None, None
    return parsed.start, parsed.end
