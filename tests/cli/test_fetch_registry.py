"""The fetch registry (issue 14): a store made before it opens fine, lists nothing, and gains the table on a write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from medbrief import fetching
from medbrief.settings import Settings
from medbrief.store import FetchRecord, Store


def _old_store(path: Path) -> None:
    """A store as an earlier medbrief made it: no `fetches` table."""
    Store(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX fetches_key")
    conn.execute("DROP TABLE fetches")
    conn.commit()
    conn.close()


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_old_store_lists_nothing_then_gains_the_table_on_write(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _old_store(db)
    assert "fetches" not in _tables(db)
    settings = Settings.load(db=db)
    assert fetching.recorded(settings) == []  # read-only open: no table, no error, nothing changed
    assert "fetches" not in _tables(db)
    with Store(db, create=True) as store:  # any write open (ingest, fetch) adds it
        store.db.begin()
        store.db.record_fetch(FetchRecord("dailymed", "drug=minoxidil", {"drug": "minoxidil"},
                                          "2026-11-30T07:00:00+00:00", "http://x", 1, 1, 1, "2016-03-12"))
        store.db.commit()
    got = fetching.recorded(settings)
    assert [(r.source, r.params, r.cursor, r.documents) for r in got] == [
        ("dailymed", {"drug": "minoxidil"}, "2016-03-12", 1)]


def test_summary_and_updates_group_by_request() -> None:
    def rec(source: str, params: dict, at: str, files: int, docs: int, cursor: str | None) -> FetchRecord:
        return FetchRecord(source, "r", params, at, "http://x", files, docs, docs, cursor)

    records = [
        rec("openfda", {"drug": "baclofen"}, "2026-11-01T00:00:00+00:00", 3, 3, "20250101"),
        rec("pubmed", {"query": "q", "max": 300, "since": None}, "2026-11-01T00:01:00+00:00", 1, 300, "2026/10/31"),
        rec("openfda", {"drug": "baclofen"}, "2026-11-20T00:00:00+00:00", 0, 0, "20250101"),
    ]
    rows = fetching.summary(records)
    assert [(r["source"], r["fetches"], r["documents"], r["last_fetched"][:10]) for r in rows] == [
        ("openfda", 2, 3, "2026-11-20"), ("pubmed", 1, 300, "2026-11-01")]
    assert rows[0]["command"] == "medbrief fetch openfda --drug baclofen"
    updates = fetching.pending_updates(records)
    assert [(r.source, c) for r, c in updates] == [("openfda", "20250101"), ("pubmed", "2026/10/31")]


def test_requests_normalise_to_one_key() -> None:
    a = fetching.FetchRequest.make("openfda", drug="  Baclofen ")
    b = fetching.FetchRequest.make("openfda", drug="baclofen")
    assert a == b and a.slug == b.slug and a.command == "medbrief fetch openfda --drug baclofen"
    q = fetching.FetchRequest.make("pubmed", query="baclofen   spasticity", max=300)
    assert q.describe == 'query="baclofen spasticity" max=300'
    assert q.command == "medbrief fetch pubmed --query 'baclofen spasticity' --max 300"


def test_live_plan_reads_drugs_without_labels_and_requests_for_recent_research(tmp_path: Path) -> None:
    from datetime import date

    settings = Settings.load(db=tmp_path / "none.db")  # no store: every drug word lacks a label
    today = date(2026, 11, 30)
    plan = fetching.live_plan(settings, "What is the latest research on baclofen for spasticity?", today=today)
    assert plan.drugs == ("baclofen",)
    assert plan.research_query == "baclofen spasticity" and plan.since == date(2025, 11, 30)
    plan = fetching.live_plan(settings, "tizanidine trials since 2024", today=today)
    assert plan.research_query == "tizanidine" and plan.since == date(2024, 1, 1)
    plan = fetching.live_plan(settings, "What is zanubrutinib used for?", today=today)
    assert plan.drugs == ("zanubrutinib",) and plan.research_query is None and plan.since is None


def test_live_plan_takes_the_drug_slot_even_for_an_english_word(tmp_path: Path) -> None:
    settings = Settings.load(db=tmp_path / "none.db")
    assert fetching.live_plan(settings, "What is aspirin used for?").drugs == ("aspirin",)
    assert fetching.live_plan(settings, "dose of metformin").drugs == ("metformin",)
    assert fetching.live_plan(settings, "What is the dose for children?").drugs == ()


def test_fetch_usage_errors_exit_2_before_any_request(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from medbrief.cli import app

    monkeypatch.setenv("MEDBRIEF_OPENFDA_URL", "http://127.0.0.1:9")  # nothing may be asked of it
    monkeypatch.setenv("MEDBRIEF_EUTILS_URL", "http://127.0.0.1:9")
    runner = CliRunner()
    db = str(tmp_path / "m.db")
    for args in (["fetch", "openfda", "--db", db], ["fetch", "openfda", "--drug", "x", "--bulk", "--db", db],
                 ["fetch", "pubmed", "--query", "q", "--since", "last year", "--db", db],
                 ["fetch", "openfda", "--drug", "  ", "--db", db]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("error: "), result.stderr
    assert not (tmp_path / "m.db").exists()


def test_python_dash_m_medbrief_cli_runs_with_the_fetch_commands() -> None:
    """`python -m medbrief.cli` runs cli.py as __main__, a second copy of the module: cli_fetch (which imports the
    module proper) once failed there with a circular import, and every command exited 1 with a traceback."""
    import subprocess
    import sys

    for args in (["fetch", "--help"], ["schema"]):
        res = subprocess.run([sys.executable, "-m", "medbrief.cli", *args], capture_output=True, timeout=120,
                             check=False)
        assert res.returncode == 0, res.stderr.decode()
    assert b"pubmed-baseline" in subprocess.run([sys.executable, "-m", "medbrief.cli", "fetch", "--help"],
                                                capture_output=True, timeout=120, check=False).stdout
