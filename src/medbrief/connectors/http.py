"""One place for HTTP (issue 14 point 5): every connector talks to its source through an `HttpSource`.

Timeouts, retries with exponential backoff on 429/5xx, broken connections and truncated bodies, `Retry-After` (seconds
or an HTTP date), a polite thread-safe rate limiter, an on-disk cache keyed by request, fixed parameters (api_key,
tool, email) that are never part of a cache key or file, resumable downloads checked by size / md5, and one clear
line when the host cannot be reached ("cannot reach api.fda.gov (offline?): ...").

Library choices: retries run on tenacity (its stop / wait / retry predicates and injectable `sleep` are exactly the
policy below; a hand loop re-grew the same code). The cache and the rate limiter are small and our own: hishel
(HTTP caching) stores the request URL with each entry, which would put the api_key on disk, and follows the
server's Cache-Control where we want "same request, same answer, for a day"; a rate-limiter package (pyrate-limiter,
limits) brings buckets and backends for what is one lock and one timestamp here, and its own clock, where the tests
inject ours.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import tenacity

from ..errors import DeadlineReached, RemoteError, SourceUnreachable

# Answers worth asking again: rate limited, timed out at a proxy, server errors that usually pass.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
BACKOFF_BASE = 1.0   # seconds before the first retry; doubled each time
BACKOFF_MAX = 30.0   # one wait never exceeds this (unless the server's Retry-After asks for more, up to MAX_WAIT)
MAX_WAIT = 300.0     # a Retry-After longer than this (a daily quota spent) ends the retries at once
CONNECT_TRIES = 2    # refused / DNS failure: one retry only, so "offline?" comes in seconds, not after a minute
CACHE_TTL = 24 * 3600.0  # a cached answer older than this is asked again
CHUNK = 1 << 20
# The hint of a RemoteError the source caused (server errors after the retries, a file failing its size / md5 check,
# an answer in the wrong format): the user's request was fine, so it must not be blamed (RemoteError's own hint,
# "check the request", is for refusals such as 400/404).
SOURCE_FAILED = "the source failed, not your request: try again later"
RATE_LIMITED = ("the source is limiting requests: try again later (an API key, OPENFDA_API_KEY / NCBI_API_KEY, "
                "raises the limit)")
USER_AGENT = "medbrief/0.1 (evidence briefs; +https://pypi.org/project/medbrief/)"


_T = TypeVar("_T")


class _Retryable(Exception):
    """An attempt that failed in a way another attempt may fix (internal; never leaves this module)."""

    def __init__(self, reason: str, *, status: int = 0, body: bytes = b"", retry_after: float | None = None,
                 connect: bool = False, reached: bool = True) -> None:
        super().__init__(reason)
        self.reached = reached  # False only when no connection was made (DNS, refused, connect timeout)
        self.reason = reason
        self.status = status
        self.body = body
        self.retry_after = retry_after
        self.connect = connect


class RateLimiter:
    """At most `per_second` request starts per second, across threads: each caller takes the next free slot.

    `clock` and `sleep` are injectable so tests can assert the spacing without waiting for it.
    """

    def __init__(self, per_second: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be > 0")
        self.interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def delay(self) -> float:
        """Reserve the next slot and return how long to wait for it (0 when it is free now)."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
            return slot - now

    def wait(self) -> None:
        """Block until the caller may start a request."""
        pause = self.delay()
        if pause > 0:
            self._sleep(pause)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds ("120") or an HTTP date; None when absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def api_message(body: bytes) -> str:
    """The API's own error message from an error answer (openFDA `{"error":{"message"}}`, NCBI `{"error":"..."}`),
    else the start of its text, on one line."""
    text = body[:4000].decode("utf-8", "replace")
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
    if isinstance(doc, dict):
        error = doc.get("error")
        if isinstance(error, dict):
            parts = [str(error[k]) for k in ("code", "message") if error.get(k)]
            if parts:
                return ": ".join(parts)
        elif isinstance(error, str) and error:
            return error
    return " ".join(text.split())[:200]


class HttpSource:
    """One remote source: an httpx.Client with timeouts, retries with backoff on 429/5xx/broken connections and
    truncated bodies, Retry-After (seconds or HTTP date), a polite thread-safe rate limiter, an on-disk cache keyed
    by request (API keys never part of the key or the file), fixed params (api_key / tool / email).

    name: the source's name (cache folder, messages). base_url: paths of `get`/`download` are relative to it.
    per_second: request starts per second (NCBI 3 without a key; openFDA 4 = 240/min). cache_dir: None = no cache.
    fixed_params: sent with every request to base_url's host (never to another host, never cached, never shown).
    timeout: seconds per connect / read. retries: retries after the first attempt. deadline: a time.monotonic()
    (or `clock`) value after which no new request starts (DeadlineReached). sleep / clock: injectable for tests.
    cache_ttl: seconds a cached answer is used. `requests` counts HTTP requests sent (retries included), `cached`
    the answers served from the cache.

    Errors: SourceUnreachable (never connected: offline, refused, DNS, connect timeout, after the retries),
    RemoteError (an HTTP error that retrying cannot fix; 429/5xx, an answer cut short or never finished after the
    retries: the host was reached, the source failed on this request; `.status`, `.body`), DeadlineReached.
    """

    def __init__(self, name: str, base_url: str, *, per_second: float, cache_dir: Path | None,
                 fixed_params: Mapping[str, str] | None = None, timeout: float = 30.0, retries: int = 5,
                 deadline: float | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, cache_ttl: float = CACHE_TTL) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).hostname or self.base_url
        self.cache_dir = Path(cache_dir) / "http" / name if cache_dir is not None else None
        self.fixed_params = {k: str(v) for k, v in (fixed_params or {}).items()}
        self.timeout = timeout
        self.retries = max(0, retries)
        self.deadline = deadline
        self.cache_ttl = cache_ttl
        self._sleep = sleep
        self._clock = clock
        self.limiter = RateLimiter(per_second, clock=clock, sleep=sleep)
        self.requests = 0
        self.cached = 0
        self._count_lock = threading.Lock()
        self._last = threading.local()  # per thread: the failure the retry policy last saw
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()

    # -- plumbing -------------------------------------------------------------------------------------------
    @property
    def client(self) -> httpx.Client:
        """The shared httpx.Client (thread-safe), made on first use."""
        with self._client_lock:
            if self._client is None:
                self._client = httpx.Client(timeout=httpx.Timeout(self.timeout), follow_redirects=True,
                                            headers={"User-Agent": USER_AGENT})
            return self._client

    def close(self) -> None:
        """Close the connection pool."""
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def __enter__(self) -> HttpSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path_or_url: str) -> str:
        """An absolute URL: `path_or_url` itself when it has a scheme, else base_url + path."""
        if "://" in path_or_url:
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}"

    @staticmethod
    def _split(url: str, params: Mapping[str, str | int] | None) -> tuple[str, dict[str, str]]:
        """(URL without its query, the query's params + `params`): httpx drops a URL's own query when params are
        given, so a followed `Link` URL keeps its cursor only this way; one form also makes one cache key."""
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        query.update({k: str(v) for k, v in (params or {}).items()})
        return urlunsplit(parts._replace(query="")), query

    def _params_for(self, url: str, params: Mapping[str, str]) -> dict[str, str]:
        """The params to send: the fixed ones (api_key ...) only to our own host, never to a redirect target."""
        if urlsplit(url).hostname == urlsplit(self.base_url).hostname:
            return {**params, **self.fixed_params}
        return dict(params)

    def _host_of(self, url: str) -> str:
        return urlsplit(url).hostname or self.host

    def _count(self) -> None:
        with self._count_lock:
            self.requests += 1

    def _before_request(self) -> None:
        """Deadline check, then the rate limiter's slot (a slot past the deadline is not waited for)."""
        if self.deadline is not None and self._clock() >= self.deadline:
            raise DeadlineReached(f"{self.name}: the time for fetching ran out before the next request")
        pause = self.limiter.delay()
        if pause > 0:
            if self.deadline is not None and self._clock() + pause >= self.deadline:
                raise DeadlineReached(f"{self.name}: the time for fetching ran out before the next request")
            self._sleep(pause)

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return exc.retry_after
        return min(BACKOFF_MAX, BACKOFF_BASE * 2 ** (state.attempt_number - 1))

    def _stop(self, state: tenacity.RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        if state.attempt_number > self.retries:
            return True
        self._last.exc = exc  # what the next sleep waits after (its deadline message names it)
        if isinstance(exc, _Retryable):
            if exc.connect and state.attempt_number >= CONNECT_TRIES:
                return True
            if exc.retry_after is not None and exc.retry_after > MAX_WAIT:
                return True
        return False

    def _sleep_within_deadline(self, seconds: float) -> None:
        if self.deadline is not None and self._clock() + seconds >= self.deadline:
            exc = getattr(self._last, "exc", None)
            if isinstance(exc, _Retryable) and exc.reason.startswith("no answer"):
                # a slow answer used the time up: waiting for it, not a retry, is what ran out
                raise DeadlineReached(f"{self.name}: the time for fetching ran out waiting for {self.host}'s answer")
            raise DeadlineReached(f"{self.name}: the time for fetching ran out while waiting to retry")
        self._sleep(seconds)

    def _with_retries(self, url: str, attempt: Callable[[], _T]) -> _T:
        """Run `attempt` under the retry policy; turn the last failure into SourceUnreachable / RemoteError."""
        retrying = tenacity.Retrying(
            stop=self._stop, wait=self._wait, retry=tenacity.retry_if_exception_type(_Retryable),
            sleep=self._sleep_within_deadline, reraise=True,
        )
        host = self._host_of(url)
        try:
            return retrying(attempt)
        except _Retryable as exc:
            tries = retrying.statistics.get("attempt_number", 1)
            if exc.status:
                wait = (f"; it asks to wait {exc.retry_after:.0f} s (a quota spent?)"
                        if exc.retry_after is not None and exc.retry_after > MAX_WAIT else "")
                raise RemoteError(f"{host} answered {exc.status} after {_tries(tries)}: {exc.reason}{wait}",
                                  status=exc.status, body=exc.body,
                                  hint=RATE_LIMITED if exc.status == 429 else SOURCE_FAILED) from None
            if not exc.reached:
                raise SourceUnreachable(f"cannot reach {host} (offline?): {exc.reason}") from None
            # the host was reached and then cut the answer short (or never finished it): the source failed on this
            # one request; other requests to the host may well work, so it is not "unreachable"
            what = "no answer" if exc.reason.startswith("no answer") else "answer cut short"
            raise RemoteError(f"{host} failed: {what} after {_tries(tries)} ({exc.reason})",
                              hint=SOURCE_FAILED) from None

    @staticmethod
    def _transport_reason(exc: httpx.TransportError, timeout: float) -> str:
        if isinstance(exc, httpx.TimeoutException):
            return f"no answer within {timeout:g} s ({type(exc).__name__})"
        text = str(exc).strip()
        return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

    def _fail_status(self, response: httpx.Response, body: bytes) -> None:
        """Raise for an error status: _Retryable for the passing kinds, RemoteError for the rest."""
        status = response.status_code
        message = api_message(body) or response.reason_phrase
        if status in RETRY_STATUSES:
            raise _Retryable(f"{status} {response.reason_phrase}: {message}".strip(": "), status=status, body=body,
                             retry_after=parse_retry_after(response.headers.get("Retry-After")))
        raise RemoteError(f"{self._host_of(str(response.url))} answered {status} {response.reason_phrase}: {message}",
                          status=status, body=body[:4000])

    # -- cache ----------------------------------------------------------------------------------------------
    def cache_path(self, url: str, params: Mapping[str, str]) -> Path | None:
        """Where the answer to GET url?params is cached: a hash of the URL and the params WITHOUT the fixed ones
        (an API key changes no answer and must never be written), so the file holds only the body."""
        if self.cache_dir is None:
            return None
        key = json.dumps([url, sorted((k, str(v)) for k, v in params.items())], ensure_ascii=False)
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.cache_dir / digest[:2] / f"{digest}.body"

    def _cached(self, path: Path | None) -> bytes | None:
        if path is None:
            return None
        try:
            if time.time() - path.stat().st_mtime > self.cache_ttl:
                return None
            return path.read_bytes()
        except OSError:
            return None

    @staticmethod
    def _store(path: Path, body: bytes) -> None:
        """Write atomically (tmp + rename): a reader never sees half a cached answer."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(body)
        os.replace(tmp, path)

    # -- requests -------------------------------------------------------------------------------------------
    def get(self, path: str, params: Mapping[str, str | int] | None = None, *, cache: bool = True) -> bytes:
        """GET base_url/path?params (+ fixed params) and return the whole body.

        With `cache` (and a cache_dir) an answer cached less than `cache_ttl` ago is returned without a request,
        and a 200 answer is cached. Errors: SourceUnreachable, RemoteError (`.status`, `.body`), DeadlineReached.
        """
        return self.get_page(path, params, cache=cache)[0]

    def get_page(self, path_or_url: str, params: Mapping[str, str | int] | None = None, *,
                 cache: bool = True) -> tuple[bytes, str | None]:
        """As `get`, and the answer's `Link: <url>; rel="next"` (paging by cursor, e.g. openFDA's search_after)
        with the fixed params taken out of it (they are added again when it is followed; never cached)."""
        url, query = self._split(self.url(path_or_url), params)
        where = self.cache_path(url, query) if cache else None
        hit = self._cached(where)
        if hit is not None and where is not None:
            with self._count_lock:
                self.cached += 1
            link = where.with_suffix(".next")
            return hit, (link.read_text() if link.exists() else None)
        send = self._params_for(url, query)

        def attempt() -> tuple[bytes, str | None]:
            self._before_request()
            self._count()
            try:
                response = self.client.get(url, params=send)
                body = response.read()
            except httpx.TransportError as exc:
                raise _Retryable(self._transport_reason(exc, self.timeout),
                                 connect=isinstance(exc, httpx.ConnectError),
                                 reached=not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)) from exc
            if response.status_code >= 400:
                self._fail_status(response, body)
            expected = response.headers.get("Content-Length")
            if expected and expected.isdigit() and "Content-Encoding" not in response.headers \
                    and int(expected) != len(body):
                raise _Retryable(f"answer cut short: {len(body):,} of {int(expected):,} bytes")
            return body, self._next_link(response)

        body, next_url = self._with_retries(url, attempt)
        if where is not None:
            link = where.with_suffix(".next")
            if next_url:
                self._store(link, next_url.encode())
            else:
                link.unlink(missing_ok=True)
            self._store(where, body)
        return body, next_url

    def _next_link(self, response: httpx.Response) -> str | None:
        """The rel="next" URL of the Link header, without the fixed params (an api_key echoed back)."""
        target = response.links.get("next", {}).get("url")
        if not target:
            return None
        parts = urlsplit(str(response.url.join(target)))
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in self.fixed_params]
        return urlunsplit(parts._replace(query=urlencode(kept)))

    def download(self, path_or_url: str, dest: Path, *, size: int | None = None, md5: str | None = None,
                 progress: Callable[[int, int | None], None] | None = None) -> Path:
        """Stream to dest + '.part', resume with Range when a .part exists, check size / md5, rename into place.

        A `dest` that already exists and matches the given size / md5 is returned without a request. A broken
        transfer is retried from where it stopped; when the retries run out the `.part` stays for the next call
        and `dest` does not exist (nothing half-written is ever at `dest`). A finished file that fails the size or
        md5 check is fetched once more from scratch, then RemoteError. `progress(done_bytes, total_bytes | None)`.
        """
        dest = Path(dest)
        if dest.exists() and (size is not None or md5 is not None) and check_file(dest, size, md5) is None:
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        url, query = self._split(self.url(path_or_url), None)
        params = self._params_for(url, query)
        problem = None
        for _ in range(2):
            self._with_retries(url, lambda: self._stream_to(url, params, part, progress))
            problem = check_file(part, size, md5)
            if problem is None:
                os.replace(part, dest)
                return dest
            part.unlink(missing_ok=True)  # a stale or corrupt .part: the second round starts from byte 0
        raise RemoteError(f"{self._host_of(url)}: {dest.name} {problem} (downloaded twice)", hint=SOURCE_FAILED)

    def _stream_to(self, url: str, params: Mapping[str, str], part: Path,
                   progress: Callable[[int, int | None], None] | None) -> bytes:
        """One attempt: append the rest of the file to `part` (Range from its size); _Retryable when cut."""
        have = part.stat().st_size if part.exists() else 0
        # identity: the bytes stored are the file's own, so Range offsets, size and md5 all mean the file.
        headers = {"Accept-Encoding": "identity"}
        if have:
            headers["Range"] = f"bytes={have}-"
        self._before_request()
        self._count()
        try:
            with self.client.stream("GET", url, params=params, headers=headers) as response:
                status = response.status_code
                if status == 416 and have:
                    whole = _content_range(response.headers.get("Content-Range"))[2]
                    if whole == have:
                        return b""  # the .part already holds the whole file
                    part.unlink(missing_ok=True)
                    raise _Retryable(f"range not satisfiable at byte {have:,}; starting again")
                if status >= 400:
                    self._fail_status(response, response.read())
                if status == 206:
                    start, _, total = _content_range(response.headers.get("Content-Range"))
                    if start != have:
                        part.unlink(missing_ok=True)
                        raise _Retryable(f"server resumed at byte {start} instead of {have:,}; starting again")
                    mode = "ab"
                else:  # 200: the server ignored Range (or there was none): the whole file from byte 0
                    have, mode = 0, "wb"
                    length = response.headers.get("Content-Length")
                    total = int(length) if length and length.isdigit() else None
                done = have
                if progress:
                    progress(done, total)
                with open(part, mode) as fh:
                    # no chunk_size: httpx would buffer up to it, and lose the buffer when the answer breaks
                    for chunk in response.iter_raw():
                        fh.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, total)
                    fh.flush()
                    os.fsync(fh.fileno())
        except httpx.TransportError as exc:
            raise _Retryable(self._transport_reason(exc, self.timeout),
                             connect=isinstance(exc, httpx.ConnectError),
                             reached=not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)) from exc
        if total is not None and done != total:
            raise _Retryable(f"download cut short: {done:,} of {total:,} bytes")
        return b""


def _tries(n: int) -> str:
    """ "1 try", "3 tries"."""
    return "1 try" if n == 1 else f"{n} tries"


def _content_range(value: str | None) -> tuple[int | None, int | None, int | None]:
    """(start, end, total) of `bytes 100-199/1000` or `bytes */1000`; Nones where absent."""
    if not value or not value.startswith("bytes"):
        return None, None, None
    spec = value[5:].strip()
    span, _, whole = spec.partition("/")
    total = int(whole) if whole.strip().isdigit() else None
    if span.strip() == "*":
        return None, None, total
    start, _, end = span.partition("-")
    try:
        return int(start), int(end), total
    except ValueError:
        return None, None, total


def file_md5(path: Path) -> str:
    """The hex md5 of a file, read in 1 MiB blocks."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, size: int | None, md5: str | None) -> str | None:
    """None when `path` has the expected size and md5 (each checked only when given), else what is wrong."""
    try:
        actual = path.stat().st_size
    except OSError:
        return "is missing"
    if size is not None and actual != size:
        return f"has {actual:,} bytes, expected {size:,}"
    if md5 is not None and file_md5(path) != md5.strip().lower():
        return "fails its md5 check"
    return None
