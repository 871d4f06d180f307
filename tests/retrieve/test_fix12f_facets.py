"""Issue 12 (fix12f): question reading for a use question naming its condition, and a body sign's colour."""

from __future__ import annotations

import pytest

from medbrief.retrieve.facets import recognise_facets


def _facets(question: str, n_drugs: int = 1) -> tuple[str, ...]:
    return recognise_facets(question, names_drug=True, n_drugs=n_drugs).facets


@pytest.mark.parametrize("question", [
    "Is topiramate used for alcohol use disorder?",
    "Is naltrexone used for alcohol dependence?",
    "Does gabapentin help with alcohol withdrawal?",
    "Can disulfiram treat alcoholism?",
    "Is clonidine used for opioid withdrawal?",
    "Is bupropion approved for smoking cessation?",
])
def test_a_use_question_naming_a_substance_condition_asks_the_indications(question: str) -> None:
    assert _facets(question) == ("indications",)


def test_the_condition_words_do_not_displace_the_asked_facet_or_the_patient() -> None:
    assert _facets("What dose of naltrexone for alcohol dependence?") == ("dosing",)
    assert _facets("Is ibuprofen used for pain in children?")[0] == "pediatric"


@pytest.mark.parametrize("question", [
    "Can I drink alcohol with topiramate?",
    "Is it safe to drink alcohol while taking zolpidem?",
])
def test_alcohol_taken_with_the_drug_is_still_an_interaction(question: str) -> None:
    assert _facets(question)[0] == "interactions"


def test_a_shelf_life_good_for_once_opened_is_not_a_use() -> None:
    assert _facets("how long is my insulin aspart vial good for once i open it") == ("storage",)


@pytest.mark.parametrize("question", [
    "What color should my urine be on methotrexate?",
    "Does rifampin turn urine orange?",
    "Can metformin make my stool black?",
    "Will amiodarone turn my skin blue?",
    "Does phenazopyridine change the color of urine?",
])
def test_a_body_sign_turning_a_colour_is_an_adverse_reaction_question(question: str) -> None:
    facets = _facets(question)
    assert facets[:2] == ("side_effects", "counseling") and "dosage_forms" not in facets


@pytest.mark.parametrize("question", ["What color is the methotrexate tablet?",
                                      "What does a 10 mg lisinopril tablet look like?"])
def test_the_product_colour_is_still_its_appearance(question: str) -> None:
    assert _facets(question) == ("dosage_forms",)
