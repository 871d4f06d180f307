"""Other label facts (issue 15 point 2) read on 10 random dev labels (seed-15 and seed-16 samples): kinds of error
found there, each on the label's own sentence (openFDA text, verbatim)."""

from __future__ import annotations

from medbrief.facts.populations import lactation, pregnancy
from medbrief.facts.safety import adverse_reactions, withdrawal


def test_no_data_on_presence_in_milk_is_unknown_not_present() -> None:
    # ixekizumab, baricitinib: "no available data on the presence ... in human milk" says nothing is known
    text = ("There are no available data on the presence of ixekizumab in human milk, the effects on the breastfed "
            "infant, or the effects on milk production.")
    assert [f.kind for f in lactation(text)] == ["unknown"]
    assert [f.kind for f in lactation("No information is available on the presence of OLUMIANT in human milk, the "
                                      "effects of the drug on the breastfed infant, or the effects of the drug on milk "
                                      "production.")] == ["unknown"]


def test_many_drugs_in_milk_is_no_statement_about_this_one() -> None:
    # latanoprost: the old boilerplate about drugs in general
    assert lactation("Because many drugs are excreted in human milk, caution should be exercised when latanoprost "
                     "ophthalmic solution is administered to a nursing woman.") == []


def test_not_known_whether_it_can_cause_fetal_harm_is_no_fetal_harm() -> None:
    # cardioplegic solution (Plegisol)
    assert pregnancy("It is also not known whether this solution can cause fetal harm when administered to a pregnant "
                     "woman or can affect reproduction capacity.") == []
    assert [f.kind for f in pregnancy("Valsartan and hydrochlorothiazide tablet can cause fetal harm when administered "
                                      "to a pregnant woman.")] == ["fetal_harm"]


def test_a_needle_for_withdrawal_is_no_withdrawal_warning() -> None:
    # ixekizumab preparation supplies
    assert withdrawal("Gather the following necessary supplies for preparation: 0.5 mL or 1 mL disposable syringe "
                      "Sterile needle for withdrawal 27-gauge sterile needle for administration") == []


def test_reactions_leading_to_dose_changes_are_not_the_most_common() -> None:
    # adagrasib
    assert adverse_reactions("The most common adverse reactions or laboratory abnormalities leading to dose "
                             "interruption in ≥ 2% of patients who received adagrasib included diarrhea") == []
    assert [(f.value, f.unit) for f in adverse_reactions(
        "The most common adverse reactions (≥ 20%) were diarrhea, nausea, fatigue, vomiting, musculoskeletal pain, "
        "hepatotoxicity, renal impairment, dyspnea, edema, decreased appetite, cough, pneumonia, dizziness, "
        "constipation, abdominal pain, and QTc interval prolongation.")] == [(20, "%")]
