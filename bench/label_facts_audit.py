"""Ceiling-cue audit of the max_dose extractor over a whole store (issue 15 point 8, sixth tuning pass).

Every statement of a label's dosing text (Dosage and Administration, its highlights twin in the unclassified field,
Drug Facts Directions) that carries a ceiling cue ("maximum", "not to exceed", "no more than", "limit", "in 24
hours", ...) and yields NO max_dose fact is grouped by its wording shape, so that the frequent shapes can be read and
judged (a ceiling the gold rules count, or not: usual range, titration, animal multiples, another drug of a kit).

    MEDBRIEF_DB=/tmp/copy.db python bench/label_facts_audit.py [--samples 3] [--shape NAME] [--json OUT]

Prints one line per shape (count of statements, of labels) and a few sample statements of each; `--shape` prints
every statement of one shape. `--pattern REGEX` instead counts every dosing statement the regex matches (a kind's
corpus count, seventh pass), with or without a max_dose fact, and prints them marked "+" (has a fact) or "-".
`--added OLD.jsonl NEW.jsonl` instead lists the max_dose facts (kind "maximum") of
NEW (`medbrief facts --json`) that OLD does not have, as (set_id, value, unit, per, quote), for a precision read.
Reads the store only (one label per set id: the first doc id met).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict

# The ceiling cues of the audit (the brief's list), each named; the first that matches names the statement's cue.
CUES: tuple[tuple[str, str], ...] = (
    ("not to exceed", r"\bnot\s+to\s+exceed"),
    ("do/should/must not exceed", r"\b(?:do|does|should|must|shall)\s+not\s+exceed"),
    ("up to a maximum", r"\bup\s+to\s+a\s+maximum"),
    ("no more than", r"\bno\s+more\s+than"),
    ("not more than", r"\bnot\s+more\s+than"),
    ("more than once", r"\bmore\s+than\s+once"),
    ("maximum", r"\bmaximum\b"),
    ("max", r"\bmax\b"),
    ("limit", r"\blimit(?:ed|s)?\b"),
    ("in 24 hours", r"\b(?:in|per|within)\s+(?:any\s+|a\s+)?24\s*-?\s*hours?"),
    ("per course", r"\bper\s+(?:treatment\s+)?course\b"),
    ("cumulative", r"\bcumulative\b"),
    ("total dose", r"\btotal\s+(?:daily\s+)?(?:dose|dosage)\b"),
)
_CUES = [(name, re.compile(rx, re.I)) for name, rx in CUES]
# Shapes of what the statement says around its cue: the first that matches names it (order matters).
SHAPES: tuple[tuple[str, str], ...] = (
    ("lab limit (ULN/LLN, 'not limited to')", r"\b(?:upper|lower)\s+limit\s+of\s+normal|\bULN\b|\bLLN\b|"
     r"not\s+limited\s+to|limit\s+of\s+(?:detection|quantitation)"),
    ("storage / handling time or temperature", r"°|\bstor(?:e|ed|age)\b|refrigerat|room\s+temperature|"
     r"\b(?:infusion|administration|preparation|puncture)\s+time\b|\bvials?\b[^.]{0,60}\bhours?\b|\bwarm"),
    ("dose modification for toxicity (withhold/resume)", r"\b(?:withhold|resume|interrupt|permanently\s+discontinue|"
     r"grade\s+[1-4])\b"),
    ("urine / lab amount per 24 hours", r"\b(?:protein\w*|urine|urinary|UPCR|excretion)\b"),
    ("animal / MRHD multiple", r"human\s+dose|MRHD|\bAUC\b|exposure|times\s+the\s+(?:maximum|recommended)"),
    ("tolerated / studied", r"maximum\s+tolerated|\b(?:studied|evaluated|clinical\s+(?:trials?|studies))\b"),
    ("concentration / volume / rate of solution", r"\bconcentration\b|mg\s*/\s*mL\b|\bvolume\b|\bdilut"),
    ("titration / increase step", r"\b(?:increase[sd]?|titrat\w*|escalat\w*|adjust\w*)\b[^.]{0,60}\b"
     r"(?:maximum|no\s+more|not\s+more|not\s+to\s+exceed|up\s+to)"),
    ("duration (days/weeks of use)", r"(?:maximum|not\s+to\s+exceed|no\s+more\s+than|not\s+more\s+than|limit\w*)"
     r"[^.]{0,40}\b\d+\s*(?:consecutive\s+)?(?:days?|weeks?|months?|years?)\b(?!\s*(?:of|per))"),
    ("no amount after cue", r"(?:maximum|not\s+to\s+exceed|do\s+not\s+exceed|should\s+not\s+exceed|no\s+more\s+than|"
     r"not\s+more\s+than)(?![^.;]{0,60}\d)"),
    ("recommended dose exceeded (do not exceed the recommended)", r"exceed\s+(?:the\s+)?(?:recommended|prescribed|"
     r"labeled)"),
    ("higher doses not recommended", r"\b(?:higher|greater)\s+(?:doses|dosages)\b"),
    ("frequency (times/doses per period)", r"\b(?:times|doses|once|twice|tablets|capsules)\b[^.]{0,20}\b(?:in|per|a)\s+"
     r"(?:any\s+)?(?:24|day|week)"),
    ("cap of weight/BSA dose", r"/\s?(?:kg|m\s?2)\b[^.]{0,80}(?:maximum|max|not\s+to\s+exceed|up\s+to)"),
    ("amount then cue (X mg maximum)", r"\d\s*(?:mg|mcg|g|mL|units?)\b[^.]{0,12}\b(?:maximum|max)\b"),
    ("table row (flattened)", r"^\s*Table\s+\d"),
    ("total dose said of a regimen (no ceiling word)", r"\b(?:for\s+a|a|the|of)\s+total\s+(?:daily\s+)?(?:dose|dosage)"
     r"\s+of\b|\btotal\s+(?:daily\s+)?(?:dose|dosage)\s+(?:is|was|of)\b(?![^.]{0,30}\b(?:should|must)\s+not)"),
)
_SHAPES = [(name, re.compile(rx, re.I)) for name, rx in SHAPES]


def cue_of(text: str) -> str | None:
    """The name of the first ceiling cue `text` carries, or None."""
    return next((name for name, rx in _CUES if rx.search(text)), None)


def shape_of(text: str) -> str:
    """The wording shape of a cue statement (see SHAPES); "other" when none fits."""
    return next((name for name, rx in _SHAPES if rx.search(text)), "other")


def audit(db: str, pattern: str | None = None) -> list[dict[str, str]]:
    """Cue statements without a max_dose fact, one dict per statement (set_id, title, cue, shape, code: the section's
    LOINC code, text). With `pattern` (a regex, case-insensitive): every dosing statement it matches, a fact or not,
    each with "has_fact" ("+" or "-")."""
    from medbrief.compose.drug_facts import DIRECTIONS_CODES, is_drug_facts
    from medbrief.compose.label_reading import statements
    from medbrief.facts import label_facts
    from medbrief.facts.extract import DOSAGE, TABLE_MAXIMA
    from medbrief.pipeline import open_store
    from medbrief.settings import Settings
    from medbrief.sources.tables import TABLES_SUFFIX

    with open_store(Settings.load(db or None), check_index=False) as store:
        return _audit(store, DIRECTIONS_CODES, is_drug_facts, statements, label_facts, DOSAGE | TABLE_MAXIMA,
                      TABLES_SUFFIX, pattern)


def _audit(store, directions, is_drug_facts, statements, label_facts, dosage, tables_suffix, pattern=None):
    rx = re.compile(pattern, re.I) if pattern else None
    out: list[dict[str, str]] = []
    seen_sets: set[str] = set()
    ids = [r[0] for r in store.db.conn.execute("SELECT id FROM documents WHERE tier='label' ORDER BY id")]
    codes = dosage | directions
    for i in range(0, len(ids), 200):
        docs = store.db.documents(ids[i : i + 200])
        for doc_id in ids[i : i + 200]:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            set_id = str(doc.meta.get("set_id") or doc_id)
            if set_id in seen_sets:
                continue
            seen_sets.add(set_id)
            passages = list(store.db.passages_of(doc_id))
            facts = label_facts(doc_id, doc.meta, passages)
            # a statement yields a max_dose fact when a fact's quote overlaps it
            spans = defaultdict(list)
            quotes: set[str] = set()  # a statement repeated in another field is given once, at its first place
            for f in facts:
                if f.fact == "max_dose" and f.kind == "maximum":
                    spans[f.passage_id].append((f.start, f.end))
                    quotes.add(" ".join(f.quote.split()))
            otc = is_drug_facts(passages)
            for p in passages:
                if (p.section_code or "") not in codes or p.section.endswith(tables_suffix):
                    continue
                for s in statements(p.text, otc and (p.section_code or "") in directions):
                    has = (any(a < s.end and s.start < b for a, b in spans[p.id])
                           or " ".join(s.text.split()) in quotes)
                    if rx is not None:
                        if rx.search(s.text):
                            out.append({"set_id": set_id, "title": str(doc.title)[:60], "has_fact": "+" if has else "-",
                                        "text": re.sub(r"\s+", " ", s.text)[:400]})
                        continue
                    cue = cue_of(s.text)
                    if cue is None or has:
                        continue
                    out.append({"set_id": set_id, "title": str(doc.title)[:60], "cue": cue,
                                "shape": shape_of(s.text), "code": p.section_code or "",
                                "text": re.sub(r"\s+", " ", s.text)[:400]})
    return out


def added(old: str, new: str) -> list[tuple]:
    """max_dose maxima of `new` (a facts JSONL) absent from `old`, by (set_id, value, unit, per)."""
    def keys(path: str) -> dict[tuple, str]:
        got: dict[tuple, str] = {}
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                f = json.loads(line)
                if f["fact"] == "max_dose" and f["kind"] == "maximum":
                    got.setdefault((f["set_id"], json.dumps(f["value"]), f["unit"], f["per"]), f["quote"])
        return got
    a, b = keys(old), keys(new)
    return [(*k, b[k]) for k in b if k not in a]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=3)
    ap.add_argument("--shape")
    ap.add_argument("--json")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--added", nargs=2, metavar=("OLD", "NEW"))
    ap.add_argument("--pattern")
    args = ap.parse_args(argv)
    if args.pattern:
        rows = audit("", args.pattern)
        print(f"statements matching: {len(rows)} in {len({r['set_id'] for r in rows})} labels; "
              f"with a max_dose fact: {sum(r['has_fact'] == '+' for r in rows)}")
        for r in rows:
            print(f"  {r['has_fact']} {r['title'][:30]} | {r['text'][:300]}")
        return 0
    if args.added:
        rows = added(*args.added)
        random.Random(args.seed).shuffle(rows)
        print(f"added maxima: {len(rows)}")
        for r in rows[: args.samples]:
            print(" ", r[0][:8], r[1], r[2], r[3], "|", r[4][:300])
        return 0
    rows = audit("")
    by: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by[r["shape"]].append(r)
    print(f"cue statements without a max_dose fact: {len(rows)} in {len({r['set_id'] for r in rows})} labels")
    rng = random.Random(args.seed)
    for shape, rs in sorted(by.items(), key=lambda kv: -len(kv[1])):
        if args.shape and shape != args.shape:
            continue
        print(f"{len(rs):5d} {len({r['set_id'] for r in rs}):5d}  {shape}")
        for r in (rs if args.shape else rng.sample(rs, min(args.samples, len(rs)))):
            print(f"        [{r['cue']}] {r['title'][:30]} | {r['text'][:300]}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
