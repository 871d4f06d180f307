"""Issue 12 points 1, 2, 4 and 5 (fix14v): the drugs, classes and topics a question asks about, read right.

Kinds, each found by a pharmacist on main's code:
- a lay class that spans classes ("a painkiller": NSAIDs, opioids) read as one arbitrary member (morphine), and a
  note naming the lay word ("No furosemide label sentence on interactions names painkiller") though the furosemide
  label names NSAIDs and indomethacin;
- a class abbreviation the lexicon lacks ("MAOI") left as the condition asked about;
- a long question naming five drugs leaving out the fifth, the one it asks about;
- a Key facts note calling a dose absent to a question that asks for none ("What is Jardiance used for?");
- research statements of an interaction question naming only the other drug (an interaction asked beside another
  facet; a class named beside one drug).

Real openFDA labels of the shared zip and one DailyMed SPL (ibuprofen tablets), written to a temporary store.
"""

from __future__ import annotations

from medbrief.compose.topic import condition_topic, interaction_partners
from medbrief.retrieve.corpus import Corpus
from medbrief.retrieve.drugs import DrugMatch
from medbrief.retrieve.question import Question, analyse, asked_first
from medbrief.store import Store
from tests.conftest import label_tier, module_store_of_shared_labels

FUROSEMIDE = "f0f602df1731c99e0d912502fb66091b8ca8b5f5.json"
MORPHINE = "f822c2124b5506c59fc334847cc4a18d8b951b83.json"
JARDIANCE = "5644b9fd4b3fc0f90d9ec771901607ef5e212e04.json"
SERTRALINE = "1fdd67f0ee799c8a5acb965066da45fd121e2140.json"
ISOCARBOXAZID = "56d6db4877e531b5d83348dc05d4f4b6bc3afca8.json"
IBUPROFEN = "labels/spl_xml/hafsaahmed614_xml_information/prescription_1a0301ba-9f66-ac39-e063-6394a90a34bb.xml"

store = module_store_of_shared_labels((FUROSEMIDE, MORPHINE, JARDIANCE, SERTRALINE, ISOCARBOXAZID), (IBUPROFEN,))


def _question(store: Store, text: str) -> tuple[Question, Corpus]:
    corpus = Corpus(store)
    return analyse(text, corpus.drugs), corpus


# --- class names are classes --------------------------------------------------------------------------------------

def test_class_abbreviations_are_classes_never_the_condition(store: Store) -> None:
    for text, cls in (("Can I take an SSRI with an MAOI?", "monoamine oxidase inhibitors"),
                      ("Is an SNRI safe with tramadol?", "serotonin and noradrenaline reuptake inhibitors"),
                      ("Can I take ACE inhibitors with potassium?", "angiotensin-converting enzyme inhibitors")):
        q, _ = _question(store, text)
        assert cls in {c.canonical for c in q.classes}, (text, q.classes)
        assert not {"maoi", "maois", "snri", "ace", "inhibitors"} & set(condition_topic(q).words), text


def test_ssri_with_maoi_reads_an_maoi_label_and_no_condition(store: Store) -> None:
    blocks, notes, _ = label_tier(store, "Can I take an SSRI with an MAOI?")
    headings = [b["heading"] for b in blocks]
    assert any(h.startswith("sertraline:") for h in headings) and any(h.startswith("isocarboxazid:") for h in headings)
    assert not any(" in MAOI" in n or "mentions MAOI" in n for n in notes), notes


# --- a lay class spanning classes ---------------------------------------------------------------------------------

def test_painkiller_with_a_water_pill_matches_the_nsaid_sentences_of_the_diuretic_label(store: Store) -> None:
    blocks, notes, _ = label_tier(store, "Can I take a painkiller with a water pill for AF?")
    furosemide = [s["text"] for b in blocks if b["heading"] == "furosemide: Interactions" for s in b["statements"]]
    assert any("indomethacin" in t or "salicylate" in t or "NSAID" in t for t in furosemide), furosemide
    # read class by class (an NSAID and an opioid), never morphine alone for every painkiller
    headings = [b["heading"] for b in blocks]
    assert any(h.startswith("ibuprofen:") for h in headings) and any(h.startswith("morphine:") for h in headings)
    assert any("painkiller (NSAIDs)" in n for n in notes) and any("painkiller (opioids)" in n for n in notes)
    # a note on what a label does not name says it in the label's words
    assert not any("names painkiller" in n or "names water pill" in n for n in notes), notes


# --- the drug asked about is read first ---------------------------------------------------------------------------

def _q(text: str, names: list[str]) -> Question:
    return Question(text, tuple(DrugMatch(n, n, "generic", True) for n in names), (), False, (), (), None)


def test_the_drugs_of_the_asking_clause_come_first() -> None:
    q = _q("I take metformin, lisinopril, atorvastatin and aspirin every day. Can I take ibuprofen for my back?",
           ["metformin", "lisinopril", "atorvastatin", "aspirin", "ibuprofen"])
    assert [d.canonical for d in asked_first(q)][:1] == ["ibuprofen"]
    q = _q("My mother is on warfarin, digoxin and metoprolol; is it safe for her to take fluconazole?",
           ["warfarin", "digoxin", "metoprolol", "fluconazole"])
    assert [d.canonical for d in asked_first(q)][:1] == ["fluconazole"]
    q = _q("what is voquezna used for? my doctor switched me from omeprazole", ["voquezna", "omeprazole"])
    assert [d.canonical for d in asked_first(q)] == ["voquezna", "omeprazole"]
    q = _q("Can I take ibuprofen with metformin, lisinopril, atorvastatin and aspirin?",
           ["ibuprofen", "metformin", "lisinopril", "atorvastatin", "aspirin"])
    assert [d.canonical for d in asked_first(q)] == [d.canonical for d in q.drugs]


def test_a_five_drug_question_never_leaves_out_the_drug_it_asks_about(store: Store) -> None:
    blocks, notes, _ = label_tier(
        store, "I take furosemide, morphine, Jardiance and sertraline every day. Can I take ibuprofen with them?")
    assert any(b["heading"].startswith("ibuprofen:") for b in blocks)
    left = [n for n in notes if "leaves out" in n]
    assert left and "ibuprofen" not in left[0].split("leaves out")[1], left


# --- absence notes only when due ----------------------------------------------------------------------------------

def test_an_indications_question_gets_no_dose_absence_note(store: Store) -> None:
    _, notes, _ = label_tier(store, "What is Jardiance used for?")
    assert not any("starting dose" in n or "maximum dose" in n or "dose range" in n for n in notes), notes


# --- research partners --------------------------------------------------------------------------------------------

def test_an_interaction_asked_beside_another_facet_needs_both_drugs(store: Store) -> None:
    q, corpus = _question(store, "Can sertraline be co-administered with isocarboxazid in a patient treated for "
                                 "depression?")
    partners = interaction_partners(q, corpus)
    assert "interactions" in q.facets and partners
    assert partners.met_by("Sertraline with isocarboxazid caused serotonin syndrome.")
    assert not partners.met_by("Isocarboxazid improved depression scores.")


def test_a_class_beside_one_drug_is_its_partner(store: Store) -> None:
    q, corpus = _question(store, "Is it safe to take ibuprofen with a blood thinner?")
    partners = interaction_partners(q, corpus)
    assert partners.met_by("Ibuprofen increased bleeding in patients on warfarin.")
    assert partners.met_by("Ibuprofen with oral anticoagulants raises the bleeding risk.")
    assert not partners.met_by("Warfarin increased bleeding.")
    assert not partners.met_by("Ibuprofen relieved pain.")
