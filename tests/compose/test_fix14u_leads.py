"""Issue 12 points 2 and 7 (fix14u): the first label statement of a brief states the asked fact. Real openFDA labels
(members of the shared openFDA zip), one per kind a pharmacist found leading a brief:

1. a dose question that names no population leads with the usual dose, not a population's adjustment ("Hepatic
   Impairment: Lower starting dose (25 mg/day) ..." with its population label cut off, "Patients with hepatic
   impairment should be started on 25 mg/day"): quetiapine;
2. a dose reported as given ("Doses up to 240 mg daily have been administered", a table footnote) is no dose to give;
   a dose question naming a condition (GERD) leads with that condition's dose: pantoprazole;
3. a pharmacokinetic question that names no population leads with the general value, not the half-life in cirrhosis
   or renal impairment: zolpidem;
4. the "Examples:" cell of an interaction table, a list of drugs with no verb, is quoted with the instruction before
   it, not alone: simvastatin with clarithromycin.
"""

from __future__ import annotations

import re

from medbrief.compose.label_reading import statements, with_antecedents
from medbrief.store import Store
from tests.conftest import label_statements, module_store_of_shared_labels

QUETIAPINE = "6e8e19cef7f16ed76a51e5677c17a01b5966643e.json"
PANTOPRAZOLE = "baae2a6da0cb9b50ddba5a4414d3ad1e4f1f665d.json"
SIMVASTATIN = "a78ab5359ac16062f51bd4a6bcf91ebb77cb9ef6.json"
ZOLPIDEM = "1a46d8b0751b642ff97501049c7facf3f2331411.json"

store = module_store_of_shared_labels((QUETIAPINE, PANTOPRAZOLE, SIMVASTATIN, ZOLPIDEM))


def test_a_usual_dose_question_leads_with_the_usual_dose_not_a_populations(store: Store) -> None:
    said = label_statements(store, "What is the recommended dose of quetiapine?")
    lead = said[0]["text"]
    assert re.search(r"\d+\s*mg", lead), lead
    assert not re.search(r"hepatic|elderly|geriatric|lower starting dose", lead, re.I), lead
    # the population's statements are still there when the question asks about the population
    said = label_statements(store, "What is the starting dose of quetiapine in hepatic impairment?")
    assert any("hepatic impairment" in s["text"].lower() and "25 mg" in s["text"] for s in said[:3]), \
        [s["text"] for s in said]


def test_a_dose_given_is_no_dose_to_give_and_the_asked_condition_steers(store: Store) -> None:
    said = label_statements(store, "What is the dose of pantoprazole for GERD?")
    lead = said[0]["text"]
    assert "have been administered" not in lead, lead
    assert "GERD" in lead and "40 mg" in lead, lead


def test_a_pharmacokinetic_question_naming_no_population_leads_with_the_general_value(store: Store) -> None:
    said = label_statements(store, "how long does zolpidem stay in your system")
    lead = said[0]["text"]
    assert "half-life" in lead, lead
    assert not re.search(r"cirrho|hepatic|renal", lead, re.I), lead
    # asked about the population, its value is there
    said = label_statements(store, "zolpidem half-life in cirrhosis")
    assert any(re.search(r"cirrho|hepatic", s["text"], re.I) for s in said[:3]), [s["text"] for s in said]


def test_an_examples_cell_is_quoted_with_its_instruction(store: Store) -> None:
    said = label_statements(store, "Does simvastatin interact with clarithromycin?")
    lead = said[0]["text"]
    assert "clarithromycin" in lead, lead
    assert not lead.startswith("Select azole"), lead  # the list of drugs alone, without what to do about them
    assert re.search(r"\b(suspend|contraindicated|avoid|do not)\b", lead, re.I), lead
    # the quote is one verbatim span of its passage
    support = said[0]["support"]
    assert all(s["quote"] for s in support)


def test_examples_joined_only_to_a_whole_sentence_right_before() -> None:
    text = ("If treatment with a CYP3A4 inhibitor is unavoidable, suspend simvastatin during the course of strong "
            "CYP3A4 inhibitor treatment. Examples: Select azole anti-fungals (e.g., itraconazole and ketoconazole), "
            "select macrolide antibiotics (e.g., erythromycin and clarithromycin), and nefazodone.")
    found = with_antecedents(text, statements(text, False, items=True))
    listing = [s for s in found if "clarithromycin" in s.text]
    assert listing and listing[0].text.startswith("If treatment"), [s.text for s in found]
    # without the label, two sentences stay apart
    plain = text.replace("Examples: ", "")
    found = with_antecedents(plain, statements(plain, False, items=True))
    assert not any(s.text.startswith("If treatment") and "clarithromycin" in s.text for s in found)
