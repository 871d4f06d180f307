"""Issue 12 points 1-2 (fix13c), on the real shared labels (MEDBRIEF_DATA): a second drug a label names only by its
class or a broader class ("serotonergic agents" for sertraline), the bare keyword form of a two-drug question, lay
class names ("water pill"), and a drug class asked with no drug named (the labels of the class's drugs, said which)."""

from __future__ import annotations

import re

import pytest

from medbrief.compose.label_tier import class_drugs, described_classes
from medbrief.retrieve.corpus import Corpus
from medbrief.retrieve.facets import recognise_facets
from medbrief.retrieve.question import analyse

from ..conftest import label_tier, module_store_of_shared_labels

LINEZOLID = "a719cd48776d04a374754b617a0d4ae58e9a8483.json"
SERTRALINE = "1fdd67f0ee799c8a5acb965066da45fd121e2140.json"  # no openFDA class in this record
HCTZ = "11945506af98e3b1b2df75baae96fbedec7ffd80.json"
FUROSEMIDE = "f0f602df1731c99e0d912502fb66091b8ca8b5f5.json"
ATORVASTATIN = "86a63a188088b0f74b93c248040c3dac30017abd.json"
SIMVASTATIN = "a78ab5359ac16062f51bd4a6bcf91ebb77cb9ef6.json"
NYSTATIN = "66710ffbbe69cc3b8e0e73c213cf331df5bdda46.json"  # a "-statin" that is no statin
WARFARIN = "labels/mateoportillo_fda_rag/warfarin.xml"
LISINOPRIL = "labels/mateoportillo_fda_rag/lisinopril.xml"

store = module_store_of_shared_labels((LINEZOLID, SERTRALINE, HCTZ, FUROSEMIDE, ATORVASTATIN, SIMVASTATIN, NYSTATIN),
                                      (WARFARIN, LISINOPRIL))


def _said(blocks: list[dict], heading: str) -> list[str]:
    return [s["text"] for b in blocks if b["heading"] == heading for s in b["statements"]]


# Kind 1: the other drug by its class, as its own label states it, or by the broader class it belongs to.

def test_a_label_says_its_own_class(store) -> None:
    corpus = Corpus(store)
    # "Sertraline hydrochloride is a selective serotonin reuptake inhibitor (SSRI)": the qualifier left out, as
    # other labels name the class ("serotonin reuptake inhibitors"); openFDA gives this record no class
    assert "serotonin reuptake inhibitor" in described_classes(corpus.labels_for("sertraline"), corpus, "sertraline")
    assert "inhibitor" not in described_classes(corpus.labels_for("sertraline"), corpus, "sertraline")


def test_the_second_drug_by_its_class_leads(store) -> None:
    blocks, notes, facets = label_tier(store, "Can linezolid be given to a patient taking sertraline?")
    assert facets[0] == "interactions"
    said = _said(blocks, "linezolid: Interactions")
    assert said, [b["heading"] for b in blocks]
    # every statement names sertraline's class (its own or the broader serotonergic one), none is about vitamin C
    assert all(re.search(r"serotonergic|serotonin reuptake|SSRI", t) for t in said), said
    assert not any("Vitamin C" in t for t in said), said
    # the false note: the label names the class in prose, and the brief quotes it
    assert not any("only in a table" in n or "names sertraline only" in n for n in notes), notes


# Kind 2: the bare keyword form of a two-drug question.

@pytest.mark.parametrize("question", ["warfarin aspirin bleeding", "warfarin aspirin", "lisinopril furosemide"])
def test_two_drugs_side_by_side_ask_their_interaction(question: str) -> None:
    assert recognise_facets(question, names_drug=True, n_drugs=2).facets[:1] == ("interactions",)


@pytest.mark.parametrize("question", ["warfarin vs aspirin", "warfarin or aspirin for afib",
                                      "atorvastatin simvastatin dose"])
def test_a_comparison_or_a_dose_is_no_interaction(question: str) -> None:
    assert "interactions" not in recognise_facets(question, names_drug=True, n_drugs=2).facets[:1]


def test_keyword_pair_gets_the_interaction_statement(store) -> None:
    blocks, _, facets = label_tier(store, "warfarin lisinopril furosemide")
    assert facets[0] == "interactions"
    said = _said(blocks, "furosemide: Interactions")
    # "Furosemide combined with angiotensin-converting enzyme inhibitors ... may lead to severe hypotension"
    assert said and re.search(r"angiotensin[- ]converting enzyme inhibitors|lisinopril|warfarin", said[0]), said


# Kind 3: lay class names.

@pytest.mark.parametrize("question", ["Can I take a water pill with lisinopril?", "water pills and lisinopril"])
def test_a_water_pill_is_a_diuretic(store, question: str) -> None:
    q = analyse(question, Corpus(store).drugs)
    assert [c.canonical for c in q.classes] == ["diuretics"]
    assert q.facets[:1] == ("interactions",)
    blocks, notes, _ = label_tier(store, question)
    said = _said(blocks, "lisinopril: Interactions")
    assert said and all(re.search(r"diuretic", t, re.I) for t in said), said
    # the class's own labels are read too, and the note says which
    assert any(b["heading"] == "furosemide: Interactions" for b in blocks), [b["heading"] for b in blocks]
    assert any("water pill" in n and "furosemide" in n and "hydrochlorothiazide" in n for n in notes), notes


@pytest.mark.parametrize(("lay", "cls"), [("sleeping pills", "sleep aids, pharmaceutical"),
                                          ("painkillers", "analgesics"), ("blood thinners", "anticoagulants"),
                                          ("statins", None)])
def test_lay_class_names(store, lay: str, cls: str | None) -> None:
    q = analyse(f"can I take {lay} with warfarin", Corpus(store).drugs)
    assert q.classes, lay
    if cls is not None:
        assert q.classes[0].canonical == cls


# Kind 4: a class asked with no drug named.

def test_a_class_question_reads_the_labels_of_its_drugs(store) -> None:
    corpus = Corpus(store)
    q = analyse("Are statins safe in pregnancy?", corpus.drugs)
    found = dict(class_drugs(q, corpus))
    assert set(found["statins"]) == {"atorvastatin", "simvastatin"}  # not nystatin
    blocks, notes, _ = label_tier(store, "Are statins safe in pregnancy?")
    headings = [b["heading"] for b in blocks]
    assert "atorvastatin: Pregnancy" in headings, headings
    # every drug read is answered for or said: simvastatin's pregnancy text is atorvastatin's (the class's text)
    assert "simvastatin: Pregnancy" in headings or any(
        "simvastatin label's text on pregnancy is the same as the atorvastatin label's" in n for n in notes), notes
    assert not any("nystatin" in h for h in headings)
    assert any("statins" in n and "atorvastatin" in n and "own drug only" in n for n in notes), notes
    assert not any("no FDA label is cited" in n for n in notes), notes


def test_the_class_asked_about_is_no_second_drug(store) -> None:
    drugs = Corpus(store).drugs
    # "Are NSAIDs safe in kidney disease?": the class is the subject, not something taken with it
    assert "interactions" not in analyse("Are NSAIDs safe in kidney disease?", drugs).facets
    assert analyse("sleeping pills with alcohol", drugs).facets[:1] == ("interactions",)


def test_a_class_the_named_drug_belongs_to_adds_no_members(store) -> None:
    corpus = Corpus(store)
    # "the statin dose" is simvastatin's: no other statin's label is read for it
    q = analyse("Is simvastatin ok with warfarin, or can I just lower the statin dose?", corpus.drugs)
    assert class_drugs(q, corpus) == []
