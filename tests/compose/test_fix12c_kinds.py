"""Issue 12, fix12c kinds without the shared data: question intent with a patient's measure, heading runs in
sentence case, listing thresholds that are no rate."""

from __future__ import annotations

from medbrief.compose import standalone
from medbrief.compose.label_reading import _RATE, _THRESHOLD
from medbrief.retrieve.facets import recognise_facets


def test_a_dose_with_the_patients_creatinine_clearance_is_renal_dosing_not_pharmacokinetics() -> None:
    fq = recognise_facets("What is the Pradaxa dose for a patient with creatinine clearance 20 mL/min?",
                          names_drug=True)
    assert fq.facets == ("renal", "dosing")
    assert "pharmacokinetics" in recognise_facets("What is the clearance of metformin?", names_drug=True).facets


def test_a_run_of_sentence_case_headings_is_trimmed_to_its_sentence() -> None:
    text = ("Pediatric patients with renal impairment Treatment and reduction in risk of recurrence of VTE in "
            "pediatric patients Due to lack of data in pediatric patients with eGFR < 50 mL/min/1.73 m 2 and the risk "
            "of increased exposure, avoid use of PRADAXA Capsules in these patients.")
    assert text[standalone.trimmed(text):].startswith("Due to lack of data")
    geri = "Geriatrics Limited data from controlled pharmacokinetic studies suggest that clearance is decreased."
    assert geri[standalone.trimmed(geri):].startswith("Limited data from")


def test_ordinary_sentences_are_not_cut() -> None:
    for text in ("Reduce the dose of PRADAXA in patients with severe renal impairment (CrCl 15-30 mL/min).",
                 "Dabigatran is eliminated primarily in the urine.",
                 "Exposure in patients with Child-Pugh B Treatment was 2-fold higher.",
                 "Use in patients with hepatic impairment has not been studied."):
        assert standalone.trimmed(text) == 0, text


def test_a_listing_threshold_or_confidence_level_is_no_rate() -> None:
    for text in ("Most common adverse reactions (> 15%) are gastrointestinal adverse reactions and bleeding",
                 "Most common (total frequency >= 3%): nausea, somnolence, headache, and constipation.",
                 "a trend toward a higher incidence of major bleeding (hazard ratio 1.2, 95% CI: 1.0 to 1.5)"):
        assert not _RATE.search(_THRESHOLD.sub(" ", text)), text
    assert _RATE.search(_THRESHOLD.sub(" ", "about 14% of patients treated with ticagrelor developed dyspnea"))


def test_a_bands_bound_in_the_question_is_not_the_patients_measure() -> None:
    """Kind 5: "under 70 kg" was read as a patient weighing 70 kg."""
    from medbrief.compose.table_reading import measures

    # a bound stands for a patient just inside it: the "< 70 kg" band holds 69.9, the ">= 70 kg" band does not
    assert measures("What is the dose of enoxaparin for patients under 70 kg?") == ((69.9, "weight"),)
    assert measures("weighing at least 50 kg") == ((50.0, "weight"),)
    assert measures("a patient over 60 kg") == ((60.1, "weight"),)
    assert measures("dose for a 65 kg patient") == ((65.0, "weight"),)
    assert measures("CrCl of 25") == ((25.0, "clearance"),)


def test_a_boxed_warnings_lettered_capitals_heading_is_trimmed() -> None:
    """Q29/Q30 of the trial: "(A) PREMATURE DISCONTINUATION OF PRADAXA INCREASES THE RISK OF THROMBOTIC EVENTS
    Premature discontinuation ..." was quoted with its heading."""
    for text in ("(A) PREMATURE DISCONTINUATION OF PRADAXA INCREASES THE RISK OF THROMBOTIC EVENTS Premature "
                 "discontinuation of any oral anticoagulant, including PRADAXA, increases the risk of "
                 "thrombotic events.",
                 "(A) PREMATURE DISCONTINUATION OF ELIQUIS INCREASES THE RISK OF THROMBOTIC EVENTS: Premature "
                 "discontinuation of any oral anticoagulant, including ELIQUIS, increases the risk of "
                 "thrombotic events."):
        assert text[standalone.trimmed(text):].startswith("Premature discontinuation of any oral anticoagulant")
