"""Maximum-dose kinds of error found over the nine dev golds (seeds 15-23) in the ninth tuning pass, each on a
label's own text (openFDA, verbatim): a ceiling said with "should not use more than", a per-dose ceiling said as
"single doses greater than", and an OTC count ceiling with the amount of drug it holds in parentheses ("1 tablet
(5 mg) in 24 hours", "½ tablet (2.5 mg)")."""

from __future__ import annotations

from medbrief.facts.dose import max_doses
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
