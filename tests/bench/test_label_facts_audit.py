"""bench/label_facts_audit.py: the cue and shape of a statement (the grouping the sixth tuning pass read)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "bench" / "label_facts_audit.py"
_spec = importlib.util.spec_from_file_location("label_facts_audit", _PATH)
assert _spec is not None and _spec.loader is not None
audit = importlib.util.module_from_spec(_spec)
sys.modules["label_facts_audit"] = audit
_spec.loader.exec_module(audit)


def test_cue_of() -> None:
    assert audit.cue_of("Dose should not exceed 4 mg/kg.") == "do/should/must not exceed"
    assert audit.cue_of("Do not take more than 4,000 mg in any 24-hour period.") == "in 24 hours"
    assert audit.cue_of("Take one tablet daily.") is None


def test_shape_of() -> None:
    assert audit.shape_of("Store at room temperature for no more than 4 hours.") == (
        "storage / handling time or temperature")
    assert audit.shape_of("ULN = upper limit of normal") == "lab limit (ULN/LLN, 'not limited to')"
    assert audit.shape_of("Premedicate with hydrocortisone 1 mg/kg (maximum dose 50 mg).") == "cap of weight/BSA dose"
    assert audit.shape_of("The maximum mass dose is 20 mcg.") == "other"


def test_added(tmp_path: Path) -> None:
    old = tmp_path / "old.jsonl"
    new = tmp_path / "new.jsonl"
    row = ('{{"set_id": "s", "fact": "max_dose", "kind": "maximum", "value": {v}, "unit": "mg", "per": "day", '
           '"quote": "q{v}"}}\n')
    old.write_text(row.format(v=10))
    new.write_text(row.format(v=10) + row.format(v=20))
    assert audit.added(str(old), str(new)) == [("s", "20", "mg", "day", "q20")]
