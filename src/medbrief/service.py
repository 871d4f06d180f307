"""The operations every long-running interface offers (HTTP in server.py, MCP in mcp_server.py), over one store.

Neither interface imports the other: both import this module. It has no web framework in it.

Concurrency (issue 16 point 6). Requests run in parallel threads; nothing holds a lock while it reads the store:

- **Stores from a pool.** A request borrows an open `Store` (its own SQLite connection and tantivy index
  reader) from a free list, or opens one when none is free, and gives it back when done. Each store is used by
  one thread at a time, so no lock guards it; the pool grows to the number of requests in flight (the server's
  thread pool bounds it) and opened stores are reused, warm. The tantivy files are memory-mapped, so every
  reader shares the same pages.
- **Changes made by other processes are seen at once, cheaply.** Before each operation the service takes the
  store's *stamp*: the database file's identity (inode, device), `PRAGMA data_version` on a watcher connection
  (it changes with every commit by any other connection) and the identity of the index's note file
  (`medbrief-index.json`, replaced atomically on every index commit or rebuild): a few microseconds. When the
  stamp differs from the last one seen, one thread *refreshes*: it opens the store as `pipeline.open_store`
  does (the index fingerprint check and repair of issue 13, `Store.ensure_index`, ~3 ms) and bumps the pool's
  epoch, so stores opened before the change are closed instead of reused (a tantivy reader and a WAL read
  snapshot belong to the state they were opened on). Other threads do not wait
  for a refresh in progress (they answer from the state they have), except when there is no state yet.
- **A store deleted or replaced** under the server changes the stamp too: deleted, every operation answers
  StoreMissing (503) until it is back; replaced, the next operation refreshes onto the new file.
- **A damaged index met while reading** (IndexDamaged) is rebuilt once: the thread that met it takes the repair
  lock and the store's write lock (so neither another thread nor another process rebuilds at the same time),
  looks whether the index on disk is still the one its reader opened, rebuilds it only then (a thread that
  waited behind a rebuild finds a new index and just reopens), and runs the operation once more on a fresh store.
- **Writes.** The server never writes records; the only writes are index repairs, serialised by the repair lock
  in this process and by the store's write lock (store/lock.py) between processes.
- `/health` reads only the stamp and the counts cached with it: it never waits for an /ask, and after another
  process's ingest it reports the new counts (the stamp changed, so it counts again, on a store of its own).

**/ask in processes.** One process runs one thread of Python at a time (the GIL): threads overlap waits and
the short /search and /health, but /ask is CPU-bound Python, and while asks run in a server's threads every other
request of that process waits for the GIL (measured: /health p95 284 ms with 20 clients). `Service(settings,
ask_processes=N)` sends each /ask to a pool of N processes (spawned, each with its own Service and store pool),
which answer with the JSON bytes; the serving process then only reads small requests and forwards bytes, so
/search and /health never wait behind a brief, and /ask uses N cores. `ask_processes=0` (the default; MCP and
tests) answers in the calling thread.

`Service(settings, serialize=True)` restores the behaviour before issue 16 (every operation, /health included,
behind one lock) for `bench/load_server.py` to measure against; nothing else uses it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import errors, pipeline
from .errors import IndexDamaged, InvalidQuestion, MedbriefError, StoreError, StoreMissing
from .retrieve.question import MAX_QUESTION_CHARS, QUESTION_HINT
from .settings import Settings
from .store.faults import store_faults
from .store.lexical import META_FILE
from .store.vectors import has_vectors

if TYPE_CHECKING:
    from .store import Store

T = TypeVar("T")

MAX_K = 100
MODES = ("bm25", "dense", "hybrid")

Stamp = tuple[Any, ...]


@dataclass
class _Pooled:
    store: Store
    epoch: int  # the service's epoch when this store was opened
    index_id: Any  # the index note's identity then (what its tantivy reader reads)


class Service:
    """ask / search / document / health over the store of `settings`, safe to call from many threads at once.

    See the module docstring for how reads run in parallel and how changes on disk are followed. Errors are
    MedbriefErrors (StoreMissing, IndexStale, InvalidQuestion, UnknownDrug, ModeUnavailable, ...), mapped to
    statuses by the interfaces. `serialize=True`: every call behind one lock (the old behaviour; benchmarks only).
    """

    def __init__(self, settings: Settings, *, serialize: bool = False, ask_processes: int = 0) -> None:
        self.settings = settings
        self.ask_processes = max(0, ask_processes)
        self._executor: concurrent.futures.ProcessPoolExecutor | None = None
        self._serial: threading.RLock | None = threading.RLock() if serialize else None  # health() reads inside
        self._lock = threading.Lock()  # guards the fields below; held for list and field updates only
        self._free: list[_Pooled] = []
        self._epoch = 0
        self._stamp: Stamp | None = None  # the store's stamp at the last refresh (None: refresh before use)
        self._corpus: dict[str, Any] = {}  # /health's counts, read at the stamp `_corpus_stamp`
        self._corpus_stamp: Stamp | None = None
        self._counts_lock = threading.Lock()  # one count at a time (only /health waits for it)
        self._embedder: pipeline.Embedder | None = None
        self._hybrid = False  # the store holds vectors of the installed model and the model is installed
        self._refresh_lock = threading.Lock()  # one refresh at a time
        self._repair_lock = threading.Lock()  # one index rebuild at a time (per process; the write lock across)
        self._watch_lock = threading.Lock()  # the watcher connection (a few microseconds per use)
        self._watch: sqlite3.Connection | None = None
        self._watch_id: Any = None
        self.refreshes = 0  # how many times the store was (re)opened after a change (tests, logs)
        self.rebuilds = 0  # how many damaged-index rebuilds this service ran

    # -- the store's stamp: what changed since the last look ---------------------------------------------
    def _stamp_now(self) -> Stamp | None:
        """(db identity, data_version, index note identity), or None when there is no store file."""
        db = self.settings.db_path
        try:
            st = os.stat(db)
        except FileNotFoundError:
            return None
        except OSError:
            return ("unreadable",)  # let the open report what is wrong
        ident = (st.st_dev, st.st_ino)
        return (ident, self._data_version(ident), _index_id(db))

    def _data_version(self, ident: Any) -> int | None:
        with self._watch_lock:
            try:
                if self._watch is None or self._watch_id != ident:
                    if self._watch is not None:
                        self._watch.close()
                    self._watch = None
                    uri = self.settings.db_path.resolve().as_uri()
                    self._watch = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                                                  check_same_thread=False)
                    self._watch_id = ident
                return int(self._watch.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:
                # not a database, or unreadable: the refresh reports it properly (ForeignStore, DamagedStore...)
                if self._watch is not None:
                    self._watch.close()
                self._watch = None
                return None

    def _fresh(self, wait: bool = False) -> None:
        """Raise StoreMissing when the store is gone; refresh when it changed since the last look (see module).

        A thread that finds another one refreshing goes on with the current state, unless there is none yet
        or `wait` is set."""
        stamp = self._stamp_now()
        if stamp is None:
            self._forget()
            raise StoreMissing(f"no medbrief store at {self.settings.db_path}")
        if stamp == self._stamp:
            return
        if not self._refresh_lock.acquire(blocking=wait or self._stamp is None):
            return
        try:
            if stamp != self._stamp:
                self._refresh(stamp)
        finally:
            self._refresh_lock.release()

    def _refresh(self, stamp: Stamp) -> None:
        self._forget()
        store = pipeline.open_store(self.settings)  # ensure_index: repair when the index disagrees, or IndexStale
        try:
            stamp = self._stamp_now() or stamp  # the open may have repaired the index: its note changed
            if self._embedder is None:
                self._embedder = pipeline.embedder_for(store)  # loaded only for a store with its vectors
            hybrid = self._embedder is not None and has_vectors(store, self._embedder.name)
        except BaseException:
            store.close()
            raise
        with self._lock:
            self._epoch += 1
            self._hybrid = hybrid
            self._free.append(_Pooled(store, self._epoch, stamp[2]))
            self._stamp = stamp
            self.refreshes += 1

    def _forget(self) -> None:
        """Drop the state: the next operation refreshes; pooled stores are closed (those in use when returned)."""
        with self._lock:
            self._stamp = None
            self._epoch += 1
            stale, self._free = self._free, []
        for p in stale:
            p.store.close()

    # -- borrowing a store ------------------------------------------------------------------------------
    def _borrow(self) -> _Pooled:
        with self._lock:
            while self._free:
                p = self._free.pop()
                if p.epoch == self._epoch:
                    return p
                p.store.close()
            epoch = self._epoch
        # the refresh checked the index; a pooled store opens it lazily, without the check
        store = pipeline.open_store(self.settings, check_index=False)
        return _Pooled(store, epoch, _index_id(self.settings.db_path))

    def _give_back(self, p: _Pooled) -> None:
        with self._lock:
            if p.epoch == self._epoch:
                self._free.append(p)
                return
        p.store.close()

    @contextlib.contextmanager
    def _serialized(self) -> Iterator[None]:
        if self._serial is None:
            yield
        else:
            with self._serial:
                yield

    def read(self, fn: Callable[[Store], T]) -> T:
        """Run `fn(store)` on a store of its own (see the module docstring); the interfaces' one way in.

        Raises StoreMissing, IndexStale and other StoreErrors (the store is then reopened on the next call), and
        whatever `fn` raises. A damaged index met inside `fn` is rebuilt (once for all threads) and `fn` is run
        once more."""
        with self._serialized():
            self._fresh()
            p = self._borrow()
            try:
                with store_faults(self.settings.db_path):
                    try:
                        result = fn(p.store)
                    except IndexDamaged as exc:
                        p = self._rebuild_once(p, str(exc))
                        result = fn(p.store)
            except StoreError:
                p.store.close()
                self._forget()  # reopen next time: a `reindex` or an ingest may fix it meanwhile
                raise
            except BaseException:
                self._give_back(p)
                raise
            self._give_back(p)
            return result

    def _rebuild_once(self, p: _Pooled, reason: str) -> _Pooled:
        """Rebuild the index `p` found damaged, unless someone already did since `p` opened it; return a fresh
        store to retry on. The repair lock orders threads; the store's write lock orders processes."""
        store = p.store
        if store.read_only:  # nothing on disk can change: the store builds an index in memory for itself
            store.rebuild_damaged(reason)
            return p
        with self._repair_lock:
            store.lock.acquire()  # waits for a writer (StoreLocked after the timeout)
            try:
                if _index_id(self.settings.db_path) == p.index_id:  # still the damaged one: nobody rebuilt it
                    store.rebuild_damaged(reason)
                    self.rebuilds += 1
            finally:
                store.close()  # also releases the write lock
            self._forget()  # every reader reopens on the rebuilt index
            self._fresh(wait=True)
            return self._borrow()

    def close(self) -> None:
        """Close every pooled store (stores in use are closed when given back) and stop the ask processes; the
        next call reopens."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        self._forget()
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None

    # -- the operations -----------------------------------------------------------------------------------
    @staticmethod
    def check_question(question: str) -> None:
        """InvalidQuestion for an empty or over-long question (before any work is queued)."""
        # the CLI's limit and words (retrieve/question.py), so every interface refuses the same question alike
        if len(question) > MAX_QUESTION_CHARS:
            raise InvalidQuestion(f"the question is {len(question)} characters long; the limit is "
                                  f"{MAX_QUESTION_CHARS}", hint=QUESTION_HINT)
        if not question.strip():
            raise InvalidQuestion("the question is empty", hint=QUESTION_HINT)

    def start(self) -> None:
        """Start the ask processes now (each imports medbrief and opens the store) rather than on the first /ask."""
        if self.ask_processes:
            pool = self._pool()
            for _ in range(self.ask_processes):
                pool.submit(_worker_warm)

    def _pool(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # spawn, not fork: the serving process has threads (a forked child could inherit a held lock)
                self._executor = concurrent.futures.ProcessPoolExecutor(
                    self.ask_processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_worker_init, initargs=(self.settings,))
            return self._executor

    def submit_ask(self, question: str) -> concurrent.futures.Future[bytes]:
        """The Brief for a question as JSON bytes (the HTTP body), computed in an ask process: a future whose
        result raises the same MedbriefErrors as `ask`. Requires `ask_processes` > 0.

        When an ask process dies (killed, out of memory) the pool is broken and every brief it held fails with
        it, not only the dying process's: each is asked once more on a new pool (a brief only reads the store),
        and WorkerLost (HTTP 503, "ask again") is raised only when that fails too."""
        self.check_question(question)
        outer: concurrent.futures.Future[bytes] = concurrent.futures.Future()
        self._submit(question, outer, retries=1)
        return outer

    def _submit(self, question: str, outer: concurrent.futures.Future[bytes], retries: int) -> None:
        pool = self._pool()
        try:
            inner = pool.submit(_worker_ask, question)
        except concurrent.futures.BrokenExecutor:
            self._reset_pool(pool)
            pool = self._pool()
            inner = pool.submit(_worker_ask, question)

        def done(f: concurrent.futures.Future[tuple[Any, ...]]) -> None:
            try:
                outer.set_result(_unwrap(f.result()))
            except concurrent.futures.BrokenExecutor as exc:
                self._reset_pool(pool)
                reason: BaseException = exc
                if retries > 0:
                    try:
                        self._submit(question, outer, retries - 1)
                        return
                    except BaseException as again:  # the new pool cannot even start: said as the loss
                        reason = again
                outer.set_exception(errors.WorkerLost(f"an ask process ended unexpectedly ({reason})"))
            except BaseException as exc:
                outer.set_exception(exc)

        inner.add_done_callback(done)

    def _reset_pool(self, broken: concurrent.futures.ProcessPoolExecutor) -> None:
        """Drop the `broken` pool (the next submit starts a new one); a pool already replaced is left alone, so the
        many briefs a lost process fails at once do not tear down the new pool one after another."""
        with self._lock:
            if self._executor is not broken:
                return
            self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def ask_json(self, question: str) -> bytes:
        """`ask` as the HTTP body: compact UTF-8 JSON (as starlette's JSONResponse renders it)."""
        if self.ask_processes:
            return self.submit_ask(question).result()
        return _json_bytes(self.ask(question))

    def ask(self, question: str) -> dict[str, Any]:
        """The Brief for a question, as its JSON contract (InvalidQuestion, UnknownDrug, store errors); computed
        in this thread (see `submit_ask` for the ask processes)."""
        self.check_question(question)
        return self.read(lambda s: pipeline.ask_store(s, question, embedder=self._embedder_if_hybrid())
                         .to_json_dict())

    def _embedder_if_hybrid(self) -> pipeline.Embedder | None:
        return self._embedder if self._hybrid else None

    def search(self, query: str, tier: str | None = None, k: int = 10, mode: str | None = None) -> dict[str, Any]:
        """Ranked passages, as `medbrief search --json` prints them: `{"query", "tier", "mode", "hits"}`.

        `mode` as the CLI's `--mode`: None is hybrid when the store holds vectors of the installed model and the
        model is installed, else BM25; an explicit `dense` / `hybrid` the store cannot serve raises
        ModeUnavailable (ModelUnavailable without the dense extra), never a silent BM25."""
        if tier is not None and tier not in pipeline.TIERS:
            raise InvalidQuestion(f"tier must be one of {', '.join(pipeline.TIERS)}")
        if mode is not None and mode not in MODES:
            raise InvalidQuestion(f"mode must be one of {', '.join(MODES)}")
        if not 1 <= k <= MAX_K:
            raise InvalidQuestion(f"k must be between 1 and {MAX_K}")

        tiers = [tier] if tier else None

        def run(s: Store) -> tuple[str, str | None, list[Any]]:
            used, embedder, note = pipeline.resolve_mode(s, mode, tiers, default_model=self._embedder_if_hybrid,
                                                         model=self._model)
            hits = pipeline.search_store(s, query, tiers=tiers, k=k,  # type: ignore[arg-type]
                                         mode=used, embedder=embedder)  # type: ignore[arg-type]
            return used, note, hits

        used, note, hits = self.read(run)
        out: dict[str, Any] = {"query": query, "tier": tier, "mode": used, "hits": [pipeline.hit_dict(h) for h in hits]}
        if note:
            out["note"] = note
        return out

    def _model(self) -> pipeline.Embedder:
        """The installed embedding model, loaded once (ModelUnavailable without the dense extra)."""
        if self._embedder is None:
            with self._refresh_lock:
                if self._embedder is None:
                    self._embedder = pipeline.default_embedder()
        return self._embedder

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A document with its passages, or None."""
        return self.read(lambda s: pipeline.get_document_store(s, doc_id))

    def document_page(self, offset: int, n: int) -> tuple[list[str], dict[str, str]]:
        """Document ids `offset`..`offset + n` in id order, and their titles (the MCP resources listing)."""
        def page(store: Store) -> tuple[list[str], dict[str, str]]:
            ids = store.db.document_ids()[offset: offset + n]
            return ids, {i: d.title for i, d in store.db.documents(ids).items()}
        return self.read(page)

    def health(self) -> dict[str, Any]:
        """`{"status": "ok", "corpus": {documents, passages, by_tier, built}}`: the store's counts now.

        Borrows no store and waits for no other request: it looks at the stamp (microseconds) and, only when the
        store changed since the last look, refreshes the counts first. Raises StoreMissing / IndexStale. No
        store path: whoever can reach the port learns nothing of the filesystem."""
        with self._serialized():
            self._fresh()
            stamp = self._stamp
            if stamp is None or self._corpus_stamp != stamp:
                # counted only for /health (about 0.1 s on the demo store), not on every refresh: an ingest in
                # another process changes the stamp with every batch it commits
                with self._counts_lock:
                    if stamp is None or self._corpus_stamp != stamp:
                        corpus = self.read(lambda s: {**s.db.counts(),
                                                      "built": s.db.build_info().get("last_ingest")})
                        self._corpus, self._corpus_stamp = corpus, stamp
            return self._health_body(self._corpus)

    def health_if_current(self) -> dict[str, Any] | None:
        """`health()` when the store has not changed since its counts were read (no I/O beyond two stats and one
        PRAGMA; an event loop may call it), else None: then call `health()` from a thread (it counts again)."""
        if self._serial is not None:
            return None
        stamp = self._stamp_now()
        if stamp is None or stamp != self._stamp or stamp != self._corpus_stamp:
            return None
        return self._health_body(self._corpus)

    @staticmethod
    def _health_body(c: dict[str, Any]) -> dict[str, Any]:
        return {
            "status": "ok",
            "corpus": {
                "documents": sum(c.get("documents", {}).values()),
                "passages": sum(c.get("passages", {}).values()),
                "by_tier": c.get("documents", {}),
                "built": c.get("built"),
            },
        }

    # kept for callers of the interface before issue 16 (mcp_server's resources listing, tests)
    def _with_store(self, fn: Callable[[Store], T]) -> T:
        return self.read(fn)


def _index_id(db_path: os.PathLike[str] | str) -> Any:
    """The identity of the index's note file (replaced on every index commit and rebuild), None when absent."""
    from .store import index_path

    try:
        st = os.stat(index_path(Path(db_path)) / META_FILE)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


# -- the ask processes ------------------------------------------------------------------------------------------
_WORKER: Service | None = None


def _worker_init(settings: Settings) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server stops the pool
    _WORKER = Service(settings)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """End this ask process when the server is gone, whatever way it ended (SIGTERM, SIGKILL, a crash): an
    orphan would go on composing the briefs still queued for nobody."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _worker_warm() -> None:
    assert _WORKER is not None
    with contextlib.suppress(MedbriefError):  # no store yet: the first /ask says so
        _WORKER.health()


def _worker_ask(question: str) -> tuple[Any, ...]:
    """("ok", JSON bytes) or ("error", class name, message, hint): a MedbriefError crosses the process boundary
    as its parts (an exception with keyword-only arguments does not unpickle)."""
    assert _WORKER is not None
    try:
        return ("ok", _json_bytes(_WORKER.ask(question)))
    except MedbriefError as exc:
        return ("error", type(exc).__name__, str(exc), exc.hint)


def _unwrap(result: tuple[Any, ...]) -> bytes:
    if result[0] == "ok":
        return result[1]  # type: ignore[no-any-return]
    _, name, message, hint = result
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, MedbriefError)):
        cls = MedbriefError
    try:
        exc = cls(message, hint=hint)
    except TypeError:  # an error class with another signature
        exc = MedbriefError(message, hint=hint)
    raise exc
