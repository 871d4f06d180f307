"""Crash safety: SIGKILL `medbrief ingest` at seeded random moments; the store always opens intact, the
index agrees with the records once the outbox is replayed, and a final re-run ends exactly where an
uninterrupted run does. SIGKILL `medbrief reindex` at random moments and at precise moments of its index swap;
the next command repairs the index (realstore.py builds the small stores these use)."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from medbrief.store import Store
from tests.conftest import shared_data

from .helpers import medbrief
from .realstore import (
    SUMATRIPTAN_QUESTION,
    BaseStore,
    Parts,
    assert_check_ok,
    assert_finds_own_title,
    check,
    copy_store,
    late_document,
    reindex_cmd,
    search_ids,
)

SEED = 20240605
KILLS = 4
OPENFDA_MEMBERS = 400  # of 1,258: keeps one run at a few seconds
CSVS = ("Triptans.csv", "Antihistamines.csv", "UrinaryIncontinence.csv", "NSAIDS.csv")


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A slice of the real data: the first openFDA zip members (rezipped in tmp) and four Cohen CSVs."""
    data = shared_data()
    src_zip = data / "labels" / "openfda_luckygood" / "openfda-drug-label-cache.zip"
    csv_dir = data / "pubmed" / "cohen2006_drug_class_reviews"
    if not src_zip.is_file() or not all((csv_dir / c).is_file() for c in CSVS):
        pytest.skip(f"openFDA zip / Cohen CSVs not found under {data} (set MEDBRIEF_DATA)")
    d = tmp_path_factory.mktemp("crash-input")
    sub_zip = d / "openfda-subset.zip"
    with zipfile.ZipFile(src_zip) as zin, zipfile.ZipFile(sub_zip, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in sorted(zin.infolist(), key=lambda i: i.filename)[:OPENFDA_MEMBERS]:
            zout.writestr(info.filename, zin.read(info))
    return [sub_zip, *(csv_dir / c for c in CSVS)]


def _ingest_cmd(db: Path, inputs: list[Path]) -> list[str]:
    return [sys.executable, "-m", "medbrief", "ingest", "--db", str(db), "-q", "--no-embed", *map(str, inputs)]


def _stats(db: Path) -> dict:
    run = medbrief("stats", "--db", db, "--json")
    assert run.returncode == 0, run.stderr
    data = run.json()
    return {k: data[k] for k in ("documents", "passages", "sources", "skipped")}


def _check_store(db: Path) -> None:
    conn = sqlite3.connect(str(db))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with Store(db) as store:
        store.sync_index()
        assert store.consistent(), "index and records disagree after replaying the outbox"


@pytest.mark.slow
@pytest.mark.data
def test_sigkill_during_ingest_never_corrupts_the_store(subset: list[Path], tmp_path: Path) -> None:
    clean_db = tmp_path / "clean" / "medbrief.db"
    t0 = time.perf_counter()
    done = subprocess.run(_ingest_cmd(clean_db, subset), capture_output=True, text=True, timeout=180)
    baseline = time.perf_counter() - t0
    assert done.returncode == 0, done.stderr
    expected = _stats(clean_db)
    assert expected["documents"]["label"] > 0 and expected["documents"]["research"] > 0

    db = tmp_path / "killed" / "medbrief.db"
    rng = random.Random(SEED)
    killed = 0
    for _ in range(KILLS):
        # past interpreter start-up, before the end of a full run
        delay = rng.uniform(0.15, 0.9) * baseline
        proc = subprocess.Popen(_ingest_cmd(db, subset), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed += 1
        if db.exists():
            _check_store(db)
    assert killed >= KILLS // 2, "the run finished before most kills: the subset is too small to test anything"

    final = subprocess.run(_ingest_cmd(db, subset), capture_output=True, text=True, timeout=180)
    assert final.returncode == 0, final.stderr
    assert _stats(db) == expected, json.dumps({"got": _stats(db), "expected": expected})
    _check_store(db)


# -- SIGKILL during `reindex` and during its swap (issue 13) -------------------------------------------------------
REINDEX_KILLS = 5


def _index_state(db: Path) -> str:
    """Which of <db>.index / .new / .old exist, e.g. 'index+new' (what the kill left behind)."""
    names = [s for s, p in (("index", ""), ("new", ".new"), ("old", ".old"))
             if db.with_name(f"{db.name}.index{p}").exists()]
    return "+".join(names) or "nothing"


def _assert_repaired_by_next_reader(db: Path, doc_id: str, title: str, state: str) -> None:
    """After a kill: check reports the problem or is ok; then a search answers (repairing first); then check is ok."""
    code, report = check(db)
    # a kill before the swap leaves the old, complete index (and maybe `.new`), one after it the new one (and maybe
    # `.old`): either is complete; only between the renames is the index folder missing, which check must report
    assert code == (0 if state.startswith("index") else 1), (state, report)
    assert_finds_own_title(db, doc_id, title)
    assert_check_ok(db)


@pytest.mark.slow
@pytest.mark.data
def test_sigkill_during_reindex_is_repaired_by_the_next_command(base_store: BaseStore, tmp_path: Path) -> None:
    db = copy_store(base_store.db, tmp_path / "reindexed")
    doc_id, title = late_document(db, "UrinaryIncontinence.csv")
    t0 = time.perf_counter()
    done = subprocess.run(reindex_cmd(db), capture_output=True, text=True, timeout=120)
    baseline = time.perf_counter() - t0
    assert done.returncode == 0, done.stderr
    rng = random.Random(SEED + 1)
    killed, states = 0, Counter()
    for _ in range(REINDEX_KILLS):
        proc = subprocess.Popen(reindex_cmd(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=rng.uniform(0.3, 1.0) * baseline)  # past start-up, before a full run ends
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed += 1
        state = _index_state(db)
        states[state] += 1
        _assert_repaired_by_next_reader(db, doc_id, title, state)
    print(f"reindex kills: {killed} of {REINDEX_KILLS}, left behind: {dict(states)}")
    assert killed >= REINDEX_KILLS // 2, "reindex finished before most kills: the store is too small to test"
    assert _stats(db) == base_store.stats


# a command that SIGKILLs itself at one precise moment: lexical.rebuild builds `.new`, writes its
# medbrief-index.json, renames index -> .old and .new -> index, removes .old; then the outbox is cleared
KILL_AT = textwrap.dedent("""
    import os, pathlib, runpy, signal, sys
    from medbrief.store import Store, lexical
    from medbrief.store.records_db import RecordsDB
    where = sys.argv[1]

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if where == "between renames":
        rename = pathlib.Path.rename
        def rename_then_die(self, target):
            result = rename(self, target)
            if str(target).endswith(".index.old"):
                die()  # the index folder is gone; `.old` and a finished `.new` exist
            return result
        pathlib.Path.rename = rename_then_die
    elif where == "before new meta":
        write_meta = lexical.write_meta
        def die_before_new_meta(path, meta):
            if str(path).endswith(".index.new"):
                die()  # `.new` is built but unfinished (no medbrief-index.json); the index is untouched
            write_meta(path, meta)
        lexical.write_meta = die_before_new_meta
    elif where == "before outbox cleared":
        RecordsDB.clear_outbox = die  # the new index is in place and noted, its outbox rows still there
    elif where == "before index sync":
        sync = Store.sync_index
        # records and outbox committed, the index never told
        Store.sync_index = lambda self: die() if self.db.outbox() else sync(self)
    sys.argv = ["medbrief", *sys.argv[2:]]
    runpy.run_module("medbrief", run_name="__main__")
""")


def _killed_at(where: str, *args: str | Path) -> None:
    run = subprocess.run([sys.executable, "-c", KILL_AT, where, *map(str, args)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == -signal.SIGKILL, f"{args} was not killed at {where!r}: {run.stderr}"


def _reindex_killed_at(where: str, db: Path) -> None:
    _killed_at(where, "reindex", "--db", db)


@pytest.mark.slow
@pytest.mark.data
def test_sigkill_between_the_swap_renames_uses_the_finished_new_index(base_store: BaseStore, tmp_path: Path) -> None:
    """Was: the index folder lost between reindex's two renames, then an ingest: the index held only the new file."""
    db = copy_store(base_store.db, tmp_path / "swap")
    doc_id, title = late_document(db, "UrinaryIncontinence.csv")
    _reindex_killed_at("between renames", db)
    assert _index_state(db) == "new+old"
    code, report = check(db)
    assert code == 1 and report["index_error"], report  # the missing index is reported, not called healthy
    run, ids = search_ids(db, title)
    assert run.returncode == 0, run.stderr
    assert "new index was put in place" in run.stderr, run.stderr
    assert doc_id in ids[:3], ids
    assert _index_state(db) == "index"
    assert_check_ok(db)
    assert _stats(db) == base_store.stats


@pytest.mark.slow
@pytest.mark.data
def test_sigkill_before_the_new_index_is_finished_keeps_the_old_one(base_store: BaseStore, tmp_path: Path) -> None:
    db = copy_store(base_store.db, tmp_path / "unfinished")
    doc_id, title = late_document(db, "UrinaryIncontinence.csv")
    _reindex_killed_at("before new meta", db)
    assert _index_state(db) == "index+new"
    assert_check_ok(db)  # the old index is untouched and complete
    assert_finds_own_title(db, doc_id, title)
    done = subprocess.run(reindex_cmd(db), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _index_state(db) == "index"  # the next write removes the unfinished build
    assert_check_ok(db)

    # the same unfinished `.new` with the index folder already moved aside (`.old` only): the old one is restored
    _reindex_killed_at("between renames", db)
    (db.with_name(db.name + ".index.new") / "medbrief-index.json").unlink()
    run = medbrief("ask", "--db", db, "--json", SUMATRIPTAN_QUESTION)
    assert run.returncode == 0, run.stderr
    assert "previous index was restored" in run.stderr, run.stderr
    assert base_store.sumatriptan_label in {ref["doc_id"] for ref in run.json()["references"]}
    assert _index_state(db) == "index"
    assert_check_ok(db)


@pytest.mark.slow
@pytest.mark.data
def test_sigkill_before_the_outbox_is_cleared_is_not_reported_as_pending(base_store: BaseStore, parts: Parts,
                                                                          tmp_path: Path) -> None:
    """An ingest killed before it told the index (check: pending, the next reader applies it), then a reindex killed
    after its swap but before it cleared the outbox: the index is complete, and check must say so.

    Was: `check` kept reporting "100 record changes not yet applied to the index" (exit 1) although the index held
    every passage, and no search or ask cleared it (the fingerprint was equal)."""
    db = copy_store(base_store.db, tmp_path / "outbox")
    _killed_at("before index sync", "ingest", "--db", db, "-q", "--no-embed", *parts.c)
    code, report = check(db)
    assert code == 1 and report["pending_changes"] > 0 and report["missing_from_index"] > 0, report
    pending = report["pending_changes"]
    _reindex_killed_at("before outbox cleared", db)
    assert len(sqlite3.connect(str(db)).execute("SELECT seq FROM index_outbox").fetchall()) == pending
    assert_check_ok(db)
    doc_id, title = late_document(db, "Antihistamines.csv")
    assert_finds_own_title(db, doc_id, title)
    assert_check_ok(db)
