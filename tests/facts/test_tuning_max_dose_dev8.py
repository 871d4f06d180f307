"""Maximum-dose kinds of error found over all eight dev golds (seeds 15-22) in the eighth tuning pass, each on a
label's own text (openFDA, verbatim): an infusion table's "Maximum Infusion Rate" column, a radiopharmaceutical's
"maximum mass dose", a second ceiling for a second group of patients in the same clause ("80 mg per day in moderate
hepatic impairment and 40 mg per day in severe hepatic impairment"), and a parenthesised cap after a total daily
dose."""

from __future__ import annotations

from medbrief.facts.dose import max_doses, pipe_table_maxima


def _keys(found: list) -> list[tuple]:
    return [(f.value, f.unit, f.per) for f in found]


def test_maximum_infusion_rate_column() -> None:
    # imiglucerase (seed 22): the last column is the ceiling rate of each weight band
    table = ("| Patient Weight | Total Infusion Volume | Infusion Time | Maximum Infusion Rate |\n"
             "| --- | --- | --- | --- |\n"
             "| 1.5 kg to < 6 kg | 12 mL | 2 hours | 6 mL/hour |\n"
             "| 6 kg to < 13 kg | 26 mL | 2 hours | 13 mL/hour |\n"
             "| > 100 kg | 400 mL | 1 to 2 hours | 400 mL/hour |\n")
    assert [k for _, _, k in ((a, b, (f.value, f.unit, f.per)) for a, b, f in pipe_table_maxima(table))] == [
        (6, "mL", "hour"), (13, "mL", "hour"), (400, "mL", "hour")]
    # elosulfase alfa (seed 21): the header names the unit and the column
    table = ("| Patient Weight | Infusion rate (mL/hour) – First 15 minutes "
             "| Infusion rate (mL/hour) – Next 15 minutes | Infusion rate (mL/hour) – Subsequent Rate Increments "
             "| Infusion rate (mL/hour) – Maximum Infusion Rate |\n"
             "| --- | --- | --- | --- | --- |\n"
             "| Less than 25 kg | 3 mL/hour | 6 mL/hour | 6 mL/hour every 15 minutes | 36 mL/hour |\n"
             "| 25 kg or more | 6 mL/hour | 12 mL/hour | 12 mL/hour every 15 minutes | 72 mL/hour |\n")
    assert [(f.value, f.unit, f.per) for _, _, f in pipe_table_maxima(table)] == [(36, "mL", "hour"),
                                                                               (72, "mL", "hour")]


def test_maximum_rate_column_needs_an_amount_per_time() -> None:
    # a rate column whose cells are volumes is no ceiling rate
    table = ("| Patient Weight | Maximum Infusion Rate |\n| --- | --- |\n| 10 kg | 20 mL |\n")
    assert pipe_table_maxima(table) == []


def test_maximum_mass_dose() -> None:
    # florbetapir, flutemetamol (seed 22): the mass of drug in one administration
    assert _keys(max_doses("The maximum mass dose is 50 mcg.")) == [(50, "mcg", "dose")]
    assert _keys(max_doses("The maximum mass dose is 20 mcg.")) == [(20, "mcg", "dose")]


def test_second_ceiling_for_second_group() -> None:
    # lurasidone (seed 21)
    text = ("The maximum recommended dose is 80 mg per day in moderate hepatic impairment and 40 mg per day in severe "
            "hepatic impairment (Child-Pugh Class C).")
    assert _keys(max_doses(text)) == [(80, "mg", "day"), (40, "mg", "day")]
    # a dose of another unit after "and" is not a second ceiling
    assert _keys(max_doses("The maximum dose is 80 mg per day in adults and 2 mL of the solution in children.")) == [
        (80, "mg", "day")]


def test_parenthesised_cap_after_a_total_daily_dose() -> None:
    # ketorolac (seed 22): the cap in parentheses after "total daily dose" is the day's, not one dose's
    text = ("The recommended total daily dose of ketorolac tromethamine tablets (maximum 40 mg) is significantly lower "
            "than for ketorolac tromethamine injection")
    assert _keys(max_doses(text)) == [(40, "mg", "day")]
    # after a weight-based dose it is still that dose's cap (isoniazid)
    assert _keys(max_doses("Children: 10 to 15 mg/kg (maximum 300 mg) once daily")) == [(300, "mg", "dose")]


def test_whichever_is_less_cell_gives_both_ceilings() -> None:
    # atomoxetine (seed 21): the maximum column's cell holds two ceilings, the lower applying
    table = ("| Age and Body Weight | Starting Dosage | Target Dosage 1 | Maximum Total Daily Dose 1 |\n"
             "| --- | --- | --- | --- |\n"
             "| Pediatrics who weigh less than 70 kg | 0.5 mg/kg/day | 1.2 mg/kg/day | 1.4 mg/kg/day or 100 mg/day "
             "(whichever is less) |\n"
             "| Pediatrics who weigh 70 kg or more and adults | 40 mg/day | 80 mg/day | 100 mg/day |\n")
    assert [(f.value, f.unit, f.per) for _, _, f in pipe_table_maxima(table)] == [
        (1.4, "mg/kg", "day"), (100, "mg", "day"), (100, "mg", "day")]
    # a cell of two doses with no "whichever" is still left out
    table = ("| Indication | Maximum Dose |\n| --- | --- |\n| Pain | 10 mg/day or 20 mg/day |\n")
    assert pipe_table_maxima(table) == []


def test_once_in_every_so_many_hours() -> None:
    # tadalafil (seed 22): a frequency ceiling over a period of hours
    text = ("For patients with creatinine clearance 30 to 50 mL/min, a starting dose of 5 mg not more than once daily "
            "is recommended, and the maximum dose is 10 mg not more than once in every 48 hours.")
    assert (1, "doses", "48 hours") in _keys(max_doses(text))
    assert (1, "doses", "72 hours") in _keys(max_doses("The maximum dose is 5 mg not more than once in every 72 "
                                                       "hours."))


def test_at_weekly_intervals_is_the_period() -> None:
    # betamethasone injectable suspension (seed 22)
    assert _keys(max_doses("A total of no more than 1.0 mL at weekly intervals is recommended.")) == [
        (1, "mL", "week")]


def test_toxin_ceiling_spread_over_sites_is_per_session() -> None:
    # incobotulinumtoxinA (seed 21): a ceiling in Units with no period said, spread over sites or areas treated together
    assert _keys(max_doses("Upper Facial Lines (Glabellar Lines, Horizontal Forehead Lines, and Lateral Canthal "
                           "Lines): When treating all three areas simultaneously (glabellar lines, horizontal forehead "
                           "lines, and lateral canthal lines), the maximum recommended dose is 64 Units ( 2.6 ).")) == [
        (64, "units", "session")]
    assert _keys(max_doses("When not treating simultaneously: Glabellar Lines: four Units into each of five sites, for "
                           "a maximum dose of 20 Units")) == [(20, "units", "session")]
    # insulin units are not a toxin's, whatever sites are named
    assert max_doses("Rotate injection sites. The maximum dose is 80 units of insulin.") == []
    # "12 Units per side (24 Units in total)": the session's ceiling is the total (seed 21)
    assert _keys(max_doses("Lateral Canthal Lines: four Units into each of three sites per side (injection sites 3 to "
                           "5), for a maximum dose of 12 Units per side (24 Units in total)")) == [
        (24, "units", "session")]
