"""Fusion of the lexical (BM25) and dense rankings, and the one search entry point for every mode.

Reciprocal rank fusion (Cormack et al. 2009): score(d) = sum over rankings of w / (k + rank(d)).
It needs no score calibration between BM25 and cosine, so it holds across corpora; the constant
and the depth were chosen on the dev sets (BENCHMARKS.md, bench/retrieval.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from ..records import Tier
from .dense import Embedder, ModelUnavailable, dense_search

if TYPE_CHECKING:
    from ..store import Store

Mode = Literal["bm25", "dense", "hybrid"]
MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")
# Measured on both dev sets (RRF sweep in BENCHMARKS.md, 128-token model, title in the text field): k=30 is
# the one constant that keeps both above their targets (nDCG@10 bioasq 0.838, pubmedqa 0.977); k=10 scores
# 0.845 / 0.9767 and the customary 60 0.834 / 0.976.
RRF_K = 30
# Each list is read this deep before fusing: deep enough that a passage ranked well by one side
# and poorly by the other still gets both contributions.
FUSION_DEPTH = 100


def rrf(
    rankings: Sequence[Sequence[str]], *, k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of ranked id lists (best first); ties keep first-seen order."""
    scores: dict[str, float] = {}
    for i, ranking in enumerate(rankings):
        w = 1.0 if weights is None else weights[i]
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def search_ids(
    store: Store,
    query: str,
    *,
    mode: Mode = "bm25",
    embedder: Embedder | None = None,
    k: int = 10,
    tiers: Iterable[Tier] | None = None,
    doc_ids: Iterable[str] | None = None,
    rrf_k: int = RRF_K,
    depth: int = FUSION_DEPTH,
) -> list[tuple[str, float]]:
    """Top-k (passage id, score) by BM25, dense cosine, or their RRF fusion (`mode`).

    Dense and hybrid need an `embedder` (ModelUnavailable otherwise) and the store's vectors for it
    (`medbrief embed`); passages not embedded yet are still found by the lexical side of hybrid.
    """
    tier_list = list(tiers) if tiers is not None else None
    id_list = list(doc_ids) if doc_ids is not None else None
    if mode == "bm25":
        return store.index.search(query, k=k, tiers=tier_list, doc_ids=id_list)
    if embedder is None:
        raise ModelUnavailable(f"--mode {mode} needs an embedding model")
    if mode == "dense":
        return dense_search(store, embedder, query, k=k, tiers=tier_list, doc_ids=id_list)
    n = max(depth, k)
    lexical = store.index.search(query, k=n, tiers=tier_list, doc_ids=id_list)
    dense = dense_search(store, embedder, query, k=n, tiers=tier_list, doc_ids=id_list)
    fused = rrf([[p for p, _ in lexical], [p for p, _ in dense]], k=rrf_k)
    return fused[:k]
