"""Fusion: z-score and reciprocal rank fusion by hand, exact scores for every candidate, the feedback step,
and hybrid search finding what BM25 alone misses."""

from __future__ import annotations

from pathlib import Path

import pytest

# numpy comes with the `dense` extra (core once pyproject lists it); without it these tests cannot import.
pytest.importorskip("numpy")

from medbrief.parse import passages
from medbrief.retrieve.dense import HashEmbedder, ModelUnavailable, embed_pending
from medbrief.retrieve.fuse import fuse_scores, hybrid_search, rrf, search_ids, zscores
from medbrief.store import Store
from medbrief.store.vectors import matrix_for
from tests.conftest import make_doc


def test_rrf_by_hand() -> None:
    fused = dict(rrf([["a", "b", "c"], ["b", "d"]], k=60))
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["d"] == pytest.approx(1 / 62)
    assert [d for d, _ in rrf([["a", "b", "c"], ["b", "d"]])] == ["b", "a", "d", "c"]
    assert rrf([["a"], ["b"]], weights=[1.0, 2.0])[0][0] == "b"
    assert rrf([]) == []


def test_zscores_by_hand() -> None:
    z = zscores({"a": 1.0, "b": 2.0, "c": 3.0})
    assert [z["a"], z["b"], z["c"]] == pytest.approx([-1.224744871, 0.0, 1.224744871])
    assert zscores({"a": 5.0, "b": 5.0}) == {"a": 0.0, "b": 0.0}
    assert zscores({}) == {}


def test_fuse_scores_by_hand() -> None:
    # lexical z: a +1, b -1; dense z over a, b, c: (0.1, 0.3, 0.2) -> (-1.2247, 1.2247, 0)
    fused = dict(fuse_scores({"a": 10.0, "b": 0.0}, {"a": 0.1, "b": 0.3, "c": 0.2}))
    assert fused["a"] == pytest.approx(0.5 * 1 + 0.5 * -1.224744871)
    assert fused["b"] == pytest.approx(0.5 * -1 + 0.5 * 1.224744871)
    # c has no lexical score: it takes the lexical floor (-1)
    assert fused["c"] == pytest.approx(0.5 * -1 + 0.5 * 0.0)
    assert [c for c, _ in fuse_scores({"a": 10.0, "b": 0.0}, {"a": 0.1, "b": 0.3, "c": 0.2})] == ["b", "a", "c"]
    heavy = fuse_scores({"a": 10.0, "b": 0.0}, {"a": 0.1, "b": 0.3}, lexical_weight=0.9)
    assert heavy[0][0] == "a"


def test_a_passage_without_a_vector_is_ranked_by_bm25_alone() -> None:
    # a store partly embedded: "new" (no vector) is BM25's best; it keeps its lexical z-score, not the dense floor
    lexical = {"new": 9.0, "a": 5.0, "b": 1.0, "c": 1.0}
    dense = {"a": 0.5, "b": 0.4, "c": 0.3}
    fused = dict(fuse_scores(lexical, dense))
    zl = zscores(lexical)
    assert fused["new"] == pytest.approx(zl["new"])
    assert max(fused, key=fused.__getitem__) == "new"


# The fake model knows that "heart attack" and "myocardial infarction" name one concept.
EMBEDDER = HashEmbedder(dim=1024, synonyms={"heart": "mi", "attack": "mi", "myocardial": "mi", "infarction": "mi"})


def _embedded_store(path: Path, texts: dict[str, str]) -> Store:
    """A store of one-passage documents (id -> text), indexed and embedded with EMBEDDER."""
    s = Store(path, create=True)
    s.db.begin()
    for doc_id, text in texts.items():
        d = make_doc(doc_id, title="", text=text)
        s.db.upsert(d, passages(d))
    s.db.commit()
    s.sync_index()
    embed_pending(s, EMBEDDER)
    return s


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with _embedded_store(tmp_path / "s.db", {
        "pmid:1": "Aspirin after myocardial infarction lowers mortality.",
        "pmid:2": "Heart failure with preserved ejection fraction.",
        "pmid:3": "Statins after a stroke.",
        "pmid:4": "Heart rate variability in athletes.",
    }) as s:
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


def test_every_candidate_gets_both_scores(store: Store) -> None:
    # depth 2: BM25 offers its best two (pmid:3, pmid:4), cosine its best two (pmid:1, pmid:3); every
    # candidate must be scored by both sides, pmid:1 by BM25 too although BM25 ranked it below its depth
    query = "heart attack after stroke"
    got = hybrid_search(store, EMBEDDER, query, k=2, depth=2, feedback=0)
    lexical_top = store.index.search(query, k=2)
    dense_top = matrix_for(store, EMBEDDER.name).search(EMBEDDER.embed([query])[0], 2)
    candidates = list(dict.fromkeys([p for p, _ in lexical_top] + [p for p, _ in dense_top]))
    bm25 = dict(store.index.search(query, k=10, pids=candidates))
    cosine = matrix_for(store, EMBEDDER.name).cosines(EMBEDDER.embed([query])[0], candidates)
    dense_only = set(candidates) - {p for p, _ in lexical_top}
    assert dense_only and all(bm25[p] > 0 for p in dense_only)  # its BM25 score is real, not a floor
    assert len(candidates) == 3
    expected = fuse_scores({p: bm25.get(p, 0.0) for p in candidates}, cosine)[:2]
    assert [p for p, _ in got] == [p for p, _ in expected]
    assert [s for _, s in got] == pytest.approx([s for _, s in expected])


def test_feedback_step_brings_in_the_best_passage_s_vocabulary(tmp_path: Path) -> None:
    # "heart attack" matches pmid:1 only through the model; pmid:5 shares pmid:1's words but not the query's
    with _embedded_store(tmp_path / "f.db", {
        "pmid:1": "Myocardial infarction: aspirin lowers mortality.",
        "pmid:5": "Aspirin lowers mortality in a large trial.",
        "pmid:6": "Statins after a stroke.",
        "pmid:7": "Knee surgery outcomes.",
    }) as s:
        plain = dict(hybrid_search(s, EMBEDDER, "heart attack", k=10, feedback=0))
        with_feedback = hybrid_search(s, EMBEDDER, "heart attack", k=10)
    assert plain["pmid:5#0"] == pytest.approx(plain["pmid:6#0"])  # no word, no concept in common with the query
    assert [p for p, _ in with_feedback][:2] == ["pmid:1#0", "pmid:5#0"]
    scores = dict(with_feedback)
    assert scores["pmid:5#0"] > scores["pmid:6#0"]
