"""Issue 12 point 4 (fix13m), on the real shared labels (MEDBRIEF_DATA): the notes of what the corpus lacks name the
asked topic in clean words. The question's leftover words (a contraction without its apostrophe, a verb of asking, a
dosage form or device, the asker's doctor, the drug's own brand in brackets) were echoed as if they were the topic
("No guideline in the corpus addresses iloperidone in carry", "... dalteparin in FDA-approved indications for
dalteparin (Fragmin"), and "whats" became a must-match term whose absence gave a false note on a question the label's
adverse reactions answer ("No finerenone label ... mentions whats")."""

from __future__ import annotations

import pytest

from medbrief import pipeline
from medbrief.compose.topic import condition_topic
from medbrief.retrieve.corpus import Corpus
from medbrief.retrieve.question import analyse

from ..conftest import module_store_of_shared_labels

KERENDIA = "7d0cf25ffc10976db93d150471bdf1b295f00233.json"
FRAGMIN = "7d92ae37b026ec6057a27a01e7b015b26a5a686b.json"
EXEMESTANE = "43a973bba18eab1ac44cdbebbd01c961c6999365.json"
FANAPT = "e8c5976f85b0134a2b3ee8e03045e82ffb9929e1.json"
LOTRONEX = "66ed681da9ecd78cc5c9e48b80e6cbebc2c6afed.json"
CONTEPO = "19e26e4cee662b9b3373e5481a752cc4e9aae394.json"

store = module_store_of_shared_labels((KERENDIA, FRAGMIN, EXEMESTANE, FANAPT, LOTRONEX, CONTEPO))


def _brief(store, question: str) -> dict:
    return pipeline.ask_store(store, question).to_json_dict()


def _notes(brief: dict) -> list[str]:
    return [n for sec in brief["sections"] for n in sec.get("notes", [])] + list(brief["notes"])


def test_a_contraction_is_no_must_match_term(store) -> None:
    """'whats' was the asked term: 'No finerenone label ... mentions whats' and no label statement, though the
    label's adverse reactions name the most common one."""
    brief = _brief(store, "whats the most common side effect of kerendia")
    notes = _notes(brief)
    assert not any("whats" in n for n in notes), notes
    label = next(s for s in brief["sections"] if s["tier"] == "label")
    texts = [st["text"] for b in label["blocks"] for st in b["statements"]]
    assert any("hyperkalemia" in t.lower() for t in texts), texts


@pytest.mark.parametrize(("question", "right", "wrong"), [
    ("Does Fanapt (iloperidone) carry a boxed warning, and for which patients?",
     "No guideline in the corpus addresses boxed warning for iloperidone.", " in carry"),
    ("my gi doc wants me on lotronex, i heard it has a black box warning?? what is it about",
     "No guideline in the corpus addresses boxed warning for alosetron.", " in doc"),
    ("What are the FDA-approved indications for dalteparin (Fragmin)?",
     "No guideline in the corpus addresses indications for dalteparin.", "Fragmin"),
    ("whats the most common side effects of exemestane? i keep getting hot flashes",
     "No guideline in the corpus addresses exemestane in hot flashes.", "whats"),
])
def test_the_note_names_the_topic_or_the_intent(store, question: str, right: str, wrong: str) -> None:
    notes = _notes(_brief(store, question))
    assert right in notes, notes
    assert not any(wrong in n for n in notes), notes


@pytest.mark.parametrize(("question", "words", "shown"), [
    # a dosage form and a verb of asking around the condition
    ("i got fosfomycin for a bladder infection, its a packet. do i mix it with water and how much water?",
     ("bladder", "infection"), "bladder infection"),
    # the doctor who asks, not a condition; the possessive without its apostrophe
    ("can i take dalteparin? my hiv doc and my diabetes doc are different people", ("hiv", "diabetes"),
     "hiv diabetes"),
    ("can i use exemestane on my 2 month old babys eczema?", ("eczema",), "eczema"),
    # a dose adjustment asked, and no bracket left open in the note ("renal failure (CrCl")
    ("exemestane dose adjustment in renal failure (CrCl under 30)?", ("renal", "failure", "crcl"),
     "renal failure CrCl"),
    # a hyphened word whole ("Child-Pugh"), a word that joins the condition's words kept ("of")
    ("Can atogepant be used for migraine in a patient with Child-Pugh C cirrhosis?", ("migraine", "pugh", "cirrhosis"),
     "migraine Child-Pugh cirrhosis"),
    ("can i have a glass of wine at dinner if im taking kerendia?", ("glass", "wine", "dinner"),
     "glass of wine at dinner"),
    # the lay phrase whole, the brand in brackets no condition
    ("i just found out im pregnant and i take finerenone (kerendia) for blood pressure, what should i do",
     ("pressure",), "blood pressure"),
])
def test_condition_words_are_topic_words(store, question: str, words: tuple[str, ...], shown: str) -> None:
    topic = condition_topic(analyse(question, Corpus(store).drugs))
    assert topic.words == words, topic
    assert topic.phrase == shown, topic


@pytest.mark.parametrize("question", [
    "Does Fanapt (iloperidone) carry a boxed warning?",
    "What are the FDA-approved indications for dalteparin (Fragmin)?",
    "how long can my kerendia pen stay out of the fridge?",
    "how long does exemestane last in your body, do i really need it twice a day?",
    "What DEA schedule is Fanapt and is it a controlled substance?",
    "whats the highest dose of kerendia you can take",
    "i accidentally took two exemestane, what are the signs and how is it managed?",
    "is the 25 mg exemestane a tablet or a capsule?",
])
def test_nothing_but_asker_words_leaves_no_condition(store, question: str) -> None:
    assert not condition_topic(analyse(question, Corpus(store).drugs)), question


@pytest.mark.parametrize(("question", "words"), [
    ("eliquis and heavy periods - what does the label say for women of reproductive age?",
     ("heavy", "periods", "reproductive")),
    ("can i take exemestane for hot flashes if i have cirrhosis of the liver",
     ("hot", "flashes", "cirrhosis", "liver")),
    ("is it ok to drink alcohol while taking kerendia", ("alcohol",)),
    ("Is kerendia safe if my kidneys are failing?", ("kidneys", "failing")),
])
def test_real_conditions_stay(store, question: str, words: tuple[str, ...]) -> None:
    assert condition_topic(analyse(question, Corpus(store).drugs)).words == words
