"""How well the bench's broken-statement detector agrees with a pharmacist's verdicts (issue 12 point 3).

Gold: JSONL, one statement per line, written by a reader who did not see the detector:
    {"file": "01.txt", "tier": "label"|"guideline"|"research", "heading": str, "text": str,
     "stands_alone": bool, "kinds": [str, ...], "why": str}
(bench/gold/standalone_*.jsonl; the briefs they were read from are named in bench/gold/README.md).

Prints, per tier and overall: statements, gold "does not stand alone" count, the detector's true/false positives and
misses, precision and recall of "broken", and recall per gold kind; `--show` lists the disagreements.

    python bench/standalone_agreement.py bench/gold/standalone_dev_gold.jsonl [--show] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from ask_quality import broken_rules  # bench/ask_quality.py


def load(paths: list[str]) -> list[dict]:
    """Gold rows of every file, in order; a line that is not JSON stops with its file and line number."""
    rows = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    sys.exit(f"{path}:{n}: not JSON ({exc})")
    return rows


def plain(text: str) -> str:
    """The statement as the brief holds it: the gold quotes it as printed in Markdown ("\\[see ...\\]")."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)


def agreement(rows: list[dict]) -> dict:
    """Counts per tier ("all" too): n, gold_broken, tp, fp, fn, precision, recall; and per gold kind: n, found."""
    tiers: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        gold = not row["stands_alone"]
        row["detector"] = broken_rules(plain(row["text"]))
        said = bool(row["detector"])
        for tier in (row.get("tier", "?"), "all"):
            c = tiers[tier]
            c["n"] += 1
            c["gold_broken"] += gold
            c["tp"] += gold and said
            c["fp"] += said and not gold
            c["fn"] += gold and not said
        for kind in row.get("kinds") or []:
            kinds[kind]["n"] += 1
            kinds[kind]["found"] += said
    out: dict = {"tiers": {}, "kinds": {k: dict(v) for k, v in sorted(kinds.items())}}
    for tier, c in tiers.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
        r = c["tp"] / c["gold_broken"] if c["gold_broken"] else None
        out["tiers"][tier] = {**c, "precision": p, "recall": r}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="+", help="gold JSONL file(s)")
    ap.add_argument("--show", action="store_true", help="list every disagreement")
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = ap.parse_args(argv)
    rows = load(args.gold)
    result = agreement(rows)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print("| tier | statements | gold broken | detector tp / fp / fn | precision | recall |")
        print("|---|---|---|---|---|---|")
        for tier, c in sorted(result["tiers"].items()):
            p = "-" if c["precision"] is None else f"{c['precision']:.3f}"
            r = "-" if c["recall"] is None else f"{c['recall']:.3f}"
            print(f"| {tier} | {c['n']} | {c['gold_broken']} | {c['tp']} / {c['fp']} / {c['fn']} | {p} | {r} |")
        print()
        for kind, c in result["kinds"].items():
            print(f"  gold kind {kind}: {c['found']}/{c['n']} flagged")
    if args.show:
        for row in rows:
            gold, said = not row["stands_alone"], bool(row["detector"])
            if gold != said:
                tag = "MISSED" if gold else "FALSE "
                print(f"{tag} {row.get('file')} [{','.join(row.get('kinds') or row['detector'])}] {row['text'][:220]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
