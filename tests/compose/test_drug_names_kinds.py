"""Drug names end to end, further kinds (issue 11 point 5): salt/ester labels, junk pieces, brand-only TAC labels
resolved through their own text or their own brand, notes on the drug slot, lexicon combinations, class names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from medbrief import pipeline
from medbrief.errors import MedbriefError
from medbrief.store import Store
from tests.conftest import store_of_fixtures

CARISOPRODOL = "label:0a1b2c3d-2222-4000-8000-000000000001"
PENICILLIN = "label:0a1b2c3d-2222-4000-8000-000000000002"
FLECTOR = "label:0a1b2c3d-2222-4000-8000-000000000003"
ATACAND = "label:0a1b2c3d-2222-4000-8000-000000000004"
PATCH = "label:0a1b2c3d-2222-4000-8000-000000000006"
COMBINATION = "label:0a1b2c3d-2222-4000-8000-000000000007"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    st = store_of_fixtures(tmp_path_factory, "openfda_drugnames_kinds", "tac_brand_text")
    yield st
    st.close()


def _refs(brief) -> list[str]:
    return [r.doc_id for r in brief.references]


@pytest.mark.parametrize(
    ("question", "drug", "label"),
    [
        ("diclofenac side effects", "diclofenac", FLECTOR),
        ("What is the starting dose of candesartan?", "candesartan", ATACAND),
        ("penicillin g dose", "penicillin g", PENICILLIN),
    ],
)
def test_an_ester_or_salt_label_is_a_label_of_its_base(store: Store, question: str, drug: str, label: str) -> None:
    brief = pipeline.ask_store(store, question)
    assert brief.drugs == [drug] and label in _refs(brief)


def test_hydrate_and_qualifier_words_are_never_drugs(store: Store) -> None:
    names = {r[0] for r in store.db.conn.execute("SELECT name FROM drug_names")}
    assert not names & {"monohydrate", "anhydrous", "dibasic", "monobasic", "l"}
    assert pipeline.ask_store(store, "monohydrate side effects").drugs == []


def test_strengths_inside_a_name_split_its_ingredients(store: Store) -> None:
    for drug in ("capsaicin", "menthol"):
        brief = pipeline.ask_store(store, f"What is {drug} used for?")
        assert brief.drugs == [drug] and PATCH in _refs(brief)
        assert any("combination" in n for n in brief.notes)


def test_a_brand_only_tac_label_is_linked_through_its_own_text(store: Store) -> None:
    linked = store.db.conn.execute(
        "SELECT drug FROM document_drugs WHERE doc_id = 'label:tac2017/soma'").fetchall()
    assert linked == [("carisoprodol",)]
    brief = pipeline.ask_store(store, "Soma side effects")
    assert brief.drugs == ["carisoprodol"] and "label:tac2017/soma" in _refs(brief)


def test_a_brand_only_label_nothing_resolves_is_found_by_its_brand(store: Store) -> None:
    # the text names only a comparator ("Aminophylline may be administered"): never read as its drug
    linked = store.db.conn.execute(
        "SELECT drug FROM document_drugs WHERE doc_id = 'label:tac2017/lexiscan'").fetchall()
    assert linked == [("lexiscan",)]
    brief = pipeline.ask_store(store, "What are the side effects of Lexiscan?")
    assert brief.drugs == ["lexiscan"] and "label:tac2017/lexiscan" in _refs(brief)


@pytest.mark.parametrize("question", ["dose for toddlers", "dose for infants", "Triaminic dose for children"])
def test_the_unknown_drug_note_never_names_an_english_word(store: Store, question: str) -> None:
    try:
        brief = pipeline.ask_store(store, question)
    except MedbriefError as e:  # "'toddlers' is not a drug in the corpus" is the same wrong claim
        assert "toddlers" not in str(e) and "infants" not in str(e) and "children" not in str(e)
        return
    assert not any("does not know" in n for n in brief.notes)


@pytest.mark.parametrize(
    "question",
    ["What are the side effects of penicillin?", "Is penicillin safe in pregnancy?", "penicillin and alcohol",
     "penicillin dose"],
)
def test_an_everyday_alias_in_the_drug_slot_counts(store: Store, question: str) -> None:
    brief = pipeline.ask_store(store, question)
    assert brief.drugs == ["penicillin g"]
    # the fixture label has no pregnancy section and says nothing on alcohol: then a note names its label
    assert PENICILLIN in _refs(brief) or any("penicillin g label" in n for n in brief.notes)
    assert not any("does not know" in n for n in brief.notes)


def test_a_lexicon_combination_reaches_the_stored_combination_label(store: Store) -> None:
    brief = pipeline.ask_store(store, "Excedrin maximum dose")  # the lexicon says aspirin/paracetamol/caffeine
    assert brief.drugs == ["acetaminophen and aspirin and caffeine"] and COMBINATION in _refs(brief)


@pytest.mark.parametrize("question", ["beta blockers side effects", "Are PPIs safe long term?",
                                      "Do beta-blockers mask hypoglycemia?", "SSRIs in pregnancy"])
def test_class_abbreviations_are_classes(store: Store, question: str) -> None:
    brief = pipeline.ask_store(store, question)
    assert brief.drugs == [] and any("drug class" in n for n in brief.notes)
