"""Every extension point of Recto, declared in one place.

Recto uses pluggy (the plugin system of pytest and Datasette). A plugin is
a module or object with functions named like the specs below, marked with
`recto.hookimpl`, registered through the `recto` entry-point group or
`recto.plugins.pm.register()`. Recto's own readers are registered the same
way, so a third-party reader is a peer, not a special case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
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
