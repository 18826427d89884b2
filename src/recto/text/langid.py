"""Language identification: Unicode script first, then CLD2 inside a script.

Script decides most cases outright (Han, Hangul, Kana, Cyrillic against
Latin). Within a script, CLD2 (the pycld2 package, a compact model bundled
in the wheel) tells German from English or Hungarian. When the caller knows
which languages to expect (an export says its original language and its
translations), the choice is restricted to those.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import langcodes
import pycld2

# Script of a code point, by block; enough for the languages archives hold.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latin"),
    (0x0061, 0x007A, "Latin"),
    (0x00C0, 0x024F, "Latin"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"),
    (0x3040, 0x30FF, "Kana"),
    (0x3130, 0x318F, "Hangul"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0xF900, 0xFAFF, "Han"),
    (0x20000, 0x2FA1F, "Han"),
)

# The script each language is written in, for the languages where script
# alone identifies or excludes them.
_SCRIPT_OF_LANGUAGE = {
    "zh": "Han",
    "ja": "Kana",
    "ko": "Hangul",
    "ru": "Cyrillic",
    "uk": "Cyrillic",
    "be": "Cyrillic",
    "bg": "Cyrillic",
    "mk": "Cyrillic",
    "mn": "Cyrillic",
    "sr": "Cyrillic",
    "kk": "Cyrillic",
    "el": "Greek",
    "he": "Hebrew",
    "ar": "Arabic",
    "fa": "Arabic",
    "ka": "Georgian",
    "hy": "Armenian",
    "th": "Thai",
}

MIN_LETTERS = 4  # below this nothing is said: page numbers, stamps, "[...]"
MIN_LETTERS_WITHIN_SCRIPT = 15  # telling languages of one script apart needs more


def script_of(char: str) -> str | None:
    cp = ord(char)
    for lo, hi, name in _RANGES:
        if lo <= cp <= hi:
            return name
    return None


# Characters that may stand inside a run of one script's words without ending it.
_GLUE = r"[ \t,.;:'’\-]+"
_NOT_LETTER = re.compile(r"[ \t,.;:'’\-]")


def _script_runs() -> re.Pattern[str]:
    """One pattern whose named groups are runs of each script's words.

    Runs span spaces and light punctuation, so a sentence is one match rather
    than one match a word: this runs on every paragraph ingested.
    """
    classes: dict[str, list[str]] = {}
    for lo, hi, name in _RANGES:
        classes.setdefault(name, []).append(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
    groups = []
    for name, ranges in classes.items():
        letters = f"[{''.join(ranges)}]"
        groups.append(f"(?P<{name}>{letters}+(?:{_GLUE}{letters}+)*)")
    return re.compile("|".join(groups))


_SCRIPT_RUNS = _script_runs()


def scripts(text: str) -> Counter[str]:
    """Letters of `text` counted by script."""
    counts: Counter[str] = Counter()
    for match in _SCRIPT_RUNS.finditer(text):
        run = match.group()
        counts[match.lastgroup or ""] += len(run) - len(_NOT_LETTER.findall(run))
    return counts


def base(tag: str) -> str:
    """The language subtag of a BCP 47 tag: `zh-Hant` -> `zh`."""
    return tag.split("-", 1)[0].lower()


def script_for_language(tag: str) -> str:
    return _SCRIPT_OF_LANGUAGE.get(base(tag), "Latin")


def _dominant_script(counts: Counter[str]) -> str | None:
    if not counts:
        return None
    # Japanese mixes kana and kanji: any real share of kana makes it Japanese.
    if counts["Kana"] and counts["Kana"] >= 0.1 * (counts["Kana"] + counts["Han"]):
        return "Kana"
    # Korean may carry hanja; Hangul decides.
    if counts["Hangul"] and counts["Hangul"] >= 0.2 * (counts["Hangul"] + counts["Han"]):
        return "Hangul"
    return counts.most_common(1)[0][0]


def _cld2(text: str) -> list[tuple[str, int]]:
    """CLD2's guesses as (BCP 47 tag, percent), best first."""
    try:
        _reliable, _bytes, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        # CLD2 rejects some byte sequences (lone surrogates, controls).
        cleaned = "".join(ch for ch in text if ch.isprintable())
        try:
            _reliable, _bytes, details = pycld2.detect(cleaned, bestEffort=True)
        except pycld2.error:
            return []
    guesses = []
    for _name, code, percent, _score in details:
        if code in ("un", "xxx") or percent == 0:
            continue
        guesses.append((langcodes.standardize_tag(code), percent))
    return guesses


def detect(text: str, expected: Iterable[str] = ()) -> str | None:
    """The language of `text` as a BCP 47 tag, or None when there is too little to tell.

    `expected` restricts the answer to those languages when one of them fits
    the text's script; otherwise the text's own best guess is returned.
    """
    counts = scripts(text)
    if sum(counts.values()) < MIN_LETTERS:
        return None
    script = _dominant_script(counts)
    expected = [langcodes.standardize_tag(t) for t in expected]
    same_script = [t for t in expected if script_for_language(t) == script]
    if len(same_script) == 1:
        return _refine(text, same_script[0])
    if (len(same_script) > 1 or not same_script) and sum(counts.values()) < MIN_LETTERS_WITHIN_SCRIPT:
        return None  # "gez. H. Brandt": too little to tell German from English
    guesses = _cld2(text)
    if same_script:
        for tag, _percent in guesses:
            for candidate in same_script:
                if base(candidate) == base(tag):
                    return _refine(text, candidate)
        # CLD2 named none of the expected languages ("gez. Herbert Lehmann" reads
        # as Turkmen): claim nothing rather than guess.
        return None if script == "Latin" else same_script[0]
    if script == "Han":
        return _refine(text, "zh")
    for tag, _percent in guesses:
        if script_for_language(tag) == script:
            return tag
    # CLD2 had nothing to say: the script's main language, where it has one.
    return next((lang for lang, s in _SCRIPT_OF_LANGUAGE.items() if s == script), None)


def _refine(text: str, tag: str) -> str:
    """Keep a more specific tag CLD2 finds for the same language (`zh` -> `zh-Hant`)."""
    if base(tag) != "zh" or "-" in tag:
        return tag
    for guess, _percent in _cld2(text):
        if base(guess) == "zh":
            return guess if guess != "zh-Hans" else "zh"
    return tag


def language_tag(name: str) -> str | None:
    """A BCP 47 tag for a language name as exports write it (`Chinese` -> `zh`)."""
    name = name.strip()
    # No language is named with control characters, and langcodes' name index, a C library,
    # fails on a NUL in a name (SystemError, UnicodeDecodeError) instead of finding nothing.
    if not name or not name.isprintable():
        return None
    try:
        return langcodes.find(name).to_tag()
    except LookupError:
        pass
    try:  # already a tag?
        tag = langcodes.standardize_tag(name)
    except (ValueError, LookupError):
        return None
    return tag if langcodes.tag_is_valid(tag) and langcodes.Language.get(tag).is_valid() else None


def guess(text: str, expected: Iterable[str]) -> str | None:
    """CLD2's best guess among `expected` for text too short for `detect` to commit to.

    Weak evidence: callers should weigh it below `detect`'s answers.
    """
    if sum(scripts(text).values()) < MIN_LETTERS:
        return None
    candidates = [langcodes.standardize_tag(t) for t in expected]
    for tag, _percent in _cld2(text):
        for candidate in candidates:
            if base(candidate) == base(tag):
                return candidate
    return None
