"""The fact rules on small hand-written passages in the real formats (openFDA text with its section numbers and
cross-references, Drug Facts Directions flattened to one run-on string, SPL subsection titles): each rule of
issue 15 point 2, and the exact-span contract."""

from __future__ import annotations

from typing import Any

import pytest

from medbrief.facts import LabelFact, label_facts
from medbrief.facts.dose import max_doses, ranges, starting_doses, titrations
from medbrief.facts.populations import hepatic, lactation, pregnancy, renal
from medbrief.facts.safety import adverse_reactions, boxed_topics, is_notice, withdrawal
from medbrief.records import Passage


def label(*sections: tuple[str, str, str], doc_id: str = "label:test") -> list[Passage]:
    """Passages (section name, LOINC code, text) of one label, in order."""
    return [Passage(f"{doc_id}#{i}", doc_id, name, code, text, i) for i, (name, code, text) in enumerate(sections)]


def facts_of(*sections: tuple[str, str, str], meta: dict[str, Any] | None = None) -> list[LabelFact]:
    passages = label(*sections)
    out = label_facts("label:test", meta or {"set_id": "s-1"}, passages)
    by_id = {p.id: p for p in passages}
    for f in out:  # the span contract holds for every fact of every test here
        assert by_id[f.passage_id].text[f.start : f.end] == f.quote, f
    return out


def only(found: list[LabelFact], fact: str, kind: str | None = None) -> list[LabelFact]:
    return [f for f in found if f.fact == fact and (kind is None or f.kind == kind)]


DOSAGE = "34068-7"
TIZANIDINE_DOSING = (
    "2 DOSAGE AND ADMINISTRATION 2.2 Recommended Dosage The recommended starting dose is 2 mg by mouth every 6 to 8 "
    "hours, as needed, to a maximum of three doses in 24 hours. Dosage can be gradually increased every 1 to 4 days "
    "by 2 mg to 4 mg at each dose based on clinical response and tolerability. The maximum total daily dosage is "
    "36 mg. Single doses greater than 16 mg have not been studied."
)


def test_tizanidine_maximum_36_mg_a_day_and_start_2_mg() -> None:
    found = facts_of(("Dosage and Administration", DOSAGE, TIZANIDINE_DOSING))
    maxima = only(found, "max_dose", "maximum")
    assert [(f.value, f.unit, f.per) for f in maxima] == [(3, "doses", "day"), (36, "mg", "day")]
    assert maxima[1].quote == "The maximum total daily dosage is 36 mg."
    start = only(found, "starting_dose", "start")
    assert [(f.value, f.unit, f.route_form) for f in start] == [(2, "mg", "by mouth")]
    step = only(found, "starting_dose", "titration")
    assert [(f.value, f.unit, f.per) for f in step] == [([2, 4], "mg", "1 to 4 days")]
    # the step "2 mg to 4 mg" is not a usual range, and nothing "not studied" is a maximum
    assert not only(found, "max_dose", "range")
    assert found[0].doc_id == "label:test" and found[0].set_id == "s-1"


def test_atorvastatin_range_is_a_range_never_a_maximum() -> None:
    text = ("2.2 Recommended Dosage in Adult Patients The recommended starting dosage of atorvastatin calcium is 10 mg "
            "to 20 mg once daily. The dosage range is 10 mg to 80 mg once daily.")
    found = facts_of(("Dosage and Administration", DOSAGE, text))
    assert not only(found, "max_dose", "maximum")
    rng = only(found, "max_dose", "range")
    assert [(f.value, f.unit, f.per) for f in rng] == [([10, 80], "mg", "day")]
    assert rng[0].quote == "The dosage range is 10 mg to 80 mg once daily."
    assert [(f.value, f.kind) for f in only(found, "starting_dose")] == [([10, 20], "start")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do not take more than 6 tablets in 24 hours, unless directed by a doctor", (6, "tablets", "day")),
        ("Do not exceed 3200 mg total daily dose.", (3200, "mg", "day")),
        ("The total daily dose should not exceed 18,000 units.", (18000, "units", "day")),
        ("titrate to a maximum dosage of 5.8 mg/kg/day.", (5.8, "mg/kg", "day")),
        ("Maximum recommended dosage is 0.5 mg once daily ( 2.1 )", (0.5, "mg", "day")),
        ("daily doses should not exceed 500 mg four times a day.", (500, "mg", "dose")),
        ("Adults: 325 to 650 mg every 4 hours, not to exceed 4 g in 24 hours.", (4, "g", "day")),
        ("The maximum recommended dosage is 4 mg once weekly.", (4, "mg", "week")),
        ("Do not take more than 2 caplets in any 24-hour period.", (2, "caplets", "day")),
    ],
)
def test_stated_maxima(text: str, expected: tuple[Any, ...]) -> None:
    assert [(f.value, f.unit, f.per) for f in max_doses(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The usual dosage range is 10 to 80 mg once daily.",  # a range
        "Titrate up to 36 mg per day.",  # "up to" alone states no ceiling
        "Monitoring is recommended 1 month after maximum dose is achieved.",  # no quantity
        "The maximum tolerated dose in the study was 40 mg.",  # a study's MTD
        "16 mg/kg/day, which is 2 times the maximum recommended human dose (MRHD) of 36 mg/day.",  # animal exposure
        "The maximum dose studied was 120 mg per day.",  # a study, not a limit
        "administer once weekly for 4 doses to a maximum of 16 doses.",  # a course length
        "Table 1: Dosage Age Starting Dose Maximum Dose Pediatric patients 0.5 mg/kg/day 1.2 mg/kg/day",
        "Take 2 tablets every 4 hours.",
        "Maximum daily dose of 1.2 – 2.4 mg",  # a range after the cue is not one ceiling
        "Indication Starting Dosage Recommended Target Dosage Maximum Dosage MDD Adults 3 mg/day",  # table header
        "The infusion solution concentration for administration should not exceed 12 mg/ml ceftaroline fosamil.",
        "the dose may be increased by a maximum of 600 mg/day at approximately weekly intervals.",  # a step's limit
    ],
)
def test_no_maximum_without_a_stated_ceiling(text: str) -> None:
    assert max_doses(text) == []


def test_doses_are_read_from_dosage_sections_only() -> None:
    trial = "In the trials, the dose was titrated to a maximum of 24 mg per day over three weeks."
    for name, code in (("Adverse Reactions", "34084-4"), ("Clinical Studies", "34092-7"),
                       ("Nonclinical Toxicology", "43680-8"), ("Pharmacokinetics", "43682-4")):
        assert facts_of((name, code, trial)) == []
    assert [f.value for f in facts_of(("Dosage and Administration", DOSAGE, trial))] == [24]


def test_range_needs_a_dosing_context_and_a_step_is_no_range() -> None:
    assert ranges("decrease the dosage by 2 mg to 4 mg per day", []) == []
    assert [f.value for f in ranges("Suggested Dosage: 1200 mg to 3200 mg daily.", [])] == [[1200, 3200]]


def test_starting_dose_and_titration_cues() -> None:
    assert [(f.value, f.per) for f in starting_doses("Initiate therapy with 5 mg once daily.")] == [(5, "day")]
    steps = titrations("Increase the dose in increments of 500 mg weekly, up to a maximum of 2000 mg per day.")
    assert [(f.value, f.unit, f.per) for f in steps] == [(500, "mg", "weekly")]
    assert starting_doses("Take with food.") == []


# -- renal and hepatic: for patients who have the impairment, never pharmacokinetics alone ----------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Metformin hydrochloride tablets are contraindicated in patients with an eGFR less than 30 mL/min/1.73 m 2 "
         "[see Contraindications (4) ]", "contraindicated"),
        ("Initiation is not recommended in patients with eGFR between 30-45 mL/minute/1.73 m 2 ( 2.3 )", "avoid"),
        ("In patients with creatinine clearance < 25 mL/min, use lower individual doses during titration.", "adjust"),
        ("No dosage adjustment is necessary in patients with mild to moderate renal impairment.", "no_adjustment"),
        ("Monitor all patients with renal impairment for development of myopathy.", "monitor"),
        ("Increase frequency of glucose monitoring in patients with renal impairment.", "monitor"),  # not a dose
    ],
)
def test_renal_statements_for_patients_with_the_impairment(text: str, kind: str) -> None:
    assert [f.kind for f in renal(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "In subjects with severe renal impairment (CrCl < 30 mL/min), AUC was increased 2-fold.",
        "In patients with renal insufficiency (creatinine clearance < 25 mL/min), clearance of tizanidine was "
        "reduced [see Clinical Pharmacology ( 12.3 )].",
        "Because elderly patients are more likely to have decreased renal function, care should be taken in dose "
        "selection, and it may be useful to monitor renal function.",
        "Acute renal failure has been reported.",
        "Discontinue the drug if acute renal failure develops during treatment.",  # drug-induced, not patients with it
        "The efficacy and safety have not been assessed in patients with renal impairment.",  # no data, no action
    ],
)
def test_pharmacokinetics_or_a_report_is_no_renal_fact(text: str) -> None:
    assert renal(text) == []


def test_renal_pharmacokinetics_sentence_in_a_label_gives_no_fact() -> None:
    pk = ("8.6 Renal Impairment Tizanidine clearance is reduced by more than 50% in elderly patients with renal "
          "insufficiency (creatinine clearance < 25 mL/min) compared to healthy elderly subjects.")
    assert only(facts_of(("Use in Specific Populations", "43684-0", pk)), "renal") == []
    # under Clinical Pharmacology pharmacokinetics is no fact, and a title does not name the patients ...
    assert only(facts_of(("Pharmacokinetics", "43682-4", "Patients with Renal Impairment " + pk[23:])), "renal") == []
    assert only(facts_of(("Pharmacokinetics", "43682-4", "8.6 Renal Impairment Monitor these patients closely.")),
                "renal") == []
    # ... but a plain instruction for them is one (celecoxib 12.3, seed-15 gold)
    cp = ("Therefore, the daily recommended dose of celecoxib capsules should be reduced by approximately 50% in "
          "patients with moderate (Child-Pugh Class B) hepatic impairment.")
    assert [f.kind for f in only(facts_of(("Pharmacokinetics", "43682-4", cp)), "hepatic")] == ["adjust"]


def test_a_statement_under_an_impairment_title_need_not_repeat_it() -> None:
    text = ("8.6 Hepatic Impairment Because oxycodone is extensively metabolized in the liver, its clearance may "
            "decrease in patients with hepatic impairment. Initiate therapy in these patients with a lower than usual "
            "dosage of oxycodone and titrate carefully.")
    found = facts_of(("Use in Specific Populations", "43684-0", text))
    assert [(f.kind, f.quote[:23]) for f in only(found, "hepatic")] == [("adjust", "Initiate therapy in the")]


def test_under_a_renal_title_a_hepatic_statement_is_not_renal() -> None:
    text = "No dose adjustment recommendations can be made in patients with hepatic impairment."
    assert renal(text, "8.6 Renal Impairment") == []
    assert [f.kind for f in hepatic(text, "8.6 Renal Impairment")] == ["no_adjustment"]
    assert [f.kind for f in renal("No dose adjustment is needed.", "8.6 Renal Impairment")] == ["no_adjustment"]


def test_hepatic_statement_and_its_population() -> None:
    found = hepatic("Patients with renal impairment (CrCl < 25 mL/min) or hepatic impairment: use lower individual "
                    "doses during titration.")
    assert [(f.kind, f.population) for f in found] == [("adjust", None)]
    assert [f.population for f in hepatic("In patients with hepatic impairment, dosage reduction is recommended.")] \
        == ["patients with hepatic impairment"]


def test_metformin_contraindication_list_is_a_renal_contraindication() -> None:
    text = ("4 CONTRAINDICATIONS Metformin hydrochloride tablets are contraindicated in patients with: Severe renal "
            "impairment (eGFR below 30 mL/min/1.73 m 2 ) [see Warnings and Precautions (5.1) ] . Hypersensitivity to "
            "metformin.")
    found = facts_of(("Contraindications", "34070-3", text))
    rn = only(found, "renal")
    assert [f.kind for f in rn] == ["contraindicated"]
    assert "eGFR below 30" in rn[0].quote
    assert only(found, "contraindication")


# -- boxed warning ---------------------------------------------------------------------------------------------
OPIOID_BOX = (
    "WARNING: ADDICTION, ABUSE, AND MISUSE; LIFE-THREATENING RESPIRATORY DEPRESSION; ACCIDENTAL INGESTION; "
    "NEONATAL OPIOID WITHDRAWAL SYNDROME Addiction, Abuse, and Misuse Because the use of oxycodone "
    "hydrochloride tablets exposes patients and other users to the risks of opioid addiction, abuse, and "
    "misuse, which can lead to overdose and death, assess each patient's risk prior to prescribing. "
    "Life-Threatening Respiratory Depression Serious, life-threatening, or fatal respiratory depression may "
    "occur. Accidental Ingestion Accidental ingestion of even one dose of oxycodone hydrochloride tablets, "
    "especially by children, can result in a fatal overdose. Neonatal Opioid Withdrawal Syndrome Advise the "
    "patient of the risk of neonatal opioid withdrawal syndrome, which may be life-threatening if not "
    "recognized and treated."
)


def test_opioid_boxed_warning_present_with_its_topics() -> None:
    found = only(facts_of(("Boxed Warning", "34066-1", OPIOID_BOX)), "boxed_warning")
    assert found[0].kind == "present"
    topics = [f.value for f in found if f.kind == "topic"]
    assert topics[:4] == ["addiction, abuse, and misuse", "respiratory depression", "accidental ingestion",
                          "neonatal opioid withdrawal syndrome"]
    assert "respiratory depression" in found[2].quote


@pytest.mark.parametrize(
    "text",
    [
        "PHARMACY BULK PACKAGE-NOT FOR DIRECT INFUSION",
        "NOT FOR INTRATHECAL USE",
        "BOXED WARNING",
        "Rx only",
        "TAMPER-EVIDENT FEATURE:\nDO NOT USE IF SAFETY SEAL IMPRINTED WITH “TRIAMINIC” AROUND BOTTLE CAP IS BROKEN OR "
        "MISSING.",
        "For inhalation only. Do not swallow. Only use budesonide inhalation suspension with a jet nebulizer machine "
        "that is connected to an air compressor. Do not use with an ultrasonic nebulizer.",
    ],
)
def test_a_packaging_notice_in_the_boxed_warning_field_is_no_boxed_warning(text: str) -> None:
    assert only(facts_of(("Boxed Warning", "34066-1", text)), "boxed_warning") == []


def test_present_quotes_the_warning_not_the_pointer_to_it() -> None:
    text = ("WARNING: QTc PROLONGATION See full prescribing information for complete boxed warning. QTc prolongation "
            "can occur with SIRTURO and may lead to sudden death.")
    found = only(facts_of(("Boxed Warning", "34066-1", text)), "boxed_warning")
    assert [(f.kind, f.value) for f in found] == [("present", None), ("topic", "QT prolongation")]
    assert found[0].quote.startswith("QTc prolongation can occur")


def test_notice_and_topic_helpers() -> None:
    assert is_notice("Rx only") and not is_notice("Lactic acidosis is a rare, but serious, complication.")
    assert boxed_topics("Postmarketing cases of metformin-associated lactic acidosis have resulted in death.") == [
        "lactic acidosis"]


def test_no_boxed_warning_field_no_fact() -> None:
    assert only(facts_of(("Dosage and Administration", DOSAGE, TIZANIDINE_DOSING)), "boxed_warning") == []


# -- the other facts ---------------------------------------------------------------------------------------------
def test_adverse_reactions_withdrawal_pregnancy_lactation() -> None:
    ar = adverse_reactions("The most common adverse reactions (incidence ≥ 5%) were nausea and headache.")
    assert [(f.kind, f.value, f.unit) for f in ar] == [("most_common", 5, "%")]
    assert adverse_reactions("Nausea was reported in 3% of patients.") == []
    assert [f.kind for f in withdrawal("To discontinue, decrease dose slowly to minimize the risk of withdrawal "
                                       "adverse reactions ( 2.5 )")] == ["taper"]
    assert withdrawal("Monkeys were shown to self-administer tizanidine; abrupt cessation produced withdrawal.") == []
    assert [(f.kind, f.value) for f in pregnancy("Pregnancy Category X.")] == [("category", "X")]
    assert [f.kind for f in pregnancy("When pregnancy is detected, discontinue lisinopril as soon as possible.")] == [
        "discontinue"]
    assert pregnancy("Oral administration to pregnant rats resulted in fetal toxicity.") == []
    assert pregnancy("Additional embryo-fetal toxicity included increased resorption.") == []
    assert pregnancy("Suvorexant did not cause significant fetal toxicity at doses up to 300 mg/kg/day.") == []
    assert [f.kind for f in pregnancy("TEVIMBRA can cause fetal harm when administered to a pregnant woman.")] == [
        "fetal_harm"]
    assert [f.kind for f in lactation("Advise women not to breastfeed during treatment.")] == ["avoid"]


def test_otc_drug_facts_directions_item() -> None:
    directions = ("Directions do not take more than directed adults and children 12 years and over: take 2 caplets "
                  "every 6 hours while symptoms last do not take more than 6 caplets in 24 hours, unless directed by a "
                  "doctor children under 12 years: ask a doctor")
    found = facts_of(("Active ingredient", "55106-9", "Active ingredient (in each caplet) Acetaminophen 500 mg"),
                     ("Purpose", "55105-1", "Purpose Pain reliever/fever reducer"),
                     ("Directions", DOSAGE, directions))
    maxima = only(found, "max_dose", "maximum")
    assert [(f.value, f.unit, f.per) for f in maxima] == [(6, "caplets", "day")]
    assert maxima[0].quote == "do not take more than 6 caplets in 24 hours, unless directed by a doctor"


def test_the_same_statement_repeated_under_two_fields_is_one_fact() -> None:
    text = "8.2 Lactation Risk Summary Advise women not to breastfeed during treatment with the drug."
    found = facts_of(("Use in Specific Populations", "43684-0", text), ("Lactation", "77290-5", text))
    assert len(only(found, "lactation")) == 1


def test_to_dict_has_the_schema_keys_in_order() -> None:
    f = facts_of(("Dosage and Administration", DOSAGE, TIZANIDINE_DOSING))[0]
    assert list(f.to_dict()) == ["doc_id", "set_id", "fact", "value", "unit", "per", "population", "route_form",
                                 "kind", "passage_id", "start", "end", "quote"]
