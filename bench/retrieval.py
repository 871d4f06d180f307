"""Retrieval benchmark: medbrief bm25 / dense / hybrid against bm25s (Lucene BM25) in one run.

    python bench/retrieval.py [--sets bioasq-snippets-dev pubmedqa-dev] [--fresh] [--write BENCHMARKS.md]

For each BEIR dev set under --data: builds medbrief's eval store (timed: ingest, then embedding inside
the store), runs `evaluate_retrieval` for every mode (warm latency p50/p95), runs bm25s over
title + " " + text (k1 1.5, b 0.75, English stop words, Snowball stemmer), fuses bm25s with the same
dense run by RRF k=60 as the reference hybrid, compares fusion variants on medbrief's own rankings
(RRF, z-score fusion of the partial lists, the hybrid's neighbours on its parameter grid), and
measures embedding throughput alone (short = queries, abstract-length = corpus texts). Needs the
`bench` and `dense` extras.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from environment import commit, machine  # bench/environment.py

from medbrief.evaluate import evaluate_retrieval, load_qrels, load_queries, open_eval_store, score_run
from medbrief.retrieve.dense import default_embedder
from medbrief.retrieve.fuse import fuse_scores, hybrid_search, rrf, search_ids


def load_corpus(path: Path) -> tuple[list[str], list[str]]:
    ids, texts = [], []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                ids.append(str(o["_id"]))
                texts.append(f"{o.get('title') or ''} {o.get('text') or ''}".strip())
    return ids, texts


def bm25s_run(
    corpus_ids: list[str], texts: list[str], queries: dict[str, str], depth: int = 100
) -> dict[str, list[str]]:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    retriever = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
    retriever.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    qids = list(queries)
    q_tokens = bm25s.tokenize([queries[q] for q in qids], stopwords="en", stemmer=stemmer, show_progress=False)
    docs, _scores = retriever.retrieve(q_tokens, k=min(depth, len(corpus_ids)), show_progress=False, n_threads=1)
    return {q: [corpus_ids[int(i)] for i in row] for q, row in zip(qids, docs, strict=True)}


def lexical_variants(folder: Path, queries: dict[str, str], qrels: dict[str, dict[str, int]]) -> dict[str, Any]:
    """Lexical alternatives on the same queries: how sections are cut into passages, where the title goes."""
    import tempfile

    import tantivy

    from medbrief.parse import WHOLE_SECTION_CHARS, split_text
    from medbrief.store.lexical import query_terms

    docs = []
    with (folder / "corpus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                docs.append((str(o["_id"]), o.get("title") or "", o.get("text") or ""))

    def build(rows: Any) -> Any:
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("pid", stored=True, tokenizer_name="raw")
        sb.add_text_field("title", stored=False, tokenizer_name="en_stem")
        sb.add_text_field("text", stored=False, tokenizer_name="en_stem")
        index = tantivy.Index(sb.build(), path=tempfile.mkdtemp(prefix="mb-lex-"))
        w = index.writer(heap_size=128 * 1024 * 1024, num_threads=1)
        for pid, title, text in rows:
            w.add_document(tantivy.Document(pid=pid, title=title, text=text))
        w.commit()
        w.wait_merging_threads()
        index.reload()
        return index

    def run(index: Any, title_boost: float) -> dict[str, list[str]]:
        searcher, out = index.searcher(), {}
        for q, text in queries.items():
            should = []
            for t in query_terms(text):
                should.append((tantivy.Occur.Should, index.parse_query(t, ["text"])))
                if title_boost:
                    title_q = index.parse_query(t, ["title"])
                    should.append((tantivy.Occur.Should, tantivy.Query.boost_query(title_q, title_boost)))
            hits = searcher.search(tantivy.Query.boolean_query(should), 200).hits
            out[q] = list(dict.fromkeys(searcher.doc(a)["pid"][0].split("#")[0] for _, a in hits))[:100]
        return out

    def cut_rows(cut: Any, title_in_text: bool) -> Any:
        for i, t, x in docs:
            for n, p in enumerate(cut(x)):
                yield (f"{i}#{n}", "" if title_in_text else t or f"PubMed {i}",
                       (f"{t}\n{p}" if t else p) if title_in_text else p)

    today = build(cut_rows(lambda x: split_text(x, whole=WHOLE_SECTION_CHARS), True))
    cut = build(cut_rows(split_text, True))
    separate = build(cut_rows(split_text, False))
    return {
        "today (sections up to 3,000 characters whole, title in the text field)": score_run(run(today, 0.0), qrels),
        "every section cut at 1,500 characters": score_run(run(cut, 0.0), qrels),
        "cut at 1,500, title in its own field x0.5": score_run(run(separate, 0.5), qrels),
    }


def _doc(pid: str) -> str:
    doc = pid.rsplit("#", 1)[0]
    return doc.split("/", 1)[1] if doc.startswith("beir:") else doc


def _docs(scored: list[tuple[str, float]], depth: int = 100) -> list[str]:
    """Corpus ids in the order of their best passage."""
    return list(dict.fromkeys(_doc(p) for p, _ in scored))[:depth]


def run_set(folder: Path, index_root: Path, fresh: bool, variants: bool) -> dict[str, Any]:
    index_dir = index_root / folder.name
    if fresh and index_dir.exists():
        shutil.rmtree(index_dir)
    embedder = default_embedder()
    report = evaluate_retrieval(folder, index_dir=index_dir, embedder=embedder)
    out: dict[str, Any] = {"set": folder.name, "medbrief": report.to_dict()}

    queries_all = load_queries(folder / "queries.jsonl")
    qrels = load_qrels(folder / "qrels" / "test.tsv")
    queries = {q: t for q, t in queries_all.items() if q in qrels}
    ids, texts = load_corpus(folder / "corpus.jsonl")
    t0 = time.perf_counter()
    ref_lex = bm25s_run(ids, texts, queries)
    out["bm25s_seconds"] = round(time.perf_counter() - t0, 2)
    out["bm25s"] = score_run(ref_lex, qrels)
    if variants:
        out["lexical_variants"] = lexical_variants(folder, queries, qrels)

    # medbrief's own rankings (with scores) for the reference RRF and the fusion variants
    store, _reused, _s = open_eval_store(folder / "corpus.jsonl", index_dir)
    with store:
        lex = {q: search_ids(store, text, mode="bm25", k=100) for q, text in queries.items()}
        den = {q: search_ids(store, text, mode="dense", embedder=embedder, k=100) for q, text in queries.items()}
        out["reference_rrf60_bm25s_dense"] = score_run(
            {q: [d for d, _ in rrf([ref_lex[q], _docs(den[q])], k=60)][:100] for q in queries}, qrels
        )
        variants: dict[str, Any] = {
            "RRF k=30 (the previous hybrid)": lambda q: rrf([[p for p, _ in lex[q]], [p for p, _ in den[q]]], k=30),
            "RRF k=60": lambda q: rrf([[p for p, _ in lex[q]], [p for p, _ in den[q]]], k=60),
            "z-score fusion of the two top-100 lists": lambda q: fuse_scores(dict(lex[q]), dict(den[q])),
        }
        for label, kwargs in (
            ("exact scores for every candidate, no feedback", {"feedback": 0}),
            ("lexical weight 0.4", {"lexical_weight": 0.4}),
            ("lexical weight 0.6", {"lexical_weight": 0.6}),
            ("2 feedback passages", {"feedback": 2}),
            ("feedback weight 0.5", {"feedback_weight": 0.5}),
        ):
            variants[label] = (lambda kw: lambda q: hybrid_search(store, embedder, queries[q], k=200, **kw))(kwargs)
        out["fusion_variants_ndcg10"] = {
            label: score_run({q: _docs(fn(q)) for q in queries}, qrels)["ndcg@10"] for label, fn in variants.items()
        }

    # embedding throughput alone, one batch call each (the first call warms the session)
    embedder.embed(["warm up"])
    short = [queries[q] for q in list(queries)[:500]]
    # abstract-length: whole abstracts (>= 800 characters) where the corpus has them
    long = [t for t in texts if len(t) >= 800][:200] or texts[:200]
    t0 = time.perf_counter()
    embedder.embed(short)
    short_rate = len(short) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    embedder.embed(long)
    long_rate = len(long) / (time.perf_counter() - t0)
    out["embed_alone_per_s"] = {"short": round(short_rate, 1), "abstract": round(long_rate, 1),
                                "short_chars": round(sum(map(len, short)) / len(short)),
                                "abstract_chars": round(sum(map(len, long)) / len(long))}
    med = out["medbrief"]
    seconds = med["embed_seconds"]
    out["embed_in_store_per_s"] = round(med["embedded_total"] / seconds, 1) if seconds else None
    return out


# issue 6: hybrid nDCG@10 at least the reference RRF figure and `ratio` x medbrief BM25
TARGETS = {"bioasq-snippets-dev": (0.833, 1.08), "pubmedqa-dev": (0.977, 1.0)}


def _checks(r: dict[str, Any]) -> str:
    sc, lat = r["medbrief"]["scores"], r["medbrief"]["latency_ms"]
    hybrid, bm25 = sc["hybrid"]["ndcg@10"], sc["bm25"]["ndcg@10"]
    floor, ratio = TARGETS.get(r["set"], (0.0, 1.0))
    checks = [
        (f"hybrid >= {floor}", hybrid >= floor),
        (f"hybrid >= {ratio} x medbrief bm25", hybrid >= ratio * bm25),
        ("medbrief bm25 >= bm25s", bm25 >= r["bm25s"]["ndcg@10"]),
        ("bm25 p95 <= 5 ms", lat["bm25"]["p95"] <= 5),
        ("hybrid p95 <= 30 ms", lat["hybrid"]["p95"] <= 30),
    ]
    return "Targets: " + "; ".join(f"{name} {'OK' if ok else 'MISSED'}" for name, ok in checks) + "."


def render(results: list[dict[str, Any]], command: str) -> str:
    lines = [
        "# Retrieval benchmarks",
        "",
        f"Written by `{command}` on {time.strftime('%Y-%m-%d')}, commit {commit()}; machine: {machine()}.",
        "One run per set: bm25s (Lucene BM25 k1 1.5 b 0.75, English stop words, Snowball stemmer, title + text)",
        "and medbrief run over the same queries; the reference RRF fuses bm25s with medbrief's dense ranking.",
        "",
    ]
    for r in results:
        m = r["medbrief"]
        lines += [
            f"## {r['set']}",
            "",
            f"`medbrief eval retrieval /work/shared/data/eval/{r['set']}` — {m['queries']} queries, "
            f"{m['documents']} documents, {m['passages']} passages; index build {m['ingest_seconds']:.1f} s ingest + "
            f"{m['embed_seconds']:.1f} s embedding ({m['embedded_total']} passages, {m['embedder']}); "
            f"index size {m['index_bytes'] / 1e6:.1f} MB.",
            "",
            "| system | nDCG@10 | Recall@10 | Recall@100 | MRR@10 | p50 ms | p95 ms |",
            "|---|---|---|---|---|---|---|",
        ]
        for mode, s in m["scores"].items():
            lat = m["latency_ms"][mode]
            lines.append(f"| medbrief {mode} | {s['ndcg@10']:.4f} | {s['recall@10']:.4f} | {s['recall@100']:.4f} | "
                         f"{s['mrr@10']:.4f} | {lat['p50']:.2f} | {lat['p95']:.2f} |")
        for name, key in (("bm25s (reference)", "bm25s"), ("RRF k=60 bm25s + dense", "reference_rrf60_bm25s_dense")):
            s = r[key]
            lines.append(f"| {name} | {s['ndcg@10']:.4f} | {s['recall@10']:.4f} | {s['recall@100']:.4f} | "
                         f"{s['mrr@10']:.4f} | | |")
        sc = m["scores"]
        lines += [
            "",
            f"Ratios (one run): medbrief bm25 / bm25s = {sc['bm25']['ndcg@10'] / r['bm25s']['ndcg@10']:.3f}; "
            f"hybrid / medbrief bm25 = {sc['hybrid']['ndcg@10'] / sc['bm25']['ndcg@10']:.3f}; "
            f"hybrid / reference RRF = {sc['hybrid']['ndcg@10'] / r['reference_rrf60_bm25s_dense']['ndcg@10']:.3f}.",
            "",
            _checks(r),
            "",
            "Fusion variants on medbrief's rankings (nDCG@10; the hybrid row above is z-score fusion with exact "
            "scores, lexical weight 0.5, one feedback passage of weight 1): "
            + "; ".join(f"{k}: {v:.4f}" for k, v in r["fusion_variants_ndcg10"].items()),
            "",
            *(["Lexical prototypes (same passages and query terms, tantivy en_stem; nDCG@10 / Recall@100): "
               + "; ".join(f"{k}: {v['ndcg@10']:.4f} / {v['recall@100']:.4f}"
                           for k, v in r["lexical_variants"].items()),
               ""] if "lexical_variants" in r else []),
            f"Embedding throughput alone: {r['embed_alone_per_s']['short']}/s short texts "
            f"(~{r['embed_alone_per_s']['short_chars']} chars), {r['embed_alone_per_s']['abstract']}/s abstract-length "
            f"(~{r['embed_alone_per_s']['abstract_chars']} chars); inside the store build (read, embed, write): "
            f"{r['embed_in_store_per_s']}/s.",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("MEDBRIEF_DATA", "../shared/data")) / "eval")
    ap.add_argument("--sets", nargs="+", default=["bioasq-snippets-dev", "pubmedqa-dev"])
    ap.add_argument("--index-root", type=Path, default=Path("/tmp/medbrief-bench-retrieval"))
    ap.add_argument("--fresh", action="store_true", help="rebuild the indexes (to time the build)")
    ap.add_argument("--lexical-variants", action="store_true", help="also measure prototype lexical.py changes")
    ap.add_argument("--write", type=Path, help="write the Markdown report here")
    ap.add_argument("--json", type=Path, help="write the raw results here")
    args = ap.parse_args()
    results = [run_set(args.data / name, args.index_root, args.fresh, args.lexical_variants) for name in args.sets]
    command = "python bench/retrieval.py " + " ".join(sys.argv[1:])
    text = render(results, command)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if args.write:
        args.write.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
