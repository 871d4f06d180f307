"""Issue 12 (fix12i): a TAC 2017 label whose ingredient the reader only guessed from a salt/form word takes the drug
its brand names in the other stored labels: TIVICAY's text says "abacavir sulfate ... tablets" (its trials'
comparator) more often than dolutegravir, yet TIVICAY is dolutegravir (the openFDA Tivicay label says so)."""

from __future__ import annotations

from medbrief.retrieve.corpus import Corpus
from medbrief.store import Store
from tests.conftest import label_tier, module_store_of_shared_labels

TIVICAY_OPENFDA = "32e301ac77b6b009830787c9c28460219b5c3526.json"  # "Tivicay (dolutegravir sodium) tablet"
TIVICAY_TAC = "labels/tac2017_adr/train_xml/TIVICAY.xml"

store = module_store_of_shared_labels((TIVICAY_OPENFDA,), (TIVICAY_TAC,))


def test_the_tac_label_is_filed_under_the_drug_its_brand_names(store: Store) -> None:
    assert "label:tac2017/tivicay" in store.db.docs_for_drug("dolutegravir")
    assert store.db.docs_for_drug("abacavir") == []
    meta = dict(store.db.labels_without_drugs())["label:tac2017/tivicay"]
    assert meta["drug_candidate"] == "abacavir"  # the reader's guess, kept for labels no other name resolves


def test_the_brand_in_a_question_is_dolutegravir_and_its_interactions_are_found(store: Store) -> None:
    assert [m.canonical for m in Corpus(store).drugs.recognise("Tivicay drug interactions")] == ["dolutegravir"]
    blocks, notes, _ = label_tier(store, "Tivicay drug interactions")
    assert any("interaction" in (b.get("heading") or "").lower() for b in blocks), [b.get("heading") for b in blocks]
    assert not any("abacavir" in n or "nothing on" in n for n in notes), notes
