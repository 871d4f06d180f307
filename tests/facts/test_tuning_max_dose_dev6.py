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
    got = _keys("The maximum dosage in a 24-hour period is a single dose of 85 mg or 170 mg.")
    assert (170, "mg", "day") in got and not any(isinstance(v, list) for v, _, _ in got)


@pytest.mark.parametrize(("text", "expected"), [
    # solifenacin (seed 20)
    ("Do not exceed the 5 mg dose of Solifenacin succinate tablets in patients with: Severe renal impairment "
     "creatinine clearance < 30 mL/min/1.73 m 2 .", [(5, "mg", "dose")]),
    # LIPIODOL, corpus audit
    ("Do not exceed 20 mL total dosage.", [(20, "mL", "course")]),
])
def test_amount_named_as_a_dose(text: str, expected: list[tuple[object, str, str]]) -> None:
    assert _keys(text) == expected


def test_amount_after_the_verb_not_another_doses() -> None:
    # paliperidone palmitate's flattened table (corpus audit, a false maximum the verb rule first gave): the verb's
    # subject is the recommended dosage, not the maximum column's
    assert _keys("Dosage recommendations: Indication Initial Dose (deltoid) Day 1 Monthly Dosage Administered 4 weeks "
                 "after the first injection. (deltoid or gluteal) Maximum Monthly Dosage Schizophrenia ( 2.1 ) 351 mg "
                 "39 mg to 234 mg Recommended monthly dosage for treatment of schizophrenia is 117 mg.") == []


@pytest.mark.parametrize(("text", "expected"), [
    # eszopiclone, corpus audit: "Dose" is the verb's subject
    ("Patients with severe hepatic impairment, or taking potent CYP3A4 inhibitors: Dose should not exceed 2 mg ( 2.3 )",
     [(2, "mg", "dose")]),
    # lidocaine, corpus audit
    ("For intravenous regional anesthesia, the dose administered should not exceed 4 mg/kg in adults.",
     [(4, "mg/kg", "dose")]),
    # iodixanol, corpus audit: the noun cue ("maximum dose") names no period, the verb cue after it reads the subject
    ("The maximum dose should not exceed 4 mL/kg.", [(4, "mL/kg", "dose")]),
    # esomeprazole/naproxen highlights, corpus audit
    ("Patients with severe liver impairment: do not exceed dose of 24.65 mg (2) table1 table2",
     [(24.65, "mg", "dose")]),
    # a period word in the subject still wins
    ("The total daily dose should not exceed 18,000 units.", [(18000, "units", "day")]),
])
def test_dose_as_the_subject_of_a_verb_cue(text: str, expected: list[tuple[object, str, str]]) -> None:
    assert _keys(text) == expected


def test_no_subject_no_period() -> None:
    # "Do not exceed 0.25 mL/kg." says neither a dose nor a day: not given (precision first)
    assert _keys("Do not exceed 0.25 mL/kg.") == []


def test_cap_of_a_dose_per_kg_or_per_bsa_in_words() -> None:
    # fluorescein, corpus audit: "7.7 mg for each kg"
    assert _keys("For children, the dose should be calculated on the basis of 7.7 mg for each kg of actual body weight "
                 "(or 35 mg for each 10 pounds of body weight) up to a maximum of 500 mg via intravenous "
                 "administration.") == [(500, "mg", "dose")]
    # peginterferon alfa-2a (seed 20): "180 mcg/1.73 m 2 × BSA", which the quantity reader leaves unread
    assert _keys("PEGASYS is administered as 180 mcg/1.73 m 2 × BSA subcutaneously once weekly, to a maximum dose of "
                 "180 mcg, and should be given in combination with ribavirin.") == [(180, "mcg", "dose")]


def test_single_dose_in_a_days_maximum_is_one_dose_a_day() -> None:
    # tradipitant (seed 20)
    assert sorted(_keys("The maximum dosage in a 24-hour period is a single dose of 85 mg or 170 mg."), key=str) == [
        (1, "doses", "day"), (170, "mg", "day")]


def test_single_hyphen_dose() -> None:
    # potassium chloride, corpus audit
    assert _keys("Dosages greater than 40 mEq per day should be divided such that no more than 40 mEq is given in a "
                 "single-dose.") == [(40, "mEq", "dose")]


@pytest.mark.parametrize(("text", "n"), [
    # capecitabine, corpus audit: "for maximum of 6 cycles" (no article)
    ("Pancreatic cancer 830 mg/m 2 orally twice daily for the first 21 days of each 28-day cycle for maximum of 6 "
     "cycles in combination with gemcitabine 1,000 mg/m 2 administered intravenously on days 1, 8, and 15 of each "
     "cycle.", 6),
    # tafasitamab (seed 18, the gold counts the combination's cap per course)
    ("Administer MONJUVI in combination with lenalidomide for a maximum of 12 cycles and then continue MONJUVI as "
     "monotherapy until disease progression or unacceptable toxicity.", 12),
])
def test_cycles_cap(text: str, n: int) -> None:
    assert (n, "cycles", "course") in _keys(text)


def test_abbreviated_maximum_and_to_be_taken() -> None:
    # secukinumab, corpus audit
    assert _keys("Without a loading dosage : 1.75 mg/kg every 4 weeks (max. maintenance dose 300 mg per "
                 "infusion).") == [(300, "mg", "infusion")]
    # tadalafil highlights, corpus audit
    assert _keys("Not to be taken more than once per day ( 2.1 ).") == [(1, "doses", "day")]


def test_flattened_table_bare_maximum_cell() -> None:
    # allopurinol sodium for injection, corpus audit: "Maximum 600 mg/day" is a cell with its own period
    text = ("Table 1: Recommended Daily Dose of Allopurinol Sodium for Injection Adult Patients 200 mg/m 2 /day to 400 "
            "mg/m 2 /day intravenously Maximum 600 mg/day Pediatric Patients Starting Dose 200 mg/m 2 /day "
            "intravenously Maximum 400 mg/day")
    assert _keys(text) == [(600, "mg", "day"), (400, "mg", "day")]
    # a header followed by two cells (two dosage forms) is still not read
    assert _keys("Table 2 Starting Dose Maximum 40 mg/kg/day 28 mg/kg/day") == []


def test_interaction_ceiling_of_the_own_drug_only() -> None:
    from medbrief.facts.dose import interaction_maxima

    names = frozenset({"ambrisentan", "letairis"})
    # ambrisentan (seed 20): said only in Drug Interactions
    got = interaction_maxima("Multiple dose coadministration of ambrisentan and cyclosporine resulted in an "
                             "approximately 2-fold increase in ambrisentan exposure in healthy volunteers; therefore, "
                             "limit the dose of ambrisentan to 5 mg once daily when coadministered with cyclosporine "
                             "[see Clinical Pharmacology ( 12.3 )] .", names)
    assert [(f.value, f.unit, f.per) for f in got] == [(5, "mg", "day")]
    # the other drug's limit (avacopan's "limit simvastatin dosage", seed 16) is not the label's
    assert interaction_maxima("While taking ambrisentan, limit simvastatin dosage to 10 mg daily (or 20 mg daily for "
                              "patients who have previously tolerated simvastatin 80 mg daily).", names) == []
    assert interaction_maxima("When ambrisentan is coadministered with loperamide, do not exceed loperamide 1 mg once "
                              "daily.", names) == []


def test_frequency_ceiling_to_a_maximum_of_n_times() -> None:
    # entacapone, corpus audit: "to a maximum of 8 times daily" without "up"
    assert (8, "doses", "day") in _keys(
        "The recommended dose of entacapone is one 200 mg tablet administered concomitantly with each levodopa and "
        "carbidopa dose to a maximum of 8 times daily (200 mg x 8 = 1,600 mg per day).")
