"""The MCP server starts fast (issue 16 point 4): `initialize` is answered, with the package version, before the
pipeline is imported or the store opened; the store is opened by the first tool call."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import anyio
import pytest

import medbrief
from medbrief.settings import Settings

from .conftest import SERVER_EXTRA

pytest.importorskip("fastapi", reason=SERVER_EXTRA)
pytest.importorskip("mcp", reason=SERVER_EXTRA)

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from medbrief import mcp_server, service


async def _initialise_then_search(db: Path) -> tuple[object, object]:
    params = StdioServerParameters(command=sys.executable, args=["-m", "medbrief", "mcp", "--db", str(db)])
    with anyio.fail_after(60):
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            init = await session.initialize()
            found = await session.call_tool("search", {"query": "baclofen", "k": 1})
    return init, found


def test_initialise_reports_the_package_version_and_opens_the_store_on_first_use(small_settings: Settings) -> None:
    init, found = anyio.run(_initialise_then_search, small_settings.db_path)
    reported = init.server_info.version  # type: ignore[attr-defined]
    assert reported and reported == medbrief.__version__ == version("medbrief")
    assert init.server_info.name == "medbrief"  # type: ignore[attr-defined]
    assert not found.is_error and found.structured_content["hits"]  # type: ignore[attr-defined]


def test_initialise_needs_no_store(tmp_path: Path) -> None:
    """No store at the path: the server still starts and says who it is; the first tool call says what is
    missing (nothing is opened before then)."""
    init, found = anyio.run(_initialise_then_search, tmp_path / "absent.db")
    assert init.server_info.version == medbrief.__version__  # type: ignore[attr-defined]
    assert found.is_error and "StoreMissing" in found.content[0].text  # type: ignore[attr-defined]


def test_building_the_mcp_server_imports_neither_the_pipeline_nor_fastapi(small_settings: Settings) -> None:
    code = (f"import sys, json\nfrom medbrief import mcp_server\nfrom medbrief.settings import Settings\n"
            f"mcp_server.create_mcp(Settings.load({str(small_settings.db_path)!r}))\n"
            "print(json.dumps(sorted(sys.modules)))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    modules = set(json.loads(res.stdout.strip().splitlines()[-1]))
    assert "mcp" in modules
    assert not modules & {"medbrief.server", "medbrief.service", "medbrief.pipeline", "fastapi", "numpy",
                          "onnxruntime", "tantivy"}


def test_the_search_tool_caps_k_as_the_http_api_does() -> None:
    assert mcp_server.MAX_K == service.MAX_K
