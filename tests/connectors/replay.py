"""A replay HTTP server for the connector tests (issue 14 point 8): real recorded answers, injected faults.

    server = ReplayServer()            # ThreadingHTTPServer on 127.0.0.1:<free port>, started
    server.route("/drug/label.json", body)                      # bytes, a Path, or a function of the query
    server.route("/x", body, faults=[Fault.status(429, retry_after="2"), Fault.status(500)])
    server.route("/bulk.zip", zip_bytes, ranges=True)           # Range: bytes=N- -> 206 + Content-Range
    server.url            -> "http://127.0.0.1:PORT"  (point MEDBRIEF_*_URL at it)
    server.log            -> [Request(method, path, params, headers)] in arrival order
    server.close()

A route's faults are used up one per request, in order; once they are gone the route answers normally. A route's
answer can be a function `(params: dict[str, str]) -> Answer | bytes` (e.g. paging by `skip`). No test touches the
internet: the server binds to 127.0.0.1 only.

Fault kinds: `status` (429 / 500 ... with an optional Retry-After, seconds or HTTP date), `truncate` (headers promise
the whole body, `at` bytes are sent, then the connection closes), `slow` (waits `seconds` before answering, then
answers normally), `reset` (closes the socket with a TCP RST, no answer).
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Fault:
    """One injected failure for one request."""

    kind: str  # "status" | "truncate" | "slow" | "reset" | "none" (answer normally: a fault for a later request)
    code: int = 500
    retry_after: str | None = None
    at: int = 0
    seconds: float = 0.0
    body: bytes = b'{"error": {"code": "SERVER_ERROR", "message": "injected fault"}}'

    @classmethod
    def status(cls, code: int, *, retry_after: str | None = None, body: bytes | None = None) -> Fault:
        """Answer `code` (with Retry-After when given) instead of the route's answer."""
        return cls("status", code=code, retry_after=retry_after,
                   body=body if body is not None else cls.__dataclass_fields__["body"].default)

    @classmethod
    def none(cls) -> Fault:
        """No fault for this request (so the next fault hits the request after it)."""
        return cls("none")

    @classmethod
    def truncate(cls, at: int) -> Fault:
        return cls("truncate", at=at)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls("slow", seconds=seconds)

    @classmethod
    def reset(cls) -> Fault:
        return cls("reset")


@dataclass(frozen=True)
class Answer:
    """A full answer: status, body, extra headers."""

    body: bytes
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "application/json"


@dataclass(frozen=True)
class Request:
    """One request the server received."""

    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    at: float = 0.0


@dataclass
class _Route:
    answer: bytes | Path | Answer | Callable[[dict[str, str]], Answer | bytes]
    faults: list[Fault] = field(default_factory=list)
    ranges: bool = False
    content_type: str = "application/json"

    def resolve(self, params: dict[str, str]) -> Answer:
        answer = self.answer
        if callable(answer) and not isinstance(answer, Answer | bytes | Path):
            answer = answer(params)
        if isinstance(answer, Path):
            answer = answer.read_bytes()
        if isinstance(answer, bytes):
            answer = Answer(answer, content_type=self.content_type)
        return answer


class ReplayServer:
    """Routes -> recorded bytes on 127.0.0.1, with per-route faults and a request log (see the module doc)."""

    def __init__(self) -> None:
        self.routes: dict[str, _Route] = {}
        self.log: list[Request] = []
        self.errors: list[str] = []  # exceptions raised by answer functions (the fixture fails the test on them)
        self._lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), _handler(self))
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def route(self, path: str, answer: bytes | Path | Answer | Callable[[dict[str, str]], Answer | bytes], *,
              faults: list[Fault] | None = None, ranges: bool = False,
              content_type: str = "application/json") -> None:
        """Serve `answer` at `path` (any query); `faults` are used up one per request first."""
        self.routes[path] = _Route(answer, list(faults or []), ranges, content_type)

    def requests(self, path: str | None = None) -> list[Request]:
        """The logged requests (to one path)."""
        with self._lock:
            return [r for r in self.log if path is None or r.path == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ReplayServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # called by the handler
    def _take(self, path: str, request: Request) -> tuple[_Route | None, Fault | None]:
        with self._lock:
            self.log.append(request)
            route = self.routes.get(path)
            fault = route.faults.pop(0) if route and route.faults else None
            return route, fault


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a slow answer's thread never holds up close()
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets and cut answers are on purpose: no tracebacks in the test output


def _handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            request = Request("GET", parts.path, params, {k.lower(): v for k, v in self.headers.items()},
                              time.monotonic())
            route, fault = server._take(parts.path, request)
            if route is None:
                self._send(404, b'{"error": {"code": "NOT_FOUND", "message": "no such route in the replay"}}')
                return
            if fault is not None:
                if fault.kind == "slow":
                    time.sleep(fault.seconds)
                elif fault.kind == "reset":
                    # SO_LINGER 0: close() sends a TCP RST instead of a FIN ("connection reset by peer")
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                elif fault.kind == "status":
                    headers = [("Retry-After", fault.retry_after)] if fault.retry_after is not None else []
                    self._send(fault.code, fault.body, headers)
                    return
            try:
                answer = route.resolve(params)
            except Exception as exc:  # a failed assertion in a test's answer function: kept for the test to see
                server.errors.append(f"{parts.path}?{parts.query}: {exc!r}")
                self._send(500, repr(exc).encode())
                return
            body, status = answer.body, answer.status
            headers = list(answer.headers)
            total = len(body)
            if route.ranges and status == 200:
                headers.append(("Accept-Ranges", "bytes"))
                wanted = self.headers.get("Range", "")
                if wanted.startswith("bytes=") and wanted.endswith("-") and wanted[6:-1].isdigit():
                    start = int(wanted[6:-1])
                    if start >= total:
                        self._send(416, b"", [("Content-Range", f"bytes */{total}")])
                        return
                    body, status = body[start:], 206
                    headers.append(("Content-Range", f"bytes {start}-{total - 1}/{total}"))
            if fault is not None and fault.kind == "truncate":
                self._send(status, body, headers, content_type=answer.content_type, cut_at=fault.at)
                return
            self._send(status, body, headers, content_type=answer.content_type)

        def _send(self, status: int, body: bytes, headers: list[tuple[str, str]] | None = None, *,
                  content_type: str = "application/json", cut_at: int | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers or []:
                self.send_header(name, value)
            if cut_at is not None:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body if cut_at is None else body[:cut_at])
            self.wfile.flush()
            if cut_at is not None:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)

        def finish(self) -> None:
            with contextlib.suppress(OSError, ValueError):  # the socket was reset on purpose
                super().finish()

    return Handler
