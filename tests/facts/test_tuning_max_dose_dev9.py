"""Maximum-dose kinds of error found over the nine dev golds (seeds 15-23) in the ninth tuning pass, each on a
label's own text (openFDA, verbatim): a ceiling said with "should not use more than", a per-dose ceiling said as
"single doses greater than", and an OTC count ceiling with the amount of drug it holds in parentheses ("1 tablet
(5 mg) in 24 hours", "½ tablet (2.5 mg)")."""

from __future__ import annotations

from medbrief.facts.dose import max_doses, pipe_table_maxima
from medbrief.facts.quantity import quantities


def _keys(found: list) -> list[tuple]:
    return [(f.value, f.unit, f.per) for f in found if f.kind == "maximum"]


def test_should_not_use_more_than() -> None:
    # calcipotriene and betamethasone (seed 23): two ceilings, one per age group
    text = ("Patients 12 to 17 years should not use more than 60 grams per week and patients 18 years and older should "
            "not use more than 100 grams per week.")
    assert _keys(max_doses(text)) == [(60, "g", "week"), (100, "g", "week")]
    # a plain statement of use is no ceiling
    assert _keys(max_doses("Patients should use 60 grams per week.")) == []


def test_single_doses_greater_than() -> None:
    # oliceridine (seed 23)
    text = "Do not administer single doses greater than 3 mg [see Adverse Reactions ( 6.1 )] ."
    assert _keys(max_doses(text)) == [(3, "mg", "dose")]
    # mycophenolate's wording (no "single") is read as before
    assert _keys(max_doses("do not administer doses of mycophenolate mofetil greater than 1 g twice a day")) == [
        (1, "g", "dose")]


def test_count_ceiling_with_its_amount_of_drug() -> None:
    # levocetirizine OTC Drug Facts (seed 23): the count and the amount it holds are both the day's ceiling
    assert _keys(max_doses("• do not take more than 1 tablet (5 mg) in 24 hours")) == [
        (1, "tablets", "day"), (5, "mg", "day")]
    assert _keys(max_doses("do not take more than ½ tablet (2.5 mg) in 24 hours")) == [
        (0.5, "tablets", "day"), (2.5, "mg", "day")]
    # a starting dose's strength in parentheses is not the ceiling
    assert _keys(max_doses("Take 1 tablet (5 mg) daily, not to exceed 2 tablets in 24 hours")) == [
        (2, "tablets", "day")]


def test_vulgar_fraction_is_a_number() -> None:
    q = quantities("½ tablet")
    assert [(x.value, x.unit) for x in q] == [(0.5, "tablets")]


_BRIVARACETAM = """Table 1: Recommended Dosage for Patients 1 Month of Age and Older
| Age and Body Weight | Initial Dosage | Minimum and Maximum Maintenance Dosage |
| --- | --- | --- |
| Adults (16 years and older) | 50 mg twice daily (100 mg per day) \
| 25 mg to 100 mg twice daily (50 mg to 200 mg per day) |
| Pediatric patients weighing less than 11 kg | 0.75 mg/kg to 1.5 mg/kg twice daily (1.5 mg/kg to 3 mg/kg per day) \
| 0.75 mg/kg to 3 mg/kg twice daily (1.5 mg/kg to 6 mg/kg per day) |
Table 2: Recommended Dosage for Patients with Hepatic Impairment
| Age and Body Weight | Initial Dosage | Maximum Maintenance Dosage |
| --- | --- | --- |
| Adults (16 years and older) | 25 mg twice daily (50 mg per day) | 75 mg twice daily (150 mg per day) |
| Pediatric patients weighing less than 11 kg | 0.75 mg/kg twice daily (1.5 mg/kg per day) \
| 2.25 mg/kg twice daily (4.5 mg/kg per day) |
"""


def test_maximum_column_cell_with_dose_and_daily_total() -> None:
    # brivaracetam (seed 23): a dose's ceiling with the day's in parentheses, both stated; under "Minimum and
    # Maximum" the upper ends of the ranges
    assert [(f.value, f.unit, f.per) for _, _, f in pipe_table_maxima(_BRIVARACETAM)] == [
        (100, "mg", "dose"), (200, "mg", "day"), (3, "mg/kg", "dose"), (6, "mg/kg", "day"),
        (75, "mg", "dose"), (150, "mg", "day"), (2.25, "mg/kg", "dose"), (4.5, "mg/kg", "day")]


def test_range_cell_under_a_maximum_only_header_is_no_ceiling() -> None:
    table = ("| Age | Maximum Maintenance Dosage |\n| --- | --- |\n"
             "| Adults | 25 mg to 100 mg twice daily (50 mg to 200 mg per day) |\n")
    assert pipe_table_maxima(table) == []
