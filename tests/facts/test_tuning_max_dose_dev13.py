"""Thirteenth tuning pass (issue 15): the seed-26 kinds, each on the label's own text — other drugs' ceilings in Drug
Interactions (kind "interaction", never the label drug's own), per-session ceilings, a table column whose header
states the one ceiling, a table cell's parenthesised cap, and renal statements that are none (normal kidney
function, no information) or that were missed (initiate at a dose, withhold)."""

from medbrief.facts.dose import dose_facts, max_doses, other_drug_maxima, pipe_table_maxima
from medbrief.facts.populations import renal

_PREZCOBIX = frozenset({"prezcobix", "darunavir", "cobicistat", "ethanolate"})


def _other(text: str, names: frozenset[str] = _PREZCOBIX, label: str = "PREZCOBIX") -> set[tuple]:
    return {(f.kind, f.value, f.unit, f.per, f.population) for f in other_drug_maxima(text, names, label)}


def test_an_interacting_drugs_ceiling_names_that_drug_and_the_label():
    # darunavir/cobicistat (seed 26), Drug Interactions as the label tier splits it
    assert _other("Dosage recommendations with atorvastatin or rosuvastatin are as follows: atorvastatin dosage should "
                  "not exceed 20 mg/day rosuvastatin dosage should not exceed 20 mg/day Other lipid modifying "
                  "agents: lomitapide") == {
        ("interaction", 20, "mg", "day", "atorvastatin, with PREZCOBIX"),
        ("interaction", 20, "mg", "day", "rosuvastatin, with PREZCOBIX")}
    assert _other("Treatment of familial Mediterranean fever – co-administration of colchicine : Maximum daily dose "
                  "of 0.6 mg (may be given as 0.3 mg twice a day).") == {
        ("interaction", 0.6, "mg", "day", "colchicine, with PREZCOBIX")}
    assert _other("When fesoterodine is co-administered with PREZCOBIX or PREZCOBIX PED, do not exceed a fesoterodine "
                  "dose of 4 mg once daily.") == {("interaction", 4, "mg", "day", "fesoterodine, with PREZCOBIX")}


def test_a_single_dose_in_so_many_hours_is_per_that_period():
    got = _other("Use of PDE-5 inhibitors for erectile dysfunction: Sildenafil at a single dose not exceeding 25 mg "
                 "in 48 hours, vardenafil at a single dose not exceeding 2.5 mg dose in 72 hours, or tadalafil at a "
                 "single dose not exceeding 10 mg in 72 hours, with increased monitoring for PDE-5 "
                 "inhibitor-associated adverse events.")
    assert {(v, u, p, who.split(",")[0]) for _, v, u, p, who in got} == {
        (25, "mg", "48 hours", "sildenafil"), (2.5, "mg", "72 hours", "vardenafil"),
        (10, "mg", "72 hours", "tadalafil")}


def test_the_label_drugs_own_ceiling_is_not_another_drugs():
    # ambrisentan's own cap with cyclosporine is interaction_maxima's (kind "maximum"), not an interaction cap
    assert _other("Limit the dose of ambrisentan to 5 mg once daily when coadministered with cyclosporine.",
                  frozenset({"ambrisentan", "letairis"}), "LETAIRIS") == set()
    # no capped drug named at the cue: nothing
    assert _other("The dose should not exceed 20 mg daily when coadministered with PREZCOBIX.") == set()
    # without the label's names nothing is read
    assert other_drug_maxima("atorvastatin dosage should not exceed 20 mg/day", frozenset(), "X") == []


def _dose_keys(text: str) -> set[tuple]:
    return {(f.value, f.unit, f.per) for f in dose_facts(text) if f.fact == "max_dose" and f.kind == "maximum"}


def test_a_treatment_sessions_ceilings_are_per_session():
    # deoxycholic acid (seed 26), Dosage and Administration
    assert _dose_keys("A single treatment consists of up to a maximum of 50 injections, 0.2 mL each (up to a total of "
                      "10 mL), spaced 1 cm apart.") == {(50, "injections", "session"), (10, "mL", "session")}
    assert _dose_keys("Up to 50 injections or 10 mL may be injected in a single treatment.") == {
        (50, "injections", "session"), (10, "mL", "session")}
    # the count of sessions is the course's cap
    assert _dose_keys("Up to 6 single treatments may be administered at intervals no less than 1 month apart.") == {
        (6, "treatments", "course")}
    # a trial's allowance (Clinical Studies wording) is no instruction; no session named, no session ceiling
    assert _dose_keys("For each treatment session a maximum of 100 mg (10 mL) was permitted over the entire "
                      "treatment area.") == set()
    assert _dose_keys("Inject up to 10 mL at each site.") == set()


_VIGABATRIN = """| Weight [kg] | Starting Dose 50 mg/kg/day | Maximum Dose 150 mg/kg/day |
| --- | --- | --- |
| 3 | 1.5 mL twice daily | 4.5 mL twice daily |
| 4 | 2 mL twice daily | 6 mL twice daily |
| 5 | 2.5 mL twice daily | 7.5 mL twice daily |
"""


def test_a_maximum_column_whose_header_states_the_ceiling_gives_that_one_ceiling():
    # vigabatrin (seed 26): the cells are 150 mg/kg/day measured out per body weight, not ceilings of their own
    assert {(f.value, f.unit, f.per) for _, _, f in pipe_table_maxima(_VIGABATRIN, "day")} == {
        (150, "mg/kg", "day")}


def test_a_table_cells_parenthesised_cap_is_one_doses():
    # iohexol (seed 26): the flattened Table 3 and Table 10 rows
    got = {(f.value, f.unit, f.per) for f in max_doses(
        "Table 3: Recommended Concentrations and Volumes of Iohexol Injection for Intravenous Procedures in Adults "
        "Imaging Procedure Concentration (mg Iodine/mL) Volume to Administer Excretory Urography 300 * 0.6 mL/kg to "
        "1.2 mL/kg body weight (maximum dose is 102 mL) 350 * CT Head 240 * 120 mL to 250 mL by infusion")}
    assert got == {(102, "mL", "dose")}
    got = {(f.value, f.unit, f.per) for f in max_doses(
        "Table 10: Recommended Concentrations and Volumes of Iohexol Injection per Body Weight for Intravenous "
        "Procedures in Pediatric Patients Imaging Procedure Concentration (mg Iodine/mL) Volume per Body Weight to "
        "Administer Excretory Urography 300 * 0.5 mL/kg to 3 mL/kg (Maximum single dose: 116 mL) CT of the Head and "
        "Body 240 * 1 mL/kg to 2 mL/kg (with maximum 3 mL/kg) (Maximum single dose: 116 mL) 300 ** * Use single-dose "
        "containers.")}
    assert got == {(116, "mL", "dose"), (3, "mL/kg", "dose")}
    # a column header "Maximum Dose" running into the cells is still no cap of its own
    assert max_doses("Table 1: Dosing Weight Starting Dose Maximum Dose 3 1.5 mL twice daily 4.5 mL twice daily") == []


def _renal_kinds(text: str) -> list[str]:
    return [f.kind for f in renal(text)]


def test_the_usual_dose_above_a_kidney_function_threshold_is_no_renal_statement():
    # dalbavancin, pemetrexed, fosfomycin (seed 26): the dose for patients above the band where it changes
    assert _renal_kinds("The recommended dosage regimen of dalbavancin for injection in adult patients with CLcr 30 "
                        "mL/min and above is 1,500 mg, administered as a single dose regimen.") == []
    assert _renal_kinds("The recommended dosage of Pemetrexed Injection, administered as a single agent or with "
                        "cisplatin, in patients with creatinine clearance of 45 mL/minute or greater is 500 mg/m 2 as "
                        "an intravenous infusion over 10 minutes on Day 1 of each 21-day cycle.") == []
    assert _renal_kinds("The recommended dosage of CONTEPO is 6 grams administered every 8 hours by intravenous (IV) "
                        "infusion over 1 hour in patients 18 years of age or older with an estimated creatinine "
                        "clearance (CLcr) greater than 50 mL/min.") == []
    # a band below the threshold is for the patients who have the impairment
    assert _renal_kinds("Withhold Pemetrexed Injection in patients with a creatinine clearance of less than 45 "
                        "mL/minute [see Dosage and Administration ( 2.3 )] .") == ["avoid"]


def test_no_information_is_no_renal_statement():
    assert _renal_kinds("There is insufficient information to recommend dosage adjustment for pediatric patients "
                        "younger than 18 years with CLcr less than 30 mL/min/1.73m 2 [see Use in Specific Populations "
                        "( 8.4 ) and Clinical Pharmacology ( 12.3 )] .") == []
    assert _renal_kinds("Dosage adjustment in pediatric patients with CLcr less than 30 mL/min has not been "
                        "studied.") == []
    assert _renal_kinds("Information about how to adjust the dose in infants with renal impairment is "
                        "unavailable.") == []
    assert _renal_kinds("See also full prescribing information for the recommended dosage by indication for patients "
                        "with renal or hepatic impairment.") == []


def test_a_starting_dose_for_the_impaired_is_an_adjustment():
    # miglustat (seed 26), 2.2 and 8.6
    assert _renal_kinds("In patients with mild renal impairment (adjusted creatinine clearance 50-70 mL/min/1.73 m 2 "
                        "), initiate miglustat treatment at a dose of 100 mg twice per day.") == ["adjust"]
    assert _renal_kinds("In patients with moderate renal impairment (adjusted creatinine clearance of 30-50 "
                        "mL/min/1.73 m 2 ), miglustat capsules administration should commence at a dose of 100 mg "
                        "once a "
                        "day.") == ["adjust"]


def test_doses_above_an_amount_not_recommended_are_a_ceiling_with_the_period_said_before():
    # loxapine and macitentan (seed 26); potassium citrate (seed 25)
    assert _dose_keys("Daily dosage higher than 250 mg is not recommended.") == {(250, "mg", "day")}
    assert _dose_keys("Doses higher than 10 mg once daily have not been studied in patients with PAH and are not "
                      "recommended.") == {(10, "mg", "day")}
    assert _dose_keys("Doses of potassium citrate extended-release tablets greater than 100 mEq/day have not been "
                      "studied and should be avoided.") == {(100, "mEq", "day")}
    # "not studied" alone, or what trials studied, states no ceiling
    assert _dose_keys("Doses higher than 10 mg once daily have not been studied in patients with PAH.") == set()
    assert _dose_keys("Doses above 20 mg were studied in trials and are not recommended.") == set()


def test_a_dose_table_row_that_explains_not_recommended_stays_a_statement_and_a_graded_toxicity_is_none():
    # seed 25: "insufficient information" as the reason for "Not Recommended" in a renal dosing table
    assert _renal_kinds("30-89 No dosage adjustment No dosage adjustment 15-29 No dosage adjustment 200 mg every 12 "
                        "hours End Stage Renal Disease (ESRD) (< 15 including hemodialysis) Not Recommended Not "
                        "recommended due to insufficient information to provide dosing recommendations.") != []
    # lutetium Lu 177 vipivotide tetraxetan (seed 25): a drug-induced kidney toxicity's row, graded "≥ 2"
    assert _renal_kinds("Defined as: Confirmed serum creatinine increase (Grade ≥ 2) Confirmed CLcr < 30 mL/min; "
                        "calculate using Cockcroft-Gault with actual body weight Withhold PLUVICTO until "
                        "improvement.") == []
