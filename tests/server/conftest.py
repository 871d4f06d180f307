"""Stores for the server tests: a small one from fixtures, the real data (session-scoped), and a live uvicorn."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from medbrief import pipeline
from medbrief.settings import Settings
from tests.conftest import FIXTURES

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

SERVER_EXTRA = "the server extra is not installed: pip install -e '.[server,dev]'"

HERE = Path(__file__).parent
SMALL_SOURCES = [FIXTURES / "openfda", FIXTURES / "pubmed", FIXTURES / "fhir", HERE / "fixtures"]
XSS_DOC = "guideline:cdc/xss-tizanidine"
TIZANIDINE = "What is tizanidine used for?"
TEST_HOST = "testserver"  # the Host starlette's TestClient sends; in-process apps are created to answer it


@pytest.fixture(scope="session")
def small_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store from the repo's small fixtures plus a guideline record full of markup (read-only in tests)."""
    settings = Settings.load(db=tmp_path_factory.mktemp("small") / "medbrief.db")
    pipeline.ingest(settings, SMALL_SOURCES)
    return settings


def _test_client(settings: Settings) -> Iterator[TestClient]:
    pytest.importorskip("fastapi", reason=SERVER_EXTRA)
    from fastapi.testclient import TestClient

    from medbrief.server import create_app

    with TestClient(create_app(settings, hosts=[TEST_HOST])) as c:
        yield c


@pytest.fixture(scope="session")
def client(small_settings: Settings) -> Iterator[TestClient]:
    yield from _test_client(small_settings)


@pytest.fixture(scope="session")
def real_client(real_settings: Settings) -> Iterator[TestClient]:
    yield from _test_client(real_settings)


# -- a real server on loopback --------------------------------------------------------------------------------
@dataclass
class Live:
    url: str
    settings: Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(settings: Settings) -> tuple[Live, object, threading.Thread]:
    pytest.importorskip("uvicorn", reason=SERVER_EXTRA)
    import uvicorn

    from medbrief.server import create_app

    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return Live(f"http://127.0.0.1:{port}", settings), server, thread


def _stop(server: object, thread: threading.Thread) -> None:
    server.should_exit = True  # type: ignore[attr-defined]
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_small(small_settings: Settings) -> Iterator[Live]:
    live, server, thread = _start(small_settings)
    yield live
    _stop(server, thread)


@pytest.fixture(scope="session")
def live_real(real_settings: Settings) -> Iterator[Live]:
    live, server, thread = _start(real_settings)
    yield live
    _stop(server, thread)
