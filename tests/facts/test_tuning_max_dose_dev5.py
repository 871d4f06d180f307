"""Maximum-dose kinds of error found on the seed-19 gold (bench/gold/label_facts_heldout19_gold.jsonl, now a dev
set), fifth tuning pass: general mechanisms meant for labels nobody tuned on. One test per kind, each on a label's
own sentence or table (openFDA text, verbatim; tables as sources.tables writes them)."""

from __future__ import annotations

from typing import Any

import pytest

from medbrief.facts.dose import max_doses, pipe_table_maxima
from medbrief.facts.extract import label_facts
from medbrief.facts.quantity import quantities
from medbrief.records import Passage

DOSAGE = "34068-7"

# aripiprazole tablets, "Dosage and Administration (tables)"
ARIPIPRAZOLE_TABLES = """| | | Initial Dose | Recommended Dose | Maximum Dose |
| --- | --- | --- | --- | --- |
| Schizophrenia – adults ( 2.1) | | 10 to 15 mg/day | 10 to 15 mg/day | 30 mg/day |
| Schizophrenia – adolescents ( 2.1) | | 2 mg/day | 10 mg/day | 30 mg/day |
| Irritability associated with autistic disorder – pediatric patients ( 2.4) | | 2 mg/day | 5 to 10 mg/day | 15 mg/day |
| Tourette’s disorder – ( 2.5) | Patients <50 kg | 2 mg/day | 5 mg/day | 10 mg/day |
| Tourette’s disorder – ( 2.5) | Patients ≥50 kg | 2 mg/day | 10 mg/day | 20 mg/day |
| Factors | Dosage Adjustments forAripiprazole |
| --- | --- |
| Known CYP2D6 Poor Metabolizers | Administer half of usual dose |
| Strong CYP3A4 inducers (e.g., carbamazepine, rifampin) | Double usual dose over 1 to 2 weeks |"""
# the same table, flattened, as it stands in the field's own text (the flattened reader cannot tell its columns)
ARIPIPRAZOLE_FLAT = ("2 DOSAGE AND ADMINISTRATION Initial Dose Recommended Dose Maximum Dose Schizophrenia – adults "
                     "( 2.1 ) 10 to 15 mg/day 10 to 15 mg/day 30 mg/day Schizophrenia – adolescents ( 2.1 ) 2 mg/day "
                     "10 mg/day 30 mg/day")
# duloxetine, the highlights' table ("SPL Unclassified Section (tables)"): a group row, then its rows
DULOXETINE_TABLES = ("| Indication | Starting Dose | Target Dose | Maximum Dose |\n| --- | --- | --- | --- |\n"
                     "| MDD (2.1) | 40 mg/day to 60 mg/day | Acute Treatment: 40 mg/day (20 mg twice daily) "
                     "to 60 mg/day (once daily or as 30 mg twice daily); Maintenance Treatment: 60 mg/day "
                     "| 120mg/day |\n"
                     """| GAD (2.2) | | | |
| Elderly | 30 mg/day | 60 mg/day (once daily) | 120mg/day |
| DPNP (2.3) | 60 mg/day | 60 mg/day (once daily) | 60 mg/day |""")


def table(text: str) -> list[tuple[Any, str, str | None, str | None]]:
    return [(f.value, f.unit, f.per, f.population) for _, _, f in pipe_table_maxima(text)]


def test_a_maximum_dose_column_gives_each_rows_ceiling_with_its_population() -> None:
    assert table(ARIPIPRAZOLE_TABLES) == [
        (30, "mg", "day", "Schizophrenia – adults"), (30, "mg", "day", "Schizophrenia – adolescents"),
        (15, "mg", "day", "Irritability associated with autistic disorder – pediatric patients"),
        (10, "mg", "day", "Tourette’s disorder, Patients <50 kg"),
        (20, "mg", "day", "Tourette’s disorder, Patients ≥50 kg")]


def test_a_group_row_names_the_rows_below_it_until_the_next_indication() -> None:
    assert table(DULOXETINE_TABLES) == [(120, "mg", "day", "MDD"), (120, "mg", "day", "GAD, Elderly"),
                                        (60, "mg", "day", "DPNP")]


def test_each_quote_is_the_row_line() -> None:
    spans = [(a, b) for a, b, _ in pipe_table_maxima(DULOXETINE_TABLES)]
    row = "| DPNP (2.3) | 60 mg/day | 60 mg/day (once daily) | 60 mg/day |"
    assert DULOXETINE_TABLES[spans[-1][0] : spans[-1][1]] == row


@pytest.mark.parametrize("text", [
    # a header that names no ceiling column
    "| Indication | Initial Dose | Recommended Dose |\n| --- | --- | --- |\n| Schizophrenia | 2 mg/day | 10 mg/day |",
    # a cell that is a count of times, not one amount a day; a cell with a range
    "| Indication | Maximum Dose |\n| --- | --- |\n| Adults | 20 mg twice daily or 40 mg |\n"
    "| Children | 5 to 10 mg/day |",
    # a cell without its period, under a header that names none
    "| Indication | Maximum Dose |\n| --- | --- |\n| Adults | 400 mg |",
    # "maximum tolerated dose" is not a ceiling for patients
    "| Study | Maximum Tolerated Dose |\n| --- | --- |\n| Phase 1 | 40 mg/day |",
])
def test_no_ceiling_from_a_table_that_does_not_state_one(text: str) -> None:
    assert table(text) == []


def test_the_header_gives_the_unit_and_period_of_bare_numbers() -> None:
    # topiramate: "Table 2: Monotherapy Target Total Daily Maintenance Dosing for Patients 2 to 9 Years of Age"
    text = ("| Weight (kg) | Total Daily Dose (mg/day)* Minimum Maintenance Dose | Total Daily Dose (mg/day)* Maximum "
            "Maintenance Dose |\n| --- | --- | --- |\n| Up to 11 | 150 | 250 |\n| 12 – 22 | 200 | 300 |")
    assert table(text) == [(250, "mg", "day", "Weight (kg) Up to 11"), (300, "mg", "day", "Weight (kg) 12 – 22")]


def test_label_facts_read_the_tables_section_once_beside_the_flattened_text() -> None:
    doc = "label:aripiprazole"
    found = label_facts(doc, {"set_id": "s"}, [
        Passage(f"{doc}#0", doc, "Dosage and Administration", DOSAGE, ARIPIPRAZOLE_FLAT, 0),
        Passage(f"{doc}#1", doc, "Dosage and Administration (tables)", DOSAGE, ARIPIPRAZOLE_TABLES, 1),
        # a table of another section is not read for doses
        Passage(f"{doc}#2", doc, "Clinical Pharmacology (tables)", "34090-1",
                "| Dose | Maximum Dose |\n| --- | --- |\n| a | 99 mg/day |", 2)])
    got = [(f.value, f.unit, f.per, f.passage_id) for f in found if f.fact == "max_dose" and f.kind == "maximum"]
    assert sorted({g[:3] for g in got}) == [(10, "mg", "day"), (15, "mg", "day"), (20, "mg", "day"),
                                             (30, "mg", "day")]
    assert all(g[3] == f"{doc}#1" for g in got)
    # the same ceiling said in two rows is given per row (each with its population), but the renal/hepatic readers
    # never read the tables section
    assert not [f for f in found if f.fact in ("renal", "hepatic")]


def test_a_flattened_ceiling_already_read_is_not_given_again_from_the_table() -> None:
    doc = "label:x"
    flat = "The maximum recommended dose is 30 mg/day."
    found = label_facts(doc, {"set_id": "s"}, [
        Passage(f"{doc}#0", doc, "Dosage and Administration", DOSAGE, flat, 0),
        Passage(f"{doc}#1", doc, "Dosage and Administration (tables)", DOSAGE,
                "| Indication | Maximum Dose |\n| --- | --- |\n| Schizophrenia | 30 mg/day |", 1)])
    assert [(f.value, f.passage_id) for f in found if f.kind == "maximum"] == [(30, f"{doc}#0")]


def maxima(text: str) -> list[tuple[Any, str, str | None]]:
    return [(f.value, f.unit, f.per) for f in max_doses(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # latanoprostene bunod: the verb's object (with a strength) stands between "Do not administer" and "more than"
    ("Do not administer latanoprostene bunod ophthalmic solution, 0.024% more than once daily as it has been shown "
     "that more frequent administration may decrease the intraocular pressure lowering effect.", [(1, "drops", "day")]),
    # granisetron extended-release (SUSTOL): "once every 7 days" is once a week; "every 14 days" kept as written
    ("Do not administer SUSTOL more frequently than once every 7 days.", [(1, "doses", "week")]),
    ("In patients with moderate renal impairment (Clcr 30-59 mL/min), administer SUSTOL not more frequently than once "
     "every 14 days.", [(1, "doses", "14 days")]),
])
def test_frequency_ceilings_with_the_object_between_or_a_period_in_days(text: str, expected: list[Any]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize("text", [
    # rotigotine patch: how often a site is reused
    "Do not use the same site more than once every 14 days.",
    "NEUPRO should not be applied to the same application site more than once every 14 days and should not be placed "
    "on skin that is oily, irritated, or damaged, or where it will be rubbed by tight clothing.",
    # an ESA: how often the dose is changed
    "Increase the dose no more frequently than once every 4 weeks.",
])
def test_a_frequency_of_reuse_or_change_is_no_dose_ceiling(text: str) -> None:
    assert maxima(text) == []


@pytest.mark.parametrize("text", [
    # potassium chloride extended-release, pediatric patients: both ceilings of "whichever is lower", per dose
    "Pediatric patients: not to exceed 1 mEq/kg as a single-dose or 20 mEq, whichever is lower.",
    "Do not exceed as a single-dose 1 mEq/kg or 20 mEq, whichever is lower.",
])
def test_whichever_is_lower_gives_both_ceilings_of_a_single_dose(text: str) -> None:
    assert maxima(text) == [(1, "mEq/kg", "dose"), (20, "mEq", "dose")]


def test_two_amounts_of_different_units_joined_by_or_are_each_read() -> None:
    text = "Do not exceed as a single-dose 1 mEq/kg or 20 mEq, whichever is lower."
    assert [(q.value, q.unit) for q in quantities(text)] == [(1, "mEq/kg"), (20, "mEq")]


@pytest.mark.parametrize(("text", "expected"), [
    # tiotropium (SPIRIVA RESPIMAT): a count of doses bounded per 24 hours, a parenthesis between
    ("Do not take more than one dose (2 inhalations) in 24 hours.", [(1, "doses", "day")]),
    # guanfacine: the amount first, then the cue
    ("Studies have indicated that 2.4 mg is the maximum effective daily dose, but doses as high as this have rarely "
     "been employed.", [(2.4, "mg", "day")]),
    # alteplase (Cathflo): the amount of one instillation given with its volume
    ("Patients weighing <30 kg: 110% of the internal lumen volume of the catheter, not to exceed 2 mg in 2 mL",
     [(2, "mg", "dose")]),
    # romosozumab (EVENITY), Indications' limitation of use: a course of 12 doses
    ("Limitations of Use: Limit duration of use to 12 monthly doses.", [(12, "doses", "course")]),
    # anacaulase (NEXOBRID): the treated area of the whole course
    ("For both applications, the total treated area must not exceed 20% BSA ( 2.2 ).", [(20, "% BSA", "course")]),
])
def test_ceilings_said_in_more_ways(text: str, expected: list[Any]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize("text", [
    "Patients received a maximum of 16 doses.",  # a course's length, no limit of use
    "administer once weekly for 4 doses to a maximum of 16 doses.",
    "The dose was 2 mg in 2 mL.",  # no ceiling word
    "10 mg was the maximum tolerated dose.",  # not a ceiling for patients
    "Each treated area was up to 15% BSA.",
])
def test_still_no_ceiling(text: str) -> None:
    assert maxima(text) == []


def test_indications_are_read_for_a_course_limit_only() -> None:
    doc = "label:romosozumab"
    text = ("EVENITY is indicated for the treatment of osteoporosis in postmenopausal women at high risk for fracture. "
            "Limitations of Use: Limit duration of use to 12 monthly doses. The recommended dose is 210 mg monthly, "
            "not to exceed 210 mg a month.")
    found = label_facts(doc, {"set_id": "s"}, [Passage(f"{doc}#0", doc, "Indications and Usage", "34067-9", text, 0)])
    assert [(f.value, f.unit, f.per) for f in found if f.fact == "max_dose"] == [(12, "doses", "course")]


def test_a_ceiling_of_alternatives_beside_a_table_does_not_break_the_label() -> None:
    # sumatriptan/naproxen-like alternatives: a maximum whose value is a list ("85 mg or 170 mg")
    doc = "label:x"
    found = label_facts(doc, {"set_id": "s"}, [
        Passage(f"{doc}#0", doc, "Dosage and Administration", DOSAGE,
                "The maximum dosage in a 24-hour period is a single dose of 85 mg or 170 mg.", 0),
        Passage(f"{doc}#1", doc, "Dosage and Administration (tables)", DOSAGE,
                "| Indication | Maximum Dose |\n| --- | --- |\n| Migraine | 170 mg/day |", 1)])
    assert (170, "mg", "day") in [(f.value, f.unit, f.per) for f in found if f.kind == "maximum"]


def test_the_tables_caption_names_its_patients() -> None:
    # lomitapide (JUXTAPID): the caption says for whom the maxima are; the header names the period
    text = ("Table 5: Dosage Adjustment for Patients with End Stage Renal Disease Receiving Hemodialysis\n"
            "| Age GROUP | MAXIMUM RECOMMENDED DAILY DOSAGE |\n| --- | --- |\n| 2 to 10 years | 15 mg |")
    assert table(text) == [(15, "mg", "day", "2 to 10 years (Table 5: Dosage Adjustment for Patients with End Stage "
                                              "Renal Disease Receiving Hemodialysis)")]


@pytest.mark.parametrize(("text", "expected"), [
    # asenapine: the cell's amount with its route and frequency is one dose's
    ("| | Starting Dose | Recommended Dose | Maximum Dose |\n| --- | --- | --- | --- |\n"
     "| Bipolar mania – adults: as an adjunct to lithium or valproate ( 2.3) | 5 mg sublingually twice daily "
     "| 5-10 mg sublingually twice daily | 10 mg sublingually twice daily |", [(10, "mg", "dose")]),
    # budesonide inhalation suspension: "Highest Recommended Dose", the day's total
    ("| Previous Therapy | Recommended Starting Dose | Highest Recommended Dose |\n| --- | --- | --- |\n"
     "| Inhaled Corticosteroids | 0.5 mg total daily dose administered either once daily or twice daily in divided "
     "doses | 1 mg total daily dose |", [(1, "mg", "day")]),
])
def test_a_cell_with_its_route_and_frequency(text: str, expected: list[Any]) -> None:
    assert [t[:3] for t in table(text)] == expected
