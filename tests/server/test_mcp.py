"""The MCP server through the SDK's own stdio client: `python -m medbrief mcp --db ...` as a subprocess.

Issue 16 point 5: results sized for an agent (compact Markdown text + the full data as structured content),
`get_document` windows, documents as resources, the package version at initialise."""

from __future__ import annotations

import json
import sys

import anyio
import pytest

from medbrief import __version__
from medbrief.render import md_text
from medbrief.settings import Settings

from .conftest import SERVER_EXTRA, TIZANIDINE, XSS_DOC

pytest.importorskip("fastapi", reason=SERVER_EXTRA)
pytest.importorskip("mcp", reason=SERVER_EXTRA)

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp_types import PaginatedRequestParams

from medbrief import mcp_server
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
        out["init"] = await session.initialize()
        tools = await session.list_tools()
        out["tools"] = {t.name: t for t in tools.tools}
        out["ask"] = await session.call_tool("ask", {"question": TIZANIDINE})
        out["search"] = await session.call_tool("search", {"query": "baclofen", "tier": "label", "k": 2})
        out["bm25"] = await session.call_tool("search", {"query": "baclofen", "k": 2, "mode": "bm25"})
        out["dense"] = await session.call_tool("search", {"query": "baclofen", "mode": "dense"})
        out["doc"] = await session.call_tool("get_document", {"doc_id": XSS_DOC})
        out["missing"] = await session.call_tool("get_document", {"doc_id": "pmid:0"})
        out["empty"] = await session.call_tool("ask", {"question": "  "})
        out["resources"] = await session.list_resources()
        out["templates"] = await session.list_resource_templates()
        out["resource"] = await session.read_resource(mcp_server.DOC_URI + XSS_DOC)
        # a window: the second passage of the document the ask result cites first, at most 200 characters
        brief = out["ask"].structured_content
        support = brief["sections"][1]["blocks"][0]["statements"][0]["support"][0]
        doc_id = brief["references"][support["ref"] - 1]["doc_id"]
        out["window_doc"] = doc_id
        out["at_passage"] = await session.call_tool("get_document", {"doc_id": doc_id,
                                                                     "passage_id": support["passage_id"]})
        out["small"] = await session.call_tool("get_document", {"doc_id": doc_id, "max_chars": 200})
        out["no_passage"] = await session.call_tool("get_document", {"doc_id": doc_id, "passage_id": "x#9"})


def _text(result) -> str:  # type: ignore[no-untyped-def]
    assert not result.is_error, result
    assert len(result.content) == 1
    return str(result.content[0].text)


def test_mcp_tools_over_stdio(small_settings: Settings) -> None:
    out = anyio.run(_session_run, small_settings)
    assert out["init"].server_info.name == "medbrief" and out["init"].server_info.version == __version__
    assert set(out["tools"]) == {"ask", "search", "get_document"}
    assert "question" in out["tools"]["ask"].input_schema["properties"]
    assert {"passage_id", "start", "max_chars"} <= set(out["tools"]["get_document"].input_schema["properties"])
    for tool in out["tools"].values():  # each says when to use it
        assert "Use " in (tool.description or ""), tool.name

    svc = Service(small_settings)  # the HTTP API's service: the structured content is the very same JSON
    try:
        brief = svc.ask(TIZANIDINE)
        assert out["ask"].structured_content == brief
        assert out["search"].structured_content == svc.search("baclofen", "label", 2)
        full_doc = svc.document(XSS_DOC)
        window_doc = svc.document(out["window_doc"])
    finally:
        svc.close()

    # ask: the text is the brief as Markdown, every statement with its citations, every reference with its id,
    # and far smaller than the indented JSON it used to be
    text = _text(out["ask"])
    statements = [s for sec in brief["sections"] for b in sec["blocks"] for s in b["statements"]]
    assert statements
    for s in statements:
        assert f"{md_text(s['text'])} [{', '.join(map(str, s['citations']))}]" in text
    for r in brief["references"]:
        assert f"{r['n']}. " in text and f"({md_text(r['doc_id'])})" in text
    assert not text.lstrip().startswith("{")
    assert len(text) * 2 < len(json.dumps(brief, indent=2))

    search_text = _text(out["search"])
    # `mode` is honoured as HTTP /search honours it (the trial's "mode": "dense" was ignored): said in the text and
    # the structured result; a mode the store cannot serve is an error, not a silent BM25
    assert out["bm25"].structured_content["mode"] == "bm25" and "ranked by bm25" in _text(out["bm25"])
    assert out["dense"].is_error and "ModeUnavailable" in out["dense"].content[0].text
    assert "mode" in out["tools"]["search"].input_schema["properties"]
    for h in out["search"].structured_content["hits"]:
        assert md_text(h["doc_id"]) in search_text and md_text(h["passage_id"]) in search_text

    # get_document: the small markup-laden guideline whole; its title escaped, its passages verbatim
    doc = out["doc"].structured_content
    assert doc["window"]["complete"] and doc["passages"] == full_doc["passages"]
    doc_text = _text(out["doc"])
    assert f"({md_text(XSS_DOC)})" in doc_text and "All " in doc_text
    assert doc_text.split("\n", 1)[0] == f"# {md_text(full_doc['title'])} ({md_text(XSS_DOC)})"  # escaped
    assert "<script" in full_doc["title"] and "\\<script\\>" in doc_text

    # a window from a passage id, and a capped one that says what was cut and how to read on
    ids = [p["id"] for p in window_doc["passages"]]
    at = out["at_passage"].structured_content
    assert at["passages"][0]["id"] in ids and at["window"]["first"] == ids.index(at["passages"][0]["id"])
    small = out["small"].structured_content
    assert small["window"]["chars"] <= 200 and not small["window"]["complete"]
    if len(ids) > 1 or small["window"]["cut"]:
        small_text = _text(out["small"])
        assert f"of {len(ids)}" in small_text
    if small["window"]["next_start"] is not None:
        assert f"start={small['window']['next_start']}" in _text(out["small"])

    # resources: every document by id (one page in this small store), and the document template
    listed = {str(r.uri) for r in out["resources"].resources}
    assert mcp_server.DOC_URI + XSS_DOC in listed and out["resources"].next_cursor is None
    assert [t.uri_template for t in out["templates"].resource_templates] == [mcp_server.DOC_URI + "{+doc_id}"]
    assert f"({md_text(XSS_DOC)})" in out["resource"].contents[0].text

    for bad, word in ((out["missing"], "NotFound"), (out["empty"], "InvalidQuestion"),
                      (out["no_passage"], "no passage")):
        assert bad.is_error and word in bad.content[0].text


def _doc(n: int, size: int) -> dict:
    return {"id": "label:x", "title": "T", "tier": "label",
            "passages": [{"id": f"label:x#{i}", "section": "S", "text": str(i) * size} for i in range(n)]}


def test_document_window_caps_and_pages() -> None:
    doc = _doc(10, 100)
    first = mcp_server.document_window(doc, max_chars=350)
    assert [p["id"] for p in first["passages"]] == ["label:x#0", "label:x#1", "label:x#2"]
    assert first["window"] == {"first": 0, "last": 2, "passages": 10, "chars": 300, "document_chars": 1000,
                               "complete": False, "cut": False, "next_start": 3}
    text = mcp_server.document_text(first)
    assert "Passages 1–3 of 10 (300 of 1,000 characters)" in text and "start=3" in text
    last = mcp_server.document_window(doc, start=8, max_chars=350)
    assert last["window"]["next_start"] is None and len(last["passages"]) == 2
    assert mcp_server.document_window(doc, "label:x#5", max_chars=100)["passages"][0]["id"] == "label:x#5"
    whole = mcp_server.document_window(doc, max_chars=1000)
    assert whole["window"]["complete"] and "All 10 passages" in mcp_server.document_text(whole)
    huge = mcp_server.document_window(_doc(2, 5000), max_chars=1000)  # one passage larger than the window
    assert huge["window"]["cut"] and len(huge["passages"][0]["text"]) == 1000
    assert "cut at the window's size" in mcp_server.document_text(huge)
    with pytest.raises(KeyError):
        mcp_server.document_window(doc, "label:y#1")
    with pytest.raises(IndexError):
        mcp_server.document_window(doc, start=10)


def test_resources_list_pages_through_every_document(small_settings: Settings,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mcp_server, "RESOURCES_PAGE", 2)
    svc = Service(small_settings)
    try:
        server = mcp_server.create_mcp(small_settings, svc)
        expected = svc._with_store(lambda s: s.db.document_ids())

        async def walk() -> list[str]:
            seen: list[str] = []
            cursor = None
            for _ in range(1000):
                page = await server._handle_list_resources(None, PaginatedRequestParams(cursor=cursor))
                assert len(page.resources) <= 2
                seen += [r.name for r in page.resources]
                cursor = page.next_cursor
                if cursor is None:
                    return seen
            raise AssertionError("no end")

        assert anyio.run(walk) == expected and len(expected) > 2
    finally:
        svc.close()
