"""Dates in running text, as mentions with offsets, normalised to EDTF with a precision.

Chinese (`一九六二年八月九日`, `1962年8月9日`, `今年6月26日`, `6月8日和11日`,
`4月下半月`), English (`26 June`, `August 10, 1962`, `the second half of April`),
Russian (`10 августа 1962 г.`, `во второй половине апреля`) and German
(`12. September 1962`, `seit Juli`). A date without its year takes the
document's year (`year_inferred`). One-off English dates in citations are read
by `recto.dates`; this module reads prose. Other languages plug in through the
`recto_date_finders` hook.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from recto.dates import _days_in_month
from recto.text.langid import base


@dataclass(frozen=True)
class DateMention:
    paragraph: int
    start: int  # character offsets within the paragraph
    end: int
    text: str
    edtf: str  # 1962-06-26 | 1962-04 | 1962-04-16/1962-04-30
    precision: str  # day | month | year | range
    first: str  # first and last day covered, ISO 8601
    last: str
    year_inferred: bool = False  # the text gave no year; the document's was used

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


# A finder yields (start, end, year|None, month, day|None, part|None) for one paragraph;
# `part` narrows a month: "h1"/"h2" halves, "early"/"mid"/"late" thirds.
Hit = tuple[int, int, int | None, int, int | None, str | None]
Finder = Callable[[str], Iterator[Hit]]


def _bounds(year: int, month: int, day: int | None, part: str | None) -> tuple[str, str, str, str] | None:
    if not 1 <= month <= 12:
        return None
    last_day = _days_in_month(year, month)
    ym = f"{year:04d}-{month:02d}"
    if day is not None:
        if not 1 <= day <= last_day:
            return None
        d = f"{ym}-{day:02d}"
        return d, "day", d, d
    if part:
        lo, hi = {"h1": (1, 15), "h2": (16, last_day), "early": (1, 10), "mid": (11, 20), "late": (21, last_day)}[part]
        a, b = f"{ym}-{lo:02d}", f"{ym}-{hi:02d}"
        return f"{a}/{b}", "range", a, b
    return ym, "month", f"{ym}-01", f"{ym}-{last_day:02d}"


# --- Chinese --------------------------------------------------------------------

_ZH_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_NUM = r"[0-9０-９]{1,4}|[〇零○一二三四五六七八九十]{1,4}"
_SP = r"[ \u3000]?"
_ZH_FULL = re.compile(
    rf"(?<![0-9０-９〇零○一二三四五六七八九十])(?:(?P<rel>今年|本年|去年|同年|明年)|(?P<y>[0-9０-９]{{4}}|[〇零○一二三四五六七八九]{{4}}){_SP}年)?{_SP}"
    rf"(?P<m>{_ZH_NUM}){_SP}月(?:份)?{_SP}(?:(?P<d>{_ZH_NUM}){_SP}[日号號]|(?P<part>上半月|下半月|上旬|中旬|下旬|初|中|底|末))?"
)
# "6月8日和11日": a day that shares the month before it
_ZH_MORE_DAY = re.compile(rf"{_SP}(?:和|及|与|、|或|至|到){_SP}(?P<d>{_ZH_NUM}){_SP}[日号號]")
_ZH_PART = {"上半月": "h1", "下半月": "h2", "上旬": "early", "中旬": "mid", "下旬": "late", "初": "early", "中": "mid", "底": "late", "末": "late"}


def zh_number(s: str) -> int | None:
    """'26', '２６', '二十六', '一九六二' as an integer."""
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if s.isdigit():
        return int(s)
    if "十" not in s:
        if not all(ch in _ZH_DIGITS for ch in s):
            return None
        return int("".join(str(_ZH_DIGITS[ch]) for ch in s))
    tens, _, ones = s.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    t = _ZH_DIGITS.get(tens, -1) if tens else 1
    o = _ZH_DIGITS.get(ones, -1) if ones else 0
    return None if t < 0 or o < 0 else t * 10 + o


def _find_zh(text: str, year: int | None) -> Iterator[Hit]:
    for m in _ZH_FULL.finditer(text):
        month = zh_number(m["m"])
        if month is None or not 1 <= month <= 12:
            continue
        y = zh_number(m["y"]) if m["y"] else None
        if m["rel"] and year is not None:
            y = year + {"去年": -1, "明年": 1}.get(m["rel"], 0)
        if y is None and m["d"] is None and m["part"] is None and not m["rel"]:
            # a bare "6月" reads as a month only when something says so: "6月份", "于6月"
            if not (m.group(0).endswith("份") or text[max(0, m.start() - 1) : m.start()] in ("于", "在", "自", "从", "到", "至")):
                continue
        day = zh_number(m["d"]) if m["d"] else None
        yield m.start(), m.end(), y, month, day, _ZH_PART.get(m["part"] or "")
        if day is not None:
            pos = m.end()
            while (more := _ZH_MORE_DAY.match(text, pos)) is not None:
                d2 = zh_number(more["d"])
                if d2 is None:
                    break
                yield more.start("d"), more.end(), y, month, d2, None
                pos = more.end()


# --- European languages -----------------------------------------------------------

_EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
_RU_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_DE_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}  # fmt: skip

_EN_MONTH = r"(?P<mn>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_EN_PART = r"(?P<part>(?:the )?(?:first|second|last|middle) (?:ten days|third) of|(?:the )?(?:first|second) half of|(?:the )?(?:beginning|end|middle) of|early|mid-?|late)"
_EN = re.compile(
    rf"(?:{_EN_PART} ?)?(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)? (?:of )?{_EN_MONTH}|{_EN_MONTH.replace('?P<mn>', '?P<mn2>')}(?: (?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:]))?)"
    r"(?:,? (?P<y>1[89]\d\d|20\d\d)(?!\d)| (?P<this>this|last|next) year)?"
)
_EN_MONTH_ALONE_OK = re.compile(r"(?:\b(?:in|since|until|till|from|by|of|during|before|after|to|through|early|late|mid|on)\s+(?:the\s+)?(?:\w+\s+of\s+)?$)", re.I)

_RU_MONTH = r"(?P<mn>январ[ьяе]|феврал[ьяе]|марта?|марте|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|августе|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
_RU_PART = r"(?P<part>(?:в|во)\s+(?:первой|второй)\s+половине|в\s+(?:начале|середине|конце)|(?:первой|второй)\s+половин[ыеу]|начал[ае]|середин[ыеу]|конц[ае])"
_RU = re.compile(
    rf"(?:{_RU_PART}\s+)?(?:(?P<d1>[0-3]?\d)\s+)?{_RU_MONTH}(?:\s+(?P<y>1[89]\d\d|20\d\d)(?:\s*(?:г\.|года|году|г\b))?|\s+(?P<this>этого|текущего|прошлого|сего)\s+года)?(?![а-яё])",
    re.I,
)
_DE_MONTH = r"(?P<mn>Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_DE_PART = r"(?P<part>(?:in\s+der\s+)?(?:ersten|zweiten)\s+(?:Hälfte|Haelfte)\s+(?:des\s+)?|Anfang|Mitte|Ende)"
_DE = re.compile(
    rf"(?:{_DE_PART}\s*)?(?:(?P<d1>[0-3]?\d)\.\s*)?{_DE_MONTH}s?(?:\s+(?P<y>1[89]\d\d|20\d\d)|\s+(?P<this>dieses|vorigen|letzten|nächsten)\s+Jahres)?(?![a-zäöü])"
)
_NUMERIC = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)?\d\d)(?![\d.]\d)")
_PART_WORDS = (
    ("early", ("first ten days", "first third")),
    ("mid", ("second ten days", "middle third", "middle ten days")),
    ("late", ("last ten days", "last third")),
    ("h1", ("first half", "первой половин", "ersten h")),
    ("h2", ("second half", "второй половин", "zweiten h")),
    ("early", ("beginning", "early", "начал", "anfang")),
    ("mid", ("middle", "mid", "середин", "mitte")),
    ("late", ("end", "late", "конц", "ende")),
)


def _part(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower()
    for part, stems in _PART_WORDS:
        if any(s in w for s in stems):
            return part
    return None


def _relative(word: str | None, year: int | None) -> int | None:
    if not word or year is None:
        return None
    w = word.lower()
    return year - 1 if w in ("last", "прошлого", "vorigen", "letzten") else year + 1 if w in ("next", "nächsten") else year


def _month_of(name: str, table: dict[str, int] | list[str]) -> int | None:
    n = name.lower().rstrip(".")
    if isinstance(table, list):
        for i, full in enumerate(table):
            if full.startswith(n[:3]):
                return i + 1
        return None
    for stem, month in sorted(table.items(), key=lambda kv: -len(kv[0])):
        if n.startswith(stem):
            return month
    return None


def _find_european(text: str, year: int | None, pattern: re.Pattern[str], months: Any, lang: str) -> Iterator[Hit]:
    for m in pattern.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        month = _month_of(m["mn"] or m.groupdict().get("mn2") or "", months)
        if month is None:
            continue
        groups = m.groupdict()
        day_s = groups.get("d1") or groups.get("d2")
        y = int(m["y"]) if m["y"] else _relative(m["this"], year)
        part = _part(m["part"])
        if day_s is None and part is None and m["y"] is None:
            # a month on its own must be introduced as one: "since July", "in May", "в апреле"
            before = text[max(0, m.start() - 30) : m.start()]
            if lang == "en" and not _EN_MONTH_ALONE_OK.search(before):
                continue
            if lang == "de" and not re.search(r"\b(?:im|seit|bis|ab|vom|Monat)\s*$", before):
                continue
            if lang == "ru" and not re.search(r"(?:^|\s)(?:в|с|до|к|по|начиная с)\s*$", before):
                continue
        start = m.start()
        if m["part"] and lang == "en":
            start = m.start("part")
        yield start, m.end(), y, month, int(day_s) if day_s else None, part
    if lang == "en":  # "of 8 and 11 June": the first day shares the month named after the second
        for m in re.finditer(rf"(?<![\w.])([0-3]?\d)(?= and [0-3]?\d(?:st|nd|rd|th)? {_EN_MONTH})", text):
            nm = re.match(rf" and [0-3]?\d(?:st|nd|rd|th)? {_EN_MONTH}(?:,? (?P<y>1[89]\d\d))?", text[m.end():])
            if nm:
                mon = _month_of(nm["mn"], months)
                if mon:
                    yield m.start(1), m.end(1), int(nm["y"]) if nm["y"] else None, mon, int(m.group(1)), None
    if lang in ("de", "ru"):
        for m in _NUMERIC.finditer(text):
            y = int(m["y"])
            y = y + 1900 if y < 100 else y
            yield m.start(), m.end(), y, int(m["m"]), int(m["d"]), None


_FINDERS: dict[str, Callable[[str, int | None], Iterator[Hit]]] = {
    "zh": _find_zh,
    "ja": _find_zh,
    "en": lambda t, y: _find_european(t, y, _EN, _EN_MONTHS, "en"),
    "ru": lambda t, y: _find_european(t, y, _RU, _RU_MONTHS, "ru"),
    "de": lambda t, y: _find_european(t, y, _DE, _DE_MONTHS, "de"),
}


def _plugin_finders() -> dict[str, Callable[[str, int | None], Iterator[Hit]]]:
    from recto.plugins import pm

    found: dict[str, Callable[[str, int | None], Iterator[Hit]]] = {}
    hook = getattr(pm.hook, "recto_date_finders", None)
    if hook is not None:
        for result in hook():
            for lang, finder in (result or {}).items():
                found.setdefault(lang, finder)
    return found


def find_dates(
    text: str, language: str, *, year: int | None = None, paragraph: int = 0, plugins: dict[str, Any] | None = None
) -> list[DateMention]:
    """Every date in one paragraph. `year` is the document's, for dates that give none."""
    lang = base(language)
    finder = (_plugin_finders() if plugins is None else plugins).get(lang) or _FINDERS.get(lang)
    if finder is None:
        return []
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for start, end, y, month, day, part in finder(text, year):
        if any(s < end and start < e for s, e in taken):
            continue
        inferred = y is None
        y = year if y is None else y
        if y is None:
            continue
        found = _bounds(y, month, day, part)
        if found is None:
            continue
        edtf, precision, first, last = found
        raw = text[start:end]
        stripped = raw.rstrip(" ,")
        out.append(DateMention(paragraph, start, start + len(stripped), stripped, edtf, precision, first, last, inferred))
        taken.append((start, end))
    return sorted(out, key=lambda d: d.start)


def find_all(paragraphs: list[str], language: str, *, year: int | None = None) -> list[DateMention]:
    plugins = _plugin_finders()
    return [d for i, p in enumerate(paragraphs) for d in find_dates(p, language, year=year, paragraph=i, plugins=plugins)]
