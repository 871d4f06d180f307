"""The MCP server (stdio): tools `ask`, `search` and `get_document`, returning the same JSON as the HTTP API.

Built on the official `mcp` SDK (`MCPServer`, FastMCP's name since mcp 2). A thin shell over the same
`Service` the HTTP app uses: one store opened on first use; errors come back as MCP tool errors carrying
the message and hint. Nothing may print to stdout here: stdout is the protocol channel.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from .errors import MedbriefError
from .server import MAX_K, Service
from .settings import Settings

INSTRUCTIONS = (
    "medbrief answers clinical questions with cited, checkable evidence briefs from an offline corpus of "
    "guidelines, FDA drug labels and PubMed abstracts. Use `ask` for a question (returns a Brief: three tiers, "
    "numbered references, each statement with the exact supporting span), `search` for ranked passages, and "
    "`get_document` to read a cited source in full. Every statement is quoted from the corpus; `notes` say what "
    "the corpus lacks."
)


def _tool_error(exc: MedbriefError) -> ToolError:
    return ToolError(f"{type(exc).__name__}: {exc}" + (f" (hint: {exc.hint})" if exc.hint else ""))


def create_mcp(settings: Settings, service: Service | None = None) -> MCPServer[Any]:
    """The MCP server over one `Service` (one open store)."""
    svc = service or Service(settings)
    mcp: MCPServer[Any] = MCPServer("medbrief", instructions=INSTRUCTIONS)

    @mcp.tool()
    def ask(question: Annotated[str, Field(description="A clinical question, e.g. 'What is tizanidine used for?'")]
            ) -> dict[str, Any]:
        """Answer a clinical question with a cited three-tier evidence brief (the Brief JSON contract)."""
        try:
            return svc.ask(question)
        except MedbriefError as exc:
            raise _tool_error(exc) from exc

    @mcp.tool()
    def search(
        query: Annotated[str, Field(description="Words to search for.")],
        tier: Annotated[Literal["guideline", "label", "research"] | None, Field(description="Only this tier.")] = None,
        k: Annotated[int, Field(ge=1, le=MAX_K, description="Number of passages.")] = 10,
    ) -> dict[str, Any]:
        """Ranked passages (document id, section, score, snippet) for a query."""
        try:
            return svc.search(query, tier, k)
        except MedbriefError as exc:
            raise _tool_error(exc) from exc

    @mcp.tool()
    def get_document(
        doc_id: Annotated[str, Field(description="A document id from a brief or a search hit, e.g. pmid:123.")],
    ) -> dict[str, Any]:
        """A stored document with all its passages (the text that support spans point into)."""
        try:
            doc = svc.document(doc_id)
        except MedbriefError as exc:
            raise _tool_error(exc) from exc
        if doc is None:
            raise ToolError(f"NotFound: no document {doc_id!r} in the store")
        return doc

    return mcp


def run_stdio(settings: Settings) -> None:
    """Serve MCP over stdin/stdout until the client closes the connection."""
    create_mcp(settings).run("stdio")
