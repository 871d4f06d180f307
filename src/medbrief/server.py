"""The HTTP API and the web page: a thin shell over `medbrief.pipeline` (no SQL, parsing or ranking here).

    POST /ask                 {"question": "..."} -> the Brief contract (`Brief.to_json_dict()`)
    GET  /search?q=&tier=&k=  {"query", "tier", "hits": [hit_dict ...]} (the same JSON as `medbrief search --json`)
    GET  /documents/{id}      a document with its passages (ids hold ':' and '/')
    GET  /health              {"status": "ok", "corpus": {...}} or 503 while the store is missing
    GET  /                    the web page (src/medbrief/web/)
    GET  /docs, /openapi.json the API description (Swagger UI served from the package, no CDN)

Errors are JSON `{"error": <type>, "message": ..., "hint": ...}`:
400 bad input (empty or oversized question, bad parameter), 404 unknown document or route,
413 body too large, 422 the question names a drug the corpus has no evidence for (`UnknownDrug`),
503 no store or a stale index (`StoreMissing`, `IndexStale`), 500 a bug.

The store is opened once per app, on first use, and shared by the worker threads behind one lock:
the SQLite connection and the tantivy searcher are single objects, and `ask` is CPU-bound Python that
the GIL serialises anyway. The server only reads; it never writes to the store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from fastapi import Body, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from . import pipeline
from .brief import Brief
from .errors import IndexStale, InvalidQuestion, MedbriefError, QuestionError, StoreError, UnknownDrug
from .settings import Settings

if TYPE_CHECKING:
    from .store import Store

T = TypeVar("T")

MAX_BODY_BYTES = 64 * 1024  # a question is at most 10,000 characters; anything far bigger is not a question
MAX_K = 100

# The page loads only its own files; data can never become script (defence in depth: app.js uses textContent).
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


# -- the service: one open store, shared by HTTP and MCP ---------------------------------------------------
class Service:
    """The operations every interface offers, over one store opened on first use and guarded by a lock."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._corpus: dict[str, Any] = {}
        self._embedder: pipeline.Embedder | None = None

    def _with_store(self, fn: Callable[[Store], T]) -> T:
        with self._lock:
            if self._store is None:
                # Opened lazily so a server started before `ingest` finishes starts answering once the store exists.
                store = pipeline.open_store(self.settings)
                try:
                    store.require_index()
                    self._corpus = store.stats()
                except MedbriefError:
                    store.close()
                    raise
                self._store = store
                # hybrid retrieval when the store holds vectors of the installed model (loaded once, here)
                self._embedder = pipeline.embedder_for(store)
            try:
                return fn(self._store)
            except IndexStale:
                self._close_locked()  # reopen next time: a `reindex` may have fixed it meanwhile
                raise

    def _close_locked(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def close(self) -> None:
        """Close the store (the next call reopens it)."""
        with self._lock:
            self._close_locked()

    def ask(self, question: str) -> dict[str, Any]:
        """The Brief for a question, as its JSON contract."""
        if len(question) > pipeline.MAX_QUERY_CHARS:
            raise InvalidQuestion(f"the question is {len(question)} characters long; the limit is "
                                  f"{pipeline.MAX_QUERY_CHARS}")
        if not question.strip():
            raise InvalidQuestion("the question is empty")
        return self._with_store(lambda s: pipeline.ask_store(s, question, embedder=self._embedder).to_json_dict())

    def search(self, query: str, tier: str | None = None, k: int = 10) -> dict[str, Any]:
        """Ranked passages, as `medbrief search --json` prints them."""
        if tier is not None and tier not in pipeline.TIERS:
            raise InvalidQuestion(f"tier must be one of {', '.join(pipeline.TIERS)}")
        if not 1 <= k <= MAX_K:
            raise InvalidQuestion(f"k must be between 1 and {MAX_K}")
        hits = self._with_store(
            lambda s: pipeline.search_store(  # type: ignore[misc]
                s, query, tiers=[tier] if tier else None, k=k,  # type: ignore[list-item]
                mode="hybrid" if self._embedder is not None else "bm25", embedder=self._embedder,
            )
        )
        return {"query": query, "tier": tier, "hits": [pipeline.hit_dict(h) for h in hits]}

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A document with its passages, or None."""
        return self._with_store(lambda s: _document(s, doc_id))

    def health(self) -> dict[str, Any]:
        """Store path and corpus counts (opens the store; raises StoreMissing / IndexStale)."""
        self._with_store(lambda s: None)
        c = self._corpus
        return {
            "status": "ok",
            "db": str(self.settings.db_path),
            "corpus": {
                "documents": sum(c.get("documents", {}).values()),
                "passages": sum(c.get("passages", {}).values()),
                "by_tier": c.get("documents", {}),
                "built": c.get("built"),
            },
        }


def _document(store: Store, doc_id: str) -> dict[str, Any] | None:
    return pipeline.get_document_store(store, doc_id)


# -- models: request bodies and the documented response shapes -----------------------------------------------
class AskRequest(BaseModel):
    question: str = Field(description="A clinical question, e.g. 'What is tizanidine used for?'",
                          examples=["What is tizanidine used for?"])


class ErrorBody(BaseModel):
    error: str = Field(description="Error type, e.g. InvalidQuestion, UnknownDrug, StoreMissing, NotFound.")
    message: str
    hint: str | None = None
    detail: list[Any] | None = Field(default=None, description="Per-field problems of a malformed request.")


class SearchHit(BaseModel):
    rank: int
    score: float
    tier: Literal["guideline", "label", "research"]
    doc_id: str
    passage_id: str
    title: str
    section: str
    section_code: str | None = None
    snippet: str


class SearchResult(BaseModel):
    query: str
    tier: str | None = None
    hits: list[SearchHit]


class PassageOut(BaseModel):
    id: str
    doc_id: str
    section: str
    section_code: str | None = None
    order: int
    text: str


class DocumentOut(BaseModel):
    id: str
    tier: Literal["guideline", "label", "research"]
    title: str
    source: str
    url: str | None = None
    date: str | None = None
    version: str | None = None
    drugs: list[str]
    meta: dict[str, Any]
    passages: list[PassageOut]


def _err(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


_BAD = {400: _err("Bad input: empty or oversized query, bad parameter or body.")}
_UNAVAILABLE = {503: _err("No store at the configured path, or its index is stale (run `medbrief ingest`).")}


# -- errors -------------------------------------------------------------------------------------------------
def _status(exc: MedbriefError) -> int:
    if isinstance(exc, UnknownDrug):
        return 422
    if isinstance(exc, QuestionError):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 500


def _error_response(status: int, error: str, message: str, hint: str | None = None,
                    detail: list[Any] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": error, "message": message, "hint": hint}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MedbriefError)
    async def medbrief_error(_: Request, exc: MedbriefError) -> JSONResponse:
        return _error_response(_status(exc), type(exc).__name__, str(exc), exc.hint)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        # 400, not FastAPI's 422: 422 is kept for "a valid question about a drug the corpus lacks".
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        msg = "; ".join(f"{'.'.join(str(x) for x in d['loc'])}: {d['msg']}" for d in detail) or "invalid request"
        return _error_response(400, "InvalidRequest", msg, detail=detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        name = {404: "NotFound", 405: "MethodNotAllowed", 413: "PayloadTooLarge"}.get(exc.status_code, "HTTPError")
        return _error_response(exc.status_code, name, str(exc.detail))

    @app.exception_handler(Exception)
    async def bug(_: Request, exc: Exception) -> JSONResponse:  # the edge: a bug becomes a JSON 500, not HTML
        return _error_response(500, "InternalError", f"{type(exc).__name__}: {exc}")


class _BodyLimit:
    """Refuse request bodies above MAX_BODY_BYTES before they are read (413)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope.get("headers", [])).get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
                resp = _error_response(413, "PayloadTooLarge", f"request body over {MAX_BODY_BYTES} bytes")
                await resp(scope, receive, send)
                return
        await self.app(scope, receive, send)


# -- the page -------------------------------------------------------------------------------------------------
def _web_file(name: str) -> bytes:
    return resources.files("medbrief").joinpath("web", name).read_bytes()


_WEB_TYPES = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}


def _install_page(app: FastAPI) -> None:
    files = {name: _web_file(name) for name in ("index.html", *_WEB_TYPES)}
    headers = {"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def page() -> Response:
        return Response(files["index.html"], media_type="text/html; charset=utf-8", headers=headers)

    @app.api_route("/static/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def static(name: str) -> Response:
        if name not in _WEB_TYPES:
            raise StarletteHTTPException(404, f"no static file {name!r}")
        return Response(files[name], media_type=_WEB_TYPES[name], headers=headers)


def _make_fastapi() -> FastAPI:
    kwargs: dict[str, Any] = {
        "title": "medbrief",
        "version": "0.1.0",
        "description": "Cited, checkable evidence briefs from guidelines, FDA labels and PubMed, offline.",
    }
    try:
        from fastapi_offline import FastAPIOffline  # Swagger UI files shipped in a package: /docs works offline
    except ImportError:  # without it /docs would load Swagger UI from a CDN; keep /openapi.json only
        return FastAPI(docs_url=None, redoc_url=None, **kwargs)
    return FastAPIOffline(redoc_url=None, **kwargs)


def _drop_default_422(app: FastAPI) -> None:
    """Remove FastAPI's generated 422 'Validation Error' responses: we answer malformed input with 400."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = original()
        for ops in schema.get("paths", {}).values():
            for op in ops.values():
                resp = op.get("responses", {})
                if resp.get("422", {}).get("description") == "Validation Error":
                    del resp["422"]
        comps = schema.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            comps.pop(name, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


# -- the app --------------------------------------------------------------------------------------------------
def create_app(settings: Settings, service: Service | None = None) -> FastAPI:
    """The ASGI app: API, page and docs over one `Service` (one open store per app)."""
    svc = service or Service(settings)
    app = _make_fastapi()
    app.state.service = svc
    app.router.add_event_handler("shutdown", svc.close)
    app.add_middleware(_BodyLimit)
    _install_error_handlers(app)

    @app.post("/ask", summary="Answer a question with a cited three-tier brief",
              responses={200: {"model": Brief, "description": "The Brief contract (see `medbrief schema`)."},
                         **_BAD, 422: _err("The question names a drug the corpus has no evidence for."),
                         **_UNAVAILABLE})
    def ask(body: Annotated[AskRequest, Body()]) -> JSONResponse:
        return JSONResponse(svc.ask(body.question))

    @app.get("/search", summary="Ranked passages for a query", response_model=SearchResult,
             responses={**_BAD, **_UNAVAILABLE})
    def search(
        q: Annotated[str, Query(description="Words to search for (any syntax is taken as plain words).")],
        tier: Annotated[Literal["guideline", "label", "research"] | None, Query()] = None,
        k: Annotated[int, Query(ge=1, le=MAX_K, description="Number of passages.")] = 10,
    ) -> JSONResponse:
        return JSONResponse(svc.search(q, tier, k))

    @app.get("/documents/{doc_id:path}", summary="A document with its passages", response_model=DocumentOut,
             responses={404: _err("No document with this id."), **_UNAVAILABLE})
    def document(doc_id: Annotated[str, Path(description="e.g. label:<set_id>, pmid:<pmid>, "
                                                         "guideline:<body>/<slug>")]) -> JSONResponse:
        doc = svc.document(doc_id)
        if doc is None:
            return _error_response(404, "NotFound", f"no document {doc_id!r} in the store")
        return JSONResponse(doc)

    @app.get("/health", summary="Store path and corpus counts; 503 until the store exists",
             responses=_UNAVAILABLE)
    def health() -> JSONResponse:
        return JSONResponse(svc.health())

    _install_page(app)
    _drop_default_422(app)
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
