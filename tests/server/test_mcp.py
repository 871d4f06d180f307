"""The MCP server through the SDK's own stdio client: `python -m medbrief mcp --db ...` as a subprocess."""

from __future__ import annotations

import json
import sys

import anyio
import pytest

from medbrief.settings import Settings

from .conftest import SERVER_EXTRA, TIZANIDINE, XSS_DOC

pytest.importorskip("fastapi", reason=SERVER_EXTRA)
pytest.importorskip("mcp", reason=SERVER_EXTRA)

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from medbrief.server import Service


async def _session_run(settings: Settings) -> dict:
    params = StdioServerParameters(command=sys.executable,
                                   args=["-m", "medbrief", "mcp", "--db", str(settings.db_path)])
    out: dict = {}
    with anyio.fail_after(60):  # bounded: a hung server fails the test instead of blocking the run
        await _calls(params, out)
    return out


async def _calls(params: StdioServerParameters, out: dict) -> None:
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = await session.list_tools()
        out["tools"] = {t.name: t for t in tools.tools}
        out["ask"] = await session.call_tool("ask", {"question": TIZANIDINE})
        out["search"] = await session.call_tool("search", {"query": "baclofen", "tier": "label", "k": 2})
        out["doc"] = await session.call_tool("get_document", {"doc_id": XSS_DOC})
        out["missing"] = await session.call_tool("get_document", {"doc_id": "pmid:0"})
        out["empty"] = await session.call_tool("ask", {"question": "  "})


def _json(result) -> dict:  # type: ignore[no-untyped-def]
    assert not result.is_error, result
    text = json.loads(result.content[0].text)
    if result.structured_content is not None:
        assert result.structured_content == text
    return dict(text)


def test_mcp_tools_over_stdio(small_settings: Settings) -> None:
    out = anyio.run(_session_run, small_settings)
    assert set(out["tools"]) == {"ask", "search", "get_document"}
    assert "question" in out["tools"]["ask"].input_schema["properties"]

    svc = Service(small_settings)  # the HTTP API's service: MCP must return the very same JSON
    try:
        assert _json(out["ask"]) == svc.ask(TIZANIDINE)
        assert _json(out["search"]) == svc.search("baclofen", "label", 2)
        assert _json(out["doc"]) == svc.document(XSS_DOC)
    finally:
        svc.close()
    for bad, word in ((out["missing"], "NotFound"), (out["empty"], "InvalidQuestion")):
        assert bad.is_error and word in bad.content[0].text
