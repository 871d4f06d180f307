"""Drug recognition: generic, brand and substance names; case, punctuation, plurals, one typo; combinations."""

from __future__ import annotations

import pytest

from medbrief.retrieve.drugs import DrugDictionary, dictionary_rows

LABELS = [
    ("label:1", ["atorvastatin"], {"brand_names": ["LIPITOR"], "generic_names": ["ATORVASTATIN CALCIUM"],
                                   "substance_names": ["ATORVASTATIN CALCIUM TRIHYDRATE"]}),
    ("label:2", ["atorvastatin"], {"brand_names": ["Atorvastatin Calcium"], "generic_names": ["atorvastatin calcium"]}),
    ("label:3", ["tizanidine"], {"brand_names": ["Zanaflex"], "generic_names": ["TIZANIDINE HYDROCHLORIDE"]}),
    ("label:4", ["baclofen"], {"brand_names": ["LIORESAL"]}),
    ("label:5", ["acetaminophen and oxycodone"], {"brand_names": ["PERCOCET"],
                                                  "generic_names": ["OXYCODONE AND ACETAMINOPHEN"],
                                                  "substance_names": ["OXYCODONE HYDROCHLORIDE", "ACETAMINOPHEN"]}),
    ("label:6", ["oxycodone"], {"brand_names": ["ROXICODONE"], "generic_names": ["OXYCODONE HYDROCHLORIDE"]}),
]


@pytest.fixture(scope="module")
def dictionary() -> DrugDictionary:
    return DrugDictionary(dictionary_rows(LABELS))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is the maximum daily dose of Lipitor?", ["atorvastatin"]),
        ("ATORVASTATIN calcium tablets: side effects", ["atorvastatin"]),
        ("max dose of atorvastatn", ["atorvastatin"]),  # one typo
        ("zanaflex and lioresal", ["tizanidine", "baclofen"]),
        ("What are Zanaflexes used for?", ["tizanidine"]),  # plural
        ("Is BACLOFEN safe in kidney failure?", ["baclofen"]),
        ("What is oxycodone used for?", ["oxycodone"]),  # no combination unless asked
        ("Percocet dose", ["acetaminophen and oxycodone"]),
        ("What is the dose of the headache medicine?", []),
    ],
)
def test_recognise(dictionary: DrugDictionary, question: str, expected: list[str]) -> None:
    assert [m.canonical for m in dictionary.recognise(question)] == expected


def test_naming_every_ingredient_asks_for_the_combination_too(dictionary: DrugDictionary) -> None:
    got = [m.canonical for m in dictionary.recognise("oxycodone with acetaminophen for pain")]
    assert "acetaminophen and oxycodone" in got and "oxycodone" in got


def test_typo_match_is_marked_inexact(dictionary: DrugDictionary) -> None:
    (m,) = dictionary.recognise("tizanadine")
    assert m.canonical == "tizanidine" and not m.exact


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("ATORVASTATIN CALCIUM TRIHYDRATE", "atorvastatin"),
        ("Tizanidine Hydrochloride", "tizanidine"),
        ("OXYCODONE AND ACETAMINOPHEN", "acetaminophen and oxycodone"),
        ("adalimumab-ryvk", "adalimumab"),
        ("MAGNESIUM HYDROXIDE", "magnesium hydroxide"),
        ("Sodium Chloride", "sodium chloride"),
        ("baclofen injection", "baclofen"),
    ],
)
def test_canonical_names(name: str, canonical: str) -> None:
    from medbrief.drugnames import canonical_drug_name

    assert canonical_drug_name(name) == canonical
