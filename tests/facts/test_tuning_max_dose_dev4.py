"""Maximum-dose kinds of error found on the seed-18 gold (bench/gold/label_facts_heldout18_gold.jsonl, now a dev
set), fourth tuning pass: general mechanisms meant for labels nobody tuned on. One test per kind, each on a label's
own sentence (openFDA text, verbatim)."""

from __future__ import annotations

from typing import Any

import pytest

from medbrief.facts.dose import max_doses
from medbrief.facts.extract import label_facts, own_names
from medbrief.records import Passage

DOSAGE = "34068-7"
DINUTUXIMAB = frozenset({"dinutuximab", "unituxin"})


def maxima(text: str, names: frozenset[str] = frozenset()) -> list[tuple[Any, str, str | None]]:
    return [(f.value, f.unit, f.per) for f in max_doses(text, names)]


@pytest.mark.parametrize("text", [
    # dinutuximab: premedications' ceilings, each in parentheses after the other drug's dose
    "Administer an antihistamine such as diphenhydramine (0.5 to 1 mg/kg; maximum dose 50 mg) intravenously over 10 "
    "to 15 minutes starting 20 minutes prior to initiation of Unituxin and as tolerated every 4 to 6 hours during the "
    "Unituxin infusion.",
    "Administer acetaminophen (10 to 15 mg/kg; maximum dose 650 mg) 20 minutes prior to each Unituxin infusion and "
    "every 4 to 6 hours as needed for fever or pain.",
    "If symptoms resolve and continued treatment is warranted, premedicate with hydrocortisone 1 mg/kg (maximum dose "
    "50 mg) intravenously and administer Unituxin at a rate of 0.875 mg/m 2 /hour in an intensive care unit.",
])
def test_another_drugs_ceiling_in_parentheses_is_not_this_labels(text: str) -> None:
    assert maxima(text, DINUTUXIMAB) == []
    # without the label's names nothing is attributed elsewhere (the cap is read as before)
    assert maxima(text) != []


def test_the_labels_own_ceiling_in_parentheses_stays() -> None:
    # abatacept: the label's own brand before the weight-based dose
    text = ("For patients 6 years and older, administer ORENCIA 10 mg/kg (maximum dose of 1,000 mg) as an intravenous "
            "infusion over 60 minutes on the day before transplantation (Day -1), followed by administration on Days "
            "5, 14, and 28 after transplantation.")
    assert maxima(text, frozenset({"orencia", "abatacept"})) == [(1000, "mg", "dose")]
    # rifapentine: isoniazid's cap written after its amount ("(900 mg maximum)") is isoniazid's
    assert maxima("Pediatric patients 2 to 11 years: Rifapentine tablets (based on weight, see table below) and "
                  "isoniazid 25 mg/kg (900 mg maximum).", frozenset({"rifapentine", "priftin"})) == []


def test_own_names_come_from_the_record() -> None:
    assert own_names({"brand_names": ["Unituxin"], "generic_names": ["DINUTUXIMAB"],
                      "substance_names": ["DINUTUXIMAB"]}) == DINUTUXIMAB
    assert own_names({}) == frozenset()


@pytest.mark.parametrize(("text", "expected"), [
    # desipramine: a "usual maximum" the label later exceeds is no ceiling
    ("Dosage should be initiated at a lower level and increased according to tolerance and clinical response to a "
     "usual maximum of 100 mg daily.", []),
    # midazolam: "usually does not exceed"
    ("Although not systematically studied, the total dose usually does not exceed 10 mg.", []),
    # alprazolam: a step's limit ("in increments of no more than")
    ("The dosage may be increased at intervals of every 3 to 4 days in increments of no more than 1 mg per day.", []),
    # deferasirox: a row of a table with a cell per dosage form; which one is this label's is not said
    ("Titration Increments 5–10 mg/kg 3.5–7 mg/kg Maximum Dose 40 mg/kg/day 28 mg/kg/day Non-Transfusion-Dependent "
     "Thalassemia Syndromes Starting Dose 10 mg/kg/day 7 mg/kg/day", []),
    # fesoterodine: the cue is read, but the statement gives no period (precision first)
    ("Doses of fesoterodine fumarate extended-release tablets greater than 4 mg are not recommended in adult patients "
     "with severe renal impairment.", []),
])
def test_not_a_ceiling(text: str, expected: list[Any]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # pazopanib, deferasirox: "no more than"
    ("If the potential benefit for resuming treatment with pazopanib tablets are considered to outweigh the risk for "
     "hepatotoxicity, then resume at a reduced dose of no more than 400 mg once daily and measure serum liver tests "
     "weekly for 8 weeks.", [(400, "mg", "day")]),
    ("If after 6 months of therapy, the LIC is 3 to 7 mg Fe/g dw, continue treatment with deferasirox at no more "
     "than 7 mg/kg/day.", [(7, "mg/kg", "day")]),
    # sodium ferric gluconate: a rate ceiling "at a rate of up to"
    ("Ferrlecit may also be administered undiluted as a slow intravenous injection (at a rate of up to 12.5 mg/min) "
     "per dialysis session.", [(12.5, "mg", "minute")]),
    # sumatriptan: a long subject before "is"
    ("The maximum single recommended adult dose of sumatriptan injection for the acute treatment of migraine or "
     "cluster headache is 6 mg injected subcutaneously.", [(6, "mg", "dose")]),
    # cannabidiol: the same ceiling per day in parentheses
    ("Based on individual clinical response and tolerability, EPIDIOLEX can be increased up to a maximum recommended "
     "maintenance dosage of 10 mg/kg twice daily (20 mg/kg/day).", [(10, "mg/kg", "dose"), (20, "mg/kg", "day")]),
    # perampanel: a second population's ceiling joined by "and"
    ("The maximum recommended daily dose is 6 mg for patients with mild hepatic impairment and 4 mg for patients with "
     "moderate hepatic impairment.", [(6, "mg", "day"), (4, "mg", "day")]),
    ("Maximum recommended daily dose is 6 mg (mild) and 4 mg (moderate) once daily at bedtime ( 2.4 )",
     [(6, "mg", "day"), (4, "mg", "day")]),
    # neostigmine: "or up to a total of ..., whichever is less" is the course's other ceiling
    ("i. The recommended maximum total dose is 0.07 mg/kg or up to a total of 5 mg, whichever is less.",
     [(0.07, "mg/kg", "course"), (5, "mg", "course")]),
])
def test_ceilings_said_in_more_ways(text: str, expected: list[Any]) -> None:
    assert maxima(text) == expected


def test_a_flattened_table_ends_at_the_next_subsection() -> None:
    # fesoterodine: the splitter runs Table 1 on into 2.5, whose first sentence is a plain ceiling
    text = ("Table 1: Fesoterodine fumarate extended-release tablets Recommended Dose in Adult Patients With Renal "
            "Impairment (Administered Orally Once Daily) Estimated Creatinine Clearance 1 Recommended Dose CLcr 30 to "
            "89 mL/min 8 mg CLcr 15 to 29 mL/min 4 mg CLcr <15 mL/min 4 mg 1 Calculate CLcr using the Cockcroft-Gault "
            "formula 2.5 Fesoterodine fumarate extended-release tablets Dosage Modifications Due to Strong CYP3A4 "
            "Inhibitors Adult Patients with OAB The maximum recommended dosage is fesoterodine fumarate "
            "extended-release tablet 4 mg orally once daily in adult patients taking strong CYP3A4 inhibitors [see "
            "Drug Interactions (7.2) and Clinical Pharmacology (12.3)].")
    assert maxima(text) == [(4, "mg", "day")]


@pytest.mark.parametrize(("text", "expected"), [
    # iopamidol: a "Maximum Cumulative Total Dose" column, each row's last amount (not "Up to 10 mL for ...")
    ("Table 1: Recommended Concentrations and Volumes of ISOVUE for Intra-arterial Procedures in Adults Imaging "
     "Procedure Concentration (mg Iodine/mL) Volume to Administer per Single Injection for Selected Injection Sites "
     "Maximum Cumulative Total Dose Cerebral Arteriography 300 8 mL to 12 mL by carotid puncture or transfemoral "
     "catheterization 90 mL Peripheral Arteriography 300 5 mL to 40 mL into the femoral artery or subclavian artery 25 "
     "mL to 50 mL into the aorta for a distal runoff 250 mL Selective Visceral Arteriography and Aortography 370 Up to "
     "10 mL for the renal arteries Up to 50 mL into the larger vessels such as the aorta or celiac artery 225 mL "
     "Coronary Arteriography and Cardiac Ventriculography 370 2 mL to 10 mL for selective coronary artery injection 25 "
     "mL to 50 mL for cardiac ventriculography or for nonselective opacification of multiple coronary arteries "
     "following injection at the aortic root 200 mL 2.3 Recommended Dosage for Intravenous Procedures in Adults The "
     "recommended doses for intravenous procedures in adults are shown in Table",
     [(90, "mL", "course"), (250, "mL", "course"), (225, "mL", "course"), (200, "mL", "course")]),
    # acetaminophen and codeine: "Maximum 24-Hour Dose" column, one row per ingredient
    ("Single Doses (Range) Maximum 24-Hour Dose Codeine Phosphate 15 mg to 60 mg 360 mg Acetaminophen 300 mg to 1,000 "
     "mg 4,000 mg The prescriber must determine the number of tablets per dose, and the maximum number of tablets per "
     "24 hours, based upon the above dosage guidance.", [(360, "mg", "day"), (4000, "mg", "day")]),
    # paroxetine-style table: the starting-dose cell is followed by the maximum cell, so it is no row end
    ("Indication Starting Daily Dose Maximum Daily Dose MDD 20 mg 50 mg OCD 20 mg 60 mg PD 10 mg 60 mg PTSD 20 mg 50 "
     "mg Recommended starting dosage for SAD and GAD is 20 mg daily.",
     [(50, "mg", "day"), (60, "mg", "day"), (60, "mg", "day"), (50, "mg", "day")]),
    # a header naming no period gives nothing
    ("Maximum Dose Intra-arterial Procedures Angiocardiography 370 0.5 mL/kg to 2 mL/kg per single injection", []),
])
def test_a_maximum_column_read_with_its_header(text: str, expected: list[Any]) -> None:
    assert maxima(text) == expected


def test_label_facts_pass_the_labels_names_to_the_dose_reader() -> None:
    doc = "label:dinutuximab"
    text = ("Administer acetaminophen (10 to 15 mg/kg; maximum dose 650 mg) 20 minutes prior to each Unituxin infusion "
            "and every 4 to 6 hours as needed for fever or pain. The infusion rate can be gradually increased as "
            "tolerated to a maximum rate of 1.75 mg/m 2 /hour.")
    found = label_facts(doc, {"set_id": "s", "brand_names": ["Unituxin"], "generic_names": ["DINUTUXIMAB"]},
                        [Passage(f"{doc}#0", doc, "Dosage and Administration", DOSAGE, text, 0)])
    assert [(f.value, f.unit, f.per) for f in found if f.kind == "maximum"] == [(1.75, "mg/m2", "hour")]


def test_a_three_ingredient_ceiling_is_one_combination_value() -> None:
    # empagliflozin/linagliptin/metformin: not "25 mg" (empagliflozin's part alone)
    text = ("Monitor effectiveness and tolerability, and adjust dosing as appropriate, not to exceed the maximum "
            "recommended daily dosage of empagliflozin 25 mg, linagliptin 5 mg and metformin HCl 2,000 mg .")
    assert maxima(text) == [("25/5/2000", "mg", "day")]


def test_a_titration_increment_is_no_usual_range() -> None:
    from medbrief.facts.dose import dose_facts
    text = ("For adults and pediatric patients, subsequent dosages may be increased in case of an inadequate response "
            "in 25 to 50 mg per day increments once a week, depending on tolerability, up to a maximum of 200 mg per "
            "day.")
    assert [(f.kind, f.value, f.unit, f.per) for f in dose_facts(text)] == [("maximum", 200, "mg", "day")]


def test_a_blood_concentration_is_no_dose() -> None:
    from medbrief.facts.dose import dose_facts
    from medbrief.facts.quantity import quantities
    text = ("The recommended starting dose in these patients with hyponatremia (serum sodium < 130 mEq/L) is 2.5 mg "
            "once daily.")
    assert [(q.value, q.unit) for q in quantities(text)] == [(2.5, "mg")]
    assert [f for f in dose_facts(text) if f.value == 130] == []


def test_a_usual_cell_of_a_maximum_column_is_no_ceiling() -> None:
    # iodixanol: "Usually Not to Exceed" in the "Maximum Total Dose" column (from the whole-store read)
    text = ("Intra-Arterial Injection Sites 320 mg Iodine/mL 270 mg Iodine/mL 320 mg Iodine/mL Maximum Total Dose "
            "Carotid Arteries 10 to 14 mL 5 to 8 mL Usually Not to Exceed 175 mL Vertebral Arteries 10 to 12 mL 5 to 8 "
            "mL Right Coronary Artery 3 to 8 mL Usually Not to Exceed 200 mL Left Coronary Artery 3 to 10 mL")
    assert maxima(text) == []
