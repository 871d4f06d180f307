"""Fusion: reciprocal rank fusion by hand, and hybrid search finding what BM25 alone misses."""

from __future__ import annotations

from pathlib import Path

import pytest

# numpy comes with the `dense` extra (core once pyproject lists it); without it these tests cannot import.
pytest.importorskip("numpy")

from medbrief.parse import passages
from medbrief.retrieve.dense import HashEmbedder, ModelUnavailable, embed_pending
from medbrief.retrieve.fuse import rrf, search_ids
from medbrief.store import Store
from tests.conftest import make_doc


def test_rrf_by_hand() -> None:
    fused = dict(rrf([["a", "b", "c"], ["b", "d"]], k=60))
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["d"] == pytest.approx(1 / 62)
    assert [d for d, _ in rrf([["a", "b", "c"], ["b", "d"]])] == ["b", "a", "d", "c"]
    assert rrf([["a"], ["b"]], weights=[1.0, 2.0])[0][0] == "b"
    assert rrf([]) == []


# The fake model knows that "heart attack" and "myocardial infarction" name one concept.
EMBEDDER = HashEmbedder(dim=1024, synonyms={"heart": "mi", "attack": "mi", "myocardial": "mi", "infarction": "mi"})


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    docs = [
        make_doc("pmid:1", title="", text="Aspirin after myocardial infarction lowers mortality."),
        make_doc("pmid:2", title="", text="Heart failure with preserved ejection fraction."),
        make_doc("pmid:3", title="", text="Statins after a stroke."),
        make_doc("pmid:4", title="", text="Heart rate variability in athletes."),
    ]
    with Store(tmp_path / "s.db", create=True) as s:
        s.db.begin()
        for d in docs:
            s.db.upsert(d, passages(d))
        s.db.commit()
        s.sync_index()
        embed_pending(s, EMBEDDER)
        yield s


def test_hybrid_finds_a_paraphrase_bm25_misses(store: Store) -> None:
    query = "heart attack"
    lexical = [p for p, _ in search_ids(store, query, mode="bm25", k=10)]
    assert lexical and "pmid:1#0" not in lexical  # no shared word: BM25 cannot see it at any depth
    dense = [p for p, _ in search_ids(store, query, mode="dense", embedder=EMBEDDER, k=2)]
    assert dense[0] == "pmid:1#0"
    hybrid = [p for p, _ in search_ids(store, query, mode="hybrid", embedder=EMBEDDER, k=3)]
    assert "pmid:1#0" in hybrid


def test_hybrid_respects_tiers_and_k(store: Store) -> None:
    assert search_ids(store, "heart attack", mode="hybrid", embedder=EMBEDDER, tiers=["label"]) == []
    assert len(search_ids(store, "heart", mode="hybrid", embedder=EMBEDDER, k=1)) == 1


def test_dense_modes_need_a_model(store: Store) -> None:
    with pytest.raises(ModelUnavailable):
        search_ids(store, "heart attack", mode="hybrid")
