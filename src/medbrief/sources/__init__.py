"""Readers for real source formats. Each reader module exposes:

    NAME: str                                      short format name shown in reports ("openfda", "spl" ...)
    sniff(head: bytes, name: str) -> bool          True when the content (first 64 KiB) is this format
    read(data: bytes, origin: str) -> Iterator[SourceItem]
                                                   Documents, Deletions and SkippedRecords; a file that is
                                                   broken as a whole raises errors.ParseError

Format detection is by content: `detect()` asks each reader in order, most specific first.
Free text (Markdown, HTML, plain text) is read only on request (`freetext.read_guideline`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Protocol, cast

from ..records import SourceItem

# Order matters: more specific sniffers first.
READER_MODULES = (
    "openfda",
    "spl",
    "tac",
    "pubmed",
    "medline_text",
    "fhir",
    "ig_page",
    "uspstf",
    "beir",
    "guideline_jsonl",
    "tabular",
)

SNIFF_BYTES = 65536


class Reader(Protocol):
    NAME: str

    def sniff(self, head: bytes, name: str) -> bool: ...

    def read(self, data: bytes, origin: str) -> Iterator[SourceItem]: ...


_loaded: list[Reader] | None = None


def readers() -> list[Reader]:
    """The reader modules in detection order (imported once)."""
    global _loaded
    if _loaded is None:
        mods: list[ModuleType] = [importlib.import_module(f"{__name__}.{m}") for m in READER_MODULES]
        _loaded = [cast(Reader, m) for m in mods]
    return _loaded


def detect(head: bytes, name: str) -> Reader | None:
    """The reader whose format the content is, or None."""
    for reader in readers():
        if reader.sniff(head, name):
            return reader
    return None
