"""Issue 12 points 2-4 (fix12e), on the real shared labels (MEDBRIEF_DATA): when no label of the drug states what was
asked (a use not in its indications, an adverse effect it does not list, a food, a drug test, a waiting time), the
brief says so plainly and shows no general text as if it answered; a statement that does carry the asked thing
(in the label's words for the patient's: "eyesight" / visual acuity, "MRI" / magnetic resonance imaging) stands
without that note; notes name the asked thing in the question's words, not the drug's own name or the asker's
doctor. A store of the openFDA labels of prazosin, paliperidone, atenolol and chlorthalidone, tretinoin cream,
ethambutol, rotigotine (Neupro) and gabapentin."""

from __future__ import annotations

from medbrief.store import Store

from ..conftest import label_tier, module_store_of_shared_labels

PRAZOSIN = "74991917accf5ff14ccf2954ebdb8c19c53813e8.json"
PALIPERIDONE = "d39ba9e15a53aa7d538eab0a63537bdfdc109e26.json"
ATENOLOL_CHLORTHALIDONE = "6b84ace5545cd91e654147eeea3b11fe2a651757.json"
TRETINOIN_CREAM = "03e6b84fb297e0a71d9c9ee9c730a05455a48003.json"
ETHAMBUTOL = "98ef1fba0350f71cc35328363ef1c5a0f20eba65.json"
NEUPRO = "eb0d1f144bd6d11aca0ad89e0a15c9477f71f781.json"
GABAPENTIN = "dc05d46923a9395dc7d5c37db88a8e05e99eb892.json"


store = module_store_of_shared_labels(
    (PRAZOSIN, PALIPERIDONE, ATENOLOL_CHLORTHALIDONE, TRETINOIN_CREAM, ETHAMBUTOL, NEUPRO, GABAPENTIN))


def _ask(store: Store, question: str) -> tuple[list[dict], list[str]]:
    """(label blocks, all notes of the brief)."""
    return label_tier(store, question)[:2]


def _answer(blocks: list[dict]) -> list[str]:
    """The statements offered as the answer: every block but the Key facts lead."""
    return [s["text"] for b in blocks if not b["heading"].endswith("Key facts") for s in b["statements"]]


def _absent(notes: list[str], drug: str, what: str, says: str = "mentions") -> bool:
    return any(n.startswith(f"No {drug} label in the corpus") and f"{says} {what}" in n
               and "says nothing about it" in n for n in notes)


# Kind A: no label states the asked thing -> a plain note, no general text as the answer.

def test_a_use_no_label_mentions_gets_a_plain_note_not_the_indications(store: Store) -> None:
    """Before: the prazosin indications (hypertension, JNC goals) under "Indications", and a note naming "ptsd
    nightmares doctor"."""
    blocks, notes = _ask(store, "does prazosin work for ptsd nightmares? my VA doctor brought it up")
    assert _answer(blocks) == []
    assert _absent(notes, "prazosin", "ptsd nightmares"), notes
    assert not any("doctor" in n for n in notes), notes
    # the use the label does state is answered without that note
    blocks, notes = _ask(store, "Is prazosin used for high blood pressure?")
    assert any("indicated for the treatment of hypertension" in s["text"] for b in blocks for s in b["statements"])
    assert not any("prazosin label in the corpus" in n and "says nothing" in n for n in notes), notes


def test_a_food_no_label_mentions_gets_a_plain_note_not_general_interactions(store: Store) -> None:
    """Before: three general interaction sentences (other antihypertensives, indomethacin, clonidine) and "No ...
    label sentence on interactions names it"."""
    blocks, notes = _ask(store, "can i drink grapefruit juice with my atenolol chlorthalidone pill")
    assert _answer(blocks) == []
    assert _absent(notes, "atenolol and chlorthalidone", "grapefruit juice"), notes
    assert not any("names it" in n for n in notes), notes


def test_a_drug_test_no_label_mentions_gets_a_plain_note_not_a_urine_protein_dipstick(store: Store) -> None:
    blocks, notes = _ask(store, "will gabapentin show up on a urine drug test for work?")
    assert not any("dipstick" in t for t in _answer(blocks)), _answer(blocks)
    assert _absent(notes, "gabapentin", "drug tests"), notes


def test_a_waiting_time_no_label_states_gets_a_plain_note(store: Store) -> None:
    """Before: tretinoin's interactions, pregnancy, discontinuation and description text, none giving a time."""
    blocks, notes = _ask(store, "how long after stopping tretinoin cream do i have to wait before trying to get "
                                "pregnant")
    assert _answer(blocks) == []
    assert _absent(notes, "tretinoin", "how long to wait after stopping it", says="states"), notes
    # what the label does say on pregnancy stands
    blocks, notes = _ask(store, "Is tretinoin cream safe in pregnancy?")
    assert any("pregnan" in t.lower() for t in _answer(blocks))
    assert not any("says nothing about it" in n for n in notes), notes


def test_an_adverse_effect_in_everyday_words_no_label_lists_gets_a_plain_note(store: Store) -> None:
    """"make your hair fall out" asks about side effects (before: no facet, and the boxed warning answered); no
    paliperidone label mentions hair or alopecia. The brand's ingredient in brackets is no condition (before: "No
    guideline ... addresses paliperidone in paliperidone")."""
    blocks, notes = _ask(store, "does invega (paliperidone) make your hair fall out?")
    assert _answer(blocks) == []
    assert _absent(notes, "paliperidone", "hair"), notes
    assert not any("paliperidone in paliperidone" in n for n in notes), notes


# Kind B: the label's words for the patient's.

def test_eyesight_meets_visual_acuity(store: Store) -> None:
    """Before: the Key facts and an animal toxicology block; no sentence on visual acuity; "ethambutol in mess up
    your eyesight" in the notes."""
    blocks, notes = _ask(store, "can ethambutol mess up your eyesight?")
    assert any("visual acuity" in t for t in _answer(blocks)), _answer(blocks)
    assert not any("says nothing about it" in n for n in notes), notes
    assert not any("mess up" in n for n in notes), notes


def test_mri_meets_magnetic_resonance_imaging(store: Store) -> None:
    blocks, notes = _ask(store, "do i need to take my neupro patch off before an MRI?")
    assert any("magnetic resonance imaging" in t for t in _answer(blocks)), _answer(blocks)
    assert not any("says nothing about it" in n for n in notes), notes


# Notes name the asked thing in the question's words.

def test_notes_name_the_condition_as_asked(store: Store) -> None:
    """Before: "in breastfeed" (a stem), "Pugh B liver disease" (the half of a hyphenated word)."""
    _, notes = _ask(store, "Is gabapentin safe while breastfeeding?")
    assert not any(n.endswith("in breastfeed.") for n in notes), notes
    assert any("gabapentin in breastfeeding" in n for n in notes), notes
    _, notes = _ask(store, "gabapentin dosing in Child-Pugh B liver disease")
    assert any("Child-Pugh B liver disease" in n for n in notes), notes
    assert not any("in Pugh B" in n for n in notes), notes
