"""Drug names end to end (issue 11 point 5): salts, combination labels, brands only the lexicon knows, classes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from medbrief import pipeline
from medbrief.store import Store
from tests.conftest import store_of_fixtures

LITHIUM = "label:0a1b2c3d-1111-4000-8000-000000000001"
RENAGEL = "label:0a1b2c3d-1111-4000-8000-000000000002"
COMBINATION = "label:0a1b2c3d-1111-4000-8000-000000000004"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    st = store_of_fixtures(tmp_path_factory, "openfda_drugnames", "tac_brand_only")
    yield st
    st.close()


def _refs(brief) -> list[str]:
    return [r.doc_id for r in brief.references]


def test_the_ingredient_finds_its_salt_labels(store: Store) -> None:
    brief = pipeline.ask_store(store, "What is the maximum daily dose of lithium?")
    assert brief.drugs == ["lithium"] and LITHIUM in _refs(brief)
    assert RENAGEL in _refs(pipeline.ask_store(store, "What is sevelamer used for?"))


def test_an_ingredient_of_a_combination_cites_the_combination_and_says_so(store: Store) -> None:
    brief = pipeline.ask_store(store, "What is the maximum daily dose of acetaminophen?")
    assert COMBINATION in _refs(brief)
    assert "No FDA label for acetaminophen in the corpus." not in brief.notes
    assert any("no single-ingredient acetaminophen label" in n and "combination" in n for n in brief.notes)


def test_a_brand_no_label_carries_resolves_through_the_lexicon(store: Store) -> None:
    brief = pipeline.ask_store(store, "What is the maximum dose of Tylenol?")
    assert brief.drugs == ["acetaminophen"] and COMBINATION in _refs(brief)
    brief = pipeline.ask_store(store, "What is Zoloft used for?")
    assert brief.drugs == ["sertraline"]
    assert "No FDA label for sertraline in the corpus." in brief.notes


def test_a_brand_only_tac_label_is_linked_through_the_lexicon(store: Store) -> None:
    linked = store.db.conn.execute(
        "SELECT drug FROM document_drugs dd JOIN documents d ON d.id = dd.doc_id WHERE d.title LIKE 'LEXAPRO%'"
    ).fetchall()
    assert linked == [("escitalopram",)]
    brief = pipeline.ask_store(store, "What are the side effects of Lexapro?")
    assert brief.drugs == ["escitalopram"] and any(r.title.startswith("LEXAPRO") for r in brief.references)


def test_ordinary_words_are_not_drugs(store: Store) -> None:
    assert pipeline.ask_store(store, "Is chronic kidney disease a reason to avoid sugar?").drugs == []
    assert pipeline.ask_store(store, "What is the dose of Chronic?").drugs == ["arnica montana"]
    brief = pipeline.ask_store(store, "Does water help with lidocaine side effects?")
    assert brief.drugs == ["lidocaine"]


def test_a_drug_class_is_recognised_and_said(store: Store) -> None:
    brief = pipeline.ask_store(store, "Are statins safe in pregnancy?")
    assert brief.drugs == []
    assert any("drug class" in n and "statins" in n for n in brief.notes)
    brief = pipeline.ask_store(store, "Do non-steroidal anti-inflammatory drugs cause bleeding?")
    assert brief.drugs == [] and any("drug class" in n for n in brief.notes)


@pytest.fixture(scope="module")
def salt_forms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    st = store_of_fixtures(tmp_path_factory, "openfda_salt_forms")
    yield st
    st.close()


def _label_statements(brief) -> list[tuple[str, list[str]]]:
    refs = {r.n: r.doc_id for r in brief.references}
    return [(st.text, [refs[n] for n in st.citations]) for sec in brief.sections if sec.tier == "label"
            for bl in sec.blocks for st in bl.statements]


def test_each_salt_form_of_a_drug_speaks_for_itself(salt_forms: Store) -> None:
    # Renvela (carbonate) and Renagel (hydrochloride) differ in population and dose units: both are stated, each
    # citing its own label; one form's labels (Renvela and generic sevelamer carbonate) add no second statement.
    stated = _label_statements(pipeline.ask_store(salt_forms, "What is sevelamer used for?"))
    renagel = [(t, c) for t, c in stated if t.startswith("Renagel is a phosphate binder")]
    assert renagel and renagel[0][1] == ["label:5a17f0e0-0000-4000-8000-000000000002"]
    assert any("children 6 years of age and older" in t for t, _ in stated)
    assert not any(t.startswith("Sevelamer carbonate tablets") for t, _ in stated)
    doses = [t for t, _ in stated if t.startswith("The recommended starting dose")]
    assert len(doses) == 2 and {"0.8 to 1.6 grams" in d for d in doses} == {True, False}


def test_one_salt_form_keeps_one_statement(salt_forms: Store) -> None:
    # a hydrate names the same salt: 'tizanidine hydrochloride monohydrate' adds no second statement
    stated = _label_statements(pipeline.ask_store(salt_forms, "What is tizanidine used for?"))
    spasticity = [(t, c) for t, c in stated if "indicated for the management of spasticity" in t]
    assert len(spasticity) == 1 and len(spasticity[0][1]) == 1  # one statement, one label cited
