"""Typed records that cross stage boundaries: sources -> parse -> store -> retrieve -> compose.

Sources yield `Document` (with raw `Section`s), `Deletion` and `SkippedRecord`; `parse` turns a
Document's sections into `Passage`s; retrieval returns `Hit`s. The Brief lives in `brief.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Tier = Literal["guideline", "label", "research"]
TIERS: tuple[Tier, ...] = ("guideline", "label", "research")


@dataclass(frozen=True, slots=True)
class Section:
    """One named piece of a source document as the publisher structured it.

    `code` is the LOINC code for label sections (openFDA field name when no code is known), the
    structured-abstract label for PubMed, and the recommendation number or heading for guidelines.
    """

    name: str
    text: str
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A source document (one label version, one PubMed record, one guideline recommendation)."""

    id: str  # stable and prefixed: label:<set_id>, pmid:<pmid>, guideline:<body>/<slug>, doc:<corpus>/<id>
    tier: Tier
    title: str
    source: str  # openFDA, DailyMed, TAC 2017, PubMed, MEDLINE, CDC, USPSTF, BEIR:<name> ...
    sections: tuple[Section, ...]
    url: str | None = None
    date: str | None = None  # ISO date or partial (YYYY, YYYY-MM)
    version: str | None = None  # label version number; compared numerically when both are digits
    drugs: tuple[str, ...] = ()  # canonical generic names, lower case
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""  # file (and member/position) it came from, for reports


@dataclass(frozen=True, slots=True)
class Deletion:
    """A source says this document no longer exists (PubMed DeleteCitation)."""

    doc_id: str
    origin: str = ""


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A file or record that could not be read; reported, never fatal unless --strict."""

    origin: str  # file path (with zip member / .gz inside)
    position: str | None  # record index, line number, XPath-ish location, or None for the whole file
    reason: str


SourceItem = Document | Deletion | SkippedRecord


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrievable unit of text. Statements point into `text` by character span."""

    id: str  # <doc_id>#<order>
    doc_id: str
    section: str
    section_code: str | None
    text: str
    order: int


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked passage returned by search."""

    passage: Passage
    score: float
    tier: Tier
    title: str
    rank: int = 0
