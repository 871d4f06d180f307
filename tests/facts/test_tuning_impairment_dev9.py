"""Renal and hepatic kinds of error found over the ten dev golds (seeds 15-24) in the eleventh tuning pass, each on a
label's own text (openFDA, verbatim): the patients named by the sentence before a bare instruction ("In patients with
chronic renal impairment, acute kidney injury ... has been observed ... Do not exceed the recommended dose"), and two
wordings ("only when the anticipated
benefit to the patient outweighs the potential risk", "more frequent assessments")."""

from __future__ import annotations

from medbrief.facts.extract import label_facts
from medbrief.facts.populations import renal
from medbrief.records import Passage

SPECIFIC_POPULATIONS = "43684-0"
WARNINGS = "43685-7"


def _quotes(text: str, code: str, fact: str = "renal") -> list[str]:
    facts = label_facts("label:x", {"set_id": "s", "generic_names": ["X"]},
                        [Passage("label:x#0", "label:x", "Section", code, text, 0)])
    return [f.quote for f in facts if f.fact == fact]


def test_patients_named_in_the_sentence_before_a_bare_instruction() -> None:
    # glycopyrrolate (seed 15) 8.6; gadobutrol (seed 17) 5.6: quoted as the two sentences, as the golds quote them
    text = ("8.6 Renal Impairment Renal elimination of glycopyrrolate may be significantly reduced in patients with "
            "renal failure. Dosage adjustments may be necessary [see Clinical Pharmacology ( 12.3 )] .")
    assert any("Dosage adjustments may be necessary" in q for q in _quotes(text, SPECIFIC_POPULATIONS))
    text = ("5.6 Acute Kidney Injury In patients with chronic renal impairment, acute kidney injury sometimes "
            "requiring dialysis has been observed with the use of some GBCAs. Do not exceed the recommended dose; the "
            "risk of acute kidney injury may increase with higher than recommended doses.")
    assert [q[:40] for q in _quotes(text, WARNINGS)] == ["In patients with chronic renal impairmen"]


def test_trial_patients_and_associated_harms_are_not_paired() -> None:
    # ado-trastuzumab emtansine (seed 24); lusutrombopag (seed 21): the sentence before names trial patients or a
    # harm the drug class is associated with, not patients an instruction is for
    text = ("Patients with known active liver disease (such as, hepatitis B virus or hepatitis C virus) were excluded "
            "from the EMILIA and KATHERINE studies [see Clinical Studies (14.1) ] . Reduce the dose or discontinue "
            "KADCYLA as appropriate in cases of increased serum transaminases and/or total bilirubin.")
    assert _quotes(text, SPECIFIC_POPULATIONS, "hepatic") == []
    text = ("MULPLETA is a thrombopoietin (TPO) receptor agonist, and TPO receptor agonists have been associated with "
            "thrombotic and thromboembolic complications in patients with chronic liver disease. Monitor platelet "
            "counts and for thromboembolic events and institute treatment promptly.")
    assert _quotes(text, WARNINGS, "hepatic") == []


def test_instruction_with_its_own_patients_is_not_paired() -> None:
    # the instruction names other patients: not those of the sentence before
    text = ("In patients with severe renal impairment, the AUC of X increased 2-fold. Monitor patients with diabetes "
            "for hypoglycemia.")
    assert _quotes(text, SPECIFIC_POPULATIONS) == []


def test_benefit_outweighs_risk_and_assessments() -> None:
    # telavancin (seed 24) boxed warning; lutetium Lu 177 dotatate (seed 15) 8.6
    assert [f.kind for f in renal(
        "Use of VIBATIV in patients with pre-existing moderate/severe renal impairment (CrCl ≤50 mL/min) should be "
        "considered only when the anticipated benefit to the patient outweighs the potential risk.")] == ["monitor"]
    assert [f.kind for f in renal(
        "Perform more frequent assessments of renal function in patients with baseline mild to moderate "
        "impairment.", "8.6 Renal Impairment")] == ["monitor"]
