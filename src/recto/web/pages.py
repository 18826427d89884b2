"""The HTML pages: home, search, record, citation downloads, a record's aligned sentences (TMX).

Server-rendered with Jinja2 (autoescaping on: every value from a record is
escaped); they work without JavaScript, which only adds highlighting and
layout switching. Each handler calls the archive's services, like the API.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from recto.cite import formats
from recto.search.service import MAX_PER_PAGE
from recto.web import views

# Autoescape everything, whatever a template's name: every value from a record is untrusted.
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True))
templates.env.globals["query_url"] = lambda **params: "/search?" + urlencode({k: v for k, v in params.items() if v})
templates.env.filters["marked"] = views.marked
templates.env.filters["language_name"] = views.language_name
templates.env.globals["language_name"] = views.language_name


def home(request: Request) -> Response:
    with request.app.state.pool.borrow() as archive:
        context = views.home(archive)
    return templates.TemplateResponse(request, "home.html", context)


def search(request: Request) -> Response:
    params = views.SearchParams.from_query(request.query_params)
    with request.app.state.pool.borrow() as archive:
        context = views.search(archive, params)
    return templates.TemplateResponse(request, "search.html", context)


def record(request: Request) -> Response:
    record_id = request.path_params["record_id"]
    layout = request.query_params.get("layout", "side")
    with request.app.state.pool.borrow() as archive:
        context = views.record(archive, record_id, layout, str(request.url.replace(query="")))
    response = templates.TemplateResponse(request, "record.html", context)
    response.headers["etag"] = views.etag(context["stored"])
    return response


def aligned_sentences(request: Request) -> Response:
    record_id = request.path_params["record_id"]
    with request.app.state.pool.borrow() as archive:
        response = views.aligned_sentences_download(archive, record_id)
    if response is None:
        raise HTTPException(404, f"Record {record_id!r} has no aligned sentences.")
    return response


def citation(name: str):  # -> endpoint
    def download(request: Request) -> Response:
        record_id = request.path_params["record_id"]
        with request.app.state.pool.borrow() as archive:
            return views.citation_download(archive, record_id, name)

    return download


def entity(request: Request) -> Response:
    entity_id = request.path_params["entity_id"]
    params = views.SearchParams.from_query(request.query_params)
    with request.app.state.pool.borrow() as archive:
        context = views.entity(archive, entity_id, params.page)
    if context is None:
        raise HTTPException(404, f"No entity {entity_id!r} in this archive.")
    return templates.TemplateResponse(request, "entity.html", context)


def timeline(request: Request) -> Response:
    params = views.SearchParams.from_query(request.query_params)
    with request.app.state.pool.borrow() as archive:
        context = views.timeline(archive, params.q)
    return templates.TemplateResponse(request, "timeline.html", context)


def error_page(request: Request, status: int, message: str) -> Response:
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status_code=status)


def routes() -> list[Route]:
    return [
        Route("/", home, name="home"),
        Route("/search", search, name="search"),
        # Citation downloads before the record page: `a.b.ris` is record `a.b` as RIS.
        *(Route(f"/records/{{record_id}}{fmt.extension}", citation(fmt.name)) for fmt in formats().values()),
        Route("/records/{record_id}.tmx", aligned_sentences),
        Route("/records/{record_id}", record, name="record"),
        Route("/entities/{entity_id}", entity, name="entity"),
        Route("/timeline", timeline, name="timeline"),
    ]


__all__ = ["routes", "error_page", "MAX_PER_PAGE"]
