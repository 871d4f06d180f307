"""Table rows quoted with their header (issue 12 point 3: "render a table row with its header, or skip it")."""

from __future__ import annotations

import pytest

from medbrief import pipeline
from medbrief.compose.table_reading import table_rows
from medbrief.records import Passage

from ..conftest import settings_of_shared_labels

HEADER = "| Indication | Initial Dose | Maximum Dose |"
DELIM = "| --- | --- | --- |"


def _p(order: int, text: str, code: str = "34068-7") -> Passage:
    return Passage(f"label:x#{order}", "label:x", "Dosage and Administration", code, text, order)


def test_each_row_is_read_with_its_header_and_group() -> None:
    text = "\n".join(["Table 1. Dosing", HEADER, DELIM,
                      "| Schizophrenia-Adults ( 2.2) | 25 mg twice daily | 750 mg/day |",
                      "Elderly patients", "| Bipolar Depression | 50 mg once daily | |", "After the table."])
    rows = table_rows((_p(0, text),))["label:x#0"]
    # the caption line before the header says what the table is about: each row is read with it
    assert [r.text for r in rows] == [
        "Table 1. Dosing – Indication: Schizophrenia-Adults ( 2.2); Initial Dose: 25 mg twice daily; Maximum Dose: "
        "750 mg/day.",
        "Table 1. Dosing – Elderly patients – Indication: Bipolar Depression; Initial Dose: 50 mg once daily.",
    ]
    first, second = rows
    assert text[first.start : first.end] == "| Schizophrenia-Adults ( 2.2) | 25 mg twice daily | 750 mg/day |"
    assert [c[3] for c in first.context] == [HEADER, "Table 1. Dosing"]
    assert [c[3] for c in second.context] == [HEADER, "Table 1. Dosing", "Elderly patients"]
    assert all(text[a:b] == quote for _, a, b, quote in second.context)


def test_a_table_cut_between_passages_keeps_its_header_but_not_across_sections() -> None:
    first = _p(0, "\n".join([HEADER, DELIM, "| Adults | 2 mg | 36 mg |"]))
    cont = _p(1, "| Children | 1 mg | 12 mg |\nText after.")
    other = _p(2, "| Children | 1 mg | 12 mg |", code="34084-4")
    rows = table_rows((first, cont, other))
    assert [r.text for r in rows["label:x#1"]] == ["Indication: Children; Initial Dose: 1 mg; Maximum Dose: 12 mg."]
    assert rows["label:x#1"][0].context[0][:3] == ("label:x#0", 0, len(HEADER))
    assert "label:x#2" not in rows  # another section: no header, so the row is not read as a table row


def test_rows_without_a_header_or_of_another_width_are_not_read() -> None:
    assert table_rows((_p(0, "| Adults | 2 mg |\n| Children | 1 mg |"),)) == {}
    assert table_rows((_p(0, "\n".join([HEADER, DELIM, "| Adults | 2 mg |"])),)) == {}


@pytest.fixture(scope="module")
def quetiapine(tmp_path_factory: pytest.TempPathFactory):
    return settings_of_shared_labels(tmp_path_factory, ["6e8e19cef7f16ed76a51e5677c17a01b5966643e.json"])


def test_a_maximum_stated_only_in_a_table_is_quoted_with_its_column_and_row(quetiapine) -> None:
    """Quetiapine's ceilings by indication stand only in its dosing table; openFDA's text field runs the cells
    together ("... Maximum Dose Schizophrenia-Adults ( 2.2 ) 25 mg twice daily 150-750 mg/day 750 mg/day ..."),
    which cannot be quoted; the row with its header can."""
    brief = pipeline.ask(quetiapine, "max dose of quetiapine for schizophrenia")
    label = next(s for s in brief.sections if s.tier == "label")
    stmts = [st for b in label.blocks for st in b.statements]
    row = next(st for st in stmts if "Schizophrenia-Adults" in st.text and "Maximum Dose: 750 mg/day" in st.text)
    quotes = [sp.quote for sp in row.support]
    assert quotes[0].startswith("| Schizophrenia-Adults") and quotes[0].endswith("| 750 mg/day |")
    assert quotes[1].startswith("| Indication | Initial Dose") and "Maximum Dose" in quotes[1]
    assert not any("Schizophrenia-Adults ( 2.2 ) 25 mg" in st.text for st in stmts)  # the flattened copy



def test_the_band_that_holds_the_patients_measure() -> None:
    from medbrief.compose.table_reading import in_band, measures

    assert measures("pregabalin dose for CrCl 45") == ((45.0, "clearance"),)
    assert measures("dabigatran dose CrCl 15-30") == ((22.5, "clearance"),)
    assert measures("adalimumab dose for a 20 kg child") == ((20.0, "weight"),)
    assert measures("dalteparin for a 5 year old") == ((5.0, "age"),)
    crcl = measures("pregabalin dose for CrCl 45")
    assert in_band("Creatinine Clearance (CLcr) (mL/min): 30 to 60; Total Pregabalin Daily Dose (mg/day): 75.", crcl)
    assert in_band("Renal Function Creatinine Clearance (mL/min): >30 to 59; Dose: 200 BID.", crcl)
    assert not in_band("Creatinine Clearance (CLcr) (mL/min): 15 to 30; Total Daily Dose (mg/day): 25 to 50.", crcl)
    assert not in_band("Creatinine Clearance (CLcr) (mL/min): ≥60; Total Daily Dose (mg/day): 150.", crcl)
    kg = measures("a 20 kg child")
    assert in_band("Pediatric Weight: 15 kg (33 lbs) to <30 kg (66 lbs); Dose: 20 mg every other week.", kg)
    assert not in_band("Pediatric Weight: ≥30 kg (66 lbs); Dose: 40 mg every other week.", kg)
    assert not in_band("Age Group: 2 Years to less than 8 Years; Starting Dose: 125 units/kg.", kg)  # another kind
    assert in_band("Age Group: 2 Years to less than 8 Years; Starting Dose: 125 units/kg.", measures("a 5 year old"))


def test_a_tables_flattened_copy_in_prose_is_told_by_its_cells() -> None:
    from medbrief.compose.table_reading import table_cells, table_copy

    table = "\n".join(["| Gout eGFR | Initial Dosage |", "| --- | --- |",
                       "| > 60 mL/minute | No dosage modification is recommended for this patient group. |"])
    cells = table_cells((("label:x#1", "34068-7", table),))
    assert table_copy("Gout eGFR Initial Dosage > 60 mL/minute No dosage modification is recommended.", cells)
    # a sentence written in a cell, quoted without its row
    assert table_copy("No dosage modification is recommended for this patient group.", cells)
    assert not table_copy("Allopurinol is indicated for the management of gout.", cells)


def test_rows_keep_the_label_order_unless_the_question_picks_one() -> None:
    """Albuterol's adverse-reaction table (Nervous 20%, Tremor 20%, ... Weakness 2%): a cell's word that is a side-
    effect cue ("weakness", "dizziness") must not lift its row above the label's order."""
    from medbrief.compose.label_reading import read_label
    from medbrief.retrieve.corpus import LabelDoc
    from medbrief.retrieve.facets import ALL_FACETS
    from medbrief.retrieve.question import Question
    from medbrief.store.records_db import StoredDocument

    table = "\n".join(["In clinical trials, the most frequent adverse reactions to exampline tablets were:",
                       "Percent Incidence of Adverse Reactions", "| Reaction | Percent Incidence |", "| --- | --- |",
                       "| Central nervous system | |", "| Nervous | 20% |", "| Tremor | 20% |", "| Weakness | 2% |",
                       "| Dizziness | 2% |"])
    doc = StoredDocument("label:x", "label", "X", "openFDA", None, None, "1", ("exampline",), {}, "x.json")
    label = LabelDoc(doc, (Passage("label:x#0", "label:x", "Adverse Reactions", "34084-4", table, 0),))
    q = Question("What are the adverse reactions of exampline?", (), ("side_effects",), False, (), (), None)
    texts = [d.text for d in read_label(ALL_FACETS["side_effects"], label, q, 3).drafts]
    assert texts[0] == ("Percent Incidence of Adverse Reactions – Central nervous system – Reaction: Nervous; Percent "
                        "Incidence: 20%.")
    assert "Weakness" not in texts[1]


def test_a_headerless_tables_row_before_a_header_is_no_caption() -> None:
    text = "\n".join(["40.1 kg or more | 75 mg twice daily | 75 mg once daily", HEADER, DELIM,
                      "| Adults | 2 mg | 36 mg |"])
    rows = table_rows((_p(0, text),))["label:x#0"]
    assert [r.text for r in rows] == ["Indication: Adults; Initial Dose: 2 mg; Maximum Dose: 36 mg."]
