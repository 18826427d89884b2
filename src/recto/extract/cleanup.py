"""OCR clean-up with an audit trail.

A text's raw paragraphs are joined with a blank line (`SEP`) into one string;
every change is a replacement of a span of that string. Changes never
overlap, so a curator can see each one, reject any of them (`apply` the rest
to the raw paragraphs) or undo them all (`undo` gives back the raw paragraphs
exactly). The raw text itself is never modified.

Kinds of change:
  page_number, folio, stamp, file_number  page furniture taken out of the prose
  marginalia   a handwritten note that OCR read as nonsense, set aside (kept in `Cleanup.marginalia`)
  rejoin       a sentence split by a page break joined again
  cjk_space    a space or line break inside a run of CJK text removed
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from recto.text.langid import base

SEP = "\n\n"  # how paragraphs are joined for offsets: a blank line, as in the export

FURNITURE_KINDS = ("page_number", "folio", "stamp", "file_number")


@dataclass(frozen=True)
class Change:
    kind: str
    start: int  # span in the raw text (paragraphs joined by SEP)
    end: int
    original: str
    replacement: str
    reason: str
    paragraph: int  # raw paragraph where the span starts
    offset: int  # ... and the offset within it
    clean_start: int = 0  # where the replacement stands in the cleaned text (joined by SEP)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Change:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class Marginal:
    """A line set aside from the prose: where it stood and what it said."""

    text: str
    paragraph: int  # raw paragraph index
    before: int  # index of the cleaned paragraph it stood before (len(paragraphs) at the end)
    reason: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Cleanup:
    raw: list[str]
    paragraphs: list[str]  # cleaned
    changes: list[Change] = field(default_factory=list)
    marginalia: list[Marginal] = field(default_factory=list)
    # cleaned paragraph index -> raw paragraph indexes it was made of
    sources: list[list[int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "paragraphs": list(self.paragraphs),
            "changes": [c.to_json() for c in self.changes],
            "marginalia": [m.to_json() for m in self.marginalia],
            "sources": [list(s) for s in self.sources],
        }


# --- applying and undoing ---------------------------------------------------


def _split(joined: str) -> list[str]:
    return joined.split(SEP) if joined else []


def apply(raw: list[str], changes: list[Change]) -> list[str]:
    """The raw paragraphs with `changes` made: any subset of a clean-up's changes may be applied."""
    joined = SEP.join(raw)
    out, pos = [], 0
    for c in sorted(changes, key=lambda c: c.start):
        if joined[c.start : c.end] != c.original or c.start < pos:
            raise ValueError(f"change {c.kind} at {c.start} does not fit this text")
        out.append(joined[pos : c.start])
        out.append(c.replacement)
        pos = c.end
    out.append(joined[pos:])
    return _split("".join(out))


def undo(cleaned: list[str], changes: list[Change]) -> list[str]:
    """The raw paragraphs back from the cleaned ones and every change that made them."""
    joined = SEP.join(cleaned)
    out, pos = [], 0
    for c in sorted(changes, key=lambda c: c.clean_start):
        end = c.clean_start + len(c.replacement)
        if joined[c.clean_start : end] != c.replacement:
            raise ValueError(f"change {c.kind} at {c.clean_start} does not fit the cleaned text")
        out.append(joined[pos : c.clean_start])
        out.append(c.original)
        pos = end
    out.append(joined[pos:])
    return _split("".join(out))


# --- furniture ----------------------------------------------------------------

_FURNITURE: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # "7", "- 7 -", "— 12 —", "Seite 2", "стр. 3", "第2页", "Page 4", "2/3"
    ("page_number", re.compile(r"^[-–—]?\s*\d{1,3}\s*[-–—]?$"), "a bare page number"),
    ("page_number", re.compile(r"^(?:(?:page|p\.|seite|s\.|стр\.?|страница|лист)\s*\d{1,3}(?:\s*(?:of|von|из)\s*\d{1,3})?|第\s*\d{1,3}\s*[页頁])$", re.I), "a page number"),
    # folio and sheet marks: "KP 19/8", "Bl. 89", "л. 193", "ll. 31", "19/8"
    ("folio", re.compile(r"^(?:(?:bl|л|ll|l|fol|f)\.\s*\d{1,4}(?:\s*(?:об|v|r)\.?)?|[A-ZА-Я]{1,3}\s*\d{1,4}/\d{1,4}|\d{1,4}/\d{1,4})$", re.I), "a folio or sheet mark"),
    # archive file numbers: "118-01767-01", "A 6792", "ф. 5, оп. 49, д. 131"
    ("file_number", re.compile(r"^\d{2,4}-\d{4,6}-\d{2}$|^(?:ф|f)\.\s*\d+,\s*(?:оп|op)\.\s*\d+,.*(?:д|d)\.\s*\d+.*$", re.I), "an archive file number"),
    # registry and receipt stamps: "領=字第27分2号", "Вх. № 1234", "Eingang: 14.9.62", "Rasseкречено"
    ("stamp", re.compile(r"^\S{0,4}字第\s*[\d\s分=—-]{1,12}号$"), "a registry stamp"),
    ("stamp", re.compile(r"^(?:вх|входящий|исх)\.?\s*№\s*[\w/-]{1,12}(?:\s+\d{1,2}\.\d{1,2}\.\d{2,4})?$", re.I), "a registry stamp"),
    ("stamp", re.compile(r"^(?:eingang|eing\.|eingegangen)\s*:?\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}$", re.I), "a receipt stamp"),
    ("stamp", re.compile(r"^(?:рассекречено|declassified|freigegeben|копия|kopie)\b.{0,30}$", re.I), "an archive stamp"),
)
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_IS_HAN = re.compile(f"[{_HAN}]")
_HAN_RUN = re.compile(f"[{_HAN}]+")


def furniture_kind(line: str, references: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(kind, reason) when a line is page furniture, else None."""
    s = line.strip()
    if not s or len(s) > 40:
        return None
    if any(ref and s == ref for ref in references):
        return "file_number", "the archive's file reference for this document"
    for kind, pattern, reason in _FURNITURE:
        if pattern.match(s):
            return kind, reason
    return None


# --- garbled lines --------------------------------------------------------------

# The commonest Chinese function characters: a line made mostly of them is OCR
# guessing at handwriting, not prose (prose runs at about a fifth).
_FUNCTION = set("的了是在和与及也都就而又并把被对于以之其这那有为不个们地得着过从向上中下一")
_SENTENCE_PUNCT = re.compile(r"[，。；：！？、,.;:!?]")
_BAD_NUMBER = re.compile(r"(?:\d{3,}|1[3-9]|[2-9]\d)月|(?:\d{3,}|3[2-9]|[4-9]\d)日")
_STRUCTURE_LINE = re.compile(
    r"文件$|^(?:绝密|机密|秘密|密|特急|急件|平急|内部)|抄送|抄报|主送|共印|收到$|付印$|印发$|發$|发$|"
    r"[请請].{1,20}(?:办|辦|阅|閱|处理|處理)$|关于|關於|声明|聲明|报告|報告|谈话|談話|记录|記錄|电报|電報|照会|照會"
)


def _han_bigrams(s: str) -> list[str]:
    grams = []
    for run in _HAN_RUN.findall(s):
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def garble_reason(line: str, doc_bigrams: Counter[str], *, outside_body: bool) -> str | None:
    """Why a Chinese line looks like handwriting read as print, or None when it reads as text.

    Signals, none of which names a particular string: the share of the line's
    character bigrams found elsewhere in the same document (real lines share
    vocabulary with their document; OCR of handwriting does not), the share of
    function characters, numbers that no date can hold (`108月`), and where the
    line stands (notes sit at the top of a page or between title and body).
    """
    s = line.strip()
    han = _IS_HAN.findall(s)
    if len(han) < 6 or len(han) > 60 or _SENTENCE_PUNCT.search(s) or _STRUCTURE_LINE.search(s):
        return None
    grams = _han_bigrams(s)
    own = Counter(grams)
    shared = sum(1 for g in grams if doc_bigrams[g] - own[g] > 0) / max(1, len(grams))
    function = sum(1 for ch in han if ch in _FUNCTION) / len(han)
    signals = []
    if shared < 0.4:
        signals.append(f"only {shared:.0%} of its character pairs occur elsewhere in the document")
    if function > 0.4:
        signals.append(f"{function:.0%} of its characters are function characters")
    if _BAD_NUMBER.search(s):
        signals.append("it holds a number no date can have")
    score = len(signals) + (0.5 if outside_body else 0.0)
    if score >= 1.5:
        where = "; it stands outside the body text" if outside_body else ""
        return "garbled line (handwriting read by OCR): " + ", ".join(signals) + where
    return None


_LATIN_WORD = re.compile(r"[^\W\d_]+", re.U)


def _latin_garble_reason(line: str, doc_words: Counter[str], *, outside_body: bool) -> str | None:
    """Latin/Cyrillic lines: mixed scripts inside words and words unseen in the document."""
    words = _LATIN_WORD.findall(line)
    if len(words) < 3 or _SENTENCE_PUNCT.search(line[-1:] or ""):
        return None
    mixed = sum(1 for w in words if re.search(r"[a-zA-Z]", w) and re.search(r"[а-яА-Я]", w))
    vowelless = sum(1 for w in words if len(w) > 3 and not re.search(r"[aeiouyäöüаеёиоуыэюя]", w, re.I))
    unseen = sum(1 for w in words if doc_words[w.lower()] <= 1) / len(words)
    signals = []
    if mixed:
        signals.append(f"{mixed} words mix Latin and Cyrillic letters")
    if vowelless / len(words) > 0.3:
        signals.append("most words have no vowel")
    if unseen > 0.8 and outside_body:
        signals.append("its words occur nowhere else in the document")
    strong = bool(mixed) or vowelless / len(words) > 0.3  # unseen words alone are just a heading
    if strong and len(signals) + (0.5 if outside_body else 0) >= 1.5:
        return "garbled line (OCR noise): " + ", ".join(signals)
    return None


# --- re-joining and spaces ------------------------------------------------------

_END_CJK = re.compile(r"[。！？；：…」』”\"）)】]$|^\S{0,12}$")
_END_LATIN = re.compile(r"[.!?:;…»“”\"')\]]$")
_STARTS_LIST = re.compile(r"^(?:抄送|抄报|主送|共印|\d{4}年|verteiler|рассылка|distribution|gez\.|signed|подпись)", re.I)
_CJK_CHAR = f"[{_HAN}\u3000-\u303f\uff00-\uffef]"
# Whitespace inside CJK: between two CJK characters, after ASCII punctuation that
# follows one, or between a CJK character and a number that belongs to a date.
_CJK_SPACE = re.compile(
    rf"(?<={_CJK_CHAR})[ \t\u3000\n]+(?={_CJK_CHAR}|[\"(“‘])"
    rf"|(?<={_CJK_CHAR}[,:;.!?\"”)])[ \t\u3000\n]+(?={_CJK_CHAR}|[\"“(])"
    rf"|(?<={_CJK_CHAR})[ \t\u3000]+(?=\d{{1,4}}\s?[年月日号])"
    rf"|(?<=\d)[ \t\u3000]+(?=[年月日号])"
)


def _is_cjk_language(language: str) -> bool:
    return base(language) in ("zh", "ja", "lzh", "yue")


@dataclass
class _Unit:
    start: int
    end: int
    paragraph: int
    text: str
    sep_before: int  # length of the separator before it (0 for the first)


def _units(raw: list[str]) -> list[_Unit]:
    units, pos = [], 0
    for p, para in enumerate(raw):
        if p:
            pos += len(SEP)
        line_start = pos
        lines = para.split("\n")
        for k, line in enumerate(lines):
            if k:
                line_start += 1
            if line.strip():
                sep = 0 if not units else (len(SEP) if k == 0 or not lines[k - 1].strip() else 1)
                units.append(_Unit(line_start, line_start + len(line), p, line, sep))
            line_start += len(line)
        pos += len(para)
    return units


def _is_prose(s: str, cjk: bool) -> bool:
    if cjk:
        return len(_IS_HAN.findall(s)) >= 12 and bool(re.search(r"[，。,；]", s))
    return len(s.split()) >= 8


def clean(raw: list[str], language: str, *, references: tuple[str, ...] = ()) -> Cleanup:
    """Clean one text's raw paragraphs; `references` are file numbers known for the record."""
    joined = SEP.join(raw)
    cjk = _is_cjk_language(language)
    units = _units(raw)
    verdict: dict[int, tuple[str, str]] = {}  # unit index -> (kind, reason)
    for i, u in enumerate(units):
        found = furniture_kind(u.text, references)
        if found:
            verdict[i] = found
    # A lone one- or two-character Han line between pieces of prose is an
    # initial or a stamp's name, not a paragraph (`孙` between two pages).
    prose = [_is_prose(u.text, cjk) for u in units]
    body = [i for i, ok in enumerate(prose) if ok]
    first_body, last_body = (body[0], body[-1]) if body else (len(units), -1)
    for i, u in enumerate(units):
        if i in verdict:
            continue
        han = _IS_HAN.findall(u.text)
        if cjk and 0 < len(han) <= 2 and len(u.text.strip()) <= 3 and first_body < i < last_body:
            verdict[i] = ("marginalia", "a lone character between pages: a handwritten initial or a stamp")
    if cjk:
        counts: Counter[str] = Counter(g for u in units for g in _han_bigrams(u.text))
        for i, u in enumerate(units):
            if i in verdict or prose[i]:
                continue
            near_furniture = any(j in verdict for j in (i - 1, i + 1))
            outside = i < first_body or i > last_body or near_furniture
            why = garble_reason(u.text, counts, outside_body=outside)
            if why:
                verdict[i] = ("marginalia", why)
    else:
        words: Counter[str] = Counter(w.lower() for u in units for w in _LATIN_WORD.findall(u.text))
        for i, u in enumerate(units):
            if i in verdict or prose[i]:
                continue
            outside = i < first_body or i > last_body
            why = _latin_garble_reason(u.text, words, outside_body=outside)
            if why:
                verdict[i] = ("marginalia", why)

    spans: list[tuple[int, int, str, str, str, int, int]] = []  # start, end, kind, replacement, reason, paragraph, anchor
    kept_before = False
    for i, u in enumerate(units):
        if i not in verdict:
            kept_before = True
            continue
        kind, reason = verdict[i]
        if kept_before:
            start, end = u.start - u.sep_before, u.end
        else:  # nothing kept above it: take the separator after it instead
            nxt = units[i + 1].start if i + 1 < len(units) else u.end
            start, end = u.start, nxt
        spans.append((start, end, kind, "", reason, u.paragraph, u.start))

    # Re-join prose split by a page break: the separator left before a kept unit.
    kept = [i for i in range(len(units)) if i not in verdict]
    for a, b in zip(kept, kept[1:]):
        ua, ub = units[a], units[b]
        if ub.sep_before != len(SEP) or ua.paragraph == ub.paragraph:
            continue
        joined_with = _rejoin(ua.text.rstrip(), ub.text.lstrip(), cjk, prose[a], language.startswith("de"))
        if joined_with is None:
            continue
        replacement, reason = joined_with
        spans.append((ub.start - ub.sep_before, ub.start, "rejoin", replacement, reason, ua.paragraph, ua.end))

    if cjk:
        for i in kept:
            u = units[i]
            # Spaces in short lines and lists separate fields ("机密 文 409", "稼祥 尚昆"): keep them.
            if len(_IS_HAN.findall(u.text)) < 15 or u.text.count("、") >= 3:
                continue
            # within a paragraph, line breaks between kept CJK lines count as spaces too
            seg_end = units[i + 1].start if i + 1 < len(units) and units[i + 1].paragraph == u.paragraph and units[i + 1].sep_before == 1 and (i + 1) not in verdict else u.end
            for m in _CJK_SPACE.finditer(joined, u.start, seg_end):
                spans.append((m.start(), m.end(), "cjk_space", "", "space inside Chinese text (OCR or line wrap)", u.paragraph, m.start()))

    spans.sort()
    changes: list[Change] = []
    delta = 0
    starts = _paragraph_starts(raw)
    for start, end, kind, replacement, reason, p, anchor in spans:
        if changes and start < changes[-1].end:
            continue  # never overlap; the earlier (structural) change wins
        changes.append(
            Change(kind, start, end, joined[start:end], replacement, reason, p, anchor - starts[p], start + delta)
        )
        delta += len(replacement) - (end - start)
    cleaned = apply(raw, changes)
    marginalia = _marginalia(raw, changes, verdict, units)
    return Cleanup(raw=list(raw), paragraphs=cleaned, changes=changes, marginalia=marginalia, sources=_sources(raw, changes))


# Words no sentence ends on: a paragraph stopping on one runs on over the page.
_CONTINUES = set(
    "the a an of to and in for with by from that which who as at on or but "
    "der die das den dem des ein eine einer und oder mit von zu im in auf für dass "
    "в и на с к по о до что как а но из за от при для".split()
)


def _rejoin(a: str, b: str, cjk: bool, a_is_prose: bool, german: bool = False) -> tuple[str, str] | None:
    if not a or not b or _STARTS_LIST.match(b) or not a_is_prose:
        return None
    if cjk or (_IS_HAN.search(a[-1]) and _IS_HAN.search(b[0])):
        if _END_CJK.search(a) or not (_IS_HAN.search(b[0]) or b[0] in "“\"‘"):
            return None
        return "", "a sentence runs on across a page break (no closing punctuation before it)"
    if _END_LATIN.search(a):
        return None
    if a.endswith("-") and b[0].islower():
        return "", "a word hyphenated across a page break"  # the hyphen stays: dropping it is a guess
    # German capitalises nouns, so a capital may continue a sentence there, but only
    # after prose (punctuation inside) that stops on a lower-case word: "über die" / "Ereignisse".
    german_noun = b[0].isupper() and a.split()[-1].islower() and bool(re.search(r"[.,;:]", a)) and len(b.split()) >= 4
    if b[0].islower() or a[-1] == "," or a.split()[-1].lower() in _CONTINUES or (german and german_noun):
        return " ", "a sentence runs on across a page break (no closing punctuation before it)"
    return None


def _paragraph_starts(raw: list[str]) -> list[int]:
    starts, pos = [], 0
    for para in raw:
        starts.append(pos)
        pos += len(para) + len(SEP)
    return starts or [0]


def _to_clean(changes: list[Change], offset: int) -> int:
    """Where a raw offset that no change touches lands in the cleaned text."""
    delta = 0
    for c in changes:
        if c.end > offset:
            break
        delta += len(c.replacement) - (c.end - c.start)
    return offset + delta


def _kept_offset(raw: list[str], starts: list[int], changes: list[Change], p: int) -> int | None:
    """The first offset of raw paragraph `p` that no change covers, if any survives."""
    pos, end = starts[p], starts[p] + len(raw[p])
    for c in changes:
        if c.end <= pos or c.start >= end:
            continue
        if c.start > pos and raw[p][: c.start - starts[p]].strip():
            return pos
        pos = max(pos, c.end)
    return pos if pos < end else None


def _sources(raw: list[str], changes: list[Change]) -> list[list[int]]:
    """Which raw paragraphs each cleaned paragraph was made of."""
    starts = _paragraph_starts(raw)
    cleaned = SEP.join(apply(raw, changes))
    out: dict[int, list[int]] = {}
    for p in range(len(raw)):
        at = _kept_offset(raw, starts, changes, p)
        if at is not None:
            out.setdefault(cleaned.count(SEP, 0, _to_clean(changes, at)), []).append(p)
    return [out[k] for k in sorted(out)]


def _marginalia(raw: list[str], changes: list[Change], verdict: dict[int, tuple[str, str]], units: list[_Unit]) -> list[Marginal]:
    cleaned = SEP.join(apply(raw, changes))
    out = []
    for c in changes:
        if c.kind != "marginalia":
            continue
        at = _to_clean(changes, c.end)
        before = cleaned.count(SEP, 0, at) + (1 if at and cleaned[:at].strip() else 0)
        if not cleaned.strip():
            before = 0
        out.append(Marginal(c.original.strip(), c.paragraph, min(before, len(cleaned.split(SEP)) if cleaned else 0), c.reason))
    return out
