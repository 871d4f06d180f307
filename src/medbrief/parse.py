"""Split a Document's sections into Passages: the units that are indexed, retrieved and cited.

A passage is one section, or a run of whole paragraphs of it, or (for a paragraph longer than the
limit) a run of whole sentences. Passage text is a verbatim slice of the section text, so statements
quote sources exactly.

A section of up to WHOLE_SECTION_CHARS stays one passage: an abstract is one argument, and cutting it
in two halves its BM25 evidence (measured: pubmedqa-dev nDCG@10 0.966 when abstracts are cut at 1,500
characters, 0.972 whole; bioasq-snippets-dev 0.799 either way). Longer sections, label sections
mostly, are cut into passages of at most MAX_PASSAGE_CHARS so a hit points near its answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .records import Document, Passage, Section
from .sentences import segments

MAX_PASSAGE_CHARS = 1500
WHOLE_SECTION_CHARS = 3000
# Recorded in the store; a store cut by another rule is re-split from its stored sections (ingest.resplit).
PASSAGE_RULE = f"whole<={WHOLE_SECTION_CHARS};cut<={MAX_PASSAGE_CHARS};sentences=2"
_PARAGRAPH_BREAK = re.compile(r"\n+")


def _spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in pattern.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _pack(text: str, pieces: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Merge consecutive spans while the merged span stays within `limit` characters."""
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        if out and b - out[-1][0] <= limit:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def split_text(text: str, limit: int = MAX_PASSAGE_CHARS, whole: int | None = None) -> list[str]:
    """Split text into verbatim chunks of at most about `limit` chars at paragraph, then sentence, breaks.

    Text of at most `whole` characters (default: `limit`) is returned as one chunk.
    """
    text = text.strip()
    if len(text) <= max(limit, whole or 0):
        return [text] if text else []
    pieces: list[tuple[int, int]] = []
    for a, b in _spans(text, _PARAGRAPH_BREAK):
        if b - a <= limit:
            pieces.append((a, b))
            continue
        para = text[a:b]
        # cut only where a sentence or heading ends, never after "(Fig." or "mg. and" (medbrief.sentences)
        for sa, sb in _pack(para, [(s.start, s.end) for s in segments(para)], limit):
            pieces.append((a + sa, a + sb))
    return [text[a:b].strip() for a, b in _pack(text, pieces, limit)]


def passages(doc: Document, limit: int = MAX_PASSAGE_CHARS, whole: int = WHOLE_SECTION_CHARS) -> list[Passage]:
    """The passages of a document, numbered in reading order."""
    return section_passages(doc.id, doc.sections, limit, whole)


def section_passages(
    doc_id: str, sections: Iterable[Section], limit: int = MAX_PASSAGE_CHARS, whole: int = WHOLE_SECTION_CHARS
) -> list[Passage]:
    """The passages of a document's sections, numbered in reading order."""
    out: list[Passage] = []
    for section in sections:
        for chunk in split_text(section.text, limit, whole):
            order = len(out)
            out.append(Passage(f"{doc_id}#{order}", doc_id, section.name, section.code, chunk, order))
    return out
