"""Seventh tuning pass (issue 15 point 8): the seed-21 kinds, each on the label's own sentence."""

from medbrief.facts.dose import max_doses


def _keys(text: str) -> set[tuple]:
    return {(f.value, f.unit, f.per) for f in max_doses(text)}


def test_up_to_n_cycles_is_a_course_cap():
    # bendamustine, ponatinib, gemtuzumab (seed 21)
    assert (6, "cycles", "course") in _keys("The recommended dosage is 100 mg/m 2 administered intravenously over 30 "
                                            "minutes on Days 1 and 2 of a 28-day cycle, up to 6 cycles.")
    assert (20, "cycles", "course") in _keys("Continue ICLUSIG in combination with chemotherapy for up to 20 cycles "
                                             "until loss of response or unacceptable toxicity")
    assert (8, "cycles", "course") in _keys("A treatment course of MYLOTARG consists of 1 cycle of induction and up "
                                            "to 8 cycles of continuation therapy")


def test_cycles_of_another_regimen_or_given_in_a_trial_are_not_caps():
    assert not _keys("In the adjuvant setting, administer TECENTRIQ following resection and up to 4 cycles of "
                     "platinum-based chemotherapy")
    assert not _keys("Patients received up to 6 cycles of therapy.")


def test_a_capped_count_of_doses_is_per_course():
    assert (12, "doses", "course") in _keys("1.2 mg/kg up to a maximum of 120 mg every 2 weeks for a maximum of 12 "
                                            "doses.")
    assert _keys("INFASURF can be administered every 12 hours for a total of up to three doses.") == {
        (3, "doses", "course")}
    # a day's count stays a day's
    assert (3, "doses", "course") not in _keys("2 mg by mouth every 6 to 8 hours, as needed, to a maximum of three "
                                               "doses in 24 hours.")


def test_a_repeat_interval_is_one_dose_per_period():
    assert _keys("Doses should not be given more frequently than every 12 hours.") == {(1, "doses", "12 hours")}
    assert _keys("Administer retreatment with XEOMIN no more frequently than every three months.") == {
        (1, "doses", "3 months")}
    assert _keys("Administer repeat XEOMIN treatments no sooner than every 12 weeks.") == {(1, "doses", "12 weeks")}


def test_a_change_or_a_course_interval_is_not_a_dose_ceiling():
    assert not _keys("The dose may be increased in 2.5 mg or 5 mg increments no more frequently than every 4 weeks.")
    assert not _keys("Increase the dose of PARSABIV in 2.5 mg or 5 mg increments in individuals with corrected serum "
                     "calcium within the normal range no more frequently than every 4 weeks.")
    assert not _keys("Subsequent courses should be administered every 24 weeks or based on clinical evaluation, but "
                     "not sooner than every 16 weeks.")


def test_premeal_maximum_or_pair():
    # pramlintide (seed 21)
    assert _keys("Increase in 15 mcg increments to a maximum premeal dose of 30 or 60 mcg, as tolerated.") == {
        (60, "mcg", "dose")}


def test_botulinum_toxin_ceilings_are_per_session():
    # incobotulinumtoxinA (seed 21): were read per course and per dose (5 false maxima)
    assert _keys("Do not exceed a total XEOMIN dose of 100 Units per treatment session (50 Units per eye).") >= {
        (100, "units", "session")}
    assert _keys("If both upper limbs are treated, do not exceed a total XEOMIN dosage of 16 Units/kg, up to a "
                 "maximum of 400 Units.") == {(16, "units/kg", "session"), (400, "units", "session")}
    assert _keys("The maximum recommended dose is 8 Units/kg, divided among affected muscles, up to a maximum dose "
                 "of 200 Units per single upper limb.") >= {(200, "units", "session")}
