"""Issue 12, fix12c kind 6 and the off-topic guideline: the label tier's rule for a sentence that leans on the one
before it (quote it with its antecedent or not at all) holds in the research and guideline tiers too, and a
question about the product itself (storage, description) gets no guideline statements that merely name the drug.
A store of the research_topic and tac fixtures plus invented abstracts in the real record form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from medbrief import pipeline
from medbrief.parse import passages
from medbrief.store import Store
from tests.conftest import make_doc, store_of_fixtures

LEANING = ("This rise in tizanidine-associated somnolence was dose related and resolved within two weeks "
           "of tizanidine dose reduction.")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    st = store_of_fixtures(tmp_path_factory, "research_topic", "tac")
    st.close()
    with Store(st.db_path, write=True) as w:
        doc = make_doc("pmid:9912001", title="Tizanidine somnolence in spasticity", text=(
            "Tizanidine was titrated to 24 mg daily in 60 adults with spasticity after spinal cord injury. "
            "Somnolence was reported by 41% of tizanidine-treated patients and 12% of placebo patients; dry mouth "
            "by 30%. Liver enzymes rose above three times normal in two patients. " + LEANING))
        w.db.begin()
        w.db.upsert(doc, passages(doc))
        w.db.commit()
        w.sync_index()
    st = Store(st.db_path)
    yield st
    st.close()


def _texts(brief: dict[str, Any], tier: str) -> list[str]:
    return [st["text"] for sec in brief["sections"] if sec["tier"] == tier for b in sec["blocks"]
            for st in b["statements"]]


def test_a_leaning_research_sentence_is_never_cited_alone(store: Store) -> None:
    brief = pipeline.ask_store(store, "What are the side effects of tizanidine?").to_json_dict()
    research = _texts(brief, "research")
    assert any("Somnolence was reported by 41%" in t for t in research), research
    assert not any(t.startswith("This rise in tizanidine") for t in research), research


def test_a_storage_question_gets_no_guideline_statements(store: Store) -> None:
    brief = pipeline.ask_store(store, "How should I store tizanidine?").to_json_dict()
    assert _texts(brief, "guideline") == []
    assert any("Guidelines are not a source for storage" in n for n in brief["notes"])
