"""Fusion of the lexical (BM25) and dense rankings, and the one search entry point for every mode.

Hybrid search scores every candidate on both sides and adds the two scores on one scale:

1. candidates: the top `depth` passages by BM25 and the top `depth` by cosine;
2. each candidate gets both scores exactly: its cosine (one row of the vector matrix) and its BM25
   score (a second BM25 query restricted to the dense-only candidates; 0 when it shares no word);
3. each side's scores are z-normalised over the candidates, so BM25's unbounded scale and cosine's
   narrow one weigh alike whatever the corpus, and the fused score is their mean;
4. one step of pseudo-relevance feedback on the dense side (Rocchio): the query vector plus the
   vector of the best fused passage, renormalised, is searched again and fused with the same BM25
   ranking. Short questions gain the vocabulary of the passage that answers them best.

Measured on the dev sets (BENCHMARKS.md, bench/retrieval.py): reciprocal rank fusion (k=30) scored
nDCG@10 0.838 (bioasq-snippets-dev) / 0.977 (pubmedqa-dev); z-score fusion of the partial lists 0.845 /
0.980; with exact scores for every candidate 0.860 / 0.984; with the feedback step 0.869 / 0.984.
Equal weights, one feedback passage and a feedback weight of 1 are the plain choices, not tuned ones:
the neighbours on the grid (weights 0.35-0.5, 1-2 feedback passages, weight 0.5-1) score within 0.003.
`rrf` stays for the benchmark's reference fusion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from ..records import Tier
from .dense import Embedder, ModelUnavailable, dense_search, normalise

if TYPE_CHECKING:
    from ..store import Store
    from ..store.vectors import VectorMatrix

Mode = Literal["bm25", "dense", "hybrid"]
MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")
# Each side is read this deep for candidates: deep enough that a passage ranked well by one side
# and poorly by the other is still scored by both.
FUSION_DEPTH = 100
LEXICAL_WEIGHT = 0.5  # the dense side gets 1 - this
FEEDBACK_PASSAGES = 1
FEEDBACK_WEIGHT = 1.0


def rrf(
    rankings: Sequence[Sequence[str]], *, k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of ranked id lists (best first); ties keep first-seen order."""
    scores: dict[str, float] = {}
    for i, ranking in enumerate(rankings):
        w = 1.0 if weights is None else weights[i]
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def zscores(scores: Mapping[str, float]) -> dict[str, float]:
    """Scores shifted and scaled to mean 0 and standard deviation 1 (all 0 when they are all equal)."""
    if not scores:
        return {}
    values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
    mean, std = float(values.mean()), float(values.std())
    if std == 0.0:
        return dict.fromkeys(scores, 0.0)
    return {key: (s - mean) / std for key, s in scores.items()}


def fuse_scores(
    lexical: Mapping[str, float], dense: Mapping[str, float], *, lexical_weight: float = LEXICAL_WEIGHT
) -> list[tuple[str, float]]:
    """Weighted mean of the z-normalised scores of every candidate, best first.

    A candidate without a dense score (a passage without a vector yet, in a store partly embedded) is ranked by
    its lexical z-score alone, "by BM25 only" as the search's note says: given the dense side's lowest score it
    sank below every embedded passage however well BM25 ranked it (a fresh-user trial: "baclofen dose" with 289
    passages embedded found no baclofen passage). A candidate without a lexical score takes that side's lowest.
    Ties keep the order of first appearance (lexical candidates first), so results are deterministic.
    """
    zl, zd = zscores(lexical), zscores(dense)
    floor_l = min(zl.values(), default=0.0)
    candidates = dict.fromkeys([*lexical, *dense])
    fused = {
        c: lexical_weight * zl.get(c, floor_l) + (1.0 - lexical_weight) * zd[c] if c in zd else zl.get(c, floor_l)
        for c in candidates
    }
    return sorted(fused.items(), key=lambda kv: -kv[1])


def _fused_round(
    store: Store,
    matrix: VectorMatrix,
    query: str,
    vector: np.ndarray,
    lexical: list[tuple[str, float]],
    depth: int,
    tiers: list[Tier] | None,
    doc_ids: list[str] | None,
    lexical_weight: float,
) -> list[tuple[str, float]]:
    dense = matrix.search(vector, depth, tiers=tiers, doc_ids=doc_ids)
    lexical_scores = dict(lexical)
    dense_only = [p for p, _ in dense if p not in lexical_scores]
    if dense_only:
        found = dict(store.index.search(query, k=len(dense_only), tiers=tiers, pids=dense_only))
        lexical_scores.update({p: found.get(p, 0.0) for p in dense_only})
    candidates = list(lexical_scores)
    return fuse_scores(lexical_scores, matrix.cosines(vector, candidates), lexical_weight=lexical_weight)


def hybrid_search(
    store: Store,
    embedder: Embedder,
    query: str,
    *,
    k: int = 10,
    tiers: Iterable[Tier] | None = None,
    doc_ids: Iterable[str] | None = None,
    depth: int = FUSION_DEPTH,
    lexical_weight: float = LEXICAL_WEIGHT,
    feedback: int = FEEDBACK_PASSAGES,
    feedback_weight: float = FEEDBACK_WEIGHT,
) -> list[tuple[str, float]]:
    """Top-k (passage id, fused score): BM25 and cosine fused by z-score, then `feedback` passages'
    vectors (weight `feedback_weight`) added to the query vector for a second round (0: none)."""
    from ..store.vectors import matrix_for

    tier_list = list(tiers) if tiers is not None else None
    id_list = list(doc_ids) if doc_ids is not None else None
    n = max(depth, k)
    lexical = store.index.search(query, k=n, tiers=tier_list, doc_ids=id_list)
    matrix = matrix_for(store, embedder.name)
    if matrix.size == 0:
        return lexical[:k]
    vector = embedder.embed([query])[0]
    fused = _fused_round(store, matrix, query, vector, lexical, n, tier_list, id_list, lexical_weight)
    rows = [matrix.row_of[p] for p, _ in fused[:feedback] if p in matrix.row_of]
    if not rows:
        return fused[:k]
    expanded = normalise((vector + feedback_weight * matrix.vectors[rows].mean(axis=0))[None, :])[0]
    return _fused_round(store, matrix, query, expanded, lexical, n, tier_list, id_list, lexical_weight)[:k]


def search_ids(
    store: Store,
    query: str,
    *,
    mode: Mode = "bm25",
    embedder: Embedder | None = None,
    k: int = 10,
    tiers: Iterable[Tier] | None = None,
    doc_ids: Iterable[str] | None = None,
    depth: int = FUSION_DEPTH,
) -> list[tuple[str, float]]:
    """Top-k (passage id, score) by BM25, dense cosine, or their fusion (`mode`; see the module docstring).

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
    return hybrid_search(store, embedder, query, k=k, tiers=tier_list, doc_ids=id_list, depth=depth)
