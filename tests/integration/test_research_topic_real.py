"""Issue 12, point 5 on the shared data: research and guideline statements stay on topic and keep their meaning."""

from __future__ import annotations

import re
from typing import Any

import pytest

from medbrief import pipeline
from medbrief.store import Store
from tests.integration.briefs import statements

pytestmark = pytest.mark.data


def _texts(store: Store, question: str, tier: str) -> list[str]:
    brief: dict[str, Any] = pipeline.ask_store(store, question).to_json_dict()
    return [st["text"] for st in statements(brief, tier)]


def test_baclofen_in_kidney_failure_cites_the_conclusion(real_store: Store) -> None:
    research = _texts(real_store, "Is baclofen safe in kidney failure?", "research")
    assert any(re.search(r"baclofen.*in these patients is not appropriate", t) for t in research), research
    assert not any("less common" in t for t in research), research


def test_spasticity_after_stroke(real_store: Store) -> None:
    research = _texts(real_store, "What is the treatment for spasticity after stroke?", "research")
    guideline = _texts(real_store, "What is the treatment for spasticity after stroke?", "guideline")
    assert research and all(re.search(r"spastic", t, re.I) and re.search(r"stroke", t, re.I) for t in research), \
        research
    assert not any(re.search(r"rizatriptan|enalapril|metoprolol|clozapine", t, re.I) for t in research), research
    assert not any(re.search(r"birth|ophthalmia|newborn", t, re.I) for t in guideline), guideline


def test_tizanidine_withdrawal_is_not_paw_withdrawal(real_store: Store) -> None:
    research = _texts(real_store, "tizanidine withdrawal", "research")
    assert research and all(re.search(r"tizanidine", t, re.I) for t in research), research
    assert not any(re.search(r"\bpaw\b|\brats?\b|withdrew|lost to follow", t, re.I) for t in research), research


@pytest.mark.parametrize(("question", "drug", "condition"), [
    ("sumatriptan for cluster headache", r"sumatriptan", r"cluster"),
    ("baclofen in cerebral palsy", r"baclofen", r"cerebral palsy"),
    ("Does lisinopril cause cough?", r"lisinopril", r"cough"),
    ("triptans for migraine in pregnancy", r"triptan", r"pregnan"),
])
def test_research_names_the_drug_and_the_condition(real_store: Store, question: str, drug: str,
                                                   condition: str) -> None:
    research = _texts(real_store, question, "research")
    assert research, question
    off = [t for t in research if not (re.search(drug, t, re.I) and re.search(condition, t, re.I))]
    assert not off, off
