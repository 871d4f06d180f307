"""Issue 16 point 6: a server that scales with cores.

Requests overlap (a slow /ask does not hold /health or /search), /health reports the store's counts after another
process's ingest, /search honours `mode`, a damaged index met by many searches at once is rebuilt once, and /ask in
ask processes answers (and fails) exactly as in the serving process. Overlap is shown with an injected slow hook
(an /ask that waits for the test's signal), not with timing thresholds.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from medbrief import pipeline
from medbrief.errors import IndexDamaged, ModelUnavailable, WorkerLost
from medbrief.retrieve.dense import HashEmbedder, MiniLMOnnx, embed_pending
from medbrief.settings import Settings
from medbrief.store import Store
from medbrief.store.lexical import LexicalIndex

from .conftest import SERVER_EXTRA, SMALL_SOURCES, TEST_HOST, TIZANIDINE, XSS_DOC, free_port

pytest.importorskip("fastapi", reason=SERVER_EXTRA)

import httpx
import uvicorn
from fastapi.testclient import TestClient

from medbrief.server import create_app
from medbrief.service import Service

WAIT = 60  # seconds: only a bound on a hang, never a measurement


@contextlib.contextmanager
def serving(settings: Settings, service: Service) -> Iterator[str]:
    """A real uvicorn (its thread pool, its event loop) on a free loopback port, in this process."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, service), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    ready = threading.Event()
    for _ in range(WAIT * 20):
        if server.started:
            ready.set()
            break
        if not thread.is_alive():
            break
        threading.Event().wait(0.05)
    assert ready.is_set(), "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=WAIT)


class SlowAsk:
    """Replaces pipeline.ask_store: each call says it started, then waits until the test releases it."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.original = pipeline.ask_store

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        assert self.release.wait(WAIT), "the test never released the /ask"
        return self.original(*args, **kwargs)


def copy_store(settings: Settings, dest: Path) -> Settings:
    """A copy of a store (database and index folder) under `dest`, for tests that change it."""
    dest.mkdir(parents=True, exist_ok=True)
    db = dest / "medbrief.db"
    shutil.copy(settings.db_path, db)
    shutil.copytree(settings.db_path.with_name(settings.db_path.name + ".index"), db.with_name(db.name + ".index"))
    return Settings.load(db=db)


# -- 1. requests overlap -----------------------------------------------------------------------------------------
def test_health_and_search_answer_while_an_ask_is_in_flight(small_settings: Settings,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: one lock around every request, so /health (and /search) waited for the /ask ahead of it."""
    slow = SlowAsk()
    monkeypatch.setattr(pipeline, "ask_store", slow)
    with serving(small_settings, Service(small_settings)) as url, ThreadPoolExecutor(1) as pool:
        asked = pool.submit(httpx.post, url + "/ask", json={"question": TIZANIDINE}, timeout=WAIT)
        assert slow.entered.wait(WAIT)
        try:
            health = httpx.get(url + "/health", timeout=WAIT)
            search = httpx.get(url + "/search", params={"q": "tizanidine"}, timeout=WAIT)
            assert not asked.done()  # both answered while the /ask was still composing
        finally:
            slow.release.set()
        assert health.status_code == 200 and health.json()["corpus"]["documents"] > 0
        assert search.status_code == 200 and search.json()["hits"]
        r = asked.result(timeout=WAIT)
        assert r.status_code == 200 and r.json()["drugs"] == ["tizanidine"]


def test_the_one_lock_service_kept_for_the_benchmark_does_block(small_settings: Settings,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above fails on the old behaviour: with `serialize=True` /health waits for the /ask."""
    slow = SlowAsk()
    monkeypatch.setattr(pipeline, "ask_store", slow)
    with serving(small_settings, Service(small_settings, serialize=True)) as url, ThreadPoolExecutor(2) as pool:
        asked = pool.submit(httpx.post, url + "/ask", json={"question": TIZANIDINE}, timeout=WAIT)
        assert slow.entered.wait(WAIT)
        health = pool.submit(httpx.get, url + "/health", timeout=WAIT)
        try:
            with pytest.raises(TimeoutError):
                health.result(timeout=1.0)  # still queued behind the /ask
        finally:
            slow.release.set()
        assert health.result(timeout=WAIT).status_code == 200
        assert asked.result(timeout=WAIT).status_code == 200


# -- 2. changes made by another process ----------------------------------------------------------------------------
@pytest.mark.slow  # seconds of ingest/retries: the full suite runs it, the fast subset does not
def test_health_and_search_see_another_process_ingest(tmp_path: Path) -> None:
    """Was: /health kept the counts read when the store was first opened; a new ingest never showed."""
    settings = Settings.load(db=tmp_path / "s" / "medbrief.db")
    pipeline.ingest(settings, SMALL_SOURCES[:-1])  # without the guideline of tests/server/fixtures
    with TestClient(create_app(settings, hosts=[TEST_HOST])) as c:
        before = c.get("/health").json()["corpus"]
        assert c.get(f"/documents/{XSS_DOC}").status_code == 404
        run = subprocess.run([sys.executable, "-m", "medbrief", "ingest", "--db", str(settings.db_path), "-q",
                              "--no-embed", str(SMALL_SOURCES[-1])], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        after = c.get("/health").json()["corpus"]
        assert after["documents"] == before["documents"] + 1
        assert after["passages"] > before["passages"]
        assert after["by_tier"]["guideline"] == before["by_tier"]["guideline"] + 1
        assert after["documents"] == sum(pipeline.stats(settings)["documents"].values())
        # the records and the search index: both follow
        assert c.get(f"/documents/{XSS_DOC}").status_code == 200
        hits = c.get("/search", params={"q": "xss tizanidine", "tier": "guideline", "k": 5}).json()["hits"]
        assert XSS_DOC in {h["doc_id"] for h in hits}


def test_a_store_deleted_then_restored_under_the_server(small_settings: Settings, tmp_path: Path) -> None:
    settings = copy_store(small_settings, tmp_path / "s")
    aside = tmp_path / "aside"
    with TestClient(create_app(settings, hosts=[TEST_HOST])) as c:
        assert c.get("/health").status_code == 200
        assert c.get("/search", params={"q": "baclofen"}).status_code == 200
        shutil.move(settings.db_path.parent, aside)
        for r in (c.get("/health"), c.get("/search", params={"q": "baclofen"}),
                  c.post("/ask", json={"question": TIZANIDINE})):
            assert r.status_code == 503 and r.json()["error"] == "StoreMissing", r.text
        shutil.move(aside, settings.db_path.parent)
        assert c.get("/health").status_code == 200
        assert c.get("/search", params={"q": "baclofen"}).json()["hits"]


# -- 3. /search mode ----------------------------------------------------------------------------------------------
def test_search_mode_on_a_store_without_vectors(client: TestClient) -> None:
    """Was: `mode` was ignored (an unknown query parameter)."""
    for params in ({}, {"mode": "bm25"}):
        r = client.get("/search", params={"q": "baclofen", **params})
        assert r.status_code == 200 and r.json()["mode"] == "bm25" and r.json()["hits"]
    for mode in ("dense", "hybrid"):
        r = client.get("/search", params={"q": "baclofen", "mode": mode})
        assert r.status_code == 409, r.text
        assert r.json()["error"] == "ModeUnavailable" and f"'{mode}'" in r.json()["message"]
    r = client.get("/search", params={"q": "baclofen", "mode": "fuzzy"})
    assert r.status_code == 400 and r.json()["error"] == "InvalidRequest"


class FakeMiniLM(HashEmbedder):
    """A stand-in for the installed model (same name, so the store's vectors count as its own)."""

    def __init__(self) -> None:
        super().__init__(dim=64)
        self.name = MiniLMOnnx.name


def test_search_mode_on_a_store_with_vectors(small_settings: Settings, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    settings = copy_store(small_settings, tmp_path / "v")
    model = FakeMiniLM()
    with Store(settings.db_path, write=True) as store:
        assert embed_pending(store, model) > 0
    monkeypatch.setattr(pipeline, "default_embedder", lambda **_: model)
    monkeypatch.setattr(pipeline, "default_embedder_loading", lambda **_: model)  # the service's first load
    with TestClient(create_app(settings, hosts=[TEST_HOST])) as c:
        found = {}
        for mode in ("bm25", "dense", "hybrid"):
            r = c.get("/search", params={"q": "tizanidine hypotension", "mode": mode, "k": 5})
            assert r.status_code == 200 and r.json()["mode"] == mode, r.text
            found[mode] = [h["passage_id"] for h in r.json()["hits"]]
            assert found[mode], mode
        assert found["dense"] != found["bm25"]  # another ranking, not BM25 under another name
        assert c.get("/search", params={"q": "tizanidine"}).json()["mode"] == "hybrid"  # the CLI's default


def test_search_on_a_partly_embedded_store_says_which_mode_ran(small_settings: Settings, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16.4 over HTTP as in the CLI: with only some passages embedded, the default is BM25 and says why;
    an explicit hybrid runs over the embedded ones and says what the others got (was: hybrid over a subset,
    unsaid)."""
    settings = copy_store(small_settings, tmp_path / "p")
    model = FakeMiniLM()
    with Store(settings.db_path, write=True) as store:
        some = [d for (d,) in store.db.conn.execute("SELECT id FROM documents ORDER BY id LIMIT 2")]
        assert embed_pending(store, model, doc_ids=some) > 0
    monkeypatch.setattr(pipeline, "default_embedder", lambda **_: model)
    monkeypatch.setattr(pipeline, "default_embedder_loading", lambda **_: model)  # the service's first load
    with TestClient(create_app(settings, hosts=[TEST_HOST])) as c:
        default = c.get("/search", params={"q": "tizanidine"}).json()
        assert default["mode"] == "bm25" and "BM25 only" in default["note"] and default["hits"]
        hybrid = c.get("/search", params={"q": "tizanidine", "mode": "hybrid"}).json()
        assert hybrid["mode"] == "hybrid" and "by BM25 only" in hybrid["note"]


def test_dense_without_the_model_installed_is_409(small_settings: Settings, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    settings = copy_store(small_settings, tmp_path / "m")
    with Store(settings.db_path, write=True) as store:
        embed_pending(store, FakeMiniLM())

    def missing(**_: Any) -> Any:
        raise ModelUnavailable("the dense extra is not installed")

    monkeypatch.setattr(pipeline, "default_embedder", missing)
    monkeypatch.setattr(pipeline, "default_embedder_loading", missing)  # the service's first load
    with TestClient(create_app(settings, hosts=[TEST_HOST])) as c:
        r = c.get("/search", params={"q": "tizanidine", "mode": "dense"})
        assert r.status_code == 409 and r.json()["error"] == "ModelUnavailable", r.text
        assert c.get("/search", params={"q": "tizanidine"}).json()["mode"] == "bm25"  # default: what it can serve


# -- 4. a damaged index, met by many searches at once ---------------------------------------------------------------
def test_a_damaged_index_met_by_concurrent_searches_is_rebuilt_once(small_settings: Settings, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Every search meets the damage before any rebuild starts (a barrier); one rebuilds, the others wait for it and
    answer from the rebuilt index."""
    threads = 6
    settings = copy_store(small_settings, tmp_path / "d")
    damaged = threading.Event()
    barrier = threading.Barrier(threads, timeout=WAIT)
    original_search = LexicalIndex.search
    original_rebuild = Store.rebuild_damaged
    rebuilds: list[str] = []

    def search(self: LexicalIndex, *args: Any, **kwargs: Any) -> Any:
        if damaged.is_set():
            barrier.wait()
            raise IndexDamaged(f"the search index at {self.path} is damaged (a rotten block, injected)")
        return original_search(self, *args, **kwargs)

    def rebuild(self: Store, reason: str) -> None:
        rebuilds.append(reason)
        original_rebuild(self, reason)
        damaged.clear()  # the rebuilt index is sound

    monkeypatch.setattr(LexicalIndex, "search", search)
    monkeypatch.setattr(Store, "rebuild_damaged", rebuild)
    svc = Service(settings)
    try:
        assert svc.search("baclofen")["hits"]  # opened and sound
        damaged.set()
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(lambda _: svc.search("baclofen", k=3), range(threads)))
        assert len(rebuilds) == 1, rebuilds
        assert all(r["hits"] for r in results)
        assert svc.rebuilds == 1
        assert svc.search("tizanidine")["hits"]
    finally:
        svc.close()
    assert pipeline.check(settings).ok


# -- 5. /ask in ask processes --------------------------------------------------------------------------------------
def test_ask_processes_answer_like_the_serving_process(small_settings: Settings) -> None:
    local = Service(small_settings)
    pooled = Service(small_settings, ask_processes=1)
    try:
        assert pooled.submit_ask(TIZANIDINE).result(timeout=WAIT) == local.ask_json(TIZANIDINE)
        with TestClient(create_app(small_settings, pooled, hosts=[TEST_HOST])) as c:
            r = c.post("/ask", json={"question": TIZANIDINE})
            assert r.status_code == 200 and r.headers["content-type"] == "application/json"
            assert r.json() == local.ask(TIZANIDINE)
            r = c.post("/ask", json={"question": "flibbertonib dose"})  # an error made in the ask process
            assert r.status_code == 422 and r.json()["error"] == "UnknownDrug" and r.json()["hint"], r.text
            r = c.post("/ask", json={"question": " "})
            assert r.status_code == 400 and r.json()["error"] == "InvalidQuestion"
    finally:
        pooled.close()
        local.close()


# -- 6. how `serve` starts --------------------------------------------------------------------------------------
def test_serve_starts_ask_processes_or_hands_settings_to_workers(small_settings: Settings,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from medbrief import server
    from medbrief.settings import ENV_ALLOWED_HOSTS, ENV_DB, ENV_LOCK_TIMEOUT

    calls: list[tuple[Any, dict]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    for name in (ENV_DB, ENV_LOCK_TIMEOUT):  # restored after the test: serve(workers=2) sets them
        monkeypatch.delenv(name, raising=False)
    server.serve(small_settings, host="127.0.0.1", port=8123)
    app, _ = calls.pop()
    assert app.state.service.ask_processes == server.default_ask_processes() >= 1
    server.serve(small_settings, host="127.0.0.1", port=8123, ask_processes=0)
    assert calls.pop()[0].state.service.ask_processes == 0

    import socket

    from uvicorn import supervisors

    started: list[tuple[Any, list[socket.socket]]] = []

    class FakeSupervisor:
        def __init__(self, config: Any, sockets: list[socket.socket]) -> None:
            started.append((config, sockets))

        def run(self) -> None:
            pass

    monkeypatch.setattr(supervisors, "Multiprocess", FakeSupervisor)
    monkeypatch.setenv(ENV_ALLOWED_HOSTS, "")  # serve writes the variables its worker processes read
    server.serve(small_settings, host="127.0.0.1", port=free_port(), workers=2)
    config, (sock,) = started.pop()
    try:
        assert config.app == "medbrief.server:worker_app" and config.factory and config.workers == 2
        # was: no TCP_NODELAY on --workers connections, so every keep-alive answer waited 40 ms for a delayed ACK
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        sock.close()
    monkeypatch.setenv(ENV_ALLOWED_HOSTS, f"127.0.0.1,{TEST_HOST}")  # as a worker sees them (plus the test's name)
    with TestClient(server.worker_app()) as c:
        r = c.get("/health")
        assert r.status_code == 200 and r.json()["corpus"]["documents"] > 0
    assert server.worker_app().state.service.settings.db_path == small_settings.db_path


def test_serve_refuses_workers_with_ask_processes(small_settings: Settings) -> None:
    from typer.testing import CliRunner

    from medbrief.cli import app

    res = CliRunner().invoke(app, ["serve", "--db", str(small_settings.db_path), "--workers", "2",
                                   "--ask-processes", "2"])
    assert res.exit_code == 2 and "alternatives" in res.stderr


def test_a_killed_ask_process_is_replaced(small_settings: Settings) -> None:
    """An ask process killed (out of memory, an operator's kill) fails the briefs it held, not the server."""
    import os
    import signal

    pooled = Service(small_settings, ask_processes=1)
    try:
        first = pooled.submit_ask(TIZANIDINE).result(timeout=WAIT)
        (pid,) = pooled._pool()._processes  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
        outcomes = []
        for _ in range(3):  # the broken pool is noticed on a submit or a result, then replaced
            try:
                outcomes.append(pooled.submit_ask(TIZANIDINE).result(timeout=WAIT))
            except Exception as exc:
                outcomes.append(exc)
        assert outcomes[-1] == first, outcomes
        lost = [o for o in outcomes if isinstance(o, Exception)]
        # a retryable fault, said as one (HTTP 503 "ask again"), not a bare 500 (found by the issue-16 tester)
        assert all(isinstance(o, WorkerLost) and o.hint for o in lost), lost
        from medbrief.server import _status
        assert all(_status(o) == 503 for o in lost)
    finally:
        pooled.close()


def test_briefs_in_flight_when_an_ask_process_dies_are_asked_again(small_settings: Settings) -> None:
    """A killed process breaks the whole pool: the briefs the other process held were lost with it (20 failed
    requests for one kill in the issue-16 trial). Each is asked once more on a new pool."""
    import os
    import signal

    pooled = Service(small_settings, ask_processes=2)
    try:
        first = pooled.submit_ask(TIZANIDINE).result(timeout=WAIT)
        pending = [pooled.submit_ask(TIZANIDINE) for _ in range(6)]
        os.kill(next(iter(pooled._pool()._processes)), signal.SIGKILL)  # type: ignore[attr-defined]
        assert [f.result(timeout=WAIT) for f in pending] == [first] * 6
        assert pooled.submit_ask(TIZANIDINE).result(timeout=WAIT) == first  # the new pool serves on
    finally:
        pooled.close()
