"""Issue 12: the kinds a third held-out question set showed (read after it was scored unseen): how a question is read
(a patient's age, "baby" in a pregnancy question, a poor metabolizer's dose, "how often does X cause Y", "out of my
body", how long to keep using), a patient's word for a reaction, alcohol as a solvent, a drug's schedule, a product
name before its strength. Real label text where it matters (MEDBRIEF_DATA)."""

from __future__ import annotations

import pytest

from medbrief import pipeline
from medbrief.compose.label_reading import _RATE, _THRESHOLD, SUB_FACTS
from medbrief.compose.label_tier import _INTERACTANTS
from medbrief.compose.topic import same_word
from medbrief.retrieve.facets import BY_KEY, recognise_facets
from medbrief.sentences import sentences
from medbrief.store import Store

from ..conftest import label_blocks, label_statements, module_store_of_shared_labels, settings_of_shared_labels


@pytest.mark.parametrize(("question", "facets"), [
    ("i was on premarin and just found out im pregnant, is that bad for the baby", ("pregnancy",)),
    ("how often does augmentin cause diarrhea", ("side_effects",)),
    ("rexulti dosing in a CYP2D6 poor metabolizer", ("dosing", "specific_populations")),
    ("i stopped my coumadin, how long until warfarin is out of my body?", ("pharmacokinetics",)),
    ("risperidone starting dose for an 84 year old", ("geriatric", "dosing")),
    ("how long do i have to keep putting kerydin on my toenail fungus", ("dosing",)),
    ("What dose of dabigatran for an 8 year old?", ("pediatric", "dosing")),  # a child's age still reads pediatric
    ("desloratadine in poor metabolizers", ("pharmacokinetics", "specific_populations")),  # no dose asked
])
def test_how_a_question_is_read(question: str, facets: tuple[str, ...]) -> None:
    assert recognise_facets(question, names_drug=True).facets == facets


def test_a_patients_word_for_a_reaction_meets_the_labels() -> None:
    assert same_word("sleepiness", "somnolence") and same_word("sleepy", "drowsiness")
    assert not same_word("sleepiness", "insomnia")  # the opposite complaint
    assert same_word("itching", "pruritus") and same_word("tiredness", "fatigue")


def test_alcohol_as_a_solvent_or_excipient_is_no_drinking() -> None:
    label_words = next(words for asked, words in _INTERACTANTS if asked.search("can you drink alcohol with otezla"))
    import re

    rx = re.compile(label_words, re.I)
    assert not rx.search("Apremilast drug substance is practically insoluble in water and slightly soluble in alcohol.")
    assert not rx.search("GELNIQUE 3% is an alcohol-based gel and is therefore flammable.")
    assert not rx.search("Inactive ingredients: benzyl alcohol, cetyl alcohol.")
    assert rx.search("Avoid alcohol while taking this medicine.")
    assert rx.search("Patients should not drink alcohol or use alcohol-containing products.")


def test_a_listed_threshold_in_words_is_no_rate() -> None:
    text = "The most common adverse reactions (10% or more for EPIDIOLEX and greater than placebo) are: somnolence"
    assert not _RATE.search(_THRESHOLD.sub(" ", text))


def test_is_it_a_controlled_substance_is_answered_by_its_schedule() -> None:
    asked, states = SUB_FACTS["abuse_dependence"][0]
    assert asked.search("is dexmethylphenidate a controlled substance?")
    assert states.search("contain dexmethylphenidate hydrochloride, a Schedule II controlled substance.")
    assert states.search("Phendimetrazine tartrate is a Schedule lll controlled substance.")  # as the label writes it
    assert not states.search("Drug addiction is a cluster of behavioral, cognitive, and physiological phenomena.")


def test_old_labels_withdrawal_symptoms_under_precautions_are_read() -> None:
    assert "42232-9" in BY_KEY["withdrawal"].label_codes


def test_an_upper_case_name_before_its_strength_is_the_subject_not_a_heading() -> None:
    text = ("Patients should wash their hands after application of GELNIQUE 3%.\n5.4 Flammable Gel\n"
            "GELNIQUE 3% is an alcohol-based gel and is therefore flammable. Avoid open fire until gel has dried.")
    assert "GELNIQUE 3% is an alcohol-based gel and is therefore flammable." in [s.text for s in sentences(text)]


CANNABIDIOL = "162b33e5e6699db7616368c585477fc705d00da7.json"
DIVALPROEX = "bcee5653a4cf97ab75005a4f59a0efe86342e545.json"
CLOMIPRAMINE = "3e27edcc57f60df26ee44376f10c659f15253dd8.json"

store = module_store_of_shared_labels((CANNABIDIOL, DIVALPROEX, CLOMIPRAMINE))


def _first_block(store: Store, question: str) -> list[str]:
    return [s["text"] for s in label_blocks(store, question)[0]["statements"]]


def test_the_other_drug_as_the_question_names_it(store: Store) -> None:
    # "valproate" is recognised as divalproex; the cannabidiol label names valproate, never divalproex
    said = _first_block(store, "is it ok to use epidiolex together with valproate")
    assert said and all("valproate" in s for s in said)
    assert any("Concomitant use of EPIDIOLEX and valproate increases the incidence of liver enzyme elevations" in s
               for s in said)


def test_stopping_suddenly_is_answered_by_the_withdrawal_symptoms(store: Store) -> None:
    said = _first_block(store, "what happens if you stop clomipramine suddenly")
    assert any(s.startswith("A variety of withdrawal symptoms have been reported in association with abrupt "
                            "discontinuation") for s in said[:2])


ANTACID = "labels/spl_xml/hafsaahmed614_xml_information/otc_43f770ab-1ea6-c06a-e063-6294a90aebd2.xml"


def test_a_combination_asked_by_some_of_its_ingredients_is_read_from_the_product_holding_them(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # the only label with both is an antacid that adds dimethicone: it answers, and no note says there is no label
    settings = settings_of_shared_labels(tmp_path_factory, (), files=(ANTACID,))
    with pipeline.open_store(settings) as s:
        question = "how many teaspoons of aluminum hydroxide and magnesium hydroxide antacid can I take a day"
        brief = pipeline.ask_store(s, question).to_json_dict()
    tier = next(t for t in brief["sections"] if t["tier"] == "label")
    said = [st["text"] for b in tier["blocks"] for st in b["statements"]]
    assert any("do not take more than 8 teaspoonfuls in 24 hours" in t for t in said)
    assert not any(n.startswith("No FDA label for") for n in brief["notes"])
    assert any("no label of aluminum hydroxide and magnesium hydroxide alone" in n for n in brief["notes"])


def test_a_patients_lab_result_is_no_drug_and_a_combination_is_one_product() -> None:
    from medbrief.retrieve.drugs import DrugMatch
    from medbrief.retrieve.question import _lab_values, _one_product

    def m(canonical: str, surface: str) -> DrugMatch:
        return DrugMatch(canonical, surface, "generic", True)

    q = "potassium came back 5.6 - can the patient stay on triamterene/hctz?"
    drugs = (m("potassium", "potassium"), m("triamterene", "triamterene"), m("hydrochlorothiazide", "hctz"),
             m("hydrochlorothiazide and triamterene", "triamterene/hctz"))
    assert [d.canonical for d in _one_product(q, _lab_values(q, drugs))] == ["hydrochlorothiazide and triamterene"]
    two = "Can I take tramadol and acetaminophen together?"  # two drugs a patient may take together: kept apart
    both = (m("tramadol", "tramadol"), m("acetaminophen", "acetaminophen"), m("acetaminophen and tramadol", "x"))
    assert _one_product(two, both) == both
    # a dose of potassium is the drug; a lab value alone in the question leaves it (no other drug to ask about)
    assert _lab_values("potassium chloride 20 mEq with lisinopril", (m("potassium chloride", "potassium chloride"),
                                                                     m("lisinopril", "lisinopril")))[0].canonical \
        == "potassium chloride"
    assert _lab_values("serum potassium 6.1 on lisinopril", (m("potassium", "potassium"), m("lisinopril", "lisinopril"))
                       ) == (m("lisinopril", "lisinopril"),)
    assert recognise_facets(q, names_drug=True).facets == ("contraindications",)


GABAPENTIN = "dc05d46923a9395dc7d5c37db88a8e05e99eb892.json"
APIXABAN = "labels/mateoportillo_fda_rag/apixaban.xml"

trial_store = module_store_of_shared_labels((GABAPENTIN,), (APIXABAN,))


def test_a_missed_dose_sentence_in_dosage_and_administration_needs_no_counseling_cue(trial_store: Store) -> None:
    # a fresh user's trial: 2.3 Missed Dose states it without "advise" or "missed" in the sentence itself
    said = [s["text"] for s in label_statements(trial_store, "What should I do if I miss a dose of apixaban?")]
    assert any(s.startswith("If a dose of ELIQUIS is not taken at the scheduled time, the dose should be taken as soon "
                            "as possible") for s in said)


def test_how_a_drug_is_eliminated_is_answered_by_its_route_not_its_half_life(trial_store: Store) -> None:
    said = _first_block(trial_store, "How is gabapentin eliminated from the body?")
    assert said[0] == "Gabapentin is eliminated from the systemic circulation by renal excretion as unchanged drug."
