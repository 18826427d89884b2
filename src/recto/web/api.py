"""The JSON API under /api/: the same services as the pages, as data.

Described by the OpenAPI document at /api/openapi.json (`openapi.py`).
"""

from __future__ import annotations

import hmac
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from recto.archive import Archive, alignment_json, show_json
from recto.search.service import MAX_PER_PAGE
from recto.store.base import Derived
from recto.web import views
from recto.web.openapi import OPENAPI

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise HTTPException(400, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def index(request: Request) -> Response:
    return JSONResponse(
        {
            "records": "/api/records",
            "record": "/api/records/{id}",
            "revisions": "/api/records/{id}/revisions",
            "search": "/api/search?q=",
            "openapi": "/api/openapi.json",
        }
    )


def records(request: Request) -> Response:
    page = _int(request, "page", 1, 1, 1_000_000)
    per_page = _int(request, "per_page", 50, 1, MAX_PER_PAGE)
    with request.app.state.pool.borrow() as archive:
        rows = archive.list(per_page, (page - 1) * per_page)
        total = archive.count()
    return JSONResponse(
        {"total": total, "page": page, "per_page": per_page, "records": [r.__dict__ for r in rows]}
    )


def record(request: Request) -> Response:
    record_id = request.path_params["record_id"]
    revision = _int(request, "revision", 0, 1, 1_000_000) or None
    with request.app.state.pool.borrow() as archive:
        stored = archive.get(record_id, revision)
        alignments = archive.shown_alignments(record_id, stored.revision)
    etag = views.etag(stored)
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={"etag": etag})
    return JSONResponse(show_json(stored, alignments), headers={"etag": etag, "cache-control": "no-cache"})


def revisions(request: Request) -> Response:
    record_id = request.path_params["record_id"]
    with request.app.state.pool.borrow() as archive:
        rows = archive.revisions(record_id)
    return JSONResponse({"id": record_id, "revisions": [r.__dict__ for r in rows]})


def extraction(request: Request) -> Response:
    """What was understood of the record's current revision: clean-up with its audit trail,
    structure, dates, entities, references, dated events."""
    record_id = request.path_params["record_id"]
    with request.app.state.pool.borrow() as archive:
        archive.get(record_id)
        data = archive.extraction(record_id)
    if data is None:
        raise HTTPException(404, f"record {record_id!r} has no extraction yet (run: recto derive {record_id})")
    return JSONResponse(data)


def alignments(request: Request) -> Response:
    """Every stored alignment of the record's current revision: the machine's and a curator's."""
    record_id = request.path_params["record_id"]
    with request.app.state.pool.borrow() as archive:
        stored = archive.get(record_id)
        rows = archive.alignments(record_id, stored.revision)
        shown = {(a.key, a.producer) for a in archive.shown_alignments(record_id, stored.revision)}
    return JSONResponse(
        {
            "id": record_id,
            "revision": stored.revision,
            "alignments": [
                {**entry, "shown": (row.key, row.producer) in shown} for row in rows for entry in alignment_json(row)
            ],
        }
    )


async def _curator_body(request: Request, required: str, kind: type, shape: str) -> dict:
    """A curator's JSON body, after the token: an object whose `required` field is a `kind`."""
    _require_token(request)
    try:
        data = await request.json()
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise HTTPException(400, f"the body must be JSON: {shape}") from None
    if not isinstance(data, dict) or not isinstance(data.get(required), kind):
        raise HTTPException(400, f"the body must be an object like {shape}")
    return data


async def correct_alignment(request: Request) -> Response:
    """A curator's alignment of one pair of texts (merge, split, relink beads): kept, shown first, never overwritten."""
    data = await _curator_body(request, "paragraphs", list, "{paragraphs: [[source ids], [target ids]]..., sentences, src_sentences, tgt_sentences}")
    return await _store_alignment(request, lambda archive, *where: archive.correct_alignment(*where, data), "alignment")


async def edit_alignment(request: Request) -> Response:
    """A curator's edits (merge, split, move beads) of the alignment readers see, stored as a curator's."""
    data = await _curator_body(request, "edits", list, '{"edits": [{"op": "merge", "beads": [3, 4]}, ...]}')
    return await _store_alignment(request, lambda archive, *where: archive.edit_alignment(*where, data), "edit")


async def _store_alignment(request: Request, write: Callable[[Archive, str, str], Derived], what: str) -> Response:
    """`write(archive, record id, key)` a curator's alignment, in a worker thread; 400 for a bad one."""
    record_id, key = request.path_params["record_id"], request.path_params["key"]

    def store() -> Response:
        with request.app.state.pool.borrow() as archive:
            try:
                row = write(archive, record_id, key)
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                raise HTTPException(400, f"not a valid {what}: {exc}") from None
        return JSONResponse({"id": record_id, "revision": row.revision, "alignments": alignment_json(row)})

    return await run_in_threadpool(store)


async def confirm_link(request: Request) -> Response:
    """A curator confirms (or rejects) that this record answers or refers to another."""
    data = await _curator_body(request, "target", str, '{"target": ID, "relation": "answers", "confirmed": true}')
    record_id = request.path_params["record_id"]

    def store() -> Response:
        with request.app.state.pool.borrow() as archive:
            try:
                row = archive.confirm_link(record_id, data["target"], str(data.get("relation", "answers")), bool(data.get("confirmed", True)))
            except ValueError as exc:
                raise HTTPException(400, str(exc)) from None
        return JSONResponse({"id": record_id, "target": row.key, **row.data})

    return await run_in_threadpool(store)


def search(request: Request) -> Response:
    params = views.SearchParams.from_query(request.query_params)
    if request.query_params.get("sort") not in (None, "", params.sort):
        raise HTTPException(400, "sort must be relevance, date or -date")
    facets = request.query_params.get("facets", "") in ("1", "true", "yes")
    with request.app.state.pool.borrow() as archive:
        results = archive.search(params.q, sort=params.sort, page=params.page, per_page=params.per_page, facets=facets)
    return JSONResponse(results.to_json())


def entity(request: Request) -> Response:
    entity_id = request.path_params["entity_id"]
    page = _int(request, "page", 1, 1, 10_000)
    with request.app.state.pool.borrow() as archive:
        found = archive.entity(entity_id, page=page)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r} in this archive")
    entry, results = found
    return JSONResponse({**entry, "records": results.to_json()})


def timeline(request: Request) -> Response:
    q = request.query_params.get("q", "")[: views.MAX_QUERY_PARAM]
    if not q.strip():
        raise HTTPException(400, "q is required: the search whose records make the timeline")
    with request.app.state.pool.borrow() as archive:
        events, found = archive.timeline(q)
    return JSONResponse({"query": q, "records": found.total, "events": events})


def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


def _require_token(request: Request) -> None:
    """Writes only with the operator's token; without one configured, none at all."""
    token = request.app.state.write_token
    if not token:
        raise HTTPException(403, "writes are disabled on this server (the operator has set no write token)")
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "a valid write token is required (Authorization: Bearer TOKEN)", headers={"www-authenticate": "Bearer"})


async def ingest(request: Request) -> Response:
    """Upload one export file (the body) to ingest; only with the operator's token."""
    _require_token(request)
    name = _SAFE_NAME.sub("-", request.query_params.get("filename", "")).strip(".-")[:120]
    if not name or "." not in name:
        raise HTTPException(400, "filename is required, with its extension (e.g. filename=statement.txt)")
    body = await request.body()
    return await run_in_threadpool(_ingest_body, request, name, body)


def _ingest_body(request: Request, name: str, body: bytes) -> Response:
    with tempfile.TemporaryDirectory(prefix="recto-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(body)
        with request.app.state.pool.borrow() as archive:
            report = archive.ingest([path], jobs=0)
    return JSONResponse(
        {
            "summary": report.summary(),
            "results": [{"id": r.id, "status": r.status, "revision": r.revision} for r in report.results],
            # Name the upload, not the temporary folder it passed through.
            "failures": [{"line": f.line, "reason": f.reason, "file": name} for f in report.failures],
        },
        status_code=200 if not report.failed else 422,
    )


def routes() -> list[Route]:
    return [
        Route("/api", index),
        Route("/api/", index),
        Route("/api/openapi.json", openapi),
        Route("/api/records", records),
        Route("/api/records/{record_id}/revisions", revisions),
        Route("/api/records/{record_id}/alignments", alignments),
        Route("/api/records/{record_id}/extraction", extraction),
        Route("/api/records/{record_id}/alignments/{key}", correct_alignment, methods=["PUT"]),
        Route("/api/records/{record_id}/alignments/{key}", edit_alignment, methods=["PATCH"]),
        Route("/api/records/{record_id}/links", confirm_link, methods=["PUT"]),
        Route("/api/records/{record_id}", record),
        Route("/api/search", search),
        Route("/api/entities/{entity_id}", entity),
        Route("/api/timeline", timeline),
        Route("/api/ingest", ingest, methods=["POST"]),
    ]
