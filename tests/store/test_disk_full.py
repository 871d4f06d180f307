"""Issue 13 point 4, a full disk: one clear StoreFull naming the path, no traceback, nothing stored lost.

SQLITE_FULL is simulated without root through `PRAGMA max_page_count` (SQLite answers "database or disk is
full" as on a full disk). Where root may mount a small tmpfs, the real thing is tested too: SQLite filling
the disk, and the tantivy index commit hitting ENOSPC after the records committed, followed by the read
commands on that store.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medbrief.cli import app
from medbrief.errors import DamagedStore, ReadOnlyStore, StoreError, StoreFull, StoreLocked
from medbrief.ingest import run_ingest
from medbrief.store import Store, lexical
from medbrief.store.faults import is_disk_full, store_faults
from medbrief.store.records_db import RecordsDB
from tests.conftest import FIXTURES
from tests.robustness.helpers import medbrief

MORE = [FIXTURES / n for n in ("spl", "openfda", "medline_text", "tac")]
UNLIMITED = 2**31 - 2


def _page_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA page_count").fetchone()[0])


def _assert_whole(store: Store) -> None:
    """integrity_check and foreign_key_check pass, and the index holds exactly the stored passages."""
    assert store.db.integrity_ok()
    assert store.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store.sync_index()
    assert store.index.num_docs() == sum(store.db.counts()["passages"].values())
    assert store.consistent()


def test_disk_full_mapping() -> None:
    assert is_disk_full(sqlite3.OperationalError("database or disk is full"))
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(ValueError("Failed to open file for write: 'IoError { io_error: Custom { kind: StorageFull,"
                                   " error: Os { code: 28, message: \"No space left on device\" } } }'"))
    assert not is_disk_full(sqlite3.OperationalError("database is locked"))
    assert not is_disk_full(ValueError("LockBusy"))
    with pytest.raises(StoreFull, match=re.escape("/x/s.db")), store_faults(Path("/x/s.db")):
        raise OSError(errno.ENOSPC, "No space left on device")
    # other faults of the environment: each its own one-line StoreError naming the path; bugs pass through
    with pytest.raises(StoreError, match=re.escape("s.db could not be used: LockBusy")), store_faults(Path("/x/s.db")):
        raise ValueError("LockBusy")
    with pytest.raises(StoreLocked, match="locked by another program"), store_faults(Path("/x/s.db")):
        raise sqlite3.OperationalError("database is locked")
    with pytest.raises(DamagedStore, match="damaged"), store_faults(Path("/x/s.db")):
        raise sqlite3.DatabaseError("database disk image is malformed")
    with pytest.raises(ReadOnlyStore), store_faults(Path("/x/s.db")):
        raise sqlite3.OperationalError("attempt to write a readonly database")
    with pytest.raises(ValueError, match="a bug"), store_faults(Path("/x/s.db")):
        raise ValueError("a bug")
    with pytest.raises(sqlite3.ProgrammingError), store_faults(Path("/x/s.db")):
        raise sqlite3.ProgrammingError("Incorrect number of bindings")


@pytest.mark.slow  # 5-30 s on 2 cores: left to the full run (README: the fast subset)
def test_sqlite_full_mid_ingest_rolls_back_the_batch_only(tmp_path: Path) -> None:
    st = Store(tmp_path / "s.db", create=True)
    try:
        run_ingest(st, [FIXTURES / "pubmed"])
        before = set(st.db.document_ids())
        # room for about one more batch: SQLite says "database or disk is full" when the limit is reached
        st.db.conn.execute(f"PRAGMA max_page_count={_page_count(st.db.conn) + 2}")
        with pytest.raises(StoreFull) as caught:
            run_ingest(st, MORE, batch_size=2)
        message = str(caught.value)
        assert str(tmp_path / "s.db") in message and "database or disk is full" in message
        assert "free space" in (caught.value.hint or "")
        assert not st.db.conn.in_transaction  # the batch being written was rolled back
        after = set(st.db.document_ids())
        assert before <= after  # earlier records intact
        assert len(after - before) % 2 == 0  # only whole committed batches of 2 stayed
        _assert_whole(st)

        st.db.conn.execute(f"PRAGMA max_page_count={UNLIMITED}")  # room again: the same ingest completes
        run_ingest(st, MORE, batch_size=2)
        _assert_whole(st)
        with Store(tmp_path / "reference.db", create=True) as ref:  # the same inputs, never short of room
            run_ingest(ref, [FIXTURES / "pubmed"])
            run_ingest(ref, MORE, batch_size=2)
            assert st.db.document_ids() == ref.db.document_ids()
            assert st.db.counts()["passages"] == ref.db.counts()["passages"]
    finally:
        st.close()


def test_cli_reports_a_full_disk_in_one_line_without_traceback(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.db"
    st = Store(db, create=True)
    run_ingest(st, [FIXTURES / "pubmed"])
    limit = _page_count(st.db.conn) + 2
    st.close()
    real_begin = RecordsDB.begin

    def begin(self: RecordsDB) -> None:
        self.conn.execute(f"PRAGMA max_page_count={limit}")
        real_begin(self)

    monkeypatch.setattr(RecordsDB, "begin", begin)
    result = CliRunner().invoke(app, ["ingest", "--quiet", "--db", str(db), *map(str, MORE)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and not isinstance(result.exception, sqlite3.Error)
    first, *rest = result.stderr.replace("\n", " ").split("hint:")
    assert first.startswith("error: no space left on the disk holding the store") and str(db) in first.replace(" ", "")
    assert "free space" in rest[0] and "nothing already stored was lost" in rest[0]


def test_enospc_in_the_index_commit_keeps_the_outbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without root: tantivy's ENOSPC (a ValueError carrying the OS text) at the index commit after the records
    committed. The records stay, the outbox keeps what the index did not get, the next open catches up."""
    db = tmp_path / "s.db"
    with Store(db, create=True) as st:
        run_ingest(st, [FIXTURES / "pubmed"])
    real_commit = lexical.LexicalIndex.commit

    def commit(self: lexical.LexicalIndex) -> None:
        raise ValueError("Failed to open file for write: 'IoError { io_error: Custom { kind: StorageFull, error: "
                         "Os { code: 28, kind: StorageFull, message: \"No space left on device\" } } }'")

    monkeypatch.setattr(lexical.LexicalIndex, "commit", commit)
    with Store(db) as st:
        with pytest.raises(StoreFull, match=re.escape(f"search index {db.with_name('s.db.index')}")):
            run_ingest(st, MORE)
        pending = {d for _, d in st.db.outbox()}
        assert pending and pending <= set(st.db.document_ids())
    monkeypatch.setattr(lexical.LexicalIndex, "commit", real_commit)
    with Store(db) as st:
        _assert_whole(st)
        assert st.index.search("baclofen", k=100, doc_ids=sorted(pending))  # the late documents are searchable


# -- a real small filesystem (root with CAP_SYS_ADMIN only) ---------------------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs mounted at tmp_path/disk; skipped where mounting is not allowed."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(disk: Path, leave: int = 0) -> Path:
    """Write a file taking all free space of `disk` but `leave` bytes."""
    filler = disk / f"filler-{uuid.uuid4().hex}"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as fh:
        try:
            fh.write(b"\0" * max(0, free - leave))
            fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def _no_traceback(run_: object) -> None:
    rc, out, err = run_.returncode, run_.stdout, run_.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in out + err, err
    assert rc == 0 or err.startswith("error: "), err


@pytest.mark.slow  # 5-30 s on 2 cores: left to the full run (README: the fast subset)
def test_real_full_disk_during_sqlite_writes(small_disk: Path) -> None:
    db = small_disk / "s.db"
    with Store(db, create=True) as st:
        run_ingest(st, [FIXTURES / "pubmed"])
        before = set(st.db.document_ids())
    filler = _fill(small_disk, leave=1024 * 1024)
    with Store(db) as st, pytest.raises(StoreFull, match=re.escape(str(db))):
        run_ingest(st, MORE)
    _no_traceback(medbrief("ingest", "--quiet", "--db", db, *MORE))
    with Store(db) as st:
        assert before <= set(st.db.document_ids())
        _assert_whole(st)
    filler.unlink()
    with Store(db) as st:
        run_ingest(st, MORE)
        assert len(st.db.document_ids()) > len(before)
        _assert_whole(st)


@pytest.mark.slow  # 5-30 s on 2 cores: left to the full run (README: the fast subset)
def test_real_full_disk_during_the_index_commit(small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = small_disk / "s.db"
    with Store(db, create=True) as st:
        run_ingest(st, [FIXTURES / "pubmed"])
        before = set(st.db.document_ids())
    real_commit = lexical.LexicalIndex.commit
    fillers: list[Path] = []

    def commit(self: lexical.LexicalIndex) -> None:
        fillers.append(_fill(small_disk))  # the records committed; now the disk is full for the index
        real_commit(self)

    monkeypatch.setattr(lexical.LexicalIndex, "commit", commit)
    with Store(db) as st:
        with pytest.raises(StoreFull, match=re.escape(str(db.with_name("s.db.index")))) as caught:
            run_ingest(st, MORE)
        assert "search index" in str(caught.value)
        assert st.db.outbox()  # the records keep what the index did not get
        added = set(st.db.document_ids()) - before
        assert added
    monkeypatch.setattr(lexical.LexicalIndex, "commit", real_commit)

    # the disk still full: read commands answer or say so in one line, never a traceback
    fillers.append(_fill(small_disk))
    for args in (["search", "baclofen"], ["ask", "What is the dose of baclofen?"], ["stats"]):
        _no_traceback(medbrief(*args, "--db", db))
    # a little room (enough for SQLite's -shm, maybe not for the index): still no traceback
    for f in fillers:
        f.unlink()
    fillers = [_fill(small_disk, leave=48 * 1024)]
    for args in (["search", "baclofen"], ["ask", "What is the dose of baclofen?"]):
        _no_traceback(medbrief(*args, "--db", db))

    fillers[0].unlink()  # room again: the index catches up and agrees with the records
    search = medbrief("search", "--db", db, "baclofen")
    assert search.returncode == 0, search.stderr
    with Store(db) as st:
        assert added <= set(st.db.document_ids())
        _assert_whole(st)
        run_ingest(st, MORE)
        _assert_whole(st)
