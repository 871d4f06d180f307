"""Renal/hepatic kinds of error found on the seed-18 gold (bench/gold/label_facts_heldout18_gold.jsonl, now a dev
set), fourth tuning pass: general mechanisms meant for labels nobody tuned on. Each on a label's own sentence."""

from __future__ import annotations

import pytest

from medbrief.facts.extract import label_facts
from medbrief.facts.populations import hepatic, renal
from medbrief.records import Passage


def kinds(found: list) -> list[str]:
    return [f.kind for f in found]


def test_a_title_naming_the_drugs_harm_is_no_impairment_title() -> None:
    # deferasirox: statements under a title about kidney injury the drug causes are not about impaired patients
    for title in ("5.1 Acute Kidney Injury, Including Acute Renal Failure Requiring Dialysis, and Renal Tubular "
                  "Toxicity Including Fanconi Syndrome",
                  "WARNING: RENAL FAILURE, HEPATIC FAILURE, and GASTROINTESTINAL HEMORRHAGE"):
        assert renal("Use the minimum dose to establish and maintain a low iron burden.", title) == []
    # ... while an impairment title still titles them
    assert kinds(renal("Use the minimum dose to establish and maintain a low iron burden.",
                       "8.6 Renal Impairment")) == ["adjust"]


@pytest.mark.parametrize("text", [
    # fam-trastuzumab deruxtecan, vorinostat: no recommendation
    "The recommended dosage of ENHERTU has not been established for patients with severe renal impairment (CLcr <30 "
    "mL/min) [see Clinical Pharmacology (12.3) ].",
    "There is insufficient evidence to recommend a starting dose for patients with severe hepatic impairment "
    "(bilirubin greater than 3 × ULN) [see Use in Specific Populations (8.6) and Clinical Pharmacology (12.3) ] .",
    # fulvestrant: a pointer
    "Refer to the respective Full Prescribing Information for each therapeutic agent administered in combination with "
    "CLIGAVYX for dosage modifications in patients with hepatic impairment.",
])
def test_no_recommendation_or_a_pointer_states_nothing(text: str) -> None:
    assert renal(text) == [] and hepatic(text) == []


@pytest.mark.parametrize("text", [
    # ceftaroline, cefepime/zidebactam: what happened, not what to do
    "Most cases occurred in patients with renal impairment who did not receive appropriate dosage adjustment.",
    "However, some cases of neurotoxicity occurred in patients receiving a dosage adjustment appropriate for their "
    "degree of renal impairment.",
    # deferasirox: the dose for normal kidney function
    "The recommended initial dose of deferasirox for patients with eGFR greater than 60 mL/min/1.73 m 2 is 7 mg per kg "
    "body weight orally once daily.",
    # deferasirox: patients at risk of an impairment do not have it
    "During therapy, increase the frequency of monitoring and modify the dose for patients with an increased risk of "
    "renal impairment, including use of concomitant nephrotoxic drugs.",
    # irbesartan: a decrease the drug causes
    "Consider withholding or discontinuing therapy in patients who develop a clinically significant decrease in renal "
    "function on irbesartan tablets [see Drug Interactions (7.3) ].",
    # an NSAID's fetal kidneys
    "If an NSAID is necessary at about 20 weeks gestation or later in pregnancy, limit the use to the lowest effective "
    "dose and shortest duration possible.",
    # gabapentin enacarbil: a flattened dose table by clearance band
    "Dosage of HORIZANT for Patients With Restless Legs Syndrome in Accordance With Creatinine Clearance Creatinine "
    "Clearance (mL/min) Target Dose Regimen ≥60 600 mg per day 30 – 59 Start at 300 mg per day and increase to 600 mg "
    "as needed 15 – 29 300 mg per day <15 300 mg every other day",
])
def test_not_a_statement_for_impaired_patients(text: str) -> None:
    assert renal(text, "8.6 Renal Impairment") == []


@pytest.mark.parametrize(("text", "kind"), [
    # tamsulosin
    ("Patients with renal impairment do not require an adjustment in tamsulosin hydrochloride capsules dosing.",
     "no_adjustment"),
    # pediatric eGFR >= 60 said for those patients is kept
    ("No dosage adjustment is needed for patients with eGFR ≥ 60 mL/min/1.73 m 2 .", "no_adjustment"),
    # cefepime/zidebactam: the dose's timing around dialysis names the patients
    ("Both cefepime and zidebactam are hemodialyzable; thus, ZAYNICH should be administered after intermittent "
     "hemodialysis on hemodialysis days.", "adjust"),
    # ibuprofen lysine: "if anuria ... is evident"
    ("Do not administer if anuria or marked oliguria (<0.6 mL/kg/hr) is evident at the scheduled time of the second or "
     "third dose.", "avoid"),
    # zuranolone
    ("The recommended ZURZUVAE dosage in patients with moderate and severe renal impairment is lower than those with "
     "normal renal function.", "adjust"),
    # gadolinium agents
    ("For patients receiving hemodialysis, physicians may consider the prompt initiation of hemodialysis following the "
     "administration of a GBCA in order to enhance the contrast agent's elimination.", "monitor"),
    ("For patients at highest risk for NSF, do not exceed the recommended gadoteridol dose and allow a sufficient "
     "period of time for elimination of the drug from the body prior to re-administration.", "adjust"),
    # auranofin, multiple electrolytes
    ("The potential benefits of using RIDAURA in patients with progressive renal disease should be weighed against "
     "the potential risks.", "monitor"),
    ("Solutions containing sodium ions should be used with great care, if at all, in patients with congestive heart "
     "failure, severe renal insufficiency and in clinical states in which there exists edema with sodium retention.",
     "monitor"),
    # gabapentin enacarbil
    ("Dosing of HORIZANT is adjusted in accordance with renal function, as represented by creatinine clearance.",
     "adjust"),
])
def test_renal_statements_said_in_more_ways(text: str, kind: str) -> None:
    assert kinds(renal(text)) == [kind]


@pytest.mark.parametrize(("text", "kind"), [
    ("8.7 Hepatic Impairment JARDIANCE may be used in patients with hepatic impairment.", "no_adjustment"),
    ("The recommended ZURZUVAE dosage in patients with mild or moderate hepatic impairment (Child-Pugh A or Child-Pugh "
     "B) is the same as those with normal hepatic function.", "no_adjustment"),
    ("However, the benefit-risk for the use of dapagliflozin in patients with severe hepatic impairment should be "
     "individually assessed.", "monitor"),
    ("The alcohol content of Docetaxel Injection should be taken into account when given to patients with hepatic "
     "impairment.", "monitor"),
    ("In patients with moderate hepatic impairment [total bilirubin >1.5 to 3 × upper limit of normal (ULN) and any "
     "alanine aminotransferase (ALT) value], consider alternatives to pazopanib tablets.", "adjust"),
    ("The dosage should be modified for hepatic impairment and in patients taking certain concomitant drugs.",
     "adjust"),
])
def test_hepatic_statements_said_in_more_ways(text: str, kind: str) -> None:
    assert kinds(hepatic(text)) == [kind]


def test_impairment_named_in_a_contraindication_item() -> None:
    assert kinds(hepatic("Liver dysfunction or disease.", contraindications=True)) == ["contraindicated"]
    assert kinds(renal("Preterm infants with significant impairment of renal function.",
                       contraindications=True)) == ["contraindicated"]


def _facts(text: str, code: str = "34068-7", section: str = "Dosage and Administration") -> list:
    doc = "label:x"
    return label_facts(doc, {"set_id": "s"}, [Passage(f"{doc}#0", doc, section, code, text, 0)])


def test_a_line_title_read_with_the_statement_is_in_its_quote() -> None:
    # perampanel highlights: "Not recommended ( 2.5 )" alone says nothing; its title says whom it is for
    text = ("Severe Hepatic Impairment: Not recommended ( 2.4 ) Severe Renal Impairment or on Hemodialysis: Not "
            "recommended ( 2.5 )")
    got = sorted((f.fact, f.quote) for f in _facts(text) if f.fact in ("renal", "hepatic"))
    assert ("renal", "Severe Renal Impairment or on Hemodialysis: Not recommended ( 2.5 )") in got
    assert ("hepatic", "Severe Hepatic Impairment: Not recommended ( 2.4 )") in got


def test_an_instruction_for_the_patients_of_the_sentence_before() -> None:
    # gadoteridol boxed warning: the patients are named in one sentence, the instruction in the next
    text = ("GBCAs increase the risk for nephrogenic systemic fibrosis (NSF) among patients with impaired elimination "
            "of the drugs. Avoid use of Gadoteridol injection in these patients unless the diagnostic information is "
            "essential and not available with non-contrasted MRI or other modalities.")
    got = [(f.kind, f.quote) for f in _facts(text, "34066-1", "Boxed Warning") if f.fact == "renal"]
    assert got == [("avoid", text)]
    # a "these patients" sentence after one that names no impairment stays unread
    assert [f for f in _facts("Some patients have nausea. Avoid use of the drug in these patients.", "34066-1",
                              "Boxed Warning") if f.fact == "renal"] == []


def test_indications_give_renal_limits_of_use_but_not_a_ckd_drugs_indication() -> None:
    # empagliflozin: a limit of use for impaired patients
    text = ("JARDIANCE is not recommended for use to improve glycemic control in patients with type 2 diabetes "
            "mellitus with an eGFR less than 30 mL/min/1.73 m 2 .")
    assert [f.kind for f in _facts(text, "34067-9", "Indications and Usage") if f.fact == "renal"] == ["avoid"]
    # etelcalcetide: the CKD drug's own indication and its limits
    text = ("PARSABIV has not been studied in adult patients with parathyroid carcinoma, primary hyperparathyroidism, "
            "or with chronic kidney disease who are not on hemodialysis and is not recommended for use in these "
            "populations.")
    assert [f for f in _facts(text, "34067-9", "Indications and Usage") if f.fact == "renal"] == []


def test_drug_interactions_give_only_a_contraindication_for_the_patients() -> None:
    # ensitrelvir
    text = ("Co-administration is contraindicated due to potential for serious and/or life-threatening reactions in "
            "patients with renal and/or hepatic impairment.")
    got = sorted((f.fact, f.kind) for f in _facts(text, "34073-7", "Drug Interactions"))
    assert got == [("hepatic", "contraindicated"), ("renal", "contraindicated")]
    # other renal words of the section are not read
    text = "Monitor renal function in patients with renal impairment receiving NSAIDs with the drug."
    assert [f for f in _facts(text, "34073-7", "Drug Interactions") if f.fact == "renal"] == []


@pytest.mark.parametrize(("text", "kind"), [
    # benazepril: "Initiate with 5 mg once daily in patients with GFR <30"
    ("Renal Impairment: Initiate with 5 mg once daily in patients with GFR <30 mL/min/1.73 m 2 (serum creatinine >3 "
     "mg/dL).", "adjust"),
    # sotalol: "in renal impairment" names the patients
    ("Dose escalations in renal impairment should be done after administration of at least 5 doses at appropriate "
     "intervals ( Table 1 ).", "adjust"),
])
def test_seed17_kinds(text: str, kind: str) -> None:
    assert kinds(renal(text)) == [kind]


@pytest.mark.parametrize("text", [
    # escitalopram: no recommendation
    "The recommended dosage for escitalopram tablets in adults with a creatinine clearance less than 20 mL/minute has "
    "not been determined.",
    # voclosporin: a decline on treatment
    "If eGFR <60 mL/min/1.73 m 2 and reduced from baseline by ≥30%, discontinue LUPKYNIS.",
    # the geriatric dose "based on renal function" is for the elderly, not for impaired patients
    "Dosage adjustment for elderly patients should be based on renal function [see Dosage and Administration ( 2.2 ) "
    "and Clinical Pharmacology ( 12.3 )].",
])
def test_seed17_not_statements(text: str) -> None:
    assert renal(text) == []


def test_clinical_pharmacology_lower_doses_are_necessary() -> None:
    assert kinds(renal("Sotalol is excreted predominantly in urine and its terminal elimination half-life is "
                       "prolonged in conditions of renal impairment; therefore lower doses are necessary in conditions "
                       "of renal impairment.", pharmacology=True)) == ["adjust"]


@pytest.mark.parametrize(("text", "kind"), [
    # phenytoin: a line title the statement opens with names the patients of "these patients"
    ("Renal and/or Hepatic Impairment or Hypoalbuminemia: Monitor unbound phenytoin concentrations in these patients.",
     "monitor"),
    # felbamate boxed warning
    ("FELBAMATE ORAL SUSPENSION SHOULD NOT BE PRESCRIBED FOR ANYONE WITH A HISTORY OF HEPATIC DYSFUNCTION.", "avoid"),
    # itraconazole
    ("In patients with elevated or abnormal liver enzymes or active liver disease, or who have experienced liver "
     "toxicity with other drugs, treatment with SPORANOX ® is strongly discouraged unless there is a serious or "
     "life-threatening situation where the expected benefit exceeds the risk.", "avoid"),
    ("It is recommended that liver function monitoring be done in patients with pre-existing hepatic function "
     "abnormalities or those who have experienced liver toxicity with other medications.", "monitor"),
])
def test_seed17_hepatic_kinds(text: str, kind: str) -> None:
    assert kinds(hepatic(text)) == [kind]


@pytest.mark.parametrize(("text", "heading"), [
    # selexipag: a heading alone, under its own title
    ("Dosage Adjustment in Patients with Hepatic Impairment", "8.6 Hepatic Impairment"),
    # bosentan: what was reported
    ("In the postmarketing period, in the setting of close monitoring, rare cases of unexplained hepatic cirrhosis "
     "were reported after prolonged (>12 months) therapy with bosentan in patients with multiple comorbidities and "
     "drug therapies.", ""),
])
def test_seed17_hepatic_not_statements(text: str, heading: str) -> None:
    assert hepatic(text, heading) == []


def test_consider_is_an_instruction_only_for_monitoring_or_dialysis() -> None:
    assert kinds(renal("Consider follow-up renal function assessments for patients with a history of renal "
                       "dysfunction.")) == ["monitor"]
    # a CKD drug's own use, and a rise on treatment, are not
    assert renal("For adult patients with CKD not on dialysis : Consider initiating Aranesp treatment only when the "
                 "hemoglobin level is less than 10 g/dL.") == []
    assert renal("If serum creatinine increases, consider changing to oral posaconazole therapy.",
                 "Renal Impairment") == []
