"""Embedding you control (issue 16 point 3): ingest embeds only what it wrote, `embed` estimates before it
starts, progress counts passages, `stats` reports vectors, a store of another model's vectors is refused."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

pytest.importorskip("numpy")

from rich.console import Console
from typer.testing import CliRunner

from medbrief import cli, pipeline
from medbrief.cli import app
from medbrief.ingest import run_ingest
from medbrief.retrieve.dense import HashEmbedder
from medbrief.settings import Settings
from medbrief.store import Store
from medbrief.store.vectors import VectorStore
from tests.conftest import FIXTURES
from tests.retrieve.test_dense import CountingEmbedder

runner = CliRunner()
LABELS = FIXTURES / "openfda" / "api-envelope.json"
ABSTRACTS = FIXTURES / "pubmed" / "articleset.xml"


def _lexical_store(tmp_path: Path, *paths: Path) -> Path:
    """A store of `paths` ingested without vectors (as before `pip install '.[dense]'`)."""
    db = tmp_path / "m.db"
    with Store(db, create=True) as store:
        run_ingest(store, list(paths))
    return db


def test_ingest_embeds_only_what_it_just_wrote_not_the_corpus_already_stored(tmp_path: Path) -> None:
    # the example: a corpus ingested lexically, the model installed, then `ingest my.md`
    db = _lexical_store(tmp_path, LABELS)
    e = CountingEmbedder()
    with Store(db) as store:
        before = store.db.passage_count()
        report = run_ingest(store, [ABSTRACTS], embedder=e)
        written = store.db.passage_count() - before
        assert before > 0 and written > 0
        assert report.embedded == len(e.seen) == written  # the new abstracts, not the stored labels
        with_vectors, passages = pipeline.vector_stats(store, e.name)["passages_with_vectors"], \
            store.db.passage_count()
        assert with_vectors == written < passages
        # catching up the rest is `embed`'s job
        assert pipeline.embed(Settings.load(db=db), embedder=e) == before
        assert pipeline.vector_stats(store, e.name)["passages_with_vectors"] == passages


def test_ingest_in_small_batches_still_embeds_only_its_own_documents(tmp_path: Path) -> None:
    db = _lexical_store(tmp_path, LABELS)
    e = CountingEmbedder()
    with Store(db) as store:
        before = store.db.passage_count()
        report = run_ingest(store, [ABSTRACTS], embedder=e, batch_size=2)
        assert report.embedded == store.db.passage_count() - before


def test_embed_states_passages_and_time_before_the_bulk_of_the_work(tmp_path: Path) -> None:
    db = _lexical_store(tmp_path, LABELS, ABSTRACTS)
    e = CountingEmbedder()
    calls: list[tuple[int, float, int]] = []

    def estimate(passages: int, seconds: float) -> None:
        calls.append((passages, seconds, len(e.seen)))

    with Store(db) as store:
        pending = len(VectorStore(store.db.conn).pending(e.name))
    assert pending > 2
    n = pipeline.embed(Settings.load(db=db), estimate=estimate, embedder=e)
    assert n == pending
    [(passages, seconds, seen_then)] = calls
    assert passages == pending and seconds > 0 and seen_then < pending  # said while most was still to do
    calls.clear()
    assert pipeline.embed(Settings.load(db=db), estimate=estimate, embedder=e) == 0
    assert calls == [(0, 0.0, len(e.seen))]


def test_embed_command_prints_the_estimate_even_when_piped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _lexical_store(tmp_path, LABELS, ABSTRACTS)
    monkeypatch.setattr(pipeline, "default_embedder", lambda **kw: HashEmbedder(dim=64))
    with Store(db) as store:
        pending = len(VectorStore(store.db.conn).pending(HashEmbedder(dim=64).name))
    res = runner.invoke(app, ["embed", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert f"{pending:,} passages to embed, " in res.stderr and "on this machine; Ctrl-C is safe" in res.stderr
    assert f"embedded {pending:,} passages" in res.stdout
    again = runner.invoke(app, ["embed", "--db", str(db)])
    assert "nothing to embed" in again.stderr and "embedded 0 passages" in again.stdout


def test_ctrl_c_during_embed_says_what_was_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _lexical_store(tmp_path, LABELS, ABSTRACTS)

    class Interrupted(HashEmbedder):
        """Ctrl-C arrives while the second batch is embedded."""

        calls = 0

        def embed(self, texts):  # type: ignore[no-untyped-def]
            Interrupted.calls += 1
            if Interrupted.calls == 2:
                raise KeyboardInterrupt
            return super().embed(texts)

    monkeypatch.setattr(pipeline, "default_embedder", lambda **kw: Interrupted(dim=64))
    res = runner.invoke(app, ["embed", "--db", str(db)])
    assert res.exit_code == 130
    kept = pipeline.stats(Settings.load(db=db))["vectors"]
    assert 0 < kept["passages_with_vectors"] < kept["passages"]  # the first batch was kept, not the rest
    assert (f"interrupted: {kept['passages_with_vectors']:,} of {kept['passages']:,} passages have vectors (kept); "
            "run `medbrief embed` again") in res.stderr


@pytest.mark.parametrize(("seconds", "said"), [(2, "a few seconds"), (40, "under a minute"),
                                               (25 * 60, "about 25 min"), (100 * 60, "about 1 h 40 min")])
def test_the_estimate_reads_as_a_duration(seconds: float, said: str) -> None:
    # it follows "N passages to embed, ": the trial read "about under a minute"
    assert cli._duration(seconds) == said


def test_the_ingest_display_counts_embedding_in_passages_and_reading_in_bytes() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=200, color_system=None)
    bar = cli._ingest_bar(console)
    bar.add_task("ingest", total=2_000_000, completed=1_000_000, item="labels.json", unit="bytes")
    bar.add_task("embed", total=1234, completed=600, item="", unit="passages")
    console.print(bar.make_tasks_table(bar.tasks))
    ingest_row, embed_row = console.file.getvalue().rstrip("\n").split("\n")  # type: ignore[attr-defined]
    assert ingest_row.startswith("ingest") and "MB" in ingest_row
    assert embed_row.startswith("embed") and "600/1,234 passages" in embed_row
    assert "B" not in embed_row.replace("embed", "")  # no bytes, kB, MB


def test_stats_reports_vectors_and_their_model(tmp_path: Path) -> None:
    db = _lexical_store(tmp_path, LABELS, ABSTRACTS)
    settings = Settings.load(db=db)
    v = pipeline.stats(settings)["vectors"]
    passages = v["passages"]
    assert v == {"model": None, "current_model": pipeline.MiniLMOnnx.name, "passages_with_vectors": 0,
                 "passages": passages, "models": {}}
    e = HashEmbedder(dim=64)
    with Store(db) as store:  # half the passages
        pending = VectorStore(store.db.conn).pending(e.name)
        half = pending[: len(pending) // 2]
        VectorStore(store.db.conn).put(e.name, [h for h, _ in half], e.embed([t for _, t in half]))
    res = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    v = json.loads(res.stdout)["vectors"]
    assert v["model"] == e.name and 0 < v["passages_with_vectors"] < v["passages"] == passages
    assert v["models"] == {e.name: len(half)}
    text = runner.invoke(app, ["stats", "--db", str(db)], env={"COLUMNS": "200"}).stdout
    assert f"vectors: {v['passages_with_vectors']:,} of {passages:,} passages, model {e.name}" in text
    assert "not the installed model" in text


@pytest.mark.parametrize("mode", ["dense", "hybrid"])
def test_a_store_of_another_models_vectors_is_refused_for_dense_search(tmp_path: Path, mode: str) -> None:
    db = _lexical_store(tmp_path, LABELS, ABSTRACTS)
    e = HashEmbedder(dim=64)
    assert pipeline.embed(Settings.load(db=db), embedder=e) > 0
    res = runner.invoke(app, ["search", "--db", str(db), "--mode", mode, "baclofen"], env={"COLUMNS": "300"})
    assert res.exit_code == 1
    assert f"vectors are of another model ({e.name})" in res.stderr
    assert "medbrief embed" in res.stderr and "--mode bm25" in res.stderr
    # and without a mode, search falls back to BM25 rather than ranking by a foreign model's vectors
    assert runner.invoke(app, ["search", "--db", str(db), "baclofen"]).exit_code == 0
