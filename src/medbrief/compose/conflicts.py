"""Cross-tier conflicts (issue 15 point 7): a guideline or research statement that gives a dose of the drug above the
label's stated maximum, or uses the drug in a condition the label contraindicates. Pure functions over statement
texts and label facts; the brief's notes carry what they find, with both citation numbers.

Doses are read with the facts stage's quantity parser (`medbrief.facts.quantity.quantities`), so "48 mg/d",
"48 mg a day" and "48 mg daily" are all 48 mg per day; a dose is compared only with a maximum of the same unit kind
(mg, g and mcg in mg; anything else only with itself) and the same `per` (a 20 mg single dose is never compared
with a 36 mg daily ceiling). A range ("2 to 48 mg/day") is compared by its top.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..facts.quantity import Quantity, quantities
from ..facts.records import LabelFact

_TO_MG = {"mg": 1.0, "g": 1000.0, "mcg": 0.001}
_TIER_NAME = {"guideline": "A guideline", "research": "Research"}
_PER_WORDS = {"day": "a day", "dose": "a dose", "week": "a week", "hour": "an hour", "minute": "a minute"}

# Conditions a contraindication may name, each with the words a statement uses for it. A statement conflicts only
# when it names the drug, the condition and a use of the drug, and does not itself say to avoid it.
CONDITIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pregnancy", re.compile(r"\bpregnan\w*", re.I)),
    ("severe renal impairment", re.compile(r"\b(severe renal (impairment|insufficiency)|end[- ]stage renal|"
                                           r"renal failure|kidney failure|(hemo)?dialysis|egfr\s*(<|below|less than)"
                                           r"\s*30)\b", re.I)),
    ("hepatic impairment", re.compile(r"\b(hepatic (impairment|failure|insufficiency)|liver (failure|disease)|"
                                      r"cirrhosis)\b", re.I)),
    ("asthma", re.compile(r"\basthma\w*", re.I)),
    ("heart failure", re.compile(r"\bheart failure\b", re.I)),
    ("angle-closure glaucoma", re.compile(r"\b(narrow|angle)[- ]closure glaucoma\b", re.I)),
    ("myasthenia gravis", re.compile(r"\bmyasthenia gravis\b", re.I)),
    ("metabolic acidosis", re.compile(r"\b(metabolic|lactic|diabetic) (keto)?acidosis\b", re.I)),
)
_USE = re.compile(r"\b(treated|treating|treatment|received|receiving|given|administered|administration|used|use|"
                  r"therapy|dose[sd]?|dosing|prescribed|took|taking)\b", re.I)
_CAUTION = re.compile(r"\b(contraindicat\w*|avoid\w*|not (be )?(recommended|used|given)|should not|must not|"
                      r"caution|risk)\b", re.I)

_CLAUSE = re.compile(r";|\.\s+|,\s+(?:and|but|while|whereas)\s+")
# Between a drug's name and a dose that is its own: no second item of a list or comparison ("carvedilol 25 mg twice
# daily or atenolol 100 mg daily", "bupropion 400 mg/day and sertraline"), no clause break.
_NOT_ITS_OWN = re.compile(r"[,;:]|\.\s|\b(and|or|vs|versus|compared|than|whereas|while|plus|instead|but|with|"
                          r"together|added|adding|receiv\w*|combin\w*|alongside|followed|switch\w*|after|before|"
                          r"then|in addition)\b", re.I)
_OWN_WINDOW = 80  # characters between a name and its dose, at most
# Words that narrow a contraindicated condition: a label that contraindicates "decompensated heart failure" says
# nothing against a study in stable chronic heart failure, where the same drug may be indicated.
_QUALIFIERS = ("decompensated", "acute", "severe", "unstable", "uncontrolled", "advanced", "active", "symptomatic",
               "overt", "end-stage", "end stage", "class iv", "untreated", "significant", "cardiogenic")


@dataclass(frozen=True)
class Statement:
    """A statement of the brief as the checks read it: its tier, text and citation numbers."""

    tier: str
    text: str
    citations: tuple[int, ...]


def _in_mg(value: float, unit: str) -> tuple[float, str]:
    return (value * _TO_MG[unit], "mg") if unit in _TO_MG else (value, unit)


def _top(value: object) -> float | None:
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list) and value and all(isinstance(v, int | float) for v in value):
        return float(max(value))
    return None


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def dose_of_drug(text: str, qty: Quantity, names: re.Pattern[str]) -> bool:
    """The dose `qty` in `text` is the named drug's own: the drug's name stands before it in the same clause with
    nothing between that starts another item ("tizanidine was titrated to 36 mg", "doses of tizanidine ranged from
    2 to 48 mg"), or right after it as "<dose> of <drug>" ("a single 40 mg dose of tizanidine"). In "carvedilol 25
    mg or atenolol 100 mg" the 100 mg is atenolol's."""
    before = [m for m in names.finditer(text, 0, qty.start) if qty.start - m.end() <= _OWN_WINDOW]
    if before and not _NOT_ITS_OWN.search(text, before[-1].end(), qty.start):
        return True
    after = names.search(text, qty.end, min(len(text), qty.end + 30))
    return bool(after and re.fullmatch(r"\s*(?:\w+\s+)?of\s+(?:the\s+)?", text[qty.end : after.start()], re.I))


def above_maximum(maximum: LabelFact, label_ref: int, statements: Iterable[Statement],
                  names: re.Pattern[str]) -> list[str]:
    """Notes for guideline and research statements naming the drug (`names`) that give a dose above the label's
    maximum (`maximum`: a `max_dose` fact, cited as `label_ref`), same unit kind and same `per`. One note per
    statement, for its largest such dose: "Research [4] reports 48 mg a day, above the label maximum of 36 mg a day
    [1]." A maximum without a number or `per` checks nothing."""
    top = _top(maximum.value)
    if top is None or maximum.unit is None or maximum.per is None:
        return []
    ceiling, unit = _in_mg(top, maximum.unit)
    out = []
    for s in statements:
        if s.tier not in _TIER_NAME or not s.citations or not names.search(s.text):
            continue
        worst: tuple[float, str] | None = None
        for qty in quantities(s.text):
            v = _top(qty.value)
            if v is None or qty.per != maximum.per or not dose_of_drug(s.text, qty, names):
                continue
            amount, u = _in_mg(v, qty.unit)
            if u == unit and amount > ceiling and (worst is None or amount > worst[0]):
                worst = (amount, f"{_number(v)} {qty.unit}")
        if worst is None:
            continue
        per = _PER_WORDS.get(maximum.per, f"per {maximum.per}")
        refs = ", ".join(f"[{n}]" for n in s.citations)
        out.append(f"{_TIER_NAME[s.tier]} {refs} reports {worst[1]} {per}, above the label maximum of "
                   f"{_number(top)} {maximum.unit} {per} [{label_ref}].")
    return out


def _qualifiers_before(text: str, start: int) -> frozenset[str]:
    """The narrowing words (`_QUALIFIERS`) in the few words before a condition named at `start`."""
    head = text[max(0, start - 40) : start].lower()
    return frozenset(q for q in _QUALIFIERS if re.search(rf"\b{re.escape(q)}\b", head))


def contraindicated_conditions(facts: Iterable[LabelFact]) -> list[tuple[str, LabelFact]]:
    """The conditions (`CONDITIONS` names) the label contraindicates, each with the first fact that says so:
    contraindication facts, and renal/hepatic/pregnancy facts of kind "contraindicated"."""
    out: dict[str, LabelFact] = {}
    for f in facts:
        if not (f.fact == "contraindication" or f.kind == "contraindicated"):
            continue
        for name, rx in CONDITIONS:
            if name not in out and rx.search(f.quote):
                out[name] = f
    return list(out.items())


def _names_condition_as_label(clause: str, rx: re.Pattern[str], fact: LabelFact) -> bool:
    """The clause names the condition with every narrowing word the label gives it ("decompensated heart
    failure" in the label needs "decompensated" before "heart failure" in the clause)."""
    label = rx.search(fact.quote)
    if label is None:
        return False
    # a condition the label narrows after naming it ("asthma, urticaria, or allergic-type reactions after taking
    # aspirin or other NSAIDs"): its scope cannot be read word by word, so no note is given
    if not re.match(r"\s*(?:$|[.;)\]]|\(|\[see\b)", fact.quote[label.end() :], re.I):
        return False
    needed = _qualifiers_before(fact.quote, label.start())
    return any(needed <= _qualifiers_before(clause, m.start()) for m in rx.finditer(clause))


def in_contraindication(conditions: Iterable[tuple[str, LabelFact]], label_ref: int,
                        statements: Iterable[Statement], names: re.Pattern[str]) -> list[str]:
    """Notes for guideline and research statements that use the drug (`names`) in a condition the label
    contraindicates (`contraindicated_conditions`, cited as `label_ref`), unless the statement itself warns
    against it, and only when the drug, its use and the condition stand in one clause: "Research [5] reports use in
    pregnancy, which the label contraindicates [1]."."""
    conditions = list(conditions)
    out = []
    for s in statements:
        if s.tier not in _TIER_NAME or not s.citations or _CAUTION.search(s.text):
            continue
        # the drug, its use and the condition in one clause: "nateglinide is an option in patients with kidney
        # failure; ... patients failing on metformin" uses another drug in kidney failure
        clauses = [c for c in _CLAUSE.split(s.text) if names.search(c) and _USE.search(c)]
        for name, fact in conditions:
            rx = dict(CONDITIONS)[name]
            if any(_names_condition_as_label(c, rx, fact) for c in clauses):
                refs = ", ".join(f"[{n}]" for n in s.citations)
                out.append(f"{_TIER_NAME[s.tier]} {refs} reports use in {name}, which the label contraindicates "
                           f"[{label_ref}].")
                break
    return out
