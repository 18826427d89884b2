"""What the browser tests share: paths, the live server, the test archive, how a missing browser is reported.

(A module of its own, not conftest.py, so that test modules can import it by a name no other folder uses.)
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path


from recto.archive import Archive
from recto.web.app import create_app

from machine import unavailable
from paths import EXPORTS, REF_ID, REFERENCE, REPO

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("RECTO_CHROMIUM", "/usr/bin/chromium"))
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"

INSTALL_CHROMIUM = (
    "install Debian's Chromium: `sudo apt-get install chromium fonts-noto-cjk` (the fonts for Chinese, Japanese "
    "and Korean text); Playwright must not download a browser of its own"
)
INSTALL_DEPS = "run `make test`, which installs Playwright (the test extra) and axe-core (npm, into tests/browser)"
# Chromium as root in a container, on a machine with no network beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(what: str, remedy: str) -> None:
    """Fail under CI, skip (with the reason and the remedy) elsewhere."""
    unavailable(f"browser tests cannot run: {what}; {remedy}", "browser")


class LiveServer:
    """uvicorn serving `create_app(archive)` on 127.0.0.1, in a daemon thread."""

    def __init__(self, archive: Path):
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        host, port = self.socket.getsockname()
        self.url = f"http://{host}:{port}"
        config = uvicorn.Config(create_app(archive), log_level="warning", lifespan="off", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


def build_archive(path: Path, *records) -> Path:
    with Archive.init(path) as archive:
        report = archive.ingest([REFERENCE, EXPORTS], jobs=0)
        assert report.failed == 0, report.summary()
        for record in records:
            archive.put(record)
    return path
