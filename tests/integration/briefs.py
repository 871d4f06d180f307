"""Helpers to read a Brief in tests: find cited statements whose text and quotes say something."""

from __future__ import annotations

import re
from typing import Any


def statements(brief: dict[str, Any], tier: str | None = None) -> list[dict[str, Any]]:
    return [
        st
        for sec in brief["sections"]
        if tier in (None, sec["tier"])
        for blk in sec["blocks"]
        for st in blk["statements"]
    ]


def says(brief: dict[str, Any], *patterns: str, tier: str | None = None) -> dict[str, Any] | None:
    """The first cited statement whose text AND support quotes match every pattern (case-insensitive)."""
    for st in statements(brief, tier):
        quotes = " ".join(s["quote"] for s in st["support"])
        if st["citations"] and all(re.search(p, st["text"], re.I) and re.search(p, quotes, re.I) for p in patterns):
            return st
    return None


def first_label_statement(brief: dict[str, Any]) -> str:
    st = statements(brief, "label")
    return st[0]["text"] if st else ""


def check_spans(brief: dict[str, Any], passage_text) -> None:
    """Every support quote equals the stored passage text at its span; references numbered by first use."""
    seen: list[int] = []
    for st in statements(brief):
        assert st["support"], st
        for s in st["support"]:
            text = passage_text(s["passage_id"])
            assert text is not None, s["passage_id"]
            assert 0 <= s["start"] < s["end"] <= len(text)
            assert text[s["start"] : s["end"]] == s["quote"]
        for n in st["citations"]:
            if n not in seen:
                seen.append(n)
    assert seen == list(range(1, len(seen) + 1))
    assert [r["n"] for r in brief["references"]] == list(range(1, len(brief["references"]) + 1))
