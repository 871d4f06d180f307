"""Maximum-dose kinds found by the sixth tuning pass: the seed-20 gold's misses (now a dev set) and the ceiling-cue
audit of the whole openFDA corpus (bench/label_facts_audit.py). One test per kind, each on a label's own sentence
(openFDA text, verbatim)."""

from __future__ import annotations

import pytest

from medbrief.facts.dose import max_doses


def _keys(text: str) -> list[tuple[object, str | None, str | None]]:
    return [(f.value, f.unit, f.per) for f in max_doses(text)]


def test_period_of_so_many_minutes() -> None:
    # perflutren (seed 20): the period is ten minutes, not the course the word "total" would say
    assert _keys("The maximum total dose is 5 mL in any 10-minute period.") == [(5, "mL", "10 minutes")]
    # lidocaine, corpus audit: the period said between the cue and a long subject
    assert _keys("The maximum recommended dose per 90 minute period of lidocaine hydrochloride for paracervical "
                 "block in obstetrical patients and non-obstetrical patients is 200 mg total.") == [
        (200, "mg", "90 minutes")]
    # a 24-hour period is still a day
    assert _keys("Do not take more than 4,000 mg in any 24-hour period.") == [(4000, "mg", "day")]


def test_amount_after_the_verb_past_numbers_of_the_subject() -> None:
    # XULTOPHY 100/3.6, corpus audit: the product's strength stands in the subject
    assert _keys("The maximum dosage of XULTOPHY 100/3.6 is 50 units daily (50 units of insulin degludec and 1.8 mg "
                 "of liraglutide) [see Warnings and Precautions ( 5.5 )] .") == [(50, "units", "day")]
    # sumatriptan (seed 18): "in 24 hours" before the verb; the "two 6 mg injections" after it are a count, not a
    # second ingredient of a combination ("12/6")
    assert _keys("The maximum cumulative dose that may be given in 24 hours is 12 mg, two 6 mg injections separated "
                 "by at least 1 hour.") == [(12, "mg", "day")]


def test_no_amount_after_the_verb_gives_nothing() -> None:
    # a statement with the cue and numbers but no amount after its verb
    assert _keys("The maximum dose for patients with a CrCl of 30 mL/min is not established.") == []


def test_volume_with_its_amount_of_drug() -> None:
    # mirabegron oral suspension (seed 20): the gold keeps the mg; the volume only measures it out
    assert _keys("If needed, increase to a maximum dosage of mirabegron for extended-release oral suspension 10 mL "
                 "(80 mg) orally once daily after 4 to 8 weeks.") == [(80, "mg", "day")]


def test_two_doses_joined_by_or_the_larger_is_the_ceiling() -> None:
    # tradipitant (seed 20): was read as a range [85, 170] (a false maximum)
    assert _keys("The maximum dosage in a 24-hour period is a single dose of 85 mg or 170 mg.") == [
        (170, "mg", "day")]


@pytest.mark.parametrize(("text", "expected"), [
    # solifenacin (seed 20)
    ("Do not exceed the 5 mg dose of Solifenacin succinate tablets in patients with: Severe renal impairment "
     "creatinine clearance < 30 mL/min/1.73 m 2 .", [(5, "mg", "dose")]),
    # LIPIODOL, corpus audit
    ("Do not exceed 20 mL total dosage.", [(20, "mL", "course")]),
])
def test_amount_named_as_a_dose(text: str, expected: list[tuple[object, str, str]]) -> None:
    assert _keys(text) == expected
