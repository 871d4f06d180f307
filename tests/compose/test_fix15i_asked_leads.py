"""Issue 12 points 1-2 (fix15i): the label statement that leads answers what the question asks, and the second thing
it names (a gene, a patient's condition, a harm) chooses which sentence of that section leads. Real openFDA labels
(members of the shared openFDA zip):

1. "OK to dispense?" with a genotype: the contraindication that names the genotype (siponimod, CYP2C9*3/*3), not
   interactions read off the "CYP" of the genotype;
2. "can X be used for <use> in a patient with <condition>": the contraindication naming the condition (itraconazole
   capsules, onychomycosis and heart failure), not the indications;
3. "what DEA schedule": the controlled-substance statement (oliceridine), not the dosing schedule;
4. "does X cause <harm>": the section that names the harm leads — the adverse reactions for a common one
   (amlodipine, edema), the warnings for a serious one they state.
"""

from __future__ import annotations

import re

from medbrief.store import Store
from tests.conftest import label_blocks, label_statements, module_store_of_shared_labels

SIPONIMOD = "68e08480e6686cf2366c6da2997bb7b0913aa8e4.json"
OLICERIDINE = "9fead89f33c131e303e4dfa8650014e0613d3fb3.json"
ITRACONAZOLE = "9bab8a7167f368694a8729fac13715fad65fa9e9.json"
AMLODIPINE = "b8ed3fc4bed45ac9a41d2bf77825784f57da2d0d.json"

store = module_store_of_shared_labels((SIPONIMOD, OLICERIDINE, ITRACONAZOLE, AMLODIPINE))


def test_a_genotype_and_may_it_be_given_lead_with_the_contraindication_naming_it(store: Store) -> None:
    for question in ("New Mayzent (siponimod) prescription; pharmacogenomic report shows CYP2C9*3/*3. OK to dispense?",
                     "my patient is CYP2C9*3/*3 - can siponimod be started?"):
        blocks = label_blocks(store, question)
        assert blocks[0]["heading"] == "Contraindications", [b["heading"] for b in blocks]
        assert any("CYP2C9*3/*3" in s["text"] for s in blocks[0]["statements"]), blocks[0]["statements"]


def test_a_use_in_a_patient_with_a_condition_leads_with_the_contraindication(store: Store) -> None:
    said = label_statements(store, "can sporanox be used for toenail fungus in a patient with heart failure")
    assert re.search(r"heart failure|CHF", said[0]["text"]) and "onychomycosis" in said[0]["text"], said[0]["text"]


def test_a_dea_schedule_question_leads_with_the_controlled_substance_statement(store: Store) -> None:
    for question in ("What DEA schedule is oliceridine (Olinvyk) in?", "is olinvyk a controlled drug?"):
        said = label_statements(store, question)
        assert re.search(r"Schedule II controlled substance", said[0]["text"]), said[0]["text"]


def test_a_common_harm_is_answered_where_the_label_names_it(store: Store) -> None:
    blocks = label_blocks(store, "will amlodipine give me swollen ankles?")
    assert blocks[0]["heading"] == "Side Effects", [b["heading"] for b in blocks]
    assert "edema" in blocks[0]["statements"][0]["text"].lower()


METOPROLOL_ER = "67f5727b2e05209abbb725928e6cfd23c85fc074.json"  # Hypertension, Angina Pectoris, Heart Failure
SERTRALINE = "1fdd67f0ee799c8a5acb965066da45fd121e2140.json"  # MDD, OCD, PD, PTSD, SAD and PMDD doses

dose_store = module_store_of_shared_labels((METOPROLOL_ER, SERTRALINE))


def test_a_dose_question_naming_an_indication_leads_with_that_indications_dose(dose_store: Store) -> None:
    lead = label_statements(dose_store, "starting dose of metoprolol succinate for angina")[0]["text"]
    assert "Angina" in lead and "heart failure" not in lead.lower(), lead
    lead = label_statements(dose_store, "what is the usual metoprolol succinate dose in hypertension")[0]["text"]
    assert "Hypertension" in lead and "Angina" not in lead, lead
    # a short form in the heading or a table row names the indication: "PD" for panic disorder, not the PMDD dose
    lead = label_statements(dose_store, "sertraline starting dose for panic disorder")[0]["text"]
    assert re.search(r"\bPD\b", lead) and "menstrual" not in lead and "PMDD" not in lead, lead
