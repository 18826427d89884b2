"""Where the tests' data lives. The reference record comes from ../shared when it is
beside the repository, else from the identical copy Recto ships as a sample."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
EXPORTS = TESTS / "data" / "exports"
BAD = TESTS / "data" / "bad"
REFERENCE_NAME = "yita-1962-08-10-soviet-statement.txt"
REF_ID = "yita-1962-08-10-soviet-statement"
SHARED_REFERENCE = REPO.parent / "shared" / "fixtures" / "records" / REFERENCE_NAME
SHIPPED_REFERENCE = REPO / "src" / "recto" / "samples" / REFERENCE_NAME
REFERENCE = SHARED_REFERENCE if SHARED_REFERENCE.exists() else SHIPPED_REFERENCE
SCHEMA_PATH = REPO / "src" / "recto" / "schema" / "record.schema.json"
