"""Issue 12 point 4 and issue 15 point 4 (fix15n): honest notes and a Key facts lead that keeps the label's uses.

Kinds, each seen on real data:
- a combination brand the label records with its strength ("Xultophy 100/3.6") asked by its bare name: it missed the
  label's own name and fell to the lexicon, which names one ingredient (insulin degludec); the brief read that
  ingredient's 2017 excerpt and said "has no section on boxed warning" where the product's label leads with one;
- "has no section on X" said of a label the corpus holds only an excerpt of (TAC 2017: adverse reactions, warnings),
  as if the drug's label lacked it, and beside another named drug's label that answers it;
- "No boxed warning was found" (and renal, hepatic, contraindication) on briefs that asked none of them;
- the Key facts lead and the block after it giving one use of several (metoprolol: hypertension, not angina or heart
  failure; dronabinol: the AIDS anorexia item of a two-item list).

Real openFDA labels of the shared zip and real TAC 2017 files, copied to a temporary folder (nothing of the shared
data is kept in the repo).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from medbrief import pipeline
from medbrief.compose.key_facts import slots_asked
from medbrief.retrieve.drugs import DrugDictionary
from medbrief.store import Store
from tests.conftest import store_of_shared_labels

XULTOPHY = "aad6376fdda879cd35eb343753b30f25abb1a386.json"  # Xultophy 100/3.6, set 21335fe4
METOPROLOL = "67f5727b2e05209abbb725928e6cfd23c85fc074.json"  # metoprolol succinate ER, set 76c69d7c
DRONABINOL = "52fa581f6b056c24dba38369c6589e56b9e925cb.json"  # dronabinol capsules, set fd8c5d57
GABAPENTIN = "dc05d46923a9395dc7d5c37db88a8e05e99eb892.json"  # gabapentin capsules, no boxed warning
SYMLIN = "720830c442a89470e50b7fadf5c015fcf7d6e009.json"  # SymlinPen (pramlintide acetate)
NOVOLIN = "labels/tac2017_adr/unannotated_xml/NOVOLIN0.xml"  # insulin: adverse reactions, warnings only
TRESIBA = "labels/tac2017_adr/unannotated_xml/TRESIBA.xml"  # insulin degludec: adverse reactions, warnings only
VICTOZA = "labels/tac2017_adr/gold_xml/VICTOZA.xml"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    yield from store_of_shared_labels(tmp_path_factory, (XULTOPHY, METOPROLOL, DRONABINOL, GABAPENTIN, SYMLIN),
                                      (TRESIBA, VICTOZA, NOVOLIN))


def brief(store: Store, question: str) -> tuple[list[dict], list[str], list[str]]:
    """(label blocks, every note, drugs) of the brief for `question`."""
    b = pipeline.ask_store(store, question).to_json_dict()
    blocks = next(s for s in b["sections"] if s["tier"] == "label")["blocks"]
    notes = [n for s in b["sections"] for n in s.get("notes", [])] + b["notes"]
    return blocks, notes, b["drugs"]


def texts(blocks: list[dict]) -> list[str]:
    return [s["text"] for b in blocks for s in b["statements"]]


# --- a combination brand said without its strength ------------------------------------------------------------

def test_a_brand_recorded_with_its_strength_is_known_without_it() -> None:
    rows = [("xultophy 100 3 6", "insulin degludec and liraglutide", "brand", 1),
            ("insulin degludec", "insulin degludec", "substance", 1),
            ("amlodipine 10", "amlodipine", "brand", 1), ("amlodipine", "amlodipine", "generic", 3),
            ("oxide 20", "zinc oxide", "brand", 1)]
    d = DrugDictionary(rows)
    assert [m.canonical for m in d.recognise("does xultophy have a black box warning?")] == [
        "insulin degludec and liraglutide"]
    assert "amlodipine" not in d.bare  # a name of a drug already: left to it
    assert d.bare["oxide"][0][1] == "brand_word"  # an everyday word: only when used as a drug
    assert d.recognise("the oxide layer") == []
    # the labels' own names stay apart: ingest maps the lexicon's variants onto them, and "xultophy" there would
    # carry the lexicon's insulin degludec (and its "tresiba") onto the combination
    assert "xultophy" not in d.by_key


def test_the_ingredient_s_own_brand_stays_the_ingredient(store: Store) -> None:
    assert brief(store, "does tresiba have a boxed warning?")[2] == ["insulin degludec"]
    assert store.db.conn.execute("SELECT drug FROM document_drugs WHERE doc_id = 'label:tac2017/tresiba'").fetchall() \
        == [("insulin degludec",)]


def test_the_combination_brand_leads_with_its_own_boxed_warning(store: Store) -> None:
    blocks, notes, drugs = brief(store, "does xultophy have a black box warning? something about thyroid cancer?")
    assert drugs == ["insulin degludec and liraglutide"]
    assert blocks and "C-cell tumors" in blocks[0]["statements"][0]["text"], texts(blocks)
    # nothing said of the ingredient's 2017 excerpt the question never named
    assert not any("insulin degludec label" in n for n in notes), notes


# --- a label the corpus holds only an excerpt of -----------------------------------------------------------------

def test_an_excerpt_is_said_to_be_one(store: Store) -> None:
    blocks, notes, _ = brief(store, "does tresiba have a boxed warning?")
    assert texts(blocks) == []
    said = [n for n in notes if "insulin degludec label" in n]
    assert said and all("only an excerpt" in n for n in said), notes
    assert not any(re.search(r"label text in the corpus .* has no section on", n) for n in notes), notes
    _, notes, _ = brief(store, "what is tresiba used for?")
    assert any("only an excerpt of the insulin degludec label" in n and "indications" in n for n in notes), notes


def test_an_excerpt_beside_the_label_that_answers_says_whose_label_answers(store: Store) -> None:
    question = ("Starting Symlin in a type 1 diabetic on mealtime insulin: how much should the insulin be cut and "
                "what's the starting pramlintide dose?")
    blocks, notes, drugs = brief(store, question)
    assert set(drugs) == {"insulin", "pramlintide"}
    assert any("Reduce mealtime insulin doses" in t for t in texts(blocks)), texts(blocks)
    # not "the insulin label has no section on dosing": the answer is in pramlintide's label, and the corpus holds
    # only an excerpt of insulin's
    assert not any("insulin label" in n and "no section on" in n for n in notes), notes
    assert any(n.startswith("Only an excerpt of the insulin label") and "pramlintide" in n for n in notes), notes


def test_a_full_label_without_the_section_is_still_said_to_lack_it(store: Store) -> None:
    _, notes, _ = brief(store, "Does gabapentin have a boxed warning?")
    assert any("gabapentin label text in the corpus" in n and "has no section on boxed warning" in n
               for n in notes), notes


# --- absent facts only when asked -----------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["What is gabapentin used for?", "gabapentin side effects",
                                      "What is metoprolol used for?"])
def test_a_brief_that_asks_no_boxed_warning_says_nothing_of_one(store: Store, question: str) -> None:
    _, notes, _ = brief(store, question)
    assert not any(re.search(r"\bNo .*(boxed warning|renal impairment|hepatic impairment|contraindication).* was "
                             r"found", n) for n in notes), notes


def test_the_absent_note_names_only_what_was_asked() -> None:
    assert slots_asked(("indications",)) == ("indication",)
    assert slots_asked(("max_dose", "renal")) == ("range", "maximum", "renal")
    assert slots_asked(("side_effects",)) == ()
    assert "boxed" in slots_asked(("boxed_warning",))


# --- every use the label states, in the lead or the block after it ----------------------------------------------

def _lead_and_next(blocks: list[dict]) -> list[str]:
    return texts(blocks[:2])


def test_metoprolol_uses_are_all_stated(store: Store) -> None:
    blocks, _, _ = brief(store, "What is metoprolol used for?")
    said = " ".join(_lead_and_next(blocks)).lower()
    assert "hypertension" in said and "angina pectoris" in said and "heart failure" in said, _lead_and_next(blocks)
    # the class text in the same section is no use
    assert not any(t.startswith("Lowering blood pressure") for t in texts(blocks)), texts(blocks)


def test_dronabinol_uses_are_both_stated(store: Store) -> None:
    blocks, _, _ = brief(store, "What is dronabinol used for?")
    said = " ".join(_lead_and_next(blocks)).lower()
    assert "anorexia" in said and "nausea and vomiting" in said, _lead_and_next(blocks)
