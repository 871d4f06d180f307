"""`search` and `ask` start loading the embedding model as soon as the command is known, from the raw arguments,
before the CLI is imported and typer parses them (issue 16 point 4: the load overlaps ~0.2 s of start-up); never
for `--help`, a BM25 search or another command. The console script (`entry.main`) starts it first and ends a
`search` or `ask` without the interpreter's teardown, with the command's exit status."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medbrief import cli, entry
from medbrief.cli import app
from medbrief.retrieve import dense
from medbrief.settings import Settings

runner = CliRunner()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The store paths the model's early load was started for (the load itself replaced by a recorder)."""
    calls: list[Path] = []
    monkeypatch.setattr(dense, "preload_default_embedder", lambda db: calls.append(Path(db)))
    monkeypatch.delenv("MEDBRIEF_DB", raising=False)
    return calls


@pytest.mark.parametrize("args", [
    ["baclofen dose", "--db", "/stores/a.db"],
    ["--db=/stores/a.db", "baclofen dose"],
    ["baclofen dose", "--mode", "hybrid", "--db", "/stores/a.db"],
    ["--mode=dense", "--db", "/stores/a.db", "baclofen dose"],
])
def test_search_starts_the_load_for_its_store(started: list[Path], args: list[str]) -> None:
    entry.preload_model_for("search", args)
    assert started == [Path("/stores/a.db")]


def test_ask_starts_it_and_the_store_comes_from_the_environment(
    started: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDBRIEF_DB", "/stores/env.db")
    entry.preload_model_for("ask", ["What is baclofen used for?", "--format", "text"])
    assert started == [Path("/stores/env.db")]


@pytest.mark.parametrize(("command", "args"), [
    ("search", ["baclofen dose", "--mode", "bm25"]),
    ("search", ["baclofen dose", "--mode=bm25"]),
    ("search", ["baclofen dose", "--mode", "nonsense"]),  # a usage error: no load for the process to wait for
    ("search", ["--help"]),
    ("ask", ["--help"]),
    ("search", ["--", "--db"]),
    ("ingest", ["notes.md"]),
    ("stats", []),
])
def test_nothing_starts_where_no_model_is_needed(started: list[Path], command: str, args: list[str]) -> None:
    entry.preload_model_for(command, args)
    assert started == []


def test_the_command_group_starts_it_before_the_command_runs(
    started: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[list[Path]] = []
    monkeypatch.setattr(cli, "_settings", lambda db=None, **kw: (seen.append(list(started)), sys.exit(7))[1])
    result = runner.invoke(app, ["search", "baclofen dose", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 7
    assert seen == [[tmp_path / "s.db"]]  # already started when the command body began
    started.clear()
    assert runner.invoke(app, ["search", "--help"]).exit_code == 0
    assert runner.invoke(app, ["search", "x", "--mode", "bm25", "--db", str(tmp_path / "s.db")]).exit_code == 7
    assert started == []


def test_a_bad_environment_is_left_to_the_command(started: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("MEDBRIEF_LOCK_TIMEOUT must be a number")

    monkeypatch.setattr(Settings, "load", broken)
    entry.preload_model_for("search", ["baclofen dose"])  # no exception here: the command reports it
    assert started == []
