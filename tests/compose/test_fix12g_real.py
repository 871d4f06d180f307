"""Issue 12 (fix12g, the fifth held-out set's half l), on the real shared labels (MEDBRIEF_DATA): question phrasings the
facet table missed ("the most X i can take in one day", "reasons i shouldnt take X", "I have a milk allergy, am I
allowed to use X", a kidney condition treated, dialysis in an overdose, "my dad is 82"), each answered from the
section that states it."""

from __future__ import annotations

import re

import pytest

from medbrief import pipeline
from medbrief.retrieve.facets import recognise_facets

from ..conftest import label_blocks, module_store_of_shared_labels

UBRELVY = "bfb3781374c2b84bca8d4d11c50dea9a189decc1.json"
RELENZA = "fe78bc26f2307d12e0f4d432b683ecf289021727.json"
METHENAMINE = "78a601310da919e5a54dd0ba57af928815dadff9.json"
NISOLDIPINE = "468e243ed7f150e32ac0c7648aaa4276c24a3dec.json"
ZOLPIDEM = "1a46d8b0751b642ff97501049c7facf3f2331411.json"
POTASSIUM_CITRATE = "41beffd2628563ab35f22b8fe61d4d01429f82ea.json"
ZURZUVAE = "3d7ff46207bcf02d1c2cbb912e2bc2ccc2140809.json"

store = module_store_of_shared_labels((UBRELVY, RELENZA, METHENAMINE, NISOLDIPINE, ZOLPIDEM, POTASSIUM_CITRATE,
                                       ZURZUVAE))


def _first(store, question: str) -> tuple[str, str]:
    """The first block's heading and its first statement."""
    block = label_blocks(store, question)[0]
    return block["heading"], block["statements"][0]["text"]


@pytest.mark.parametrize(("question", "heading", "says"), [
    # (the Key facts lead with the maximum: "whats" and "doesnt" are no condition the lead must name; fix13m)
    ("whats the most ubrelvy i can take in one day if the first pill doesnt work", "", "200 mg"),
    ("what's the most ambien I can take", "", "10 mg"),  # the Key facts lead with the maximum
])
def test_the_most_one_can_take_is_the_maximum_dose(store, question: str, heading: str, says: str) -> None:
    assert recognise_facets(question, names_drug=True).facets[0] == "max_dose"
    first, text = _first(store, question)
    assert heading in first and says in text, (first, text)


@pytest.mark.parametrize(("question", "says"), [
    ("are there any reasons i shouldnt take methenamine hippurate for my recurring UTIs?", "contraindicated"),
    ("I have a milk allergy, am I allowed to use the Relenza inhaler for the flu?", "milk proteins"),
    ("who shouldn't take nisoldipine", "contraindicated"),
])
def test_who_must_not_take_it_is_contraindications(store, question: str, says: str) -> None:
    assert recognise_facets(question, names_drug=True).facets[0] == "contraindications"
    first, text = _first(store, question)
    assert first == "Contraindications" and says in text, (first, text)


def test_an_allergy_treated_is_a_use_not_a_contraindication() -> None:
    for question in ("can i take claritin for my allergies", "is zyrtec good for seasonal allergies"):
        assert recognise_facets(question, names_drug=True).facets == ("indications",), question


def test_a_kidney_condition_treated_is_no_renal_question(store) -> None:
    question = "what is potassium citrate prescribed for? my doctor gave it to me for kidney stones"
    assert "renal" not in recognise_facets(question, names_drug=True).facets
    blocks = label_blocks(store, question)
    assert "indicated for" in blocks[0]["statements"][0]["text"]
    assert not any("Renal" in b["heading"] for b in blocks[:1])
    # kidney function stays a renal question
    assert recognise_facets("is potassium citrate safe in kidney failure", names_drug=True).facets[0] == "renal"


@pytest.mark.parametrize("question", ["Is hemodialysis useful for nisoldipine overdose?",
                                      "Is zolpidem removed by hemodialysis in an overdose?"])
def test_dialysis_in_an_overdose_is_the_overdose_management(store, question: str) -> None:
    assert recognise_facets(question, names_drug=True).facets == ("overdose",)
    block = label_blocks(store, question)[0]
    assert block["heading"] == "Overdose", block["heading"]
    assert any("dialysis" in s["text"] for s in block["statements"]), block["statements"]


@pytest.mark.parametrize("question", ["my dad is 82, what dose of ambien should he be taking?",
                                      "my grandmother is 80, how much zolpidem can she take"])
def test_an_age_stated_as_a_number_from_65_is_geriatric_dosing(store, question: str) -> None:
    assert recognise_facets(question, names_drug=True).facets[0] == "geriatric"
    first, text = _first(store, question)
    assert first == "Use in Older Adults" and "elderly" in text and "5 mg" in text, (first, text)


def test_a_stated_number_that_is_no_age_is_not_read_as_one() -> None:
    for question in ("my eGFR is 70, can I take metformin", "my potassium is 5.6, can I stay on lisinopril",
                     "i'm 5 weeks pregnant, can i take zolpidem"):
        facets = recognise_facets(question, names_drug=True).facets
        assert "geriatric" not in facets and "pediatric" not in facets, (question, facets)


@pytest.mark.parametrize(("question", "heading", "says"), [
    ("What are the most common adverse reactions with zuranolone for postpartum depression?", "Side Effects",
     "Most common adverse reactions"),
    ("what side effects does zurzuvae have in postpartum depression", "Side Effects", "adverse reaction"),
    ("are there any reasons i shouldnt take methenamine hippurate for my recurring UTIs?", "Contraindications",
     "contraindicated"),
])
def test_the_condition_the_drug_is_taken_for_does_not_make_indications_lead(store, question: str, heading: str,
                                                                             says: str) -> None:
    """The question names the drug's labelled use as what it is taken for: the asked facet's statements answer, the
    indication sentence naming the condition does not lead (nor a "depressant" sentence that shares a word form)."""
    blocks = label_blocks(store, question)
    assert blocks[0]["heading"] == heading, [b["heading"] for b in blocks]
    assert says in blocks[0]["statements"][0]["text"]
    assert not any(b["heading"] == "Indications and Usage" for b in blocks)


def test_a_condition_that_is_no_labelled_use_still_leads(store) -> None:
    """"does zurzuvae cause sleepiness": the condition is the effect asked about, and the sentences naming it lead."""
    blocks = label_blocks(store, "does zurzuvae make you sleepy and drowsy during the day")
    text = " ".join(s["text"] for s in blocks[0]["statements"]).lower()
    assert "somnolence" in text or "drows" in text or "sedat" in text, blocks[0]


DILTIAZEM_CAPSULE = "056356bcd5b12d6f58121ceeb43998c51dc39a25.json"
old_format = module_store_of_shared_labels((METHENAMINE, DILTIAZEM_CAPSULE))


@pytest.mark.parametrize(("question", "heading", "says"), [
    ("is it ok to take methenamine (hiprex) for UTIs while pregnant?", "Pregnancy",
     "In early pregnancy the safe use of methenamine hippurate is not established."),
    ("can I take diltiazem while breastfeeding", "Lactation", "Diltiazem is excreted in human milk."),
    ("is methenamine safe for elderly patients", "Use in Older Adults", "elderly"),
])
def test_population_subsections_inside_precautions_answer(old_format, question: str, heading: str,
                                                         says: str) -> None:
    """Old-format labels write Use in Pregnancy, Nursing Mothers and Geriatric Use inside Precautions (42232-9): the
    population's statements come from there, and no note says the label has nothing on it."""
    brief = pipeline.ask_store(old_format, question).to_json_dict()
    tier = next(t for t in brief["sections"] if t["tier"] == "label")
    assert tier["blocks"][0]["heading"] == heading, [b["heading"] for b in tier["blocks"]]
    assert any(says in s["text"] for s in tier["blocks"][0]["statements"]), tier["blocks"][0]["statements"]
    assert not any("has nothing on" in n for n in [*tier.get("notes", []), *brief["notes"]])


MERCAPTOPURINE = "f9c4b90085c8522d51e79b96fa1b11363984422a.json"
glued = module_store_of_shared_labels((ZURZUVAE, MERCAPTOPURINE))


def test_a_heading_in_capitals_before_the_brand_in_capitals_is_cut(glued) -> None:
    """The boxed warning's title in capitals is glued to its first sentence, whose subject is the brand in capitals
    ("... HAZARDOUS ACTIVITIES ZURZUVAE causes driving impairment ..."): the statement starts at the brand."""
    for question in ("my doctor says zurzuvae has a black box warning, what is it about?",
                     "What are the most common adverse reactions with zuranolone for postpartum depression?"):
        texts = [s["text"] for b in label_blocks(glued, question) for s in b["statements"]]
        assert not any("HAZARDOUS ACTIVITIES" in t for t in texts), texts
    boxed = label_blocks(glued, "my doctor says zurzuvae has a black box warning, what is it about?")[0]
    assert boxed["statements"][0]["text"].startswith("ZURZUVAE causes driving impairment")


@pytest.mark.parametrize(("text", "name", "starts"), [
    ("INCREASED RISK OF DEATH, MYOCARDIAL INFARCTION, STROKE, VENOUS THROMBOEMBOLISM, and THROMBOSIS OF VASCULAR "
     "ACCESS JESDUVROQ increases the risk of thrombotic vascular events.", "jesduvroq", "JESDUVROQ increases"),
    # a brand in capitals that is the subject, with its forms in capitals: nothing to cut
    ("VOQUEZNA TRIPLE PAK and VOQUEZNA DUAL PAK were shown to be noninferior to LAC.", "voquezna", "VOQUEZNA TRIPLE"),
    ("LYUMJEV U-100 and LYUMJEV U-200 can be injected under the skin (subcutaneously).", "lyumjev", "LYUMJEV U-100"),
])
def test_heading_in_capitals_before_the_name(text: str, name: str, starts: str) -> None:
    from medbrief.compose import standalone
    cut = standalone.heading_before_name(text, re.compile(rf"\b{name}\b", re.I))
    assert text[cut:].startswith(starts), text[cut:]


def test_the_renal_key_fact_names_the_impairment_in_its_own_words(glued) -> None:
    """The highlights line "Renal Impairment : Use the lowest recommended starting dose ..." names the patients only in
    its run-in label; the full text's sentence names them itself and is the key fact."""
    question = ("Patient on mercaptopurine for ALL is being started on allopurinol - how should the mercaptopurine "
                "dose be adjusted?")
    texts = [s["text"] for b in label_blocks(glued, question) for s in b["statements"]]
    assert not any(t.startswith("Renal Impairment :") for t in texts), texts
    assert any("in patients with renal impairment (CLcr less than 50 mL/min)" in t for t in texts), texts


SOLOSEC = "d853eddb5be5ef6998e7171dddaab8e877d0f048.json"
TINIDAZOLE = "ca9f1893a5097ad41fdee4d8dbfd3d40d72b1773.json"
alcohol = module_store_of_shared_labels((SOLOSEC, TINIDAZOLE))


@pytest.mark.parametrize(("question", "drug"), [
    ("can i have a beer after my solosec dose or do i have to wait", "SOLOSEC"),
    ("can i drink a glass of wine while taking tinidazole", "tinidazole"),
])
def test_an_alcohol_question_leads_with_the_drug_interactions_sentence(alcohol, question: str, drug: str) -> None:
    """"... should be avoided during X therapy" in Drug Interactions states the fact as "avoid" does: it leads, not
    the counseling section's retelling or a highlights line."""
    first = label_blocks(alcohol, question)[0]
    assert first["heading"] == "Interactions"
    assert first["statements"][0]["text"].startswith(
        f"Alcoholic beverages and preparations containing ethanol or propylene glycol should be avoided during {drug} "
        "therapy"), first["statements"][0]["text"]
