"""Issue 13 point 3: one record that cannot be stored never sinks its batch.

A record whose splitting, revision comparison or insert raises is undone to its own savepoint and reported
(file, position, reason); the other records of the batch are stored and indexed. A reader failing mid-file
keeps what it already gave. A fault of the store itself (not of a record) still aborts the batch.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from medbrief import ingest
from medbrief.errors import StoreLocked
from medbrief.ingest import run_ingest
from medbrief.records import Document, SourceItem
from medbrief.store import Store
from tests.conftest import FIXTURES, make_doc

BAD = "guideline:test/bad"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = Store(tmp_path / "store" / "s.db", create=True)
    yield st
    st.close()


def _fake_reader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                 items: Callable[[], Iterator[SourceItem]]) -> Path:
    """One input file whose reader yields `items()` (records built in the test, as a reader would give);
    other files are read as usual."""
    path = tmp_path / "batch.txt"
    path.write_text("records built by the test\n")
    real = ingest._items
    monkeypatch.setattr(ingest, "_items", lambda leaf, data, as_guideline: (
        items() if leaf.origin == str(path) else real(leaf, data, as_guideline)))
    return path


def _docs(n: int, bad_at: int | None = None, **bad: Any) -> list[Document]:
    docs = [make_doc(f"guideline:test/doc{i}", tier="guideline", title=f"Guideline {i}",
                     text=f"Baclofen dose {i} is stated here. A second sentence for record {i}.", drugs=("baclofen",))
            for i in range(1, n + 1)]
    if bad_at is not None:
        docs[bad_at - 1] = make_doc(BAD, tier="guideline", title="Bad", text="Baclofen, the bad record.",
                                    **({"drugs": ("baclofen",)} | bad))
    return docs


def _rows_of(store: Store, doc_id: str) -> dict[str, int]:
    c = store.db.conn
    return {
        "documents": c.execute("SELECT count(*) FROM documents WHERE id=?", (doc_id,)).fetchone()[0],
        "passages": c.execute("SELECT count(*) FROM passages WHERE doc_id=?", (doc_id,)).fetchone()[0],
        "document_drugs": c.execute("SELECT count(*) FROM document_drugs WHERE doc_id=?", (doc_id,)).fetchone()[0],
        "index_outbox": c.execute("SELECT count(*) FROM index_outbox WHERE doc_id=?", (doc_id,)).fetchone()[0],
        "index": len(store.index.search("baclofen bad record", k=50, doc_ids=[doc_id])),
    }


def _assert_isolated(store: Store, report: ingest.IngestReport, origin: Path, reason: str) -> None:
    good = [f"guideline:test/doc{i}" for i in (1, 2, 4, 5)]
    assert set(store.db.document_ids()) == set(good)
    assert report.added == 4
    assert all(_rows_of(store, d)["passages"] > 0 and _rows_of(store, d)["index"] > 0 for d in good)
    assert _rows_of(store, BAD) == dict.fromkeys(("documents", "passages", "document_drugs", "index_outbox",
                                                  "index"), 0)
    [skip] = report.skipped
    assert (skip.origin, skip.position) == (str(origin), "record 3")
    assert BAD in skip.reason and reason in skip.reason
    assert store.db.conn.execute("SELECT origin, position FROM skips").fetchall() == [(str(origin), "record 3")]
    assert store.consistent() and store.db.integrity_ok()


def test_a_record_failing_half_way_through_its_insert_leaves_no_row(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a drug value SQLite cannot bind: the document and passage rows are written before the drug rows fail
    docs = _docs(5, bad_at=3, drugs=("baclofen", {"not": "a name"}))
    path = _fake_reader(monkeypatch, tmp_path, lambda: iter(docs))
    report = run_ingest(store, [path])
    _assert_isolated(store, report, path, "ProgrammingError")


class _FailingOutbox:
    """A connection that fails when queuing one document for the index: every other row of it is written."""

    def __init__(self, conn: sqlite3.Connection, doc_id: str) -> None:
        self._conn, self._doc_id = conn, doc_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if sql.startswith("INSERT INTO index_outbox") and tuple(params) == (self._doc_id,):
            raise RuntimeError("injected failure after the document, passages and drug links")
        return self._conn.execute(sql, params)


def test_a_record_failing_at_its_last_write_leaves_no_row(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _fake_reader(monkeypatch, tmp_path, lambda: iter(_docs(5, bad_at=3)))
    real = store.db.conn
    store.db.conn = _FailingOutbox(real, BAD)  # type: ignore[assignment]
    try:
        report = run_ingest(store, [path])
    finally:
        store.db.conn = real
    _assert_isolated(store, report, path, "RuntimeError: injected failure")


def test_a_record_whose_passage_split_raises_is_skipped(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _fake_reader(monkeypatch, tmp_path, lambda: iter(_docs(5, bad_at=3)))
    real_split = ingest.split_passages

    def split(doc: Document) -> Any:
        if doc.id == BAD:
            raise IndexError("split failed")
        return real_split(doc)

    monkeypatch.setattr(ingest, "split_passages", split)
    report = run_ingest(store, [path])
    _assert_isolated(store, report, path, "IndexError: split failed")


def test_a_reader_failing_mid_file_keeps_what_it_gave(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def items() -> Iterator[SourceItem]:
        yield from _docs(2)
        raise KeyError("ResourceType")  # a reader bug, not a ParseError

    path = _fake_reader(monkeypatch, tmp_path, items)
    report = run_ingest(store, [path, FIXTURES / "pubmed"])
    assert {"guideline:test/doc1", "guideline:test/doc2"} <= set(store.db.document_ids())
    assert any(d.startswith("pmid:") for d in store.db.document_ids())  # the next file of the batch went in
    [skip] = [s for s in report.skipped if s.origin == str(path)]
    assert skip.position == "record 3"
    assert "KeyError" in skip.reason and "ResourceType" in skip.reason and "2 read and kept" in skip.reason
    assert "Traceback" not in skip.reason
    assert store.consistent()


def test_a_store_fault_is_not_taken_for_a_bad_record(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a locked or damaged database must abort the batch, not skip every record of it and report success
    run_ingest(store, [FIXTURES / "pubmed"])
    before = store.db.document_ids()
    path = _fake_reader(monkeypatch, tmp_path, lambda: iter(_docs(5)))

    def upsert(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store.db, "upsert", upsert)
    with pytest.raises(StoreLocked, match="locked by another program"):
        run_ingest(store, [path])
    assert store.db.document_ids() == before
    assert store.db.conn.execute("SELECT count(*) FROM skips WHERE origin=?", (str(path),)).fetchone()[0] == 0


# -- the example: mixed version types of one id, in the same batch as good documents ------------------
def test_mixed_versions_of_one_id_never_sink_the_batch(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    same = {"tier": "guideline", "title": "Opioid guideline", "drugs": ("morphine",)}
    docs: list[Document] = [
        *_docs(2),
        make_doc("guideline:who/pain", version="A2", text="Version A2 of the guideline.", **same),
        make_doc("guideline:who/pain", version=None, text="A copy without a version.", **same),
        make_doc("guideline:cdc/opioidcds-03", version="2022.1.0", text="The FHIR copy.", **same),
        # a JSON copy whose version came through as a number
        make_doc("guideline:cdc/opioidcds-03", version=2022.1, text="The JSON lines copy.", **same),  # type: ignore[arg-type]
        *_docs(5)[2:],
    ]
    path = _fake_reader(monkeypatch, tmp_path, lambda: iter(docs))
    report = run_ingest(store, [path])
    assert report.skipped == []
    assert set(store.db.document_ids()) == {f"guideline:test/doc{i}" for i in range(1, 6)} | {
        "guideline:who/pain", "guideline:cdc/opioidcds-03"}
    assert store.db.document("guideline:who/pain").version == "A2"  # a version beats none
    assert store.db.document("guideline:cdc/opioidcds-03").version == "2022.1.0"  # 2022.1.0 > 2022.1
    assert store.consistent()


def test_fhir_version_beside_a_jsonl_copy_without_one(store: Store, tmp_path: Path) -> None:
    """Real files: the CDC PlanDefinition (version "2022.1.0") and a JSON-lines copy of the same id without a
    version, read in one batch with good guideline records."""
    jsonl = tmp_path / "cdc.jsonl"
    lines = [{"id": "opioidcds-03", "source": "cdc", "title": "Opioid CDS 03", "text": "A JSON lines copy."},
             {"id": "other", "source": "cdc", "title": "Another guideline", "text": "Baclofen text here."}]
    jsonl.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    report = run_ingest(store, [FIXTURES / "fhir" / "plandefinition.json", jsonl,
                                FIXTURES / "guideline_jsonl" / "guidelines.jsonl"])
    assert not [s for s in report.skipped if "cannot be stored" in s.reason]
    ids = set(store.db.document_ids())
    assert {"guideline:cdc/opioidcds-03", "guideline:cdc/other"} <= ids
    assert sum(d.startswith("guideline:nice/") or d.startswith("guideline:who/") for d in ids) == 2
    assert store.db.document("guideline:cdc/opioidcds-03").version == "2022.1.0"
    assert store.consistent()
