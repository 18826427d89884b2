"""Finding the files to ingest and reading them safely as text.

Every check that can reject a file happens here, before any reader runs:
size, emptiness, binary content, encoding. Each rejection is one
`IngestError` naming the file and, where it helps, the line.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from pathlib import Path

from recto.errors import IngestError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_FILE_BYTES = int(os.environ.get("RECTO_MAX_FILE_MB", "20")) * 1024 * 1024


def walk(paths: list[Path], extensions: set[str]) -> Iterator[Path]:
    """Files named on the command line, and files with a known extension inside folders.

    Folders are walked in sorted order so a batch is reproducible; hidden
    files and folders are skipped. A path that does not exist is yielded
    as is, so that reading it reports the problem in the batch.
    """
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in extensions:
                        yield Path(root, name)
        else:
            yield path


def read_text(path: Path, encoding: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text, or an IngestError saying why it cannot be had."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError("no such file", path=name) from None
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror}", path=name) from None
    if size > max_bytes:
        raise IngestError(
            f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit (set RECTO_MAX_FILE_MB to raise it)",
            path=name,
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror}", path=name) from None
    return decode(data, name, encoding)


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    if not data.strip():
        raise IngestError("file is empty", path=name)
    if encoding:
        try:
            return _normalise(data.decode(encoding))
        except LookupError:
            raise IngestError(f"unknown encoding {encoding!r}", path=name) from None
        except UnicodeDecodeError as exc:
            raise IngestError(f"not valid {encoding} at line {_line_at(data, exc.start)}", path=name) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _normalise(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise IngestError(f"not valid UTF-16 (byte {exc.start}: {exc.reason}); the file may be cut short", path=name) from None
    if b"\x00" in data[:8192]:
        raise IngestError("binary file (contains NUL bytes), not a text export", path=name)
    try:
        return _normalise(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = _line_at(data, exc.start)
        hint = _guess_encoding(data)
        if hint is None:
            raise IngestError(f"binary or undecodable file (invalid UTF-8 at line {line})", path=name, line=line) from None
        raise IngestError(
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x}); it looks like {hint}: "
            f"re-save it as UTF-8 or ingest it with --encoding {hint}",
            path=name,
            line=line,
        ) from None


def _normalise(text: str) -> str:
    # One newline convention for every reader; control characters other than
    # tab and newline are never meaningful in an export.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _guess_encoding(data: bytes) -> str | None:
    """The encoding charset-normalizer believes the bytes are in, if it is sure."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    return best.encoding.replace("_", "-")
