"""The store: SQLite records (source of truth) plus the derived lexical index beside them.

    <db>            SQLite database (documents, passages, drug dictionary, outbox, skips)
    <db>.index/     tantivy index over passages, with medbrief-index.json (the records generation it applied)
    <db>.lock       the write lock (store/lock.py): one ingest / reindex / embed at a time
    <db>.vectors/   the passage vectors of each embedding model as memory-mapped arrays (store/vectors.py), kept in
                    step by `sync_vectors` after every write; a reader never uses one that does not match

The index must never silently disagree with the records. Every open compares a cheap fingerprint (the
records generation and passage count against the index's) and `ensure_index` repairs a difference: from the
outbox when it covers the gap, else by a rebuild, saying so through the Reporter. `check` compares every
passage id. Readers never wait for the write lock; they repair only when it is free.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from ..errors import IndexStale, ReadOnlyStore, StoreFull, StoreLocked
from .faults import store_faults
from .lexical import (
    INDEX_FORMAT,
    IndexMeta,
    LexicalIndex,
    failure_text,
    is_index_failure,
    query_terms,
    read_meta,
    rebuild,
    recover_swap,
    share_like,
    sibling,
    write_meta,
)
from .lock import DEFAULT_TIMEOUT, WriteLock
from .records_db import Change, FetchRecord, RecordsDB, StoredDocument, check_medbrief_file, content_hash

__all__ = ["Change", "CheckReport", "FetchRecord", "IndexCheck", "RecordsDB", "Reporter", "Store", "StoredDocument",
           "content_hash"]

log = logging.getLogger("medbrief.store")


CHECK_SAMPLE = 500  # passages `check` searches for by their own words (postings damage shows no other way)
_MEMORY = "<memory>"  # the marker of an index built in memory for a read-only store


def index_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".index")


class Reporter(Protocol):
    """Where the store says what it repairs (CLI: stderr and a progress bar; server: the log)."""

    def note(self, message: str) -> None: ...

    def progress(self, done: int, total: int) -> None: ...


class LogReporter:
    """The default Reporter: notes go to the `medbrief.store` logger, progress nowhere."""

    def note(self, message: str) -> None:
        log.warning("%s", message)

    def progress(self, done: int, total: int) -> None:
        pass


IndexState = Literal["ok", "unmarked", "behind", "mismatch", "ahead", "foreign", "missing", "damaged"]


@dataclass(frozen=True)
class IndexCheck:
    """The cheap records/index comparison made on every open.

    `state`: ok | unmarked (an index without medbrief-index.json: rebuilt, since nothing says what it holds) | behind
    (changes not yet applied; `replayable` when the outbox holds all of them) | mismatch | ahead | foreign |
    missing | damaged. `reason` is a sentence for the user.
    """

    state: IndexState
    reason: str = ""
    replayable: bool = False

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    @property
    def usable(self) -> bool:
        """Searchable as it is (possibly behind the records): what a reader may use while a writer fixes it."""
        return self.state in ("ok", "unmarked", "behind", "mismatch")


@dataclass
class CheckReport:
    """`medbrief check`: SQLite's own checks plus every passage id compared between records and index."""

    db: str
    integrity: list[str] = field(default_factory=list)
    passages: int = 0
    index_entries: int = 0
    missing_from_index: list[str] = field(default_factory=list)
    not_in_records: list[str] = field(default_factory=list)
    duplicated_in_index: list[str] = field(default_factory=list)
    pending_changes: int = 0
    fingerprint: str = "ok"
    index_error: str | None = None
    sampled: int = 0  # passages searched for by their own words
    not_found_by_own_words: list[str] = field(default_factory=list)
    # each stored model's vectors file: {"model", "state": ok|missing|stale|damaged|wrong, "reason"}. Only "wrong"
    # is a problem: searches would use that file (its rows are not the records' vectors, which only check's full
    # digest and row sample see); a reader never uses a missing, stale or damaged one (it decodes the rows)
    vector_files: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.missing_from_index or self.not_in_records or self.duplicated_in_index
                    or self.pending_changes or self.index_error or self.not_found_by_own_words
                    or self.fingerprint != "ok" or any(v["state"] == "wrong" for v in self.vector_files))

    def to_dict(self, examples: int = 10) -> dict[str, Any]:
        return {
            "ok": self.ok, "db": self.db, "integrity": self.integrity, "passages": self.passages,
            "index_entries": self.index_entries,
            "missing_from_index": len(self.missing_from_index),
            "not_in_records": len(self.not_in_records),
            "duplicated_in_index": len(self.duplicated_in_index),
            "examples": {"missing_from_index": sorted(self.missing_from_index)[:examples],
                         "not_in_records": sorted(self.not_in_records)[:examples],
                         "duplicated_in_index": sorted(self.duplicated_in_index)[:examples],
                         "not_found_by_own_words": sorted(self.not_found_by_own_words)[:examples]},
            "pending_changes": self.pending_changes, "fingerprint": self.fingerprint,
            "index_error": self.index_error, "sampled": self.sampled,
            "not_found_by_own_words": len(self.not_found_by_own_words),
            "vector_files": self.vector_files,
        }


class Store:
    """Records and index opened together.

    `create=True` makes the store when absent; `write=True` (implied by create) takes the store's write lock for
    the life of the object, waiting up to `lock_timeout` seconds (StoreLocked after that). A store whose files
    cannot be written opens read-only (`read_only`): the index is then read from a private temporary copy
    (tantivy must write lock files even to read), and writes raise ReadOnlyStore.
    """

    def __init__(self, db_path: Path, *, create: bool = False, write: bool = False,
                 reporter: Reporter | None = None, lock_timeout: float = DEFAULT_TIMEOUT) -> None:
        self.db_path = db_path
        self.index_path = index_path(db_path)
        self.reporter: Reporter = reporter or LogReporter()
        self.lock = WriteLock(db_path, timeout=lock_timeout, on_wait=self.reporter.note)
        self._index: LexicalIndex | None = None
        self._index_copy: Path | None = None
        if create and not db_path.parent.exists():
            try:
                db_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ReadOnlyStore(f"cannot create the store folder {db_path.parent}: {exc.strerror or exc}") from exc
        if db_path.exists():
            check_medbrief_file(db_path)  # before the lock file: a foreign file's folder gets nothing of ours
        if (create or write) and (db_path.exists() or create):
            self.lock.acquire()
        try:
            with store_faults(db_path):  # WAL mode cannot even open when its -shm file finds no room
                self.db = RecordsDB(db_path, create=create)
        except BaseException:
            self.lock.release()
            raise
        self.read_only = self.db.read_only
        if self.read_only and write:
            self.close()
            raise ReadOnlyStore(f"{db_path} cannot be written: the file or its folder is read-only")

    # -- the index, opened on first use ---------------------------------------------------------
    @property
    def index(self) -> LexicalIndex:
        """The lexical index (raises ValueError from tantivy when it is damaged, IndexStale when it is missing)."""
        if self._index is None:
            self._index = self._open_index()
        return self._index

    def _open_index(self) -> LexicalIndex:
        if self.lock.held:
            return LexicalIndex(self.index_path)
        if not (self.index_path / "meta.json").is_file():
            if self.db.passage_count() == 0:  # nothing stored yet: an empty index in memory answers correctly
                return LexicalIndex.in_memory()
            raise IndexStale(f"the search index of {self.db_path} is missing")
        if self.read_only:
            copy = Path(tempfile.mkdtemp(prefix="medbrief-index-"))
            self._index_copy = copy
            try:
                shutil.copytree(self.index_path, copy, dirs_exist_ok=True)
            except (OSError, shutil.Error) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "some files are unreadable"
                return self._memory_index(f"the search index of {self.db_path} cannot be read here ({reason})")
            return LexicalIndex(copy, create=False)
        return LexicalIndex(self.index_path, create=False)

    def _memory_index(self, reason: str, why: str = "the store is read-only") -> LexicalIndex:
        """An index that cannot be used or repaired here (a read-only store, a full disk): build one in memory from
        the records for this process (says so)."""
        self.reporter.note(f"{reason}; {why}, so a temporary index is built in memory from the "
                           f"records ({self.db.passage_count():,} passages)")
        if self._index_copy is not None:
            shutil.rmtree(self._index_copy, ignore_errors=True)
        self._index_copy = Path(_MEMORY)
        index = LexicalIndex.in_memory()
        index.replace_documents([], self.db.iter_index_rows())
        index.commit()
        return index

    def _close_index(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
        if self._index_copy is not None:
            if self._index_copy.name != _MEMORY:
                shutil.rmtree(self._index_copy, ignore_errors=True)
            self._index_copy = None

    def close(self) -> None:
        self._close_index()
        self.db.close()
        self.lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keeping the index in step ---------------------------------------------------------------
    def _writing(self) -> _Writing:
        if self.read_only:
            raise ReadOnlyStore(f"{self.db_path} is read-only: the index cannot be changed here")
        return _Writing(self)

    def sync_index(self) -> int:
        """Apply pending record changes to the index; returns how many documents were re-indexed.

        Takes the write lock for the duration when this Store does not hold it (waiting like any writer)."""
        with self._writing():
            pending = self.db.outbox()
            if not pending:
                return 0
            doc_ids = list(dict.fromkeys(d for _, d in pending))
            # A full disk (tantivy flushing a segment, or the commit) raises StoreFull with the outbox untouched:
            # the records keep what the index did not get, and the next sync applies it.
            with store_faults(self.index_path, "search index"):
                for i in range(0, len(doc_ids), 2000):
                    chunk = doc_ids[i : i + 2000]
                    rows = [row for d in chunk for row in self.db.index_rows_of(d)]
                    self.index.replace_documents(chunk, rows)
                self.index.commit()
                # the index's own note of what it applied, written after its commit and before the outbox is
                # cleared: a crash in between replays the outbox (idempotent) or finds it already applied
                write_meta(self.index_path, IndexMeta(pending[-1][0], self.index.num_docs(), self.db.created(),
                                                  write_id=self.db.write_id()))
            share_like(self.db_path, self.index_path)
            with store_faults(self.db_path):
                self.db.clear_outbox(pending[-1][0])
            return len(doc_ids)

    def reindex(self, progress: Any = None) -> int:
        """Rebuild the lexical index from a snapshot of the records, whatever state the index folder is in
        (missing, damaged, half-swapped); returns the number of passages indexed. `progress(done, total)`."""
        with self._writing():
            self._close_index()
            recover_swap(self.index_path)
            total = self.db.passage_count()
            report = progress or self.reporter.progress
            self.db.conn.execute("BEGIN")  # a read snapshot: the rows and the generation belong together
            try:
                generation = self.db.generation()
                with store_faults(self.index_path, "search index"):
                    n = rebuild(self.index_path, self.db.iter_index_rows(),
                                IndexMeta(generation, 0, self.db.created()), lambda done: report(done, total))
            finally:
                self.db.conn.execute("COMMIT")
            share_like(self.db_path, self.index_path)
            self.db.clear_outbox(generation)
            return n

    def index_check(self) -> IndexCheck:
        """Compare the index's fingerprint with the records (two counts and a small JSON file); reads only."""
        generation, passages = self.db.generation(), self.db.passage_count()
        where = f"the search index of {self.db_path}"
        if os.path.lexists(self.index_path) and not self.index_path.is_dir():
            return IndexCheck("damaged", f"{where} is not a folder")
        if not (self.index_path / "meta.json").is_file() and self._index_copy is None:
            if passages == 0:
                return IndexCheck("ok")
            return IndexCheck("missing", f"{where} is missing")
        try:
            docs = self.index.num_docs()
            self.index.probe()  # reads a term dictionary, postings and a stored document of every segment
        except BaseException as exc:
            if not is_index_failure(exc):
                raise
            copy = str(self._index_copy) if self._index_copy is not None else None
            self._close_index()
            text = failure_text(exc).replace(copy, str(self.index_path)) if copy else failure_text(exc)
            return IndexCheck("damaged", f"{where} is damaged ({text})")
        if self._index_copy is not None and self._index_copy.name == _MEMORY:
            return IndexCheck("ok")  # a read-only store's index built in memory from these very records
        meta = read_meta(self.index_path)
        if meta is None:  # equal counts prove nothing (an index of a sibling copy of the store has them too)
            return IndexCheck("unmarked", f"{where} has no note of what it holds (made by an older medbrief, or the "
                                          "note was lost)")
        if meta.store_created != self.db.created() or meta.format != INDEX_FORMAT:
            return IndexCheck("foreign", f"{where} was built for another store or by another medbrief version")
        write_id = self.db.write_id()
        if meta.generation == generation and meta.write_id and write_id and meta.write_id != write_id:
            # same store, same number of changes, other changes: an index copied from a sibling copy of the store
            return IndexCheck("foreign", f"{where} was built from another copy of this store")
        if meta.generation > generation:
            return IndexCheck("ahead", f"{where} is newer than the records (a restored or replaced database?)")
        if meta.generation < generation:
            unapplied = self.db.conn.execute(
                "SELECT count(*) FROM index_outbox WHERE seq > ?", (meta.generation,)).fetchone()[0]
            return IndexCheck("behind", f"{where} is {generation - meta.generation:,} changes behind the records",
                              replayable=unapplied == generation - meta.generation)
        if docs != passages:
            return IndexCheck("mismatch", f"{where} holds {docs:,} passages where the records hold {passages:,}")
        return IndexCheck("ok")

    def ensure_index(self) -> IndexCheck:
        """Make the index agree with the records, or say why it cannot; returns the check it started from.

        Repairs (outbox replay, or a rebuild with progress) only with the write lock: held by this Store, or free
        right now. While another process writes, a usable index is used as it is (that writer brings it in
        step); for a missing or damaged one it waits for the lock like a writer (saying whom for), then repairs
        what is still wrong; IndexStale naming the writer after the lock timeout. A read-only store is never changed:
        a usable index is used with a note, else IndexStale."""
        check = self.index_check()
        leftovers = any(sibling(self.index_path, s).exists() for s in ("new", "old"))  # an interrupted rebuild's
        if check.ok and not leftovers:
            return check
        if self.read_only:
            if not check.ok:
                self._close_index()
                self._index = self._memory_index(check.reason)
            return check
        took = False
        if not self.lock.held:
            took = self.lock.try_acquire()
            if not took:
                if check.usable:  # (leftovers may be a rebuild in progress: never touched without the lock)
                    return check
                # nothing to answer from: wait for the writer (often another reader repairing it), then look again
                try:
                    self.lock.acquire()
                except StoreLocked as exc:
                    raise IndexStale(f"{check.reason}, and {self.lock.owner()} is still writing the store",
                                     hint="try again when it finishes (or run `medbrief reindex` then)") from exc
                took = True
        try:
            self._repair()
        except StoreFull as exc:
            if not took:
                raise  # a writer: its command cannot go on
            full = exc  # a reader: answer all the same, below
        else:
            full = None
        finally:
            if took:
                self._close_index()  # opened under the lock; reopen as a plain reader
                self.lock.release()
        if full is not None:
            self._index = self._memory_index(str(full), why="there is no room to repair it on disk")
        return check

    def _repair(self) -> None:
        said = recover_swap(self.index_path)
        if said:
            self._close_index()
            self.reporter.note(said)
        check = self.index_check()  # again: another process may have repaired it while we waited
        if check.ok:
            return
        if check.replayable:
            n = self.sync_index()
            if self.index_check().ok:
                self.reporter.note(f"{check.reason}: applied the {n:,} pending document changes")
                return
        self.reporter.note(f"{check.reason}; rebuilding it from the records ({self.db.passage_count():,} passages)")
        self.reindex()

    def rebuild_damaged(self, reason: str) -> None:
        """Rebuild an index found damaged while reading it (IndexDamaged), taking the write lock like a writer
        (StoreLocked after the timeout); a read-only store cannot be rebuilt (IndexStale)."""
        if self.read_only:
            self._close_index()
            self._index = self._memory_index(reason)
            return
        self.reporter.note(f"{reason}; rebuilding it from the records ({self.db.passage_count():,} passages)")
        self.reindex()

    def require_index(self) -> None:
        """Raise IndexStale unless the index agrees with the records or can be used while a writer fixes it."""
        self.ensure_index()

    def sync_vectors(self, rebuild: bool = False) -> list[str]:
        """Rewrite every stored model's vectors file that does not match the records (store/vectors.py), or every
        one with `rebuild` (reindex: also a file only `check` finds wrong), under the write lock (taken, waiting
        like any writer, when this Store does not hold it); returns the models written.

        A file that cannot be written (full disk, a non-folder in its place) is said through the reporter and
        left: the records are complete, and readers decode the vectors from them until a later write succeeds."""
        from .vectors import sync_vector_files, vectors_path

        with self._writing():
            try:
                return sync_vector_files(self, rebuild)
            except OSError as exc:
                self.reporter.note(f"the vectors file {vectors_path(self.db_path)} could not be written "
                                   f"({exc.strerror or exc}); searches decode the vectors from the records until "
                                   "the next ingest, embed or reindex writes it")
                return []

    def vector_file_checks(self, deep: bool = False) -> list[dict[str, str]]:
        """The state of each stored model's vectors file: from the notes only (`stats`), or with `deep` (`check`)
        every data file's digest and a sample of rows against the records (store/vectors.py check_vector_file)."""
        from .vectors import check_vector_file, stored_models

        return [{"model": c.model, "state": c.state, "reason": c.reason}
                for c in (check_vector_file(self, m, deep) for m in stored_models(self.db.conn))]

    def consistent(self) -> bool:
        """True when the index holds exactly one entry per stored passage and nothing is pending."""
        counts = self.db.counts()["passages"]
        return not self.db.outbox() and self.index.num_docs() == sum(counts.values())

    def check(self) -> CheckReport:
        """Full comparison for `medbrief check`: integrity_check, foreign keys, every passage id both ways."""
        report = CheckReport(db=str(self.db_path), integrity=self.db.integrity_problems())
        report.vector_files = self.vector_file_checks(deep=True)
        records = self.db.passage_ids()
        report.passages = len(records)
        fingerprint = self.index_check()
        # pending = not yet applied: a process killed after the index noted generation N but before it cleared the
        # outbox leaves rows <= N behind, already in the index (replayed harmlessly and cleared by the next write)
        meta = read_meta(self.index_path) if fingerprint.state != "missing" else None
        applied = meta.generation if meta is not None else 0
        report.pending_changes = sum(1 for seq, _ in self.db.outbox() if seq > applied)
        report.fingerprint = fingerprint.state
        if fingerprint.state in ("missing", "damaged"):
            report.index_error = fingerprint.reason
            report.missing_from_index = records
            return report
        try:
            indexed = Counter(self.index.all_pids())
        except BaseException as exc:  # a damaged document-store block shows only when read (is_index_failure)
            if not is_index_failure(exc):
                raise
            self._close_index()
            report.index_error = f"the search index of {self.db_path} is damaged ({failure_text(exc)})"
            report.missing_from_index = records
            return report
        report.index_entries = sum(indexed.values())
        stored = set(records)
        report.missing_from_index = [p for p in records if p not in indexed]
        report.not_in_records = [p for p in indexed if p not in stored]
        report.duplicated_in_index = [p for p, n in indexed.items() if n > 1]
        # the postings themselves: a sample of passages must each be found by their own words
        sample = sorted(stored)[:: max(1, len(stored) // CHECK_SAMPLE)]
        try:
            for passage in self.db.passages_by_id(sample).values():
                if not query_terms(passage.text[:400]):
                    continue  # no word to search by (a dash, a table rule)
                if self.index.search(passage.text[:400], k=1, pids=[passage.id]) == []:
                    report.not_found_by_own_words.append(passage.id)
        except IndexStale as exc:  # IndexDamaged: a damaged block met while searching
            report.index_error = str(exc)
        report.sampled = len(sample)
        return report

    def size_bytes(self) -> int:
        files = [self.db_path, self.db_path.with_name(self.db_path.name + "-wal")]
        total = sum(f.stat().st_size for f in files if f.exists())
        for folder in (self.index_path, self.db_path.with_name(self.db_path.name + ".vectors")):
            if folder.is_dir():
                total += sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        return total

    def stats(self) -> dict[str, Any]:
        counts = self.db.counts()
        return {
            "documents": counts["documents"],
            "passages": counts["passages"],
            "sources": counts["sources"],
            "skipped": counts["skipped"],
            "db": str(self.db_path),
            "index": str(self.index_path),
            "size_bytes": self.size_bytes(),
            "built": self.db.build_info().get("last_ingest"),
        }


class _Writing:
    """Hold the write lock for one operation when the Store does not hold it already."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.took = False

    def __enter__(self) -> None:
        if not self.store.lock.held:
            self.store._close_index()  # reopen under the lock, as a writer
            self.store.lock.acquire()
            self.took = True

    def __exit__(self, *exc: object) -> None:
        if self.took:
            self.store._close_index()
            self.store.lock.release()
