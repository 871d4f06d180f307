"""OTC Drug Facts on the real data: openFDA's flattened Directions answer dose questions item by item."""

from __future__ import annotations

from typing import Any

import pytest

from medbrief import pipeline
from medbrief.store import Store
from tests.integration.briefs import check_spans, statements

pytestmark = pytest.mark.data


def ask(store: Store, question: str) -> dict[str, Any]:
    brief = pipeline.ask_store(store, question).to_json_dict()
    check_spans(brief, lambda pid: (p := store.db.passages_by_id([pid]).get(pid)) and p.text)
    return brief


def label_texts(b: dict[str, Any]) -> list[str]:
    return [st["text"] for st in statements(b, "label")]


def test_advil_brand_leads_with_its_drug_facts_limit(real_store: Store) -> None:
    b = ask(real_store, "What is the maximum daily dose of Advil?")
    assert label_texts(b)[0] == "do not exceed 6 tablets in 24 hours, unless directed by a doctor"
    b = ask(real_store, "How often can I take Advil?")
    assert any("take 1 tablet every 4 to 6 hours" in t for t in label_texts(b))


def test_generic_ibuprofen_keeps_the_prescription_limit(real_store: Store) -> None:
    b = ask(real_store, "What is the maximum dose of ibuprofen?")
    assert "3200 mg" in label_texts(b)[0]


@pytest.mark.parametrize(
    ("question", "needle"),
    [
        ("What is the maximum daily dose of acetaminophen?", "do not take more than 6 caplets in 24 hours"),
        ("How often can I take meclizine?", "chew 1 to 2 tablets once daily"),
        ("What is the maximum dose of orlistat?", "do not take more than 3 capsules daily"),
        ("How much levocetirizine can I take?", "take 1 tablet (5 mg) once daily in the evening"),
    ],
)
def test_otc_dose_questions(real_store: Store, question: str, needle: str) -> None:
    texts = label_texts(ask(real_store, question))
    assert any(needle in t for t in texts[:2]), texts
