"""The application: store, templates, error pages, security headers, and the route modules."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep import __version__
from sitrep.errors import QueryError, StoreError
from sitrep.store import Store, open_store
from sitrep.web.highlight import actor_url, untitled

HERE = Path(__file__).parent

# The browser is told what the pages promise: nothing from another host, no inline script or
# style (so text that slipped through as markup still could not run), no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _templates() -> Jinja2Templates:
    # autoescape for every template, whatever its name: document text goes through all of them
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.globals["actor_url"] = actor_url
    env.globals["version"] = __version__
    env.globals["untitled"] = untitled
    return Jinja2Templates(env=env)


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def templates_of(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, title: str, message: str) -> Response:
    """A JSON error under /api/, an HTML page elsewhere; the message is shown as text."""
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return templates_of(request).TemplateResponse(
        request,
        "error.html",
        # a bad search keeps its text in a search box, to be fixed in place
        {
            "title": title,
            "message": message,
            "retry": request.query_params if request.url.path == "/" else None,
        },
        status_code=status,
    )


def create_app(store_url: str | None = None) -> FastAPI:
    """The web app over the store at ``store_url`` (by default the configured one)."""
    store = open_store(store_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    # Swagger UI and ReDoc load their scripts from a CDN, which the pages must not do; the schema
    # itself is served, and a locally served API browser is for later.
    app = FastAPI(
        title="sitrep",
        version=__version__,
        description="Structured, cited records of news on regional security.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # the original-URL links would otherwise tell news sites which sitrep page was read
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        searching = request.url.path in ("/", "/api/search")
        title = "Cannot run this search" if searching else "Cannot apply these filters"
        return error_response(request, 400, title, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return error_response(request, 503, "The store cannot be read", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        title = "Not found" if exc.status_code == 404 else "Request failed"
        return error_response(request, exc.status_code, title, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return error_response(request, 400, "Bad request", problems)

    from sitrep.web import api, maps, network, pages

    app.include_router(api.router)
    app.include_router(maps.router)
    app.include_router(network.router)
    app.include_router(pages.router)
    return app
