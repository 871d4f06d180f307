"""Maximum-dose kinds of error found on the seed-17 gold (now a dev set, bench/gold/label_facts_heldout_gold.jsonl),
third tuning pass: one test per kind, each on the label's own sentence (openFDA text, verbatim)."""

from __future__ import annotations

from typing import Any

import pytest

from medbrief.facts.dose import max_doses
from medbrief.facts.extract import label_facts
from medbrief.records import Passage


def maxima(text: str) -> list[tuple[Any, str, str | None]]:
    return [(f.value, f.unit, f.per) for f in max_doses(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # inotuzumab ozogamicin: a per-course count of cycles is a stated ceiling (the cycle's mg/m2 dose is not)
    ("For patients not proceeding to HSCT, additional cycles of treatment, up to a maximum of 6 cycles, may be "
     "administered.", [(6, "cycles", "course")]),
    ("for a maximum of 6 cycles in combination with gemcitabine 1,000 mg/m 2 on days 1, 8 and 15.",
     [(6, "cycles", "course")]),
    # delgocitinib cream: a period of several weeks kept as written, and the clause's second ceiling after "or"
    ("Do not use more than 30 grams per 2 weeks or 60 grams per month.", [(30, "g", "2 weeks"), (60, "g", "month")]),
    # atropine: "limit the total dose of <drug> to" a range: its upper end is the course's ceiling
    ("Limit the total dose of atropine sulfate to 0.03 mg/kg to 0.04 mg/kg [see Warnings and Precautions 5- (5.1)].",
     [(0.04, "mg/kg", "course")]),
    # haloperidol decanoate: the maximum of the initial dose is per dose
    ("The maximum recommended initial dose is 100 mg.", [(100, "mg", "dose")]),
    # canagliflozin: a flattened table's cell that is a sentence of its own is read
    ("Table 1: Recommended Dosage in Adults and Pediatric Patients Aged 10 Years and Older with Renal Impairment "
     "Estimated Glomerular Filtration Rate [eGFR (mL/min/1.73 m 2 )] Recommended Dosage eGFR 30 to less than 60 The "
     "maximum recommended dosage is 100 mg orally once daily.", [(100, "mg", "day")]),
])
def test_stated_maxima_third_pass(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize("text", [
    # simvastatin: "is restricted to" patients, not to an amount
    "An 80 mg daily dosage of simvastatin tablets USP is restricted to patients who have been taking simvastatin "
    "tablets USP 80 mg daily chronically (e.g., for 12 months or more) without evidence of muscle toxicity.",
    # (tafasitamab's "for a maximum of 12 cycles and then continue MONJUVI" was here; the seed-18 gold counts it as a
    # per-course cap, so the sixth pass reads it: tests/facts/test_tuning_max_dose_dev6.py test_cycles_cap)
    # a flattened table's column headers stay unread (the sentence-cell rule needs "The maximum ... is N")
    "Table 1: Dosage Age Starting Dose Maximum Dose Pediatric patients 0.5 mg/kg/day 1.2 mg/kg/day",
    # "should not exceed" a range names no one ceiling (fosphenytoin, the dev gold keeps only the alternative)
    "the rate should not exceed 1 to 2 mg PE/kg/min.",
])
def test_not_maxima_third_pass(text: str) -> None:
    assert max_doses(text) == []


def _passage(order: int, code: str, text: str) -> Passage:
    return Passage(id=f"label:x#{order}", doc_id="label:x", section="Dosage and Administration", section_code=code,
                   text=text, order=order)


def test_frequency_ceiling_of_a_label_dosed_in_drops_counts_drops() -> None:
    # tafluprost: the statement does not name the drop, the label's dosing does
    text = ("2 DOSAGE AND ADMINISTRATION Apply one drop in the affected eye(s) once daily in the evening. 2.2 "
            "Administration Instructions ZIOPTAN should not be administered more than once daily since it has been "
            "shown that more frequent administration of prostaglandin analogs may lessen the intraocular pressure "
            "lowering effect.")
    got = [(f.value, f.unit, f.per) for f in label_facts("label:x", {"set_id": "s"}, [_passage(0, "34068-7", text)])
           if f.fact == "max_dose" and f.kind == "maximum"]
    assert got == [(1, "drops", "day")]
    # without the drop dosing it stays a count of doses
    plain = text.replace("Apply one drop in the affected eye(s)", "Take one tablet")
    got = [(f.value, f.unit, f.per) for f in label_facts("label:x", {"set_id": "s"}, [_passage(0, "34068-7", plain)])
           if f.fact == "max_dose" and f.kind == "maximum"]
    assert got == [(1, "doses", "day")]


def test_table_last_column_of_maxima() -> None:
    # selexipag: a flattened table whose last column is "Maximum dose allowed", each row's last cell its ceiling
    text = ("Table 1: Pediatric Dosing Regimen Body weight (kg) Recommended starting dose Recommended titration "
            "increments Maximum dose allowed 9 kg to less than 25 kg 100 mcg orally twice daily 100 mcg orally twice "
            "daily 800 mcg orally twice daily 25 kg to less than 40 kg 150 mcg orally twice daily 150 mcg orally twice "
            "daily 1,200 mcg orally twice daily 40 kg to less than 50 kg 150 mcg orally twice daily 150 mcg orally "
            "twice daily 1,600 mcg orally twice daily For pediatric patients with a body weight ≥40 kg to <50 kg "
            "multiple tablet dose strengths may be needed to reach the doses up to 1,600 mcg twice daily")
    assert maxima(text) == [(800, "mcg", "dose"), (1200, "mcg", "dose"), (1600, "mcg", "dose")]
    # a column after "Maximum ..." (not the last one), or rows that cannot be told apart: nothing is read
    assert maxima(text.replace("Maximum dose allowed", "Maximum dose allowed Usual dose")) == []
    assert maxima(text.replace("800 mcg orally twice daily 25 kg", "800 mcg orally twice daily 25 mcg")) == []
