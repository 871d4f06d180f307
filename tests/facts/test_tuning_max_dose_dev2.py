"""Maximum-dose kinds of error found on the seed-15 gold (now a dev set, bench/gold/label_facts_gold.jsonl), one test
per kind, each on the label's own sentence (openFDA text, verbatim)."""

from __future__ import annotations

from typing import Any

import pytest

from medbrief.facts.dose import max_doses
from medbrief.facts.quantity import quantities


def maxima(text: str) -> list[tuple[Any, str, str | None]]:
    return [(f.value, f.unit, f.per) for f in max_doses(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # dulaglutide, palopegteriparatide: the route stands between the amount and its frequency
    ("The maximum recommended dosage is 4.5 mg injected subcutaneously once weekly.", [(4.5, "mg", "week")]),
    ("The maximum recommended dosage is 30 mcg subcutaneously once daily.", [(30, "mcg", "day")]),
    # dalteparin: "but not more than", the dose given every 12 hours
    ("In patients with unstable angina or non-Q-wave myocardial infarction, the recommended dose of FRAGMIN Injection "
     "is 120 units/kg of body weight, but not more than 10,000 units, subcutaneously every 12 hours with concurrent "
     "oral aspirin (75 mg to 165 mg once daily) therapy.", [(10000, "units", "dose")]),
    # etelcalcetide: "three times per week" is each dose's amount, not the week's
    ("up to a maximum dose of 15 mg three times per week", [(15, "mg", "dose")]),
    # sebetralstat: a parenthesis between the amount and its period
    ("Maximum recommended dosage is 1,200 mg (four tablets) in any 24-hour period.", [(1200, "mg", "day")]),
])
def test_per_said_a_few_words_after_the_amount(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # dalteparin, carboprost, albumin: the noun the ceiling is said of names its period
    ("The total daily dose should not exceed 18,000 units.", [(18000, "units", "day")]),
    ("The total dose administered of carboprost tromethamine should not exceed 12 milligrams and continuous "
     "administration of the drug for more than two days is not recommended.", [(12, "mg", "course")]),
    ("For renal dialysis; the initial dose should not exceed 25 g and patients should be carefully observed for signs "
     "of fluid overload.", [(25, "g", "dose")]),
    # codeine: "maximum 24-hour dose"; mycophenolate: "maximum maintenance dose"
    ("The maximum 24-hour dose is 360 mg.", [(360, "mg", "day")]),
    ("*Maximum maintenance dose: 3 g total daily.", [(3, "g", "day")]),
])
def test_the_ceiling_s_own_noun_names_its_period(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # treosulfan (highlights): "avoid exceeding"
    ("Avoid exceeding the recommended dosage of 10 g/m 2 daily for three consecutive days.", [(10, "g/m2", "day")]),
    # mycophenolate: "do not administer doses ... greater than"
    ("In kidney transplant patients with severe chronic impairment of the graft (GFR <25 mL/min/1.73 m 2 ), do not "
     "administer doses of Mycophenolate mofetil greater than 1 g twice a day.", [(1, "g", "dose")]),
    # fosaprepitant: a row of a flattened table; only its parenthesised cap is read, per dose
    ("Table 3: Fosaprepitant for Injection Single Dose Regimen 2 Years to less than 12 Years 4 mg/kg (maximum dose "
     "150 mg) intravenously over 60 minutes", [(150, "mg", "dose")]),
])
def test_ceiling_cues_missed_before(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # alogliptin/pioglitazone: two ingredients' amounts are one combination ceiling
    ("Individualize the starting dose of alogliptin and pioglitazone tablets based on the patient’s current regimen "
     "and concurrent medical condition but do not exceed a daily dose of alogliptin 25 mg and pioglitazone 45 mg.",
     [("25/45", "mg", "day")]),
    ("The maximum recommended dosage of alogliptin and pioglitazone tablets is 25 mg of alogliptin and 15 mg of "
     "pioglitazone once daily when used in combination with gemfibrozil or other strong CYP2C8 inhibitors.",
     [("25/15", "mg", "day")]),
])
def test_combination_ceiling_of_two_named_ingredients(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


def test_combination_tablet_strengths_are_no_count_of_tablets() -> None:
    # valsartan/hydrochlorothiazide: "one 320/25 tablet" was read as 12.8 tablets a day
    text = ("The dosage can be increased after 1 to 2 weeks of therapy to a maximum of one 320/25 tablet once daily as "
            "needed to control blood pressure [see Clinical Studies ( 14.2 )].")
    assert maxima(text) == []
    assert quantities("take 1/2 tablet")[0].value == 0.5  # a fraction of a tablet still is one


@pytest.mark.parametrize(("text", "expected"), [
    # frequency ceilings: glycopyrrolate, pramoxine (OTC, applied), latanoprost (an ophthalmic solution, in drops),
    # mavorixafor and cantharidin (a brand name between the count and its unit)
    ("Frequency of administration should be dictated by patient response up to a maximum of four times daily.",
     [(4, "doses", "day")]),
    ("apply to affected area not more than 3 to 4 times daily", [(4, "applications", "day")]),
    ("The dosage of latanoprost ophthalmic solution should not exceed once daily; the combined use of two or more "
     "prostaglandins, or prostaglandin analogs including latanoprost ophthalmic solution is not recommended.",
     [(1, "drops", "day")]),
    ("Do not take more than 1 XOLREMDI dose each day.", [(1, "doses", "day")]),
    ("Use no more than two YCANTH applicators during a single treatment session.", [(2, "applicators", "session")]),
])
def test_frequency_and_count_ceilings(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize("text", [
    # clevidipine: what patients received, under a "Maximum dose:" line title, is no ceiling
    "Maximum dose : Most patients have received maximum doses of 16 mg/hour or less.",
    "Maximum dose: Most patients were treated with maximum doses of 16 mg/hour or less.There is limited short-term "
    "experience with doses up to 32 mg/hour.",
    # valsartan/hydrochlorothiazide: a ceiling whose period the statement does not say is not given (precision first)
    "The clinical response to valsartan and hydrochlorothiazide tablets should be subsequently evaluated and if blood "
    "pressure remains uncontrolled after 3 to 4 weeks of therapy, the dose may be titrated up to a maximum of 320/25 "
    "mg.",
    # a concentration in g/dL is no dose
    "Doses were titrated to achieve and maintain the lowest hemoglobin level sufficient to avoid transfusion and not "
    "to exceed 12 g/dL.",
    # a duration is not a frequency ceiling (constructed: guards the frequency cue's "N times")
    "Treatment should not exceed 1 day.",
])
def test_no_maximum(text: str) -> None:
    assert maxima(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a cap of a weight-based dose is per dose (brentuximab-like wording, from the demo store)
    ("Restart at 1.2 mg/kg up to a maximum of 120 mg every 3 weeks.", [(120, "mg", "dose")]),
    ("For patients weighing at least 40 kg, administer NIKTIMVO 0.3 mg/kg, up to a maximum dose of 35 mg, as an "
     "intravenous infusion over 30 minutes every 2 weeks until progression or unacceptable toxicity.",
     [(35, "mg", "dose")]),
    ("The maximum sirolimus tablets dose administered on any day should not exceed 40 mg.", [(40, "mg", "day")]),
    ("do not exceed 8 softgels per 24 hrs", [(8, "softgels", "day")]),
])
def test_weight_based_caps_and_any_day(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # from the whole-store check of the changes above (demo store labels, not the gold): the cue's "daily" wins over
    # a frequency of divided doses; "during any 24-hour period" before the cue; two ingredients' daily amounts
    ("The maximum recommended daily dose is 6 mg given in divided doses 3 times a day.", [(6, "mg", "day")]),
    ("The recommended starting dose of MOTOFEN ® tablets in adults is 2 tablets then 1 tablet after each loose stool "
     "or 1 tablet every 3 to 4 hours as needed, but the total dosage during any 24-hour treatment period should not "
     "exceed 8 tablets.", [(8, "tablets", "day")]),
    ("The maximum recommended daily dose is 100 mg of sitagliptin and 2000 mg of metformin HCl.",
     [("100/2000", "mg", "day")]),
    # a diluent's volume is no dose
    ("100 mg Plain- For intravenous or intramuscular injection, prepare solution by aseptically adding not more than 2 "
     "mL of Bacteriostatic Water for Injection or Bacteriostatic Sodium Chloride Injection to the contents of one "
     "vial.", []),
])
def test_whole_store_regressions(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


def test_a_table_header_in_parentheses_is_no_cap() -> None:
    # whole-store sanity read: "(maximum dose per day)" is a column header; the 40 mg after it is a starting dose
    assert maxima("Table 2: Dose Escalation for Pediatric CML Formulation Dose (maximum dose per day) Starting Dose "
                  "Escalation Tablets 40 mg 50 mg 60 mg 70 mg 70 mg 90 mg 100 mg 120 mg") == []
    assert maxima("Dosage (Single Dose Regimen) Birth to less than 6 years 22.5 mg/kg (maximum 1,500 mg) 6 to less "
                  "than 18 years 18 mg/kg (maximum 1,500 mg)") == [(1500, "mg", "dose")] * 2


@pytest.mark.parametrize(("text", "expected"), [
    # from the whole demo store (statements with a ceiling cue and no maximum read): the product named between
    # "maximum recommended" and "dosage", a monthly ceiling, a maximum infusion rate, "(900 mg maximum)"
    ("The maximum recommended clozapine tablets oral dosage is 450 mg twice daily.", [(450, "mg", "dose")]),
    ("The maximum monthly dosage is 156 mg for patients with mild renal impairment.", [(156, "mg", "month")]),
    ("The initial infusion rate of ALDURAZYME is 10 mcg/kg/hr and may be increased every 15 minutes during the first "
     "hour, as tolerated, to a maximum infusion rate of 200 mcg/kg/hr.", [(200, "mcg/kg", "hour")]),
    ("Pediatric patients 2 to 11 years: Rifapentine tablets (based on weight, see table below) and isoniazid 25 mg/kg "
     "(900 mg maximum).", [(900, "mg", "dose")]),
    # a diluent's volume is none
    ("Compatible Intravenous Solutions for Pharmacy Bulk Bottles 0.9% sodium chloride for injection Sterile water for "
     "injection ‡ (Maximum recommended volume per dose of sterile water for injection is 50 mL)", []),
])
def test_more_ceiling_wordings(text: str, expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # from the whole demo store (ceilings whose period was not found): a parenthesis between the amount and its
    # frequency, strengths written "20 mg/10 mg", a rate per second
    ("If binimetinib is withheld, reduce BRAFTOVI to a maximum dose of 300 mg (four 75 mg capsules) once daily until "
     "binimetinib is resumed [see Warnings and Precautions (5.9) ] .", [(300, "mg", "day")]),
    ("The maximum recommended dose is 396 mg (two 198 mg capsules) twice daily.", [(396, "mg", "dose")]),
    ("The maximum recommended dosage is 20 mg/10 mg once daily.", [("20/10", "mg", "day")]),
    ("The maximum daily dosage is 200 mcg/20 mcg.", [("200/20", "mcg", "day")]),
    ("Administer intravenously at a rate not exceeding 0.05 mL/s.", [(0.05, "mL", "second")]),
])
def test_periods_after_a_parenthesis_and_slashed_strengths(text: str,
                                                           expected: list[tuple[Any, str, str | None]]) -> None:
    assert maxima(text) == expected
