"""The MCP server (stdio): tools `ask`, `search`, `get_document` and the stored documents as resources.

Built on the official `mcp` SDK (`MCPServer`, FastMCP's name since mcp 2). A thin shell over the same
`Service` the HTTP app uses: one store opened on first use; errors come back as MCP tool errors carrying
the message and hint. Nothing may print to stdout here: stdout is the protocol channel.

Sized for an agent's context (issue 16): each tool result's text is compact Markdown (a brief is a few KB, not
tens of KB of indented JSON) and its structured content carries the full data (the Brief JSON contract, with
every statement's exact support); `get_document` returns a bounded window of passages and says how to get more.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError
from mcp.server.mcpserver.resources.templates import ResourceSecurity
from mcp.shared.exceptions import MCPError
from mcp_types import INTERNAL_ERROR, CallToolResult, ListResourcesResult, PaginatedRequestParams, TextContent
from mcp_types import Resource as MCPResource
from pydantic import Field

import medbrief

from .brief import Brief
from .errors import MedbriefError
from .render import md_text, printable, to_markdown
from .settings import Settings

if TYPE_CHECKING:
    from .service import Service

INSTRUCTIONS = (
    "medbrief answers clinical questions with cited, checkable evidence briefs from an offline corpus of "
    "guidelines, FDA drug labels and PubMed abstracts. Every statement is a verbatim sentence of a stored "
    "passage. Start with `ask` for a clinical question: a brief in three tiers with numbered citations and "
    "references by document id (the structured result holds each statement's exact supporting span). Use "
    "`search` when you need passages for words rather than an answer, or to look for something a brief's notes "
    "say is missing. Use `get_document` (or the resource medbrief://document/{doc_id}) to read a cited source: "
    "pass the passage id of a statement's support to read around it; long documents come in windows."
)

DOC_URI = "medbrief://document/"
DEFAULT_DOC_CHARS = 6_000  # a label is up to ~500 KB of text: a window the size of a brief, more on request
MAX_DOC_CHARS = 50_000
RESOURCES_PAGE = 100  # resources/list entries per page (14k documents in the demo store)
MAX_K = 100  # the search tool's largest k: service.MAX_K's value (tests/server/test_mcp_start.py keeps them equal),
# not imported from there, since that module brings FastAPI and the pipeline


def _tool_error(exc: MedbriefError) -> ToolError:
    return ToolError(f"{type(exc).__name__}: {exc}" + (f" (hint: {exc.hint})" if exc.hint else ""))


def brief_text(brief: dict[str, Any]) -> str:
    """The Markdown an agent reads for a Brief dict: `render.to_markdown` (statements with citation numbers,
    references with document ids, notes, corpus footer; source text escaped) plus one line on where the
    supporting spans are and how to read a source."""
    return to_markdown(Brief.model_validate(brief)) + (
        "\n*Each statement's supporting passage id, character span and quote are in this result's structured "
        "content; `get_document(doc_id, passage_id=...)` reads the source around a passage.*\n"
    )


def search_text(result: dict[str, Any]) -> str:
    """Ranked hits as compact Markdown lines: rank, tier, document id, passage id, section, score, snippet."""
    hits = result["hits"]
    lines = [f"{len(hits)} passages for {md_text(result['query'])!s}"
             + (f" (tier {result['tier']})" if result.get("tier") else "")
             + (f", ranked by {result['mode']}" if result.get("mode") else "") + ":", ""]
    if result.get("note"):
        lines[1:1] = [md_text(result["note"]), ""]
    for h in hits:
        lines.append(f"{h['rank']}. [{h['tier']}] {md_text(h['doc_id'])} · passage {md_text(h['passage_id'])} · "
                     f"{md_text(h['section'])} · score {h['score']}: {md_text(h['snippet'])}")
    return "\n".join(lines) + "\n"


def document_window(doc: dict[str, Any], passage_id: str | None = None, start: int = 0,
                    max_chars: int = DEFAULT_DOC_CHARS) -> dict[str, Any]:
    """`doc` (a document with all its passages, as `Service.document` returns it) cut to a window: whole
    passages from `passage_id` (else from index `start`) while their text fits in `max_chars`; a first passage
    longer than that is cut to it. The result keeps the document's fields, holds the window's passages and a
    `window` entry: first/last passage index, passages and characters in the document and in the window,
    `complete`, whether a passage was `cut`, and `next_start` (None at the end). Raises KeyError when
    `passage_id` is not a passage of this document, IndexError when `start` is past its last passage."""
    passages = list(doc.get("passages") or [])
    if passage_id is not None:
        index = next((i for i, p in enumerate(passages) if p["id"] == passage_id), None)
        if index is None:
            raise KeyError(passage_id)
        start = index
    if passages and not 0 <= start < len(passages):
        raise IndexError(start)
    window: list[dict[str, Any]] = []
    used = 0
    cut = False
    for p in passages[start:]:
        size = len(p["text"])
        if window and used + size > max_chars:
            break
        if size > max_chars:  # the first passage alone exceeds the window: cut it rather than return nothing
            p = {**p, "text": p["text"][:max_chars]}
            size, cut = max_chars, True
        window.append(p)
        used += size
    end = start + len(window)
    total_chars = sum(len(p["text"]) for p in passages)
    out = {k: v for k, v in doc.items() if k != "passages"}
    out["passages"] = window
    out["window"] = {
        "first": start, "last": end - 1, "passages": len(passages), "chars": used, "document_chars": total_chars,
        "complete": start == 0 and end == len(passages) and not cut, "cut": cut,
        "next_start": end if end < len(passages) else None,
    }
    return out


def document_text(win: dict[str, Any]) -> str:
    """A document window as Markdown: title and id, source line, what the window holds and how to read on,
    then each passage under its section and passage id. Passage text is kept verbatim (a statement's support
    span indexes it) except for control characters; every other source field is escaped."""
    w = win["window"]
    head = [f"# {md_text(win.get('title') or win['id'])} ({md_text(win['id'])})"]
    bits = [str(win[k]) for k in ("tier", "source", "date", "version", "url") if win.get(k)]
    if bits:
        head.append(" · ".join(md_text(b) for b in bits))
    if w["complete"]:
        head.append(f"All {w['passages']} passages ({w['document_chars']:,} characters).")
    else:
        shown = (f"Passages {w['first'] + 1}–{w['last'] + 1} of {w['passages']} ({w['chars']:,} of "
                 f"{w['document_chars']:,} characters")
        shown += "; the passage shown is cut at the window's size)." if w["cut"] else ")."
        if w["next_start"] is not None:
            shown += (f" More: get_document(doc_id={win['id']!r}, start={w['next_start']}); a larger window: "
                      f"max_chars up to {MAX_DOC_CHARS:,}.")
        head.append(shown)
    lines = [*head, ""]
    for p in win["passages"]:
        lines += [f"## {md_text(p.get('section') or 'Text')} — passage {md_text(p['id'])}", "",
                  printable(p["text"]), ""]
    return "\n".join(lines)


def _document_page(svc: Service, offset: int, n: int) -> tuple[list[str], dict[str, str]]:
    """Document ids `offset`..`offset + n` in id order, and their titles."""
    return svc.document_page(offset, n)


class _MedbriefMCP(MCPServer[Any]):
    """MCPServer whose `resources/list` pages through the store's documents (the SDK's lists whatever was
    registered, at once; the demo store has 14k documents)."""

    service: Service

    async def _handle_list_resources(self, ctx: Any, params: PaginatedRequestParams | None) -> ListResourcesResult:
        try:
            offset = int(params.cursor) if params is not None and params.cursor else 0
        except ValueError:
            offset = 0
        try:
            ids, titles = _document_page(self.service, offset, RESOURCES_PAGE)
        except MedbriefError as exc:  # e.g. no store yet: a JSON-RPC error carrying the message and hint
            raise MCPError(code=INTERNAL_ERROR, message=str(_tool_error(exc))) from exc
        resources = [MCPResource(uri=DOC_URI + doc_id, name=doc_id, title=titles.get(doc_id) or doc_id,
                                 mime_type="text/markdown") for doc_id in ids]
        more = len(ids) == RESOURCES_PAGE
        return ListResourcesResult(resources=resources, next_cursor=str(offset + len(ids)) if more else None)


class _ServiceOnFirstUse:
    """Stands for `service.Service` until a tool or resource is first used, then builds it and passes every
    attribute through. Importing the service (FastAPI, the pipeline, numpy) and opening the store would
    otherwise come before the MCP `initialize` answer (issue 16: 4.7 s; a client may time out first)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._service: Service | None = None
        self._lock = threading.Lock()  # tools run in worker threads: one Service, however many calls come at once

    def __getattr__(self, name: str) -> Any:
        with self._lock:
            if self._service is None:
                from .service import Service

                self._service = Service(self._settings)
        return getattr(self._service, name)


def create_mcp(settings: Settings, service: Service | None = None) -> MCPServer[Any]:
    """The MCP server over one `Service` (one open store); without `service` one is built on first use, so the
    server answers `initialize` (with the package version) before loading the pipeline or opening the store."""
    svc: Any = service or _ServiceOnFirstUse(settings)
    mcp = _MedbriefMCP("medbrief", instructions=INSTRUCTIONS, version=medbrief.__version__)
    mcp.service = svc

    @mcp.tool()
    def ask(question: Annotated[str, Field(description="A clinical question in plain words, e.g. 'What is "
                                                       "tizanidine used for?' (at most 2,000 characters).")]
            ) -> CallToolResult:  # no outputSchema: the Brief's is 6 KB in every tool listing (`medbrief schema`)
        """Answer a clinical question with a cited three-tier evidence brief (guidelines, FDA label, research).

        Use this first for any clinical question. The text is the brief as Markdown: verbatim statements with
        citation numbers [n], references with document ids, and what the corpus lacks. The structured content
        is the Brief JSON (each statement's passage id, character span and quote)."""
        try:
            brief = svc.ask(question)
        except MedbriefError as exc:
            raise _tool_error(exc) from exc
        return CallToolResult(content=[TextContent(type="text", text=brief_text(brief))], structured_content=brief)

    @mcp.tool()
    def search(
        query: Annotated[str, Field(description="Words to search for (any syntax is taken as plain words).")],
        tier: Annotated[Literal["guideline", "label", "research"] | None, Field(description="Only this tier.")] = None,
        k: Annotated[int, Field(ge=1, le=MAX_K, description="Number of passages.")] = 10,
        mode: Annotated[Literal["bm25", "dense", "hybrid"] | None, Field(
            description="Ranking: bm25 (words), dense (passage vectors) or hybrid (both). Default: hybrid when "
                        "every searched passage has a vector, else bm25; the result's `mode` says which ran. "
                        "dense/hybrid on a store without vectors fail with ModeUnavailable.")] = None,
    ) -> CallToolResult:
        """Ranked passages (document id, passage id, section, score, snippet) for words.

        Use when you need raw passages rather than an answer: to find a document or section, or to look for
        what a brief's notes say is missing. Read a hit in full with get_document(doc_id, passage_id=...)."""
        try:
            result = svc.search(query, tier, k, mode)
        except MedbriefError as exc:
            raise _tool_error(exc) from exc
        return CallToolResult(content=[TextContent(type="text", text=search_text(result))],
                              structured_content=result)

    @mcp.tool()
    def get_document(
        doc_id: Annotated[str, Field(description="A document id from a brief's references or a search hit, "
                                                 "e.g. pmid:123 or label:<set id>.")],
        passage_id: Annotated[str | None, Field(description="Start at this passage (e.g. a statement's "
                                                            "support passage id).")] = None,
        start: Annotated[int, Field(ge=0, description="Start at this passage index (0-based) when no "
                                                      "passage_id is given; the result says where the next "
                                                      "window starts.")] = 0,
        max_chars: Annotated[int, Field(ge=200, le=MAX_DOC_CHARS, description="At most this many characters "
                                                                              "of passage text.")]
        = DEFAULT_DOC_CHARS,
    ) -> CallToolResult:
        """Read a stored document (a cited source) in passages: a window of at most max_chars characters.

        Use after `ask` or `search` to check a statement in context or read more of a source. The text says
        which passages are shown, how many there are, and the call that reads the next window."""
        try:
            doc = svc.document(doc_id)
        except MedbriefError as exc:
            raise _tool_error(exc) from exc
        if doc is None:
            raise ToolError(f"NotFound: no document {doc_id!r} in the store")
        try:
            win = document_window(doc, passage_id, start, max_chars)
        except KeyError:
            raise ToolError(f"NotFound: document {doc_id!r} has no passage {passage_id!r}") from None
        except IndexError:
            raise ToolError(f"InvalidQuestion: start={start} is past the last passage of {doc_id!r} (it has "
                            f"{len(doc.get('passages') or [])}; the first is 0)") from None
        return CallToolResult(content=[TextContent(type="text", text=document_text(win))], structured_content=win)

    # `{+doc_id}`: ids hold ':' and '/' (label:tac2017/lioresal). They are keys looked up in SQLite, never
    # paths, so the SDK's path-traversal checks do not apply to them.
    @mcp.resource(DOC_URI + "{+doc_id}", name="document", mime_type="text/markdown",
                  description="A stored document by id: its first passages (get_document reads further windows).",
                  security=ResourceSecurity(exempt_params={"doc_id"}))
    def document_resource(doc_id: str) -> str:
        try:
            doc = svc.document(doc_id)
        except MedbriefError as exc:
            raise ResourceError(str(_tool_error(exc))) from exc
        if doc is None:
            raise ResourceNotFoundError(f"NotFound: no document {doc_id!r} in the store")
        return document_text(document_window(doc))

    return mcp


def run_stdio(settings: Settings) -> None:
    """Serve MCP over stdin/stdout until the client closes the connection."""
    create_mcp(settings).run("stdio")
