"""Reader for the plain-text export of public document archives.

The layout (see ../shared/fixtures/records/): a date line, a title line,
then labelled sections (`Citation:`, `Summary:`, `Credits:`, `Original
Language:`, `Contents:`), each label on a line of its own followed by its
value, then the body: the original-language text followed by the
translation(s), paragraphs separated by blank lines.

The body has no markers between original and translation, so it is split
by language: every paragraph is identified (script, then CLD2), and the
paragraphs are divided into consecutive runs, one per text the export
declares, choosing the division that disagrees least with the paragraphs'
languages. Short paragraphs that say nothing of their language (page
numbers, stamps, `KP 19/8`) stay with their neighbours.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from recto.dates import ParsedDate, parse_date
from recto.errors import IngestError
from recto.hookspecs import hookimpl
from recto.ingest.citation import parse_citation
from recto.ingest.credits import parse_donors
from recto.ingest.readers import Item, Reader
from recto.record import ContentItem, Record, Source, Text
from recto.text import langid
from recto.text.annotations import is_mark_paragraph, split_marks

# Section labels this reader understands, by their normalised name.
KNOWN_LABELS = {
    "citation": "citation",
    "summary": "summary",
    "credits": "credits",
    "original language": "original_language",
    "original languages": "original_language",
    "contents": "contents",
    "type": "type",
    "document type": "type",
    "keywords": "keywords",
    "invented example": "invented",
}
# Any other short "Label:" line in the header is kept in `extra`.
_LABEL = re.compile(r"^([A-Z][A-Za-z &/'-]{1,40}):\s*$")
_SPLIT_LIST = re.compile(r"\s*(?:,|;|\band\b)\s*")


@dataclass
class Block:
    """A paragraph of the file: its lines joined, and the line it starts on."""

    text: str
    line: int


def blocks_of(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.append(Block("\n".join(current), start))
            current = []
    if current:
        blocks.append(Block("\n".join(current), start))
    return blocks


def _label_of(block: Block) -> str | None:
    if "\n" in block.text:
        return None
    match = _LABEL.match(block.text)
    return match.group(1).strip() if match else None


@dataclass
class Header:
    date: ParsedDate | None = None
    date_text: str | None = None
    title: str | None = None
    sections: dict[str, tuple[str, int]] | None = None  # name -> (value, line)


def _read_header(blocks: list[Block], path: str) -> tuple[Header, list[Block]]:
    """Split the header (date, title, labelled sections) from the body blocks.

    A section's value runs to the next label; the last known label takes one
    block, and the body begins after it. Unknown labels count only before
    the last known one, so a "Distribution:" line in a translation stays prose.
    """
    known = [i for i, b in enumerate(blocks) if (_label_of(b) or "").lower() in KNOWN_LABELS]
    if not known:
        raise IngestError("no header sections (Citation:, Summary:, Contents: …); not an archive text export", path=path)
    last = known[-1]
    labels = [i for i, b in enumerate(blocks[: last + 1]) if _label_of(b)]
    head = blocks[: labels[0]]
    header = Header(sections={})
    if not head:
        raise IngestError("no title before the first section", path=path, line=blocks[0].line)
    title_blocks = head
    if len(head) >= 2:
        date_block, title_blocks = head[0], head[1:]
        try:
            header.date = parse_date(date_block.text)
        except ValueError as exc:
            raise IngestError(f"{exc} (expected e.g. 'August 10, 1962', 'September 1962' or '1958')", path=path, line=date_block.line) from None
        header.date_text = date_block.text
    header.title = " ".join(b.text.replace("\n", " ") for b in title_blocks)

    assert header.sections is not None
    for k, i in enumerate(labels):
        end = labels[k + 1] if k + 1 < len(labels) else min(i + 2, len(blocks))
        label = _label_of(blocks[i]) or ""
        value = blocks[i + 1 : end]
        if not value:
            raise IngestError(f"the {label!r} section has no value; the file looks truncated", path=path, line=blocks[i].line)
        name = KNOWN_LABELS.get(label.lower(), label)
        header.sections[name] = ("\n\n".join(b.text for b in value), blocks[i].line)
    return header, blocks[min(last + 2, len(blocks)) :]


def parse_contents(value: str) -> list[ContentItem]:
    items = []
    for line in value.splitlines():
        label = line.strip()
        if label:
            items.append(_content_item(label))
    return items


_ROLE_WORDS = {
    "translation": "translation",
    "transcript": "transcript",
    "transcription": "transcript",
    "original": "original",
}


def _content_item(label: str) -> ContentItem:
    lowered = label.lower()
    if "scan" in lowered or "facsimile" in lowered or "image" in lowered:
        return ContentItem(label, "scan", "original")
    words = [w for w in re.split(r"[\s\-–—:()]+", label) if w]
    role = next((_ROLE_WORDS[w.lower()] for w in words if w.lower() in _ROLE_WORDS), None)
    language = None
    for word in words:
        if word.lower() in _ROLE_WORDS:
            continue
        language = langid.language_tag(word)
        if language:
            break
    if role is None and language is None:
        return ContentItem(label, "other")
    return ContentItem(label, "text", role or "original", language)


def _language_list(value: str) -> tuple[list[str], list[str]]:
    """Language names to tags; names that are not languages come back apart."""
    tags, unknown = [], []
    for name in _SPLIT_LIST.split(value.replace("\n", ",")):
        if not name.strip():
            continue
        tag = langid.language_tag(name)
        (tags if tag else unknown).append(tag or name.strip())
    return tags, unknown


@dataclass(frozen=True)
class Segment:
    role: str
    language: str


def _expected_segments(
    originals: list[str], contents: list[ContentItem], detected: list[str | None], weights: list[int]
) -> list[Segment]:
    """The texts the body should hold, in order: originals first, then translations."""
    transcribed = {langid.base(c.language) for c in contents if c.role == "transcript" and c.language}
    segments: list[Segment] = []
    text_items = [c for c in contents if c.kind == "text" and c.language]
    has_original_text = not contents or any(c.kind == "scan" or c.role in ("original", "transcript") for c in contents)
    if has_original_text:
        for tag in originals:
            role = "transcript" if langid.base(tag) in transcribed else "original"
            segments.append(Segment(role, tag))
    for item in text_items:
        assert item.language is not None
        if not any(langid.base(s.language) == langid.base(item.language) for s in segments):
            segments.append(Segment(item.role or "translation", item.language))

    # Languages the body plainly holds but the header did not declare.
    total = sum(weights) or 1
    share: Counter[str] = Counter()
    order: list[str] = []
    for tag, weight in zip(detected, weights):
        if tag:
            share[langid.base(tag)] += weight
            if langid.base(tag) not in order:
                order.append(langid.base(tag))
    declared = {langid.base(s.language) for s in segments}
    for lang in order:
        if lang not in declared and share[lang] >= 0.1 * total:
            role = "original" if not segments or lang in {langid.base(t) for t in originals} else "translation"
            position = 0 if role == "original" else len(segments)
            segments.insert(position, Segment(role, lang))
            declared.add(lang)
    return segments


# How much a block's evidence costs when it disagrees with the segment it is put in.
SCRIPT_MISMATCH = 10.0  # per letter: a Han paragraph is never English
LANGUAGE_MISMATCH = 1.0  # per letter: CLD2 within one script
FULL_CONFIDENCE_LETTERS = 80
WEAK_MISMATCH = 0.25  # per letter: CLD2's guess on a short block
MARK_OUTSIDE_TRANSLATION = 0.5
BALANCE_TOLERANCE = 30.0  # cost within which the more even split of two texts wins


@dataclass(frozen=True)
class Evidence:
    """What a body block says about its language."""

    script: str | None  # dominant script of its letters
    tag: str | None  # confident language, or None
    guess: str | None  # a weak guess for short blocks
    letters: int
    mark: bool  # only editorial marks


def _evidence(block: Block, expected: list[str]) -> Evidence:
    counts = langid.scripts(block.text)
    letters = sum(counts.values())
    tag = langid.detect(block.text, expected)
    guess = None if tag else langid.guess(block.text, expected)
    script = counts.most_common(1)[0][0] if counts else None
    return Evidence(script, tag, guess, letters, is_mark_paragraph(block.text))


def _cost(e: Evidence, segment: Segment) -> float:
    if e.mark:
        return 0.0 if segment.role == "translation" else MARK_OUTSIDE_TRANSLATION
    if e.script and e.letters >= langid.MIN_LETTERS and e.script not in _scripts_of(segment.language):
        return SCRIPT_MISMATCH * e.letters
    if e.tag:
        # CLD2 grows reliable with length: a title full of names is weak evidence.
        confidence = min(1.0, e.letters / FULL_CONFIDENCE_LETTERS)
        return 0.0 if langid.base(e.tag) == langid.base(segment.language) else LANGUAGE_MISMATCH * e.letters * confidence
    if e.guess:
        return 0.0 if langid.base(e.guess) == langid.base(segment.language) else WEAK_MISMATCH * e.letters
    return 0.0


def _scripts_of(language: str) -> tuple[str, ...]:
    script = langid.script_for_language(language)
    # Japanese is kana and kanji; Korean may carry hanja.
    return {"Kana": ("Kana", "Han"), "Hangul": ("Hangul", "Han")}.get(script, (script,))


def _assign(segments: list[Segment], evidence: list[Evidence]) -> list[int]:
    """The segment of each block: consecutive runs in segment order, least disagreement.

    Dynamic programming over blocks x segments, monotone in the segment index;
    ties go to the earlier segment. For the usual pair (original, translation)
    every boundary is tried, and among those that cost almost the least the
    most even split wins: a translation mirrors its original paragraph by
    paragraph, which settles short closing lines ("gez. Helmut Krause") that
    language identification cannot.
    """
    n, m = len(evidence), len(segments)
    cost = [[_cost(e, seg) for seg in segments] for e in evidence]
    if m == 2:
        return _assign_pair(cost, evidence)
    inf = float("inf")
    best = [[inf] * m for _ in range(n)]
    back = [[0] * m for _ in range(n)]
    for s in range(m):
        best[0][s] = cost[0][s] + s * 1e-9
    for i in range(1, n):
        running, arg = inf, 0
        for s in range(m):
            if best[i - 1][s] < running:
                running, arg = best[i - 1][s], s
            best[i][s] = running + cost[i][s]
            back[i][s] = arg
    s = min(range(m), key=lambda k: (best[n - 1][k], k))
    assignment = [0] * n
    for i in range(n - 1, -1, -1):
        assignment[i] = s
        s = back[i][s]
    return assignment


def _assign_pair(cost: list[list[float]], evidence: list[Evidence]) -> list[int]:
    n = len(cost)
    # total[k]: blocks before k in the first text, from k on in the second.
    tail = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        tail[i] = tail[i + 1] + cost[i][1]
    head, totals = 0.0, []
    for k in range(n + 1):
        totals.append(head + tail[k])
        if k < n:
            head += cost[k][0]
    least = min(totals)
    prose = [0]
    for e in evidence:
        prose.append(prose[-1] + (0 if e.mark else 1))

    def imbalance(k: int) -> int:
        return abs(prose[k] - (prose[n] - prose[k]))

    k = min((k for k in range(n + 1) if totals[k] <= least + BALANCE_TOLERANCE), key=lambda k: (imbalance(k), totals[k], k))
    return [0] * k + [1] * (n - k)


def split_body(
    body: list[Block], originals: list[str], contents: list[ContentItem]
) -> list[Text]:
    """Divide the body paragraphs into the texts they belong to."""
    if not body:
        return []
    expected = [t for c in contents if c.language for t in [c.language]] + originals
    evidence = [_evidence(b, expected) for b in body]
    detected = [e.tag for e in evidence]
    weights = [e.letters for e in evidence]
    segments = _expected_segments(originals, contents, detected, weights)
    if not segments:
        segments = [Segment("original", detected_majority(detected, weights) or "und")]
    assignment = _assign(segments, evidence) if len(segments) > 1 else [0] * len(body)
    texts = []
    for s, segment in enumerate(segments):
        paragraphs = [b.text for b, a in zip(body, assignment) if a == s]
        if not paragraphs:
            continue
        tags = [d for d, a in zip(detected, assignment) if a == s and d]
        prose, annotations = split_marks(paragraphs)
        texts.append(Text(segment.role, _text_language(segment.language, tags), prose, annotations))
    return texts


def detected_majority(detected: list[str | None], weights: list[int]) -> str | None:
    share: Counter[str] = Counter()
    for tag, weight in zip(detected, weights):
        if tag:
            share[tag] += weight
    return share.most_common(1)[0][0] if share else None


def _text_language(declared: str, tags: list[str]) -> str:
    """The declared language, made specific where detection agrees (`zh` -> `zh-Hant`)."""
    same = Counter(t for t in tags if langid.base(t) == langid.base(declared))
    if same:
        tag = same.most_common(1)[0][0]
        if tag.startswith(declared):
            return tag
    return declared


def parse(text: str, *, path: str = "<input>", record_id: str) -> Record:
    """Read one archive text export into a Record. Raises IngestError."""
    blocks = blocks_of(text)
    if not blocks:
        raise IngestError("the file has no text", path=path)
    header, body = _read_header(blocks, path)
    sections = header.sections or {}

    def section(name: str) -> str | None:
        return sections[name][0] if name in sections else None

    citation_text = section("citation")
    citation = parse_citation(citation_text) if citation_text else None
    date, date_text = header.date, header.date_text
    if date is None and citation and citation.date_text:
        try:
            date, date_text = parse_date(citation.date_text), citation.date_text
        except ValueError:
            date = None
    if header.title is None:
        raise IngestError("no title", path=path)

    languages: dict[str, list[str]] = {}
    extra: dict[str, str] = {}
    originals: list[str] = []
    if section("original_language"):
        originals, unknown = _language_list(section("original_language") or "")
        if unknown:
            extra["Original Language"] = section("original_language") or ""
    contents = parse_contents(section("contents") or "")
    texts = split_body(body, originals, contents)
    if not texts and any(c.kind == "text" for c in contents):
        listed = ", ".join(c.label for c in contents if c.kind == "text")
        raise IngestError(f"Contents lists {listed} but the file has no body text; it looks truncated", path=path)
    if not originals:
        originals = [t.language for t in texts if t.role in ("original", "transcript")][:1]
    if originals:
        languages["original"] = [langid.base(t) if langid.base(t) != "zh" else t for t in originals]
    translations = [t.language for t in texts if t.role == "translation"]
    translations += [c.language for c in contents if c.role == "translation" and c.language]
    if translations:
        languages["translation"] = list(dict.fromkeys(langid.base(t) for t in translations))

    for name, (value, _line) in sections.items():
        if name not in ("citation", "summary", "credits", "original_language", "contents", "type", "keywords", "invented"):
            extra[name] = value
    credits = section("credits")
    keywords = [k for k in _SPLIT_KEYWORDS.split(section("keywords") or "") if k.strip()]
    return Record(
        id=record_id,
        title=header.title,
        date=date.edtf if date else None,
        date_precision=date.precision if date else None,
        date_text=date_text,
        type=section("type"),
        summary=section("summary"),
        citation=citation_text,
        source=citation.source if citation else Source(),
        translators=citation.translators if citation else [],
        editors=citation.editors if citation else [],
        donors=parse_donors(credits) if credits else [],
        credits=credits,
        languages=languages,
        contents=contents,
        texts=texts,
        keywords=[k.strip() for k in keywords],
        invented="invented" in sections,
        extra=extra,
    )


_SPLIT_KEYWORDS = re.compile(r"[;\n,]")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def record_id_for(path: Path) -> str:
    """A record's id from its export file name: stable across re-exports of the same document."""
    stem = _ID_UNSAFE.sub("-", path.stem).strip("-.").lower()
    return stem[:120] or "record"


def _accepts(path: Path, head: str) -> bool:
    return path.suffix.lower() in (".txt", "") or bool(re.search(r"^(Citation|Contents|Summary):\s*$", head, re.M))


def _read(path: Path, text: str) -> Iterator[Item | IngestError]:
    try:
        record = parse(text, path=str(path), record_id=record_id_for(path))
    except IngestError as exc:
        yield exc
        return
    yield Item(record, text.encode("utf-8"))


READER = Reader(name="archive-text", extensions=(".txt",), accepts=_accepts, read=_read)


@hookimpl
def recto_readers() -> list[Reader]:
    return [READER]
