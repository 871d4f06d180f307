"""Renal kinds of error found over the nine dev golds (seeds 15-23) in the ninth tuning pass, each on a label's own
text (openFDA, verbatim): "Stop <drug> ... in patients with an eGFR ..." (metformin combinations), "not indicated for
patients with CKD not on dialysis", the drug named between a dose and its change ("Dosage of vancomycin ... must be
adjusted"), "doses do not need to be adjusted", and a Clinical Pharmacology "consider reduction in the dosing"."""

from __future__ import annotations

import pytest

from medbrief.facts.extract import label_facts
from medbrief.facts.populations import hepatic, renal
from medbrief.records import Passage

WARNINGS = "43685-7"

_JANUMET = ("Stop JANUMET at the time of, or prior to, an iodinated contrast imaging procedure in patients with an "
            "eGFR between 30 and 60 mL/min/1.73 m 2 ; in patients with a history of hepatic impairment, alcoholism, or "
            "heart failure; or in patients who will be administered intra-arterial iodinated contrast.")


@pytest.mark.parametrize(("text", "kind"), [
    # sitagliptin/metformin (seed 23)
    (_JANUMET, "avoid"),
    # cinacalcet (seed 23)
    ("Sensipar is not indicated for patients with CKD not on dialysis [see I ndications and Usage ( 1 )] .", "avoid"),
    # vancomycin (seed 23)
    ("Dosage of vancomycin hydrochloride for injection must be adjusted for patients with renal dysfunction (see "
     "PRECAUTIONS and DOSAGE AND ADMINISTRATION ).", "adjust"),
])
def test_renal_instructions(text: str, kind: str) -> None:
    assert [f.kind for f in renal(text)] == [kind]


def test_stop_names_hepatic_patients_too() -> None:
    assert [f.kind for f in hepatic(_JANUMET)] == ["avoid"]


@pytest.mark.parametrize(("text", "kind"), [
    # oliceridine (seed 23), 12.3
    ("OLINVYK doses do not need to be adjusted in patients with renal impairment.", "no_adjustment"),
    # trimethobenzamide (seed 23), 12.3
    ("However, it may be advisable to consider reduction in the dosing of trimethobenzamide in patients with renal "
     "impairment considering that a substantial amount of excretion and elimination occurs via the kidney.", "adjust"),
])
def test_pharmacology_instructions(text: str, kind: str) -> None:
    assert [f.kind for f in renal(text, pharmacology=True)] == [kind]


def test_stopping_another_drug_is_not_this_labels() -> None:
    # iomeprol (seed 17): the contrast agent's label tells to stop metformin; not a statement for its own patients
    text = ("Stop metformin at the time of, or prior to, IOMERVU administration in patients with an eGFR between 30 "
            "and 60 mL/min/1.73 m 2 ; in patients with a history of hepatic impairment, alcoholism, or heart failure.")

    def quotes(meta: dict, t: str) -> list[str]:
        facts = label_facts("label:x", meta, [Passage("label:x#0", "label:x", "Warnings and Precautions", WARNINGS,
                                                      t, 0)])
        return [f.quote for f in facts if f.fact == "renal"]

    assert quotes({"set_id": "s", "generic_names": ["IOMEPROL"], "brand_names": ["IOMERVU"]}, text) == []
    own = {"set_id": "s", "generic_names": ["SITAGLIPTIN AND METFORMIN HYDROCHLORIDE"], "brand_names": ["JANUMET"]}
    assert quotes(own, _JANUMET) == [_JANUMET]


def test_discontinue_with_no_drug_named_is_kept() -> None:
    # 'Discontinue in patients with ...': the label's own drug, unnamed
    text = "Discontinue in patients with estimated creatinine clearance below 50 mL per minute."
    facts = label_facts("label:x", {"set_id": "s", "generic_names": ["X"]},
                        [Passage("label:x#0", "label:x", "Warnings and Precautions", WARNINGS, text, 0)])
    assert [f.quote for f in facts if f.fact == "renal"] == [text]
