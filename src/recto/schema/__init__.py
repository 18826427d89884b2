"""The JSON Schemas of what Recto reads from outside: a record (`record.schema.json`, JSON Lines
import), a curator's alignment (`alignment-correction.schema.json`, the API) and a curator's
edits of one (`alignment-edit.schema.json`).

`problem(data, name)` says in words the first way `data` breaks a schema, with where it is.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The schema `<name>.schema.json` of this package: "record", "alignment-correction", "alignment-edit"."""
    return json.loads(resources.files("recto.schema").joinpath(f"{name}.schema.json").read_text("utf-8"))


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load(name))


def problem(data: Any, name: str) -> str | None:
    """The first way `data` breaks schema `name`, as "where: what" (`paragraphs/0/1: -1 is less
    than the minimum of 0`), or None."""
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    error = errors[0]
    where = "/".join(str(p) for p in error.absolute_path)
    message = error.message if len(error.message) <= 200 else error.message[:200] + "…"  # it quotes the value
    return f"{where}: {message}" if where else message
