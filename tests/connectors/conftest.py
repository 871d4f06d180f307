"""Fixtures of the connector tests: `replay_server`, a local HTTP server of recorded answers (replay.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .replay import ReplayServer


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    """A ReplayServer on 127.0.0.1:<free port>, closed after the test; an answer function that raised (a failed
    assertion about the request) fails the test even when the client retried past it."""
    server = ReplayServer()
    try:
        yield server
    finally:
        server.close()
    assert not server.errors, server.errors
