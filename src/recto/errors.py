"""Errors a user can act on. Each carries where the problem is and what it is."""

from __future__ import annotations


class RectoError(Exception):
    """Base class: the message is meant for the person at the terminal."""


class IngestError(RectoError):
    """A source could not be read as a record. Nothing of it was stored."""

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None):
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}"


class NotFound(RectoError):
    """No record with this id (or revision) in the archive."""


class ArchiveMissing(RectoError):
    """The archive directory has not been initialised."""
