"""The registry of citation formats, filled through the plugin system.

Recto's own formats come from the plugin `recto.cite.builtin`, registered like
any third-party one; a plugin that offers a format under a name already taken
replaces it (Recto's own are asked last), so a site can swap in its own Chicago.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from recto.record import Record


@dataclass(frozen=True)
class CitationFormat:
    name: str  # "ris": used in URLs (/records/{id}.ris) and the API
    extension: str  # ".ris"
    media_type: str  # "application/x-research-info-systems"
    render: Callable[[Record], str]
    label: str = ""  # for a download link: "RIS (Zotero, EndNote)"


def formats() -> dict[str, CitationFormat]:
    """Every installed format by name; the first plugin to offer a name wins."""
    from recto.plugins import pm  # late: recto.plugins imports the builtin plugin, which imports us

    found: dict[str, CitationFormat] = {}
    for offered in pm.hook.recto_citation_formats():
        for fmt in offered:
            found.setdefault(fmt.name, fmt)
    return found


def by_extension(extension: str) -> CitationFormat | None:
    """The format a file extension asks for (".bib", "bib"), if any."""
    wanted = "." + extension.lstrip(".").lower()
    return next((f for f in formats().values() if f.extension == wanted), None)


def render(record: Record, name: str) -> str:
    """The record in format `name`; KeyError names the formats there are."""
    table = formats()
    if name not in table:
        raise KeyError(f"no citation format {name!r}; there are {', '.join(sorted(table))}")
    return table[name].render(record)
