"""Structured facts of FDA labels (issue 15 points 2-3): maximum and starting doses, renal and hepatic statements,
boxed warning topics, contraindications, adverse reactions, withdrawal, pregnancy and lactation.

A pipeline stage over stored label passages: pure functions, no store access. Every fact quotes a statement of one
passage by exact span (`LabelFact.quote == passage.text[start:end]`); what the text does not state is absent.
"""

from __future__ import annotations

from typing import Any

from .records import FACT_TYPES, LabelFact

__all__ = ["FACT_TYPES", "LabelFact", "label_facts"]


def __getattr__(name: str) -> Any:
    # the extractor compiles its rule tables on import (~50 ms): only a caller that extracts pays for it, not one
    # that reads cached facts (store/facts_cache.py) or the records
    if name == "label_facts":
        from .extract import label_facts

        return label_facts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
