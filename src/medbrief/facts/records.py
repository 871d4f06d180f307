"""The LabelFact record: one fact a label states, with the span that states it (the `medbrief facts --json` schema,
docs/facts.md: other tools read it, keep it stable)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

FactType = Literal["max_dose", "starting_dose", "renal", "hepatic", "boxed_warning", "contraindication",
                   "adverse_reaction", "withdrawal", "pregnancy", "lactation"]
FACT_TYPES: tuple[FactType, ...] = ("max_dose", "starting_dose", "renal", "hepatic", "boxed_warning",
                                    "contraindication", "adverse_reaction", "withdrawal", "pregnancy", "lactation")
# The JSON keys, in order (issue 15 point 3).
FIELDS = ("doc_id", "set_id", "fact", "value", "unit", "per", "population", "route_form", "kind", "passage_id",
          "start", "end", "quote")

Value = float | int | str | list[float | int] | None


@dataclass(frozen=True, slots=True)
class LabelFact:
    """One fact of one label.

    `value`: a number (36, 2.5) for a dose; `[low, high]` for kind "range"; a topic name (str) for a boxed warning
    topic; a threshold number for adverse reactions ("incidence >= 5%": 5, unit "%"); otherwise None.
    `per`: "day", "dose", "minute", "hour", "week", ... for doses; for kind "titration" the interval as stated
    ("1 to 4 days"). `start`/`end` are character offsets into the text of passage `passage_id`, and `quote` is
    exactly that span."""

    doc_id: str
    set_id: str | None
    fact: FactType
    kind: str
    passage_id: str
    start: int
    end: int
    quote: str
    value: Value = None
    unit: str | None = None
    per: str | None = None
    population: str | None = None
    route_form: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of `medbrief facts --json`: the keys of `FIELDS`, in that order."""
        d = asdict(self)
        return {k: d[k] for k in FIELDS}


@dataclass(frozen=True, slots=True)
class Found:
    """What an extractor read in one statement, before it is tied to its label and span (extract.py does that)."""

    fact: FactType
    kind: str
    value: Value = None
    unit: str | None = None
    per: str | None = None
    population: str | None = None
    route_form: str | None = None
