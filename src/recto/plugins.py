"""The plugin manager: Recto's built-in plugins plus any installed ones."""

from __future__ import annotations

import pluggy

from recto import hookspecs

DEFAULT_PLUGINS = ("recto.ingest.archive_text", "recto.ingest.jsonl", "recto.search.stemmers", "recto.cite.builtin")

pm = pluggy.PluginManager("recto")
pm.add_hookspecs(hookspecs)


def _load_defaults() -> None:
    import importlib

    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name)
    pm.load_setuptools_entrypoints("recto")


_load_defaults()
