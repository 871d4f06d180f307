"""Renal/hepatic kinds of error found on the seed-20 gold (bench/gold/label_facts_heldout20_gold.jsonl, now a dev
set) and the kinds the BENCHMARKS notes list, sixth tuning pass; each on a label's own text (openFDA, verbatim)."""

from __future__ import annotations

import pytest

from medbrief.facts.extract import label_facts
from medbrief.facts.populations import hepatic, renal
from medbrief.records import Passage

WARNINGS = "43685-7"
DOSAGE = "34068-7"


def _kinds(text: str, **kw: bool) -> tuple[list[str], list[str]]:
    return [f.kind for f in renal(text, **kw)], [f.kind for f in hepatic(text, **kw)]


def test_impaired_function_of_a_list_of_organ_systems() -> None:
    # methohexital (seed 20): both organs named in a list of systems
    assert _kinds("Caution should be exercised in debilitated patients or in those with impaired function of "
                  "respiratory, circulatory, renal, hepatic, or endocrine systems.") == (["monitor"], ["monitor"])


def test_adjective_forms() -> None:
    # the seed-19 note's "hepatically-impaired, or renally-impaired" (hyphenated)
    assert _kinds("No dosage adjustment is required for hepatically-impaired, or renally-impaired patients.") == (
        ["no_adjustment"], ["no_adjustment"])


@pytest.mark.parametrize(("text", "kind"), [
    # digoxin (seed 20)
    ("therefore, patients with impaired renal function require smaller than usual maintenance doses of digoxin",
     "adjust"),
    # zileuton (seed 20): "dosing adjustment ... is not necessary", its patients named at length between
    ("Hence, dosing adjustment in patients with renal dysfunction or undergoing hemodialysis is not necessary.",
     "no_adjustment"),
    # amikacin (seed 20): the patients named by "When renal function is impaired"
    ("When renal function is impaired and it is desirable to administer amikacin at a fixed time interval, dosage must "
     "be reduced.", "adjust"),
])
def test_renal_instructions(text: str, kind: str) -> None:
    assert [f.kind for f in renal(text)] == [kind]


@pytest.mark.parametrize("text", [
    # doravirine/lamivudine/tenofovir (seed 20): a check of everyone for the drug's own kidney harm
    "Prior to or when initiating DELSTRIGO, and during treatment with DELSTRIGO, on a clinically appropriate schedule, "
    "assess serum creatinine, estimated creatinine clearance, urine glucose and urine protein in all patients.",
    # peginterferon (seed 20)
    "Renal function should be evaluated in all patients prior to initiation of PEGASYS by estimating the patient's "
    "creatinine clearance.",
    # doxecitine/doxribtimine (seed 20): no recommendation could be made
    "An appropriate dosage adjustment of KYGEVVI in patients with renal impairment could not be determined because "
    "renal impairment had distinct effects on the PK of doxecitine and PK of doxribtimine.",
    # peginterferon (seed 20): what was observed in a trial
    "Dose reductions and temporary interruptions of PEGASYS (due to PEGASYS-related adverse reactions, mainly anemia) "
    "were observed in up to 22% ESRD/HD subjects during treatment.",
])
def test_not_renal_statements(text: str) -> None:
    assert renal(text, "8.6 Renal Impairment") == []


def test_all_patients_under_a_hepatic_title_is_no_statement() -> None:
    # remimazolam (seed 20)
    assert hepatic("All patients should be monitored for sedation-related cardiorespiratory complications.",
                   "8.7 Hepatic Impairment") == []


def test_pharmacology_reduced_dose_recommended() -> None:
    # peginterferon, 12.3 (seed 20)
    got = renal("A reduced dose of 135 mcg once weekly PEGASYS is recommended in patients with severe renal "
                "impairment.", pharmacology=True)
    assert [f.kind for f in got] == ["adjust"]


def test_patients_at_risk_then_the_instruction_are_one_statement() -> None:
    # eplerenone (seed 20): the patients at risk in one sentence, the instruction in the next
    first = ("The risk of hyperkalemia is higher in patients with impaired renal function, proteinuria , diabetes and "
             "those concomitantly treated with ARBs, NSAIDs and moderate CYP3A inhibitors.")
    second = "Minimize the risk of hyperkalemia with proper patient selection and monitoring."
    text = f"5.1 Hyperkalemia {first} {second}"
    facts = label_facts("label:e", {"set_id": "s"}, [Passage("label:e#0", "label:e", "Warnings and Precautions",
                                                             WARNINGS, text, 0)])
    quotes = [f.quote for f in facts if f.fact == "renal"]
    assert quotes == [f"{first} {second}"]
    # without the risk the next sentence is not drawn in
    plain = "Patients with impaired renal function were enrolled in Study 2."
    facts = label_facts("label:e", {"set_id": "s"}, [Passage("label:e#0", "label:e", "Warnings and Precautions",
                                                             WARNINGS, f"{plain} {second}", 0)])
    assert [f.quote for f in facts if f.fact == "renal"] == []


@pytest.mark.parametrize(("text", "heading"), [
    # benazepril (seed 17): under the warning "Impaired Renal Function" (the drug's own harm)
    ("Monitor renal function periodically in patients treated with benazepril hydrochloride.",
     "5.4 Impaired Renal Function"),
    # tirzepatide (seed 17)
    ("Monitor renal function in patients reporting adverse reactions to ZEPBOUND that could lead to volume depletion "
     "[see Warnings and Precautions ( 5.3 )] .", ""),
])
def test_a_check_of_function_in_treated_patients_is_no_statement(text: str, heading: str) -> None:
    assert renal(text, heading) == []


def test_a_check_of_function_in_impaired_patients_still_is() -> None:
    assert [f.kind for f in renal("Monitor renal function periodically in patients with renal impairment treated "
                                  "with benazepril hydrochloride.")] == ["monitor"]


def test_all_patients_with_the_impaired_named_too_is_a_statement() -> None:
    # (corpus read of the all-patients rule): the impaired named beside everyone
    assert [f.kind for f in renal("Monitor renal function in all patients, especially patients with underlying renal "
                                  "impairment, patients with co-morbidities that predispose to renal impairment.")] == [
        "monitor"]
    # "For All Patients" as a title, the patients named after it (eplerenone)
    assert [f.kind for f in renal("For All Patients Eplerenone tablets are contraindicated in all patients with: serum "
                                  "potassium >5.5 mEq/L at initiation, creatinine clearance ≤30 mL/min, or concomitant "
                                  "administration of strong CYP3A inhibitors.")] == ["contraindicated"]
    # the drug's harm as the line title does not name impaired patients (doravirine/lamivudine/tenofovir, seed 20)
    assert renal("New onset or worsening renal impairment: Prior to or when initiating DELSTRIGO, and during treatment "
                 "with DELSTRIGO, on a clinically appropriate schedule, assess serum creatinine, estimated creatinine "
                 "clearance, urine glucose, and urine protein in all patients.") == []


def test_observed_in_these_patients_is_still_a_statement() -> None:
    # lixisenatide (corpus read): "observed in these patients" is the reason, not a trial count
    assert [f.kind for f in renal("In patients with mild and moderate renal impairment no dose adjustment is required "
                                  "but close monitoring for lixisenatide related adverse reactions and for changes in "
                                  "renal function is recommended because of higher incidences of hypoglycemia, nausea "
                                  "and vomiting that were observed in these patients.")] == ["no_adjustment"]
