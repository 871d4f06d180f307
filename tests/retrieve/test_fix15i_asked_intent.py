"""Issue 12 points 1-2 (fix15i): the question's own ask decides the intent; a second thing it names (a habit, a gene,
a condition, a product's own ingredients) is what the answer must name, not a second drug whose interaction is asked.
Ten-odd phrasings per kind, none of them a bench question verbatim."""

from __future__ import annotations

import pytest

from medbrief.compose.topic import condition_topic
from medbrief.retrieve.drugs import DrugDictionary, dictionary_rows
from medbrief.retrieve.facets import recognise_facets
from medbrief.retrieve.lexicon import LexiconEntry
from medbrief.retrieve.question import analyse


def _first(question: str, n_drugs: int = 1) -> str:
    return recognise_facets(question, names_drug=True, n_drugs=n_drugs).facets[0]


@pytest.mark.parametrize("question", [
    "What DEA schedule is oliceridine in?",
    "which schedule is lorazepam",
    "what schedule drug is tramadol",
    "is pregabalin scheduled?",
    "is gabapentin a controlled drug in my state",
    "Is modafinil a controlled substance?",
    "what controlled substance schedule is zolpidem",
])
def test_a_controlled_substance_schedule_is_no_dosing_schedule(question: str) -> None:
    facets = recognise_facets(question, names_drug=True).facets
    assert facets[0] == "abuse_dependence" and "dosing" not in facets, facets


def test_a_dosing_schedule_stays_a_dose_question() -> None:
    assert _first("what is the dosing schedule for methotrexate") == "dosing"
    assert "dosing" in recognise_facets("what is the dosing schedule of oxycodone and is it addictive",
                                        names_drug=True).facets


@pytest.mark.parametrize("question", [
    "im 37 and i smoke about half a pack a day, can i still use the ring?",
    "I smoke and I'm 40, can I still take my birth control pill?",
    "i had a blood clot last year, can i still be on estradiol",
    "Pharmacogenomic report shows CYP2C9*3/*3. OK to dispense?",
    "Patient is a CYP2D6 poor metabolizer, is it ok to start it?",
    "ok to fill this for a patient with a mechanical heart valve?",
    "Can this be given to a patient who has myasthenia gravis?",
    "is it safe to start it in someone with long QT",
])
def test_whether_it_may_be_given_leads_with_the_contraindications(question: str) -> None:
    facets = recognise_facets(question, names_drug=True).facets
    assert facets[0] == "contraindications" and "interactions" not in facets, facets


@pytest.mark.parametrize("question", [
    "can it be used for toenail fungus in a patient with heart failure",
    "Can pimavanserin be used for hallucinations in someone with dementia?",
])
def test_whether_it_may_be_given_for_a_use_leads_with_the_safety_text_then_the_use(question: str) -> None:
    # (the label tier reads the contraindications first for a warnings question naming a condition)
    assert recognise_facets(question, names_drug=True).facets == ("warnings", "indications")


@pytest.mark.parametrize(("question", "first"), [
    ("i missed a dose, can i still take it?", "counseling"),  # the facet the question asks in its own words leads
    ("I'm pregnant, can I still take sertraline?", "pregnancy"),
    ("my eGFR is 25, can i still take metformin?", "renal"),
    ("desloratadine in poor metabolizers", "pharmacokinetics"),  # no ask whether to give it
    ("rexulti dosing in a CYP2D6 poor metabolizer", "dosing"),
])
def test_an_asked_facet_keeps_the_lead(question: str, first: str) -> None:
    assert _first(question) == first


@pytest.mark.parametrize("question", [
    "Is fluconazole a CYP2C9 inhibitor?",  # no genotype: the CYP word asks about interactions
    "does it interact with CYP3A4 inducers",
])
def test_a_cyp_enzyme_without_a_genotype_still_asks_interactions(question: str) -> None:
    assert "interactions" in recognise_facets(question, names_drug=True).facets


@pytest.mark.parametrize("question", [
    "Can esomeprazole be co-prescribed with clopidogrel, or does it blunt the effect?",
    "Can doravirine be co-administered with rifampin in a patient being treated for TB?",
    "can these two be coadministered",
])
def test_co_administration_asks_the_interaction_not_the_use(question: str) -> None:
    assert _first(question, n_drugs=2) == "interactions"


@pytest.mark.parametrize("question", ["whats in the suprep kit", "what's in zyrtec-d?", "what is in the vaccine"])
def test_whats_in_asks_the_ingredients(question: str) -> None:
    assert "ingredients" in recognise_facets(question, names_drug=True).facets


LABELS = [
    ("label:1", ["ethinyl estradiol and etonogestrel"], {"brand_names": ["Etonogestrel and Ethinyl Estradiol"],
                                                         "generic_names": ["ETONOGESTREL AND ETHINYL ESTRADIOL"]}),
    ("label:2", ["olmesartan"], {"brand_names": ["Benicar"], "generic_names": ["OLMESARTAN MEDOXOMIL"]}),
    ("label:3", ["hydrochlorothiazide and olmesartan"], {"generic_names": ["OLMESARTAN MEDOXOMIL AND HCTZ"],
                                                         "substance_names": ["OLMESARTAN", "HYDROCHLOROTHIAZIDE"]}),
    ("label:4", ["hydrochlorothiazide"], {"generic_names": ["HYDROCHLOROTHIAZIDE"]}),
    ("label:5", ["magnesium sulfate and potassium sulfate and sodium sulfate"],
     {"generic_names": ["SODIUM SULFATE, POTASSIUM SULFATE AND MAGNESIUM SULFATE"]}),
    ("label:6", ["sodium sulfate"], {"generic_names": ["SODIUM SULFATE"]}),
    ("label:7", ["potassium sulfate"], {"generic_names": ["POTASSIUM SULFATE"]}),
    ("label:8", ["magnesium sulfate"], {"generic_names": ["MAGNESIUM SULFATE"]}),
    ("label:9", ["siponimod"], {"brand_names": ["Mayzent"], "generic_names": ["SIPONIMOD"]}),
]
_LEXICON = {"nuvaring": LexiconEntry("ethinylestradiol and etonogestrel", "external")}


@pytest.fixture(scope="module")
def dictionary() -> DrugDictionary:
    return DrugDictionary(dictionary_rows(LABELS), lambda names: {n: _LEXICON[n] for n in names if n in _LEXICON})


def test_a_product_the_lexicon_spells_otherwise_is_the_stored_label_once(dictionary: DrugDictionary) -> None:
    q = analyse("im 37 and i smoke, can i still use the nuvaring (etonogestrel/ethinyl estradiol ring)?", dictionary)
    assert q.drug_names == ["ethinyl estradiol and etonogestrel"]
    assert q.facets[0] == "contraindications"
    q = analyse("can i still use nuvaring if i smoke", dictionary)
    assert q.drug_names == ["ethinyl estradiol and etonogestrel"]


@pytest.mark.parametrize(("question", "drug", "first"), [
    ("What strengths is Benicar HCT (olmesartan/hydrochlorothiazide) available in?",
     "hydrochlorothiazide and olmesartan", "dosage_forms"),
    ("whats in the colonoscopy prep kit (sodium sulfate, potassium sulfate, magnesium sulfate)?",
     "magnesium sulfate and potassium sulfate and sodium sulfate", "ingredients"),
])
def test_a_product_with_its_ingredients_in_brackets_is_one_product(dictionary: DrugDictionary, question: str,
                                                                    drug: str, first: str) -> None:
    q = analyse(question, dictionary)
    assert q.drug_names == [drug] and q.facets[0] == first, (q.drug_names, q.facets)


def test_two_drugs_outside_brackets_stay_two(dictionary: DrugDictionary) -> None:
    q = analyse("can I take olmesartan with hydrochlorothiazide?", dictionary)
    assert {"olmesartan", "hydrochlorothiazide"} <= set(q.drug_names) and q.facets[0] == "interactions"


def test_a_genotype_is_the_condition_the_answer_names(dictionary: DrugDictionary) -> None:
    q = analyse("New Mayzent prescription; pharmacogenomic report shows CYP2C9*3/*3. OK to dispense?", dictionary)
    assert q.facets == ("contraindications",)
    assert condition_topic(q).words == ("cyp2c9",)  # the report's words say genes are asked, they name no gene
