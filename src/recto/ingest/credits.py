"""Donors named in an export's Credits section.

"This document was made possible with support from the MacArthur Foundation
and the Henry Luce Foundation." -> ["MacArthur Foundation", "Henry Luce
Foundation"]. Best effort and never raises: the sentence itself is kept on the
record (`Record.credits`), so a donor missed here is not lost.
"""

from __future__ import annotations

import re

# What introduces the donors in a sentence: "support from", "funded by", ...
_DONORS_FOLLOW = re.compile(
    r"\b(?:(?:support|funding|funds|grants?|contributions?|generosity)\s+(?:from|of|by)"
    r"|(?:funded|supported|sponsored|underwritten|made possible)(?:\s+in\s+part)?\s+(?:by|through)"
    r"|courtesy\s+of)\s+(?P<donors>.+)",
    re.IGNORECASE,
)
# A full stop ends a sentence after a word of three letters or more (not after
# "U.S" or an initial) when a capital letter follows.
_SENTENCE_END = re.compile(r"(?<=\w\w\w)\.\s+(?=[A-Z])")
_LEADING = re.compile(r"^(?:and\s+|&\s*)?(?:the\s+)?")


def parse_donors(text: str) -> list[str]:
    """Every donor named in the credits text, in order, each once."""
    donors: list[str] = []
    for sentence in _SENTENCE_END.split(" ".join(str(text).split())):
        m = _DONORS_FOLLOW.search(sentence)
        if m is None:
            continue
        for donor in _split_list(m["donors"].strip().rstrip(".;")):
            if donor not in donors:
                donors.append(donor)
    return donors


def _split_list(s: str) -> list[str]:
    """'A (AB), the B, and the C' -> [A (AB), B, C]; commas in parentheses stay."""
    items: list[str] = []
    for part in _split_outside_parens(s, ","):
        for piece in _split_and(part):
            # Lower-case "the" is grammar; "The Asia Foundation" is a name.
            piece = _LEADING.sub("", piece.strip(" .;"), count=1).strip(" .;")
            if piece:
                items.append(piece)
    return items


def _split_and(part: str) -> list[str]:
    """Split on " and " outside parentheses, unless what follows is one word.

    "the Korea Foundation and the Luce Foundation" is two donors; "Ministry of
    Science and Technology" is one.
    """
    pieces = _split_outside_parens(part, " and ")
    merged = [pieces[0]]
    for piece in pieces[1:]:
        if len(piece.split()) <= 1:
            merged[-1] = f"{merged[-1]} and {piece}"
        else:
            merged.append(piece)
    return merged


def _split_outside_parens(s: str, sep: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(s):
        ch = s[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and s.startswith(sep, i):
            parts.append(s[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    parts.append(s[start:])
    return parts
