"""BEIR retrieval corpora: `corpus.jsonl`, one `{"_id", "title", "text"[, "metadata"]}` object a line.

The corpus is named after the folder holding the file ("…/bioasq-snippets-dev/corpus.jsonl" or
"data.zip!bioasq-snippets-dev/corpus.jsonl" -> "bioasq-snippets-dev"), so two corpora that reuse the
same `_id` stay apart: `beir:<corpus>/<_id>`. `queries.jsonl` (no "title") is not a corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from ..errors import ParseError
from ..records import Document, Section, SkippedRecord, SourceItem
from . import MAX_DOCUMENT_CHARS
from .xmltext import clean_text

NAME = "beir"
_KEY = {key: re.compile(rb'"' + key.encode() + rb'"\s*:') for key in ("_id", "title", "text")}


def corpus_name(origin: str) -> str:
    """The name of the folder holding the corpus file (zip members and .gz included)."""
    path = PurePosixPath(origin.replace("\\", "/").replace("!", "/"))
    return path.parent.name or path.name.split(".", 1)[0] or "corpus"


def sniff(head: bytes, name: str) -> bool:
    """True when the first non-blank line is a JSON object with "_id", "title" and "text" keys."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{"):
        return False
    line, newline, _rest = text.partition(b"\n")
    if not newline and len(head) >= 65536:
        # The first object runs past the head: judge by its keys alone.
        return all(pattern.search(line) for pattern in _KEY.values())
    try:
        obj = json.loads(line.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(obj, dict) and all(key in obj for key in ("_id", "title", "text"))


def _clean(text: str) -> str:
    # Unicode line/paragraph separators occur in real abstracts; treat them as line breaks.
    return clean_text(text.replace("\u2028", "\n").replace("\u2029", "\n"))


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """One research Document per corpus line; an unreadable line is a SkippedRecord ("line N")."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{origin}: BEIR corpus is not UTF-8: {exc}", origin=origin) from exc
    corpus = corpus_name(origin)
    documents = 0
    # JSON Lines break on "\n" only: str.splitlines() would also split inside a string at U+2028/U+2029.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        item = _line_item(line, corpus, origin, number)
        if isinstance(item, Document):
            documents += 1
        yield item
    if documents == 0:
        raise ParseError(f"{origin}: no BEIR corpus documents found", origin=origin)


def _line_item(line: str, corpus: str, origin: str, number: int) -> SourceItem:
    position = f"line {number}"
    if len(line) > MAX_DOCUMENT_CHARS:  # refuse before parsing: cleaning would copy it many times
        return SkippedRecord(origin, position, f"line is {len(line):,} characters long; the limit is "
                             f"{MAX_DOCUMENT_CHARS:,}")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return SkippedRecord(origin, position, f"invalid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return SkippedRecord(origin, position, f"expected a JSON object, got {type(obj).__name__}")
    raw_id = obj.get("_id")
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool) or not str(raw_id).strip():
        return SkippedRecord(origin, position, "missing or empty \"_id\"")
    doc_id = str(raw_id).strip()
    if "title" not in obj or "text" not in obj:
        # queries.jsonl lines have "_id" and "text" but no "title": not corpus documents.
        return SkippedRecord(origin, position, f"_id {doc_id}: not a corpus line (needs \"title\" and \"text\" keys)")
    title = obj.get("title") or ""
    body = obj.get("text") or ""
    if not isinstance(title, str) or not isinstance(body, str):
        return SkippedRecord(origin, position, f"_id {doc_id}: \"title\" and \"text\" must be strings")
    title, body = _clean(title), _clean(body)
    if not title and not body:
        return SkippedRecord(origin, position, f"_id {doc_id}: empty title and text")

    meta: dict[str, Any] = {"corpus": corpus, "beir_id": doc_id}
    metadata = obj.get("metadata")
    if isinstance(metadata, dict) and metadata:
        meta["metadata"] = metadata
    url = None
    if doc_id.isdigit():
        # BEIR's biomedical corpora (BioASQ, PubMedQA, NFCorpus-style) key documents by PMID.
        meta["pmid"] = doc_id
        url = f"https://pubmed.ncbi.nlm.nih.gov/{doc_id}/"
    return Document(
        id=f"beir:{corpus}/{doc_id}",
        tier="research",
        # Many BEIR corpora have empty titles; a readable stand-in keeps references citable.
        title=title or (f"PubMed {doc_id}" if doc_id.isdigit() else f"{corpus} {doc_id}"),
        source=f"BEIR:{corpus}",
        sections=(Section("Abstract", body, "ABSTRACT"),) if body else (),
        url=url,
        drugs=(),
        meta=meta,
        origin=origin,
    )
