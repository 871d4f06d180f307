"""bench/standalone_agreement.py: the detector's agreement with a reader's stand-alone verdicts, counted per tier."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import standalone_agreement as sa  # bench/ is not a package

ROWS = [
    # fine and passed
    {"tier": "label", "text": "Tizanidine can cause hypotension [see Warnings and Precautions (5.1)].",
     "stands_alone": True, "kinds": []},
    # broken and flagged (a lead-in without its items)
    {"tier": "label", "text": "Rivaroxaban is contraindicated in patients with the following:", "stands_alone": False,
     "kinds": ["list_lead_in"]},
    # fine but flagged: a verdict the detector gets wrong counts as a false positive
    {"tier": "research", "text": "and the", "stands_alone": True, "kinds": []},
]


def test_counts_per_tier_and_overall(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    result = sa.agreement(sa.load([str(gold)]))
    overall = result["tiers"]["all"]
    assert (overall["n"], overall["gold_broken"], overall["tp"], overall["fp"], overall["fn"]) == (3, 1, 1, 1, 0)
    assert overall["precision"] == 0.5 and overall["recall"] == 1.0
    assert result["tiers"]["label"]["fp"] == 0
    assert result["kinds"]["list_lead_in"] == {"n": 1, "found": 1}


def test_a_line_that_is_not_json_names_its_file_and_line(tmp_path, capsys):
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"text": "x", "stands_alone": true}\n{oops\n', encoding="utf-8")
    try:
        sa.load([str(gold)])
    except SystemExit as exc:
        assert f"{gold}:2" in str(exc)
    else:
        raise AssertionError("a bad line must stop the run")
