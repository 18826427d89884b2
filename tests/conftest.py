"""Shared fixtures for Recto's tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from paths import REFERENCE, REPO, SCHEMA_PATH, TESTS

# Variables that change what the `recto` command does; tests start without them.
_RECTO_ENV = ("RECTO_ARCHIVE", "RECTO_DEBUG", "RECTO_MAX_FILE_MB")


@pytest.fixture
def reference_record() -> Path:
    """The reference record: the shared fixture when present, else the identical shipped copy."""
    return REFERENCE


@pytest.fixture
def exports_dir() -> Path:
    return TESTS / "data" / "exports"


@pytest.fixture
def bad_dir() -> Path:
    return TESTS / "data" / "bad"


@pytest.fixture
def schema_path() -> Path:
    return SCHEMA_PATH


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A path for a fresh archive (not yet initialised)."""
    return tmp_path / "archive"


_DEFAULT = object()

RunRecto = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def run_recto(archive: Path, tmp_path: Path) -> RunRecto:
    """Run the `recto` command as a real subprocess.

    run_recto(args, archive=<tmp archive>, env=None, input=None) -> CompletedProcess (text).
    `archive=None` passes no --archive option (for RECTO_ARCHIVE or the default).
    `env` adds variables to a clean copy of the environment (a value of None removes one).
    The command runs in tmp_path, so the default ./archive never lands in the repository.
    """

    def run(
        args: Sequence[str | os.PathLike[str]],
        archive: Path | str | None = _DEFAULT,  # type: ignore[assignment]
        env: Mapping[str, str | None] | None = None,
        input: str | None = None,
        timeout: float = 300,
    ) -> subprocess.CompletedProcess:
        target = archive_default if archive is _DEFAULT else archive
        command = [sys.executable, "-m", "recto.cli"]
        if target is not None:
            command += ["--archive", str(target)]
        command += [str(a) for a in args]
        environment = {k: v for k, v in os.environ.items() if k not in _RECTO_ENV}
        environment["PYTHONIOENCODING"] = "utf-8"
        for key, value in (env or {}).items():
            if value is None:
                environment.pop(key, None)
            else:
                environment[key] = value
        return subprocess.run(
            command,
            input=input,
            stdin=subprocess.DEVNULL if input is None else None,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=environment,
            cwd=tmp_path,
            timeout=timeout,
        )

    archive_default = archive
    return run
