"""Renal kinds of error found over all eight dev golds (seeds 15-22) in the eighth tuning pass, each on a label's own
text (openFDA, verbatim): the dose said to follow the kidney function ("individualized according to the patient's
renal function"), the dose's timing around dialysis (after, before, without regard to it, supplementary doses),
instructions for the patients ("Instruct patients with ...", "consider the benefits and risks"), a dose for them
("should receive 500 mg daily"), a Drug Interactions "avoid ... in patients with renal impairment", and the
carvedilol "patients with these risk factors" back-reference."""

from __future__ import annotations

import pytest

from medbrief.facts.extract import label_facts
from medbrief.facts.populations import renal
from medbrief.records import Passage

DOSAGE = "34068-7"
WARNINGS = "43685-7"
INTERACTIONS = "34073-7"


@pytest.mark.parametrize(("text", "kind"), [
    # foscarnet (seed 21)
    ("ALL DOSES MUST BE INDIVIDUALIZED FOR PATIENTS’ RENAL FUNCTION.", "adjust"),
    ("Foscarnet sodium injection dosing must be individualized according to the patient’s renal function status.",
     "adjust"),
    ("SINCE FOSCARNET SODIUM HAS THE POTENTIAL TO CAUSE RENAL IMPAIRMENT, DOSE ADJUSTMENT BASED ON SERUM CREATININE IS "
     "NECESSARY.", "adjust"),
    # colchicine (seed 22)
    ("Colchicine dosing must be individualized according to the patient's renal function", "adjust"),
    # cefiderocol (seed 22)
    ("Adjust FETROJA dosing based on creatinine clearance", "adjust"),
    ("For patients with fluctuating renal function, monitor CLcr and adjust dosage accordingly.", "adjust"),
    # amikacin (seed 20)
    ("the loading dose should be reduced in proportion to the reduction in the patient's creatinine clearance rate",
     "adjust"),
])
def test_dose_that_follows_kidney_function(text: str, kind: str) -> None:
    assert [f.kind for f in renal(text)] == [kind]


@pytest.mark.parametrize("text", [
    # the geriatric subsection's pointer (seeds 15, 17, 18, 19, 22: not counted by the golds)
    "Dosage adjustment for elderly patients should be based on renal function [see Dosage and Administration ( 2.2 ) "
    "and Clinical Pharmacology ( 12.3 )].",
    "No dosage adjustment is required in elderly patients based on age; the dose should be selected based on renal "
    "function [see Dosage and Administration ( 2.2 ) and Clinical Pharmacology ( 12.3 )].",
    # foscarnet 12.3: how clearance is measured, no dose said to follow it
    "Therefore, it is recommended that creatinine clearance, either measured or estimated using the modified Cockcroft "
    "and Gault equation based on serum creatinine, be determined at baseline, 2 to 3 times per week during induction "
    "therapy and once weekly during maintenance therapy.",
])
def test_not_a_dose_that_follows_kidney_function(text: str) -> None:
    assert renal(text) == []


def test_pharmacology_dose_based_on_renal_function() -> None:
    # entecavir 12.3 (seed 20), sotalol 12.3 (seed 17)
    for text in ("Dosage adjustment of entecavir should be based on the renal function of the patient, rather than "
                 "age", "Doses or dosing intervals should be adjusted based on creatinine clearance"):
        assert [f.kind for f in renal(text, pharmacology=True)] == ["adjust"], text


@pytest.mark.parametrize(("text", "kind", "pharmacology"), [
    # meropenem/vaborbactam (seed 19): "after a hemodialysis session"
    ("For patients maintained on hemodialysis, administer VABOMERE after a hemodialysis session.", "adjust", False),
    # linezolid 12.3 (seed 22), imipenem/relebactam 12.3 (seed 17)
    ("linezolid should be given after hemodialysis.", "adjust", True),
    ("ESRD patients on hemodialysis should receive RECARBRIO after hemodialysis session", "adjust", True),
    # cefiderocol (seed 22): HD for hemodialysis
    ("For patients undergoing intermittent HD, start the dosing of FETROJA immediately after the completion of HD.",
     "adjust", False),
    # ertapenem (seed 22)
    ("A supplementary dose of 150 mg is recommended if ertapenem is administered within 6 hours prior to hemodialysis.",
     "adjust", False),
    ("If ertapenem for injection is given at least 6 hours prior to hemodialysis, no supplementary dose is needed.",
     "no_adjustment", False),
    # micafungin (seed 21), anidulafungin (seed 21)
    ("Supplementary dosing should not be required following hemodialysis", "no_adjustment", False),
    ("Anidulafungin is not dialyzable and may be administered without regard to the timing of hemodialysis",
     "no_adjustment", True),
])
def test_dose_timing_around_dialysis(text: str, kind: str, pharmacology: bool) -> None:
    assert [f.kind for f in renal(text, pharmacology=pharmacology)] == [kind]


@pytest.mark.parametrize("text", [
    # pharmacokinetic studies around dialysis (abiraterone, entecavir, meropenem/vaborbactam 12.3)
    "In the ESRD cohort of the trial, a single 1,000 mg dose of another abiraterone acetate product was given under "
    "fasting conditions 1 hour after dialysis, and samples for pharmacokinetic analysis were collected up to 96 hours "
    "post dose.",
    "Following a single 1 mg dose of entecavir administered 2 hours before the hemodialysis session, hemodialysis "
    "removed approximately 13% of the entecavir dose over 4 hours.",
])
def test_dialysis_pharmacokinetics_is_no_statement(text: str) -> None:
    assert renal(text, pharmacology=True) == []


@pytest.mark.parametrize(("text", "kind"), [
    # romosozumab, denosumab (seed 19)
    ("Instruct patients with severe renal impairment, including those receiving dialysis, about the symptoms of "
     "hypocalcemia and the importance of maintaining calcium levels with adequate calcium and vitamin D "
     "supplementation.", "monitor"),
    ("Consider the benefits and risks to the patient when administering Bosaya to patients with advanced chronic "
     "kidney disease.", "monitor"),
    # ertapenem, colchicine (seed 22): a dose for them
    ("Adult patients with severe renal impairment (creatinine clearance ≤30 mL/min/1.73 m 2 ) and end-stage renal "
     "disease (creatinine clearance ≤10 mL/min/1.73 m 2 ) should receive 500 mg daily.", "adjust"),
    ("In patients with severe renal failure (Clcr less than 30 mL/min) and end-stage renal disease requiring dialysis, "
     "colchicine tablets may be started at the dose of 0.3 mg/day.", "adjust"),
])
def test_instructions_and_doses_for_them(text: str, kind: str) -> None:
    assert [f.kind for f in renal(text)] == [kind]


def _renal_quotes(code: str, text: str, section: str = "Drug Interactions") -> list[str]:
    facts = label_facts("label:x", {"set_id": "s", "generic_names": ["VALSARTAN"]},
                        [Passage("label:x#0", "label:x", section, code, text, 0)])
    return [f.quote for f in facts if f.fact == "renal"]


def test_interactions_avoid_in_patients_with_renal_impairment() -> None:
    # valsartan (seed 22), benazepril (seed 17), irbesartan (seed 16): the patients' own instruction in section 7
    text = "Avoid use of aliskiren with valsartan in patients with renal impairment (GFR < 60 mL/min)."
    assert _renal_quotes(INTERACTIONS, text) == [text]
    # the interacting drug's own kidney words are still not read there
    other = ("Avoid concomitant use of tenofovir with drugs that reduce renal function or compete for active tubular "
             "secretion.")
    assert _renal_quotes(INTERACTIONS, other) == []


def test_these_risk_factors_back_reference() -> None:
    # carvedilol (seeds 19, 22): the patients named in the sentence before
    first = ("Patients at risk appear to be those with low blood pressure (systolic blood pressure <100 mm Hg), "
             "ischemic heart disease and diffuse vascular disease, and/or underlying renal insufficiency.")
    second = ("In patients with these risk factors it is recommended that renal function be monitored during "
              "up-titration of carvedilol and the drug discontinued or dosage reduced if worsening of renal function "
              "occurs.")
    quotes = _renal_quotes(WARNINGS, f"{first} {second}", "Warnings and Precautions")
    assert any(second in q for q in quotes)


def test_these_risk_factors_two_sentences_back() -> None:
    # carvedilol (seeds 19, 22, verbatim): an aside stands between the patients and the instruction
    first = ("Patients at risk appear to be those with low blood pressure (systolic blood pressure less than 100 mm "
             "Hg), ischemic heart disease and diffuse vascular disease, and/or underlying renal insufficiency.")
    aside = "Renal function has returned to baseline when carvedilol was stopped."
    second = ("In patients with these risk factors it is recommended that renal function be monitored during "
              "up-titration of carvedilol and the drug discontinued or dosage reduced if worsening of renal function "
              "occurs.")
    quotes = _renal_quotes(WARNINGS, f"{first} {aside} {second}", "Warnings and Precautions")
    assert quotes == [f"{first} {aside} {second}"]
    # with no patients named before, the instruction alone is not read as theirs
    assert _renal_quotes(WARNINGS, f"Hypotension was reported. {aside} {second}", "Warnings and Precautions") == []


@pytest.mark.parametrize(("text", "kind", "pharmacology"), [
    # ertugliflozin/sitagliptin (seed 18): the eGFR in parentheses after its spelled-out name
    ("Use is not recommended in patients with an estimated glomerular filtration rate (eGFR) less than 45 mL/min/1.73 "
     "m 2 . ( 2.2 )", "avoid", False),
    # sirolimus 12.3 (seed 22), pramlintide 8.6 (seed 21)
    ("The loading and the maintenance doses of sirolimus need not be adjusted in patients with renal impairment",
     "no_adjustment", True),
    ("The dosing requirements for SYMLIN are not altered in patients with mild (creatinine clearance [Cl Cr ] 60-89 "
     "mL/min), moderate (Cl Cr 30-59 mL/min) or severe renal impairment (Cl Cr 15-29 mL/min).", "no_adjustment", False),
    # foscarnet 12.3 (seed 21), hydromorphone 12.3 (seed 15)
    ("Based on these observations, it is necessary to modify the dosage of foscarnet in patients with renal "
     "impairment", "adjust", True),
    ("Starting doses for patients with severe renal impairment should be even lower.", "adjust", True),
    # ketorolac (seed 22): the line title names them, their dose follows
    ("Patients ≥65 years of age, renally impaired and/or less than 50 kg (110 lbs) of body weight: One dose of 30 mg.",
     "adjust", False),
])
def test_more_phrasings_for_them(text: str, kind: str, pharmacology: bool) -> None:
    assert [f.kind for f in renal(text, pharmacology=pharmacology)] == [kind]


def test_pharmacokinetics_in_pharmacology_still_no_statement() -> None:
    # what was measured is still no instruction in 12.3
    assert renal("In subjects with severe renal impairment, the AUC of doses given was even lower than in healthy "
                 "subjects.", pharmacology=True) == []


def test_not_necessary_to_modify_is_no_adjustment() -> None:
    # sirolimus 12.3 (seed 22): the shared no-adjustment words serve both organs
    from medbrief.facts.populations import hepatic
    got = hepatic("It is not necessary to modify the sirolimus loading dose in patients with mild, moderate, and "
                  "severe hepatic impairment.", pharmacology=True)
    assert [f.kind for f in got] == ["no_adjustment"]


def test_two_back_needs_an_aside_between() -> None:
    # aprocitentan (seed 16, verbatim): the sentence between names patients of its own; "these patients" are theirs
    text = ("Older age and chronic kidney disease are risk factors for edema/fluid retention with TRYVIO. TRYVIO has "
            "not been studied in patients with heart failure New York Heart Association stage III–IV, unstable cardiac "
            "function, or with NTproBNP ≥500 pg/mL. TRYVIO is not recommended in these patients.")
    assert _renal_quotes(WARNINGS, text, "Warnings and Precautions") == []


def test_glomerular_filtration_rate_lower_bound_is_the_usual_dose() -> None:
    # benazepril (seed 17): "GFR >30" names the patients the usual dose is for
    assert renal("Pediatric patients age 6 years and above with glomerular filtration rate (GFR) >30 mL/min/1.73 m 2 "
                 ": Initiate with 0.2 mg/kg once daily.") == []


def test_geriatric_boilerplate_reduced_function() -> None:
    # fondaparinux (seed 19): the elderly's likely kidney function, not patients who have the impairment
    assert renal("Because elderly patients are more likely to have reduced renal function, fondaparinux sodium should "
                 "be used with caution in these patients.") == []


def test_possibility_of_impairment_and_weighed_against() -> None:
    # colistimethate (seed 15): the patients named by "when the possibility of impaired renal function exists"
    assert [f.kind for f in renal("However, it should be used with caution when the possibility of impaired renal "
                                  "function exists.")] == ["monitor"]
    # linezolid 12.3 (seed 22): the risk weighed for them is an instruction even in Clinical Pharmacology
    assert [f.kind for f in renal("use of linezolid in patients with renal impairment should be weighed against the "
                                  "potential risks of accumulation of these metabolites.", pharmacology=True)] == [
        "monitor"]
