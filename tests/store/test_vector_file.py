"""The vectors file beside the store (issue 16 point 4): written by every writer, mapped by readers, never read
when it does not match the records (then the rows are decoded, said once, and the file rewritten when the write
lock is free)."""

from __future__ import annotations

import json
import os
import shutil
from collections import OrderedDict
from pathlib import Path

import pytest

pytest.importorskip("numpy")

import numpy as np

from medbrief import pipeline
from medbrief.parse import passages
from medbrief.retrieve.dense import HashEmbedder
from medbrief.settings import Settings
from medbrief.store import Store
from medbrief.store import vectors as vec
from medbrief.store.vectors import VectorStore, check_vector_file, load_matrix, matrix_for, vectors_path
from tests.conftest import FIXTURES, copy_of_store, make_doc

E = HashEmbedder(dim=64)


class Notes:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, message: str) -> None:
        self.notes.append(message)

    def progress(self, done: int, total: int) -> None:
        pass


@pytest.fixture(autouse=True)
def _fresh_process_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sees the vectors as a new process would: no cached matrix, nothing reported yet."""
    monkeypatch.setattr(vec, "_CACHE", OrderedDict())
    monkeypatch.setattr(vec, "_NOTED", set())


def _ingest_embedded(db: Path) -> None:
    pipeline.ingest(Settings.load(db=db), [FIXTURES / "openfda", FIXTURES / "pubmed"], embedder=E)


@pytest.fixture
def settings(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store of the openFDA and PubMed fixtures with E's vectors and their file (a copy of one built once per
    session)."""
    s = Settings.load(db=tmp_path / "store" / "medbrief.db")
    copy_of_store(tmp_path_factory, s.db_path, ("vector-file", E.name), _ingest_embedded)
    return s


def _reader(settings: Settings, notes: Notes | None = None) -> Store:
    vec._CACHE.clear()
    return Store(settings.db_path, reporter=notes)


def _searches(m: vec.VectorMatrix) -> list[list[tuple[str, float]]]:
    q = E.embed(["baclofen spasticity withdrawal"])[0]
    docs = sorted(set(m.doc_ids() if callable(m.doc_ids) else m.doc_ids))[:3]
    return [m.search(q, 10), m.search(q, 5, tiers=["label"]), m.search(q, 5, doc_ids=docs),
            sorted(m.cosines(q, m.pids[:7]).items())]


def test_ingest_writes_the_file_and_readers_map_it(settings: Settings) -> None:
    folder = vectors_path(settings.db_path)
    note = json.loads((folder / f"{E.name}.json").read_text())
    assert note["rows"] > 10 and note["dim"] == 64 and note["fingerprint"]["vectors_id"]
    notes = Notes()
    with _reader(settings, notes) as store:
        m = matrix_for(store, E.name)
        assert m.source == "file" and isinstance(m.vectors, np.ndarray) and m.size == note["rows"]
        decoded = load_matrix(store.db.conn, E.name)
        # the very same matrix, row for row, and the same answers
        assert m.pids == decoded.pids and np.array_equal(m.vectors, decoded.vectors)
        assert np.array_equal(m.tiers, decoded.tiers) and m.rows_of_doc == decoded.rows_of_doc
        assert _searches(m) == _searches(decoded)
        assert check_vector_file(store, E.name).ok
    assert notes.notes == []  # nothing decoded, nothing to say


def test_new_vectors_make_the_file_stale_and_a_reader_decodes_then_rewrites_it(settings: Settings) -> None:
    notes = Notes()
    with _reader(settings, notes) as store:
        before = matrix_for(store, E.name)
        # another model's vectors and a changed vector of this one, written as an old medbrief would (no file
        # upkeep): the triggers change the vectors id, so the note no longer matches
        h = before.pids[0]
        VectorStore(store.db.conn)
        row = store.db.conn.execute("SELECT text_hash FROM embeddings WHERE model = ? LIMIT 1", (E.name,)).fetchone()
        new = np.zeros(64, np.float32)
        new[0] = 1.0
        store.db.conn.execute("UPDATE embeddings SET vector = ? WHERE model = ? AND text_hash = ?",
                              (new.astype("<f2").tobytes(), E.name, row[0]))
        check = check_vector_file(store, E.name)
        assert check.state == "stale" and "older than the stored vectors" in check.reason
    with _reader(settings, notes) as store:
        m = matrix_for(store, E.name)
        assert m.source == "records"  # never the file's old vectors
        decoded = load_matrix(store.db.conn, E.name)
        assert np.array_equal(m.vectors, decoded.vectors) and not np.array_equal(m.vectors, before.vectors)
        assert h in m.pids
        assert len(notes.notes) == 1 and "older than the stored vectors" in notes.notes[0]
        assert "wrote the file" in notes.notes[0]
        matrix_for(store, E.name)
    assert len(notes.notes) == 1  # said once
    with _reader(settings, notes) as store:  # the next process maps the rewritten file
        m = matrix_for(store, E.name)
        assert m.source == "file" and np.array_equal(m.vectors, decoded.vectors)


def test_new_passages_make_the_file_stale(settings: Settings) -> None:
    with Store(settings.db_path, write=True) as store:
        doc = make_doc("pmid:777", text="Tizanidine lowers blood pressure.")
        store.db.begin()
        store.db.upsert(doc, passages(doc))
        store.db.commit()
        store.sync_index()
        assert "older than the passages" in check_vector_file(store, E.name).reason
        m = matrix_for(store, E.name)  # the writer itself decodes, and writes the file (it holds the lock)
        assert m.source == "records" and m.missing == 1 and m.missing_by_tier == {"research": 1}
    with _reader(settings) as store:
        m = matrix_for(store, E.name)
        assert m.source == "file" and m.missing == 1 and m.coverage(["research"])[1] - m.coverage(["research"])[0] == 1


def test_a_reader_never_writes_while_another_process_holds_the_lock(settings: Settings) -> None:
    with Store(settings.db_path, write=True) as writer:
        VectorStore(writer.db.conn).put(E.name, ["x" * 32], E.embed(["an orphan vector"]))
        notes = Notes()
        with _reader(settings, notes) as store:
            m = matrix_for(store, E.name)
            assert m.source == "records"
            assert "for this process" in notes.notes[0]
            assert check_vector_file(store, E.name).state == "stale"  # left for a writer


def test_a_damaged_or_half_replaced_file_is_never_used(settings: Settings) -> None:
    folder = vectors_path(settings.db_path)
    note_path = folder / f"{E.name}.json"
    note = json.loads(note_path.read_text())
    # the current note names a build whose files are gone: damage, not a writer replacing it (the note is
    # renamed only after its build is written)
    note_path.write_text(json.dumps({**note, "build": "000000000000"}))
    notes = Notes()
    with _reader(settings, notes) as store:
        assert matrix_for(store, E.name).source == "records"
        assert "its matrix is missing" in notes.notes[0] and "replaced while read" not in notes.notes[0]
    # garbage in the note's place
    vec._NOTED.clear()
    note_path.write_text("{not json")
    with _reader(settings, notes) as store:
        assert check_vector_file(store, E.name).state == "damaged"
        assert matrix_for(store, E.name).source == "records"
    # arrays of the wrong length under a matching note
    with _reader(settings) as store:
        assert matrix_for(store, E.name).source == "file"  # rewritten by the reader above
        note = json.loads(note_path.read_text())
        base = folder / f"{E.name}.{note['build']}"
        np.save(f"{base}.npy", np.zeros((3, 64), np.float32))
        vec._CACHE.clear()
        assert matrix_for(store, E.name).source == "records"


def test_a_sibling_copys_file_is_not_taken_for_this_store(settings: Settings, tmp_path: Path) -> None:
    """A copy of the store that took other changes has the same generation but another write id: its file does
    not fit this store even with equal counts."""
    other = Settings.load(db=tmp_path / "copy" / "medbrief.db")
    other.db_path.parent.mkdir()
    shutil.copy(settings.db_path, other.db_path)
    shutil.copytree(settings.db_path.with_name("medbrief.db.index"), other.db_path.with_name("medbrief.db.index"))
    for s, text in ((settings, "Dantrolene one."), (other, "Dantrolene two.")):
        with Store(s.db_path, write=True) as store:
            doc = make_doc("pmid:888", text=text)
            store.db.begin()
            store.db.upsert(doc, passages(doc))
            store.db.commit()
            store.sync_index()
            store.sync_vectors()
    shutil.rmtree(vectors_path(settings.db_path))
    shutil.copytree(vectors_path(other.db_path), vectors_path(settings.db_path))
    with _reader(settings) as store:
        check = check_vector_file(store, E.name)
        assert check.state == "stale" and "older than the passages" in check.reason


def test_writers_keep_one_build_and_no_temporary_files(settings: Settings) -> None:
    pipeline.ingest(settings, [FIXTURES / "fhir"], embedder=E)
    pipeline.embed(settings, embedder=E)
    pipeline.reindex(settings)
    names = sorted(os.listdir(vectors_path(settings.db_path)))
    assert len(names) == 5 and not [n for n in names if ".tmp" in n], names
    with _reader(settings) as store:
        assert check_vector_file(store, E.name).ok


def test_check_reports_the_vectors_file(settings: Settings) -> None:
    from typer.testing import CliRunner

    from medbrief.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["check", "--db", str(settings.db_path), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["vector_files"] == [{"model": E.name, "state": "ok", "reason": ""}]
    (vectors_path(settings.db_path) / f"{E.name}.json").unlink()
    res = runner.invoke(app, ["check", "--db", str(settings.db_path)])
    assert res.exit_code == 0  # reported, not a fault: readers decode the rows meanwhile
    assert f"vectors file ({E.name}): missing" in res.stdout


def test_a_file_that_cannot_be_written_does_not_fail_the_writer(settings: Settings) -> None:
    """Something else where the folder belongs (or a full disk): the ingest succeeds, says so, and searches decode."""
    folder = vectors_path(settings.db_path)
    shutil.rmtree(folder)
    folder.write_text("not a folder")
    notes = Notes()
    report = pipeline.ingest(settings, [FIXTURES / "fhir"], embedder=E, reporter=notes)
    assert report.documents_seen > 0
    assert any("could not be written" in n for n in notes.notes)
    with Store(settings.db_path, reporter=notes) as store:
        assert check_vector_file(store, E.name).state == "damaged"
        m = matrix_for(store, E.name)
        assert m.source == "records" and m.size > 0


def test_a_reader_keeps_its_build_when_a_writer_replaces_it(settings: Settings) -> None:
    """A reader maps a build; a writer then writes a new one and removes the old files: the reader's searches,
    restricted to documents too, still answer from the build it opened."""
    with _reader(settings) as store:
        m = matrix_for(store, E.name)
        assert m.source == "file"
        with Store(settings.db_path, write=True) as writer:
            VectorStore(writer.db.conn).put(E.name, ["y" * 32], E.embed(["another orphan vector"]))
            assert writer.sync_vectors() == [E.name]
        q = E.embed(["baclofen"])[0]
        some_docs = sorted({p.rsplit("#", 1)[0] for p in m.pids})[:4]
        assert m.search(q, 3, doc_ids=some_docs)  # the removed build's document ids, read from the open file


def test_two_open_stores_of_one_database_each_keep_their_matrix(settings: Settings) -> None:
    """The HTTP service reads through a pool of open stores: requests alternating between two connections must
    not rebuild the matrix each time (one shared cache entry did, since its fingerprint names the connection)."""
    a, b = _reader(settings), Store(settings.db_path)
    try:
        first_a, first_b = matrix_for(a, E.name), matrix_for(b, E.name)
        for _ in range(3):
            assert matrix_for(a, E.name) is first_a
            assert matrix_for(b, E.name) is first_b
    finally:
        a.close()
        b.close()


# -- issue 16: a damaged or reordered file is found by `check` and never searched -----------------------------
def _build(settings: Settings) -> tuple[Path, dict]:
    folder = vectors_path(settings.db_path)
    note = json.loads((folder / f"{E.name}.json").read_text())
    return folder / f"{E.name}.{note['build']}", note


def _renote(settings: Settings, kind: str, path: Path) -> None:
    """Rewrite the note's size and digest of one file so that it matches what is there now (a forged note)."""
    import hashlib

    note_path = vectors_path(settings.db_path) / f"{E.name}.json"
    note = json.loads(note_path.read_text())
    data = path.read_bytes()
    note["files"][kind] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    note_path.write_text(json.dumps(note))


def _check(settings: Settings) -> tuple[int, dict, str]:
    from typer.testing import CliRunner

    from medbrief.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["check", "--db", str(settings.db_path), "--json"])
    text = runner.invoke(app, ["check", "--db", str(settings.db_path)])
    assert text.exit_code == res.exit_code
    return res.exit_code, json.loads(res.stdout)["vector_files"][0], text.stdout


def _decoded_searches(settings: Settings) -> list[list[tuple[str, float]]]:
    with _reader(settings) as store:
        return _searches(load_matrix(store.db.conn, E.name))


def test_the_note_records_each_files_size_and_digest(settings: Settings) -> None:
    import hashlib

    base, note = _build(settings)
    for kind, suffix in vec._FILES.items():
        data = Path(f"{base}{suffix}").read_bytes()
        assert note["files"][kind] == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    code, v, text = _check(settings)
    assert code == 0 and v["state"] == "ok" and "vectors file" in text


@pytest.mark.parametrize("damage", ["truncated", "random", "same-size", "no-pids", "no-docs", "reversed-pids"])
def test_check_reports_a_damaged_file_and_readers_decode_instead(settings: Settings, damage: str) -> None:
    """The tester's cases (issue 16): `check` said "ok" for each, and a reversed id list changed search results."""
    base, _note = _build(settings)
    npy = Path(f"{base}.npy")
    pids_path = Path(f"{base}.pids.json")
    if damage == "truncated":
        npy.write_bytes(npy.read_bytes()[:-100])
    elif damage == "random":
        npy.write_bytes(os.urandom(300))
    elif damage == "same-size":  # other values, same size and shape: only the full digest sees it
        arr = np.load(npy)
        np.save(npy, arr[::-1].copy())
    elif damage == "no-pids":
        pids_path.unlink()
    elif damage == "no-docs":
        Path(f"{base}.docs.json").unlink()
    else:
        pids_path.write_text(json.dumps(list(reversed(json.loads(pids_path.read_text())))))
    code, v, text = _check(settings)
    assert v["state"] in ("damaged", "wrong") and v["reason"], v
    assert f"vectors file ({E.name}): {v['state']}" in text
    expected = {"no-pids": "its passage-id list is missing", "no-docs": "its document-id list is missing",
                "reversed-pids": "its passage-id list does not match its note",
                "same-size": "its matrix does not match its note"}.get(damage, "its matrix")
    assert expected in v["reason"], v["reason"]
    # exit 1 only for what a reader would use (documented in docs/cli.md): the same-size matrix
    assert code == (1 if damage == "same-size" else 0)
    if damage == "same-size":
        return  # readers check the matrix's size only (hashing it costs ~0.3 s per process)
    notes = Notes()
    with _reader(settings, notes) as store:
        m = matrix_for(store, E.name)
        assert m.source == "records" and _searches(m) == _decoded_searches(settings)
        assert len(notes.notes) == 1 and "damaged" in notes.notes[0] and "replaced while read" not in notes.notes[0]
    # the reader rewrote it: check is ok again
    assert _check(settings)[:2] == (0, {"model": E.name, "state": "ok", "reason": ""})


def test_the_issue_example_reversed_ids_never_change_search_results(settings: Settings) -> None:
    with _reader(settings) as store:
        before = _searches(matrix_for(store, E.name))
    base, _note = _build(settings)
    pids_path = Path(f"{base}.pids.json")
    pids = json.loads(pids_path.read_text())
    pids_path.write_text(json.dumps(list(reversed(pids))))
    with _reader(settings) as store:
        m = matrix_for(store, E.name)
        assert m.source == "records" and m.pids != list(reversed(pids))
        assert _searches(m) == before == _decoded_searches(settings)


@pytest.mark.parametrize("forgery", ["reversed", "other-build"])
def test_check_samples_rows_against_the_records_under_a_forged_note(settings: Settings, tmp_path: Path,
                                                                    forgery: str) -> None:
    """Ids that pass the note's digest (recomputed) but do not belong to the rows: only the row sample sees it."""
    base, _note = _build(settings)
    pids_path = Path(f"{base}.pids.json")
    pids = json.loads(pids_path.read_text())
    if forgery == "reversed":
        forged = list(reversed(pids))
    else:  # the id list of another build (the store with more documents), cut to this file's row count
        other = Settings.load(db=tmp_path / "other" / "medbrief.db")
        pipeline.ingest(other, [FIXTURES / "openfda", FIXTURES / "pubmed", FIXTURES / "fhir"], embedder=E)
        obase, _ = _build(other)
        forged = json.loads(Path(f"{obase}.pids.json").read_text())[: len(pids)]
        assert len(forged) == len(pids) and forged != pids
    pids_path.write_text(json.dumps(forged))
    _renote(settings, "pids", pids_path)
    code, v, text = _check(settings)
    assert code == 1 and v["state"] == "wrong" and "does not match the records" in v["reason"], v
    assert "problems found" in text
    pipeline.reindex(settings)  # repairs it, as the message says
    assert _check(settings)[:2] == (0, {"model": E.name, "state": "ok", "reason": ""})


def test_check_sample_finds_a_single_swapped_pair(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a sample as large as the file every row is compared: one swapped pair of ids is enough."""
    monkeypatch.setattr(vec, "CHECK_SAMPLE", 10_000)
    base, _note = _build(settings)
    pids_path = Path(f"{base}.pids.json")
    pids = json.loads(pids_path.read_text())
    with _reader(settings) as store:
        vectors = load_matrix(store.db.conn, E.name).vectors
    i = next(j for j in range(1, len(pids)) if not np.array_equal(vectors[0], vectors[j]))
    pids[0], pids[i] = pids[i], pids[0]
    pids_path.write_text(json.dumps(pids))
    _renote(settings, "pids", pids_path)
    code, v, _text = _check(settings)
    assert code == 1 and v["state"] == "wrong", v
