"""bench/label_facts_score.py: the matching rules on a constructed case (exact numbers), the hand-written 3-line
example against the real gold, and the gold-quote check."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import label_facts_score as lfs  # bench/ is not a package

BENCH = Path(__file__).resolve().parents[2] / "bench"

A, B = "set-a", "set-b"


def _gold() -> list[dict]:
    empty_box = {"present": False, "topics": [], "quote": None}
    return [
        {"set_id": A, "id": "a1", "generic_name": "CODEINE",
         "max_dose": [{"value": 360, "unit": "mg", "per": "day", "population": "adults", "route_form": "oral tablet",
                       "field": "dosage_and_administration", "quote": "The maximum 24-hour dose is 360 mg."}],
         "ranges": [{"value_low": 15, "value_high": 60, "unit": "mg", "per": "dose",
                     "field": "dosage_and_administration", "quote": "15 to 60 mg every 4 hours"}],
         "renal": [{"field": "use_in_specific_populations",
                    "quote": "Start these patients with a lower than normal dosage of codeine sulfate tablets."}],
         "hepatic": [],
         "boxed_warning": {"present": True, "topics": ["addiction", "respiratory depression"], "quote": "WARNING"},
         "note": None},
        {"set_id": B, "id": "b1", "generic_name": "DULAGLUTIDE",
         "max_dose": [{"value": 4.5, "unit": "mg", "per": "week", "population": "adults", "route_form": None,
                       "field": "dosage_and_administration", "quote": "maximum recommended dosage is 4.5 mg"}],
         "ranges": [], "renal": [],
         "hepatic": [{"field": "use_in_specific_populations",
                      "quote": "use TRULICITY with caution in these patient populations."}],
         "boxed_warning": empty_box, "note": None},
    ]


def _pred(set_id: str, fact: str, quote: str, value=None, unit=None, per=None, **kw) -> dict:
    row = {"doc_id": f"label:{set_id}", "set_id": set_id, "fact": fact, "value": value, "unit": unit, "per": per,
           "population": None, "route_form": None, "kind": None, "passage_id": "p1", "start": 0, "end": len(quote),
           "quote": quote}
    row.update(kw)
    return row


def test_constructed_case_exact_numbers() -> None:
    preds = [
        # the ceiling, written differently: "1" unit spelling and "24 hours" for per
        _pred(A, "max_dose", "The maximum 24-hour dose is 360 mg.", "360", "milligrams", "24 hours",
              population="Adults"),
        # the top of the usual range promoted to a maximum: a false positive, flagged as such
        _pred(A, "max_dose", "15 to 60 mg every 4 hours", 60, "mg", "dose"),
        # renal statement with different spacing and case, and a second sentence that overlaps nothing
        _pred(A, "renal", "start these patients with a lower  than normal dosage of codeine sulfate tablets"),
        _pred(A, "renal", "Codeine pharmacokinetics may be altered in patients with renal failure."),
        _pred(A, "boxed_warning", "WARNING", value="Addiction, abuse, and misuse"),
        _pred("not-in-sample", "max_dose", "x", 1, "mg", "day"),
        _pred(B, "contraindication", "ignored fact type"),
    ]
    res = lfs.score(_gold(), preds)
    md = res["max_dose"]
    assert (md["tp"], md["fp"], md["fn"]) == (1, 1, 1)
    assert md["precision"] == 0.5 and md["recall"] == 0.5 and md["f1"] == 0.5
    assert md["range_predicted_as_max"] == 1
    assert md["population_agrees"] == 1 and md["route_form_agrees"] == 0
    renal = res["renal"]
    assert (renal["gold"], renal["predicted"], renal["correct_predictions"], renal["recalled"]) == (1, 2, 1, 1)
    assert renal["precision"] == 0.5 and renal["recall"] == 1.0 and renal["f1"] == pytest.approx(2 / 3)
    assert renal["label_presence"] == lfs.prf(1, 0, 0)
    hep = res["hepatic"]
    assert hep["recall"] == 0.0 and hep["precision"] is None and hep["label_presence"]["fn"] == 1
    bw = res["boxed_warning"]
    assert (bw["tp"], bw["fp"], bw["fn"]) == (1, 0, 0) and bw["f1"] == 1.0
    assert bw["topics"] == {"gold_topics_on_tp_labels": 2, "matched": 1, "recall": 0.5}
    assert res["predictions"]["outside_sample"] == 1


def test_boxed_warning_predicted_on_a_label_without_one_is_a_false_positive() -> None:
    res = lfs.score(_gold(), [_pred(B, "boxed_warning", "Rx only")])
    assert (res["boxed_warning"]["tp"], res["boxed_warning"]["fp"], res["boxed_warning"]["fn"]) == (0, 1, 1)


@pytest.mark.parametrize(("a", "b", "same"), [
    ((1.2, "g", "daily"), (1200, "mg", "day"), True),
    (("1,200", "mg", "in any 24-hour period"), (1200, "mg", "day"), True),
    ((1200, "mg", "every 12 hours"), (1200, "mg", "day"), False),
    ((500, "µg", "dose"), (0.5, "mg", "single dose"), True),
    (("320/25", "mg", "day"), ("320 / 25", "milligrams", "per day"), True),
    ((900, "mg/m 2", "dose"), (900, "mg/m²", "dose"), True),
    ((2, "tablet", "day"), (2, "capsules", "day"), False),
    ((10, "mg", "day"), (10, "mg", "dose"), False),
])
def test_dose_key_normalisation(a: tuple, b: tuple, same: bool) -> None:
    assert (lfs.dose_key("s", *a) == lfs.dose_key("s", *b)) is same


def test_quotes_overlap() -> None:
    gold = "No dosage adjustment is necessary in patients with mild to moderate hepatic impairment."
    assert lfs.quotes_overlap(gold, "no dosage adjustment is necessary in patients with mild to moderate")
    # a longer prediction that contains the gold sentence
    assert lfs.quotes_overlap(gold, "8.7 Hepatic Impairment " + gold + " Severe: not studied.")
    # shares a long stretch (>= half of the shorter) without containment
    assert lfs.quotes_overlap(gold, "No dosage adjustment is necessary in patients with mild renal impairment.")
    assert not lfs.quotes_overlap(gold, "Monitor liver tests.")
    assert not lfs.quotes_overlap(gold, "")


def test_check_gold_lists_quotes_not_in_their_field() -> None:
    gold = _gold()
    labels = {
        A: {"dosage_and_administration": ["The maximum 24-hour dose is 360 mg.", "15 to 60 mg every 4 hours"],
            "use_in_specific_populations": ["Start these patients with a lower than normal dosage of codeine "
                                            "sulfate tablets."]},
        B: {"dosage_and_administration": ["The maximum recommended dosage is 4.5 mg once weekly."],
            # the hepatic quote is not in this field
            "use_in_specific_populations": ["Use TRULICITY with caution."]},
    }
    bad = lfs.check_gold(gold, labels)
    assert len(bad) == 1 and "hepatic" in bad[0] and "DULAGLUTIDE" in bad[0]
    labels[B]["use_in_specific_populations"] = ["therefore, use TRULICITY with caution in these patient populations."]
    assert lfs.check_gold(gold, labels) == []
    assert lfs.check_gold(gold, {A: labels[A]}) == [f"{B}: set_id not in the data"]


def test_main_exits_non_zero_on_a_bad_gold_quote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture) -> None:
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in _gold()))
    monkeypatch.setattr(lfs, "distinct_labels", lambda data: {A: ("m", {}), B: ("m", {})})
    assert lfs.main(["--check-only", "--gold", str(gold_path), "--data", str(tmp_path)]) == 1
    assert "not found in their field" in capsys.readouterr().err


def test_hand_written_example_against_the_real_gold(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """bench/gold/label_facts_pred_example.jsonl: codeine's 360 mg/day (right), celecoxib's range top 200 mg as a
    max (wrong), dulaglutide's 'no dose adjustment' renal sentence (right, spacing differs)."""
    out = tmp_path / "m.json"
    rc = lfs.main([str(BENCH / "gold" / "label_facts_pred_example.jsonl"), "--no-check", "--json", str(out)])
    assert rc == 0
    res = json.loads(out.read_text())
    md = res["max_dose"]
    assert (md["tp"], md["fp"], md["fn"], md["range_predicted_as_max"]) == (1, 1, 34, 1)
    assert (res["renal"]["correct_predictions"], res["renal"]["recalled"], res["renal"]["gold"]) == (1, 1, 120)
    assert res["labels"] == 60 and res["boxed_warning"]["fn"] == 16
    assert "range predicted as max 1" in capsys.readouterr().out


def test_gold_is_well_formed() -> None:
    gold = lfs.load_jsonl(lfs.GOLD)
    assert len(gold) == 60 and len({g["set_id"] for g in gold}) == 60
    for g in gold:
        assert set(g) >= {"set_id", "id", "generic_name", "max_dose", "ranges", "renal", "hepatic", "boxed_warning",
                          "note"}
        for m in g["max_dose"]:
            assert lfs.dose_key(g["set_id"], m["value"], m["unit"], m["per"]) is not None
            assert m["per"] in {"day", "dose", "week", "hour", "course", "session"}


@pytest.mark.data
def test_every_gold_quote_is_in_its_field(data_dir: Path) -> None:
    labels = {sid: lab for sid, (_, lab) in lfs.distinct_labels(data_dir).items()}
    assert lfs.check_gold(lfs.load_jsonl(lfs.GOLD), labels) == []


@pytest.mark.data
def test_sample_is_deterministic_over_distinct_set_ids(data_dir: Path) -> None:
    import label_facts_sample as lfsample

    labels = lfsample.distinct_labels(data_dir)
    assert len(labels) == 1130  # 1,258 members, 128 repeat a set id
    first = [lab["set_id"] for _, lab in lfsample.load_sample(data_dir)]
    assert first == [lab["set_id"] for _, lab in lfsample.load_sample(data_dir)]
    assert len(set(first)) == 60
    assert first == [g["set_id"] for g in lfs.load_jsonl(lfs.GOLD)]  # the gold follows the draw order
