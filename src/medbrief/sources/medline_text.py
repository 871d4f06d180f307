"""MEDLINE display format (PubMed "Send to: File -> MEDLINE", .nbib / .txt).

    PMID- 12230038
    TI  - The Bio* toolkits--a brief overview.
    AB  - Bioinformatics research is often difficult to do with commercial software. The
          Open Source BioPerl, ...

A tag is four characters padded with spaces, then "- "; continuation lines start with six spaces;
records are separated by blank lines (a new PMID line also starts a record). A continuation line of
only spaces is a paragraph break inside the value, kept as a line break, not a record separator. Documents have the same
shape as the PubMed XML reader's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..records import Document, Section, SkippedRecord, SourceItem
from . import pubtypes
from .xmltext import clean_text

NAME = "medline_text"
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3}) {0,3}- ?(.*)$")
_SNIFF = re.compile(rb"(?m)^PMID- ?\d+")
_INDENT = "      "  # continuation lines start with six spaces
_DOI = re.compile(r"^(\S+)\s*\[doi\]$")

Fields = dict[str, list[str]]


def sniff(head: bytes, name: str) -> bool:
    """True when a "PMID- <digits>" line appears among the first lines of the head."""
    match = _SNIFF.search(head[:8192])
    return bool(match) and head[: match.start()].count(b"\n") < 20


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older MEDLINE exports were Latin-1; every byte decodes, so nothing is lost.
        return data.decode("latin-1")


def parse_records(text: str) -> Iterator[tuple[int, Fields | str]]:
    """(first line number, fields) per record; a stray line yields (line number, error text) instead."""
    fields: Fields = {}
    start = 0
    last_tag: str | None = None
    # Split on "\n" only: str.splitlines() also breaks at U+2028/U+2029 and form feeds inside a value.
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        line = raw.rstrip()
        if raw and not line.strip() and last_tag is not None:
            # A continuation line of only spaces is a paragraph break inside the value (book chapters in
            # PubMed write AB this way), not the empty line that ends the record; were it really a record
            # break, the next "PMID- " line still starts a new record.
            values = fields[last_tag]
            values[-1] = f"{values[-1]}\n"
            continue
        if not line.strip():
            if fields:
                yield start, fields
            fields, last_tag = {}, None
            continue
        if raw.startswith(_INDENT) and last_tag is not None:
            values = fields[last_tag]
            values[-1] = f"{values[-1]} {line.strip()}"
            continue
        match = _TAG_LINE.match(line)
        if not match:
            yield number, f"line {number} is neither a 'TAG - value' line nor a continuation: {line[:60]!r}"
            continue
        tag, value = match.group(1), match.group(2).strip()
        if tag == "PMID" and fields:  # records not separated by a blank line
            yield start, fields
            fields = {}
        if not fields:
            start = number
        fields.setdefault(tag, []).append(value)
        last_tag = tag
    if fields:
        yield start, fields


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """Documents from a MEDLINE-format file; a record without PMID is a SkippedRecord."""
    text = _decode(data)
    if not _SNIFF.search(data):
        raise ParseError(f"{origin}: no MEDLINE records (no 'PMID- ' lines) found", origin=origin)
    seen = 0
    for line_no, record in parse_records(text):
        if isinstance(record, str):
            yield SkippedRecord(origin, f"line {line_no}", record)
            continue
        seen += 1
        position = f"record {seen} (line {line_no})"
        pmid = _first(record, "PMID")
        if not pmid.isdigit():
            yield SkippedRecord(origin, position, f"record has no numeric PMID (got {pmid!r})")
            continue
        yield record_document(record, origin)
    if seen == 0:
        raise ParseError(f"{origin}: no MEDLINE records (no 'PMID- ' lines) found", origin=origin)


def _first(record: Fields, tag: str) -> str:
    values = record.get(tag)
    return clean_text(values[0]) if values else ""


def _all(record: Fields, tag: str) -> list[str]:
    return [v for v in (clean_text(x) for x in record.get(tag, [])) if v]


def _sections(abstract: str) -> tuple[Section, ...]:
    """Structured abstracts ("BACKGROUND: ... RESULTS: ...") keep one Section per label."""
    if not abstract:
        return ()
    parts = pubtypes.split_structured(abstract)
    if not parts:
        return (Section("Abstract", abstract, "ABSTRACT"),)
    return tuple(Section(pubtypes.label_name(label), body, label.upper()) for label, body in parts)


def _doi(record: Fields) -> str | None:
    for value in _all(record, "LID") + _all(record, "AID"):
        match = _DOI.match(value)
        if match:
            return match.group(1)
    return None


def record_document(record: Fields, origin: str) -> Document:
    """A Document from one parsed MEDLINE record (which must have a PMID)."""
    pmid = _first(record, "PMID")
    pub_types = _all(record, "PT")
    date = (
        pubtypes.parse_pub_date(_first(record, "DP"))
        or pubtypes.parse_pub_date(_first(record, "DEP"))
        or pubtypes.parse_pub_date(_first(record, "DCOM"))
        or pubtypes.parse_pub_date(_first(record, "DA"))
    )
    journal = _first(record, "JT") or None
    guideline = pubtypes.is_guideline(pub_types)
    meta: dict[str, Any] = {
        "pmid": pmid,
        "journal": journal,
        "journal_abbrev": _first(record, "TA") or None,
        "year": pubtypes.year_of(date),
        "publication_types": pub_types,
        # "*Computational Biology": the star marks a major topic; "Humans/drug therapy" a qualifier.
        "mesh": [m.lstrip("*").split("/", 1)[0] for m in _all(record, "MH")],
        "keywords": [k.lstrip("*") for k in _all(record, "OT")],
        "authors": (_all(record, "AU") or _all(record, "CN"))[: pubtypes.MAX_AUTHORS],
        "retracted": pubtypes.is_retracted(pub_types, len(record.get("RIN", [])), _first(record, "TI")),
        "study_type": pubtypes.study_type(pub_types),
    }
    doi = _doi(record)
    if doi:
        meta["doi"] = doi
    revised = pubtypes.parse_pub_date(_first(record, "LR"))
    if revised:  # last revision date: decides which copy of a PMID is current (sources/revision.py)
        meta["date_revised"] = revised
    if guideline:
        meta["body"] = _first(record, "CN") or journal
    title = pubtypes.display_title(_first(record, "TI"), _first(record, "TT"), _first(record, "BTI"))
    return Document(
        id=f"pmid:{pmid}",
        tier="guideline" if guideline else "research",
        title=title or f"PubMed {pmid}",
        source="PubMed",
        sections=_sections(_first(record, "AB")),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        date=date,
        version=None,
        drugs=(),
        meta=meta,
        origin=origin,
    )
