"""Ingest throughput, store size, warm search and ask latency, and CLI start-up; prints a Markdown section.

    python bench/store_bench.py [--data ../shared/data] [--out BENCHMARKS-store.md]

Each measurement is taken on a fresh store in a temporary folder. Latencies are in-process and warm (the store is
opened once, queries repeated); the CLI's whole-process time is measured apart with subprocess.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from environment import commit, machine, percentile  # bench/environment.py

from medbrief import pipeline
from medbrief.settings import Settings

SEARCH_QUERIES = [
    "intrathecal baclofen withdrawal", "tizanidine maximum daily dose", "atorvastatin myopathy risk",
    "metformin renal impairment lactic acidosis", "warfarin interactions CYP2C9", "opioids acute pain",
    "statin primary prevention adults", "gabapentin somnolence dizziness", "sertraline pregnancy",
    "spasticity multiple sclerosis", "(unbalanced \"quotes AND* OR", "hepatic impairment dose adjustment",
]
ASK_QUESTIONS = [
    "What is baclofen used for?", "What is tizanidine used for?", "What is the maximum daily dose of Lipitor?",
    "What does the CDC recommend for opioids in acute pain?", "Should adults 40 to 75 take a statin?",
    "Is metformin safe in kidney failure?", "What are the side effects of gabapentin?",
    "Does apixaban have a boxed warning?",
]






def ingest(paths: list[Path], db: Path) -> tuple[pipeline.IngestReport, int]:
    settings = Settings.load(db=db)
    report = pipeline.ingest(settings, paths)
    return report, pipeline.stats(settings)["size_bytes"]


def warm_latencies(db: Path, fn_name: str, items: list[str], rounds: int) -> list[float]:
    settings = Settings.load(db=db)
    out: list[float] = []
    with pipeline.open_store(settings) as store:
        for item in items:  # warm-up
            _call(store, fn_name, item)
        for _ in range(rounds):
            for item in items:
                t = time.perf_counter()
                _call(store, fn_name, item)
                out.append((time.perf_counter() - t) * 1000)
    return out


def _call(store, fn_name: str, item: str, embedder=None) -> None:
    if fn_name == "search":
        pipeline.search_store(store, item, k=10)
    else:
        pipeline.ask_store(store, item, embedder=embedder)


def hybrid_ask(db: Path, rounds: int = 3) -> str:
    """Warm `ask` on a store that holds MiniLM vectors (retrieval fused with dense ranking)."""
    settings = Settings.load(db=db)
    with pipeline.open_store(settings) as store:
        embedder = pipeline.embedder_for(store)
        if embedder is None:
            return f"(no vectors of the installed model in {db}: hybrid ask not measured)"
        for q in ASK_QUESTIONS:
            _call(store, "ask", q, embedder)
        ms = []
        for _ in range(rounds):
            for q in ASK_QUESTIONS:
                t = time.perf_counter()
                _call(store, "ask", q, embedder)
                ms.append((time.perf_counter() - t) * 1000)
    return (f"| ask (full brief), hybrid retrieval, `{db}` | {len(ms)} | {percentile(ms, 50):.1f} | "
            f"{percentile(ms, 95):.1f} |")


def cli_seconds(db: Path, runs: int = 5) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "medbrief", "search", "--db", str(db), "baclofen withdrawal"],
                       check=True, capture_output=True)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("MEDBRIEF_DATA", "../shared/data")))
    ap.add_argument("--out", type=Path, default=None, help="write the Markdown section here")
    ap.add_argument("--hybrid-only", type=Path, default=None, metavar="DB",
                    help="only measure warm ask with hybrid retrieval on this embedded store")
    args = ap.parse_args()
    if args.hybrid_only:
        print(hybrid_ask(args.hybrid_only))
        return
    data: Path = args.data
    lines = [
        "## Store: ingest, search, ask (`bench/store_bench.py`)",
        "",
        f"Command: `python bench/store_bench.py --data {data}` · machine: {machine()} · "
        f"commit {commit()} · date: {time.strftime('%Y-%m-%d')}",
        "",
        "| corpus | documents | passages | seconds | passages/s | store size |",
        "|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        main_db = Path(tmp) / "main.db"
        corpora = [("labels + pubmed + guidelines", [data / "labels", data / "pubmed", data / "guidelines"], main_db)]
        for name in ("bioasq-snippets-dev", "pubmedqa-dev"):
            if (data / "eval" / name).is_dir():
                corpora.append((f"eval/{name} (BEIR)", [data / "eval" / name], Path(tmp) / f"{name}.db"))
        for name, paths, db in corpora:
            report, size = ingest(paths, db)
            rate = report.passages_written / report.seconds
            lines.append(f"| {name} | {report.documents_seen:,} | {report.passages_written:,} | "
                         f"{report.seconds:.1f} | {rate:,.0f} | {size / 1e6:.0f} MB |")
            print(lines[-1], file=sys.stderr)
        lines += ["", "| operation (warm, in-process) | runs | p50 ms | p95 ms |", "|---|---|---|---|"]
        search_ms = warm_latencies(main_db, "search", SEARCH_QUERIES, rounds=20)
        lines.append(f"| search k=10, labels+pubmed+guidelines store | {len(search_ms)} | "
                     f"{percentile(search_ms, 50):.2f} | {percentile(search_ms, 95):.2f} |")
        for name in ("bioasq-snippets-dev", "pubmedqa-dev"):
            db = Path(tmp) / f"{name}.db"
            if db.exists():
                ms = warm_latencies(db, "search", SEARCH_QUERIES, rounds=20)
                p50, p95 = percentile(ms, 50), percentile(ms, 95)
                lines.append(f"| search k=10, {name} store | {len(ms)} | {p50:.2f} | {p95:.2f} |")
        ask_ms = warm_latencies(main_db, "ask", ASK_QUESTIONS, rounds=5)
        lines.append(f"| ask (full brief), labels+pubmed+guidelines store | {len(ask_ms)} | "
                     f"{percentile(ask_ms, 50):.1f} | {percentile(ask_ms, 95):.1f} |")
        cli = cli_seconds(main_db)
        lines += ["", f"`medbrief search` as a whole process (start-up included): median "
                      f"{statistics.median(cli):.2f} s over {len(cli)} runs."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
