"""HttpSource against the replay server (issue 14 points 5, 6, 8): every fault kind is retried and then succeeds,
or fails with the right error after the retries; Retry-After is honoured; the rate limit spaces requests; the
cache answers without a request and never holds the api key; downloads resume from a .part and are checked."""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from email.utils import formatdate
from pathlib import Path

import pytest

from medbrief.connectors.http import (
    CONNECT_TRIES,
    MAX_WAIT,
    HttpSource,
    RateLimiter,
    check_file,
    parse_retry_after,
)
from medbrief.errors import DeadlineReached, RemoteError, SourceUnreachable
from tests.connectors.fake_time import FakeTime

from .replay import Answer, Fault, ReplayServer

BODY = b'{"meta": {"results": {"skip": 0, "limit": 1, "total": 1}}, "results": [{"set_id": "x"}]}'
FILE = bytes(range(256)) * 800  # 204,800 bytes




def source(server: ReplayServer, fake: FakeTime, **kw: object) -> HttpSource:
    opts: dict = {"per_second": 1000.0, "cache_dir": None, "sleep": fake.sleep, "clock": fake.clock, "timeout": 5.0}
    opts.update(kw)
    return HttpSource("test", server.url, **opts)


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


# -- faults: retried, then success ------------------------------------------------------------------------
@pytest.mark.parametrize("fault", [Fault.status(500), Fault.status(502), Fault.status(503), Fault.truncate(at=20),
                                   Fault.reset(), Fault.slow(2.5)], ids=lambda f: f"{f.kind}{f.code}")
def test_each_fault_kind_is_retried_and_then_succeeds(replay_server: ReplayServer, fake: FakeTime,
                                                       fault: Fault) -> None:
    replay_server.route("/a.json", BODY, faults=[fault])
    with source(replay_server, fake, timeout=1.0) as http:  # the slow answer (2.5 s) times out, the retry is quick
        assert http.get("/a.json", cache=False) == BODY
        assert http.requests == 2
    assert len(replay_server.requests("/a.json")) == 2
    assert fake.sleeps == [1.0]  # the first backoff step


def test_backoff_doubles_between_retries(replay_server: ReplayServer, fake: FakeTime) -> None:
    replay_server.route("/a.json", BODY, faults=[Fault.status(500)] * 4)
    with source(replay_server, fake) as http:
        assert http.get("/a.json") == BODY
    assert fake.sleeps == [1.0, 2.0, 4.0, 8.0]


@pytest.mark.parametrize("fault, error", [(Fault.status(500), RemoteError), (Fault.status(429), RemoteError),
                                          (Fault.truncate(at=20), RemoteError),
                                          (Fault.reset(), RemoteError)], ids=["500", "429", "cut", "reset"])
def test_a_fault_that_persists_fails_after_n_retries(replay_server: ReplayServer, fake: FakeTime, fault: Fault,
                                                     error: type[Exception]) -> None:
    replay_server.route("/a.json", BODY, faults=[fault] * 10)
    with source(replay_server, fake, retries=3) as http, pytest.raises(error) as caught:
        http.get("/a.json")
    assert len(replay_server.requests("/a.json")) == 4  # the first try and 3 retries
    assert "127.0.0.1" in str(caught.value)
    if fault.kind == "status":
        assert caught.value.status == fault.code and "after 4 tries" in str(caught.value)
        assert "injected fault" in str(caught.value)  # the API's own message


def test_an_error_retrying_cannot_fix_is_not_retried(replay_server: ReplayServer, fake: FakeTime) -> None:
    replay_server.route("/a.json", Answer(b'{"error": {"code": "NOT_FOUND", "message": "No matches found!"}}',
                                          status=404))
    with source(replay_server, fake) as http, pytest.raises(RemoteError) as caught:
        http.get("/a.json")
    assert caught.value.status == 404 and "No matches found!" in str(caught.value)
    assert len(replay_server.requests()) == 1 and fake.sleeps == []


# -- Retry-After -----------------------------------------------------------------------------------------
def test_retry_after_seconds_is_honoured(replay_server: ReplayServer, fake: FakeTime) -> None:
    replay_server.route("/a.json", BODY, faults=[Fault.status(429, retry_after="7")])
    with source(replay_server, fake) as http:
        assert http.get("/a.json") == BODY
    assert fake.sleeps == [7.0]


def test_retry_after_http_date_is_honoured(replay_server: ReplayServer, fake: FakeTime) -> None:
    replay_server.route("/a.json", BODY, faults=[Fault.status(503, retry_after=formatdate(time.time() + 120,
                                                                                           usegmt=True))])
    with source(replay_server, fake) as http:
        assert http.get("/a.json") == BODY
    assert len(fake.sleeps) == 1 and 117 <= fake.sleeps[0] <= 121


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0  # in the past: go now
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None


def test_a_retry_after_beyond_the_limit_stops_at_once(replay_server: ReplayServer, fake: FakeTime) -> None:
    """A spent daily quota answers 429 with a long Retry-After: say so instead of sleeping for hours."""
    replay_server.route("/a.json", BODY, faults=[Fault.status(429, retry_after=str(int(MAX_WAIT) + 3600))])
    with source(replay_server, fake) as http, pytest.raises(RemoteError, match="asks to wait 3900 s"):
        http.get("/a.json")
    assert fake.sleeps == [] and len(replay_server.requests()) == 1


def test_deadline_stops_before_a_wait_that_would_pass_it(replay_server: ReplayServer, fake: FakeTime) -> None:
    replay_server.route("/a.json", BODY, faults=[Fault.status(429, retry_after="10")])
    with source(replay_server, fake, deadline=fake.now + 5) as http, pytest.raises(DeadlineReached):
        http.get("/a.json")
    assert len(replay_server.requests()) == 1
    fake.now += 10
    with source(replay_server, fake, deadline=fake.now - 1) as http, pytest.raises(DeadlineReached):
        http.get("/a.json")
    assert len(replay_server.requests()) == 1  # past the deadline: no request starts


# -- offline ---------------------------------------------------------------------------------------------
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_is_one_clear_line_naming_the_host(fake: FakeTime) -> None:
    http = HttpSource("openfda", f"http://127.0.0.1:{closed_port()}", per_second=4, cache_dir=None,
                      sleep=fake.sleep, clock=fake.clock)
    with http, pytest.raises(SourceUnreachable) as caught:
        http.get("/drug/label.json", {"search": "x"})
    message = str(caught.value)
    assert message.startswith("cannot reach 127.0.0.1 (offline?): ") and "\n" not in message
    assert http.requests == CONNECT_TRIES and len(fake.sleeps) == CONNECT_TRIES - 1  # no minute of retries


# -- rate limit ------------------------------------------------------------------------------------------
def test_rate_limit_spaces_requests(replay_server: ReplayServer, fake: FakeTime) -> None:
    replay_server.route("/a.json", BODY)
    with source(replay_server, fake, per_second=3) as http:
        for i in range(7):
            http.get("/a.json", {"i": i}, cache=False)
    assert len(replay_server.requests()) == 7
    assert sum(fake.sleeps) == pytest.approx(6 / 3)  # 7 requests at 3/s: at least 2 s from the first to the last


def test_rate_limiter_is_thread_safe() -> None:
    limiter = RateLimiter(4, clock=lambda: 50.0)
    delays: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        d = limiter.delay()
        with lock:
            delays.append(d)

    threads = [threading.Thread(target=take) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(delays) == pytest.approx([i / 4 for i in range(40)])  # every slot taken once, none shared


# -- cache -----------------------------------------------------------------------------------------------
def test_cache_hit_sends_no_request_and_never_stores_the_api_key(replay_server: ReplayServer, fake: FakeTime,
                                                                 tmp_path: Path) -> None:
    replay_server.route("/drug/label.json", BODY)
    params = {"search": 'openfda.generic_name:"BACLOFEN"', "limit": 100}
    with source(replay_server, fake, cache_dir=tmp_path, fixed_params={"api_key": "SECRET-KEY-123"}) as http:
        assert http.get("/drug/label.json", params) == BODY
        assert http.get("/drug/label.json", params) == BODY
        assert (http.requests, http.cached) == (1, 1)
    sent = replay_server.requests()
    assert len(sent) == 1 and sent[0].params["api_key"] == "SECRET-KEY-123"  # the key is sent ...
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files
    for p in files:  # ... and never written: not in a file's name, not in its content
        assert "SECRET" not in str(p) and b"SECRET-KEY-123" not in p.read_bytes()
    # another key (or none) asks the same question: the same cached answer
    with source(replay_server, fake, cache_dir=tmp_path) as http:
        assert http.get("/drug/label.json", params) == BODY and http.cached == 1
    with source(replay_server, fake, cache_dir=tmp_path) as http:
        http.get("/drug/label.json", {**params, "skip": 100})  # another request: not a hit
        http.get("/drug/label.json", params, cache=False)
    assert len(replay_server.requests()) == 3


def test_an_error_answer_is_not_cached(replay_server: ReplayServer, fake: FakeTime, tmp_path: Path) -> None:
    replay_server.route("/a.json", BODY, faults=[Fault.status(500)] * 3)
    with source(replay_server, fake, cache_dir=tmp_path, retries=1) as http:
        with pytest.raises(RemoteError):
            http.get("/a.json")
        assert http.get("/a.json") == BODY  # third fault, then the answer
    assert not list(tmp_path.rglob("*.tmp"))


# -- downloads -------------------------------------------------------------------------------------------
def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def test_download_resumes_from_a_part_with_range(replay_server: ReplayServer, fake: FakeTime,
                                                 tmp_path: Path) -> None:
    replay_server.route("/f.zip", FILE, ranges=True, content_type="application/zip")
    dest = tmp_path / "f.zip"
    (tmp_path / "f.zip.part").write_bytes(FILE[:50_000])
    seen: list[tuple[int, int | None]] = []
    with source(replay_server, fake) as http:
        assert http.download("/f.zip", dest, size=len(FILE), md5=md5(FILE), progress=lambda d, t: seen.append((d, t)))
    assert dest.read_bytes() == FILE and not (tmp_path / "f.zip.part").exists()
    (request,) = replay_server.requests()
    assert request.headers["range"] == "bytes=50000-"
    assert seen[0] == (50_000, len(FILE)) and seen[-1] == (len(FILE), len(FILE))


def test_a_cut_download_resumes_within_the_call(replay_server: ReplayServer, fake: FakeTime, tmp_path: Path) -> None:
    replay_server.route("/f.zip", FILE, ranges=True, faults=[Fault.truncate(at=70_000)])
    with source(replay_server, fake) as http:
        http.download("/f.zip", tmp_path / "f.zip", size=len(FILE), md5=md5(FILE))
    assert (tmp_path / "f.zip").read_bytes() == FILE
    first, second = replay_server.requests()
    assert "range" not in first.headers and second.headers["range"] == "bytes=70000-"


def test_a_download_dying_mid_file_leaves_only_the_part(replay_server: ReplayServer, fake: FakeTime,
                                                        tmp_path: Path) -> None:
    replay_server.route("/f.zip", FILE, ranges=True, faults=[Fault.truncate(at=30_000)] * 2)
    dest = tmp_path / "f.zip"
    with source(replay_server, fake, retries=1) as http, pytest.raises(RemoteError):
        http.download("/f.zip", dest, size=len(FILE), md5=md5(FILE))
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["f.zip.part"]
    assert (tmp_path / "f.zip.part").read_bytes() == FILE[:60_000]  # two cut answers, the second one resumed
    with source(replay_server, fake) as http:  # the next run resumes where it stopped
        http.download("/f.zip", dest, size=len(FILE), md5=md5(FILE))
    assert dest.read_bytes() == FILE
    assert replay_server.requests()[-1].headers["range"] == "bytes=60000-"


def test_a_download_failing_its_md5_is_refused(replay_server: ReplayServer, fake: FakeTime, tmp_path: Path) -> None:
    replay_server.route("/f.zip", FILE, ranges=True)
    dest = tmp_path / "f.zip"
    with source(replay_server, fake) as http, pytest.raises(RemoteError, match="md5"):
        http.download("/f.zip", dest, md5=md5(b"something else"))
    assert not dest.exists() and not (tmp_path / "f.zip.part").exists()
    assert len(replay_server.requests()) == 2  # fetched again from scratch once before giving up


def test_a_stale_part_is_replaced_by_a_fresh_download(replay_server: ReplayServer, fake: FakeTime,
                                                      tmp_path: Path) -> None:
    replay_server.route("/f.zip", FILE, ranges=True)
    (tmp_path / "f.zip.part").write_bytes(b"x" * 1000)  # left by another version of the file
    with source(replay_server, fake) as http:
        http.download("/f.zip", tmp_path / "f.zip", size=len(FILE), md5=md5(FILE))
    assert (tmp_path / "f.zip").read_bytes() == FILE
    assert [r.headers.get("range") for r in replay_server.requests()] == ["bytes=1000-", None]


def test_a_server_ignoring_range_gives_the_whole_file_again(replay_server: ReplayServer, fake: FakeTime,
                                                           tmp_path: Path) -> None:
    replay_server.route("/f.zip", FILE)  # no Range support: 200 with the whole file
    (tmp_path / "f.zip.part").write_bytes(FILE[:1000])
    with source(replay_server, fake) as http:
        http.download("/f.zip", tmp_path / "f.zip", size=len(FILE), md5=md5(FILE))
    assert (tmp_path / "f.zip").read_bytes() == FILE  # not the first 1,000 bytes twice
    assert [r.headers.get("range") for r in replay_server.requests()] == ["bytes=1000-"]


def test_a_complete_download_is_not_fetched_again(replay_server: ReplayServer, fake: FakeTime,
                                                  tmp_path: Path) -> None:
    replay_server.route("/f.zip", FILE, ranges=True)
    dest = tmp_path / "f.zip"
    dest.write_bytes(FILE)
    with source(replay_server, fake) as http:
        assert http.download("/f.zip", dest, size=len(FILE), md5=md5(FILE)) == dest
    assert replay_server.requests() == []
    assert check_file(dest, len(FILE) + 1, None) == f"has {len(FILE):,} bytes, expected {len(FILE) + 1:,}"


def test_a_part_holding_the_whole_file_is_finished(replay_server: ReplayServer, fake: FakeTime,
                                                   tmp_path: Path) -> None:
    """The server answers 416 to a Range past the end: the .part was already whole (cut just before rename)."""
    replay_server.route("/f.zip", FILE, ranges=True)
    (tmp_path / "f.zip.part").write_bytes(FILE)
    with source(replay_server, fake) as http:
        http.download("/f.zip", tmp_path / "f.zip", size=len(FILE))
    assert (tmp_path / "f.zip").read_bytes() == FILE and len(replay_server.requests()) == 1


def test_fixed_params_go_only_to_the_sources_own_host(replay_server: ReplayServer, fake: FakeTime,
                                                      tmp_path: Path) -> None:
    """A bulk file on another host (download.open.fda.gov) never gets the api_key."""
    replay_server.route("/a.json", BODY)
    with source(replay_server, fake, fixed_params={"api_key": "K"}) as http:
        http.get("/a.json", {"q": 1})
        http.download(replay_server.url.replace("127.0.0.1", "localhost") + "/a.json", tmp_path / "a.json")
    first, second = replay_server.requests()
    assert first.params == {"q": "1", "api_key": "K"} and second.params == {}


def test_a_failed_live_source_exits_4() -> None:
    from medbrief.cli import EXIT_CODES, _exit_code

    for exc in (SourceUnreachable("cannot reach x (offline?): y"), RemoteError("x answered 400"),
                DeadlineReached("out of time")):
        assert _exit_code(exc) == 4
    assert "4 a live source failed" in " ".join(EXIT_CODES.split())


def test_a_link_cursor_is_followed_cached_and_never_holds_the_key(replay_server: ReplayServer, fake: FakeTime,
                                                                  tmp_path: Path) -> None:
    """openFDA echoes the api_key in its Link next URL: returned and cached without it, sent again with it."""
    nxt = f'<{replay_server.url}/a.json?q=1&search_after=0%3D7&api_key=SECRET-KEY-123>; rel="next"'
    replay_server.route("/a.json", Answer(BODY, headers=(("Link", nxt),)))
    with source(replay_server, fake, cache_dir=tmp_path, fixed_params={"api_key": "SECRET-KEY-123"}) as http:
        body, link = http.get_page("/a.json", {"q": 1})
        assert link == f"{replay_server.url}/a.json?q=1&search_after=0%3D7"
        assert http.get_page("/a.json", {"q": 1}) == (body, link) and http.cached == 1
        http.get_page(link)
    sent = replay_server.requests()
    assert len(sent) == 2 and sent[1].params == {"q": "1", "search_after": "0=7", "api_key": "SECRET-KEY-123"}
    assert not any(b"SECRET" in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())


@pytest.mark.parametrize("fault", [Fault.truncate(at=20), Fault.reset()], ids=["cut", "disconnected"])
def test_a_host_that_answered_but_cut_short_is_the_sources_failure_not_unreachable(
        replay_server: ReplayServer, fake: FakeTime, fault: Fault) -> None:
    """Issue 14 (second tester): a truncated body or "Server disconnected" after the retries said
    "cannot reach HOST (offline?)"; the host was reached, so it is the source failing on this one request."""
    replay_server.route("/a.json", BODY, faults=[fault] * 10)
    with source(replay_server, fake, retries=2) as http, pytest.raises(RemoteError) as caught:
        http.get("/a.json")
    assert not isinstance(caught.value, SourceUnreachable)
    message = str(caught.value)
    assert message.startswith("127.0.0.1 failed: answer cut short after 3 tries"), message
    assert "offline" not in message
    assert caught.value.hint == "the source failed, not your request: try again later"


def test_a_slow_answer_that_uses_up_the_deadline_says_so(replay_server: ReplayServer, fake: FakeTime) -> None:
    """Issue 14 (second tester): `--live-timeout` on a slow answer said "ran out while waiting to retry"."""
    replay_server.route("/a.json", BODY, faults=[Fault.slow(2)] * 3)
    with source(replay_server, fake, timeout=0.3, deadline=fake.now + 0.5) as http, \
            pytest.raises(DeadlineReached) as caught:
        http.get("/a.json")
    assert "ran out waiting for 127.0.0.1's answer" in str(caught.value)
    assert "retry" not in str(caught.value)
