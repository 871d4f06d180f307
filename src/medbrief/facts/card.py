"""The drug card (issue 15 point 5): a drug's dictionary entry, its label facts each with its quote and the label
that states it, the facts the reader found in no label, and where labels disagree — built and rendered as plain
text, pure (the store is read by drug_service.py, the terminal is cli_drug.py's).

Facts stated the same way by several labels (the same dose, or the same sentence) are one statement citing the
newest label that states it, with the others counted; nothing is merged across different values.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .compare import Disagreement, label_disagreements, population_key, population_of, route_key
from .drug_entry import DrugEntry, LabelRef
from .records import LabelFact

SCHEMA = "medbrief.drug/1"
# The card's sections: key, title, the fact and the kinds it shows (issue 15 point 5's list, in that order).
SECTIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("max_dose", "Maximum dose", "max_dose", ("maximum", "range")),
    ("starting_dose", "Starting dose", "starting_dose", ("start",)),
    ("titration", "Titration", "starting_dose", ("titration",)),
    ("renal", "Renal impairment", "renal", ("contraindicated", "avoid", "adjust", "monitor", "no_adjustment")),
    ("hepatic", "Hepatic impairment", "hepatic", ("contraindicated", "avoid", "adjust", "monitor", "no_adjustment")),
    ("boxed_warning", "Boxed warning", "boxed_warning", ("present", "topic")),
    ("contraindication", "Contraindications", "contraindication", ("contraindicated",)),
    ("withdrawal", "Withdrawal and discontinuation", "withdrawal", ("taper", "warning")),
    ("pregnancy", "Pregnancy", "pregnancy", ("category", "contraindicated", "discontinue", "fetal_harm", "avoid",
                                             "ask_doctor")),
    ("lactation", "Lactation", "lactation", ("contraindicated", "avoid", "unknown", "present_in_milk", "ask_doctor")),
    ("adverse_reaction", "Most common adverse reactions", "adverse_reaction", ("most_common",)),
    # another drug's ceiling when taken with this one (kind "interaction"): never shown as this drug's own maximum;
    # last, so that the sections before keep their places
    ("interaction_max", "Other drugs' limits when taken with it", "max_dose", ("interaction",)),
)
# Sections shown only when a label states them (most drugs cap no other drug): never listed as not found.
OPTIONAL_SECTIONS = frozenset({"interaction_max"})
# Where a reader finds each fact in a label (PLR section numbers; older and OTC labels have the same headings
# unnumbered): said beside a fact the reader found no statement of, which is not a claim the label has none.
_DOSING = "section 2, Dosage and Administration"
READ_WHERE = {"max_dose": _DOSING, "interaction_max": "section 7, Drug Interactions",
              "starting_dose": _DOSING, "titration": _DOSING,
              "renal": "sections 2 and 8.6, Renal Impairment", "hepatic": "sections 2 and 8.7, Hepatic Impairment",
              "boxed_warning": "the boxed warning at the top of the label",
              "contraindication": "section 4, Contraindications",
              "withdrawal": "sections 2 and 5, Warnings and Precautions", "pregnancy": "section 8.1, Pregnancy",
              "lactation": "section 8.2, Lactation", "adverse_reaction": "section 6, Adverse Reactions"}
NOT_FOUND = "None found by the fact reader in these labels"
FACT_TITLES = {"max_dose": "Maximum dose", "starting_dose": "Starting dose", "renal": "Renal impairment",
               "hepatic": "Hepatic impairment"}
_KIND_WORDS = {"contraindicated": "contraindicated", "avoid": "avoid", "adjust": "dose adjustment",
               "monitor": "monitor / caution", "no_adjustment": "no dose adjustment", "taper": "taper",
               "warning": "withdrawal warning", "fetal_harm": "fetal harm", "discontinue": "discontinue if pregnant",
               "ask_doctor": "ask a doctor", "unknown": "not known whether in milk",
               "present_in_milk": "present in milk"}
DOSE_FACTS = frozenset({"max_dose", "starting_dose"})
# units that count doses rather than measure them ("3 doses in 24 hours"): shown after an amount's ceiling
_COUNT_UNITS = frozenset({"doses", "tablets", "capsules", "caplets", "softgels", "drops", "sprays", "inhalations",
                          "teaspoons"})

# Dose facts only, as in the briefs: the renal/hepatic verdicts compared across labels took in statements filed under
# a renal heading about other patients (lisinopril's "hemodynamically unstable after acute MI", jaundice).
_COMPARED_ON_CARD = frozenset({"max_dose", "starting_dose"})


@dataclass(frozen=True, slots=True)
class CardStatement:
    """One statement of the card: the fact quoted (the newest label's shortest statement of it), every label
    stating it, newest first, and who it is for as the card reads it (`compare.population_of`: the fact's
    population, else children named in the quote or the heading or lead-in before it; None: adults or unstated)."""

    fact: LabelFact
    doc_ids: tuple[str, ...]
    population: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.fact.to_dict(), "labels": list(self.doc_ids), "for_population": self.population}


@dataclass(frozen=True, slots=True)
class CardSection:
    key: str
    title: str
    statements: tuple[CardStatement, ...]

    def to_dict(self) -> dict[str, Any]:
        # "absent" (kept for compatibility) and "not_found" say the same: the fact reader found no statement, which
        # is not a claim that the labels say nothing (issue 15 trial: carvedilol's 8.1 has a Risk Summary)
        return {"key": self.key, "title": self.title, "absent": not self.statements,
                "not_found": not self.statements, "read": READ_WHERE.get(self.key),
                "statements": [s.to_dict() for s in self.statements]}


@dataclass(frozen=True, slots=True)
class DrugCard:
    """`query` as asked, the `entry`, one section per `SECTIONS` key (empty: absent from every label), and the
    label disagreements (facts.compare)."""

    query: str
    entry: DrugEntry
    sections: tuple[CardSection, ...]
    disagreements: tuple[Disagreement, ...]

    @property
    def absent(self) -> list[str]:
        """Keys of the sections the fact reader found no statement of in these labels (not a claim about the
        labels: a label may state it in words the reader does not know)."""
        return [s.key for s in self.sections if not s.statements and s.key not in OPTIONAL_SECTIONS]

    def to_dict(self) -> dict[str, Any]:
        """The object `medbrief drug --json` prints (docs/drug.md; keep it stable)."""
        return {"schema": SCHEMA, "query": self.query, "drug": self.entry.canonical,
                "entry": self.entry.to_dict(), "sections": [s.to_dict() for s in self.sections],
                "absent": self.absent, "not_found": self.absent,
                "disagreements": [disagreement_dict(d) for d in self.disagreements]}


def disagreement_dict(d: Disagreement) -> dict[str, Any]:
    """A Disagreement as JSON: its group and, per value, the facts stating it (doc_id, passage_id, span, quote)."""
    return {"fact": d.fact, "per": d.per, "population": d.population, "route_form": d.route_form,
            "values": [{"value": v, "unit": u,
                        "labels": [{"doc_id": f.doc_id, "passage_id": f.passage_id, "start": f.start, "end": f.end,
                                    "quote": f.quote} for f in fs]} for v, u, fs in d.values]}


def _same(f: LabelFact, population: str | None) -> tuple[Any, ...]:
    """What makes two facts one statement: a dose's value and who and what it is for; any other fact's words."""
    if f.fact in DOSE_FACTS:
        return (f.fact, f.kind, repr(f.value), f.unit, f.per, population_key(population), route_key(f.route_form))
    return (f.fact, f.kind, repr(f.value), re.sub(r"\W+", " ", f.quote).strip().casefold())


def build_card(query: str, entry: DrugEntry, facts: Iterable[LabelFact],
               forms: Mapping[str, str | None] | None = None, passages: Mapping[str, Any] | None = None) -> DrugCard:
    """The card of `entry` from the facts of its labels (`entry.labels`; facts of other labels are ignored).
    Statements come newest label first, each label's in reading order; doses for adults or an unstated population
    come before the doses for a named one (children, patients taking an interacting drug). `forms` (doc_id ->
    dosage form, `compare.label_form`) and `passages` (passage id -> the passage of a dose fact, with `text` and
    `section`, read by `compare.population_of`) are passed to `label_disagreements`."""
    rank = {r.doc_id: i for i, r in enumerate(entry.labels)}
    ordered = sorted((f for f in facts if f.doc_id in rank), key=lambda f: rank[f.doc_id])  # stable: reading order
    ctx = passages or {}

    def who(f: LabelFact) -> str | None:
        if f.fact not in DOSE_FACTS:
            return f.population
        p = ctx.get(f.passage_id)
        return population_of(f, getattr(p, "text", None), getattr(p, "section", None))

    sections = []
    for key, title, fact, kinds in SECTIONS:
        groups: dict[tuple[Any, ...], list[tuple[LabelFact, str | None]]] = {}
        for f in ordered:
            if f.fact == fact and f.kind in kinds:
                pop = who(f)
                groups.setdefault(_same(f, pop), []).append((f, pop))
        # the quote: the newest label's shortest statement of it (the full text's "The maximum total daily dosage is
        # 36 mg." rather than the highlights' step-and-ceiling line)
        statements = [CardStatement(min((x for x, _ in fs if x.doc_id == fs[0][0].doc_id), key=lambda x: len(x.quote)),
                                    tuple(dict.fromkeys(x.doc_id for x, _ in fs)), fs[0][1])
                      for fs in groups.values()]
        if fact in DOSE_FACTS:  # adults/unstated first; the ceiling, then ranges; most labels first, amounts first
            statements.sort(key=lambda s: (population_key(s.population) is not None, kinds.index(s.fact.kind),
                                           -len(s.doc_ids), s.fact.unit in _COUNT_UNITS))
        sections.append(CardSection(key, title, tuple(statements)))
    return DrugCard(query=query, entry=entry, sections=tuple(sections),
                    disagreements=tuple(d for d in label_disagreements(ordered, forms, passages)
                                        if d.fact in _COMPARED_ON_CARD))


# -- plain text --------------------------------------------------------------------------------------------------
def _num(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) and abs(v) >= 10000 else str(v)


def value_text(f: LabelFact, population: str | None = None) -> str:
    """What a fact states, in a few words ("36 mg per day", "usual range 10–80 mg per day", "avoid");
    `population`: who a dose is for when the card read it from the context (`CardStatement.population`), shown
    instead of the fact's own."""
    if f.fact in DOSE_FACTS:
        v = f.value
        amount = "–".join(_num(x) for x in v) if isinstance(v, list) else _num(v)
        if isinstance(v, list) and f.kind not in ("range", "titration"):  # alternatives: "10 or 20 mg"
            amount = " or ".join(_num(x) for x in v)
        text = f"{amount} {f.unit or ''}".strip()
        if f.kind == "titration":
            every = f"every {f.per}" if f.per and f.per[0].isdigit() else f.per  # "1 to 4 days"; "weekly"
            text = f"step {text}" + (f", {every}" if every else "")
        elif f.per:
            text += f" per {f.per}"
        if f.kind == "range":
            text = f"usual range {text} (a range, not a maximum)"
        extra = [x for x in (population or f.population, f.route_form) if x]
        return text + (f" — {', '.join(extra)}" if extra else "")
    if f.fact == "boxed_warning":
        return "boxed warning" if f.kind == "present" else f"topic: {f.value}"
    if f.fact == "adverse_reaction":
        return f"most common (incidence ≥ {_num(f.value)}{f.unit or ''})" if f.value is not None else "most common"
    if f.fact == "pregnancy" and f.kind == "category":
        return f"pregnancy category {f.value}"
    if f.fact == "contraindication":
        return ""
    words = _KIND_WORDS.get(f.kind, f.kind)
    if f.kind == "adjust" and f.value is not None:
        words += f" ({_num(f.value)} {f.unit or ''}".rstrip() + (f" per {f.per}" if f.per else "") + ")"
    return words + (f" — {f.population}" if f.population else "")


def label_line(r: LabelRef) -> str:
    """A label's citation: title — manufacturer, set id, version, date (what the record gives)."""
    bits = [x for x in (r.manufacturer, f"set id {r.set_id}" if r.set_id else r.doc_id,
                        f"version {r.version}" if r.version else None, r.date) if x]
    return f"{r.title} — {', '.join(bits)}"


def _flat(text: str) -> str:
    # one line, no control characters: a quote cannot start a line of its own and pass for a heading
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of the card: `style` (title, heading, field, item, quote, cite, note, row), its text, and the
    indent of its first and following lines."""

    style: str
    text: str
    first: str = ""
    rest: str = ""


def card_lines(card: DrugCard, max_statements: int | None = 6) -> list[Line]:
    """The card as paragraphs (rendered as wrapped plain text by `to_text`, or styled by the CLI on a terminal).
    `max_statements`: statements shown per section (None: all), the rest counted."""
    e = card.entry
    n = {r.doc_id: i + 1 for i, r in enumerate(e.labels)}
    out = [Line("title", f"{e.canonical} — drug card")]
    if e.from_combinations:
        out.append(Line("note", f"No label of {e.canonical} alone is stored: shown from combination labels "
                                f"({', '.join(c.canonical for c in e.combinations)})."))

    def field(name: str, values: Iterable[str], none: str = "none stated") -> None:
        vals = [_flat(v) for v in values]
        out.append(Line("field", f"{name}: {', '.join(vals) if vals else none}", "", "  "))

    field("Brand names", e.brand_names)
    field("Generic names", e.generic_names)
    field("Substances", e.substance_names)
    field("Dosage forms", e.dosage_forms)
    field("Routes", e.routes)
    dated = [r.date for r in e.labels if r.date]
    span = "" if not dated else e.first_date if e.first_date == e.last_date else f"{e.first_date} to {e.last_date}"
    undated = e.label_count - len(dated)
    when = "; ".join(x for x in (span, f"{undated} undated" if dated and undated else "") if x)
    field("Labels", [f"{e.label_count}" + (f" ({when})" if when else "")])
    field("Manufacturers", e.manufacturers)
    field("RxCUI", e.rxcuis, "not recorded")
    field("UNII", e.uniis, "not recorded")
    if e.combinations and not e.from_combinations:
        field("Combination products (kept apart)",
              [f"{c.canonical} ({len(c.labels)} label{'s' * (len(c.labels) != 1)})" for c in e.combinations])
    for s in card.sections:
        if not s.statements and s.key in OPTIONAL_SECTIONS:
            continue
        out.append(Line("heading", s.title))
        if not s.statements:
            out.append(Line("note", f"{NOT_FOUND} (read {READ_WHERE[s.key]}, in the label).", "  ", "  "))
            continue
        shown = s.statements if max_statements is None else s.statements[:max_statements]
        for st in shown:
            f = st.fact
            what = value_text(f, st.population)
            if what:
                out.append(Line("item", what, "  - ", "    "))
            others = len(st.doc_ids) - 1
            also = f" (and {others} other label{'s' * (others != 1)})" if others else ""
            # the citation glued to the quote's end: a wrap never parts a quote from its label
            out.append(Line("quote", f"“{_flat(f.quote)}” [{n[f.doc_id]}]{also}", "    " if what else "  - ",
                            "    "))
        if len(s.statements) > len(shown):
            out.append(Line("note", f"… {len(s.statements) - len(shown)} more (--all or --json shows them)",
                            "  ", "  "))
    if card.disagreements:
        out.append(Line("heading", "Labels disagree"))
        for d in card.disagreements:
            group = [FACT_TITLES.get(d.fact, d.fact)]
            group += [f"per {d.per}"] if d.per else []
            group += [x for x in (d.population, d.route_form) if x]
            out.append(Line("item", ", ".join(group) + ":", "  ", "  "))
            for v, u, fs in d.values:
                value = f"{_num(v)} {u}" if u else str(v)
                per_label: dict[str, LabelFact] = {}
                for f in fs:  # one row per label: its shortest statement of the value
                    if f.doc_id not in per_label or len(f.quote) < len(per_label[f.doc_id].quote):
                        per_label[f.doc_id] = f
                for f in per_label.values():
                    out.append(Line("row", f"{value} | [{n[f.doc_id]}] {_flat(e.labels[n[f.doc_id] - 1].title)} | "
                                           f"“{_flat(f.quote)}”", "    ", "      "))
    out.append(Line("heading", "Labels"))
    for r in e.labels:
        out.append(Line("cite", _flat(label_line(r)), f"  [{n[r.doc_id]}] ", " " * (len(str(n[r.doc_id])) + 5)))
    return out


def wrap_line(ln: Line, width: int) -> list[str]:
    """One paragraph as lines of at most `width` columns (0: one line); a word longer than the line is never
    cut. Titles and headings are underlined ("=", "-")."""
    if ln.style in ("title", "heading"):
        rule = "=" if ln.style == "title" else "-"
        lines = textwrap.wrap(ln.text, width, break_long_words=False) if width > 0 else [ln.text]
        return [*lines, rule * min(max(len(x) for x in lines), width or 10**6)]
    if width <= 0:
        return [ln.first + ln.text]
    return textwrap.wrap(ln.text, width=max(width, len(ln.first) + 1, len(ln.rest) + 1), initial_indent=ln.first,
                         subsequent_indent=ln.rest, break_long_words=False, break_on_hyphens=False) or [ln.first]


def to_text(card: DrugCard, width: int = 80, max_statements: int | None = 6) -> str:
    """The card as plain text wrapped at `width` columns (0: no wrapping), a blank line before each heading."""
    lines: list[str] = []
    for ln in card_lines(card, max_statements):
        if ln.style == "heading":
            lines.append("")
        lines += wrap_line(ln, width)
    return "\n".join(lines) + "\n"
