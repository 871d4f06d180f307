"""Renal/hepatic kinds of error found on the seed-19 gold (bench/gold/label_facts_heldout19_gold.jsonl, now a dev
set), fifth tuning pass, each on a label's own text (openFDA, verbatim)."""

from __future__ import annotations

from medbrief.facts.extract import label_facts
from medbrief.records import Passage

DOSAGE = "34068-7"
DOC = "label:brexpiprazole"
# brexpiprazole (REXULTI): the passage before ends under the hepatic subsection; the next opens with a table caption
HEPATIC = ("2.5 Dosage Modifications for Hepatic Impairment For patients with moderate to severe hepatic impairment "
           "(Child-Pugh score ≥7), the maximum recommended dosage is 2 mg once daily for patients with MDD.")
TABLE = ("Table 1 Dosage Modifications of REXULTI for CYP2D6 Poor Metabolizers and for Concomitant Use with CYP3A4 "
         "Inhibitors, CYP2D6 Inhibitors, or CYP3A4 Inducers Factors Adjusted REXULTI Dosage CYP2D6 Poor Metabolizers "
         "CYP2D6 poor metabolizers Administer half of the recommended dosage. Strong CYP3A4 inhibitors Administer half "
         "of the recommended dosage.")


def hepatic(passages: list[Passage]) -> list[str]:
    return [f.quote for f in label_facts(DOC, {"set_id": "s"}, passages) if f.fact == "hepatic"]


def test_a_table_caption_opening_a_passage_ends_the_title_carried_from_the_passage_before() -> None:
    got = hepatic([Passage(f"{DOC}#0", DOC, "Dosage and Administration", DOSAGE, HEPATIC, 0),
                   Passage(f"{DOC}#1", DOC, "Dosage and Administration", DOSAGE, TABLE, 1)])
    assert len(got) == 1 and "Child-Pugh" in got[0]


def test_without_a_caption_the_title_still_carries_over() -> None:
    rest = "Administer half of the recommended dosage."
    got = hepatic([Passage(f"{DOC}#0", DOC, "Dosage and Administration", DOSAGE, HEPATIC, 0),
                   Passage(f"{DOC}#1", DOC, "Dosage and Administration", DOSAGE, rest, 1)])
    assert rest in got


def test_a_longer_dosing_interval_for_the_patients_is_an_instruction() -> None:
    from medbrief.facts.populations import renal

    # granisetron extended-release (SUSTOL), Dosage and Administration
    text = ("In patients with moderate renal impairment (Clcr 30-59 mL/min), administer SUSTOL not more frequently "
            "than once every 14 days.")
    assert [f.kind for f in renal(text, "")] == ["adjust"]


def test_should_not_be_initiated_is_an_instruction_to_avoid() -> None:
    from medbrief.facts.populations import hepatic as read_hepatic

    # tolcapone (TASMAR), Precautions
    text = ("Because of the risk of liver injury, TASMAR therapy should not be initiated in any patient with liver "
            "disease.")
    assert [f.kind for f in read_hepatic(text, "")] == ["avoid"]
