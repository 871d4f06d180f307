"""Issue 12 point 1 (fix12i): an older age written as "over the age of 65" names older adults as "65 years" does:
the zileuton label's Geriatric Use text ("females over the age of 65 appeared to be at an increased risk for ALT
elevations") answers a geriatric safety question. Real openFDA label: ZYFLO (zileuton)."""

from __future__ import annotations

from medbrief.store import Store
from tests.conftest import label_statements, module_store_of_shared_labels

ZYFLO = "7c09204d63b1829c1c464e20f307cae147f23f2c.json"

store = module_store_of_shared_labels((ZYFLO,))


def test_the_older_age_sentence_answers_a_geriatric_question(store: Store) -> None:
    for question in ("Any geriatric-specific safety concern with zileuton in patients over 65?",
                     "is zyflo safe for elderly patients"):
        texts = [s["text"] for s in label_statements(store, question)]
        assert any("females over the age of 65" in t and "ALT elevations" in t for t in texts), (question, texts)
