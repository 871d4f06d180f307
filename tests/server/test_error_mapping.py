"""The CLI's exit-code rules in HTTP statuses and MCP tool errors (issue 16 point 2): an unknown drug named anywhere
in the question, a search mode the store cannot serve, bad input and no store get the same verdict everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from typer.testing import CliRunner

from medbrief import pipeline
from medbrief.cli import _exit_code, app
from medbrief.errors import (
    InvalidQuestion,
    ModelUnavailable,
    ModeUnavailable,
    NothingIngested,
    PathMissing,
    StoreLocked,
    StoreMissing,
    UnknownDrug,
)
from medbrief.settings import Settings

from .conftest import SERVER_EXTRA, TEST_HOST

pytest.importorskip("fastapi", reason=SERVER_EXTRA)
pytest.importorskip("mcp", reason=SERVER_EXTRA)

from fastapi.testclient import TestClient
from mcp.server.mcpserver.exceptions import ToolError

from medbrief.mcp_server import create_mcp
from medbrief.server import _status, create_app

UNKNOWN = ["flibbertonib", "flibbertonib dose", "baclofen with flibbertonib"]


@pytest.fixture(scope="module")
def client(small_settings: Settings) -> Any:
    with TestClient(create_app(small_settings, hosts=[TEST_HOST])) as c:
        yield c


def _tool_error(settings: Settings, tool: str, args: dict[str, Any]) -> str:
    """The tool error's text without the SDK's "Error executing tool NAME: " prefix: "<ErrorName>: <message>
    (hint: ...)"."""
    async def call() -> str:
        with pytest.raises(ToolError) as info:
            await create_mcp(settings).call_tool(tool, args)
        return str(info.value).removeprefix(f"Error executing tool {tool}: ")
    return anyio.run(call)


def _no_vectors_search(store: Any, query: str, **kwargs: Any) -> Any:
    """What /search and the MCP tool would meet asking a lexical store for dense search: the pipeline's own check
    (the service chooses its mode itself today, so the check is reached by asking for 'dense' here)."""
    pipeline.require_vectors(store, "dense")
    raise AssertionError("a store without vectors must refuse dense search")


@pytest.mark.parametrize("question", UNKNOWN)
def test_unknown_drug_anywhere_is_422_exit_2_and_an_unknown_drug_tool_error(
        client: TestClient, small_settings: Settings, question: str) -> None:
    r = client.post("/ask", json={"question": question})
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "UnknownDrug" and "flibbertonib" in body["message"] and body["hint"]
    assert _tool_error(small_settings, "ask", {"question": question}).startswith("UnknownDrug: 'flibbertonib'")
    res = CliRunner().invoke(app, ["ask", "--db", str(small_settings.db_path), question])
    assert res.exit_code == 2 and "flibbertonib" in res.stderr


def test_a_known_drug_with_an_english_word_is_answered_everywhere(client: TestClient) -> None:
    r = client.post("/ask", json={"question": "tizanidine with alcohol"})
    assert r.status_code == 200 and r.json()["drugs"] == ["tizanidine"]


def test_a_mode_the_store_cannot_serve_is_409_and_a_mode_unavailable_tool_error(
        client: TestClient, small_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "search_store", _no_vectors_search)
    r = client.get("/search", params={"q": "baclofen"})
    assert r.status_code == 409, r.text  # was 500, "a bug"
    body = r.json()
    assert body["error"] == "ModeUnavailable" and "needs passage vectors" in body["message"]
    assert "medbrief embed" in body["hint"]
    message = _tool_error(small_settings, "search", {"query": "baclofen"})
    assert message.startswith("ModeUnavailable: ") and "hint: run `medbrief embed`" in message
    monkeypatch.undo()
    res = CliRunner().invoke(app, ["search", "--db", str(small_settings.db_path), "--mode", "dense", "baclofen"])
    assert res.exit_code == 1 and "needs passage vectors" in res.stderr


def test_bad_input_is_400_exit_2_and_an_invalid_question_tool_error(client: TestClient,
                                                                    small_settings: Settings) -> None:
    r = client.post("/ask", json={"question": "   "})
    assert r.status_code == 400 and r.json()["error"] == "InvalidQuestion"
    assert _tool_error(small_settings, "ask", {"question": "   "}).startswith("InvalidQuestion: ")
    assert CliRunner().invoke(app, ["ask", "--db", str(small_settings.db_path), "   "]).exit_code == 2
    r = client.get("/search", params={"q": "baclofen", "k": 0})
    assert r.status_code == 400


def test_no_store_is_503_exit_3_and_a_store_missing_tool_error(tmp_path: Path) -> None:
    settings = Settings.load(db=tmp_path / "none.db")
    with TestClient(create_app(settings, hosts=[TEST_HOST])) as c:
        r = c.post("/ask", json={"question": "baclofen dose"})
    assert r.status_code == 503 and r.json()["error"] == "StoreMissing"
    assert _tool_error(settings, "ask", {"question": "baclofen dose"}).startswith("StoreMissing: ")
    assert CliRunner().invoke(app, ["ask", "--db", str(settings.db_path), "baclofen dose"]).exit_code == 3


@pytest.mark.parametrize(("exc", "http", "exit_code"), [
    (UnknownDrug("x"), 422, 2), (InvalidQuestion("x"), 400, 2), (ModeUnavailable("x"), 409, 1),
    (ModelUnavailable("x"), 409, 1), (StoreMissing("x"), 503, 3), (StoreLocked("x"), 503, 1),
    (PathMissing("x"), 500, 2), (NothingIngested("x"), 500, 1),  # CLI-only cases: no HTTP route ingests
])
def test_one_table(exc: Exception, http: int, exit_code: int) -> None:
    assert _status(exc) == http  # type: ignore[arg-type]
    assert _exit_code(exc) == exit_code  # type: ignore[arg-type]
