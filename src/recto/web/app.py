"""The reading room: an ASGI application over one archive.

    uvicorn --factory 'recto.web.app:app_from_env'      # or: recto serve

HTML pages (`pages.py`) and the JSON API (`api.py`) call the same services
(`recto.archive.Archive`), each request borrowing one of a small pool of
archive connections. Everything public is read-only; ingest over HTTP exists
only when the operator sets a write token.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from recto.archive import Archive
from recto.web import api, pages
from recto.errors import NotFound
from recto.web.guard import LimitBody, ResponseHeaders, http_error, not_found, server_error

STATIC = Path(__file__).parent / "static"
MAX_BODY_BYTES = 25 * 1024 * 1024  # an upload of one export file, with room for JSON Lines


class ArchivePool:
    """A few open connections to one archive, lent to one request at a time.

    SQLite connections must not be shared by concurrent threads; a pool keeps
    per-connection caches (the facet table) few and warm.
    """

    def __init__(self, path: Path, size: int = 4):
        self.path = path
        self._idle: queue.Queue[Archive] = queue.Queue()
        for _ in range(size):
            self._idle.put(Archive.open(path))

    @contextmanager
    def borrow(self) -> Iterator[Archive]:
        archive = self._idle.get()
        try:
            yield archive
        finally:
            self._idle.put(archive)

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().close()


def create_app(archive_path: str | os.PathLike[str], *, write_token: str | None = None, pool_size: int = 4) -> Starlette:
    pool = ArchivePool(Path(archive_path), pool_size)
    app = Starlette(
        routes=[*api.routes(), Mount("/static", StaticFiles(directory=STATIC), name="static"), *pages.routes()],
        middleware=[Middleware(ResponseHeaders), Middleware(LimitBody, max_bytes=MAX_BODY_BYTES)],
        exception_handlers={HTTPException: http_error, NotFound: not_found, 500: server_error},
    )
    app.state.pool = pool
    app.state.write_token = write_token or None
    return app


def app_from_env() -> Starlette:
    """The app for `uvicorn --factory`: archive from RECTO_ARCHIVE, token from RECTO_WRITE_TOKEN."""
    return create_app(os.environ.get("RECTO_ARCHIVE", "archive"), write_token=os.environ.get("RECTO_WRITE_TOKEN"))
