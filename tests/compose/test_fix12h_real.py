"""Issue 12 (fix12h, the fifth held-out set's half k), on the real shared labels (MEDBRIEF_DATA): what a patient asks
that no label sentence names gets the plain note and no filler (animal findings, an alcohol wipe, a food that is
also a drug), and a question the facet table misses is read against the label's own words ("really hot" ->
"high environmental temperature", "raise your blood pressure" -> "hypertension")."""

from __future__ import annotations

import pytest

from medbrief.compose.topic import mentions, same_word, sentence_words
from medbrief.retrieve.facets import recognise_facets

from ..conftest import label_tier, module_store_of_shared_labels

FINGOLIMOD = "ef87b9692d4abb6934f963e4968f611f976b53c5.json"
AIMOVIG = "9fb7a9389eb41d5e27a3ab17e977c94d58a9bd86.json"
DROXIDOPA = "4daa128cd9c3f0c8334019e04e0910aa03525e93.json"
CAFFEINE = "ce877d4fd01c13b3b965eab4dfdf8f5c14bb87aa.json"
GLYCOPYRROLATE = "94c20f88d805ed0ef417396792543484ab5f0b63.json"
CLOZAPINE = "7a6a20bdd01f1cf49d973d4eb58fa00b9976b5a8.json"
MOTEGRITY = "1b81e41dd8e92147427f1462e0221cbdd60523ba.json"

store = module_store_of_shared_labels((FINGOLIMOD, AIMOVIG, DROXIDOPA, CAFFEINE, GLYCOPYRROLATE, CLOZAPINE,
                                       MOTEGRITY))

_KEY_FACTS = "Key facts"


def _answer(blocks: list[dict]) -> list[dict]:
    """The statements beside the Key facts lead: what answers the question."""
    return [s for b in blocks if not b["heading"].endswith(_KEY_FACTS) for s in b["statements"]]


@pytest.mark.parametrize(("question", "absent"), [
    # the fingolimod label's only "weight" is a lung weight in animal studies (Animal Pharmacology and/or Toxicology)
    ("does fingolimod make you gain weight?", "gain weight"),
    # the Aimovig label's only "alcohol" is the wipe that cleans the injection site
    ("can i drink alcohol while im on aimovig shots", "alcohol"),
    ("is it safe to have a few beers on aimovig", "beers"),
    # the prucalopride label's only "weight" is the body weight of a pharmacokinetic analysis
    ("Does Motegrity (prucalopride) make you gain weight?", "gain weight"),
])
def test_what_no_label_sentence_names_gets_the_note_and_no_filler(store, question: str, absent: str) -> None:
    blocks, notes, _ = label_tier(store, question)
    assert not _answer(blocks), [s["text"] for s in _answer(blocks)]
    assert any("says nothing about it" in n and absent in n for n in notes), notes
    texts = [s["text"] for b in blocks for s in b["statements"]]
    assert not any("lung weight" in t or "alcohol wipe" in t for t in texts), texts


def test_animal_findings_still_answer_a_question_about_animals(store) -> None:
    blocks, _, _ = label_tier(store, "what did fingolimod do to the lungs of animals in toxicology studies")
    assert any("lung weight" in s["text"] for s in _answer(blocks)), [s["text"] for s in _answer(blocks)]


@pytest.mark.parametrize("question", [
    "Does caffeine or coffee interact with droxidopa?",
    "can i drink coffee with my droxidopa, or does caffeine interact",
])
def test_a_food_that_is_also_a_drug_is_no_second_asked_drug(store, question: str) -> None:
    blocks, notes, _ = label_tier(store, question)
    texts = [s["text"] for s in _answer(blocks)]
    assert not any("Caffeine citrate" in t or "apnea of prematurity" in t for t in texts), texts
    assert not any(b["heading"].startswith("caffeine") for b in blocks), [b["heading"] for b in blocks]
    # no droxidopa sentence names caffeine or coffee: the plain note, not the general interactions text
    assert not texts, texts
    assert any("droxidopa label" in n and "says nothing about it" in n for n in notes), notes


def test_caffeine_alone_is_still_the_drug_asked(store) -> None:
    blocks, _, _ = label_tier(store, "what is the dose of caffeine citrate for apnea of prematurity")
    assert any("caffeine" in s["text"].lower() for b in blocks for s in b["statements"])


def test_really_hot_meets_high_environmental_temperature(store) -> None:
    question = "i was given glycopyrrolate, is it ok to exercise outside when its really hot?"
    blocks, notes, _ = label_tier(store, question)
    first = _answer(blocks)[0]["text"]
    assert "heat prostration" in first and "environmental temperature" in first, first
    assert not any("not recognised" in n for n in notes), notes


@pytest.mark.parametrize("question", ["can aimovig raise your blood pressure?",
                                      "will aimovig increase my blood pressure"])
def test_raise_your_blood_pressure_is_a_warning_about_hypertension(store, question: str) -> None:
    blocks, _, facets = label_tier(store, question)
    assert {"warnings", "side_effects"} <= set(facets), facets
    first = blocks[0]
    assert first["heading"] == "Warnings and Precautions", first["heading"]
    assert all("hypertension" in s["text"].lower() for s in first["statements"]), first["statements"]
    assert not any("hypersensitivity" in s["text"] for s in first["statements"])


@pytest.mark.parametrize(("question", "harm"), [
    ("can aimovig raise your blood pressure?", True),
    ("could lisinopril drop my blood pressure too low", True),
    ("will metformin give me diarrhea", True),
    ("can i increase my dose of lisinopril", False),
    ("can you give me a dose of tylenol for my son", False),
])
def test_what_a_drug_does_to_you_is_a_side_effect_question(question: str, harm: bool) -> None:
    assert ("side_effects" in recognise_facets(question, names_drug=True).facets) is harm, question


def test_an_agent_is_not_the_state_it_brings() -> None:
    # "CNS depressants" name no depression; an antidepressant still meets depression (the synonym group)
    assert not same_word("depression", "depressants")
    assert not mentions("depression", sentence_words("Use with other CNS depressants may increase sedation."))
    assert same_word("depression", "depressive") and same_word("depression", "antidepressants")
    assert same_word("anticoagulant", "anticoagulation")


def test_a_label_naming_part_of_the_condition_is_never_said_to_lack_it(store) -> None:
    # the clozapine label states ANC thresholds without the word "minimum": no note may say it lacks "minimum ANC"
    blocks, notes, _ = label_tier(store, "minimum ANC needed before starting clozapine")
    assert not any("says nothing about it" in n for n in notes), notes
    assert any(b["statements"] for b in blocks)
