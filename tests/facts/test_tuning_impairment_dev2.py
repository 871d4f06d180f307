"""Renal and hepatic kinds of error found on the seed-15 gold (now a dev set, bench/gold/label_facts_gold.jsonl), one
test per kind, each on the label's own sentence (openFDA text, verbatim)."""

from __future__ import annotations

import pytest

from medbrief.facts.populations import hepatic, renal


def kinds(found: list) -> list[str]:
    return [f.kind for f in found]


@pytest.mark.parametrize(("text", "renal_kind", "hepatic_kind"), [
    # carboprost: a comma list "renal, or hepatic disease"; "cautiously"
    ("In patients with a history of asthma, hypo- or hypertension, cardiovascular, renal, or hepatic disease, anemia, "
     "jaundice, diabetes, or epilepsy, carboprost tromethamine injection should be used cautiously.",
     ["monitor"], ["monitor"]),
    # oritavancin: hyphenated severities between the organs
    ("No dosage adjustments of KIMYRSA are required for patients with mild-to-moderate renal or mild-to-moderate "
     "hepatic impairment or other subpopulations, including age, gender, race, and weight.",
     ["no_adjustment"], ["no_adjustment"]),
    # methsuximide: "liver or renal disease"
    ("For this reason, methsuximide should be administered with extreme caution to patients with known liver or renal "
     "disease.", ["monitor"], ["monitor"]),
])
def test_impairments_named_in_lists(text: str, renal_kind: list[str], hepatic_kind: list[str]) -> None:
    assert kinds(renal(text)) == renal_kind
    assert kinds(hepatic(text)) == hepatic_kind


@pytest.mark.parametrize(("text", "kind"), [
    # colistimethate: "the daily dose and frequency should be reduced", "in the presence of", "is present"
    ("The daily dose and frequency should be reduced for the patients with renal impairment.", "adjust"),
    ("In the presence of impaired renal function, reduce the infusion rate depending on the degree of renal "
     "impairment.", "adjust"),
    ("When actual renal impairment is present, Colistimethate for Injection, USP may be used, but the greatest caution "
     "should be exercised and the dosage should be reduced in proportion to the extent of the impairment.", "adjust"),
    # chromic chloride: the severity names the patients
    ("Severe kidney disease may make it necessary to reduce or omit chromium and zinc doses because these elements are "
     "primarily eliminated in the urine.", "adjust"),
    # hydromorphone: "started on a lower dose", "should be regularly evaluated"
    ("Patients with moderate renal impairment should be started on a lower dose.", "adjust"),
    ("Patients with renal impairment should be regularly evaluated during dose titration [see Clinical Pharmacology "
     "(12.3) ].", "monitor"),
    # valsartan/hydrochlorothiazide: anuria
    ("this product is contraindicated in patients with anuria.", "contraindicated"),
])
def test_renal_statements_missed_before(text: str, kind: str) -> None:
    assert kinds(renal(text)) == [kind]


@pytest.mark.parametrize("text", [
    # alectinib: drug-induced renal toxicity and how often doses were modified
    "Permanently discontinue ALECENSA for Grade 4 renal toxicity.",
    "Dosage modifications for renal impairment were required in 2.4% of patients.",
    # venetoclax: a rate of tumour lysis syndrome that included renal failure
    "In patients with AML who followed a 4-day ramp-up dosing schedule and the TLS prophylaxis and monitoring "
    "measures, the rate of TLS was 5.6% and included deaths and renal failure in patients who received VENCLEXTA in "
    "combination with low-dose cytarabine (VIALE-C) [see Adverse Reactions ( 6.1 )].",
    # radium-223: no recommendation for lack of data
    "No dose adjustment can be recommended for patients with severe renal impairment (CrCl less than 30 mL/min) due to "
    "limited data available (n = 2) [see Clinical Pharmacology ( 12.3 )] .",
    # dalteparin: the geriatric boilerplate
    "Give careful attention to dosing intervals and concomitant medications (especially antiplatelet medications) in "
    "geriatric patients, particularly in those with low body weight (<45 kg) and those predisposed to decreased renal "
    "function [see Warnings and Precautions (5) and Clinical Pharmacology (12) ] .",
    # ensifentrine (dev): "have not been evaluated" is no monitoring
    "Patients with severe renal impairment have not been evaluated [see Clinical Pharmacology (12.3) ] .",
])
def test_no_renal_statement(text: str) -> None:
    assert renal(text) == []


def test_organ_toxicity_in_patients_who_have_the_impairment_is_kept() -> None:
    # erythromycin lactobionate (dev): monitoring for liver toxicity is for patients with impaired hepatic function
    text = ("Since erythromycin is principally excreted by the liver, monitor for liver toxicity when erythromycin is "
            "administered to patients with impaired hepatic function (See CLINICAL PHARMACOLOGY ).")
    assert kinds(hepatic(text)) == ["monitor"]


@pytest.mark.parametrize(("text", "kind"), [
    # celecoxib, aztreonam/avibactam, hydromorphone (Clinical Pharmacology 12.3, seed-15 gold)
    ("Therefore, the daily recommended dose of celecoxib capsules should be reduced by approximately 50% in patients "
     "with moderate (Child-Pugh Class B) hepatic impairment.", "adjust"),
    ("Dosage adjustments are not considered necessary for EMBLAVEO in patients with impaired hepatic function.",
     "no_adjustment"),
])
def test_clinical_pharmacology_instructions(text: str, kind: str) -> None:
    assert kinds(hepatic(text, pharmacology=True)) == [kind]


@pytest.mark.parametrize("text", [
    # pharmacokinetics in Clinical Pharmacology states no instruction
    "A pharmacokinetic study in subjects with mild (Child-Pugh Class A) and moderate (Child-Pugh Class B) hepatic "
    "impairment has shown that steady-state celecoxib AUC is increased about 40% and 180%, respectively, above that "
    "seen in healthy control subjects.",
    "The pharmacokinetics of sebetralstat were evaluated in subjects with mild (Child-Pugh Class A) and moderate "
    "(Child-Pugh Class B) hepatic impairment following administration of a single 600 mg dose.",
])
def test_clinical_pharmacology_pharmacokinetics_is_no_fact(text: str) -> None:
    assert hepatic(text, pharmacology=True) == []


@pytest.mark.parametrize("text", [
    # flattened tables and their captions, pointers to recommendations elsewhere (alogliptin/pioglitazone, aztreonam/
    # avibactam, palbociclib, sebetralstat, baricitinib)
    "Table 3: Dosage Modifications for Patients with Rheumatoid Arthritis and Renal Impairment Renal Impairment Stage "
    "Estimated Glomerular Filtration Rate (eGFR) Recommendation Mild 60 – <90 mL/minute/1.73 m 2 2 mg once daily",
    "G reater than 50 mL/min Table 1 shows the recommended dosage to be administered by intravenous (IV) infusion over "
    "3 hours in adults with estimated creatinine clearance (CLcr) greater than 50 mL/min.",
    "Table 1: Recommended Starting Dosage Based on the Patient’s Current Regimen Current Regimen Starting Dosage of "
    "Alogliptin and Pioglitazone Tablets For dosage recommendations for patients with renal impairment and/or "
    "congestive heart failure, [see Dosage and Administration (2.3 , 2.4) ] .",
    # every patient's values checked before and during treatment (alogliptin/pioglitazone, epirubicin)
    "Assess renal function prior to initiation of alogliptin and pioglitazone tablets and periodically thereafter [see "
    "Use in Specific Populations (8.6) ] .",
    "Assess serum creatinine before and during therapy.",
    # venetoclax: a rate; alectinib: toxicity management ("withhold ... resume")
    "With a 2- to 3-week dose ramp-up and higher starting dose in patients with CLL/SLL, the TLS rate was 13% and "
    "included deaths and renal failure [see Adverse Reactions ( 6.1 )] .",
    "Withhold ALECENSA for severe renal impairment, then resume ALECENSA at reduced dose upon recovery or permanently "
    "discontinue.",
])
def test_tables_pointers_every_patient_checks_and_toxicity_are_no_renal_statement(text: str) -> None:
    assert renal(text) == []


@pytest.mark.parametrize("text", [
    "Review the Full Prescribing Information for the aromatase inhibitor or fulvestrant for dose modifications related "
    "to hepatic impairment.",
    "2 for recommended dosage of EKTERLY in patients with hepatic impairment.",
    "However, it is not known whether dosage adjustments are needed for hepatic disease with other etiologies [see "
    "Clinical Pharmacology (12.3) ].",
])
def test_pointers_and_unknowns_are_no_hepatic_statement(text: str) -> None:
    assert hepatic(text) == []


def test_insulin_changes_in_renal_or_hepatic_function() -> None:
    # insulin aspart (and the other insulins): a dose adjustment for changes in renal or hepatic function
    text = ("Dosage adjustments may be needed with changes in physical activity, changes in meal patterns (i.e., "
            "macronutrient content or timing of food intake), changes in renal or hepatic function or during acute "
            "illness ( 2.2 ).")
    assert kinds(renal(text)) == ["adjust"]
    assert kinds(hepatic(text)) == ["adjust"]


def test_an_adjustment_not_recommended_is_no_adjustment() -> None:
    # alogliptin/pioglitazone and aztreonam/avibactam (Clinical Pharmacology, seed-15 labels)
    text = ("Because increases of this magnitude are not considered clinically relevant, dosage adjustment for "
            "patients with mild renal impairment is not recommended.")
    assert kinds(renal(text, pharmacology=True)) == ["no_adjustment"]
    assert kinds(renal("Dosage adjustment for EMBLAVEO in patients with CLcr ≤ 50 mL/min is recommended [see Dosage "
                       "and Administration ( 2.2 )] .", pharmacology=True)) == ["adjust"]
