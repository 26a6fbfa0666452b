"""The FastAPI application: the REST API, the dashboard, their assets and their errors.

Defines :func:`create_app` (the app factory ``tiptiers serve`` runs) and the error handlers
that keep every failure a one-line answer: a :class:`~tiptiers.errors.TiptiersError` becomes
its ``http_status`` with ``{"error": ..., "message": ...}`` (an HTML page for the dashboard),
a validation error a 422 naming the field, an unknown path a 404. A 5xx is a bug.

``HEAD`` is answered wherever ``GET`` is (:class:`HeadAsGet`: the GET's status and headers,
no body).

Everything the browser loads is served here — the vendored Vega (the pages load it alone) and
Swagger UI, the style sheet, the world geometry (from package data, at
``/static/world-110m.json``) — so the dashboard and ``/docs`` work offline.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from functools import cache
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tiptiers.errors import StoreError, TiptiersError, UnknownCountry
from tiptiers.web.reports import ReportJobs
from tiptiers.web.responses import HEAD_FLAG, error_body, validation_message
from tiptiers.web.security import BodyLimit, SecureHeaders, docs_csp
from tiptiers.web.state import CHECK_INTERVAL, WebState

TITLE = "tiptiers"
DATABASE_UNAVAILABLE = (
    "The database is unavailable; try again later (the server's log has the details)."
)
log = logging.getLogger("tiptiers.web")
DESCRIPTION = (
    "The U.S. Trafficking in Persons Report tier system: the record of published placements"
    " since 2001 and the statute (22 U.S.C. 7106-7107) as code. JSON by default; every list"
    " also as CSV (`?format=csv` or `Accept: text/csv`). Errors are"
    ' `{"error": ..., "message": ...}` with a 4xx status; an error about one parameter or'
    ' body field names it in `"field"`. `HEAD` works wherever `GET` does.'
)


def create_app(
    db_url: str | None = None,
    *,
    check_interval: float = CHECK_INTERVAL,
    reports: ReportJobs | None = None,
) -> FastAPI:
    """The web application over the database at ``db_url`` (None: $TIPTIERS_DATABASE_URL,
    else the embedded SQLite file, created and seeded on first use).

    The record is read here, once, and again only when the store's revision has changed
    (an import), which requests check at most every ``check_interval`` seconds. A StoreError
    (an unusable database) is raised to the caller rather than served as errors later.
    Annual-report PDFs are built by ``reports`` (default: a worker process per build, one
    at a time), whose workers stop with the app.
    """
    from contextlib import asynccontextmanager

    from tiptiers.store import Store
    from tiptiers.version import __version__
    from tiptiers.web.cycle_pages import cycle_router
    from tiptiers.web.pages import pages_router
    from tiptiers.web.rest import api_router
    from tiptiers.web.scenario_page import scenario_router

    state = WebState(Store.open(db_url), check_interval=check_interval)
    jobs = reports if reports is not None else ReportJobs()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        jobs.open()  # a served app takes jobs, also when it is started again after a stop
        yield
        jobs.close()

    app = FastAPI(
        lifespan=lifespan,
        title=TITLE,
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_tags=[
            {"name": "record", "description": "The published record of placements."},
            {"name": "law", "description": "The statute as code: explanations and decisions."},
            {
                "name": "analysis",
                "description": "The audit, regions, transitions, trajectories and the forecast.",
            },
            {"name": "news", "description": "Checking what an article says against the record."},
            {
                "name": "cycles",
                "description": "Reporting cycles (docs/CYCLE.md): a team's assessments from"
                " evidence to a placement, with a bearer token; published cycles are public.",
            },
            {"name": "service", "description": "Health of the running app."},
        ],
    )
    app.state.web = state

    app.include_router(api_router())
    app.include_router(pages_router(state, jobs))
    app.include_router(scenario_router(state))
    app.include_router(cycle_router(state))
    _add_service_routes(app, state)
    app.mount("/static", StaticFiles(packages=[("tiptiers.web", "static")]), name="static")
    _add_error_handlers(app, state)
    # Compressed answers (Starlette's maintained middleware): the vendored Vega moves about
    # a third of its size; small answers are left as they are.
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecureHeaders)
    app.add_middleware(BodyLimit)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app




class HeadAsGet:
    """ASGI middleware: a ``HEAD`` request is routed as ``GET`` and answered with the GET's
    status and headers (Content-Length included) and an empty body, as HTTP says. FastAPI's
    routes declare ``GET`` only; this keeps ``HEAD`` out of the OpenAPI schema."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET", HEAD_FLAG: True}, receive, headers_only)


def _add_service_routes(app: FastAPI, state: WebState) -> None:
    @app.get("/healthz", tags=["service"], summary="Liveness: the app answers")
    async def healthz() -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    @app.get(
        "/readyz",
        tags=["service"],
        summary="Readiness: the app answers and its database does",
        description="Asks the database for the record's revision: 200 with it, or 503 while"
        " the database cannot be reached (the details go to the server's log).",
        responses={503: {"description": "The database is unavailable."}},
    )
    def readyz() -> Response:
        revision = state.store.revision()
        body = f'{{"status":"ready","revision":{revision}}}'.encode()
        return Response(body, media_type="application/json")

    @app.get("/assets/{fingerprint}/{name:path}", include_in_schema=False)
    async def asset(request: Request, fingerprint: str, name: str) -> Response:
        from tiptiers.web.assets import asset_response

        accepted = request.headers.get("accept-encoding", "")
        found = asset_response(fingerprint, name, gzip_ok="gzip" in accepted.lower())
        if found is None:
            raise StarletteHTTPException(404)
        return found

    @app.get("/static/world-110m.json", include_in_schema=False)
    async def world_geometry() -> Response:
        return Response(
            _geometry(),
            media_type="application/json",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{TITLE} API",
            swagger_js_url="/static/vendor/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None, "defaultModelsExpandDepth": 0},
        )
        page.body = _with_way_back(bytes(page.body).decode()).encode()
        page.headers["Content-Length"] = str(len(page.body))
        page.headers["Content-Security-Policy"] = docs_csp(bytes(page.body))
        return page

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(_static("favicon.svg"), media_type="image/svg+xml")


DOCS_BAR = (
    '<nav class="tiptiers-back" aria-label="Site" style="font:16px/1.4 system-ui,sans-serif;'
    'padding:.6rem 1rem;border-bottom:1px solid #ddd"><a href="/">← tiptiers: the dashboard</a>'
    " · the REST API of the TIP Report tiers record and the statute as code</nav>"
)


def _with_way_back(page: str) -> str:
    """Swagger UI's page with a language and a link back to the dashboard."""
    page = page.replace("<html>", '<html lang="en">', 1)
    return page.replace("<body>", "<body>\n" + DOCS_BAR, 1)


@cache
def _geometry() -> bytes:
    """The world-atlas countries-110m TopoJSON shipped as package data."""
    return resources.files("tiptiers.data").joinpath("world-110m.json").read_bytes()


@cache
def _static(name: str) -> bytes:
    return resources.files("tiptiers.web").joinpath("static", name).read_bytes()


# -- errors -----------------------------------------------------------------------------------
def _wants_html(request: Request) -> bool:
    """Dashboard paths answer errors with a page; the API, docs and assets with JSON."""
    path = request.url.path
    if path.startswith(("/api/", "/static/", "/openapi", "/docs", "/healthz", "/readyz")):
        return False
    return (
        "text/html" in request.headers.get("accept", "")
        or path in ("/", "/search", "/check-news")
        or (path.startswith(("/country/", "/year/")))
    )


def _add_error_handlers(app: FastAPI, state: WebState) -> None:
    def reply(request: Request, status: int, body: dict[str, Any]) -> Response:
        if _wants_html(request):
            from tiptiers.web.pages import error_page, html

            try:
                record = state.record()
            except TiptiersError:
                record = None
            page = error_page(
                record,
                status,
                _TITLES.get(status, "Error"),
                str(body["message"]),
                suggestions=body.get("suggestions", []),
            )
            return html(page, status)
        return JSONResponse(body, status)

    @app.exception_handler(TiptiersError)
    async def tiptiers_error(request: Request, exc: TiptiersError) -> Response:
        if isinstance(exc, StoreError):
            # Where the database is (user, host, port, name) is for the operator, not for
            # anonymous clients: the log has it, the answer does not.
            log.error("%s %s: %s", request.method, request.url.path, exc.message)
            return reply(request, 503, error_body("StoreError", DATABASE_UNAVAILABLE))
        body = exc.to_dict()
        if isinstance(exc, UnknownCountry):
            body["suggestions"] = exc.suggestions
        return reply(request, exc.http_status, body)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        field, message = validation_message(exc.errors())
        extra = {"field": field} if field is not None else {}
        return reply(request, 422, error_body("ValidationError", message, **extra))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            message = (
                f"No such page or endpoint: {_shown(request.url.path)}. The API is listed at /docs."
            )
            name = "NotFound"
        elif exc.status_code == 405:
            method = "HEAD" if request.scope.get(HEAD_FLAG) else request.method
            message = f"{method} is not allowed on {request.url.path}."
            name = "MethodNotAllowed"
        else:
            message = str(exc.detail)
            name = "HTTPError"
        response = reply(request, exc.status_code, error_body(name, message))
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # A bug: no input should reach here. One line, no traceback, to the client.
        return JSONResponse(
            error_body("InternalError", f"Internal error ({type(exc).__name__}): a bug."), 500
        )


def _shown(path: str, most: int = 120) -> str:
    """A requested path as an error message repeats it: at most ``most`` characters (a
    client's 100 kB name is not sent back, nor logged, in full).

    >>> _shown("/assets/" + "a" * 500)[-10:]
    'aaa… (cut)'
    """
    return path if len(path) <= most else path[:most] + "… (cut)"


_TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Invalid input",
    503: "Database unavailable",
}


# -- OpenAPI ----------------------------------------------------------------------------------
def _openapi(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI schema, with the assessment facts that /evaluate reads and the
    article that /check-news reads as components."""
    if app.openapi_schema:
        return app.openapi_schema
    from tiptiers.law.assessment import Assessment
    from tiptiers.web.rest.news import NewsArticle

    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    assessment = Assessment.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(assessment.pop("$defs", {}))
    components["Assessment"] = assessment
    components["NewsArticle"] = NewsArticle.model_json_schema()
    # A replay's scenario: a bundled one by name, or a document of the scenario schema.
    from tiptiers import api
    from tiptiers.law.scenario import scenario_schema

    document = {k: v for k, v in scenario_schema().items() if not k.startswith("$")}
    components["Scenario"] = document
    components["ScenarioChoice"] = {
        "anyOf": [
            {"type": "string", "enum": sorted(api.scenarios())},
            {"$ref": "#/components/schemas/Scenario"},
        ]
    }
    app.openapi_schema = schema
    return schema
