"""Guideline corpora as JSON Lines in the Meditron `open_guidelines` shape.

One object per line: `{"id", "source", "title", "clean_text"}` (or `text` / `raw_text`), optional
`url`, `overview`. `source` is the issuing body's short name ("nice", "who", "cdc" ...). The text
is Markdown-ish: `#` headings split it into sections.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..records import Document, Section, SkippedRecord, SourceItem
from . import MAX_DOCUMENT_CHARS
from .freetext import decode_text, markdown_sections, paragraphs_text, slugify
from .xmltext import clean_text

NAME = "guideline_jsonl"

_TEXT_FIELDS = ("clean_text", "text", "raw_text")
_YEAR_FIELDS = ("year", "publication_year", "date", "publication_date", "published")
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)(?:-\d\d(?:-\d\d)?)?(?!\d)")
# Short names that are not simply upper-cased acronyms.
_BODY_NAMES = {"wikidoc": "WikiDoc", "pubmed": "PubMed", "mayo": "Mayo Clinic", "aafp": "AAFP"}
_SHORT_BODY = re.compile(r"^[a-z]{2,6}$")


def sniff(head: bytes, name: str) -> bool:
    """JSON Lines whose first object has clean_text, or source + title + text without BEIR's _id."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"{"):
        return False
    first, newline, _ = stripped.partition(b"\n")
    try:
        obj = json.loads(first.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        obj = None
    if isinstance(obj, dict):
        keys = set(obj)
    elif newline:
        return False  # a complete first line that is not one JSON object: not JSON Lines
    else:
        # The first record is longer than the sniff window (whole guidelines are): look at its keys.
        keys = {k.decode() for k in re.findall(rb'"([A-Za-z_]+)"\s*:', first[:4096])}
    if "clean_text" in keys:
        return True
    return {"source", "title"} <= keys and bool(keys & {"text", "raw_text"}) and "_id" not in keys


def body_name(source: str) -> str:
    """'nice' -> 'NICE', 'who' -> 'WHO', 'wikidoc' -> 'WikiDoc'; longer names stay as given."""
    name = " ".join(source.split())
    lower = name.lower()
    if lower in _BODY_NAMES:
        return _BODY_NAMES[lower]
    if _SHORT_BODY.match(lower):
        return name.upper()
    return name


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """One Document per line; bad lines become SkippedRecords, a file with no good line is a ParseError."""
    text = decode_text(data, origin, latin1_fallback=False)
    good = 0
    bad: list[SkippedRecord] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        position = f"line {lineno}"
        if len(line) > MAX_DOCUMENT_CHARS:  # refuse before parsing: cleaning would copy it many times
            skip = SkippedRecord(origin, position, f"{origin}: {position} is {len(line):,} characters long; "
                                 f"the limit is {MAX_DOCUMENT_CHARS:,}")
            bad.append(skip)
            yield skip
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            skip = SkippedRecord(origin, position, f"{origin}: malformed JSON on line {lineno}: {exc.msg}")
            bad.append(skip)
            yield skip
            continue
        item = record_document(obj, origin, position)
        if isinstance(item, Document):
            good += 1
        yield item
    if not good and bad:
        raise ParseError(f"{origin}: no readable guideline record ({len(bad)} malformed lines)", origin=origin)


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def _year(obj: dict[str, Any]) -> tuple[int | None, str | None]:
    for field in _YEAR_FIELDS:
        match = _YEAR.match(_str(obj.get(field)))
        if match:
            return int(match.group(1)), match.group(0).strip()
    return None, None


def record_document(obj: Any, origin: str, position: str) -> SourceItem:
    """One JSONL record -> a guideline Document, or a SkippedRecord naming what is missing."""
    if not isinstance(obj, dict):
        return SkippedRecord(origin, position, f"{origin}: {position} is {type(obj).__name__}, not an object")
    source = _str(obj.get("source"))
    if not source:
        return SkippedRecord(origin, position, f"{origin}: record without source (issuing body)")
    body_text = next((t for t in (_str(obj.get(f)) for f in _TEXT_FIELDS) if t), "")
    if not body_text:
        return SkippedRecord(origin, position, f"{origin}: record without clean_text/text/raw_text")
    title = clean_text(_str(obj.get("title")))
    rid = slugify(_str(obj.get("id")), 120) or slugify(title)
    if not rid:
        return SkippedRecord(origin, position, f"{origin}: record without id or title")
    sections: list[Section] = []
    overview = paragraphs_text(_str(obj.get("overview")), markdown=True)
    if overview:
        sections.append(Section("Overview", overview, "overview"))
    for heading, part in markdown_sections(body_text):
        sections.append(Section(heading or "Text", part, heading))
    if not sections:
        return SkippedRecord(origin, position, f"{origin}: record {rid} has no text after cleaning")
    body = body_name(source)
    year, date = _year(obj)
    if not title:
        title = next((s.name for s in sections if s.code), f"{body} guideline {rid}")
    url = _str(obj.get("url"))
    return Document(
        id=f"guideline:{slugify(source) or 'unknown'}/{rid}",
        tier="guideline",
        title=title,
        source=body,
        sections=tuple(sections),
        url=url if url.startswith(("http://", "https://")) else None,
        date=date,
        meta={"body": body, "year": year},
        origin=f"{origin}#{position}",
    )
