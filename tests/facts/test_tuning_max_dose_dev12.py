"""Twelfth tuning pass (issue 15): dosing-table maxima with a period rule, and per-dose vs per-day wording, each on
the label's own text (seed-20, -21, -24 and -25 labels)."""

from medbrief.facts.dose import label_period, max_doses, pipe_table_maxima


def _keys(text: str) -> set[tuple]:
    return {(f.value, f.unit, f.per) for f in max_doses(text)}


def _table_keys(text: str, period: str | None) -> set[tuple]:
    return {(f.value, f.unit, f.per) for _, _, f in pipe_table_maxima(text, period)}


# mirabegron for extended-release oral suspension (seed 20), as sources.tables writes its Table 1 and Table 4
_MIRABEGRON = """| Body Weight Range | Starting Dose | Maximum Volume |
| --- | --- | --- |
| 11 kg to less than 22 kg | 3 mL (24 mg) | 6 mL (48 mg) |
| 22 kg to less than 35 kg | 4 mL (32 mg) | 8 mL (64 mg) |
| Greater than or equal to 35 kg | Refer to information in next section | |
| Estimated GFR1 | Body Weight Range | Starting Dose | Maximum Dose |
| --- | --- | --- | --- |
| eGFR 30 to 89 mL/min/1.73 m2 | 11 kg to less than 22 kg | 3 mL (24 mg) | 6 mL (48 mg) |
| eGFR 15 to 29 mL/min/1.73 m2 | 11 kg to less than 22 kg | 3 mL (24 mg) | 3 mL (24 mg) |
| eGFR < 15 mL/min/1.73 m2 or undergoing dialysis | Use is Not Recommended | | |
"""
_MIRABEGRON_DOSING = [
    "The recommended starting dosage of mirabegron for extended-release oral suspension is based on body weight "
    "(see Table 1). Administer orally once daily with food.",
    "If needed, increase to a maximum dosage of mirabegron for extended-release oral suspension 10 mL (80 mg) orally "
    "once daily after 4 to 8 weeks.",
]


def test_a_label_dosed_once_daily_gives_its_tables_maxima_per_day():
    period = label_period(_MIRABEGRON_DOSING)
    assert period == "day"
    # the amount of drug in parentheses, not the volume it is measured in
    assert _table_keys(_MIRABEGRON, period) == {(48, "mg", "day"), (64, "mg", "day"), (24, "mg", "day")}


def test_without_a_period_a_table_without_one_gives_nothing():
    # precision first: a "Maximum Dose" column whose header, caption, cells and label name no period
    assert _table_keys(_MIRABEGRON, None) == set()
    # a label with another schedule besides once daily says no period for every dose
    assert label_period(["Take 10 mg once daily.", "In children, give 5 mg twice daily."]) is None
    assert label_period(["Administer 3 mg/kg every 3 days for 5 doses."]) is None
    # a laboratory multiple or a test's schedule is no dosing schedule (lomitapide, seed 24)
    assert label_period(["Take JUXTAPID once daily with a glass of water.",
                         "ALT or AST ≥3 times and <5 times ULN: Repeat tests weekly."]) == "day"
    assert label_period(["Take one tablet once daily.", "Then 2 mg three times a day."]) is None


# metreleptin (seed 24): Table 1's header names the day, Table 2 (an example chart) does not
_METRELEPTIN = (
    "Table 1: MYALEPT Recommended Dosage\n"
    "| Baseline weight | Starting daily dose (injection volume) | Dose adjustments (injection volume) "
    "| Maximum daily dose (injection volume) |\n"
    "| --- | --- | --- | --- |\n"
    "| Less than or equal to 40 kg (males and females) | 0.06 mg/kg (0.012 mL/kg) | 0.02 mg/kg (0.004 mL/kg) "
    "| 0.13 mg/kg (0.026 mL/kg) |\n"
    "| Males greater than 40 kg | 2.5 mg (0.5 mL) | 1.25 mg (0.25 mL) to 2.5 mg (0.5 mL) | 10 mg (2 mL) |\n"
    "Table 2: Example Dosing Chart for Patients Less than or Equal to 40 kg\n"
    "| Weight | Starting Dose | Dose Adjustment | Maximum Dose |\n"
    "| --- | --- | --- | --- |\n"
    "| 5 kg | 0.30 mg (0.06 mL or 6 Units) | 0.10 mg (0.02 mL or 2 Units) | 0.65 mg (0.13 mL or 13 Units) |\n"
    "| 10 kg | 0.60 mg (0.12 mL or 12 Units) | 0.20 mg (0.04 mL or 4 Units) | 1.3 mg (0.26 mL or 26 Units) |\n"
)


def test_a_cell_with_its_volume_in_parentheses_is_its_mass():
    # Table 1's "Maximum daily dose": per day from the header, whatever the label says elsewhere
    assert _table_keys(_METRELEPTIN, None) == {(0.13, "mg/kg", "day"), (10, "mg", "day")}
    # Table 2's "Maximum Dose": per day only from the label's once-daily dosing
    assert _table_keys(_METRELEPTIN, label_period(["MYALEPT should be administered once daily at the same time "
                                                   "every day."])) == {
        (0.13, "mg/kg", "day"), (10, "mg", "day"), (0.65, "mg", "day"), (1.3, "mg", "day")}


# incobotulinumtoxinA (seed 21): Table 4's per-muscle "Maximum (Units)" column, the Units of one treatment session
_XEOMIN = """Table 4: XEOMIN Dosing by Muscle for Treatment of Pediatric Upper Limb Spasticity
| Clinical Pattern Muscle | Dosage – Range (Units/kg) | Maximum (Units) | Number of Injection Sites per Muscle |
| --- | --- | --- | --- |
| Biceps | 2-3 | 75 | 1-3 |
| Flexor carpi radialis | 1 | 25 | 1 |
| Pronator quadratus | 0.5 | 12.5 | 1 |
"""


def test_a_toxin_tables_units_are_per_treatment_session():
    period = label_period(["Do not exceed a total XEOMIN dose of 100 Units per treatment session (50 Units per "
                           "eye).", "Administer repeat XEOMIN treatments no sooner than every 12 weeks."])
    assert period == "session"
    assert _table_keys(_XEOMIN, period) == {(75, "Units", "session"), (25, "Units", "session"),
                                            (12.5, "Units", "session")}
    assert _table_keys(_XEOMIN, None) == set()


def test_the_cap_of_a_daily_weight_based_dose_is_a_days():
    # rufinamide (seed 25): 3,200 mg was read per dose
    assert _keys("The dose should be increased by approximately 10 mg/kg increments every other day until a maximum "
                 "daily dose of 45 mg/kg, not to exceed 3,200 mg, administered in two equally divided doses, is "
                 "reached.") == {(45, "mg/kg", "day"), (3200, "mg", "day")}
    # the cap of one weight-based dose stays a dose's
    assert _keys("The recommended dose is 1.2 mg/kg up to a maximum of 120 mg.") == {(120, "mg", "dose")}


def test_how_often_a_dose_is_raised_is_no_ceiling():
    # tapentadol (seed 25): "2 doses/day" was read from the titration's frequency
    assert not _keys("Titrate patients to adequate analgesia with dose increases of 50 mg no more than twice daily "
                     "every three days.")
    # anagrelide (seed 25): a step's limit, "0.5 mg/day" was read as a maximum
    assert not _keys("The dose increase increment should not exceed 0.5 mg/day in any one week.")
    assert not _keys("Do not exceed a dose increment of 0.5 mg/day in any one week.")


def test_no_more_than_every_24_hours_is_one_dose_a_day():
    # tapentadol (seed 25), moderate hepatic impairment
    assert _keys("Moderate Hepatic Impairment: Initiate treatment with 50 mg tapentadol extended-release tablet no "
                 "more than every 24 hours.") == {(1, "doses", "day")}


def test_the_second_ceiling_with_its_own_period_after_it():
    # anagrelide (seed 25): "2.5 mg in a single dose" was missed
    assert _keys("Dosage should not exceed 10 mg/day or 2.5 mg in a single dose.") == {
        (10, "mg", "day"), (2.5, "mg", "dose")}


def test_a_cumulative_cap_over_several_days_keeps_its_period():
    # emapalumab (seed 25), Table 3's cell: read per course before
    assert _keys("If unsatisfactory improvement in clinical condition, as assessed by a healthcare provider, the dose "
                 "of GAMIFANT may be increased to: a maximum cumulative dose of 10 mg/kg over 3 days AND the "
                 "frequency may be increased to: every 2 days or once daily") == {(10, "mg/kg", "3 days")}
