"""What some tests need from the machine (a browser, a Debian dictionary): when it is missing they
fail under CI (CI=true), where .ci/run installs it, and are skipped elsewhere, with the remedy."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(message: str, what: str) -> None:
    """Fail under CI, skip (with `message`, which names the remedy) elsewhere; `what` is missing."""
    if IN_CI:
        pytest.fail(message + f" (CI=true: a missing {what} is a failure, not a skip)", pytrace=False)
    pytest.skip(message)
