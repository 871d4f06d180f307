"""Split a Document's sections into Passages: the units that are indexed, retrieved and cited.

A passage is one section, or a run of whole paragraphs of it, or (for a paragraph longer than the
limit) a run of whole sentences. Passage text is a verbatim slice of the section text, so statements
quote sources exactly.
"""

from __future__ import annotations

import re

from .records import Document, Passage

MAX_PASSAGE_CHARS = 1500
_PARAGRAPH_BREAK = re.compile(r"\n+")
# A sentence ends at . ! ? followed by space and an upper-case letter, digit or opening bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"'])")


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


def split_text(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """Split text into verbatim chunks of at most about `limit` chars at paragraph, then sentence, breaks."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[tuple[int, int]] = []
    for a, b in _spans(text, _PARAGRAPH_BREAK):
        if b - a <= limit:
            pieces.append((a, b))
            continue
        para = text[a:b]
        for sa, sb in _pack(para, _spans(para, _SENTENCE_END), limit):
            pieces.append((a + sa, a + sb))
    return [text[a:b].strip() for a, b in _pack(text, pieces, limit)]


def passages(doc: Document, limit: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    """The passages of a document, numbered in reading order."""
    out: list[Passage] = []
    for section in doc.sections:
        for chunk in split_text(section.text, limit):
            order = len(out)
            out.append(Passage(f"{doc.id}#{order}", doc.id, section.name, section.code, chunk, order))
    return out
