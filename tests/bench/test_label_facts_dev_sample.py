"""bench/label_facts_dev_sample.py: the dev sample (seed 16) is deterministic, 40 distinct labels, disjoint from the
held-out seed-15 gold sample (compared in memory, never printed), and the committed dev list and annotation match
it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import label_facts_dev_sample as dev  # bench/ is not a package
from label_facts_sample import load_sample

GOLD_DIR = Path(__file__).resolve().parents[2] / "bench" / "gold"


def test_dev_sample_is_disjoint_from_the_held_out_sample_and_matches_the_committed_files(data_dir: Path) -> None:
    drawn = dev.load_dev_sample(data_dir)
    ids = [lab["set_id"] for _, lab in drawn]
    assert len(ids) == 40 and len(set(ids)) == 40
    assert [lab["set_id"] for _, lab in dev.load_dev_sample(data_dir)] == ids  # deterministic
    held_out = {lab["set_id"] for _, lab in load_sample(data_dir, 60, 15)}
    assert not held_out & set(ids)
    committed = [json.loads(line)["set_id"] for line in (GOLD_DIR / "label_facts_dev_sample.jsonl").open()]
    annotated = [json.loads(line)["set_id"] for line in (GOLD_DIR / "label_facts_dev.jsonl").open()]
    assert committed == ids == annotated
