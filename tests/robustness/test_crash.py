"""Crash safety: SIGKILL `medbrief ingest` at seeded random moments; the store always opens intact, the
index agrees with the records once the outbox is replayed, and a final re-run ends exactly where an
uninterrupted run does."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from medbrief.store import Store
from tests.conftest import shared_data

from .helpers import medbrief

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
