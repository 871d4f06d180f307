"""The grounding check: every statement must be what its support spans say, or it is dropped."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..records import Passage
from .drafts import Draft, TierDraft

# Words a statement may add to its quotes (joining clauses), nothing else.
CONNECTIVES = frozenset("and or but also, ; : - – — ( ) both".split())
_TOKEN = re.compile(r"[\w]+", re.UNICODE)


def statement_grounded(draft: Draft, lookup: Callable[[str], Passage | None]) -> bool:
    """True when each support span exists inside its passage, quotes it exactly, and the statement's words
    all come from the quotes (plus connectives)."""
    if not draft.evidence or not draft.text.strip():
        return False
    quoted: set[str] = set()
    for ev in draft.evidence:
        p = lookup(ev.passage_id)
        if p is None or p.doc_id != ev.doc_id:
            return False
        if not (0 <= ev.start < ev.end <= len(p.text)) or p.text[ev.start : ev.end] != ev.quote:
            return False
        quoted.update(t.lower() for t in _TOKEN.findall(ev.quote))
    words = {t.lower() for t in _TOKEN.findall(draft.text)}
    return words <= quoted | CONNECTIVES


def ground(tiers: list[TierDraft], lookup: Callable[[str], Passage | None]) -> int:
    """Drop statements that fail the check (and blocks left empty); returns how many were dropped."""
    dropped = 0
    for tier in tiers:
        for block in tier.blocks:
            kept = [d for d in block.statements if statement_grounded(d, lookup)]
            dropped += len(block.statements) - len(kept)
            block.statements = kept
        tier.blocks = [b for b in tier.blocks if b.statements]
    return dropped
