"""The HTTP API and the web page: a thin shell over `medbrief.pipeline` (no SQL, parsing or ranking here).

    POST /ask                 {"question": "..."} -> the Brief contract (`Brief.to_json_dict()`)
    GET  /search?q=&tier=&k=  {"query", "tier", "hits": [hit_dict ...]} (the same JSON as `medbrief search --json`)
    GET  /documents/{id}      a document with its passages (ids hold ':' and '/')
    GET  /health              {"status": "ok", "corpus": {...}} or 503 while the store is missing (no paths)
    GET  /                    the web page (src/medbrief/web/)
    GET  /docs, /openapi.json the API description (Swagger UI served from the package, no CDN)

Errors are JSON `{"error": <type>, "message": ..., "hint": ...}`:
400 bad input (empty or oversized question, bad parameter, no `Host`), 404 unknown document or route,
405 wrong method (with `Allow`), 413 body too large (`PayloadTooLarge`, also for chunked bodies),
421 a `Host` this server does not answer to (`HostNotAllowed`),
409 a search mode the store cannot serve (`ModeUnavailable`: no vectors; `ModelUnavailable`),
422 the question names a drug the corpus has no evidence for (`UnknownDrug`),
503 no store or a stale index (`StoreMissing`, `IndexStale`), 500 a bug. No answer shows a filesystem path:
the store's folder is cut from error messages (the HTTP client is not the operator).

Two ASGI middlewares guard every request before routing: `_HostCheck` (DNS rebinding: a page on another
site must not be able to read this server through a name that resolves to 127.0.0.1) and `_BodyLimit`
(bodies are read in chunks and cut at MAX_BODY_BYTES, whatever `Content-Length` says or when it is absent).

Requests run in parallel: the `Service` (service.py, shared with the MCP server) gives each request a store
of its own from a pool, follows changes other processes make to the store, and holds no lock while reading.
`/health` answers from the event loop when the store has not changed (no thread, no store). One process
runs the requests of one core's worth of Python (the GIL); `serve(workers=N)` runs N processes for CPU-bound
/ask (docs/server.md, "Concurrency"). The server only reads; it never writes records.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import Body, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from . import pipeline
from .brief import Brief
from .errors import (
    MedbriefError,
    QuestionError,
    RetrievalError,
    StoreError,
    UnknownDrug,
    WorkerLost,
)
from .retrieve.question import MAX_QUESTION_CHARS
from .service import MAX_K, Service
from .settings import ENV_ALLOWED_HOSTS, ENV_DB, ENV_LOCK_TIMEOUT, Settings

__all__ = ["MAX_BODY_BYTES", "MAX_K", "HostPolicy", "Service", "create_app", "default_ask_processes", "host_policy",
           "serve", "worker_app"]

MAX_BODY_BYTES = 64 * 1024  # a question is at most 2,000 characters, a query 10,000; anything far bigger is neither

# The page loads only its own files; data can never become script (defence in depth: app.js uses textContent).
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


# -- models: request bodies and the documented response shapes -----------------------------------------------
# The length limits are declared in the schema only (json_schema_extra), not enforced by pydantic: the
# service checks them and answers 400 `InvalidQuestion`, as the CLI and MCP do, not a generic validation error.
_MAX_CHARS = {"maxLength": pipeline.MAX_QUERY_CHARS}
_MAX_QUESTION = {"maxLength": MAX_QUESTION_CHARS}


class AskRequest(BaseModel):
    question: str = Field(description=f"A clinical question, e.g. 'What is tizanidine used for?' "
                                      f"(at most {MAX_QUESTION_CHARS:,} characters).",
                          examples=["What is tizanidine used for?"], json_schema_extra=_MAX_QUESTION)


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
    mode: Literal["bm25", "dense", "hybrid"] = Field(description="The ranking used (the `mode` asked for, or "
                                                                  "the default: hybrid when every searched passage "
                                                                  "has a vector of the installed model)")
    note: str | None = Field(None, description="Present when not every searched passage has a vector: which "
                                               "mode ran over how many passages, and what the others got")
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
    """The HTTP status of an error, by the CLI's rules (cli.EXIT_CODES): bad input 400 (exit 2), an unknown drug
    422 (exit 2), a search mode the store cannot serve or a model not installed 409 (exit 1: the request is sound,
    the store's state does not allow it), no store, a store fault or a lost ask process 503 (exit 3 / 1; ask again),
    anything else 500."""
    if isinstance(exc, UnknownDrug):
        return 422
    if isinstance(exc, QuestionError):
        return 400
    if isinstance(exc, RetrievalError):
        return 409
    if isinstance(exc, StoreError | WorkerLost):
        return 503
    return 500


def _error_response(status: int, error: str, message: str, hint: str | None = None,
                    detail: list[Any] | None = None, headers: Mapping[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": error, "message": message, "hint": hint}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=dict(headers) if headers else None)


def _redactor(settings: Settings) -> Callable[[str | None], str | None]:
    """Cut the store's folder from a text: `no medbrief store at /home/u/x/medbrief.db` -> `... at medbrief.db`.

    Error messages name paths for the operator at a terminal; an HTTP client gets the file name only.
    """
    folders = {str(settings.db_path.parent), str(settings.db_path.expanduser().resolve().parent)}
    # a store in "/" or the working directory has no folder worth cutting (and cutting "/" would mangle text)
    prefixes = sorted({f.rstrip(os.sep) + os.sep for f in folders if f.rstrip(os.sep) not in ("", ".")},
                      key=len, reverse=True)

    def redact(text: str | None) -> str | None:
        if text is None:
            return None
        for prefix in prefixes:
            text = text.replace(prefix, "")
        return text

    return redact


def _install_error_handlers(app: FastAPI, settings: Settings) -> None:
    redact = _redactor(settings)

    @app.exception_handler(MedbriefError)
    async def medbrief_error(_: Request, exc: MedbriefError) -> JSONResponse:
        return _error_response(_status(exc), type(exc).__name__, redact(str(exc)) or "", redact(exc.hint))

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
        # starlette's headers carry meaning (405: `Allow`), keep them
        return _error_response(exc.status_code, name, str(exc.detail), headers=exc.headers)

    @app.exception_handler(Exception)
    async def bug(_: Request, exc: Exception) -> JSONResponse:  # the edge: a bug becomes a JSON 500, not HTML
        return _error_response(500, "InternalError", redact(f"{type(exc).__name__}: {exc}") or "")


class _BodyLimit:
    """Cut request bodies at MAX_BODY_BYTES (413), streaming: `Content-Length` alone is not trusted.

    The body is read here, chunk by chunk, before the app sees the request; as soon as more than
    MAX_BODY_BYTES have arrived (or `Content-Length` already says so) the answer is 413 `PayloadTooLarge`
    with `Connection: close`, and the rest of the body is never read: the server closes the connection
    instead of draining it. A body within the limit (at most 64 KiB, so buffering it costs nothing) is
    then replayed to the app as one message; later `receive` calls (disconnect) go to the server.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client left before the body ended
                await self.app(scope, _replay([], message, receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(chunks, None, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        # `Connection: close` makes the server close the socket after this answer instead of reading
        # (and discarding) the rest of an unbounded body to keep the connection alive.
        resp = _error_response(413, "PayloadTooLarge", f"request body over {self.limit} bytes",
                               headers={"Connection": "close"})
        await resp(scope, receive, send)


def _replay(chunks: list[bytes], last: dict[str, Any] | None, receive: Receive) -> Receive:
    """A `receive` that gives the buffered body once (or the message that ended it), then the server's."""
    pending: list[Any] = [last if last is not None else
                          {"type": "http.request", "body": b"".join(chunks), "more_body": False}]

    async def replay() -> Any:
        if pending:
            return pending.pop()
        return await receive()

    return replay


# -- Host: which names this server answers to --------------------------------------------------------------
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")  # addresses that mean "all interfaces"


def _host_name(value: str) -> str | None:
    """The host part of a `Host` header value, lower-cased, without port or IPv6 brackets; None if malformed.

    `localhost:8000` -> `localhost`; `[::1]:8000` -> `::1`; `Example.ORG.` -> `example.org`.
    """
    value = value.strip().lower()
    if value.startswith("["):  # IPv6 literal: [addr] or [addr]:port
        end = value.find("]")
        if end < 0 or (value[end + 1:] and not (value[end + 1] == ":" and _is_port(value[end + 2:]))):
            return None
        name = value[1:end]
        try:
            ipaddress.IPv6Address(name)
        except ValueError:
            return None
        return name
    name, sep, port = value.partition(":")
    if sep and not _is_port(port):
        return None
    name = name.rstrip(".")
    if not name or not all(c.isalnum() or c in "-._" for c in name) or not name.isascii():
        return None
    return name


def _is_port(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 5  # str.isdigit alone accepts '²'


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class HostPolicy:
    """The `Host` values a server answers to: names (without port; any port is accepted), and two switches.

    `any_ip`: every IP-literal Host is accepted (set when bound to a wildcard address: remote clients then
    reach the server by one of the machine's addresses). An IP-literal Host is never a DNS-rebinding vector:
    rebinding needs a name the attacker controls, and a page loaded from an IP address is served by this
    server itself. `any_host`: no check at all (only by an explicit `*`).
    """

    names: frozenset[str]
    any_ip: bool = False
    any_host: bool = False

    @classmethod
    def build(cls, configured: Iterable[str] = (), binds: Iterable[str] = ()) -> HostPolicy:
        """Loopback names + `configured` names (settings, `--allow-host`) + the `binds` (the address served on).

        A wildcard bind (`0.0.0.0`, `::`) adds the machine's host name and `any_ip` (see the class); other
        names (e.g. a DNS name of the machine) must be configured. `*` among the configured names turns the
        check off. Names are compared without port and case; `[::1]` and `::1` are the same name.
        """
        names = set(LOOPBACK_NAMES)
        any_ip = any_host = False
        for raw in (*configured, *binds):
            value = raw.strip()
            if value == "*":
                any_host = True
            elif value in WILDCARD_BINDS:
                any_ip = True
                names.add(socket.gethostname().lower())
            elif value:
                name = _host_name(value) or value.lower()
                names.add(name)
        return cls(frozenset(names), any_ip=any_ip, any_host=any_host)

    def allows(self, name: str) -> bool:
        """Whether a host name (as `_host_name` returns it) is served."""
        return self.any_host or name in self.names or (self.any_ip and _is_ip(name))

    def describe(self) -> str:
        """One line for the operator: what `Host` values are answered."""
        if self.any_host:
            return "any Host (the Host check is off: pages on other sites can read this server by DNS rebinding)"
        shown = ", ".join(sorted(self.names))
        return f"Host {shown}" + (" or any IP address" if self.any_ip else "") + " (any port)"


class _HostCheck:
    """Refuse requests whose `Host` is not one this server answers to (DNS rebinding), before anything else.

    A missing or malformed Host is 400 `InvalidHost` (its value is not repeated); a well-formed one not allowed
    is 421 `HostNotAllowed` (Misdirected Request), naming the host as parsed: letters, digits, `-._:` only.
    """

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not self.policy.any_host:
            raw = dict(scope.get("headers", [])).get(b"host")
            name = _host_name(raw.decode("latin-1")) if raw is not None else None
            if name is None or not self.policy.allows(name):
                if name is None:
                    resp = _error_response(400, "InvalidHost", "missing or malformed Host header")
                else:
                    resp = _error_response(421, "HostNotAllowed", f"this server does not answer to Host {name!r}",
                                           hint="start it with `medbrief serve --allow-host NAME` (or set "
                                                "MEDBRIEF_ALLOWED_HOSTS) to serve that name")
                if scope["type"] == "http":
                    await resp(scope, receive, send)
                else:  # a websocket is refused by closing it before accepting
                    await send({"type": "websocket.close", "code": 1008})
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
def create_app(settings: Settings, service: Service | None = None, *, hosts: Iterable[str] = ()) -> FastAPI:
    """The ASGI app: API, page and docs over one `Service` (one open store per app).

    It answers only requests whose `Host` is a loopback name (localhost, 127.0.0.1, [::1]), one of
    `settings.allowed_hosts`, or one of `hosts` (the address it is served on; `serve` passes it, an in-process
    client passes its own name, e.g. "testserver" for starlette's TestClient); see `HostPolicy.build`.
    Others get 421 `HostNotAllowed`. `app.state.host_policy` holds the policy.
    """
    svc = service or Service(settings)
    app = _make_fastapi()
    app.state.service = svc
    app.state.host_policy = policy = HostPolicy.build(settings.allowed_hosts, hosts)
    app.router.add_event_handler("startup", svc.start)
    app.router.add_event_handler("shutdown", svc.close)
    app.add_middleware(_BodyLimit)
    app.add_middleware(_HostCheck, policy=policy)  # added last = runs first: no body is read for a foreign Host
    _install_error_handlers(app, settings)

    @app.post("/ask", summary="Answer a question with a cited three-tier brief",
              responses={200: {"model": Brief, "description": "The Brief contract (see `medbrief schema`)."},
                         **_BAD, 422: _err("The question names a drug the corpus has no evidence for."),
                         **_UNAVAILABLE})
    async def ask(body: Annotated[AskRequest, Body()]) -> Response:
        if svc.ask_processes:  # composed in an ask process; this one only forwards the bytes
            content = await asyncio.wrap_future(svc.submit_ask(body.question))
        else:
            content = await run_in_threadpool(svc.ask_json, body.question)
        return Response(content, media_type="application/json")

    @app.get("/search", summary="Ranked passages for a query", response_model=SearchResult,
             responses={**_BAD, 409: _err("A `mode` the store or the installation cannot serve (dense/hybrid "
                                          "without passage vectors or without the dense extra)."),
                        **_UNAVAILABLE})
    def search(
        q: Annotated[str, Query(description="Words to search for (any syntax is taken as plain words).",
                                json_schema_extra=_MAX_CHARS)],
        tier: Annotated[Literal["guideline", "label", "research"] | None, Query()] = None,
        k: Annotated[int, Query(ge=1, le=MAX_K, description="Number of passages.")] = 10,
        mode: Annotated[Literal["bm25", "dense", "hybrid"] | None, Query(
            description="Ranking, as `medbrief search --mode`: bm25, dense or hybrid (their fusion). Default: "
                        "hybrid when the store holds vectors of the installed model, else bm25. dense/hybrid on "
                        "a store without them is 409 ModeUnavailable.")] = None,
    ) -> JSONResponse:
        return JSONResponse(svc.search(q, tier, k, mode))

    @app.get("/documents/{doc_id:path}", summary="A document with its passages", response_model=DocumentOut,
             responses={404: _err("No document with this id."), **_UNAVAILABLE})
    def document(doc_id: Annotated[str, Path(description="e.g. label:<set_id>, pmid:<pmid>, "
                                                         "guideline:<body>/<slug>")]) -> JSONResponse:
        doc = svc.document(doc_id)
        if doc is None:
            return _error_response(404, "NotFound", f"no document {doc_id!r} in the store")
        return JSONResponse(doc)

    @app.get("/health", summary="Corpus counts now; 503 until the store exists",
             responses=_UNAVAILABLE)
    async def health() -> JSONResponse:
        # on the event loop when nothing changed (no thread hand-off: never behind the /ask threads);
        # in a thread when the store changed and its counts must be read again
        body = svc.health_if_current()
        if body is None:
            body = await run_in_threadpool(svc.health)
        return JSONResponse(body)

    _install_page(app)
    _drop_default_422(app)
    return app


def default_ask_processes() -> int:
    """How many ask processes `serve` starts by default: one per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          ask_processes: int | None = None) -> None:
    """Run the app with uvicorn on host:port until interrupted.

    One serving process by default, with `ask_processes` processes composing briefs (default: one per core; 0
    composes in the serving process's threads). `workers` > 1 runs that many serving processes instead (uvicorn's
    supervisor), each composing in its own threads (no ask processes). docs/server.md ("Concurrency") has the
    measurements behind the default.

    The app answers to the bound address, the loopback names and `settings.allowed_hosts` (any port).
    Bound to all interfaces (`0.0.0.0`, `::`), it also answers to the machine's host name and to any IP
    address, so clients on the network can use it by address at once; a DNS name of the machine must be
    configured (`--allow-host`, MEDBRIEF_ALLOWED_HOSTS). We do not accept every name there: the Host check
    is what stops DNS rebinding, which works whatever the bound address (a browser on this machine reaches
    0.0.0.0 through 127.0.0.1). `host_policy(...)` gives the line the CLI prints.

    Worker processes (uvicorn's supervisor, one listening socket) each build the app with `worker_app`, from the
    settings handed over in the environment variables `Settings.load` reads; each has its own store pool.
    """
    import uvicorn

    if workers <= 1:
        n = default_ask_processes() if ask_processes is None else ask_processes
        app = create_app(settings, Service(settings, ask_processes=n), hosts=[host])
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    # the bound address joins the allowed names: HostPolicy.build treats both lists alike
    os.environ.update({ENV_DB: str(settings.db_path), ENV_LOCK_TIMEOUT: repr(settings.lock_timeout),
                       ENV_ALLOWED_HOSTS: ",".join([*settings.allowed_hosts, host])})
    from uvicorn.supervisors import Multiprocess

    # What uvicorn.run does for workers > 1, plus TCP_NODELAY on the listening socket (Linux passes it on to the
    # accepted ones). uvicorn binds that socket itself with protocol 0, so asyncio does not set TCP_NODELAY on
    # the connections: a keep-alive answer written in two parts then waited for the client's delayed ACK, 40 ms
    # a request (measured: /health 44 ms with --workers 2, 1 ms with one process).
    config = uvicorn.Config("medbrief.server:worker_app", factory=True, workers=workers, host=host, port=port,
                            log_level="info")
    sock = config.bind_socket()
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    Multiprocess(config, sockets=[sock]).run()


def worker_app() -> FastAPI:
    """The app of one `serve(..., workers=N)` process: settings from the environment (see `serve`)."""
    return create_app(Settings.load())


def host_policy(settings: Settings, host: str) -> HostPolicy:
    """The HostPolicy `serve(settings, host, ...)` applies (for the CLI to print it)."""
    return HostPolicy.build(settings.allowed_hosts, [host])
