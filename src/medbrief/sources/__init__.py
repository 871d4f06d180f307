"""Readers for real source formats. Each reader module exposes:

    NAME: str                                      short format name shown in reports ("openfda", "spl" ...)
    sniff(head: bytes, name: str) -> bool          True when the content (first 64 KiB) is this format
    read(data: bytes, origin: str) -> Iterator[SourceItem]
                                                   Documents, Deletions and SkippedRecords; a file that is
                                                   broken as a whole raises errors.ParseError

Format detection is by content: `detect()` asks each reader in order, most specific first.
Free text (Markdown, HTML, plain text) is read only on request (`freetext.read_guideline`).

Every reader `detect()` returns passes the same size bound: a Document whose text exceeds
`MAX_DOCUMENT_CHARS` is reported as a SkippedRecord instead of being split, hashed and indexed
(a single 200 MB field would otherwise cost several GB of memory downstream).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Protocol, cast

from ..records import Document, SkippedRecord, SourceItem

# The readers' text rules, by version: a record read by a newer version replaces the same revision read by an older
# one on the next ingest (store.records_db.content_hash carries it). 2: tables with a header as Markdown pipe tables
# (tables.py), openFDA `*_table` fields read beside their text fields. 3: a TAC 2017 file filed under one generic
# name that is a combination product ("TRAMADOL" about tramadol/acetaminophen tablets) names both ingredients.
# 4: a table's title row is its caption, not its header; SPL footnotes in cells go under the table. 5: a CSV
# cell holding a missing-value marker ("NA", "NaN", "NULL") is empty (tabular.py): no "NA" abstract passage;
# an empty cell of a headerless table (an image's) writes no " | " (markup.py): no "| |" passage. 6: openFDA
# tables' bold header rows are read (the HTML parser lowercases "styleCode"), a first row naming columns of
# numbers is the header ("Placebo N = 261 %" above rates), a bold one-cell row under the header is a group.
# 7: a TAC 2017 ingredient found only by a salt/form word is a candidate (meta "drug_candidate"); the brand as
# other labels name it wins at ingest ("TIVICAY" is dolutegravir, not the abacavir of its comparator arms).
READER_VERSION = 7

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
# Text of one document (title + sections). The largest real label (openFDA, all fields) holds ~0.5 M
# characters; 16 M leaves 30x headroom while keeping a hostile single field from exhausting memory.
MAX_DOCUMENT_CHARS = 16 * 1024 * 1024


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
    """The reader whose format the content is (its output bounded by `bounded`), or None."""
    for reader in readers():
        if reader.sniff(head, name):
            return _Bounded(reader)
    return None


def text_size(value: object) -> int:
    """Characters of text in a parsed JSON value (strings in nested lists and objects), without copying."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(text_size(v) for v in value)
    if isinstance(value, dict):
        return sum(len(k) + text_size(v) for k, v in value.items())
    return 0


def oversized(value: object, origin: str, position: str | None) -> SkippedRecord | None:
    """A SkippedRecord when a parsed record holds more than MAX_DOCUMENT_CHARS of text (checked before the
    reader copies its strings while cleaning them), else None."""
    size = text_size(value)
    if size <= MAX_DOCUMENT_CHARS:
        return None
    where = f"{origin} {position}" if position else origin
    return SkippedRecord(
        origin, position, f"{where}: record has {size:,} characters of text; the limit is {MAX_DOCUMENT_CHARS:,}"
    )


def bounded(items: Iterator[SourceItem], origin: str) -> Iterator[SourceItem]:
    """Pass items through, turning Documents with more than MAX_DOCUMENT_CHARS of text into SkippedRecords."""
    for item in items:
        if isinstance(item, Document):
            size = len(item.title) + sum(len(s.text) + len(s.name) for s in item.sections)
            if size > MAX_DOCUMENT_CHARS:
                where = item.origin or origin
                yield SkippedRecord(
                    where, item.id,
                    f"{where}: {item.id} has {size:,} characters of text; the limit is {MAX_DOCUMENT_CHARS:,}",
                )
                continue
        yield item


class _Bounded:
    """A reader module whose `read` output goes through `bounded`."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.NAME = reader.NAME

    def sniff(self, head: bytes, name: str) -> bool:
        return self.reader.sniff(head, name)

    def read(self, data: bytes, origin: str) -> Iterator[SourceItem]:
        return bounded(self.reader.read(data, origin), origin)
