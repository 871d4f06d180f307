"""Renal and hepatic kinds of error found on the dev sample (bench/gold/label_facts_dev.jsonl, seed 16), one test
per kind, on the labels' own sentences (openFDA text, verbatim)."""

from __future__ import annotations

from medbrief.facts import label_facts
from medbrief.facts.populations import hepatic, renal
from medbrief.records import Passage

DOSAGE, CONTRA, SPECIFIC = "34068-7", "34070-3", "43684-0"


def kinds(found: list) -> list[str]:
    return [f.kind for f in found]


def test_renal_and_or_hepatic_names_both_organs() -> None:
    # fosphenytoin 8.6: "renal or hepatic disease" is each organ's statement
    text = ("Because the fraction of unbound phenytoin (the active metabolite of fosphenytoin sodium) is increased in "
            "patients with renal or hepatic disease, or in those with hypoalbuminemia, the monitoring of phenytoin "
            "serum levels should be based on the unbound fraction in those patients.")
    assert kinds(renal(text)) == ["monitor"]
    assert kinds(hepatic(text)) == ["monitor"]
    # cisplatin: an impaired creatinine clearance is renal impairment
    assert kinds(renal("Consider alternative treatments or dose reductions for patients with impaired creatinine "
                       "clearance, myelosuppression, or neuropathy.")) == ["adjust"]


def test_actions_the_cues_missed() -> None:
    # anakinra: "consider a dose ... every other day"
    assert kinds(renal("Physicians should consider a dose of 100 mg of KINERET administered every other day for RA "
                       "patients who have severe renal insufficiency or end stage renal disease (defined as creatinine "
                       "clearance < 30 mL/min, as estimated from serum creatinine levels) ( 2.4 )")) == ["adjust"]
    # tirofiban: a dose given for them
    assert kinds(renal("In patients with creatinine clearance ≤ 60 mL/min, give 25 mcg/kg within 5 minutes and then "
                       "0.075 mcg/kg/min.")) == ["adjust"]
    # ivosidenib, avacopan, baricitinib: weigh risks and benefits
    assert kinds(renal("For patients with pre-existing severe renal impairment or who are requiring dialysis, consider "
                       "the risks and potential benefits before initiating treatment with TIBSOVO.")) == ["monitor"]
    assert kinds(hepatic("Consider the risk and benefit before administering TAVNEOS to a patient with liver "
                         "disease.")) == ["monitor"]
    assert kinds(hepatic("OLUMIANT should only be used in patients with COVID-19 and severe hepatic impairment if the "
                         "potential benefit outweighs the potential risk")) == ["monitor"]
    # baricitinib highlights: "not recommend" (sic)
    assert kinds(renal("OLUMIANT is not recommend in patients with RA or AA with eGFR <30 mL/min/1.73m 2 .")) == [
        "avoid"]
    # sevoflurane: can be given to them; clinical judgement with hepatic conditions
    assert kinds(hepatic("Hepatic Function Results of evaluations of laboratory parameters demonstrate that "
                         "sevoflurane can be administered to patients with normal or mild-to-moderately impaired "
                         "hepatic function.")) == ["no_adjustment"]
    assert kinds(hepatic("Clinical judgement should be exercised when sevoflurane is used in patients with underlying "
                         "hepatic conditions or under treatment with drugs known to cause hepatic dysfunction (see "
                         "ADVERSE REACTIONS ).")) == ["monitor"]


def test_statements_that_are_not_for_patients_with_the_impairment() -> None:
    # baricitinib: a pointer to a table
    assert renal("Dosage modifications for patients with COVID-19 and renal impairment are described in "
                 "Table 4 .") == []
    # ... and a highlights title with its pointer
    assert hepatic("Dosage Modifications in Patients with Renal or Hepatic Impairment, or Cytopenias See the full "
                   "prescribing information for dosage modifications by indication.") == []
    # rosuvastatin under "5.3 Hepatic Dysfunction": what to do if drug-induced injury occurs
    assert hepatic("If serious hepatic injury with clinical symptoms and/or hyperbilirubinemia or jaundice occurs, "
                   "promptly discontinue rosuvastatin tablets.", "5.3 Hepatic Dysfunction") == []
    # segesterone/ethinyl estradiol 8.6: "not studied" is no instruction ("to evaluate" is no monitoring)
    assert hepatic("No studies have been conducted to evaluate the effect of hepatic impairment on the disposition of "
                   "ANNOVERA.", "8.6 Hepatic Impairment") == []
    # tirofiban: a compatible IV line is no "can be administered to patients"
    assert renal("Tirofiban Hydrochloride Injection can be administered in the same intravenous line as heparin.",
                 "2.3 Dose Adjustment for Renal Impairment") == []


def test_the_text_before_a_pointer_is_still_read() -> None:
    # rosuvastatin highlights: the statement, then "see full prescribing information"
    found = renal("Patients with Severe Renal Impairment (not on hemodialysis) : Initiate at 5 mg once daily; do not "
                  "exceed 10 mg once daily. ( 2.5 ) see full prescribing information for rosuvastatin tablet dosage "
                  "and administration modifications due to drug interactions.")
    assert kinds(found) == ["adjust"]


def test_an_impairment_named_in_contraindications_is_contraindicated() -> None:
    # dichlorphenamide 4; segesterone/ethinyl estradiol 5.2 ("females with")
    assert kinds(hepatic("Hepatic insufficiency: dichlorphenamide may aggravate hepatic encephalopathy.",
                         contraindications=True)) == ["contraindicated"]
    assert kinds(hepatic("ANNOVERA is contraindicated in females with acute hepatitis or severe (decompensated) "
                         "cirrhosis of the liver [see Contraindications (4) ] .")) == ["contraindicated"]
    # through the pipeline: the section makes it a contraindication
    doc = "label:dichlorphenamide"
    passages = [Passage(f"{doc}#0", doc, "Contraindications", CONTRA,
                        "4 CONTRAINDICATIONS Hepatic insufficiency: dichlorphenamide may aggravate hepatic "
                        "encephalopathy.", 0)]
    assert [(f.fact, f.kind) for f in label_facts(doc, {"set_id": "s"}, passages) if f.fact == "hepatic"] == [
        ("hepatic", "contraindicated")]


def test_a_highlights_line_title_names_the_patients_of_the_next_statement() -> None:
    # ubrogepant highlights: the title is cut off the statement by the splitter, and titles it only
    doc = "label:ubrogepant"
    text = ("2 DOSAGE AND ADMINISTRATION The recommended dose is 50 mg or 100 mg taken orally, as needed. ( 2.1 ) The "
            "maximum dose in a 24-hour period is 200 mg. ( 2.1 ) Severe Hepatic or Severe Renal Impairment: "
            "Recommended dose is 50 mg; if needed, a second 50 mg dose may be taken at least 2 hours after the "
            "initial dose. ( 2.2 , 8.6 , 8.7 ) 2.1 Recommended Dosage The recommended dose of UBRELVY is 50 mg or "
            "100 mg taken orally with or without food.")
    found = label_facts(doc, {"set_id": "s"}, [Passage(f"{doc}#0", doc, "Dosage and Administration", DOSAGE, text, 0)])
    got = sorted((f.fact, f.quote[:75]) for f in found if f.fact in ("renal", "hepatic"))
    # (fourth tuning pass: the quote holds the title it is read with, so it says whom it is for)
    title = "Severe Hepatic or Severe Renal Impairment: Recommended dose is 50 mg; if needed"
    assert got == [("hepatic", title[:75]), ("renal", title[:75])]


def test_an_indication_title_is_no_impairment_title() -> None:
    # paricalcitol / sevelamer style: the drug's own CKD indication titles its usual dosing
    assert renal("Starting dose is 2 tablets orally 3 times per day with meals.",
                 "Hyperphosphatemia in Chronic Kidney Disease on Dialysis:") == []
    assert renal("Individualize the dose of paricalcitol based on iPTH, serum calcium and phosphorus levels.",
                 "2.2 Chronic Kidney Disease Stage 5 in Adults") == []
    # ... while an impairment title still titles its statements
    assert kinds(renal("Reduce the dose by half.", "8.6 Renal Impairment")) == ["adjust"]


def test_animal_findings_and_injury_if_it_occurs() -> None:
    assert renal("No teratogenic effects were noted, but embryonic resorptions were observed at all dose levels "
                 "(ranging from approximately 5 times to 100 times the maximum recommended human dose*).",
                 "Renal Impairment") == []
    # abiraterone: "if ... occur" said of patients who have the impairment is for them
    assert kinds(hepatic("If elevations in ALT or AST >5X ULN or total bilirubin >3X ULN occur in patients with "
                         "baseline moderate hepatic impairment, discontinue abiraterone acetate treatment.")) == [
        "avoid"]
