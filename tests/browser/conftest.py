"""End-to-end tests of the reading room in a real headless Chromium.

Debian's `chromium` package (/usr/bin/chromium), driven by Playwright for Python;
never a browser that Playwright downloads. The app runs under uvicorn in a
background thread on a free port of 127.0.0.1, over a temporary archive.

Without Chromium: under CI (CI=true) every browser test fails; elsewhere they
are skipped with the reason and how to install it (`make test` says so too).
RECTO_CHROMIUM may name another Chromium binary.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTALL_CHROMIUM,
    INSTALL_DEPS,
    REPO,
    SCREENSHOTS,
    LiveServer,
    build_archive,
    missing,
)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM}", INSTALL_CHROMIUM)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser(chromium_path) -> Iterator:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the Python package playwright is not installed", INSTALL_DEPS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The archive of the web tests: the reference record and tests/data/exports."""
    path = build_archive(tmp_path_factory.mktemp("browser") / "archive")
    with LiveServer(path) as server:
        yield server


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """new_page(**context_options) -> a Page on the live server; closed after the test.

    Every page fails its test on a JavaScript error or a dialog, and uses base_url.
    """
    contexts = []

    def make(server: LiveServer | None = None, **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=(server or live_server).url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []  # uncaught exceptions and dialogs, asserted empty at the end
        page.on("pageerror", lambda error: page.errors.append(f"pageerror: {error}"))
        page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.type} {dialog.message}"), dialog.dismiss()))
        return page

    yield make
    pages = [page for context in contexts for page in context.pages]
    for context in contexts:
        context.close()
    for page in pages:
        assert not page.errors, page.errors


@pytest.fixture(scope="session")
def screenshot() -> Callable:
    """screenshot(page, name): a full-page PNG in test-artifacts/screenshots/ for a person to look at."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.exists():
        missing(f"axe-core is not installed at {AXE.relative_to(REPO)}", INSTALL_DEPS)
    return AXE
