"""Cross-tier conflicts (issue 15 point 7): doses above the label maximum, uses in a labelled contraindication."""

from __future__ import annotations

import re

from medbrief.compose.conflicts import Statement, above_maximum, contraindicated_conditions, in_contraindication
from medbrief.facts import LabelFact

TIZ = re.compile(r"\btizanidine\b", re.I)
MAX36 = LabelFact("label:t", "t", "max_dose", "maximum", "label:t#3", 0, 40, "The maximum total daily dosage is 36 mg.",
                  36, "mg", "day")


def test_a_research_dose_above_the_daily_maximum_is_flagged_with_both_citations() -> None:
    s = [Statement("research", "Patients took tizanidine 48 mg/d for 12 weeks.", (4,))]
    assert above_maximum(MAX36, 1, s, TIZ) == [
        "Research [4] reports 48 mg a day, above the label maximum of 36 mg a day [1]."]


def test_a_dose_at_or_below_the_maximum_or_per_dose_or_another_unit_is_not_flagged() -> None:
    s = [Statement("research", "Tizanidine was titrated to a maximum of 36 mg/d.", (2,)),
         Statement("research", "Tizanidine 8 mg three times a day reduced tone.", (3,)),
         Statement("research", "A single 40 mg dose of tizanidine was studied.", (5,)),  # per dose, not per day
         Statement("research", "Tizanidine 40 mg/kg/day in rats.", (6,)),  # another unit
         Statement("research", "Baclofen 60 mg a day was compared with placebo.", (7,)),  # not the drug
         Statement("label", "Tizanidine 48 mg/day.", (1,))]  # the label tier itself is not checked
    assert above_maximum(MAX36, 1, s, TIZ) == []


def test_ranges_are_compared_by_their_top_and_grams_in_milligrams() -> None:
    g = LabelFact("label:m", "m", "max_dose", "maximum", "label:m#1", 0, 10, "...", 2.55, "g", "day")
    s = [Statement("guideline", "Metformin doses of 1 to 3 g/day are used.", (2, 3))]
    assert above_maximum(g, 1, s, re.compile("metformin", re.I)) == [
        "A guideline [2], [3] reports 3 g a day, above the label maximum of 2.55 g a day [1]."]
    s = [Statement("research", "Doses of tizanidine ranged from 2 to 48 mg/day.", (3,))]
    assert above_maximum(MAX36, 1, s, TIZ) == [
        "Research [3] reports 48 mg a day, above the label maximum of 36 mg a day [1]."]


def test_use_in_a_contraindicated_condition_is_flagged_unless_the_statement_warns() -> None:
    contra = LabelFact("label:m", "m", "contraindication", "contraindicated", "label:m#5", 0, 60,
                       "Metformin is contraindicated in patients with severe renal impairment.")
    conditions = contraindicated_conditions([contra])
    assert [c for c, _ in conditions] == ["severe renal impairment"]
    names = re.compile(r"\bmetformin\b", re.I)
    s = [Statement("research", "Metformin was given to 40 patients on hemodialysis.", (3,)),
         Statement("research", "Metformin should be avoided in renal failure.", (4,)),  # warns: agrees with label
         Statement("research", "Nateglinide is an option in patients with kidney failure; metformin is used "
                               "in others.", (5,)),  # the condition is another drug's clause
         Statement("research", "Metformin was given to obese adolescents.", (6,))]
    assert in_contraindication(conditions, 1, s, names) == [
        "Research [3] reports use in severe renal impairment, which the label contraindicates [1]."]


def test_no_maximum_number_checks_nothing() -> None:
    frequency = LabelFact("label:t", "t", "max_dose", "maximum", "p", 0, 5, "...", None, None, None)
    assert above_maximum(frequency, 1, [Statement("research", "tizanidine 48 mg/d", (2,))], TIZ) == []


def test_a_dose_of_another_drug_in_the_statement_is_not_the_drugs() -> None:
    # the fresh-user trial: "Research [7] reports 100 mg a day" was atenolol's dose in a carvedilol comparison
    car = re.compile(r"\bcarvedilol\b", re.I)
    max50 = LabelFact("label:c", "c", "max_dose", "maximum", "label:c#2", 0, 10, "...", 50, "mg", "day")
    s = [Statement("research", "Patients received carvedilol 25 mg/day or atenolol 100 mg/day for 6 months.", (7,)),
         Statement("research", "Bupropion 400 mg/day and carvedilol were compared.", (2,)),
         Statement("research", "Carvedilol 25 mg twice daily was compared with metoprolol, 200 mg/day.", (4,)),
         Statement("research", "Carvedilol was titrated to 100 mg/day in heavier patients.", (5,))]
    assert above_maximum(max50, 1, s, car) == [
        "Research [5] reports 100 mg a day, above the label maximum of 50 mg a day [1]."]


def test_a_narrower_contraindicated_condition_needs_its_narrowing_word() -> None:
    # carvedilol is contraindicated in DECOMPENSATED heart failure and indicated in (stable) heart failure
    contra = LabelFact("label:c", "c", "contraindication", "contraindicated", "label:c#5", 0, 80,
                       "Carvedilol is contraindicated in patients with decompensated heart failure.")
    conditions = contraindicated_conditions([contra])
    names = re.compile(r"\bcarvedilol\b", re.I)
    s = [Statement("research", "Carvedilol treatment improved survival in stable chronic heart failure.", (5,)),
         Statement("research", "Carvedilol was given to patients with acutely decompensated heart failure.", (6,))]
    assert in_contraindication(conditions, 1, s, names) == [
        "Research [6] reports use in heart failure, which the label contraindicates [1]."]


def test_a_dose_given_with_or_after_another_drug_is_not_the_drugs() -> None:
    # second trial: "with", "added to" and "received" joined tizanidine to another drug's dose
    s = [Statement("research", "Patients took tizanidine 12 mg/day together with gabapentin 1800 mg/day.", (2,)),
         Statement("research", "Tizanidine 12 mg/day was added to baclofen 80 mg/day.", (3,)),
         Statement("research", "Patients on tizanidine 12 mg/day received diazepam 40 mg/day.", (4,))]
    assert above_maximum(MAX36, 1, s, TIZ) == []


def test_a_condition_the_label_narrows_after_naming_it_gives_no_note() -> None:
    # ibuprofen: "asthma, urticaria, or allergic-type reactions after taking aspirin or other NSAIDs" is not asthma
    contra = LabelFact("label:i", "i", "contraindication", "contraindicated", "label:i#5", 0, 120,
                       "Ibuprofen is contraindicated in patients with a history of asthma, urticaria, or allergic-type "
                       "reactions after taking aspirin or other NSAIDs.")
    names = re.compile(r"\bibuprofen\b", re.I)
    s = [Statement("research", "Ibuprofen was given to children with asthma without bronchospasm.", (2,))]
    assert in_contraindication(contraindicated_conditions([contra]), 1, s, names) == []
