"""The row for the patient's measure leads (issue 12 point 3, issue 15): "What is the dose of dabigatran for CrCl
15-30 mL/min?" is answered by PRADAXA's dosing-table row for that band, read with its indication and header."""

from __future__ import annotations

import pytest

from medbrief import pipeline
from medbrief.compose.table_reading import band_fit, measures, table_rows
from medbrief.records import Passage

from ..conftest import settings_of_shared_labels

PRADAXA = "c220efb1d6ac00ee2c303564ef659a18b910201a.json"  # openFDA Pradaxa capsules, set id ba74e3cd-...


def test_a_band_closed_at_both_ends_fits_better_than_an_open_bound() -> None:
    asked = measures("dabigatran dose CrCl 15-30")
    assert band_fit("Indication: AF; Dosage: CrCl 15 to 30 mL/min; Dosage: 75 mg twice daily.", asked) == 2
    # "< 30" holds 22.5 too, but it is a bound for every patient below it (here: with P-gp inhibitors)
    assert band_fit("Dosage: CrCl < 30 mL/min with concomitant use of P-gp inhibitors; Dosage: Avoid.", asked) == 1
    assert band_fit("Dosage: CrCl > 30 mL/min; Dosage: 150 mg twice daily.", asked) == 0
    assert band_fit("Dosage: 15 to 30 mg; Route: oral.", asked) == 0  # a dose range is no clearance band
    # a transposed table's cell lists every band (valganciclovir's pharmacokinetics): no row of its own
    assert band_fit("Estimated Creatinine Clearance (mL/min): 51 to 70 21 to 50 11 to 20 ≤10; N: 6 6 6 6.",
                    measures("valganciclovir dose for CrCl 30 ml/min")) == 1


def test_a_cells_trailing_colon_is_not_quoted_before_the_next_column() -> None:
    text = "\n".join(["| Indication | Dosage | Dosage |", "| --- | --- | --- |",
                      "| Non-valvular AF | CrCl 15 to 30 mL/min: | 75 mg twice daily |"])
    (row,) = table_rows((Passage("label:x#0", "label:x", "Dosage", "34068-7", text, 0),))["label:x#0"]
    assert row.text == "Indication: Non-valvular AF; Dosage: CrCl 15 to 30 mL/min; Dosage: 75 mg twice daily."


@pytest.fixture(scope="module")
def pradaxa(tmp_path_factory: pytest.TempPathFactory):
    return settings_of_shared_labels(tmp_path_factory, [PRADAXA])


@pytest.mark.parametrize("question", ["What is the dose of dabigatran for CrCl 15-30 mL/min?",
                                      "dabigatran dose for CrCl 15 to 30 mL/min"])
def test_the_dosing_table_row_of_the_asked_clearance_band_leads(pradaxa, question: str) -> None:
    """Before: the brief led with "wait 12 hours (CrCl ≥ 30 mL/min) or 24 hours (CrCl < 30 mL/min) after the last
    dose" (switching to a parenteral anticoagulant), held by its open bound "< 30"; the band row sat after the
    sentences the splitter made of the table's own lines, so its place cost it 2 points."""
    brief = pipeline.ask(pradaxa, question)
    label = next(s for s in brief.sections if s.tier == "label")
    first = label.blocks[0].statements[0]
    assert "CrCl 15 to 30 mL/min" in first.text and "75 mg twice daily" in first.text, first.text
    assert "Non-valvular AF" in first.text  # the dose with its indication
    quotes = [sp.quote for sp in first.support]
    assert quotes[0] == ("| Reduction in Risk of Stroke and Systemic Embolism in Non-valvular AF | CrCl 15 to 30 "
                         "mL/min: | 75 mg twice daily |")
    assert quotes[1] == "| Indication | Dosage | Dosage |"
