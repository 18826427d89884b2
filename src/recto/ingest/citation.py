"""The citation line of an archive export, taken apart.

Exports write one line of the shape

    "Title", August 10, 1962, Wilson Center Digital Archive, PRC FMA 118-01767-01, 7-11.
    Translated by 7Brands. https://...

but every part may be missing or differ (curly quotes, other archives, Russian
fond/opis/delo references, several translators). `parse_citation` keeps what
it can read and never raises: a citation it half understands is still worth
storing verbatim next to whatever parts it found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from recto.dates import find_date, find_date_span
from recto.record import Source


@dataclass
class Citation:
    title: str | None = None
    date_text: str | None = None  # as written; recto.dates reads it
    source: Source = field(default_factory=Source)
    translators: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)


# Opening quote -> the quotes that may close it (exports mix straight and curly).
_QUOTES = {
    '"': '"\u201d',
    "\u201c": "\u201d\u201c\"",
    "\u201e": "\u201c\u201d",
    "\u00ab": "\u00bb",
    "\u2018": "\u2019",
}
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_ROLE = r"(?:obtained|translated|edited|contributed|transcribed)"
# "Translated and edited for CWIHP by A, B, and C." The names run to a full
# stop that does not close an initial ("S. Radchenko"), or to the next role.
_CREDIT = re.compile(
    rf"\b(?P<roles>{_ROLE}(?:(?:\s*,\s*|\s+)(?:and\s+)?{_ROLE})*)"
    r"(?:\s+(?:for|from|into)\s+[^.]*?)?\s+by\s+"
    rf"(?P<names>.+?)(?=(?<!\b[A-Z])\.(?:\s|$)|\s*[,;]?\s+(?:and\s+)?{_ROLE}\b|$)",
    re.IGNORECASE,
)
_ROLE_FIELD = {"translated": "translators", "edited": "editors", "contributed": "contributors", "obtained": "contributors"}
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)
# A full stop ends the source sentence when it follows a word or a number, not
# an abbreviation like "ll." or "op." or an initial, and a capital follows.
_SENTENCE_END = re.compile(r"(?<=\w\w\w)\.\s+(?=[A-Z\"\u201c])|(?<=[0-9])\.\s+(?=[A-Z\"\u201c])")
_ARCHIVE_WORD = re.compile(
    r"\b(?:archives?|library|collection|center|centre|project|program|programme|museum|institute)\b",
    re.IGNORECASE,
)
# "Archive of the Ministry ... (PRC FMA) 109-03640-04": long name, abbreviation, reference.
_NAMED_REPOSITORY = re.compile(r"(?P<name>[^()]*?)\s*\((?P<abbr>[^()]*[A-Z][^()]*)\)\s*(?P<ref>.*)")
# A reference part rather than a repository: "f. 5", "op. 49", "d. 131".
_REFERENCE_START = re.compile(r"(?:f|op|d|delo|fond|ll?|pp?|no|nr|bl)\.?\s*[0-9]", re.IGNORECASE)
_PREFIXED_PAGES = re.compile(
    r"(?:pp?|ll?|bl|s|str|fol|ff)\.\s*[0-9]+[a-z]?(?:\s*[-\u2013]\s*[0-9]+[a-z]?)?(?:\s*(?:ob|v|r)\.?)?",
    re.IGNORECASE,
)
_BARE_PAGES = re.compile(r"[0-9]{1,4}[a-z]?\s*[-\u2013]\s*[0-9]{1,4}[a-z]?|[0-9]{1,3}[a-z]?", re.IGNORECASE)


def parse_citation(text: str) -> Citation:
    """Read a citation line into its parts; whatever is missing stays None or []."""
    cite = Citation()
    s = " ".join(str(text).split())
    s, cite.source.url = _take_url(s)
    cite.title, rest = _take_title(s)
    rest = rest.strip(" ,")
    found = find_date(rest[:120])
    if found is not None and rest.startswith(found[1]):
        cite.date_text = found[1]
        rest = rest[len(found[1]) :].strip(" ,")

    credits = list(_CREDIT.finditer(rest))
    for m in credits:
        names = _names(m["names"])
        for role in re.findall(_ROLE, m["roles"], re.IGNORECASE):
            people = getattr(cite, _ROLE_FIELD.get(role.lower(), ""), None)
            if people is not None:
                people.extend(n for n in names if n not in people)

    cut = min([len(rest)] + [m.start() for m in credits[:1]] + [m.start() for m in _SENTENCE_END.finditer(rest)][:1])
    _read_source(rest[:cut].strip(" ,;."), cite)
    return cite


def _take_url(s: str) -> tuple[str, str | None]:
    urls = list(_URL.finditer(s))
    if not urls:
        return s, None
    last = urls[-1]
    url = last.group().rstrip(".,;")
    return (s[: last.start()] + s[last.end() :]).strip(), url or None


def _take_title(s: str) -> tuple[str | None, str]:
    """The title and what follows it."""
    if s[:1] in _QUOTES:
        closers = [i for i, ch in enumerate(s) if i > 0 and ch in _QUOTES[s[0]]]
        # The title ends at the quote that a date follows; titles may quote too.
        end = next((i for i in closers if _date_starts(s[i + 1 :].lstrip(" ,"))), None)
        if end is None:
            end = next((i for i in closers if re.match(r"\s*(?:[,.]|$)", s[i + 1 :])), None)
        if end is None and closers:
            end = closers[-1]
        if end is not None:
            title = s[1:end].strip().rstrip(",").strip()
            return title or None, s[end + 1 :]
        s = s[1:]  # an opening quote that never closes
    found = find_date_span(s)
    if found is not None:
        title = s[: found[1]].strip(" ,")
        return title or None, s[found[1] :]
    # Neither quotes nor a date: the title is the first part before a comma.
    parts = _split_top(s)
    return (parts[0] or None, s[len(parts[0]) :]) if parts else (None, "")


def _date_starts(s: str) -> bool:
    found = find_date(s[:120])
    return found is not None and s.startswith(found[1])


def _read_source(s: str, cite: Citation) -> None:
    """Archive, repository, reference and pages from the source sentence."""
    parts = [p for p in (p.strip() for p in _split_top(s)) if p]
    archive = next((i for i, p in enumerate(parts[:3]) if _is_archive(p)), None)
    if archive is not None and archive > 0:
        # Only a date the dates module could not read may come before the archive.
        if cite.date_text is None and any(ch.isdigit() for ch in " ".join(parts[:archive])):
            cite.date_text = ", ".join(parts[:archive])
        else:
            archive = None
    if archive is not None:
        cite.source.archive = parts[archive]
        parts = parts[archive + 1 :]
    if not parts:
        return

    first, rest = parts[0], parts[1:]
    named = _NAMED_REPOSITORY.fullmatch(first)
    if named:
        cite.source.repository_name = named["name"] or None
        cite.source.repository = named["abbr"].strip()
        refs = [named["ref"]] + rest
    elif _REFERENCE_START.match(first):
        refs = parts
    else:
        # "PRC FMA 118-01767-01": the repository is the words before the first number.
        words = first.split()
        at = next((i for i, w in enumerate(words) if any(ch.isdigit() for ch in w)), len(words))
        cite.source.repository = " ".join(words[:at]) or None
        refs = [" ".join(words[at:])] + rest
    refs = [r.strip() for r in refs if r.strip()]

    pages_at = _pages_start(refs)
    if pages_at is not None:
        cite.source.pages = ", ".join(refs[pages_at:])
        refs = refs[:pages_at]
    cite.source.reference = ", ".join(refs) or None


def _pages_start(refs: list[str]) -> int | None:
    """Where the pages begin among the reference parts, if they are there.

    "ll. 193-194" and "pp. 7-11" say so; a bare "7-11" counts only after a
    reference (and a bare four-digit number is more likely a year).
    """
    for i in range(len(refs) - 1, -1, -1):
        if _PREFIXED_PAGES.fullmatch(refs[i]):
            if all(_BARE_PAGES.fullmatch(r) for r in refs[i + 1 :]):
                return i
            break
    if len(refs) > 1 and _BARE_PAGES.fullmatch(refs[-1]):
        return len(refs) - 1
    return None


def _is_archive(part: str) -> bool:
    return bool(_ARCHIVE_WORD.search(part)) and not _NAMED_REPOSITORY.fullmatch(part)


def _names(text: str) -> list[str]:
    """'A, B, and C' -> [A, B, C]."""
    names = []
    for name in _NAME_SPLIT.split(text):
        name = name.strip(" .;,")
        if name and name not in names:
            names.append(name)
    return names


def _split_top(s: str) -> list[str]:
    """Split on commas outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append(s[start:i])
            start = i + 1
    parts.append(s[start:])
    return parts
