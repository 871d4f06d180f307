"""Small stores of real data for the concurrency and kill tests (test_concurrency.py, test_crash.py).

Part A: the first openFDA zip members, plus the zip's first sumatriptan label, plus the first records of
Triptans.csv; part B: the next members plus the first records of UrinaryIncontinence.csv (its last file, whose
documents are the "late" ones); part C: records of Antihistamines.csv, a new file for a store whose index was
damaged. Small, so that a part ingests in a couple of seconds. Every command runs as `python -m medbrief`
in a subprocess, as an operator would run it.
"""

from __future__ import annotations

import csv
import itertools
import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import shared_data

from .helpers import Run, medbrief

PART_LABELS = 15  # openFDA members per part (~1,000 passages)
CSV_ROWS = {"Triptans.csv": 200, "UrinaryIncontinence.csv": 150, "Antihistamines.csv": 100}  # the first records
SUMATRIPTAN_QUESTION = "what are the side effects of sumatriptan"


@dataclass(frozen=True)
class Parts:
    a: list[Path]
    b: list[Path]
    c: list[Path]


@dataclass(frozen=True)
class BaseStore:
    """A store holding parts A then B, ingested one after the other (the sequential run)."""

    db: Path
    stats: dict
    sumatriptan_label: str  # doc id of the sumatriptan label (only in part A)


def _is_sumatriptan_label(raw: bytes) -> bool:
    if b"SUMATRIPTAN" not in raw:
        return False
    results = json.loads(raw).get("results") or [{}]
    return any("SUMATRIPTAN" in g for g in results[0].get("openfda", {}).get("generic_name", []))


def make_parts(tmp_path_factory: pytest.TempPathFactory) -> Parts:
    data = shared_data()
    src_zip = data / "labels" / "openfda_luckygood" / "openfda-drug-label-cache.zip"
    csv_dir = data / "pubmed" / "cohen2006_drug_class_reviews"
    csvs = tuple(CSV_ROWS)
    if not src_zip.is_file() or not all((csv_dir / c).is_file() for c in csvs):
        pytest.skip(f"openFDA zip / Cohen CSVs not found under {data} (set MEDBRIEF_DATA)")
    d = tmp_path_factory.mktemp("parts")
    with zipfile.ZipFile(src_zip) as zin:
        infos = sorted(zin.infolist(), key=lambda i: i.filename)
        a_members = infos[:PART_LABELS]
        b_members = infos[PART_LABELS : 2 * PART_LABELS]
        # the example drug: a sumatriptan label that only part A carries
        suma = next((i for i in infos[2 * PART_LABELS :] if _is_sumatriptan_label(zin.read(i))), None)
        if suma is not None:
            a_members = [*a_members, suma]
        for name, members in (("part-a.zip", a_members), ("part-b.zip", b_members)):
            with zipfile.ZipFile(d / name, "w", zipfile.ZIP_DEFLATED) as zout:
                for info in members:
                    zout.writestr(info.filename, zin.read(info))
    for name, rows in CSV_ROWS.items():  # same file names: the reader may take the review's name from it
        with open(csv_dir / name, newline="", encoding="utf-8") as fin, \
                open(d / name, "w", newline="", encoding="utf-8") as fout:
            writer = csv.writer(fout)
            for row in itertools.islice(csv.reader(fin), rows + 1):  # + the header
                writer.writerow(row)
    return Parts(a=[d / "part-a.zip", d / csvs[0]], b=[d / "part-b.zip", d / csvs[1]], c=[d / csvs[2]])


def ingest_cmd(db: Path, inputs: list[Path]) -> list[str]:
    return [sys.executable, "-m", "medbrief", "ingest", "--db", str(db), "-q", "--no-embed", *map(str, inputs)]


def reindex_cmd(db: Path) -> list[str]:
    return [sys.executable, "-m", "medbrief", "reindex", "--db", str(db)]


def ingest(db: Path, inputs: list[Path]) -> None:
    done = subprocess.run(ingest_cmd(db, inputs), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def stats(db: Path) -> dict:
    run = medbrief("stats", "--db", db, "--json")
    assert run.returncode == 0, run.stderr
    data = run.json()
    return {k: data[k] for k in ("documents", "passages", "sources", "skipped")}


def check(db: Path) -> tuple[int, dict]:
    """`medbrief check --json`: (exit code, report); never a traceback, whatever the store's state."""
    run = medbrief("check", "--db", db, "--json")
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode in (0, 1), run.stderr
    report = run.json()
    assert report["ok"] == (run.returncode == 0), report
    return run.returncode, report


def assert_check_ok(db: Path) -> dict:
    code, report = check(db)
    assert code == 0 and report["ok"], report
    assert report["passages"] == report["index_entries"] > 0, report
    return report


def search_ids(db: Path, query: str, k: int = 10, *args: str) -> tuple[Run, list[str]]:
    run = medbrief("search", "--db", db, "--json", "-k", str(k), *args, query)
    assert "Traceback" not in run.stderr, run.stderr
    hits = run.json()["hits"] if run.returncode == 0 else []
    return run, [h["doc_id"] for h in hits]


def late_document(db: Path, origin_part: str) -> tuple[str, str]:
    """(id, title) of the last document stored from the file whose origin contains `origin_part`."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT id, title FROM documents WHERE origin LIKE ? AND length(title) > 40 ORDER BY rowid DESC LIMIT 1",
            (f"%{origin_part}%",)).fetchone()
    finally:
        conn.close()
    assert row, f"no document from {origin_part} in {db}"
    return row[0], row[1]


def assert_finds_own_title(db: Path, doc_id: str, title: str, top: int = 3) -> None:
    run, ids = search_ids(db, title)
    assert run.returncode == 0, run.stderr
    assert doc_id in ids[:top], f"{doc_id} ({title!r}) not in the top {top}: {ids}"


def copy_store(db: Path, dest: Path) -> Path:
    """A copy of the store folder of `db` (database, index, lock files) in `dest`; returns the new db path."""
    shutil.copytree(db.parent, dest)
    return dest / db.name


def build_base(parts: Parts, tmp_path_factory: pytest.TempPathFactory) -> BaseStore:
    db = tmp_path_factory.mktemp("base") / "medbrief.db"
    ingest(db, parts.a)
    ingest(db, parts.b)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id FROM documents WHERE tier='label' AND title LIKE '%umatriptan%' "
                           "ORDER BY id LIMIT 1").fetchone()
    finally:
        conn.close()
    if row is None:
        pytest.skip("no sumatriptan label in the openFDA zip: the issue's example cannot be replayed")
    return BaseStore(db=db, stats=stats(db), sumatriptan_label=row[0])
