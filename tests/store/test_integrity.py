"""The store never lies (issue 13): one writer at a time, an index that checks itself against the records and
repairs itself, `medbrief check`, interrupted swaps, read-only, foreign and damaged stores."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medbrief import pipeline
from medbrief.cli import app
from medbrief.errors import ForeignStore, ReadOnlyStore, StoreLocked
from medbrief.parse import passages
from medbrief.records import Document
from medbrief.settings import Settings
from medbrief.store import Store, lexical
from medbrief.store.lock import WriteLock
from tests.conftest import FIXTURES, copy_of_store, make_doc, read_only_mount

runner = CliRunner()


def _cli(*args: str | Path, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def _ingest_openfda(db: Path) -> None:
    res = _cli("ingest", "--db", db, "-q", "--no-embed", FIXTURES / "openfda")
    assert res.exit_code == 0, res.output


@pytest.fixture
def built(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the openFDA fixture labels, its index in step (a copy of one built once per session)."""
    db = tmp_path / "s" / "m.db"
    copy_of_store(tmp_path_factory, db, ("integrity-openfda",), _ingest_openfda)
    return db


def _check(db: Path) -> tuple[int, dict]:
    res = _cli("check", "--db", db, "--json")
    return res.exit_code, json.loads(res.stdout)


def _first_label_title(db: Path) -> tuple[str, str]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id, title FROM documents WHERE tier='label' ORDER BY id LIMIT 1").fetchone()
    finally:
        conn.close()


def _search_ids(db: Path, query: str) -> list[str]:
    res = _cli("search", "--db", db, "--json", "-k", "20", query)
    assert res.exit_code == 0, res.output
    return [h["doc_id"] for h in json.loads(res.stdout)["hits"]]


class _Notes:
    """A Reporter that keeps what the store says."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def note(self, message: str) -> None:
        self.said.append(message)

    def progress(self, done: int, total: int) -> None:
        pass


# -- the self-checking index --------------------------------------------------------------------------------
def test_a_deleted_index_is_rebuilt_by_the_next_ingest_not_left_holding_only_the_new_file(
        built: Path, fixtures: Path) -> None:
    doc_id, title = _first_label_title(built)
    shutil.rmtree(built.with_name("m.db.index"))
    res = _cli("ingest", "--db", built, "-q", "--no-embed", fixtures / "pubmed" / "articleset.xml")
    assert res.exit_code == 0, res.output
    assert "missing" in res.stderr and "rebuilding" in res.stderr  # it says so
    code, report = _check(built)
    assert code == 0 and report["ok"] and report["index_entries"] == report["passages"] > 0, report
    assert doc_id in _search_ids(built, title)  # the old label is found again, not only the new file


def _damage(index: Path, how: str) -> None:
    if how == "meta":
        (index / "meta.json").write_text("{garbage")
    elif how == "segment-deleted":
        next(index.glob("*.idx")).unlink()
    elif how == "segment-truncated":
        for f in index.glob("*.term"):
            os.truncate(f, f.stat().st_size // 2)
    elif how == "folder-deleted":
        shutil.rmtree(index)


@pytest.mark.parametrize("how", ["meta", "segment-deleted", "segment-truncated", "folder-deleted"])
def test_a_damaged_index_is_reported_by_check_and_repaired_by_search(built: Path, how: str) -> None:
    doc_id, title = _first_label_title(built)
    _damage(built.with_name("m.db.index"), how)
    code, report = _check(built)
    assert code == 1 and not report["ok"] and report["index_error"], report
    res = _cli("search", "--db", built, "--json", title)
    assert res.exit_code == 0, res.output
    assert "rebuilding" in res.stderr and "Traceback" not in res.output
    assert doc_id in [h["doc_id"] for h in json.loads(res.stdout)["hits"]]
    assert _check(built)[0] == 0


@pytest.mark.parametrize("how", ["meta", "segment-deleted", "segment-truncated", "folder-deleted"])
def test_reindex_works_whatever_state_the_index_folder_is_in(built: Path, how: str) -> None:
    _damage(built.with_name("m.db.index"), how)
    built.with_name("m.db.index.new").mkdir(exist_ok=True)  # and a half-built leftover beside it
    (built.with_name("m.db.index.new") / "junk").write_text("x")
    res = _cli("reindex", "--db", built)
    assert res.exit_code == 0, res.output
    assert _check(built)[0] == 0
    assert not built.with_name("m.db.index.new").exists()


def test_records_the_index_never_got_are_found_and_repaired(built: Path, fixtures: Path) -> None:
    # The concurrency fault, made by hand: records written, their outbox entries lost, the index behind.
    with Store(built, write=True) as store:
        before = store.db.generation()
        store.db.begin()
        from medbrief.ingest import IngestReport, _write
        from medbrief.sources.pubmed import read as read_pubmed

        data = (fixtures / "pubmed" / "articleset.xml").read_bytes()
        for doc in read_pubmed(data, "articleset.xml"):
            if isinstance(doc, Document):
                _write(store, doc, IngestReport())
        store.db.clear_outbox(10**9)
        store.db.commit()
        assert store.db.generation() > before
    code, report = _check(built)
    assert code == 1 and report["missing_from_index"] > 0 and report["fingerprint"] == "behind", report
    with Store(built) as store:
        check = store.ensure_index()  # the next open: not replayable from the outbox, so rebuilt
        assert check.state == "behind" and not check.replayable
    assert _check(built) == (0, _check(built)[1]) and _check(built)[1]["ok"]


def test_pending_outbox_is_replayed_on_open_and_said(built: Path) -> None:
    notes = _Notes()
    with Store(built, write=True) as store:
        doc_id = _first_label_title(built)[0]
        store.db.begin()
        store.db.replace_passages(doc_id, store.db.passages_of(doc_id)[:1])  # a change the index has not seen
        store.db.commit()
    with Store(built, reporter=notes) as store:
        check = store.ensure_index()
        assert check.state == "behind" and check.replayable
        assert store.index_check().ok and store.consistent()
    assert any("applied the 1 pending" in n for n in notes.said), notes.said


def _interrupt_rebuild_after(renames: int, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.rename
    calls = [0]

    def rename(self: Path, target: Path) -> Path:
        if calls[0] == renames:
            raise KeyboardInterrupt("killed during the swap")
        calls[0] += 1
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)


@pytest.mark.parametrize("renames, expect", [(1, "new index"), (0, "nothing to recover")])
def test_an_interrupted_swap_is_finished_on_the_next_open(built: Path, monkeypatch: pytest.MonkeyPatch,
                                                           renames: int, expect: str) -> None:
    index = built.with_name("m.db.index")
    with monkeypatch.context() as m:
        _interrupt_rebuild_after(renames, m)
        with pytest.raises(KeyboardInterrupt), Store(built, write=True) as store:
            store.reindex()
    if renames == 1:  # index -> .old done, .new -> index not: no index, a finished .new beside the old one
        assert not index.exists() and index.with_name("m.db.index.new").exists()
    res = _cli("search", "--db", built, "--json", _first_label_title(built)[1])
    assert res.exit_code == 0, res.output
    if renames == 1:
        assert "new index was put in place" in res.stderr
    assert _check(built)[0] == 0
    assert not index.with_name("m.db.index.old").exists() and not index.with_name("m.db.index.new").exists()


def test_an_unfinished_build_beside_a_missing_index_restores_the_old_one(built: Path) -> None:
    index = built.with_name("m.db.index")
    index.rename(index.with_name("m.db.index.old"))
    unfinished = index.with_name("m.db.index.new")
    unfinished.mkdir()
    (unfinished / "meta.json").write_text("{}")  # a build with no medbrief-index.json: never used
    with Store(built, write=True) as store:
        assert lexical.recover_swap(index) == "an index rebuild was interrupted; the previous index was restored"
        assert store.index_check().ok
    assert _check(built)[0] == 0


# -- one writer at a time, readers never blocked --------------------------------------------------------------
def test_a_second_writer_waits_names_the_holder_and_gives_up_after_the_timeout(built: Path) -> None:
    holder = WriteLock(built, command="medbrief ingest")
    assert holder.try_acquire()
    try:
        said = _Notes()
        t0 = time.monotonic()
        with pytest.raises(StoreLocked) as exc:
            Store(built, write=True, reporter=said, lock_timeout=0.5)
        assert time.monotonic() - t0 >= 0.5
        assert f"pid {os.getpid()} (medbrief ingest" in str(exc.value) and said.said and "waiting" in said.said[0]
        # readers go on meanwhile
        t0 = time.monotonic()
        hits = pipeline.search(Settings.load(db=built), _first_label_title(built)[1])
        assert hits and time.monotonic() - t0 < 5
        # the CLI: one line naming the holder, no traceback, non-zero
        res = _cli("reindex", "--db", built, env={"MEDBRIEF_LOCK_TIMEOUT": "0.3"})
        assert res.exit_code != 0 and "being written by pid" in res.stderr and "Traceback" not in res.output
    finally:
        holder.release()
    assert _cli("reindex", "--db", built).exit_code == 0  # free again


# -- foreign, damaged and read-only files ---------------------------------------------------------------------
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", ["sqlite", "text"])
def test_a_foreign_file_is_refused_and_never_modified(tmp_path: Path, fixtures: Path, kind: str) -> None:
    db = tmp_path / "app.db"
    if kind == "sqlite":
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO patients(name) VALUES ('x')")
        conn.commit()
        conn.close()
    else:
        db.write_text("not a database\n")
    before, listing = _digest(db), sorted(p.name for p in tmp_path.iterdir())
    for args in (("ingest", "--db", db, "-q", fixtures / "openfda"), ("search", "--db", db, "x"),
                 ("ask", "--db", db, "What is baclofen used for?"), ("reindex", "--db", db), ("check", "--db", db)):
        res = _cli(*args)
        assert res.exit_code != 0 and "not a medbrief store" in res.stderr and "Traceback" not in res.output, args
    assert _digest(db) == before and sorted(p.name for p in tmp_path.iterdir()) == listing
    with pytest.raises(ForeignStore):
        Store(db, create=True)


def test_a_damaged_database_is_one_line_with_what_to_do(built: Path) -> None:
    data = bytearray(built.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    built.write_bytes(bytes(data))
    for f in (built.with_name("m.db-wal"), built.with_name("m.db-shm")):
        f.unlink(missing_ok=True)
    res = _cli("search", "--db", built, "baclofen")
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "damaged" in res.stderr and "hint:" in res.stderr, res.stderr




def test_a_read_only_store_is_read_and_never_written(built: Path, fixtures: Path) -> None:
    with Store(built) as store:  # WAL content checkpointed into the file, as a copied store would be
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    doc_id, title = _first_label_title(built)
    with read_only_mount(built.parent) as ro:
        db = ro / built.name
        assert doc_id in _search_ids(db, title)
        res = _cli("ask", "--db", db, "--json", "What is ibuprofen used for?")
        assert res.exit_code in (0, 2), res.output  # an answer (or an honest unknown drug), never a crash
        assert _cli("stats", "--db", db).exit_code == 0
        assert _check(db)[0] == 0
        res = _cli("ingest", "--db", db, "-q", fixtures / "pubmed")
        assert res.exit_code != 0 and "read-only" in res.stderr and "Traceback" not in res.output
        with pytest.raises(ReadOnlyStore):
            Store(db, write=True)
        # the HTTP API serves it too
        server = pytest.importorskip("medbrief.server")
        from fastapi.testclient import TestClient

        with TestClient(server.create_app(Settings.load(db=db), hosts=["testserver"])) as client:
            r = client.get("/search", params={"q": title})
            assert r.status_code == 200 and r.json()["hits"], r.text


def test_a_read_only_store_without_a_usable_index_answers_from_one_built_in_memory(built: Path) -> None:
    with Store(built) as store:
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    doc_id, title = _first_label_title(built)
    shutil.rmtree(built.with_name("m.db.index"))
    with read_only_mount(built.parent) as ro:
        res = _cli("search", "--db", ro / built.name, "--json", title)
        assert res.exit_code == 0, res.output
        assert "read-only" in res.stderr and "built in memory" in res.stderr
        assert doc_id in [h["doc_id"] for h in json.loads(res.stdout)["hits"]]


def test_a_store_built_by_one_user_is_read_by_another(built: Path) -> None:
    # Found by a fresh user: tantivy writes meta.json 0600, so another user could not read a root-built index.
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    assert _cli("reindex", "--db", built).exit_code == 0
    with Store(built) as store:
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for d in (built.parent, *built.parents):
        if d == Path("/") or d == Path(tempfile_root()):
            break
        os.chmod(d, os.stat(d).st_mode | 0o755)
    doc_id, title = _first_label_title(built)
    run = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m",
                          "medbrief", "search", "--db", str(built), "--json", title],
                         capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": "/tmp"})
    assert run.returncode == 0, run.stderr
    assert doc_id in [h["doc_id"] for h in json.loads(run.stdout)["hits"]]
    assert "in memory" not in run.stderr  # read from the index itself, not rebuilt


def tempfile_root() -> str:
    import tempfile

    return tempfile.gettempdir()


@pytest.mark.parametrize("what", ["file", "loop", "dangling"])
def test_something_else_where_the_index_folder_belongs_is_replaced(built: Path, what: str) -> None:
    index = built.with_name("m.db.index")
    shutil.rmtree(index)
    if what == "file":
        index.write_text("not an index")
    elif what == "loop":
        index.symlink_to(index)
    else:
        index.symlink_to(built.with_name("nowhere"))
    doc_id, title = _first_label_title(built)
    assert doc_id in _search_ids(built, title)
    assert _check(built)[0] == 0 and index.is_dir() and not index.is_symlink()
    assert _cli("reindex", "--db", built).exit_code == 0


def test_an_index_copied_from_a_sibling_copy_of_the_store_is_not_trusted(built: Path, fixtures: Path,
                                                                           tmp_path: Path) -> None:
    # Found by a fresh user: two copies of one store, each ingesting another file, then one's index copied beside
    # the other: same creation time, generation and count, so every open said ok while searches missed documents.
    twin = tmp_path / "twin" / "m.db"
    shutil.copytree(built.parent, twin.parent)
    for db, text in ((built, "Zebulonide relieves cramps."), (twin, "Quorvane relieves itching.")):
        with Store(db, write=True) as store:  # one change each: the same generation, other content
            doc = make_doc("pmid:424242", text=text)
            store.db.begin()
            store.db.upsert(doc, passages(doc))
            store.db.commit()
            store.sync_index()
    with Store(built) as a, Store(twin) as b:
        assert a.db.generation() == b.db.generation() and a.db.write_id() != b.db.write_id()
    shutil.rmtree(twin.with_name("m.db.index"))
    shutil.copytree(built.with_name("m.db.index"), twin.with_name("m.db.index"))
    res = _cli("search", "--db", twin, "--json", "Quorvane itching")
    assert res.exit_code == 0 and "another copy of this store" in res.stderr, res.stderr
    assert "pmid:424242" in [h["doc_id"] for h in json.loads(res.stdout)["hits"]]  # its own document, found
    assert _check(twin)[0] == 0


def test_damage_inside_the_term_dictionary_is_found_on_open_and_by_check(built: Path) -> None:
    # Found by a fresh user: bytes flipped inside the .term files passed the open and `check`, then searches died.
    index = built.with_name("m.db.index")
    for f in index.glob("*.term"):
        data = bytearray(f.read_bytes())
        for i in range(0, len(data), 97):
            data[i] ^= 0xFF
        f.write_bytes(bytes(data))
    code, report = _check(built)
    assert code == 1 and report["index_error"], report
    doc_id, title = _first_label_title(built)
    res = _cli("search", "--db", built, "--json", title)
    assert res.exit_code == 0 and "damaged" in res.stderr, res.output
    assert doc_id in [h["doc_id"] for h in json.loads(res.stdout)["hits"]]
    assert _check(built)[0] == 0


@pytest.mark.parametrize("target", ["/dev/null", "empty", "dir"])
def test_paths_that_are_no_store_are_refused_or_missing_and_never_written(tmp_path: Path, fixtures: Path,
                                                                          target: str) -> None:
    db = Path(target) if target.startswith("/") else tmp_path / "x.db"
    if target == "empty":
        db.write_bytes(b"")
    elif target == "dir":
        db.mkdir()
    res = _cli("search", "--db", db, "baclofen")
    assert res.exit_code in (1, 3) and "Traceback" not in res.output, res.output
    assert ("not a medbrief store" in res.stderr) if target != "empty" else ("no medbrief store" in res.stderr)
    if target != "empty":
        res = _cli("ingest", "--db", db, "-q", fixtures / "openfda")
        assert res.exit_code == 1 and "not a medbrief store" in res.stderr, res.output
        assert not Path(f"{db}.lock").exists() and not Path(f"{db}-journal").exists()


def test_a_reader_sees_one_state_of_the_records_while_a_writer_commits(built: Path, fixtures: Path) -> None:
    with Store(built) as reader:
        before = reader.db.counts()["documents"]
        with reader.db.snapshot():
            assert reader.db.counts()["documents"] == before
            res = _cli("ingest", "--db", built, "-q", "--no-embed", fixtures / "pubmed" / "articleset.xml")
            assert res.exit_code == 0, res.output  # the writer was not blocked by the open read
            assert reader.db.counts()["documents"] == before  # still the state of the first read
        assert reader.db.counts()["documents"]["research"] > before["research"]


def test_readers_meeting_a_missing_index_together_wait_for_the_one_repairing_it(built: Path) -> None:
    # Found by the kill tests: of three searches started together on a store whose index was deleted, the ones that
    # found another reader rebuilding it failed with "is missing, and pid N is writing the store".
    doc_id, title = _first_label_title(built)
    shutil.rmtree(built.with_name("m.db.index"))
    cmd = [sys.executable, "-m", "medbrief", "search", "--db", str(built), "--json", title]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert doc_id in [h["doc_id"] for h in json.loads(out)["hits"]]
    assert _check(built)[0] == 0


def test_an_index_without_its_note_is_rebuilt_not_trusted_for_its_counts(built: Path, tmp_path: Path) -> None:
    # Found by a second fresh user: a sibling copy's index with its note deleted had the same passage count, was
    # taken for an older medbrief's index, and answered with the other copy's text while `check` said ok.
    twin = tmp_path / "twin" / "m.db"
    shutil.copytree(built.parent, twin.parent)
    for db, text in ((built, "Zorblaxine relieves cramps."), (twin, "Quintaprol relieves itching.")):
        with Store(db, write=True) as store:
            doc = make_doc("pmid:515151", text=text)
            store.db.begin()
            store.db.upsert(doc, passages(doc))
            store.db.commit()
            store.sync_index()
    shutil.rmtree(twin.with_name("m.db.index"))
    shutil.copytree(built.with_name("m.db.index"), twin.with_name("m.db.index"))
    (twin.with_name("m.db.index") / "medbrief-index.json").unlink()
    code, report = _check(twin)
    assert code == 1 and report["fingerprint"] == "unmarked", report
    res = _cli("search", "--db", twin, "--json", "Quintaprol itching")
    assert res.exit_code == 0 and "no note of what it holds" in res.stderr, res.output
    assert "pmid:515151" in [h["doc_id"] for h in json.loads(res.stdout)["hits"]]
    assert _check(twin)[0] == 0


@pytest.mark.parametrize("what", ["fifo", "dir"])
def test_something_else_where_the_index_note_belongs_neither_hangs_nor_crashes(built: Path, fixtures: Path,
                                                                              what: str) -> None:
    note = built.with_name("m.db.index") / "medbrief-index.json"
    note.unlink()
    if what == "fifo":
        os.mkfifo(note)
    else:
        note.mkdir()
    doc_id, title = _first_label_title(built)
    res = subprocess.run([sys.executable, "-m", "medbrief", "search", "--db", str(built), "--json", title],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert doc_id in [h["doc_id"] for h in json.loads(res.stdout)["hits"]]
    assert _cli("ingest", "--db", built, "-q", "--no-embed", fixtures / "pubmed" / "articleset.xml").exit_code == 0
    assert _check(built)[0] == 0 and note.is_file()
