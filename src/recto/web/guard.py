"""What stands between the network and the archive: headers, size limits, error bodies.

Pure ASGI middleware, so they also cover static files and streaming bodies.
"""

from __future__ import annotations

import logging
import time

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("recto.web")

HEADERS = [
    # Scripts and styles only from this site; no framing; no sniffing.
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class ResponseHeaders:
    """Security headers on every response, and how long the app took (`Server-Timing: app;dur=ms`)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = f"app;dur={(time.perf_counter() - start) * 1000:.1f}".encode()
                message["headers"] = [*message.get("headers", []), *HEADERS, (b"server-timing", took)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    pass


class LimitBody:
    """Refuse request bodies over `max_bytes`, by declared length or as they stream in."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _too_large(self.max_bytes)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            await _too_large(self.max_bytes)(scope, receive, send)


def _too_large(limit: int) -> Response:
    return JSONResponse({"error": "request too large", "limit_bytes": limit}, status_code=413)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if wants_json(request):
        return JSONResponse({"error": exc.detail, "status": exc.status_code}, status_code=exc.status_code, headers=exc.headers)
    from recto.web.pages import error_page

    return error_page(request, exc.status_code, str(exc.detail))


async def not_found(request: Request, exc: Exception) -> Response:
    """An unknown record (or revision) anywhere is a 404, with the store's own words."""
    return await http_error(request, HTTPException(404, str(exc)))


async def server_error(request: Request, exc: Exception) -> Response:
    """Log the trace for the operator; tell the client only that it failed."""
    log.exception("error serving %s", request.url.path)
    if wants_json(request):
        return JSONResponse({"error": "internal error", "status": 500}, status_code=500)
    return PlainTextResponse("Internal error. The problem has been logged.", status_code=500)
