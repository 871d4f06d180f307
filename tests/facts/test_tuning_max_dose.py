"""Maximum-dose kinds of error found on the dev sample (bench/gold/label_facts_dev.jsonl, seed 16), one test per
kind, each on the label's own sentence (openFDA text, verbatim)."""

from __future__ import annotations

from typing import Any

import pytest

from medbrief.facts.dose import max_doses
from medbrief.facts.quantity import quantities


def maxima(text: str) -> list[tuple[Any, str, str | None]]:
    return [(f.value, f.unit, f.per) for f in max_doses(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # benzhydrocodone/acetaminophen: "24- hour" (a space after the hyphen) and words between amount and period
    ("Dosage should not exceed 12 tablets in a 24- hour period.", [(12, "tablets", "day")]),
    ("The total dosage of APADAZ and any concomitant acetaminophen-containing products should not exceed 4000 mg of "
     "acetaminophen in a 24-hour period.", [(4000, "mg", "day")]),
    # ubrogepant: the period between the cue and the amount
    ("The maximum dose in a 24-hour period is 200 mg.", [(200, "mg", "day")]),
])
def test_per_day_said_as_a_24_hour_period(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # secukinumab: a per-infusion cap stated as "doses exceeding ... are not recommended"
    ("Total doses exceeding 300 mg per infusion are not recommended for the 1.75 mg/kg maintenance dose in adults "
     "with PsA [see Dosage and Administration (2.12)] .", [(300, "mg", "infusion")]),
    ("Do not exceed 2 g as a single dose.", [(2, "g", "dose")]),
    # phenobarbital (Sezaby): a total loading dose is a cumulative cap
    ("The maximum total loading dose is 40 mg/kg.", [(40, "mg/kg", "course")]),
    ("The maximum cumulative dose is 450 mg/m2.", [(450, "mg/m2", "course")]),
])
def test_per_dose_and_per_course_ceilings_name_their_per(text: str,
                                                          expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


def test_phenytoin_equivalents_and_the_whichever_alternative() -> None:
    # fosphenytoin: "mg PE" is its own unit, a rate ceiling is per minute, and "(or 100 mg PE/min, whichever is
    # slower)" is a ceiling even after a range
    assert maxima("When fosphenytoin sodium injection is given as an IV infusion, fosphenytoin sodium injection needs "
                  "to be diluted and should only be administered at a rate not exceeding 150 mg PE/min.") == [
        (150, "mg PE", "minute")]
    assert maxima("For loading doses in pediatric patients, the rate should not exceed 2 mg PE/kg/min (or 150 mg "
                  "PE/min, whichever is slower).") == [(2, "mg PE/kg", "minute"), (150, "mg PE", "minute")]
    assert maxima("For maintenance doses in pediatric patients, the rate should not exceed 1 to 2 mg PE/kg/min (or "
                  "100 mg PE/min, whichever is slower).") == [(100, "mg PE", "minute")]


def test_limited_to_is_a_ceiling() -> None:
    # febuxostat, severe renal impairment (highlights and 8.6)
    assert maxima("Limit the dosage to 40 mg once daily.") == [(40, "mg", "day")]
    assert maxima("For patients with severe renal impairment (Cl cr 15 to 29 mL/min), the recommended dosage of "
                  "febuxostat is limited to 40 mg once daily.") == [(40, "mg", "day")]


def test_a_device_volume_is_no_dose() -> None:
    # atezolizumab and hyaluronidase: the administration set's priming volume
    assert maxima("Remove the transfer needle from the syringe and replace it with a subcutaneous administration set "
                  "(e.g. winged/butterfly) containing 23-gauge, 24-gauge, or 25-gauge hypodermic needle and with a "
                  "priming volume that does not exceed 0.5 mL for administration.") == []


def test_frequency_ceilings_are_doses_per_day() -> None:
    assert maxima("Do not use more than once daily.") == [(1, "doses", "day")]
    assert maxima("Take no more than once per night.") == [(1, "doses", "day")]
    assert maxima("Do not use more than twice a week.") == [(2, "doses", "week")]


def test_combination_strengths_are_one_value() -> None:
    # valsartan/hydrochlorothiazide style strengths: "320/25 mg" is one value, compared part by part by the scorer
    assert maxima("The maximum recommended dose is 320/25 mg once daily.") == [("320/25", "mg", "day")]
    assert [q.value for q in quantities("Take 1/2 tablet at bedtime.")] == [0.5]


def test_per_night_is_per_day() -> None:
    # sodium oxybate style
    assert maxima("Doses higher than 9 g per night or single dose administrations higher than 6 g have not been "
                  "studied and should not be administered.")[:1] == [(9, "g", "day")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Do not exceed 4 mg in a single dose.", [(4, "mg", "dose")]),
    ("Not to exceed 40 mg per single administration.", [(40, "mg", "dose")]),
    ("Do not exceed a cumulative dose of 1,000 mg.", [(1000, "mg", "course")]),
    ("Do not exceed a total daily dose of 40 mg.", [(40, "mg", "day")]),
])
def test_per_said_by_single_cumulative_or_daily_around_the_amount(text: str,
                                                                  expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected
