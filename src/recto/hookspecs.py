"""Every extension point of Recto, declared in one place.

Recto uses pluggy (the plugin system of pytest and Datasette). A plugin is
a module or object with functions named like the specs below, marked with
`recto.hookimpl`, registered through the `recto` entry-point group or
`recto.plugins.pm.register()`. Recto's own readers are registered the same
way, so a third-party reader is a peer, not a special case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from recto.cite.formats import CitationFormat
    from recto.ingest.readers import Reader

hookspec = pluggy.HookspecMarker("recto")
hookimpl = pluggy.HookimplMarker("recto")


@hookspec
def recto_readers() -> list[Reader]:
    """Readers of export formats: each turns a file into records.

    Return a list of `recto.ingest.readers.Reader`. When a file is ingested,
    the readers are asked in turn whether they accept it (by file name and
    its first kilobytes); the first that does reads it.
    """


@hookspec
def recto_stemmers() -> dict[str, Callable[[str], str]]:
    """Stemmers by language subtag (`en`, `ru`, `pl`): each maps a lower-cased word to its stem.

    Search applies them to words of a text in that language, and to query
    words for every language the archive holds. The first plugin to name a
    language wins; Recto's own (Snowball via PyStemmer, Stempel for Polish)
    come last, so a plugin can replace them. Changing a stemmer changes index
    terms: run `recto reindex` afterwards.
    """


@hookspec
def recto_citation_formats() -> list[CitationFormat]:
    """Citation formats (RIS, BibTeX, ...): each a `recto.cite.formats.CitationFormat`.

    The record page offers every format as a download, `/records/{id}{extension}`.
    The first plugin to name a format wins; Recto's own (`recto.cite.builtin`)
    come last, so a plugin can replace them.
    """


@hookspec
def recto_gazetteers() -> list[dict]:
    """Gazetteer entries for `recto.extract.entities`: people, places, organisations.

    Each a dict `{"id", "type": person|place|organization, "names": {lang: [names]}}`,
    Chinese names in simplified characters. Entries with a built-in id add names to it.
    """


@hookspec
def recto_date_finders() -> dict[str, Callable]:
    """Date finders for running text by language subtag, for `recto.extract.dates`.

    Each maps (paragraph, document year or None) to an iterator of
    (start, end, year|None, month, day|None, part|None); the first plugin to
    name a language wins over Recto's own (zh, en, ru, de).
    """
