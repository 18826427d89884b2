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


def _assign(segments: list[Segment], detected: list[str | None], weights: list[int], marks: list[bool]) -> list[int]:
    """The segment of each block: consecutive runs in segment order, least disagreement.

    Dynamic programming over blocks x segments, monotone in the segment index.
    A block's cost in a segment is its letter count when its detected
    language differs; blocks without a language cost nothing anywhere, except
    editorial marks, which lean towards translations (editors write them).
    """
    n, m = len(detected), len(segments)
    inf = float("inf")
    cost = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for s, seg in enumerate(segments):
            tag = detected[i]
            if tag is not None:
                cost[i][s] = 0.0 if langid.base(tag) == langid.base(seg.language) else float(weights[i])
            elif marks[i]:
                cost[i][s] = 0.0 if seg.role == "translation" else 0.5
    best = [[inf] * m for _ in range(n)]
    back = [[0] * m for _ in range(n)]
    for s in range(m):
        best[0][s] = cost[0][s] + s * 1e-9  # ties: earlier segment
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


def split_body(
    body: list[Block], originals: list[str], contents: list[ContentItem]
) -> list[Text]:
    """Divide the body paragraphs into the texts they belong to."""
    if not body:
        return []
    expected = [t for c in contents if c.language for t in [c.language]] + originals
    detected = [langid.detect(b.text, expected) for b in body]
    weights = [sum(langid.scripts(b.text).values()) for b in body]
    marks = [is_mark_paragraph(b.text) for b in body]
    segments = _expected_segments(originals, contents, detected, weights)
    if not segments:
        segments = [Segment("original", detected_majority(detected, weights) or "und")]
    assignment = _assign(segments, detected, weights, marks)
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
