"""References between records: "our statements of 8 June and 11 June", `6月26日的声明`.

Each dated mention that names a kind of document nearby (statement, note,
talk, 声明, заявление, Erklärung …) becomes a candidate link: the date, the kind,
the parties named in the same clause, and the phrase. `match` scores records
of an archive against a candidate so a store can propose links for a curator to
confirm; nothing here decides that a link is true.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from recto.extract.dates import DateMention
from recto.extract.entities import Entity

# kind of document -> its words by language (stems for the inflected ones)
KINDS: dict[str, tuple[str, ...]] = {
    "statement": ("statement", "声明", "聲明", "заявлени", "Erklärung"),
    "note": ("note", "照会", "照會", "нот", "Note"),
    "reply": ("reply", "answer", "答复", "答覆", "复照", "ответ", "Antwort"),
    "conversation": ("talk", "conversation", "meeting", "谈话", "談話", "会谈", "會談", "бесед", "Gespräch", "Unterredung"),
    "letter": ("letter", "信", "письм", "Schreiben", "Brief"),
    "telegram": ("telegram", "cable", "电报", "電報", "телеграм", "Telegramm"),
    "memorandum": ("memorandum", "备忘录", "備忘錄", "меморандум", "Memorandum"),
    "report": ("report", "报告", "報告", "доклад", "отчет", "Bericht"),
}
_SELF = re.compile(r"\b(?:our|we|us)\b|我們|我们|我方|\bнаш\w*|\bunser\w*", re.I)
_CLAUSE_END = re.compile(r"[。；;!?！？]|\.\s")


@dataclass
class Reference:
    date: str  # EDTF of the referenced document
    kind: str
    text_index: int
    paragraph: int
    start: int  # the phrase, date to kind word
    end: int
    phrase: str
    parties: list[str] = field(default_factory=list)  # entity ids; "self" for the issuer of this record
    date_mention: DateMention | None = None

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "date_mention"}
        if self.date_mention is not None:
            data["date_text"] = self.date_mention.text
        return data


def _kind_pattern(language: str) -> re.Pattern[str]:
    words = sorted({w for ws in KINDS.values() for w in ws}, key=len, reverse=True)
    if language.startswith(("zh", "ja")):
        return re.compile("|".join(map(re.escape, words)))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\w*", re.I)


def _kind_of(word: str) -> str:
    w = word.lower()
    for kind, words in KINDS.items():
        if any(w.startswith(x.lower()) for x in words):
            return kind
    return "document"


def find_references(
    paragraphs: list[str], language: str, dates: list[DateMention], entities: list[Entity], text_index: int = 0,
    roles: list[str] | None = None,
) -> list[Reference]:
    """Candidate references in one text; `roles` (from structure) keeps the title's own date out."""
    cjk = language.startswith(("zh", "ja"))
    kinds = _kind_pattern(language)
    spans = {}
    for e in entities:
        for m in e.mentions:
            if m.text_index == text_index:
                spans.setdefault(m.paragraph, []).append((m.start, m.end, e.id))
    out: list[Reference] = []
    for d in dates:
        if d.precision != "day" or (roles is not None and roles[d.paragraph] != "body"):
            continue
        para = paragraphs[d.paragraph]
        clause_start = max([m.end() for m in _CLAUSE_END.finditer(para, 0, d.start)], default=0)
        end_m = _CLAUSE_END.search(para, d.end)
        clause_end = end_m.start() if end_m else len(para)
        # the kind word: after the date (zh: within the clause; others: close by), else just before it
        window_end = clause_end if cjk else min(clause_end, d.end + 30)
        after = [m for m in kinds.finditer(para, d.end, window_end)]
        before = [m for m in kinds.finditer(para, max(clause_start, d.start - 25), d.start)]
        if cjk and after:
            # "对我們6月8日和11日关于…的声明的答复": each date met before the kind word
            # (not chained to this one by 和/及) claims the nearest kind word first.
            between = [x for x in dates if x.paragraph == d.paragraph and d.end < x.start < after[0].start()]
            nested = sum(1 for x in between if not re.fullmatch(r"\s*(?:和|及|与|、|或)\s*", para[_prev_end(dates, x) : x.start]))
            if nested >= len(after):
                continue
            word = after[nested]
            start, end = d.start, word.end()
        elif after and (not before or after[0].start() - d.end <= d.start - before[-1].end()):
            word = after[0]
            start, end = d.start, word.end()
        elif before:
            word = before[-1]
            start, end = word.start(), d.end
        else:
            continue
        if cjk and re.search(r"[，,]", para[d.end : word.start()] if word.start() > d.end else ""):
            continue
        parties = []
        if cjk:  # the issuer stands just before the date; "关于…" is the topic, not a party
            lo = max(clause_start, d.start - 15)
            topic = para.find("关于", d.end, end)
            hi = topic if topic >= 0 else end
        else:  # "the 26 June statement of the Government of …," up to the next comma
            lo = max(clause_start, start - 30)
            comma = para.find(",", end)
            hi = min(clause_end, end + 60, comma if comma >= 0 else len(para))
        for s, e, eid in spans.get(d.paragraph, []):
            if lo <= s and e <= hi and eid not in parties and _is_party(eid, entities):
                parties.append(eid)
        if _SELF.search(para, lo, hi):
            parties.insert(0, "self")
        out.append(Reference(d.edtf, _kind_of(word.group(0)), text_index, d.paragraph, start, end, para[start:end], parties, d))
    return out


def _prev_end(dates: list[DateMention], x: DateMention) -> int:
    return max((d.end for d in dates if d.paragraph == x.paragraph and d.end <= x.start), default=0)


def _is_party(eid: str, entities: list[Entity]) -> bool:
    e = next((x for x in entities if x.id == eid), None)
    return e is not None and e.type in ("organization", "person")


def match(reference: Reference, candidates: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """Score records (dicts with `id`, `date`, `title`) as the document a reference points to, best first.

    The date must agree to the day; the kind word in the title and the parties'
    names add confidence. A store calls this with the records of that date.
    """
    scored = []
    for c in candidates:
        if (c.get("date") or "")[:10] != reference.date[:10]:
            continue
        title = (c.get("title") or "").lower()
        score = 0.5
        if any(w.lower() in title for w in KINDS.get(reference.kind, ())):
            score += 0.3
        if any(p.replace("-", " ").split()[0] in title for p in reference.parties if p != "self"):
            score += 0.2
        scored.append((c["id"], round(score, 2)))
    return sorted(scored, key=lambda t: -t[1])
