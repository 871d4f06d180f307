"""Retrieval evaluation on BEIR-format folders: nDCG@10, Recall@10, Recall@100 and MRR@10 per search mode.

A BEIR folder holds `corpus.jsonl`, `queries.jsonl` and `qrels/test.tsv` (query-id, corpus-id, score).
The corpus is ingested into its own store (never the user's), cached under the OS cache dir (or
`index_dir`) in a folder keyed by the corpus file's path, size and modification time, so a second run
reuses it. Documents are stored as `beir:<corpus>/<_id>` and mapped back to the qrels' ids; a document
split into several passages ranks at its best passage.

Metrics follow pytrec_eval / BEIR: graded gain rel / log2(rank + 1) for nDCG, binary relevance
(score > 0) for recall and MRR, means over the queries that have at least one relevant document.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .errors import ConfigError
from .ingest import resplit, run_ingest
from .retrieve.dense import Embedder, embed_pending
from .retrieve.fuse import MODES, Mode, search_ids
from .store import Store

EvalProgress = Callable[[str, int, int], None]  # (stage, done, total)
Qrels = dict[str, dict[str, int]]  # query id -> corpus id -> relevance
METRICS = ("ndcg@10", "recall@10", "recall@100", "mrr@10")
DOC_DEPTH = 100  # documents ranked per query (Recall@100)


# -- metrics ------------------------------------------------------------------------------------
def ndcg_at(ranked: Sequence[str], rels: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k with linear gain (pytrec_eval's ndcg_cut)."""
    dcg = sum(rels.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if rels.get(d, 0) > 0)
    ideal = sorted((r for r in rels.values() if r > 0), reverse=True)[:k]
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: Sequence[str], rels: Mapping[str, int], k: int) -> float:
    """Share of the relevant documents found in the top k."""
    relevant = {d for d, r in rels.items() if r > 0}
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


def mrr_at(ranked: Sequence[str], rels: Mapping[str, int], k: int = 10) -> float:
    """1 / rank of the first relevant document within the top k (0 if none)."""
    for i, d in enumerate(ranked[:k]):
        if rels.get(d, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def score_run(run: Mapping[str, Sequence[str]], qrels: Qrels) -> dict[str, float]:
    """Mean metrics of a run (query id -> ranked corpus ids) over its queries that have a relevant doc."""
    judged = [q for q, rels in qrels.items() if q in run and any(r > 0 for r in rels.values())]
    if not judged:
        return dict.fromkeys(METRICS, 0.0)
    sums = dict.fromkeys(METRICS, 0.0)
    for q in judged:
        ranked, rels = run.get(q, []), qrels[q]
        sums["ndcg@10"] += ndcg_at(ranked, rels, 10)
        sums["recall@10"] += recall_at(ranked, rels, 10)
        sums["recall@100"] += recall_at(ranked, rels, 100)
        sums["mrr@10"] += mrr_at(ranked, rels, 10)
    return {m: v / len(judged) for m, v in sums.items()}


# -- BEIR files ---------------------------------------------------------------------------------
def load_queries(path: Path) -> dict[str, str]:
    """queries.jsonl -> {query id: text}."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8-sig") as f:
        for line in f:
            if line.strip():
                obj = json.loads(line)
                out[str(obj["_id"])] = str(obj["text"])
    return out


def load_qrels(path: Path) -> Qrels:
    """qrels TSV (query-id, corpus-id, score; header optional) -> {query id: {corpus id: score}}."""
    out: Qrels = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if len(row) < 3 or row[0] == "query-id":
                continue
            try:
                score = int(float(row[2]))
            except ValueError:
                continue
            out.setdefault(row[0], {})[row[1]] = score
    return out


@dataclass(frozen=True)
class BeirSet:
    """The three files of one evaluation: corpus, queries and qrels."""

    corpus: Path
    queries: Path
    qrels: Path

    @property
    def name(self) -> str:
        return self.queries.parent.name


def locate(folder: Path, corpus: Path | None = None, split: str = "test") -> BeirSet:
    """Find a BEIR set's files; `corpus` (a folder or corpus.jsonl) overrides the folder's own corpus."""
    queries = folder / "queries.jsonl"
    qrels = folder / "qrels" / f"{split}.tsv"
    corpus_file = folder / "corpus.jsonl"
    if corpus is not None:
        corpus_file = corpus / "corpus.jsonl" if corpus.is_dir() else corpus
    for f in (queries, qrels, corpus_file):
        if not f.is_file():
            raise ConfigError(f"not a BEIR folder: {f} is missing", hint="need corpus.jsonl (or --corpus), "
                              "queries.jsonl and qrels/test.tsv")
    return BeirSet(corpus_file, queries, qrels)


def corpus_key(corpus: Path) -> str:
    """Cache key of a corpus file: its resolved path, size and modification time."""
    st = corpus.stat()
    raw = f"{corpus.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def default_index_root() -> Path:
    return Path(platformdirs.user_cache_dir("medbrief", appauthor=False)) / "eval"


# -- the evaluation -----------------------------------------------------------------------------
@dataclass
class EvalReport:
    """Scores and timings of one evaluation."""

    name: str
    corpus: str
    queries: int
    documents: int
    passages: int
    index_dir: str
    index_bytes: int
    reused_index: bool
    ingest_seconds: float  # building the index (recorded at build time, also when reused)
    embed_seconds: float
    embedded: int  # by this run
    embedded_total: int  # by the runs that built the index (embed_seconds is their time)
    embedder: str | None
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    latency_ms: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "corpus": self.corpus, "queries": self.queries, "documents": self.documents,
            "passages": self.passages, "index_dir": self.index_dir, "index_bytes": self.index_bytes,
            "reused_index": self.reused_index, "ingest_seconds": round(self.ingest_seconds, 3),
            "embed_seconds": round(self.embed_seconds, 3), "embedded": self.embedded,
            "embedded_total": self.embedded_total, "embedder": self.embedder,
            "scores": {m: {k: round(v, 4) for k, v in s.items()} for m, s in self.scores.items()},
            "latency_ms": {m: {k: round(v, 3) for k, v in s.items()} for m, s in self.latency_ms.items()},
        }


def _doc_of(pid: str) -> str:
    """`beir:<corpus>/<_id>#<n>` -> `<_id>` (the qrels' corpus id)."""
    doc = pid.rsplit("#", 1)[0]
    return doc.split("/", 1)[1] if doc.startswith("beir:") and "/" in doc else doc


def open_eval_store(
    corpus: Path, index_dir: Path | None = None, progress: EvalProgress | None = None
) -> tuple[Store, bool, float]:
    """The corpus's own store, built on first use; returns (store, reused, ingest seconds)."""
    key = corpus_key(corpus)
    root = index_dir if index_dir is not None else default_index_root() / f"{corpus.parent.name}-{key}"
    db_path = root / "store.db"
    if db_path.exists():
        store = Store(db_path, create=True)
        info = store.db.build_info()
        if info.get("eval_corpus_key") == key:
            resplit(store)  # a store built by an older passage rule is re-cut in place (vectors then catch up)
            return store, True, float(info.get("eval_ingest_seconds", 0.0))
        store.close()
        # another corpus (or an interrupted build) lives here: start again rather than mix corpora
        for f in root.glob("store.db*"):
            if f.is_file():
                f.unlink()
            else:
                shutil.rmtree(f)
    t0 = time.perf_counter()
    store = Store(db_path, create=True)
    step = None if progress is None else (lambda done, total, _item: progress("ingest", done, total))
    run_ingest(store, [corpus], progress=step)
    seconds = time.perf_counter() - t0
    store.db.set_build("eval_ingest_seconds", f"{seconds:.3f}")
    store.db.set_build("eval_corpus_key", key)
    return store, False, seconds


def run_queries(
    store: Store,
    queries: Mapping[str, str],
    mode: Mode,
    embedder: Embedder | None,
    *,
    depth: int = DOC_DEPTH,
    progress: EvalProgress | None = None,
) -> tuple[dict[str, list[str]], list[float]]:
    """Rank corpus ids for each query; returns the run and per-query latencies in ms (warm: one warm-up first)."""
    if queries:
        search_ids(store, next(iter(queries.values())), mode=mode, embedder=embedder, k=depth)
    run: dict[str, list[str]] = {}
    times: list[float] = []
    for i, (qid, text) in enumerate(queries.items()):
        t0 = time.perf_counter()
        # passages are ranked twice as deep as documents so a split document cannot crowd out others
        scored = search_ids(store, text, mode=mode, embedder=embedder, k=2 * depth)
        times.append((time.perf_counter() - t0) * 1000)
        run[qid] = list(dict.fromkeys(_doc_of(pid) for pid, _ in scored))[:depth]
        if progress:
            progress(f"query {mode}", i + 1, len(queries))
    return run, times


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), nearest-rank."""
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q / 100 * len(s)) - 1))]


def evaluate_retrieval(
    folder: Path,
    *,
    corpus: Path | None = None,
    index_dir: Path | None = None,
    modes: Sequence[Mode] = MODES,
    embedder: Embedder | None = None,
    progress: EvalProgress | None = None,
) -> EvalReport:
    """Evaluate each mode on a BEIR folder (dense and hybrid need `embedder`); see the module docstring."""
    beir = locate(folder, corpus)
    queries_all = load_queries(beir.queries)
    qrels = load_qrels(beir.qrels)
    queries = {q: t for q, t in queries_all.items() if q in qrels}
    store, reused, ingest_s = open_eval_store(beir.corpus, index_dir, progress)
    with store:
        embed_s, embedded, embedded_total = 0.0, 0, 0
        if embedder is not None and any(m != "bm25" for m in modes):
            t0 = time.perf_counter()
            step = None if progress is None else (lambda done, total: progress("embed", done, total))
            embedded = embed_pending(store, embedder, step)
            embed_s = time.perf_counter() - t0
            # the build's embedding time, summed over runs that embedded something (a resumed build)
            key = f"eval_embed_seconds:{embedder.name}"
            if embedded:
                total = float(store.db.build_info().get(key, 0.0)) + embed_s
                store.db.set_build(key, f"{total:.3f}")
                store.db.set_build(f"eval_embedded:{embedder.name}",
                                   str(int(store.db.build_info().get(f"eval_embedded:{embedder.name}", 0)) + embedded))
            embed_s = float(store.db.build_info().get(key, embed_s))
            embedded_total = int(store.db.build_info().get(f"eval_embedded:{embedder.name}", embedded))
        counts = store.db.counts()
        report = EvalReport(
            name=beir.name, corpus=str(beir.corpus), queries=len(queries), documents=sum(counts["documents"].values()),
            passages=sum(counts["passages"].values()), index_dir=str(store.db_path.parent), index_bytes=0,
            reused_index=reused, ingest_seconds=ingest_s, embed_seconds=embed_s, embedded=embedded,
            embedded_total=embedded_total, embedder=embedder.name if embedder is not None else None,
        )
        for mode in modes:
            run, times = run_queries(store, queries, mode, embedder if mode != "bm25" else None, progress=progress)
            report.scores[mode] = score_run(run, qrels)
            report.latency_ms[mode] = {"p50": percentile(times, 50), "p95": percentile(times, 95)}
        report.index_bytes = store.size_bytes()
    return report
