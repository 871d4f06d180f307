"""A question's queries are embedded once each, the research tier's in one batch (issue 16 point 4, cold `ask`),
and the vectors are the model's own, bit for bit."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

np = pytest.importorskip("numpy")

from medbrief.retrieve.dense import MiniLMOnnx, RememberingEmbedder  # noqa: E402
from tests.retrieve.test_loading_embedder import HAS_MODEL  # noqa: E402


class CountingEmbedder:
    """A stand-in model: a text's vector is its length in the first slot; records every call's texts."""

    name = "counting"
    dim = 3

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_each_text_is_embedded_once_and_primed_texts_in_one_call() -> None:
    inner = CountingEmbedder()
    emb = RememberingEmbedder(inner)
    emb.prime(["baclofen dose", "baclofen renal", "baclofen dose"])
    assert inner.calls == [["baclofen dose", "baclofen renal"]]
    out = emb.embed(["baclofen renal", "What is baclofen used for?", "baclofen dose"])
    assert inner.calls[1:] == [["What is baclofen used for?"]]  # only the new text
    assert out[:, 0].tolist() == [14.0, 26.0, 13.0] and out.dtype == np.float32
    assert emb.embed([]).shape == (0, 3) and len(inner.calls) == 2
    assert (emb.name, emb.dim) == ("counting", 3)


@pytest.mark.skipif(not HAS_MODEL, reason="the dense extra is not installed")
def test_a_batch_gives_the_vectors_of_single_calls_bit_for_bit() -> None:
    model = MiniLMOnnx()
    queries = ["baclofen  indicated treatment of used for", "baclofen  renal impairment kidney creatinine clearance",
               "baclofen", "What is the maximum daily dose of baclofen in adults with spasticity?"]
    single = np.vstack([model.embed([q]) for q in queries])
    emb = RememberingEmbedder(model)
    emb.prime(queries)
    assert np.array_equal(emb.embed(queries), single)
    assert list(model._sessions) == [1]  # primed on the query session: no all-cores session built (~0.14 s)
    assert np.array_equal(model.embed(queries), single)  # the batch session agrees
