"""Statements before numbering: what each tier composer returns and the assembler numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import Tier
from .sentences import content_words


@dataclass(frozen=True)
class Evidence:
    """One support span: `quote == passage.text[start:end]` for the stored passage."""

    doc_id: str
    passage_id: str
    start: int
    end: int
    quote: str


@dataclass
class Draft:
    """A statement: its text comes from the first evidence's quote; more evidence = more citations."""

    text: str
    evidence: list[Evidence]
    facet: str | None = None
    score: float = 0.0
    grade: str | None = None
    level: str | None = None
    words: frozenset[str] = field(default_factory=frozenset)
    # a table row read with its header (compose.table_reading.TableRow): its evidence is the row line, then the
    # header (and caption, group) lines; the rows of one table are alternatives, not sentences of a text
    table_row: bool = False
    # quoted up to a pointer to another section it ended with ("... not recommended [see Clinical Pharmacology
    # (12.3)]."): what it says is partly there (label_reading.deferred_pointer_at)
    points_elsewhere: bool = False

    def __post_init__(self) -> None:
        if not self.words:
            self.words = content_words(self.text)


@dataclass
class DraftBlock:
    heading: str | None
    statements: list[Draft]


@dataclass
class TierDraft:
    """A composed tier: blocks of statements, notes about what is missing, reference extras per document."""

    tier: Tier
    blocks: list[DraftBlock] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ref_extra: dict[str, dict[str, Any]] = field(default_factory=dict)
    # the label tier's Key facts per drug (compose.key_facts.KeyFacts), for the cross-tier checks
    key_facts: dict[str, Any] = field(default_factory=dict)

    def statements(self) -> list[Draft]:
        return [s for b in self.blocks for s in b.statements]
