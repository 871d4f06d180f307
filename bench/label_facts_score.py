"""Score `medbrief facts --json` against the label-facts gold (issue 15 point 8).

    python bench/label_facts_score.py PRED.jsonl [--gold bench/gold/label_facts_gold.jsonl] [--data ../shared/data]
                                      [--json OUT.json] [--no-check]
    python bench/label_facts_score.py --check-only          # only verify the gold quotes against the records

PRED.jsonl holds `medbrief facts --json` lines, each {"doc_id", "set_id", "fact", "value", "unit", "per",
"population", "route_form", "kind", "passage_id", "start", "end", "quote"} (issue 15 point 3). Only predictions whose
set_id is one of the gold's 60 labels are scored (the rest are counted and reported as outside the sample); facts
other than max_dose / renal / hepatic / boxed_warning are ignored.

Before scoring, every gold quote (max_dose, ranges, renal, hepatic) is checked to be an exact substring of the named
openFDA field of that label (the field's list of strings joined with "\\n"), read from the cache zip under
MEDBRIEF_DATA / --data; a bad quote is listed and the exit status is 1 (--no-check skips this when the data is not
at hand).

Matching rules (written before any extractor output existed; the gold was annotated by hand from the label text):

max_dose
    A prediction matches a gold maximum when set_id, value, unit and per all agree:
    - value: numerically equal (commas dropped, so "1,200" == 1200); a combination value "320/25" compares part by
      part; mass units are converted to mg before comparing (1.2 g == 1200 mg, 500 mcg == 0.5 mg);
    - unit: normalised (mcg = µg = μg = ug = microgram; mg = milligram; g = gram; mL = ml = milliliter; tablet(s),
      capsule(s), drop(s), unit(s)/IU, dose(s)/time(s), application(s), applicator(s) singular or plural;
      "mg/m 2" = "mg/m2" = "mg/m²");
    - per: normalised (day = daily = d = a phrase of 24 hours such as "in any 24-hour period"; dose = single
      dose = administration; week = weekly; hour = hr = h; minute = min; course = total = cumulative = treatment;
      session; month).
    Gold and predictions are each reduced to the set of distinct (set_id, value, unit, per) keys, so a ceiling the
    label states twice (highlights and section 2) counts once, and so does a prediction repeated per passage.
    TP = keys in both, FP = predicted keys not in the gold, FN = gold keys not predicted. A predicted maximum that
    equals an end of a gold *range* (value_low or value_high, same unit and per) is a false positive and is also
    counted separately as "range predicted as max". A max_dose prediction whose `kind` is "range" is the label's
    usual range marked as one, not a claimed maximum, and is left out (rule added after the extractor existed: its
    schema carries ranges as fact "max_dose", kind "range"). Population and route/form are a secondary report over the
    TPs (agreement = both null, or one normalised string contains the other), not required for a match.
renal, hepatic
    A predicted statement matches a gold statement of the same label and type when their quotes overlap after
    whitespace normalisation (runs of whitespace -> one space, stripped, case-folded): one contains the other, or
    their longest common substring is at least half of the shorter quote and at least 20 characters.
    Precision = matching predicted statements / predicted statements; recall = gold statements matched by at least
    one prediction / gold statements (not one-to-one: a gold statement split over two predicted sentences is one
    recalled statement and two correct predictions). Per-label presence is also reported: a label is positive when
    it has at least one statement of that type (TP/FP/FN over the 60 labels).
boxed_warning
    Per label: predicted present when there is at least one boxed_warning prediction for the set_id; gold present
    from the annotation (a packaging / "Rx only" notice in the field is not a warning). P/R/F1 over labels with the
    positive class "present". Topics are reported separately: for labels present in both, the share of gold topics
    for which some predicted topic (taken from the predictions' "value" and "kind" strings) contains it or is
    contained in it, case-folded.

P, R, F1 are None when their denominator is 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from label_facts_sample import default_data, distinct_labels  # bench/ is not a package

GOLD = Path(__file__).resolve().parent / "gold" / "label_facts_gold.jsonl"
FACTS = ("max_dose", "renal", "hepatic", "boxed_warning")

_UNITS = {
    "mcg": "mcg", "µg": "mcg", "μg": "mcg", "ug": "mcg", "microgram": "mcg", "micrograms": "mcg",
    "mg": "mg", "milligram": "mg", "milligrams": "mg",
    "g": "g", "gram": "g", "grams": "g", "gm": "g",
    "ml": "mL", "milliliter": "mL", "milliliters": "mL", "millilitre": "mL", "millilitres": "mL",
    "tablet": "tablets", "tablets": "tablets", "tab": "tablets", "tabs": "tablets",
    "capsule": "capsules", "capsules": "capsules", "cap": "capsules", "caps": "capsules",
    "drop": "drops", "drops": "drops",
    "unit": "units", "units": "units", "iu": "units", "international units": "units",
    "dose": "doses", "doses": "doses", "time": "doses", "times": "doses",
    "application": "applications", "applications": "applications",
    "applicator": "applicators", "applicators": "applicators",
}
# mass units compare in mg
_TO_MG = {"mg": 1.0, "g": 1000.0, "mcg": 0.001}
_PER = {
    "day": "day", "daily": "day", "d": "day", "24 hours": "day", "24 hour": "day", "24-hour": "day",
    "24-hour period": "day", "24 hour period": "day", "per day": "day", "a day": "day",
    "dose": "dose", "single dose": "dose", "administration": "dose", "injection": "dose", "infusion": "dose",
    "week": "week", "weekly": "week", "wk": "week",
    "hour": "hour", "hr": "hour", "h": "hour",
    "minute": "minute", "min": "minute",
    "course": "course", "total": "course", "cumulative": "course", "treatment": "course", "lifetime": "course",
    "session": "session", "treatment session": "session",
    "month": "month", "monthly": "month",
}


def norm_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def norm_unit(unit: object) -> str | None:
    """Canonical unit string, or None for a missing unit. Compound per-body-size units keep their shape
    ("mg/m 2" -> "mg/m2", "mg per kg" -> "mg/kg")."""
    if unit is None:
        return None
    u = str(unit).strip().replace("²", "2").replace("^2", "2")
    u = re.sub(r"\s*per\s*", "/", u)
    u = re.sub(r"\s*/\s*", "/", u)
    u = re.sub(r"/m\s+2\b", "/m2", u)
    if "/" in u:
        head, _, tail = u.partition("/")
        return f"{_UNITS.get(head.casefold(), head.casefold())}/{tail.casefold()}"
    return _UNITS.get(u.casefold(), u.casefold())


def norm_per(per: object) -> str | None:
    if per is None:
        return None
    p = re.sub(r"\s+", " ", str(per)).strip().casefold()
    p = re.sub(r"^(per|every|each|a|an|in|in any|over) ", "", p)
    if p not in _PER and re.search(r"\b24[ -]?(hours?|hr)\b", p):
        return "day"  # "in any 24-hour period", "24 hours"
    return _PER.get(p, p)


def norm_value(value: object, unit: str | None) -> tuple[tuple[float, ...] | str, str | None] | None:
    """(value parts, unit) with mass converted to mg; None when there is no value. A non-numeric value is kept as
    its normalised string."""
    if value is None:
        return None
    parts = str(value).replace(",", "").split("/") if isinstance(value, str) else [value]
    try:
        nums = [float(p) for p in parts]
    except (TypeError, ValueError):
        return norm_ws(str(value)), unit
    if unit in _TO_MG:
        return tuple(round(n * _TO_MG[unit], 9) for n in nums), "mg"
    return tuple(round(n, 9) for n in nums), unit


def dose_key(set_id: str, value: object, unit: object, per: object) -> tuple | None:
    u = norm_unit(unit)
    nv = norm_value(value, u)
    if nv is None:
        return None
    return (set_id, nv[0], nv[1], norm_per(per))


def quotes_overlap(a: str, b: str) -> bool:
    """The renal/hepatic matching rule (module docstring)."""
    x, y = norm_ws(a), norm_ws(b)
    if not x or not y:
        return False
    if x in y or y in x:
        return True
    m = SequenceMatcher(None, x, y, autojunk=False).find_longest_match(0, len(x), 0, len(y))
    return m.size >= 20 and m.size >= 0.5 * min(len(x), len(y))


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p is not None and r is not None and p + r else (0.0 if p == 0 or r == 0 else None)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def check_gold(gold: list[dict], labels: dict[str, dict]) -> list[str]:
    """Every gold quote that is not a substring of its field, as readable lines (empty when all are fine).

    `labels` maps set_id -> openFDA label dict (as `label_facts_sample.distinct_labels` gives, label part)."""
    bad: list[str] = []
    for rec in gold:
        label = labels.get(rec["set_id"])
        if label is None:
            bad.append(f"{rec['set_id']}: set_id not in the data")
            continue
        for kind in ("max_dose", "ranges", "renal", "hepatic"):
            for item in rec.get(kind) or []:
                field = item.get("field")
                text = "\n".join(label.get(field) or []) if isinstance(label.get(field), list) else ""
                if not item.get("quote") or item["quote"] not in text:
                    bad.append(f"{rec['set_id']} {rec.get('generic_name')} {kind} [{field}]: {item.get('quote')!r}")
    return bad


def _agree(a: object, b: object) -> bool:
    x, y = norm_ws(str(a)) if a else "", norm_ws(str(b)) if b else ""
    return (not x and not y) or bool(x and y and (x in y or y in x))


def score(gold: list[dict], preds: list[dict]) -> dict:
    """The metrics of the module docstring as a dict: {"labels", "predictions", "max_dose", "renal", "hepatic",
    "boxed_warning"}."""
    sample = {g["set_id"]: g for g in gold}
    by_fact: dict[str, list[dict]] = defaultdict(list)
    outside = 0
    for p in preds:
        if p.get("set_id") not in sample:
            outside += 1
            continue
        if p.get("fact") in FACTS:
            by_fact[p["fact"]].append(p)
    out: dict = {"labels": len(gold), "predictions": {"in_sample": sum(len(v) for v in by_fact.values()),
                                                      "outside_sample": outside,
                                                      "labels_with_any": len({p["set_id"] for v in by_fact.values()
                                                                              for p in v})}}

    # max_dose
    gold_keys: dict[tuple, dict] = {}
    range_keys: set[tuple] = set()
    for g in gold:
        for m in g["max_dose"]:
            k = dose_key(g["set_id"], m["value"], m["unit"], m["per"])
            gold_keys.setdefault(k, m)
        for r in g.get("ranges") or []:
            for end in (r["value_low"], r["value_high"]):
                range_keys.add(dose_key(g["set_id"], end, r["unit"], r["per"]))
    pred_keys: dict[tuple, dict] = {}
    for p in by_fact["max_dose"]:
        if p.get("kind") == "range":
            continue  # the extractor marks a usual range as such (issue 15.3 `kind`): not a claimed maximum
        k = dose_key(p["set_id"], p.get("value"), p.get("unit"), p.get("per"))
        if k is not None:
            pred_keys.setdefault(k, p)
    tp_keys = gold_keys.keys() & pred_keys.keys()
    fp_keys = pred_keys.keys() - gold_keys.keys()
    md = prf(len(tp_keys), len(fp_keys), len(gold_keys.keys() - pred_keys.keys()))
    md["range_predicted_as_max"] = len(fp_keys & range_keys)
    md["population_agrees"] = sum(_agree(gold_keys[k].get("population"), pred_keys[k].get("population"))
                                  for k in tp_keys)
    md["route_form_agrees"] = sum(_agree(gold_keys[k].get("route_form"), pred_keys[k].get("route_form"))
                                  for k in tp_keys)
    md["false_positives"] = sorted(map(str, fp_keys))
    md["missed"] = sorted(map(str, gold_keys.keys() - pred_keys.keys()))
    out["max_dose"] = md

    # renal, hepatic
    for fact in ("renal", "hepatic"):
        preds_by_label: dict[str, list[str]] = defaultdict(list)
        for p in by_fact[fact]:
            preds_by_label[p["set_id"]].append(p.get("quote") or "")
        tp_pred = fp_pred = recalled = n_gold = 0
        lab = {"tp": 0, "fp": 0, "fn": 0}
        for g in gold:
            gq = [s["quote"] for s in g[fact]]
            pq = preds_by_label.get(g["set_id"], [])
            n_gold += len(gq)
            recalled += sum(any(quotes_overlap(a, b) for b in pq) for a in gq)
            ok = sum(any(quotes_overlap(b, a) for a in gq) for b in pq)
            tp_pred += ok
            fp_pred += len(pq) - ok
            if gq and pq:
                lab["tp"] += 1
            elif pq:
                lab["fp"] += 1
            elif gq:
                lab["fn"] += 1
        p = tp_pred / (tp_pred + fp_pred) if tp_pred + fp_pred else None
        r = recalled / n_gold if n_gold else None
        f = 2 * p * r / (p + r) if p is not None and r is not None and p + r else (0.0 if p == 0 or r == 0 else None)
        out[fact] = {"gold": n_gold, "predicted": tp_pred + fp_pred, "correct_predictions": tp_pred,
                     "recalled": recalled, "precision": p, "recall": r, "f1": f,
                     "label_presence": prf(lab["tp"], lab["fp"], lab["fn"])}

    # boxed_warning
    pred_boxed: dict[str, list[str]] = defaultdict(list)
    for p in by_fact["boxed_warning"]:
        pred_boxed[p["set_id"]].extend(str(p[k]) for k in ("value", "kind") if p.get(k))
    tp = fp = fn = 0
    topics_gold = topics_hit = 0
    for g in gold:
        gp, pp = g["boxed_warning"]["present"], g["set_id"] in pred_boxed
        tp += gp and pp
        fp += pp and not gp
        fn += gp and not pp
        if gp and pp:
            cands = [norm_ws(t) for t in pred_boxed[g["set_id"]]]
            for t in g["boxed_warning"]["topics"]:
                topics_gold += 1
                topics_hit += any(norm_ws(t) in c or (c and c in norm_ws(t)) for c in cands)
    bw = prf(tp, fp, fn)
    bw["topics"] = {"gold_topics_on_tp_labels": topics_gold, "matched": topics_hit,
                    "recall": topics_hit / topics_gold if topics_gold else None}
    out["boxed_warning"] = bw
    return out


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def report(res: dict) -> str:
    md, bw = res["max_dose"], res["boxed_warning"]
    lines = [
        f"labels {res['labels']}; predictions in sample {res['predictions']['in_sample']} "
        f"(labels with any: {res['predictions']['labels_with_any']}), outside sample "
        f"{res['predictions']['outside_sample']}",
        "fact           P      R      F1     detail",
        f"max_dose     {_fmt(md['precision'])}  {_fmt(md['recall'])}  {_fmt(md['f1'])}  tp {md['tp']} fp {md['fp']} "
        f"fn {md['fn']}; range predicted as max {md['range_predicted_as_max']}; on TPs population agrees "
        f"{md['population_agrees']}, route/form agrees {md['route_form_agrees']}",
    ]
    for fact in ("renal", "hepatic"):
        s = res[fact]
        lp = s["label_presence"]
        lines.append(f"{fact:<12} {_fmt(s['precision'])}  {_fmt(s['recall'])}  {_fmt(s['f1'])}  gold {s['gold']}, "
                     f"predicted {s['predicted']} ({s['correct_predictions']} correct), recalled {s['recalled']}; "
                     f"per-label presence P {_fmt(lp['precision'])} R {_fmt(lp['recall'])} F1 {_fmt(lp['f1'])}")
    lines.append(f"boxed_warning {_fmt(bw['precision'])}  {_fmt(bw['recall'])}  {_fmt(bw['f1'])}  tp {bw['tp']} fp "
                 f"{bw['fp']} fn {bw['fn']}; topics matched {bw['topics']['matched']}/"
                 f"{bw['topics']['gold_topics_on_tp_labels']}")
    if md["false_positives"]:
        lines.append("max_dose false positives: " + "; ".join(md["false_positives"]))
    if md["missed"]:
        lines.append("max_dose missed: " + "; ".join(md["missed"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred", type=Path, nargs="?", help="`medbrief facts --json` output (JSON lines)")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--json", type=Path, help="also write the metrics here")
    ap.add_argument("--no-check", action="store_true", help="skip verifying gold quotes against the records")
    ap.add_argument("--check-only", action="store_true")
    args = ap.parse_args(argv)
    gold = load_jsonl(args.gold)
    if not args.no_check:
        labels = {sid: lab for sid, (_, lab) in distinct_labels(args.data).items()}
        bad = check_gold(gold, labels)
        if bad:
            print(f"{len(bad)} gold quote(s) not found in their field:", *bad, sep="\n", file=sys.stderr)
            return 1
        print(f"gold ok: {len(gold)} labels, every quote is in its field", file=sys.stderr)
    if args.check_only:
        return 0
    if args.pred is None:
        ap.error("PRED.jsonl is required unless --check-only")
    res = score(gold, load_jsonl(args.pred))
    print(report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
